"""The pre-publish gate: safe fixes, the baseline and the fail-on threshold, applied to each file's result.

Every front end that decides "may this go out?" does it here, the same way:
the CLI runs each result through a :class:`Gate` and exits with its status; the
HTTP service reports the same verdict for the page it checked. A result's
findings are first fixed (``--fix``: the safe fixes are written and what they
fixed is no longer reported), then filtered by the baseline (waived findings
are not reported), and only what remains is held against the threshold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from copydesk.engine.config import ConfigError, ConfigFinder
from copydesk.engine.finding import FileResult, Finding
from copydesk.engine.rule import Severity
from copydesk.model.inputs import shown_path
from copydesk.pipeline.baseline import Baseline
from copydesk.pipeline.fix import FixError, remaining, write_fixes

#: Exit codes, and the gate's verdicts: nothing at or above the threshold, findings at or
#: above it, a file that could not be linted (or a usage or configuration error).
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
#: The threshold when neither the command line nor a config names one.
DEFAULT_FAIL_ON = "warning"
STDIN_NAMES = ("-", "<stdin>")


def fails(findings: Iterable[Finding], threshold: str) -> bool:
    """Whether any finding is at or above ``threshold`` (``never`` never fails)."""
    if threshold == "never":
        return False
    rank = Severity(threshold).rank
    return any(Severity(finding.severity).rank >= rank for finding in findings)


def _ignore(_message: str) -> None:
    """A gate with nowhere to say things (the service, the API) drops its notes."""


@dataclass
class Gate:
    """Fixes, baseline and threshold for a run; :attr:`status` is the run's verdict so far.

    ``fail_on`` None lets each file's config decide (``fail-on`` in
    ``[tool.copydesk]``, else :data:`DEFAULT_FAIL_ON`); ``exit_zero`` keeps
    findings from failing the run (a file that could not be linted still does).
    ``note`` receives what a person should read: a file's error, what ``--fix``
    changed or could not change.
    """

    fix: bool = False
    baseline: Baseline | None = None
    fail_on: str | None = None
    finder: ConfigFinder | None = None
    exit_zero: bool = False
    note: Callable[[str], None] = _ignore
    status: int = field(default=EXIT_CLEAN, init=False)

    def threshold_for(self, path: str) -> str:
        """The fail-on threshold for one file: the run's, else its config's, else the default."""
        if self.fail_on is not None:
            return self.fail_on
        if self.finder is None:
            return DEFAULT_FAIL_ON
        try:
            config = self.finder.for_path(None if path in STDIN_NAMES else Path(path))
        except ConfigError:
            return DEFAULT_FAIL_ON  # the file's own result reports its broken config
        return config.fail_on or DEFAULT_FAIL_ON

    def apply(self, result: FileResult) -> FileResult:
        """Fix, filter and judge one result (in place), updating :attr:`status`; returns it for chaining."""
        if result.error is not None:
            self.status = EXIT_ERROR
            self.note(f"{shown_path(result.path)}: error: {result.error}")
            return result
        if self.fix:
            self._write_fixes(result)
        if self.baseline is not None:
            result.findings = self.baseline.filter(result)
        if self.status == EXIT_CLEAN and not self.exit_zero and self.fails(result):
            self.status = EXIT_FINDINGS
        return result

    def fails(self, result: FileResult) -> bool:
        """Whether this result alone fails the gate (what the service reports for one page)."""
        return result.error is not None or fails(result.findings, self.threshold_for(result.path))

    def _write_fixes(self, result: FileResult) -> None:
        """Apply the safe fixes to one file; what was fixed is no longer reported."""
        try:
            edits = write_fixes(result)
        except FixError as exc:
            if any(finding.fix_safe for finding in result.findings):
                self.note(f"{shown_path(result.path)}: {exc}")
            return
        except OSError as exc:
            self.note(f"{shown_path(result.path)}: not fixed: cannot write: {exc.strerror or exc}")
            return
        if edits:
            result.findings = remaining(result, edits)
            self.note(f"{shown_path(result.path)}: fixed {len(edits)} finding{'s' if len(edits) != 1 else ''}")
