"""One way to write a rule: a declared scope, walked by the engine, and one memo facility on the model."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from copydesk.engine.rule import ARTICLE, IMAGES, LINKS, Rule, Scope, Severity, Violation
from copydesk.model.article import Article, Block, Link
from copydesk.model.element import Element
from copydesk.model.html import build_article
from copydesk.source.text import SourceText

PAGE = """<html lang="en"><body><article><h1>Launch</h1>
<p>The rocket <a href="https://nasa.gov/launch">flew</a> on Tuesday.</p>
<figure><img src="pad.jpg" alt="The pad"><figcaption>The pad</figcaption></figure>
<ul><li>One item</li></ul>
<nav><a href="/home">Home</a></nav>
</article></body></html>"""


def _rule(scope: Scope, **methods: object) -> Rule:
    attributes = dict(
        code="CD998", name="probe", category="structure", severity=Severity.INFO, summary="s", why="w",
        bad="b", good="g", scope=scope, **methods,
    )  # fmt: skip
    return type("Probe", (Rule,), attributes)()


def _article() -> Article:
    return build_article(SourceText(PAGE, "page.html"))


def test_each_scope_hands_the_rule_its_pieces():
    seen: list[object] = []

    def block(self: Rule, block: Block, article: Article) -> Iterator[Violation]:
        seen.append(block.role)
        yield from ()

    def image(self: Rule, image: Element, article: Article) -> Iterator[Violation]:
        seen.append(image.get("src"))
        yield from ()

    def link(self: Rule, link: Link, article: Article) -> Iterator[Violation]:
        seen.append(link.href)
        yield from ()

    article = _article()
    list(_rule(Scope.blocks(("list-item",)), check_block=block).check(article))
    assert seen == ["list-item"]
    seen.clear()
    list(_rule(IMAGES, check_image=image).check(article))
    assert seen == ["pad.jpg"]
    seen.clear()
    list(_rule(LINKS, check_link=link).check(article))
    assert seen == ["https://nasa.gov/launch"]  # the nav link is chrome, not copy


def test_a_rule_without_the_method_its_scope_calls_says_so():
    with pytest.raises(NotImplementedError, match="CD998 has scope 'article' but no check_article"):
        list(_rule(ARTICLE).check(_article()))


def test_memo_computes_a_fact_once_per_object_and_keeps_it_there():
    article = _article()
    calls: list[int] = []

    def count() -> int:
        calls.append(1)
        return len(article.blocks)

    assert article.memo(count, count) == article.memo(count, count) == len(article.blocks)
    assert len(calls) == 1
    other = _article()
    other.memo(count, count)
    assert len(calls) == 2  # another article computes its own
    block = article.blocks[0]
    assert block.memo("words", lambda: 3) == 3 and block.memo("words", lambda: 4) == 3
