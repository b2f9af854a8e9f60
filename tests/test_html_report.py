"""The editor report (``--format html``): structure, safety with hostile articles, and a real browser.

Article content is untrusted: the report must show a ``<script>``, an
``onerror=`` or a ``javascript:`` link as inert text, and the only script in
the page is the report's own. The browser test loads a generated report in
headless Chromium (skipped when ``/usr/bin/chromium`` is absent).
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import re
import shutil
import subprocess
import weakref
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from copydesk.engine.finding import FileResult
from copydesk.frontends.cli import main
from copydesk.model.html import build_article
from copydesk.reporters import html as html_reporter
from copydesk.source.text import SourceText
from copydesk.source.textmap import plain_span

from .conftest import FIXTURES

SEED = FIXTURES / "articles" / "nasa-japan-seed.html"
CHROMIUM = Path("/usr/bin/chromium")

# Hostile article: every way article content could try to become live markup in the report.
HOSTILE = (
    "<html><head><title>Hostile &lt;script&gt;alert(1)&lt;/script&gt;</title></head><body><article>\n"
    "<h1>Launch &lt;script&gt;alert('h1')&lt;/script&gt; day</h1>\n"
    "<p>Officials said TK about the &lt;script&gt;alert(2)&lt;/script&gt; launch. Update soon.</p>\n"
    '<p>See <a href="javascript:alert(3)">the javascript link</a> and '
    '<img src="x" onerror="alert(4)" alt="x"> the picture &lt;img src=x onerror=alert(5)&gt;.</p>\n'
    "<p>Close &lt;/textarea&gt; and --&gt; and &lt;/style&gt; and &lt;!-- and ]]&gt; then TK again.</p>\n"
    "<script>alert(6)</script>\n"
    "</article></body></html>\n"
)
# Attributes the report itself writes; article content may only appear in their (escaped) values.
ALLOWED_ATTRIBUTES = {
    "lang", "charset", "http-equiv", "content", "name", "id", "class", "href", "tabindex", "type", "value",
    "checked", "title", "aria-label", "data-key", "data-type", "data-v", "data-refs", "data-rule", "data-sev",
    "data-cat", "data-path", "data-line", "data-column", "data-excerpt", "data-filter", "role", "disabled", "style",
}  # fmt: skip


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


class _Collect(HTMLParser):
    """Every start tag with its attributes, and the text of every script element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


@pytest.fixture
def hostile_report(tmp_path: Path) -> tuple[str, Path]:
    # The file name is article-controlled too: quotes and angle brackets in the path.
    article = tmp_path / "x\"'><img src=x onerror=alert(7)>.html"
    article.write_text(HOSTILE, encoding="utf-8")
    shutil.copy(SEED, tmp_path / "seed.html")
    out = tmp_path / "report.html"
    result = run("check", "--format", "html", "-o", str(out), str(article), str(tmp_path / "seed.html"))
    assert result.exit_code == 1, result.output
    return out.read_text(encoding="utf-8"), out


def test_report_is_self_contained_and_structured(hostile_report):
    page, _ = hostile_report
    soup = BeautifulSoup(page, "html.parser")
    # One section per article, a summary table first (worst first), links to the sections.
    sections = soup.select("section.article")
    assert len(sections) == 2
    rows = soup.select("#summary tbody tr")
    assert sorted(row.a["href"] for row in rows) == ["#a1", "#a2"]
    counts = [tuple(int(td.get_text()) for td in row.select("td")[1:]) for row in rows]
    assert counts == sorted(counts, reverse=True)  # worst first
    # Nothing is fetched: no external resource, a CSP forbidding every fetch, the script pinned by hash.
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", page)
    assert "<link" not in page
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp
    # Filters by severity and category, step buttons, the waiver download.
    assert {box["value"] for box in soup.select('input[data-filter="sev"]')} == {"error", "warning", "info"}
    assert "placeholder" in {box["value"] for box in soup.select('input[data-filter="cat"]')}
    assert soup.find(id="next") and soup.find(id="prev") and soup.find(id="download")
    # Every finding has a note with its rule, message, why and a "not an error" toggle.
    notes = soup.select("li.note")
    assert len(notes) == len({note["id"] for note in notes}) > 10
    for note in notes:
        card = note.find_parent("li", class_="same") if "occ" in note["class"] else note
        assert card.select_one(".rule").get_text() == note["data-rule"]
        assert card.select_one(".msg").get_text()
        assert note.select_one("input.waive-box")
    assert all(note.select_one(".why") for note in notes if note["data-rule"] == "CD101")


