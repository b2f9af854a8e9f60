"""Compiler-style text output: ``path:line:col: CODE [severity] message``.

Each finding is followed by its source line with a caret underline, windowed
around the defect because scraped pages often put a whole article on one line.
Colour is for terminals only; the caller decides.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import TextIO

import click
from copydesk.engine.finding import FileResult, Finding, Notice

from .json import flesch_of

SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}
_WINDOW_BEFORE = 60
_WINDOW_SPAN = 90
# A long span (a 300-character sentence for CD901) would draw a wall of carets under a wall of text:
# as rustc and ruff do, the excerpt stops _WINDOW_SPAN characters after the start and the underline
# marks the span's first _MAX_UNDERLINE columns, then "…" says it goes on (the message gives the rest).
_MAX_UNDERLINE = 50


def _width(text: str) -> int:
    """Display width: East Asian wide characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def excerpt_lines(line_text: str, finding: Finding) -> tuple[str, str]:
    """The (windowed) source line and a caret line under the finding's span."""
    line_text = line_text.replace("\t", " ")
    start = finding.column - 1
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line_text)
    end = max(end, start + 1)
    window_start = max(0, start - _WINDOW_BEFORE)
    window_end = min(len(line_text), start + _WINDOW_SPAN)
    prefix = "…" if window_start > 0 else ""
    suffix = "…" if window_end < len(line_text) else ""
    shown = prefix + line_text[window_start:window_end] + suffix
    lead = _width(prefix + line_text[window_start:start])
    span = max(1, _width(line_text[start : min(end, window_end)]))
    if span > _MAX_UNDERLINE or end > window_end:
        return shown, " " * lead + "^" * min(span, _MAX_UNDERLINE) + "…"
    return shown, " " * lead + "^" * span


class TextReporter:
    """Streams findings as they arrive, then prints a summary."""

    def __init__(self, out: TextIO, *, colour: bool, quiet: bool, statistics: bool, source_lines: bool = True) -> None:
        self.out = out
        self.colour = colour
        self.quiet = quiet
        self.statistics = statistics
        self.source_lines = source_lines and not quiet
        self.counts: Counter[str] = Counter()
        self.by_rule: Counter[tuple[str, str]] = Counter()
        self.files = 0
        self.errors = 0
        self.notices = 0
        # A running sum, not a list of scores: an archive run keeps nothing per file.
        self.flesch_sum = 0.0
        self.flesch_files = 0

    def _style(self, text: str, **style: object) -> str:
        return click.style(text, **style) if self.colour else text  # type: ignore[arg-type]

    def file(self, result: FileResult, display_path: str) -> None:
        self.files += 1
        if result.error is not None:
            self.errors += 1
            return  # errors go to stderr via the CLI, so pipes keep findings only
        score = flesch_of(result)
        if score is not None:
            self.flesch_sum += score
            self.flesch_files += 1
        lines = (result.source_text or "").splitlines() if self.source_lines else []
        for finding in result.findings:
            self.counts[finding.severity] += 1
            self.by_rule[(finding.rule, finding.name)] += 1
            if self.statistics:
                continue
            severity = self._style(finding.severity, fg=SEVERITY_COLOURS[finding.severity], bold=True)
            location = self._style(f"{display_path}:{finding.line}:{finding.column}:", bold=True)
            code = self._style(finding.rule, fg=SEVERITY_COLOURS[finding.severity])
            self.out.write(f"{location} {code} [{severity}] {finding.message}\n")
            if self.source_lines and 0 < finding.line <= len(lines):
                shown, carets = excerpt_lines(lines[finding.line - 1], finding)
                self.out.write(f"    {shown}\n    {self._style(carets, fg=SEVERITY_COLOURS[finding.severity])}\n")
        self.notices += len(result.notices)
        if not self.statistics and not self.quiet:
            for notice in result.notices:
                self.out.write(self.note_line(notice, display_path) + "\n")

    def note_line(self, notice: Notice, display_path: str) -> str:
        """``path[:line:col]: note: CODE message``: a notice under the file's findings, as compilers print notes.

        Not in ``--quiet`` output (finding lines only) and never counted as a finding.
        """
        where = f"{display_path}:{notice.line}:{notice.column}:" if notice.line is not None else f"{display_path}:"
        note = self._style("note:", fg="cyan", bold=True)
        return f"{self._style(where, bold=True)} {note} {notice.code} {notice.message}"

    def finish(self) -> None:
        if self.statistics:
            for (code, name), count in sorted(self.by_rule.items(), key=lambda item: (-item[1], item[0])):
                self.out.write(f"{count:6d}  {code}  {name}\n")
            if self.flesch_files:
                mean = self.flesch_sum / self.flesch_files
                files = f"{self.flesch_files} file{'s' if self.flesch_files != 1 else ''}"
                self.out.write(f"Flesch reading ease: {mean:.1f} (mean over {files} of English copy)\n")
        if self.quiet:
            return
        total = sum(self.counts.values())
        parts = [
            f"{self.counts[level]} {level}{'s' if self.counts[level] != 1 and level != 'info' else ''}"
            for level in ("error", "warning", "info")
        ]
        files = f"{self.files} file{'s' if self.files != 1 else ''}"
        summary = f"Found {total} finding{'s' if total != 1 else ''} ({', '.join(parts)}) in {files}"
        if self.errors:
            summary += f"; {self.errors} could not be linted"
        if self.notices:
            summary += f"; {self.notices} note{'s' if self.notices != 1 else ''} on what was not checked"
        self.out.write(self._style(summary + ".", bold=True) + "\n")
