"""Baselines: ``check --update-baseline`` records findings, ``check --baseline`` leaves them out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from copydesk.engine.config import Config
from copydesk.engine.lint import lint_source
from copydesk.frontends.cli import main
from copydesk.pipeline.baseline import Baseline, BaselineError, fingerprint
from copydesk.source.text import SourceText

OLD = "<article><h1>Launch</h1>\n<p>More about the launch. Update soon.</p>\n</article>\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def check_json(*args: str) -> tuple[int, list[dict]]:
    result = run("check", "--format", "json", *args)
    data = json.loads(result.stdout)
    return result.exit_code, [finding for file in data["files"] for finding in file["findings"]]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "launch.html").write_text(OLD, encoding="utf-8")
    return tmp_path


def test_update_then_check_reports_nothing_old(site):
    baseline = site / "copydesk-baseline.json"
    result = run("check", "--baseline", str(baseline), "--update-baseline", str(site / "news"))
    assert result.exit_code == 0, result.output
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["version"] == 1
    [entry] = data["baseline"]
    assert entry["rule"] == "CD101" and entry["path"] == "news/launch.html" and entry["excerpt"] == "Update soon"
    assert "line" not in entry
    assert check_json("--baseline", str(baseline), str(site / "news")) == (0, [])
    assert check_json(str(site / "news"))[0] == 1  # without the baseline it is still there


def test_line_shifts_keep_old_findings_waived_new_ones_reported(site):
    baseline = site / "baseline.json"
    run("check", "--baseline", str(baseline), "--update-baseline", str(site / "news"))
    page = site / "news" / "launch.html"
    shifted = OLD.replace("<h1>Launch</h1>\n", "<h1>Launch</h1>\n<p>A new first paragraph.</p>\n<p>And another.</p>\n")
    page.write_text(shifted + "<p>Later: TK</p>\n", encoding="utf-8")
    code, findings = check_json("--baseline", str(baseline), str(page))
    assert code == 1
    assert [f["excerpt"] for f in findings] == ["TK"]


def test_duplicate_and_edited_context_are_new(site):
    baseline = site / "baseline.json"
    run("check", "--baseline", str(baseline), "--update-baseline", str(site / "news"))
    page = site / "news" / "launch.html"
    page.write_text(OLD + "<p>More about the launch. Update soon.</p>\n", encoding="utf-8")
    _, findings = check_json("--baseline", str(baseline), str(page))
    assert len(findings) == 1 and findings[0]["line"] == 4  # the copy, not the waived original
    page.write_text(OLD.replace("More about the launch.", "Read more on the rocket."), encoding="utf-8")
    _, findings = check_json("--baseline", str(baseline), str(page))
    assert [f["excerpt"] for f in findings] == ["Update soon"]  # its sentence changed: looked at again


def test_baseline_works_from_another_directory(site, monkeypatch):
    baseline = site / "baseline.json"
    monkeypatch.chdir(site)
    run("check", "--baseline", "baseline.json", "--update-baseline", "news")
    monkeypatch.chdir(site / "news")
    assert check_json("--baseline", str(baseline), "launch.html") == (0, [])


def test_editor_report_waiver_list_beside_the_articles(site):
    waivers = site / "news" / "waivers.json"
    waivers.write_text(
        json.dumps([{"rule": "CD101", "path": "launch.html", "line": 99, "column": 1, "excerpt": "Update soon"}]),
        encoding="utf-8",
    )
    assert check_json("--baseline", str(waivers), str(site / "news" / "launch.html")) == (0, [])
    other = [{"rule": "CD101", "path": "other.html", "line": 2, "column": 27, "excerpt": "Update soon"}]
    waivers.write_text(json.dumps(other), encoding="utf-8")
    assert len(check_json("--baseline", str(waivers), str(site / "news" / "launch.html"))[1]) == 1


def test_a_json_report_is_a_baseline_too(site, monkeypatch):
    monkeypatch.chdir(site)
    report = run("check", "--format", "json", "news").stdout
    (site / "report.json").write_text(report, encoding="utf-8")
    assert check_json("--baseline", "report.json", "news") == (0, [])


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such baseline"), ("{oops", "not valid JSON"), ('{"x": 1}', "not a baseline"), ("[{}]", "rule")],
)
def test_bad_baselines_are_usage_errors(site, content, message):
    baseline = site / "baseline.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    result = run("check", "--baseline", str(baseline), str(site / "news"))
    assert result.exit_code == 2
    assert message in result.output
    with pytest.raises(BaselineError):
        Baseline.load(baseline)


def test_update_baseline_needs_a_file(site):
    result = run("check", "--update-baseline", str(site / "news"))
    assert result.exit_code == 2 and "--baseline" in result.output


def test_unreadable_input_leaves_the_old_baseline(site):
    baseline = site / "baseline.json"
    baseline.write_text('{"version": 1, "tool": "copydesk", "baseline": []}\n', encoding="utf-8")
    result = run("check", "--baseline", str(baseline), "--update-baseline", str(site / "missing.html"))
    assert result.exit_code == 2
    assert json.loads(baseline.read_text(encoding="utf-8"))["baseline"] == []


def test_fingerprint_ignores_position_but_not_context():
    def prints(html: str) -> list[str]:
        result = lint_source(SourceText(html, "a.html"), Config())
        return [fingerprint(f, result.source_text) for f in result.findings]

    page = "<p>More about the launch. Update soon.</p>"
    assert prints(page) == prints("\n\n\n" + page) == prints("<p>Intro.</p>\n   " + page)
    assert prints(page) != prints(page.replace("the launch", "the landing"))