def test_highlights_are_at_the_flagged_text(hostile_report):
    page, _ = hostile_report
    soup = BeautifulSoup(page, "html.parser")
    seed = soup.select("section.article")[1]
    assert seed.select_one(".path").get_text().endswith("seed.html")

    def marked(rule: str) -> list[str]:
        ids = [note["id"] for note in seed.select(f'li.note[data-rule="{rule}"]')]
        return [mark.get_text() for mark in seed.select("mark.hl") if set(mark["data-refs"].split()) & set(ids)]

    assert "".join(marked("CD101")) == "Update soon"
    assert "".join(marked("CD201")) == "(Credit –"
    assert "".join(marked("CD304")) == "us"
    # Overlapping findings (CD401 'Also Read' and CD503 'ReadButterfly…') share the overlapping piece.
    assert "".join(marked("CD401")) == "Also Read"
    assert "".join(marked("CD503")).startswith("Read")
    # The headline is shown once (the section header), not again atop the text; the caption
    # stays a caption; metadata findings are listed at the top.
    text = seed.select_one(".reading")
    headline = "NASA strengthens ties with Japan to work together in space"
    assert seed.select_one(".art-title").get_text() == headline
    assert [h.get_text() for h in seed.find_all(["h1", "h2"]) if h.get_text() == headline] == [headline]
    assert text.select_one(".tcell").get_text().startswith("By ")
    assert text.select_one("figcaption").get_text() == "NASA strengthens ties with Japan (Credit –"
    assert "CD204" in {note["data-rule"] for note in seed.select(".outside li.note")}
    # Severity colours: the credit's mark is an error mark.
    credit_ids = {note["id"] for note in seed.select('li.note[data-rule="CD201"]')}
    assert any("sev-error" in m["class"] for m in seed.select("mark.hl") if set(m["data-refs"].split()) & credit_ids)


def test_hostile_article_is_inert(hostile_report):
    page, _ = hostile_report
    parser = _Collect()
    parser.feed(page)
    parser.close()
    # Exactly one script: the report's own.
    assert parser.scripts == [html_reporter.SCRIPT]
    for tag, attrs in parser.tags:
        assert tag not in {"img", "iframe", "object", "embed", "textarea", "style", "base", "form", "svg"} or (
            tag == "style" and not attrs
        ), tag
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES, (tag, name, value)
            assert not name.startswith("on")
            if name == "href":
                assert re.fullmatch(r"#a\d+", value or ""), value  # no live link from the article
            if name == "style":  # only the report's own size hint, never anything from the article
                assert re.fullmatch(r"contain-intrinsic-size:auto \d+px", value or ""), value
    # The hostile text is shown, as text, where a reader would see it.
    soup = BeautifulSoup(page, "html.parser")
    hostile = soup.select("section.article")[0]
    body = " ".join(cell.get_text() for cell in hostile.select(".tcell"))
    assert "<script>alert(2)</script>" in body
    assert "<img src=x onerror=alert(5)>" in body
    assert "</textarea> and --> and </style> and <!-- and ]]>" in body
    assert "the javascript link" in body and "javascript:" not in body
    assert "alert(6)" not in page  # the article's own script is not body text at all
    assert hostile.select_one(".path").get_text().endswith("x\"'><img src=x onerror=alert(7)>.html")
    # The raw page never holds an unescaped tag from the article.
    for raw in ("<script>alert", "<img", "</textarea>", "-->", "<!--"):
        assert raw not in page, raw
    # Marks land on the placeholders even in hostile text, and excerpts ride in escaped attributes.
    ids = {note["id"] for note in hostile.select('li.note[data-rule="CD101"], li.note[data-rule="CD102"]')}
    marks = [m.get_text() for m in hostile.select("mark.hl") if set(m["data-refs"].split()) & ids]
    assert {"TK", "Update soon"} <= set(marks)


# A page whose story is not where copydesk would look by itself: an <article> holds a teaser
# list, the story sits in div.story-body. Only with the body selector is the TK found at all.
SELECTOR_PAGE = (
    "<html><head><title>Harbour bridge reopens</title></head><body>\n"
    '<article class="teaser"><h2>Also on the site</h2>\n'
    "<p>The city's new tram line is three weeks from opening, with the first trams already running test loops "
    "at night along the river.</p>\n"
    "<p>Schools in the north district close early on Friday for staff training, the education office said in "
    "a note to parents this week.</p>\n"
    "<p>The farmers' market moves to the old station square for the summer, stallholders voted at their "
    "meeting on Monday evening.</p>\n"
    "</article>\n"
    '<div class="story-body">\n'
    "<h1>Harbour bridge reopens after repairs</h1>\n"
    "<p>The harbour bridge reopened to traffic on Tuesday after four months of repairs, the roads office said.</p>\n"
    "<p>Engineers replaced the worn bearings, and the final cost was TK, a spokeswoman said.</p>\n"
    "</div>\n"
    "</body></html>\n"
)


