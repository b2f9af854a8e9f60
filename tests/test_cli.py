"""The command line as users meet it: output formats, exit codes, errors, batches."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from copydesk.engine.rule import all_rules
from copydesk.frontends.cli import main

from .conftest import FIXTURES, ROOT

BAD = "<p>More about the launch. Update soon.</p>\n"
GOOD = "<p>The launch went ahead on Tuesday, officials said.</p>\n"


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    (tmp_path / "bad.html").write_text(BAD, encoding="utf-8")
    (tmp_path / "good.html").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_text_output_is_compiler_style_with_caret(articles):
    result = run("check", "--no-color", str(articles / "bad.html"))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{articles / 'bad.html'}:1:27: CD101 [error] ")
    assert lines[1] == "    " + BAD.rstrip("\n")
    assert lines[2] == "    " + " " * 26 + "^" * len("Update soon")
    assert lines[-1].startswith("Found 1 finding (1 error, 0 warnings, 0 info) in 1 file")


def test_clean_file_exits_zero(articles):
    result = run("check", str(articles / "good.html"))
    assert result.exit_code == 0, result.output
    assert "Found 0 findings" in result.output


def test_json_contract_shape(articles):
    result = run("check", "--format", "json", str(articles))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) == {"version", "files", "summary"}
    assert data["version"] == 1
    assert [Path(f["path"]).name for f in data["files"]] == ["bad.html", "good.html"]
    finding = data["files"][0]["findings"][0]
    assert set(finding) == {
        "rule", "name", "category", "severity", "message", "line", "column",
        "end_line", "end_column", "excerpt", "fix", "selector",
    }  # fmt: skip
    assert (finding["rule"], finding["name"], finding["category"]) == ("CD101", "placeholder-text", "placeholder")
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (1, 27, 1, 38)
    assert finding["excerpt"] == "Update soon"
    assert data["files"][0]["error"] is None
    assert data["summary"] == {
        "files": 2,
        "findings": 1,
        "errors": 0,
        "by_severity": {"error": 1, "warning": 0, "info": 0},
    }


def test_json_selector_finds_the_element_holding_the_excerpt(tmp_path):
    """A CMS anchors a finding with ``soup.select_one(selector)``: it must land on the flagged text."""
    page = (
        '<html><body><div class="top"><p>Menu</p></div><article id="story"><h1>Launch</h1>\n'
        "<p>The launch went ahead.</p>\n<div><p>First.</p><p>More about the launch. Update&nbsp;soon.</p></div>\n"
        '<figure><img src="a.jpg" alt="Rocket"><figcaption>The rocket (Credit &#8211;</figcaption></figure>\n'
        "<blockquote><p>We are the the best.</p></blockquote></article></body></html>\n"
    )
    path = tmp_path / "story.html"
    path.write_text(page, encoding="utf-8")
    data = json.loads(run("check", "--format", "json", "--select", "ALL", str(path)).output)
    findings = data["files"][0]["findings"]
    assert {f["rule"] for f in findings} >= {"CD101", "CD201", "CD501"}
    soup = BeautifulSoup(page, "html.parser")
    for finding in findings:
        element = soup.select_one(finding["selector"])
        assert element is not None, finding
        assert soup.select(finding["selector"]) == [element], "the path names exactly one element"
        assert finding["excerpt"] in element.get_text(), finding
    by_rule = {f["rule"]: f["selector"] for f in findings}
    assert by_rule["CD101"] == "article#story > div > p:nth-of-type(2)"
    assert by_rule["CD201"] == "article#story > figure > figcaption"


def test_fail_on_threshold(articles):
    bad = str(articles / "bad.html")
    assert run("check", "--fail-on", "never", bad).exit_code == 0
    assert run("check", "--fail-on", "error", bad).exit_code == 1
    assert run("check", "--ignore", "CD101", bad).exit_code == 0


def test_unreadable_file_does_not_stop_the_batch(articles):
    (articles / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run("check", "--format", "json", str(articles), str(articles / "missing.html"))
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    by_name = {Path(f["path"]).name: f for f in data["files"]}
    assert "binary data" in by_name["binary.html"]["error"]
    assert by_name["missing.html"]["error"] == "no such file or directory"
    assert by_name["bad.html"]["findings"], "the other files are still linted"
    assert data["summary"]["errors"] == 2
    assert "missing.html: error: no such file or directory" in result.stderr


def test_directories_recurse_and_skip_hidden(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "a" / "b" / "story.htm").write_text(BAD)
    (tmp_path / ".git" / "story.html").write_text(BAD)
    (tmp_path / "notes.txt").write_text(BAD)
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    data = json.loads(run("check", "--format", "json", str(tmp_path)).output)
    assert sorted(Path(f["path"]).name for f in data["files"]) == ["notes.txt", "story.htm"]


def test_stdin(articles):
    result = run("check", "--format", "json", "-", input=BAD.encode())
    data = json.loads(result.output)
    assert data["files"][0]["path"] == "<stdin>"
    assert data["files"][0]["findings"][0]["rule"] == "CD101"


def test_select_and_ignore_forms(articles):
    bad = str(articles / "bad.html")
    for selector in ("CD101", "CD1", "placeholder-text", "placeholder", "cd101"):
        data = json.loads(run("check", "--format", "json", "--select", selector, bad).output)
        assert data["summary"]["findings"] == 1, selector
    assert (
        json.loads(run("check", "--format", "json", "--select", "typography", bad).output)["summary"]["findings"] == 0
    )


def test_unknown_rule_is_a_usage_error(articles):
    result = run("check", "--select", "CD999", str(articles / "bad.html"))
    assert result.exit_code == 2
    assert "CD999" in result.output


def test_quiet_and_statistics(articles):
    quiet = run("check", "--quiet", "--no-color", str(articles))
    assert quiet.output.count("\n") == 1 and "CD101" in quiet.output
    stats = run("check", "--statistics", "--no-color", str(articles))
    assert "     1  CD101  placeholder-text" in stats.output


def test_rules_and_explain_render_from_metadata():
    listing = run("rules").output
    for code, rule in all_rules().items():
        assert code in listing and rule.name in listing
    explained = run("explain", "CD101").output
    rule = all_rules()["CD101"]
    assert explained.startswith("CD101 placeholder-text (placeholder, default severity error")
    assert rule.why.strip().splitlines()[0].strip() in explained
    assert run("explain", "placeholder-text").output == explained
    missing = run("explain", "CD999")
    assert missing.exit_code == 2 and "no rule" in missing.output


def test_inspect_shows_body_choice_and_blocks():
    seed = str(FIXTURES / "articles" / "nasa-japan-seed.html")
    text = run("inspect", seed).output
    assert "body: article#post-4821" in text
    assert "headline" in text and "Also ReadButterfly" in text
    data = json.loads(run("inspect", "--format", "json", seed).output)
    assert data["body"]["selector"] == "article#post-4821"
    roles = [(b["role"], b["line"]) for b in data["blocks"] if not b["chrome"]]
    assert roles[0] == ("headline", 29)


def test_readme_rules_table_matches_metadata():
    from copydesk.engine.ruledocs import rules_markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- rules-table:start -->\n") + len("<!-- rules-table:start -->\n")
    end = readme.index("<!-- rules-table:end -->")
    assert readme[start:end] == rules_markdown(list(all_rules().values())), (
        "README rules table is stale: run python scripts/update_readme.py"
    )


def test_console_script_and_broken_pipe(articles):
    """The installed entry point, with stdout closed early (``| head -1``)."""
    many = [str(articles / "bad.html")] * 200
    process = subprocess.Popen(
        [sys.executable, "-m", "copydesk", "check", "--no-color", *many],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    process.stdout.close()
    _, stderr = process.communicate(timeout=60)
    assert b"CD101" in first
    assert b"Traceback" not in stderr
    assert process.returncode in (0, 1)


def test_readability_figure_reaches_statistics_and_json():
    seed = str(FIXTURES / "articles" / "nasa-japan-seed.html")
    stats = run("check", "--statistics", "--no-color", seed).output
    assert "Flesch reading ease: " in stats and "mean over 1 file" in stats
    summary = json.loads(run("check", "--format", "json", seed).stdout)["summary"]
    score = summary["readability"]["flesch_reading_ease"]
    assert summary["readability"]["files"] == 1 and 0 < score < 100
