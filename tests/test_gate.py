"""The pre-publish gate shared by the front ends: fixes, baseline and threshold, then a verdict."""

from __future__ import annotations

from pathlib import Path

from copydesk.engine.config import ConfigFinder
from copydesk.engine.finding import FileResult, Finding
from copydesk.pipeline.gate import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Gate, fails


def _finding(severity: str) -> Finding:
    return Finding(
        rule="CD101", name="placeholder-text", category="placeholder", severity=severity, message="m",
        line=1, column=1, end_line=1, end_column=2, excerpt="x", fix=None, fix_safe=False, start=0, end=1,
    )  # fmt: skip


def test_threshold_ranks_severities_and_never_never_fails():
    assert fails([_finding("warning")], "warning") and fails([_finding("error")], "warning")
    assert not fails([_finding("info")], "warning") and fails([_finding("info")], "info")
    assert not fails([_finding("error")], "never") and not fails([], "info")


def test_status_is_the_worst_verdict_so_far_and_an_error_is_said():
    said: list[str] = []
    gate = Gate(note=said.append)
    gate.apply(FileResult("clean.html"))
    assert gate.status == EXIT_CLEAN
    gate.apply(FileResult("bad.html", findings=[_finding("warning")]))
    assert gate.status == EXIT_FINDINGS
    gate.apply(FileResult("broken.html", error="cannot decode"))
    gate.apply(FileResult("later.html", findings=[_finding("error")]))
    assert gate.status == EXIT_ERROR and said == ["broken.html: error: cannot decode"]


def test_exit_zero_keeps_findings_from_failing_but_not_errors():
    gate = Gate(exit_zero=True)
    gate.apply(FileResult("bad.html", findings=[_finding("error")]))
    assert gate.status == EXIT_CLEAN
    gate.apply(FileResult("broken.html", error="boom"))
    assert gate.status == EXIT_ERROR


def test_each_files_config_sets_its_threshold_unless_the_run_names_one(tmp_path: Path):
    strict, lenient = tmp_path / "strict", tmp_path / "lenient"
    strict.mkdir()
    lenient.mkdir()
    (strict / "copydesk.toml").write_text('fail-on = "info"\n', encoding="utf-8")
    (lenient / "copydesk.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    gate = Gate(finder=ConfigFinder(None))
    assert gate.threshold_for(str(strict / "a.html")) == "info"
    assert gate.threshold_for(str(lenient / "a.html")) == "never"
    assert Gate(finder=ConfigFinder(None), fail_on="error").threshold_for(str(lenient / "a.html")) == "error"
    info_only = FileResult(str(strict / "a.html"), findings=[_finding("info")])
    assert gate.fails(info_only) and not gate.fails(FileResult(str(lenient / "a.html"), findings=[_finding("error")]))
