"""Every rule runs in roughly linear time on hostile text.

Python's ``re`` backtracks, so one careless pattern can turn a 100,000-character
paragraph into minutes of CPU and stall a publishing pipeline. Each rule gets
the same hostile paragraphs (long runs of the characters rule patterns care
about) and must finish well within a generous bound. The bound is wall time on
a noisy machine, so it is set far above the expected milliseconds: what it
catches is quadratic or exponential behaviour, not slowness.
"""

from __future__ import annotations

import time

import pytest
from copydesk.engine.rule import all_rules
from copydesk.model.html import build_article
from copydesk.source.text import SourceText

SIZE = 100_000
BOUND_SECONDS = 10.0

HOSTILE = {
    "letters": "a" * SIZE,
    "words": "word " * (SIZE // 5),
    "capitals": "ABC " * (SIZE // 4),
    "camel": "aB" * (SIZE // 2),
    "open-quotes": "“" * SIZE,
    "straight-quotes": '"a ' * (SIZE // 3),
    "brackets": "[" * (SIZE // 2) + "]" * (SIZE // 2),
    "parens": "(" * SIZE,
    "braces": "{{" * (SIZE // 2),
    "dots": "." * SIZE,
    "ellipses": "… " * (SIZE // 2),
    "spaces": "a" + "\xa0 " * (SIZE // 2) + "b",
    "punctuation": " ," * (SIZE // 2),
    "tk": "TK " * (SIZE // 3),
    "xx": "XX " * (SIZE // 3),
    "phrases": "Update soon Also Read Related: " * (SIZE // 31),
    "credit": "(Credit: " * (SIZE // 9),
    "repeated": "the " * (SIZE // 4),
    "said": "said according to " * (SIZE // 18),
    "dollar-percent": "$XX %% ${ %% " * (SIZE // 12),
}


def _article(text: str):
    html = f"<h1>Headline here</h1><p>{text}</p><figure><img src='a.jpg' alt='{text[:2000]}'>"
    html += f"<figcaption>{text[:5000]}</figcaption></figure>"
    return build_article(SourceText(html.replace("<p>", "<p>", 1)))


ARTICLES = {name: _article(text) for name, text in HOSTILE.items()}


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_rule_is_bounded_on_hostile_text(code: str):
    rule = all_rules()[code]()
    slowest = ("", 0.0)
    for name, article in ARTICLES.items():
        started = time.perf_counter()
        list(rule.check(article))
        elapsed = time.perf_counter() - started
        if elapsed > slowest[1]:
            slowest = (name, elapsed)
    assert slowest[1] < BOUND_SECONDS, f"{code} took {slowest[1]:.1f}s on {slowest[0]!r}"
