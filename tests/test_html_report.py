"""The editor report (``--format html``): structure, safety with hostile articles, and a real browser.

Article content is untrusted: the report must show a ``<script>``, an
``onerror=`` or a ``javascript:`` link as inert text, and the only script in
the page is the report's own. The browser test loads a generated report in
headless Chromium (skipped when ``/usr/bin/chromium`` is absent).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from copydesk.article import build_article
from copydesk.cli import main
from copydesk.finding import FileResult
from copydesk.reporters import html as html_reporter
from copydesk.reporters.html import plain_span
from copydesk.source import SourceText

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
    "data-cat", "data-path", "data-line", "data-column", "data-excerpt", "data-filter",
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
        assert note.select_one(".rule").get_text() == note["data-rule"]
        assert note.select_one(".msg").get_text()
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
    assert "CD657" in {note["data-rule"] for note in seed.select(".outside li.note")}
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


@pytest.mark.parametrize(("fmt", "kept"), [("json", False), ("sarif", False), ("html", True)])
def test_only_the_html_report_keeps_the_source_text(tmp_path, monkeypatch, fmt, kept):
    from copydesk import cli

    seen: list[FileResult] = []
    monkeypatch.setitem(cli.WRITERS, fmt, lambda results, out: seen.extend(results))
    article = tmp_path / "a.html"
    article.write_text("<p>Officials said TK.</p>\n", encoding="utf-8")
    run("check", "--format", fmt, "-o", str(tmp_path / "out"), str(article))
    assert [r.source_text is not None for r in seen] == [kept]


def test_render_without_source_text_lists_findings_at_the_top():
    from copydesk.engine import lint_text

    findings = lint_text("<p>Officials said TK.</p>\n")
    page = html_reporter.render([FileResult("a.html", findings)])
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select(".outside li.note") and not soup.select("mark.hl")
    assert "not available" in soup.get_text()


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
