"""The editor report over a batch of articles, driven in headless Chromium (Playwright).

A desk's report holds hundreds of articles, so the page renders a section only
when it comes near the screen (``content-visibility``) and lays out its margin
notes then, not all at load. These tests prove what that must not break: notes
of a section far down the page are laid out without overlapping once the
editor gets there, ``j`` after following a summary link starts in that
article, repeated findings listed at the top filter and waive one by one, and
the page logs no error. A screenshot of the summary is saved for people to
look at.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from copydesk.frontends.cli import main

from .conftest import FIXTURES
from .report_browser_support import chromium, report_page

# Four pictures without alt text: one card at the top with four toggles.
GALLERY = (
    "<html><head><title>Flood gallery</title></head><body><article><h1>Flood gallery</h1>\n"
    + "".join(
        f'<p>Picture {n}: the river over the quay on Sunday, TK.</p><img src="flood-{n}.jpg">\n' for n in range(4)
    )
    + "</article></body></html>\n"
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report over every rule fixture, the seed article and the gallery: a small desk's day."""
    root = tmp_path_factory.mktemp("batch")
    (root / "gallery.html").write_text(GALLERY, encoding="utf-8")
    paths = [
        str(FIXTURES / "articles" / "nasa-japan-seed.html"),
        *sorted(str(path) for path in (FIXTURES / "rules").glob("*.html")),
        str(root / "gallery.html"),
    ]
    out = root / "report.html"
    result = CliRunner().invoke(
        main, ["check", "--format", "html", "-o", str(out), "--ignore", "CD8", *paths], catch_exceptions=False
    )
    assert out.exists(), result.output
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, report):
    """A fresh page on the report, failing the test on any console error or uncaught exception."""
    with report_page(browser, report, ready_state="attached") as pg:
        yield pg


def _settle(pg) -> None:
    """Let scrolling, intersection callbacks and two frames happen."""
    pg.wait_for_timeout(700)
    pg.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def test_far_sections_lay_out_their_notes_when_reached(page) -> None:
    sections = page.locator("section.article:has(.reading .ncell)")
    assert sections.count() > 20
    far = sections.nth(sections.count() - 1)
    far.scroll_into_view_if_needed()
    _settle(page)
    groups = far.evaluate(
        """s => { const r = s.querySelector('.reading');
             return [r.classList.contains('laid'), Array.from(r.querySelectorAll('.ncell')).map(c => {
               const a = c.firstElementChild.getBoundingClientRect(), b = c.lastElementChild.getBoundingClientRect();
               return [a.top, b.bottom];})]; }"""
    )
    laid, boxes = groups
    assert laid, "the section's notes were never laid out"
    for (_, bottom), (top, _) in itertools.pairwise(boxes):
        assert top >= bottom, boxes
    # The first section (far off screen now) was laid out at load and kept its layout.
    assert page.locator("section.article .reading").first.evaluate("r => r.classList.contains('laid')")


def test_j_after_a_summary_link_starts_in_that_article(page) -> None:
    page.keyboard.press("j")
    _settle(page)
    first = page.locator("li.note.current").get_attribute("id")
    assert first == page.locator("li.note").first.get_attribute("id")
    rows = page.locator("#summary tbody tr")
    row = rows.nth(rows.count() - 5)
    target = (row.locator("a").get_attribute("href") or "").lstrip("#")
    row.locator("a").click()
    _settle(page)
    page.keyboard.press("j")
    _settle(page)
    current = page.locator("li.note.current")
    order = page.evaluate("() => Array.from(document.querySelectorAll('section.article')).map(s => s.id)")
    landed = current.evaluate("n => n.closest('section').id")
    # That article's first finding, or (if it has none) the first one after it; never back at the top.
    assert order.index(landed) >= order.index(target)
    assert page.locator(f"#{target} li.note").count() == 0 or landed == target
    box = (page.locator("mark.hl.current").first if page.locator("mark.hl.current").count() else current).bounding_box()
    assert box and 0 <= box["y"] < 900


def test_repeated_findings_at_the_top_filter_and_waive_one_by_one(page) -> None:
    gallery = page.locator("section.article", has=page.locator(".art-title", has_text="Flood gallery"))
    card = gallery.locator(".outside li.same:has(li.note[data-rule='CD701'])")
    assert card.count() == 1 and card.locator("li.note.occ").count() == 4
    card.scroll_into_view_if_needed()
    card.locator("li.note.occ").nth(1).locator(".waive-box").check()
    assert page.locator("li.note.waived").count() == 1
    assert page.locator("#waived").inner_text() == "1" and page.locator("#download").is_enabled()
    page.locator("input[data-filter='cat'][value='accessibility']").uncheck()
    assert not card.is_visible()  # every finding of the card is filtered out: the card goes too
    page.locator("input[data-filter='cat'][value='accessibility']").check()
    assert card.is_visible()


def test_summary_screenshot_is_saved(page) -> None:
    """Save the summary's first screen for a person to look at (git-ignored ``test-artifacts/``)."""
    default = Path(__file__).resolve().parent.parent / "test-artifacts"
    out_dir = Path(os.environ.get("COPYDESK_ARTIFACTS", str(default)))
    out_dir.mkdir(parents=True, exist_ok=True)
    shot = out_dir / "report-summary.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
