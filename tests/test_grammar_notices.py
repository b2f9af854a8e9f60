"""Notices: what the grammar check left unchecked is said in the file's result, never as a finding.

Three kinds, each through the text, JSON and SARIF reports (GitHub, JUnit and
HTML show them too): a language no engine checks, an article past the budget,
and an engine that fails on a page. A notice never counts as a finding, never
fails the gate and is not baselined.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from copydesk.engine.config import Config
from copydesk.engine.finding import FileResult, Notice
from copydesk.engine.lint import lint_source
from copydesk.frontends.cli import main
from copydesk.grammar import checker
from copydesk.grammar.base import EngineMatch
from copydesk.grammar.settings import GrammarSettings
from copydesk.reporters import github, html, junit, sarif
from copydesk.source.text import SourceText

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
GERMAN = (
    '<!DOCTYPE html><html lang="de"><head><title>Haushalt</title></head><body><article>\n'
    "<h1>Der Stadtrat beschließt den Haushalt</h1>\n"
    "<p>Der Bürgermeister sagte am Dienstag, die Stadt werde handeln.</p>\n"
    "</article></body></html>\n"
)
PARAGRAPH = "The council met on Tuesday and voted on the budget for the coming year. " * 13


def _english(*paragraphs: str) -> str:
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        '<!DOCTYPE html><html lang="en-US"><head><title>Budget</title></head><body><article>\n'
        f"<h1>Council passes budget</h1>\n{body}\n</article></body></html>\n"
    )


def run(*args: str):
    return CliRunner().invoke(main, ["check", "-j", "1", "--no-cache", *args], catch_exceptions=False)


class Silent:
    """An engine that finds nothing: the budget is what is tested."""

    name, version, options = "silent", "1", ""

    def supports(self, language: str) -> bool:
        return True

    def check(self, text: str, language: str) -> list[EngineMatch]:
        return []


class Exploding(Silent):
    """A fake engine with a bug: it raises on every page."""

    name = "exploding"

    def check(self, text: str, language: str) -> list[EngineMatch]:
        raise RuntimeError("index out of range in the fake engine")


def _sarif_valid(log: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


# --- an unchecked language ---------------------------------------------------------------------


def test_unchecked_language_is_a_notice_in_text_json_and_sarif(tmp_path):
    page = tmp_path / "de.html"
    page.write_text(GERMAN, encoding="utf-8")

    text = run("--select", "CD8", "--fail-on", "info", str(page))
    assert text.exit_code == 0  # a notice never fails the gate, even at --fail-on info
    assert "CD804 [" not in text.stdout  # not printed as a finding
    assert f"{page}:1:16: note: CD804 grammar and spelling not checked" in text.stdout
    assert "Found 0 findings" in text.stdout and "1 note on what was not checked" in text.stdout

    report = json.loads(run("--select", "CD8", "--format", "json", str(page)).stdout)
    entry = report["files"][0]
    assert entry["findings"] == [] and report["summary"]["findings"] == 0
    assert [(n["code"], n["kind"], n["line"], n["column"]) for n in entry["notices"]] == [
        ("CD804", "language-skipped", 1, 16)
    ]

    log = json.loads(run("--select", "CD8", "--format", "sarif", str(page)).stdout)
    _sarif_valid(log)
    invocation = log["runs"][0]["invocations"][0]
    assert log["runs"][0]["results"] == []
    assert invocation["executionSuccessful"] is True  # the run did what it was asked
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "note" and note["descriptor"]["id"] == "language-skipped"
    assert note["associatedRule"]["id"] == "CD804"
    assert note["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


def test_quiet_output_has_no_notes(tmp_path):
    page = tmp_path / "de.html"
    page.write_text(GERMAN, encoding="utf-8")
    assert run("--select", "CD8", "--quiet", str(page)).stdout == ""


def test_an_english_page_has_no_notice(tmp_path):
    """Near miss: a page checked whole says nothing."""
    page = tmp_path / "en.html"
    page.write_text(_english("The council met on Tuesday."), encoding="utf-8")
    report = json.loads(run("--select", "CD8", "--format", "json", str(page)).stdout)
    assert report["files"][0]["notices"] == []


# --- a partly checked article ------------------------------------------------------------------


def test_partly_checked_article_is_a_notice_at_the_first_unchecked_word(tmp_path, monkeypatch):
    monkeypatch.setattr(checker, "engines_for", lambda settings: [Silent()])
    count = checker.MAX_ARTICLE // len(PARAGRAPH) + 3
    page = tmp_path / "long.html"
    page.write_text(_english(*(f"Part {index}. {PARAGRAPH}" for index in range(count))), encoding="utf-8")
    lines = page.read_text(encoding="utf-8").splitlines()

    text = run("--select", "CD8", str(page))
    assert text.exit_code == 0
    (note,) = [line for line in text.stdout.splitlines() if "note:" in line]
    line, column = (int(part) for part in note.split(": note:")[0].rsplit(":", 2)[1:])
    assert lines[line - 1][column - 1 :].startswith("Part ") and column == 4
    assert "checked only" in note

    entry = json.loads(run("--select", "CD8", "--format", "json", str(page)).stdout)["files"][0]
    assert entry["findings"] == []
    (notice,) = entry["notices"]
    assert (notice["kind"], notice["line"], notice["column"], notice["end_column"]) == ("partly-checked", line, 4, 8)

    log = json.loads(run("--select", "CD8", "--format", "sarif", str(page)).stdout)
    _sarif_valid(log)
    (sarif_note,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    region = sarif_note["locations"][0]["physicalLocation"]["region"]
    assert (sarif_note["level"], region["startLine"], region["startColumn"]) == ("note", line, 4)


# --- an engine that fails on a page ------------------------------------------------------------


def test_an_engine_that_raises_leaves_a_notice_and_the_other_rules_still_run(tmp_path, monkeypatch):
    monkeypatch.setattr(checker, "engines_for", lambda settings: [Exploding()])
    page = tmp_path / "broken.html"
    page.write_text(_english("Update soon.", "The council met on Tuesday."), encoding="utf-8")

    text = run("--select", "CD8,CD101", str(page))
    assert text.exit_code == 1  # the placeholder (CD101) fails the gate; the notice does not
    assert "CD101 [error]" in text.stdout
    assert "note: CD804 the grammar engine 'exploding' failed on this page (RuntimeError" in text.stdout

    report = json.loads(run("--select", "CD8,CD101", "--format", "json", str(page)).stdout)
    entry = report["files"][0]
    assert entry["error"] is None and [f["rule"] for f in entry["findings"]] == ["CD101"]
    (notice,) = entry["notices"]
    assert notice["kind"] == "engine-failed" and notice["code"] == "CD804"
    assert "left unchecked" in notice["message"] and notice["line"] == 2  # the headline: the first text of the copy

    log = json.loads(run("--select", "CD8,CD101", "--format", "sarif", str(page)).stdout)
    _sarif_valid(log)
    run_log = log["runs"][0]
    assert [r["ruleId"] for r in run_log["results"]] == ["CD101"]
    (note,) = run_log["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "warning" and note["descriptor"]["id"] == "engine-failed"
    assert run_log["invocations"][0]["executionSuccessful"] is True


def test_a_harper_panic_on_a_paragraph_is_a_notice_not_a_stderr_line(tmp_path, monkeypatch, capsys):
    """Harper's PanicException on one paragraph: that paragraph is named in the notices, the rest is checked."""
    from copydesk.grammar import harper as harper_engine

    class PanicException(BaseException):  # named as pyo3's, which is how copydesk recognises it
        pass

    engine = harper_engine.HarperEngine()
    real = engine._linter(0)

    class Fussy:
        def organized_lints(self, text, language, regex_mask):
            if "Zanzibar" in text:
                raise PanicException("char_string.rs: range out of bounds")
            return real.organized_lints(text, language=language, regex_mask=regex_mask)

    monkeypatch.setattr(engine, "_linter", lambda dialect: Fussy())
    monkeypatch.setattr(checker, "engines_for", lambda settings: [engine])
    page = _english("The goverment met on Tuesday.", "Ferries to Zanzibar left late on Monday.")
    config = Config(select=("CD8",), grammar=GrammarSettings(cache=False))
    result = lint_source(SourceText(page, "p.html"), config)
    assert [f.excerpt for f in result.findings] == ["goverment"]  # the other paragraph is still checked
    (notice,) = result.notices
    assert notice.kind == "engine-failed" and notice.line == 4 and notice.column == 4
    assert "failed on this paragraph" in notice.message
    assert capsys.readouterr().err == ""


