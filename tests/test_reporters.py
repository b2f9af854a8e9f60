"""SARIF, GitHub and JUnit reports, and ``-o``: rendered from the same findings as JSON.

Each format is read back the way its consumer reads it (the official SARIF
schema, the runner's workflow-command syntax, an XML parser) and compared with
the JSON report of the same run, so a format cannot drift from the contract.
"""

from __future__ import annotations

import json
import os
import re
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from copydesk.engine.finding import FileResult, Finding
from copydesk.engine.rule import all_rules
from copydesk.frontends import cli
from copydesk.frontends.cli import main
from copydesk.pipeline import atomic
from copydesk.pipeline.atomic import atomic_write_text
from copydesk.reporters import github, junit, sarif
from copydesk.reporters.text import excerpt_lines

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

BAD = "<p>More about the launch. Update soon.</p>\n"
GOOD = "<p>The launch went ahead on Tuesday, officials said.</p>\n"
# CD501 (fixable: a fix in SARIF), CD401 (warning), CD503 (info: note/notice), CD505 and CD506 on line 3.
MIXED = (
    "<article><h1>Launch day</h1>\n"
    '<p>The the rocket rose. Also Read<a href="/x">Butterfly Nebula now has wings</a></p>\n'
    "<p>He said it went well , and left (for home.</p></article>\n"
)


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    (tmp_path / "bad.html").write_text(BAD, encoding="utf-8")
    (tmp_path / "good.html").write_text(GOOD, encoding="utf-8")
    (tmp_path / "mixed.html").write_text(MIXED, encoding="utf-8")
    (tmp_path / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return tmp_path


def json_report(path: Path) -> dict:
    return json.loads(run("check", "--format", "json", str(path)).stdout)


def all_findings(report: dict) -> list[tuple[str, dict]]:
    return [(f["path"], finding) for f in report["files"] for finding in f["findings"]]


# SARIF ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    checker = jsonschema.Draft4Validator.FORMAT_CHECKER
    assert "uri" in checker.checkers, "install the dev extras (rfc3986-validator) so URIs are checked too"
    return jsonschema.Draft4Validator(schema, format_checker=checker)


def test_sarif_is_valid_against_the_official_schema(articles, sarif_validator):
    result = run("check", "--format", "sarif", str(articles))
    assert result.exit_code == 2  # binary.html could not be read; the others are still reported
    log = json.loads(result.stdout)
    errors = sorted(sarif_validator.iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    assert log["version"] == "2.1.0"


def test_the_schema_check_is_not_vacuous(articles, sarif_validator):
    log = json.loads(run("check", "--format", "sarif", str(articles / "bad.html")).stdout)
    log["runs"][0]["results"][0]["level"] = "info"  # SARIF says "note"
    assert not sarif_validator.is_valid(log)
    del log["runs"][0]["tool"]
    assert not sarif_validator.is_valid(log)


def test_sarif_results_match_the_json_findings(articles):
    log = json.loads(run("check", "--format", "sarif", str(articles)).stdout)
    (sarif_run,) = log["runs"]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    rules = sarif_run["tool"]["driver"]["rules"]
    expected = [
        (sarif.artifact_uri(path), f["rule"], f["line"], f["column"], f["end_line"], f["end_column"], f["message"])
        for path, f in all_findings(json_report(articles))
    ]
    got = []
    for result in sarif_run["results"]:
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        region = physical["region"]
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        got.append(
            (
                physical["artifactLocation"]["uri"],
                result["ruleId"],
                region["startLine"],
                region["startColumn"],
                region["endLine"],
                region["endColumn"],
                result["message"]["text"],
            )
        )
    assert got == expected and len(got) >= 4


def test_sarif_levels_rules_help_and_fixes(articles):
    log = json.loads(run("check", "--format", "sarif", "--select", "ALL", str(articles / "mixed.html")).stdout)
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "copydesk"
    assert [rule["id"] for rule in driver["rules"]] == list(all_rules())
    for descriptor in driver["rules"]:
        rule = all_rules()[descriptor["id"]]
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert rule.why.strip() in descriptor["help"]["text"]
        assert rule.why.strip() in descriptor["help"]["markdown"]
        level = {"error": "error", "warning": "warning", "info": "note"}[rule.severity.value]
        assert descriptor["defaultConfiguration"]["level"] == level
    levels = {result["ruleId"]: result["level"] for result in sarif_run["results"]}
    assert (levels["CD501"], levels["CD503"], levels["CD506"]) == ("warning", "note", "warning")
    repeated = next(result for result in sarif_run["results"] if result["ruleId"] == "CD501")
    assert repeated["properties"]["excerpt"] == "The the"
    assert repeated["properties"]["selector"] == "article > p:nth-of-type(1)"
    (fix,) = repeated["fixes"]
    (replacement,) = fix["artifactChanges"][0]["replacements"]
    assert replacement["deletedRegion"] == repeated["locations"][0]["physicalLocation"]["region"]
    assert replacement["insertedContent"]["text"] == "The"


def test_sarif_keeps_files_that_could_not_be_linted(articles):
    log = json.loads(run("check", "--format", "sarif", str(articles)).stdout)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert "binary" in notification["message"]["text"]
    location = notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert location == sarif.artifact_uri(str(articles / "binary.html"))
    clean = json.loads(run("check", "--format", "sarif", str(articles / "good.html")).stdout)
    assert clean["runs"][0]["invocations"] == [{"executionSuccessful": True}]
    assert clean["runs"][0]["results"] == []


def test_sarif_uris_are_uri_references():
    assert sarif.artifact_uri("content/my story.html") == "content/my%20story.html"
    assert sarif.artifact_uri("<stdin>") == "%3Cstdin%3E"
    assert sarif.artifact_uri("/srv/news/a.html") == "file:///srv/news/a.html"


# GitHub workflow commands --------------------------------------------------------------------------

COMMAND = re.compile(r"^::(?P<command>error|warning|notice) (?P<properties>[^:]*)::(?P<message>.*)$")


def unescape(value: str) -> str:
    """The runner's reading of an escaped value (``%`` last, so ``%253A`` stays ``%3A``)."""
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, char)
    return value


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    properties = dict(pair.split("=", 1) for pair in match["properties"].split(","))
    return match["command"], {key: unescape(value) for key, value in properties.items()}, unescape(match["message"])


def test_github_commands_parse_back_to_the_json_findings(articles):
    result = run("check", "--format", "github", "--select", "ALL", str(articles))
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    parsed = [parse_command(line) for line in lines]
    error_lines = [p for p in parsed if p[1].get("title") == "copydesk"]
    assert [(p[0], p[1]["file"]) for p in error_lines] == [("error", str(articles / "binary.html"))]
    report = json.loads(run("check", "--format", "json", "--select", "ALL", str(articles)).stdout)
    commands = [p for p in parsed if p[1].get("title") != "copydesk"]
    expected = all_findings(report)
    assert len(commands) == len(expected) >= 5
    for (command, props, message), (path, finding) in zip(commands, expected, strict=True):
        assert command == {"error": "error", "warning": "warning", "info": "notice"}[finding["severity"]]
        assert props["file"] == path and props["title"] == finding["rule"] and message == finding["message"]
        assert int(props["line"]) == finding["line"] and int(props["endLine"]) == finding["end_line"]
        assert int(props["col"]) == finding["column"]
        assert int(props["endColumn"]) == finding["end_column"] - 1  # GitHub's end is the last character
    assert {command for command, _, _ in commands} == {"error", "warning", "notice"}


def test_github_escapes_data_and_properties():
    finding = Finding(
        rule="CD101", name="placeholder-text", category="placeholder", severity="warning",
        message="100% wrong:\r\nsee, here", line=3, column=2, end_line=3, end_column=9, excerpt="x",
    )  # fmt: skip
    line = github.render([FileResult("news/a,b:c%.html", [finding])]).rstrip("\n")
    assert "\n" not in line and "\r" not in line
    assert line == (
        "::warning file=news/a%2Cb%3Ac%25.html,line=3,col=2,endLine=3,endColumn=8,title=CD101"
        "::100%25 wrong:%0D%0Asee, here"
    )
    command, props, message = parse_command(line)
    assert (command, props["file"], message) == ("warning", "news/a,b:c%.html", "100% wrong:\r\nsee, here")


def test_github_multiline_finding_has_no_columns():
    finding = Finding("CD506", "unbalanced-brackets", "typography", "info", "m", 2, 7, 4, 3, "(")
    _, props, _ = parse_command(github.render([FileResult("a.html", [finding])]).strip())
    assert props == {"file": "a.html", "line": "2", "endLine": "4", "title": "CD506"}


# JUnit ---------------------------------------------------------------------------------------------


def test_junit_one_testcase_per_file_and_a_failure_per_finding(articles):
    result = run("check", "--format", "junit", str(articles))
    assert result.exit_code == 2
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(result.stdout.encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = {Path(case.get("name", "")).name: case for case in suite.findall("testcase")}
    assert sorted(cases) == ["bad.html", "binary.html", "good.html", "mixed.html"]
    report = json_report(articles)
    for file in report["files"]:
        case = cases[Path(file["path"]).name]
        failures = case.findall("failure")
        assert [f.get("type", "").split()[0] for f in failures] == [f["rule"] for f in file["findings"]]
        for failure, finding in zip(failures, file["findings"], strict=True):
            assert finding["message"] in failure.get("message", "")
            assert f"excerpt: {finding['excerpt']}" in (failure.text or "")
    assert cases["good.html"].find("failure") is None and cases["good.html"].find("error") is None
    error = cases["binary.html"].find("error")
    assert error is not None and "binary" in error.get("message", "")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "2", "1")
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "2", "1")


