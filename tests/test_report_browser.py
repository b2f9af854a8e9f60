"""The editor report driven in a real browser (headless Chromium through Playwright).

The structural tests in ``test_html_report.py`` prove the markup is right; these
prove an editor can use it: highlights are on screen at the flagged text, the
filters hide and show, j/k step through findings, the summary sorts, and the
"not an error" choices download as a file the CLI accepts as a baseline. One
browser per module keeps the whole file to a few seconds.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from copydesk.frontends.cli import main

from .conftest import FIXTURES
from .report_browser_support import chromium, report_page

SEED = FIXTURES / "articles" / "nasa-japan-seed.html"


SECOND = (
    "<html><head><title>Council budget</title></head><body><article>\n"
    "<h1>Council passes budget</h1>\n"
    "<p>The council said TK about the vote on Tuesday.</p>\n"
    "</article></body></html>\n"
)


def _cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A report over the seed and a second small article (so the summary table exists)."""
    root = tmp_path_factory.mktemp("report")
    seed = root / "seed.html"
    seed.write_bytes(SEED.read_bytes())
    (root / "second.html").write_text(SECOND, encoding="utf-8")
    out = root / "report.html"
    res = _cli("check", "--format", "html", "-o", str(out), str(seed), str(root / "second.html"))
    assert out.exists(), res.output
    return root, out


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, report):
    """A fresh page on the report, failing the test on any console error or uncaught exception."""
    with report_page(browser, report[1], accept_downloads=True) as pg:
        yield pg


def _visible_notes(pg) -> int:
    return pg.locator("li.note:not(.hidden)").count()


def test_highlights_sit_on_the_flagged_text(page) -> None:
    marks = page.locator("mark.hl")
    assert marks.count() > 0
    checked = 0
    for i in range(marks.count()):
        m = marks.nth(i)
        box = m.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0
        for ref in (m.get_attribute("data-refs") or "").split():
            excerpt = page.locator(f"#{ref}").get_attribute("data-excerpt") or ""
            text = m.inner_text()
            if excerpt and len(excerpt) <= len(text) + 40:
                # The mark shows the span the finding points at; the excerpt is that span (maybe clipped).
                assert excerpt.strip()[:20] in " ".join(text.split()) or " ".join(text.split()) in excerpt
                checked += 1
    assert checked > 0


def test_severity_and_category_filters_hide_and_show(page) -> None:
    total = _visible_notes(page)
    sev = page.locator("input[data-filter='sev']").first
    value = sev.get_attribute("value")
    n_sev = page.locator(f"li.note[data-sev='{value}']").count()
    assert n_sev > 0
    sev.uncheck()
    assert _visible_notes(page) == total - n_sev
    assert page.locator(f"li.note[data-sev='{value}']:not(.hidden)").count() == 0
    sev.check()
    assert _visible_notes(page) == total
    cat_box = page.locator("input[data-filter='cat'][value='placeholder']")
    n_cat = page.locator("li.note[data-cat='placeholder']").count()
    assert n_cat > 0
    marks_on = page.locator("mark.hl:not(.off)").count()
    cat_box.uncheck()
    assert _visible_notes(page) == total - n_cat
    assert page.locator("mark.hl:not(.off)").count() < marks_on
    for i in range(page.locator("mark.hl.off").count()):
        assert page.locator("mark.hl.off").nth(i).evaluate("m => getComputedStyle(m).backgroundColor") in (
            "rgba(0, 0, 0, 0)",
            "transparent",
        )
    cat_box.check()
    assert page.locator("mark.hl:not(.off)").count() == marks_on


def test_j_and_k_step_through_findings(page) -> None:
    page.keyboard.press("j")
    first = page.locator("li.note.current").get_attribute("id")
    page.keyboard.press("j")
    second = page.locator("li.note.current").get_attribute("id")
    assert first and second and first != second
    assert page.evaluate("document.activeElement.id") == second
    page.keyboard.press("k")
    assert page.locator("li.note.current").get_attribute("id") == first
    page.wait_for_timeout(50)
    target = (
        page.locator("mark.hl.current").first
        if page.locator("mark.hl.current").count()
        else page.locator("li.note.current")
    )
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box and 0 <= box["y"] < 900


def test_summary_table_sorts(page) -> None:
    rows = page.locator("#summary tbody tr")
    assert rows.count() == 2
    head = page.locator("#summary th[data-key='0']")
    head.click()
    asc = [rows.nth(i).locator("td").first.get_attribute("data-v") for i in range(2)]
    head.click()
    desc = [rows.nth(i).locator("td").first.get_attribute("data-v") for i in range(2)]
    assert asc == sorted(asc) and desc == list(reversed(asc))


def test_waiver_download_is_a_baseline_the_cli_accepts(page, report, tmp_path: Path) -> None:
    root, _ = report
    seed = str(root / "seed.html")
    before = json.loads(_cli("check", "--format", "json", seed).output)["files"][0]["findings"]
    note = page.locator(f"li.note[data-path='{seed}']").first
    waived = {k: note.get_attribute(f"data-{k}") for k in ("rule", "line", "column")}
    note.locator(".waive-box").check()
    with page.expect_download() as dl:
        page.click("#download")
    target = tmp_path / "waivers.json"
    dl.value.save_as(target)
    assert len(json.loads(target.read_text())) == 1
    res = _cli("check", "--format", "json", "--baseline", str(target), seed)
    after = json.loads(res.output)["files"][0]["findings"]
    key = lambda f: (f["rule"], str(f["line"]), str(f["column"]))  # noqa: E731
    gone = [f for f in before if f not in after]
    assert len(after) == len(before) - 1
    assert [key(f) for f in gone] == [(waived["rule"], waived["line"], waived["column"])]


def test_screenshot_is_saved(page) -> None:
    """Save a full-page screenshot for a person to look at (git-ignored ``test-artifacts/``)."""
    default = Path(__file__).resolve().parent.parent / "test-artifacts"
    out_dir = Path(os.environ.get("COPYDESK_ARTIFACTS", str(default)))
    out_dir.mkdir(parents=True, exist_ok=True)
    shot = out_dir / "report-browser.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_notes_do_not_stretch_the_text_or_overlap(page) -> None:
    """A paragraph with many notes must not leave a gap in the text; note groups must not overlap."""
    gaps = page.evaluate(
        """() => Array.from(document.querySelectorAll('.reading .tcell')).map(
             c => { const s = getComputedStyle(c);
                    return c.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom)
                           - c.firstElementChild.getBoundingClientRect().height; })"""
    )
    assert gaps and max(gaps) < 2, gaps
    boxes = page.evaluate(
        """() => Array.from(document.querySelectorAll('.reading')).map(r =>
             Array.from(r.querySelectorAll('.ncell')).filter(c => c.children.length).map(c => {
               const a = c.firstElementChild.getBoundingClientRect(), b = c.lastElementChild.getBoundingClientRect();
               return [a.top, b.bottom];}))"""
    )
    for groups in boxes:
        for (_, bottom), (top, _) in itertools.pairwise(groups):
            assert top >= bottom, groups
