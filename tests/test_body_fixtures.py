"""Body detection on the pages of ``fixtures/body/``: what a reader reads stays, site furniture goes.

Each page is one pattern of furniture that sits inside the story's container
under bare or random markup (a promo rail after a widget label, a label and its
links in one paragraph, content cards under a ``role=heading`` label, a teaser
grid under a label, an ad box, a link card, calls to action after the story),
written from the pattern, never copied from a page. Beside each, the near
misses a story really has: a one-link paragraph, a reading list of sources, a
subheading that reads like a label, a list, an embedded post, a photo linked to
its page, a developing story's sign-off, a label glued to its link (copy the
boilerplate rule reports).

Elements are marked ``data-body="keep"`` (every piece of their text must be in
the copy) or ``data-body="drop"`` (none of it may be).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from copydesk.model.html import build_article
from copydesk.source.text import SourceText

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "body"
PAGES = sorted(FIXTURES.glob("*.html"))


def _pieces(element) -> list[str]:
    """The element's text as its source strings (spacing between them is the reader's, not the test's)."""
    return [" ".join(piece.split()) for piece in element.stripped_strings if len(piece.strip()) >= 4]


def test_there_are_body_fixtures():
    assert len(PAGES) >= 5


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_body_fixture(page: Path):
    html = page.read_text(encoding="utf-8")
    article = build_article(SourceText(html))
    copy = [" ".join(block.text.split()) for block in article.copy_blocks()]
    marked = BeautifulSoup(html, "html.parser").find_all(attrs={"data-body": True})
    assert marked, "a body fixture marks what to keep and what to drop"
    for element in marked:
        for piece in _pieces(element):
            # A short piece is a word of its own ("Advert" is not in "Advertisement").
            word = re.compile(rf"(?<!\w){re.escape(piece)}(?!\w)" if len(piece) <= 6 else re.escape(piece))
            kept = any(word.search(text) for text in copy)
            if element["data-body"] == "keep":
                assert kept, f"{page.name}: story text dropped: {piece!r}"
            else:
                assert not kept, f"{page.name}: furniture read as copy: {piece!r}"