def test_junit_survives_characters_xml_cannot_carry():
    finding = Finding("CD101", "placeholder-text", "placeholder", "error", 'a <b> & "c"\x0c\x00', 1, 1, 1, 2, "\x1b")
    text = junit.render([FileResult("odd\x01.html", [finding]), FileResult("gone.html", error="bad\x07byte")])
    root = ET.fromstring(text.encode("utf-8"))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.get("message", "").endswith('a <b> & "c"\ufffd\ufffd')
    assert root.find("testsuite/testcase").get("name") == "odd\ufffd.html"  # type: ignore[union-attr]
    error = root.find("testsuite/testcase[@name='gone.html']/error")
    assert error is not None and error.get("message") == "bad\ufffdbyte"


# -o / --output --------------------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["json", "sarif", "github", "junit", "text"])
def test_output_file_holds_what_stdout_would(articles, tmp_path_factory, output_format):
    reports = tmp_path_factory.mktemp("reports")
    target = reports / "report.out"
    to_stdout = run("check", "--no-color", "--format", output_format, str(articles))
    to_file = run("check", "--color", "--format", output_format, "-o", str(target), str(articles))
    assert to_file.exit_code == to_stdout.exit_code == 2
    assert to_file.stdout == ""
    assert target.read_text(encoding="utf-8") == to_stdout.stdout  # and text has no colour even with --color
    assert "\x1b[" not in target.read_text(encoding="utf-8")
    assert "binary.html: error:" in to_file.stderr
    assert [p.name for p in reports.iterdir()] == ["report.out"]  # no temporary file left behind