@pytest.mark.parametrize("how", ["option", "config", "config-two-jobs"])
def test_findings_land_in_the_text_the_body_selector_chose(tmp_path, how):
    story = tmp_path / "story.html"
    story.write_text(SELECTOR_PAGE, encoding="utf-8")
    shutil.copy(SEED, tmp_path / "seed.html")
    out = tmp_path / "report.html"
    args = ["check", "--format", "html", "-o", str(out)]
    if how == "option":
        args += ["--body-selector", "div.story-body"]
    else:
        (tmp_path / "copydesk.toml").write_text('body-selector = "div.story-body"\n', encoding="utf-8")
    # CD606 (body too short) is off by default; it is the finding about the whole body asserted below.
    args += ["--extend-select", "CD606"]
    args += ["-j", "2" if how == "config-two-jobs" else "1", str(story), str(tmp_path / "seed.html")]
    result = run(*args)
    assert result.exit_code == 1, result.output
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    section = next(s for s in soup.select("section.article") if s.select_one(".path").get_text() == str(story))
    tk = section.select('li.note[data-rule="CD102"]')
    assert len(tk) == 1
    # The TK note sits beside the text, and its highlight is on "TK" inside the story's paragraph.
    assert tk[0].find_parent(class_="reading") is not None and tk[0].find_parent(class_="outside") is None
    marks = [m for m in section.select(".reading mark.hl") if tk[0]["id"] in m["data-refs"].split()]
    assert [m.get_text() for m in marks] == ["TK"]
    assert marks[0].find_parent("p").get_text().startswith("Engineers replaced the worn bearings")
    # The text shown is the story the selector chose, not the teaser copydesk would have picked.
    reading = section.select_one(".reading").get_text()
    assert "harbour bridge reopened" in reading and "tram line" not in reading
    # A finding about the whole body (too short) is not painted over its first paragraph.
    assert section.select('.outside li.note[data-rule="CD606"]')


def test_two_jobs_write_the_same_report_as_one(tmp_path):
    paths = [str(SEED), *sorted(str(p) for p in (FIXTURES / "rules").glob("CD1*.html"))[:8]]
    pages = []
    for jobs in ("1", "2"):
        out = tmp_path / f"report-{jobs}.html"
        run("check", "--format", "html", "-j", jobs, "-o", str(out), "--ignore", "CD8", *paths)
        pages.append(out.read_text(encoding="utf-8"))
    assert pages[0] == pages[1]
    assert pages[0].count('class="article"') == len(paths) and pages[0].count("<mark") > len(paths)


@pytest.mark.parametrize(("fmt", "reading"), [("json", False), ("sarif", False), ("html", True)])
def test_only_the_editor_report_gets_the_reading_view(tmp_path, monkeypatch, fmt, reading):
    from copydesk.frontends import cli

    seen: list[FileResult] = []
    monkeypatch.setitem(cli.WRITERS, fmt, lambda results, out: seen.extend(results))
    article = tmp_path / "a.html"
    article.write_text("<p>Officials said TK.</p>\n", encoding="utf-8")
    run("check", "--format", fmt, "-o", str(tmp_path / "out"), str(article))
    assert [(r.reading is not None, r.source_text is not None) for r in seen] == [(reading, False)]
    if reading:
        assert [b.text for b in seen[0].reading.blocks] == ["Officials said TK."]


def test_reading_view_is_small_plain_data():
    """It crosses from the -j workers by pickle, so it must round-trip and stay well under the page's size."""
    from copydesk.engine.config import Config
    from copydesk.engine.lint import lint_source

    page = SEED.read_text(encoding="utf-8")
    result = lint_source(SourceText(page, "seed.html"), Config(), reading=True)
    view = result.reading
    assert view is not None and view.headline == "NASA strengthens ties with Japan to work together in space"
    assert pickle.loads(pickle.dumps(view)) == view
    assert len(pickle.dumps(view)) < len(page)  # over the corpus: 7 % of the pages' bytes
    assert {b.role for b in view.blocks} >= {"paragraph", "caption", "byline"}
    assert lint_source(SourceText(page, "seed.html"), Config()).reading is None  # only when asked for


def test_report_streams_one_file_at_a_time():
    """The writer keeps a summary row per file, not the results: an archive's report never sits in memory."""
    from copydesk.engine.config import Config
    from copydesk.engine.lint import lint_source

    page = SEED.read_text(encoding="utf-8")
    alive: list[weakref.ref[FileResult]] = []

    def results():
        for number in range(5):
            gc.collect()
            # Every result but the one just handed over has been let go.
            assert sum(ref() is not None for ref in alive) <= 1
            result = lint_source(SourceText(page, f"story{number}.html"), Config(select=("CD1", "CD2")), reading=True)
            alive.append(weakref.ref(result))
            yield result

    out = io.StringIO()
    html_reporter.write(results(), out)
    soup = BeautifulSoup(out.getvalue(), "html.parser")
    assert len(soup.select("section.article")) == len(soup.select("#summary tbody tr")) == 5
    # Findings are numbered once across the whole report.
    ids = [note["id"] for note in soup.select("li.note")]
    assert len(ids) == len(set(ids)) > 5


