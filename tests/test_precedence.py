"""Precedence between rules (``Rule.yields_to``), settled in the engine's filter stage.

A rule that yields loses a finding whose source span overlaps a span flagged by
a rule it yields to. The grammar engines (CD801, CD802) yield to the house
placeholder and typography rules, so one defect gets one finding. Test-only
rules pin the mechanics without an engine; the last tests run Harper for real.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from copydesk.engine.config import Config
from copydesk.engine.lint import lint_article, lint_text
from copydesk.engine.rule import Rule, Severity, Violation
from copydesk.grammar.settings import GrammarSettings
from copydesk.model.article import Article
from copydesk.model.html import build_article
from copydesk.source.text import SourceText


class _Words(Rule):
    """Test-only rule: flags every match of ``pattern`` in the article's copy."""

    pattern: ClassVar[str]
    severity = Severity.WARNING
    summary = why = bad = good = "test"

    def check_article(self, article: Article) -> Iterator[Violation]:
        for block in article.copy_blocks():
            for match in re.finditer(self.pattern, block.text):
                yield self.violation(block, match.start(), match.end(), f"{self.code} {match.group()}")


class _Doubled(_Words):
    """Stands in for CD501 (its code, so suppressions can name it)."""

    code = "CD501"
    name = "test-doubled"
    category = "typography"
    pattern = r"\b(\w+) \1\b"


class _Engine(_Words):
    """Stands in for an engine rule that yields to CD501."""

    code = "CD998"
    name = "test-engine"
    category = "grammar"
    pattern = r"\bhis\b|\bbrother\b"
    yields_to = frozenset({"CD501"})


class _EngineByCategory(_Engine):
    code = "CD997"
    name = "test-engine-by-category"
    yields_to = frozenset({"typography"})


def _lint(html: str, *rules: Rule) -> list[tuple[str, str]]:
    article = build_article(SourceText(html))
    return [(f.rule, f.excerpt) for f in lint_article(article, Config(select=()), rules=list(rules))]


HTML = "<p>He saw his his brother.</p>"


def test_a_finding_overlapping_a_span_it_yields_to_is_dropped():
    # Both "his" overlap "his his"; "brother" shares no character with it and stays.
    assert _lint(HTML, _Doubled(), _Engine()) == [("CD501", "his his"), ("CD998", "brother")]


def test_order_of_the_rules_does_not_matter():
    assert _lint(HTML, _Engine(), _Doubled()) == _lint(HTML, _Doubled(), _Engine())


def test_a_rule_may_yield_to_a_category():
    assert _lint(HTML, _Doubled(), _EngineByCategory()) == [("CD501", "his his"), ("CD997", "brother")]


class _EngineAndHouse(_Engine):
    """Yields to its own category: a rule never gives way to itself."""

    code = "CD996"
    name = "test-engine-and-house"
    category = "typography"
    yields_to = frozenset({"typography"})


def test_a_rule_never_yields_to_itself():
    assert _lint(HTML, _EngineAndHouse()) == [("CD996", "his"), ("CD996", "his"), ("CD996", "brother")]
    # ... but to another rule of the category it names, it does.
    assert _lint(HTML, _Doubled(), _EngineAndHouse()) == [("CD501", "his his"), ("CD996", "brother")]


def test_adjacent_spans_do_not_overlap():
    # "his" right after "saw saw" shares no character with it.
    assert _lint("<p>I saw saw his book.</p>", _Doubled(), _Engine()) == [("CD501", "saw saw"), ("CD998", "his")]


def test_nothing_yields_to_a_rule_that_did_not_run():
    """A disabled house rule flags nothing: the yielding rule's findings all stand."""
    assert _lint(HTML, _Engine()) == [("CD998", "his"), ("CD998", "his"), ("CD998", "brother")]


def test_a_suppressed_span_still_counts_as_flagged():
    """Suppressing CD501 there is the editor's verdict on the span; the engine does not raise it again."""
    html = "<!-- copydesk: disable-next CD501 -->\n" + HTML
    assert _lint(html, _Doubled(), _Engine()) == [("CD998", "brother")]
    ignored = '<div data-copydesk-ignore="CD501">' + HTML + "</div>"
    assert _lint(ignored, _Doubled(), _Engine()) == [("CD998", "brother")]


# --- the grammar engine for real --------------------------------------------------------

REPEATED = "<html lang='en-US'><article><p>The minister said he saw his his brother on Tuesday.</p></article></html>"


def _config(tmp_path: Path, *select: str) -> Config:
    return Config(select=select, grammar=GrammarSettings(cache_dir=tmp_path / "cache"))


@pytest.fixture
def _harper() -> None:
    pytest.importorskip("harper")


@pytest.mark.usefixtures("_harper")
def test_the_engine_gives_way_to_cd501(tmp_path):
    findings = lint_text(REPEATED, _config(tmp_path, "CD8", "CD501"))
    assert [(f.rule, f.excerpt) for f in findings] == [("CD501", "his his")]


@pytest.mark.usefixtures("_harper")
def test_with_cd501_off_the_engine_reports_the_repeat(tmp_path):
    """A user who turned CD501 off still hears about "his his", from the grammar engine (CD802)."""
    findings = lint_text(REPEATED, _config(tmp_path, "CD8"))
    assert [(f.rule, f.excerpt) for f in findings] == [("CD802", "his his")]
    assert findings[0].message.startswith("[harper:")


@pytest.mark.usefixtures("_harper")
def test_with_cd501_suppressed_there_the_engine_stays_quiet(tmp_path):
    html = REPEATED.replace("<p>", "<!-- copydesk: disable-next CD501 --><p>")
    assert lint_text(html, _config(tmp_path, "CD8", "CD501")) == []