def test_output_exit_code_is_the_same_as_stdout(articles, tmp_path_factory):
    target = tmp_path_factory.mktemp("reports") / "r.json"
    assert run("check", "--format", "json", "-o", str(target), str(articles / "bad.html")).exit_code == 1
    assert run("check", "--format", "json", "-o", str(target), str(articles / "good.html")).exit_code == 0
    assert json.loads(target.read_text())["summary"]["findings"] == 0


@pytest.mark.parametrize("fmt", ["sarif", "json", "text"])  # collected, and streamed into the temporary file
def test_interrupted_run_leaves_the_previous_report(articles, tmp_path_factory, monkeypatch, fmt):
    reports = tmp_path_factory.mktemp("reports")
    target = reports / f"report.{fmt}"
    target.write_text("previous report\n")

    def interrupted(*args, **kwargs):
        yield FileResult(str(articles / "bad.html"))
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "lint_paths", interrupted)
    result = CliRunner().invoke(main, ["check", "--format", fmt, "-o", str(target), str(articles)])
    assert result.exit_code != 0
    assert target.read_text() == "previous report\n"
    assert sorted(p.name for p in reports.iterdir()) == [f"report.{fmt}"]


def test_failed_write_leaves_the_previous_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    target.write_text("old\n")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", disk_full)
    with pytest.raises(OSError):
        atomic_write_text(target, "new\n" * 1000)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_atomic_write_keeps_mode_and_follows_symlinks(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old")
    os.chmod(real, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic_write_text(link, "new ✓")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new ✓"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.txt"
    previous = os.umask(0o022)
    try:
        atomic_write_text(fresh, "x")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644  # as open() would make it, not mkstemp's 0o600


def test_unwritable_output_is_an_input_error(articles, tmp_path):
    result = run("check", "-o", str(tmp_path / "missing-dir" / "r.txt"), str(articles / "good.html"))
    assert result.exit_code == 2
    assert "cannot write the report" in result.stderr


def test_text_underline_of_a_long_sentence_is_capped(tmp_path):
    """A 400-character CD901 sentence draws at most 50 carets and "…", not a wall of 400 (issue #22, item 11)."""
    sentence = "The council met " + "and talked about the budget " * 15 + "until late."
    story = tmp_path / "story.txt"
    story.write_text(f"Budget\n\n{sentence}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--select", "CD901", "--no-color", "-j", "1", str(story)])
    lines = result.output.splitlines()
    (at,) = [number for number, line in enumerate(lines) if " CD901 " in line]
    shown, carets = lines[at + 1], lines[at + 2]
    assert len(sentence) > 400
    assert carets.strip() == "^" * 50 + "…"
    assert len(shown) < 100 and shown.endswith("…")


def test_text_underline_of_a_short_span_is_whole():
    finding = Finding("CD101", "placeholder-text", "placeholder", "error", "m", 1, 5, 1, 16, "Update soon")
    shown, carets = excerpt_lines("The Update soon here.", finding)
    assert (shown, carets) == ("The Update soon here.", "    " + "^" * 11)