# --- the other reporters -----------------------------------------------------------------------

RESULT = FileResult(
    "story.html",
    notices=[
        Notice("CD804", "partly-checked", "grammar and spelling checked only 60,000 of 80,000 characters", 7, 3, 7, 9),
        Notice("CD804", "language-skipped", "grammar and spelling not checked: no engine checks 'de'"),
    ],
)


def test_github_annotates_notices_as_notice_commands():
    lines = github.render([RESULT]).splitlines()
    assert lines[0].startswith("::notice file=story.html,line=7,col=3,title=CD804 (not checked)::grammar")
    assert lines[1].startswith("::notice file=story.html,title=CD804 (not checked)::grammar and spelling not")


def test_junit_puts_notices_in_system_out_not_failures():
    xml = junit.render([RESULT])
    assert 'failures="0"' in xml and "<failure" not in xml
    assert "story.html:7:3: note: CD804 grammar and spelling checked only" in xml
    assert "story.html: note: CD804 grammar and spelling not checked" in xml


def test_html_report_shows_notices_as_notes():
    page = html.render([RESULT])
    assert page.count('class="file-notice"') == 2 and "no findings" in page


def test_sarif_of_a_notice_without_position_has_no_region():
    log = sarif.report([RESULT])
    _sarif_valid(log)
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert "region" in notes[0]["locations"][0]["physicalLocation"]
    assert "region" not in notes[1]["locations"][0]["physicalLocation"]


@pytest.mark.parametrize("fail_on", ["error", "warning", "info"])
def test_notices_never_fail_the_gate(tmp_path, fail_on):
    page = tmp_path / "de.html"
    page.write_text(GERMAN, encoding="utf-8")
    assert run("--select", "CD804", "--fail-on", fail_on, str(page)).exit_code == 0
