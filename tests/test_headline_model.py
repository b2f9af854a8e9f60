"""The headline as a reader sees it (``Article.headline_element``) and CD601 on whole pages.

Each page of ``fixtures/headline/`` is one case. A page whose headline element
carries ``data-headline="yes"`` must have that element found as its headline
and no CD601 finding; a page without one must get CD601 exactly when it
declares itself a story (``site-title-only``: the site's name is no
headline) and never when it does not (``not-a-story``: a service page).
"""

from __future__ import annotations

import pytest
from copydesk.engine.config import Config
from copydesk.engine.lint import lint_source
from copydesk.model.html import build_article
from copydesk.source.text import SourceText

from .conftest import FIXTURES

PAGES = sorted((FIXTURES / "headline").glob("*.html"))
MUST_FLAG = {"site-title-only"}


def _source(path) -> SourceText:
    return SourceText.from_bytes(path.read_bytes(), str(path))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_headline_element_and_cd601(path):
    source = _source(path)
    article = build_article(source)
    findings = [f for f in lint_source(source, Config(select=("CD601",))).findings if f.rule == "CD601"]
    marked = "data-headline" in source.text
    if marked:
        assert article.headline_element is not None, path.name
        assert article.headline_element.get("data-headline") == "yes", article.headline_element.selector
        assert article.headline == article.headline_element.text
        assert not findings, findings
    elif path.stem in MUST_FLAG:
        assert article.headline_element is None
        assert len(findings) == 1, findings
    else:
        assert article.headline_element is None
        assert not article.declares_story
        assert not findings, findings


def test_headline_set_in_the_body_is_the_headline_block():
    """An ``<h2 class="entry-title">`` inside the body is the headline block, not a subheading."""
    article = build_article(_source(FIXTURES / "headline" / "h2-entry-title.html"))
    assert article.headline_block is not None
    assert article.headline_block.role == "headline"
    assert article.headline_block.text == "Council approves budget after long debate"


def test_teaser_headlines_of_other_stories_are_not_the_headline():
    html = (
        "<html><head><title>Council approves budget | The Ledger</title></head><body><article>"
        "<p>The council approved the budget on Tuesday after a long debate about schools and roads.</p></article>"
        "<div class='related'><h2 class='headline'>Library hours grow</h2></div></body></html>"
    )
    article = build_article(SourceText(html))
    assert article.headline_element is None
    assert article.declares_story