def test_render_without_reading_view_lists_findings_at_the_top():
    from copydesk.engine.lint import lint_text

    findings = lint_text("<p>Officials said TK.</p>\n")
    page = html_reporter.render([FileResult("a.html", findings, source_text="<p>Officials said TK.</p>\n")])
    soup = BeautifulSoup(page, "html.parser")
    # The reporter never re-reads or re-parses the page: without the engine's view there is no text.
    assert soup.select(".outside li.note") and not soup.select("mark.hl")
    assert "not available" in soup.get_text()


def test_file_names_that_are_not_utf8_do_not_break_the_report(tmp_path):
    name = os.fsdecode(os.fsencode(str(tmp_path)) + b"/caf\xe9.html")
    with open(name, "w", encoding="utf-8") as handle:
        handle.write("<p>Officials said TK.</p>\n")
    out = tmp_path / "report.html"
    result = run("check", "--format", "html", "-o", str(out), name)
    assert result.exit_code == 1
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(".path").get_text().endswith("caf\\udce9.html")
    assert soup.select("mark.hl")


def test_repeated_findings_at_the_top_are_one_card_with_a_toggle_each():
    from copydesk.engine.config import Config
    from copydesk.engine.lint import lint_source

    images = "".join(f'<p>Picture {n} of the flood.</p><img src="flood-{n}.jpg">\n' for n in range(4))
    page = f"<html><head><title>Flood</title></head><body><article><h1>Flood</h1>\n{images}</article></body></html>"
    result = lint_source(SourceText(page, "flood.html"), Config(select=("CD701",)), reading=True)
    assert [f.rule for f in result.findings] == ["CD701"] * 4
    soup = BeautifulSoup(html_reporter.render([result]), "html.parser")
    (card,) = soup.select(".outside li.same")
    # Message, rule and why once for the group; each finding still its own note with its own toggle.
    assert card.select_one(".rule").get_text() == "CD701" and "4" in card.select_one(".times").get_text()
    assert card.select_one(".msg").get_text() == result.findings[0].message and card.select_one(".why")
    occurrences = card.select("li.note.occ")
    assert [n["data-line"] for n in occurrences] == [str(f.line) for f in result.findings]
    assert all(n.select_one("input.waive-box") and n["data-rule"] == "CD701" for n in occurrences)
    assert len(soup.select("li.note")) == 4  # nothing else became a note


def test_plain_span_inverts_to_source():
    source = SourceText("<p>A&amp;B  said TK&#8230; ok</p>")
    mapped = build_article(source).blocks[0].mapped
    assert mapped.text == "A&B said TK… ok"
    for start in range(len(mapped.text)):
        for end in range(start + 1, len(mapped.text) + 1):
            src = mapped.to_source(start, end)
            assert plain_span(mapped, *src) == (start, end), (start, end, mapped.text[start:end])


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="headless browser test needs /usr/bin/chromium (apt-get install chromium)"
)
def test_report_in_headless_chromium(hostile_report, tmp_path):
    _, report = hostile_report
    profile = tmp_path / "profile"
    flags = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        "--window-size=1400,2000",
    ]
    env = {**os.environ, "HOME": str(tmp_path)}
    url = report.as_uri()
    dom = subprocess.run([*flags, "--dump-dom", url], capture_output=True, text=True, timeout=120, env=env)
    assert dom.returncode == 0, dom.stderr[-2000:]
    soup = BeautifulSoup(dom.stdout, "html.parser")
    root = soup.find("html")
    # The report's script ran (the CSP hash matches) and threw nothing.
    assert root.get("data-report-ready") == "1", dom.stderr[-2000:]
    assert root.get("data-js-error") is None, root.get("data-js-error")
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert not console, console  # the report logs nothing: any console line is an error or a CSP refusal
    # Nothing from the hostile article became an element in the live page.
    assert not soup.find_all(["img", "iframe", "textarea"])
    assert [s for s in soup.find_all("script")] and len(soup.find_all("script")) == 1
    # Highlights at the right text, in the live DOM.
    seed = soup.select("section.article")[1]
    ids = {note["id"] for note in seed.select('li.note[data-rule="CD101"]')}
    assert [m.get_text() for m in seed.select("mark.hl") if set(m["data-refs"].split()) & ids] == ["Update soon"]
    # A screenshot for people to look at.
    shot = tmp_path / "report.png"
    done = subprocess.run([*flags, f"--screenshot={shot}", url], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
