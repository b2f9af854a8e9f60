"""Findings and per-file results: the data every reporter renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Finding:
    """One defect at an exact place in a file (the JSON contract, plus offsets).

    ``line``/``column`` are 1-based; columns count code points of the decoded
    line; ``end_line``/``end_column`` point just past the defect's last
    character. ``start``/``end`` are the same span as offsets in the decoded
    text, for fixes and reports that need them. ``selector`` is a CSS path to
    the element holding the flagged text, so a CMS can anchor the finding in
    its editor without knowing line numbers (None for article-level findings).
    """

    rule: str
    name: str
    category: str
    severity: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    excerpt: str
    fix: str | None = None
    #: Whether ``--fix`` may apply ``fix`` unattended (the rule marks its fixes safe).
    fix_safe: bool = False
    start: int = 0
    end: int = 0
    selector: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "excerpt": self.excerpt,
            "fix": None if self.fix is None else {"replacement": self.fix, "safe": self.fix_safe},
            "selector": self.selector,
        }


@dataclass(frozen=True, slots=True)
class Notice:
    """A note about how a file was linted, not a defect in it: part of the copy was not checked.

    A grammar engine that cannot check the page's language, an article past the
    grammar budget, an engine that failed on a paragraph: the editor must know
    that a clean report is not a clean article, yet none of these is a slip in
    the copy, so a notice is never a finding. It does not count in totals, never
    fails the gate (``--fail-on``), is not baselined and is not judged for
    precision. ``code`` is the rule whose check it concerns (``CD804`` for the
    grammar check, so ``copydesk explain CD804`` explains it), ``kind`` says
    which notice it is (``language-skipped``, ``partly-checked``,
    ``engine-failed``), and the position, when there is one, is where the
    unchecked text starts (1-based, code points, like a finding's).
    """

    code: str
    kind: str
    message: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": self.kind,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }


@dataclass(frozen=True, slots=True)
class ReadingBlock:
    """One block of the linted article as a reader sees it, with the map that places findings in it.

    The editor report shows the article's text with findings highlighted; it
    must show the very blocks the engine linted (found with the configured
    body selector), and a reporter never re-reads the file. So the engine
    copies out just this: the role, the plain text, and its source map as
    parallel tuples (segment ``i`` covers text ``[out_starts[i],
    out_starts[i+1])`` and source ``[src_starts[i], src_ends[i])``; it is
    *linear* when both have the same length). Plain data, so it pickles
    cheaply from ``-j`` workers and never holds the parse tree.
    """

    role: str
    text: str
    out_starts: tuple[int, ...]
    src_starts: tuple[int, ...]
    src_ends: tuple[int, ...]
    linear: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class ReadingView:
    """The article's text in reading order, as the editor report shows it (see :class:`ReadingBlock`).

    ``blocks`` are the body's blocks that are not page chrome, in reading order;
    ``title`` is the page's ``<title>``, what the report names a story by when
    it has no headline.
    """

    headline: str | None
    blocks: tuple[ReadingBlock, ...]
    title: str | None = None


@dataclass
class FileResult:
    """What linting one input produced: findings, or an error that stopped it, and notices about the run.

    ``notices`` (:class:`Notice`) say what of the file was not checked; they are
    shown with the file in every format but are never findings.
    """

    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    notices: list[Notice] = field(default_factory=list)
    source_text: str | None = field(default=None, repr=False)
    #: How the file was decoded, so ``--fix`` can write it back the same way.
    encoding: str | None = field(default=None, repr=False)
    bom: bytes = field(default=b"", repr=False)
    lossless: bool = field(default=True, repr=False)
    #: Article-level figures (e.g. ``flesch_reading_ease``) when asked for; not findings.
    statistics: dict[str, Any] | None = field(default=None, repr=False)
    #: The linted article's text for the editor report, only when asked for (``reading_view``).
    reading: ReadingView | None = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "error": self.error,
            "findings": [finding.to_json() for finding in self.findings],
            "notices": [notice.to_json() for notice in self.notices],
        }
