"""Baselines: adopt copydesk on an archive without fixing every old finding first.

``copydesk check --update-baseline --baseline FILE`` records today's findings;
``copydesk check --baseline FILE`` then reports only findings that are not in
it. A finding is matched by its rule, its file (relative to the baseline file,
so the baseline can be committed and used from any directory) and a
*fingerprint*: a hash of the flagged excerpt and a little of the text around it
on the same line (whitespace collapsed). Line and column numbers are not part
of it, so adding a paragraph above an old finding does not bring it back, while
editing the sentence around it does. Matching counts: two identical old
findings in a file waive two, and a third copy is new.

A baseline may also be a waiver list written by hand or by an editor tool: the
editor-report JSON, a list of ``{"rule", "path", "line", "column", "excerpt"}``
(``line``/``column`` are ignored), or a ``copydesk check --format json``
report. Those entries have no context and match by rule, path and excerpt.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from copydesk.engine.finding import FileResult, Finding
from copydesk.pipeline.atomic import atomic_write_text

BASELINE_VERSION = 1
CONTEXT_CHARS = 24
_NOT_FILES = ("<stdin>", "<string>", "<request>", "-")


class BaselineError(Exception):
    """The baseline file cannot be read or is not a baseline (exit code 2)."""


def _squash(text: str) -> str:
    return " ".join(text.split())


def fingerprint(finding: Finding, source_text: str | None) -> str:
    """A line-number-free identity: rule, excerpt and the text just around it on its line."""
    if finding.end <= finding.start and not finding.excerpt:
        parts = [finding.rule, finding.message]  # about the article as a whole: no place to anchor on
    else:
        before = after = ""
        if source_text is not None:
            line_start = source_text.rfind("\n", 0, finding.start) + 1
            line_end = source_text.find("\n", finding.end)
            line_end = len(source_text) if line_end < 0 else line_end
            before = source_text[max(line_start, finding.start - CONTEXT_CHARS) : finding.start]
            after = source_text[finding.end : min(line_end, finding.end + CONTEXT_CHARS)]
        parts = [finding.rule, _squash(finding.excerpt), _squash(before), _squash(after)]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:20]


class Baseline:
    """The findings a baseline waives, keyed relative to the baseline file's folder."""

    def __init__(self, file: str | os.PathLike[str]) -> None:
        self.file = Path(file)
        self.base = self.file.resolve().parent
        self.fingerprints: Counter[tuple[str, str, str]] = Counter()
        self.excerpts: Counter[tuple[str, str, str]] = Counter()

    def key_path(self, path: str) -> str:
        """``path`` as stored: relative to the baseline's folder, with ``/``."""
        if path in _NOT_FILES:
            return path
        absolute = Path(os.path.abspath(path))
        try:
            return Path(os.path.relpath(absolute, self.base)).as_posix()
        except ValueError:  # another drive on Windows
            return absolute.as_posix()

    @classmethod
    def load(cls, file: str | os.PathLike[str]) -> Baseline:
        baseline = cls(file)
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{file}: no such baseline file (create it with --update-baseline)") from None
        except OSError as exc:
            raise BaselineError(f"{file}: cannot read the baseline: {exc.strerror or exc}") from exc
        except (UnicodeDecodeError, ValueError) as exc:
            raise BaselineError(f"{file}: the baseline is not valid JSON: {exc}") from exc
        if isinstance(data, dict) and "baseline" in data:
            entries = data["baseline"]
            if not isinstance(entries, list):
                raise BaselineError(f"{file}: 'baseline' must be a list of findings")
            for entry in entries:
                rule, path, mark = _fields(entry, ("rule", "path", "fingerprint"), file)
                baseline.fingerprints[(rule, _normal(path), mark)] += 1
        elif isinstance(data, dict) and "files" in data:  # a `copydesk check --format json` report
            for entry in _report_entries(data, file):
                baseline._add_excerpt(entry, file, Path.cwd())  # a report names files as given to `check`
        elif isinstance(data, list):  # the editor report: [{rule, path, line, column, excerpt}]
            for entry in data:
                baseline._add_excerpt(entry, file, baseline.base)
        else:
            raise BaselineError(
                f"{file}: not a baseline: expected a copydesk baseline, a JSON report, "
                'or a list of {"rule", "path", "line", "column", "excerpt"}'
            )
        return baseline

    def _add_excerpt(self, entry: Any, file: str | os.PathLike[str], relative_to: Path) -> None:
        rule, path, excerpt = _fields(entry, ("rule", "path", "excerpt"), file)
        key = path if path in _NOT_FILES else self.key_path(str(relative_to / path))
        self.excerpts[(rule, key, _squash(excerpt))] += 1

    def filter(self, result: FileResult) -> list[Finding]:
        """The findings of ``result`` this baseline does not waive (each waiver is used once)."""
        path = self.key_path(result.path)
        kept = []
        for finding in result.findings:
            by_print = (finding.rule, path, fingerprint(finding, result.source_text))
            by_excerpt = (finding.rule, path, _squash(finding.excerpt))
            if self.fingerprints[by_print] > 0:
                self.fingerprints[by_print] -= 1
            elif self.excerpts[by_excerpt] > 0:
                self.excerpts[by_excerpt] -= 1
            else:
                kept.append(finding)
        return kept


def _normal(path: str) -> str:
    return Path(path).as_posix() if path not in _NOT_FILES else path


def _fields(entry: Any, names: tuple[str, str, str], file: str | os.PathLike[str]) -> tuple[str, str, str]:
    if not isinstance(entry, dict) or not all(isinstance(entry.get(name), str) for name in names):
        raise BaselineError(f"{file}: each entry needs string fields {', '.join(names)}: {entry!r}")
    return entry[names[0]], entry[names[1]], entry[names[2]]


def _report_entries(data: dict[str, Any], file: str | os.PathLike[str]) -> Iterable[dict[str, Any]]:
    files = data.get("files")
    if not isinstance(files, list):
        raise BaselineError(f"{file}: 'files' must be a list")
    for item in files:
        if not isinstance(item, dict) or not isinstance(item.get("findings", []), list):
            raise BaselineError(f"{file}: each file needs a findings list: {item!r}")
        for finding in item.get("findings", []):
            if isinstance(finding, dict):
                yield {**finding, "path": item.get("path")}


def baseline_data(file: str | os.PathLike[str], results: Iterable[FileResult]) -> dict[str, Any]:
    """The baseline for ``results`` (each with its ``source_text``), as written to ``file``."""
    keys = Baseline(file)
    entries = [
        {
            "rule": finding.rule,
            "path": keys.key_path(result.path),
            "fingerprint": fingerprint(finding, result.source_text),
            "excerpt": finding.excerpt,
        }
        for result in results
        for finding in result.findings
    ]
    entries.sort(key=lambda entry: (entry["path"], entry["rule"], entry["fingerprint"]))
    return {"version": BASELINE_VERSION, "tool": "copydesk", "baseline": entries}


def write_baseline(file: str | os.PathLike[str], results: Iterable[FileResult]) -> int:
    """Write the baseline atomically; returns how many findings it records."""
    data = baseline_data(file, results)
    atomic_write_text(file, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return len(data["baseline"])
