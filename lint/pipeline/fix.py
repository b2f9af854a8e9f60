"""Applying safe fixes to the original file, and showing them as a diff.

A fix replaces exactly its finding's source span and nothing else. Fixes that
overlap an earlier one in the file are left for the next run rather than
guessed at. The fixed text is written back the way the file was written
(encoding, byte order mark, line ends untouched outside the spans) and
atomically, so an interrupted run leaves the original intact. A file that was
decoded with replacement characters, or that changed while it was linted, is
never written: its bytes could not be reproduced.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from copydesk.engine.finding import FileResult, Finding
from copydesk.model.inputs import shown_path
from copydesk.pipeline.atomic import atomic_write_bytes
from copydesk.source.text import SourceText


@dataclass(frozen=True)
class Edit:
    """One applied fix: the source span ``[start, end)`` became ``replacement``."""

    start: int
    end: int
    replacement: str
    rule: str


def plan_edits(text: str, findings: Iterable[Finding]) -> list[Edit]:
    """The safe fixes to apply, in file order, without overlaps."""
    edits: list[Edit] = []
    last_end = -1
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        if not finding.fix_safe or finding.fix is None:
            continue
        if not 0 <= finding.start <= finding.end <= len(text) or finding.start < last_end:
            continue
        edits.append(Edit(finding.start, finding.end, finding.fix, finding.rule))
        last_end = max(finding.end, finding.start + 1)
    return edits


def apply_edits(text: str, edits: list[Edit]) -> str:
    """``text`` with each edit's span replaced (edits in file order, not overlapping)."""
    pieces: list[str] = []
    position = 0
    for edit in edits:
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


class FixError(Exception):
    """A file that must not be written (its bytes could not be reproduced)."""


def fixed_text(result: FileResult) -> tuple[str, list[Edit]]:
    """The result's text with its safe fixes applied, and the edits made."""
    if result.error is not None or result.source_text is None:
        raise FixError("not fixed: the file could not be linted")
    if not result.lossless:
        raise FixError("not fixed: the file was decoded with replacement characters, so it cannot be written back")
    edits = plan_edits(result.source_text, result.findings)
    return apply_edits(result.source_text, edits), edits


def write_fixes(result: FileResult) -> list[Edit]:
    """Apply the safe fixes to the file on disk; returns the edits (none: file untouched)."""
    new_text, edits = fixed_text(result)
    if not edits:
        return []
    with open(result.path, "rb") as handle:
        current = handle.read()
    source = SourceText(result.source_text or "", result.path, result.encoding or "utf-8")
    source.bom = result.bom
    if source.encode(result.source_text or "") != current:
        raise FixError("not fixed: the file changed while it was being linted")
    atomic_write_bytes(result.path, source.encode(new_text))
    return edits


def unified_diff(result: FileResult) -> str:
    """What ``--fix`` would change in this file, as a unified diff (empty: nothing)."""
    new_text, edits = fixed_text(result)
    if not edits:
        return ""
    old_lines = (result.source_text or "").splitlines(keepends=True)
    new_lines = new_text.splitlines(keepends=True)
    name = result.path.lstrip("/")
    shown = shown_path(name)
    if shown != name or '"' in name:  # as git does: a name with a newline or odd bytes is quoted, escaped
        shown = shown.replace('"', '\\"')
        before, after = f'"a/{shown}"', f'"b/{shown}"'
    else:
        before, after = f"a/{name}", f"b/{name}"
    return "".join(difflib.unified_diff(old_lines, new_lines, before, after))


def remaining(result: FileResult, edits: list[Edit]) -> list[Finding]:
    """The findings a fix run did not fix (what is left to report)."""
    fixed = {(edit.start, edit.end, edit.rule) for edit in edits}
    return [f for f in result.findings if (f.start, f.end, f.rule) not in fixed]
