"""Plain text as a reader sees it, with a map back to the original file.

A :class:`TextBuilder` receives source chunks (raw text or decoded character
references), collapses HTML whitespace, and produces a :class:`MappedText`:
the plain text plus segments that map each plain-text offset to a source
offset. Raw text maps one to one; a character reference or a collapsed run of
whitespace maps as one unit to its whole source span.

This is the only place where plain-text offsets become source offsets (and,
for the editor report, source spans become plain-text spans again:
:func:`plain_span`), which is what lets rules work on clean text while
findings point at the markup.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

_HTML_SPACE_CHARS = frozenset(" \t\n\r\f")
# Whitespace that does not stay as it is: runs, other whitespace characters, a
# space at either end of a chunk (it may merge with the next chunk's or be
# dropped). A single space between words already reads as itself, so it stays
# inside its raw segment: one segment per chunk, not one per word.
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]{2,}|[\t\n\r\f]|\A | \Z")
_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")

#: Source that may stand between two pieces of reader text a fix rejoins or splits:
#: only white space, white-space character references and tags.
_GAP = re.compile(r"(?:\s|&(?:nbsp|#160|#x0*a0|#32|#x0*20);|<[^<>]*>)*", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")


@dataclass
class MappedText:
    """Text plus its map to source offsets.

    Segment ``i`` covers plain text ``[out_starts[i], out_starts[i+1])`` and
    source ``[src_starts[i], src_ends[i])``; it is *linear* when both have the
    same length (raw text), else atomic (an entity, a collapsed space).
    """

    text: str
    out_starts: list[int] = field(default_factory=list)
    src_starts: list[int] = field(default_factory=list)
    src_ends: list[int] = field(default_factory=list)
    linear: list[bool] = field(default_factory=list)

    def _segment(self, offset: int) -> int:
        return max(0, bisect_right(self.out_starts, offset) - 1)

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source span ``[start, end)`` of the plain-text span ``[start, end)``."""
        if not self.out_starts:
            return 0, 0
        end = max(end, start + 1)
        first = self._segment(start)
        if self.linear[first]:
            src_start = self.src_starts[first] + (start - self.out_starts[first])
        else:
            src_start = self.src_starts[first]
        last = self._segment(end - 1)
        if self.linear[last]:
            src_end = self.src_starts[last] + (end - 1 - self.out_starts[last]) + 1
        else:
            src_end = self.src_ends[last]
        return src_start, max(src_end, src_start)

    def _source_index(self) -> tuple[list[int], list[int], list[int]]:
        """Segments' source spans sorted by start, with the running maximum of their ends.

        Built once per text (and rebuilt if segments were added since): a block
        may carry thousands of findings with fixes, and each asks
        :meth:`_all_text` about a few characters.
        """
        cached: tuple[int, tuple[list[int], list[int], list[int]]] | None = self.__dict__.get("_by_source")
        if cached is not None and cached[0] == len(self.src_starts):
            return cached[1]
        pairs = sorted(zip(self.src_starts, self.src_ends, strict=True))
        starts = [a for a, _ in pairs]
        ends = [b for _, b in pairs]
        running: list[int] = []
        highest = -1
        for end in ends:
            highest = max(highest, end)
            running.append(highest)
        index = (starts, ends, running)
        self.__dict__["_by_source"] = (len(self.src_starts), index)
        return index

    def _all_text(self, left: int, right: int) -> bool:
        """Whether every source character in ``[left, right)`` is some plain character's source (no markup)."""
        starts, ends, running = self._source_index()
        overlapping: list[tuple[int, int]] = []
        i = bisect_left(starts, right) - 1  # the last segment starting before ``right``
        while i >= 0 and running[i] > left:  # no segment at or before i reaches past ``left`` once this fails
            if ends[i] > left:
                overlapping.append((starts[i], ends[i]))
            i -= 1
        covered = left
        for src_start, src_end in reversed(overlapping):
            if src_start > covered:
                return False
            covered = max(covered, src_end)
        return covered >= right

    def source_edit(self, source: str, start: int, end: int, replacement: str) -> str | None:
        """The source text that makes the plain-text span ``[start, end)`` read ``replacement``.

        A rule's fix is an edit of the text a reader sees; this turns it into an
        edit of the file, for the source span of ``[start, end)`` (what a
        finding covers). Only the part that changes is rewritten: the text both
        share at the start and at the end keeps its source verbatim (entities,
        tags). The changed part is rewritten when all its source is the reader's
        text (characters and entities, no markup), or when the reader's text it loses is
        only white space and its source only white space, space entities and
        tags: the tags stay, closing ones before the new text, so a space lands
        outside the element that ends there (``Read</strong> <a>``). Anything
        else (a tag inside a changed word, an entity to replace, Markdown
        markers) gives None: no fix rather than a guess about markup.
        """
        old = self.text[start:end]
        if not self.out_starts or end <= start:
            return None
        src_start, src_end = self.to_source(start, end)
        prefix = 0
        limit = min(len(old), len(replacement))
        while prefix < limit and old[prefix] == replacement[prefix]:
            prefix += 1
        suffix = 0
        while suffix < limit - prefix and old[len(old) - 1 - suffix] == replacement[len(replacement) - 1 - suffix]:
            suffix += 1
        changed_start, changed_end = start + prefix, end - suffix
        new_middle = replacement[prefix : len(replacement) - suffix]
        left = self.to_source(changed_start - 1, changed_start)[1] if changed_start > start else src_start
        right = self.to_source(changed_end, changed_end + 1)[0] if changed_end < end else src_end
        if not src_start <= left <= right <= src_end:
            return None
        between = source[left:right]
        removed = self.text[changed_start:changed_end]
        if self._all_text(left, right):
            rewritten = new_middle  # the changed part is text (entities included): no markup to keep
        elif not removed.strip() and _GAP.fullmatch(between) is not None:
            tags = _TAG.findall(between)
            closing = 0
            while closing < len(tags) and tags[closing].startswith("</"):
                closing += 1
            rewritten = "".join(tags[:closing]) + new_middle + "".join(tags[closing:])
        else:
            return None
        return source[src_start:left] + rewritten + source[right:src_end]

    @property
    def source_span(self) -> tuple[int, int]:
        """The source span of the whole text."""
        if not self.out_starts:
            return 0, 0
        return self.src_starts[0], self.src_ends[-1]


class TextBuilder:
    """Accumulates chunks into reader text, collapsing whitespace as a browser does.

    Leading and trailing whitespace is dropped; a run of whitespace anywhere,
    even across tags, becomes one space. ``&nbsp;`` is not collapsible, as in
    HTML. ``boundaries`` records the plain-text offsets where text from a new
    source string begins (a tag stood between), which is where scraped widgets
    lose their spaces.
    """

    __slots__ = ("_length", "_mapped", "_new_string", "_parts", "_pending_space", "boundaries")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._mapped = MappedText("")
        self._pending_space: tuple[int, int] | None = None
        self.boundaries: list[int] = []
        self._new_string = False

    @property
    def length(self) -> int:
        """Length of the text so far, counting a pending space that will be emitted."""
        return self._length + (1 if self._pending_space is not None else 0)

    @property
    def empty(self) -> bool:
        return self._length == 0

    def _emit(self, text: str, src_start: int, src_end: int, linear: bool) -> None:
        if self._pending_space is not None:
            space_start, space_end = self._pending_space
            self._pending_space = None
            self._append(" ", space_start, space_end, space_end - space_start == 1)
            self._new_string = False
        if self._new_string:
            if self._length:
                self.boundaries.append(self._length)
            self._new_string = False
        self._append(text, src_start, src_end, linear)

    def _append(self, text: str, src_start: int, src_end: int, linear: bool) -> None:
        mapped = self._mapped
        mapped.out_starts.append(self._length)
        mapped.src_starts.append(src_start)
        mapped.src_ends.append(src_end)
        mapped.linear.append(linear)
        self._parts.append(text)
        self._length += len(text)

    def space(self, src_start: int, src_end: int) -> None:
        """A collapsible space (whitespace or a ``<br>``) at a source span."""
        if self._length and self._pending_space is None:
            self._pending_space = (src_start, src_end)

    def start_string(self) -> None:
        """Mark that the next text comes from another source string."""
        self._new_string = True

    def add_raw(self, text: str, src_start: int) -> None:
        """Raw source text at ``src_start`` (maps one to one)."""
        position = 0
        for match in _COLLAPSIBLE.finditer(text):
            if match.start() > position:
                self._emit(text[position : match.start()], src_start + position, src_start + match.start(), True)
            self.space(src_start + match.start(), src_start + match.end())
            position = match.end()
        if position < len(text):
            self._emit(text[position:], src_start + position, src_start + len(text), True)

    def add_atomic(self, text: str, src_start: int, src_end: int) -> None:
        """Text produced by a character reference: all of it maps to the reference."""
        if not text:
            return
        if all(char in _HTML_SPACE_CHARS for char in text):
            self.space(src_start, src_end)
            return
        self._emit(text, src_start, src_end, False)

    def build(self) -> MappedText:
        mapped = self._mapped
        mapped.text = "".join(self._parts)
        return mapped


def decode_attribute(raw: str, src_start: int) -> MappedText:
    """Decode an attribute value's entities keeping the map to its source.

    Attribute values are not whitespace-collapsed by browsers, but for editorial
    checks (alt text against a headline) leading/trailing space is noise, so the
    builder trims and collapses it like element text.
    """
    builder = TextBuilder()
    position = 0
    for match in _REFERENCE.finditer(raw):
        if match.start() > position:
            builder.add_raw(raw[position : match.start()], src_start + position)
        decoded = html.unescape(match.group())
        if decoded == match.group():
            builder.add_raw(decoded, src_start + match.start())
        else:
            builder.add_atomic(decoded, src_start + match.start(), src_start + match.end())
        position = match.end()
    if position < len(raw):
        builder.add_raw(raw[position:], src_start + position)
    return builder.build()


class Mapped(Protocol):
    """Plain text with its source map: a :class:`MappedText`, or the editor report's copy of one
    (:class:`copydesk.engine.finding.ReadingBlock`)."""

    @property
    def text(self) -> str: ...
    @property
    def out_starts(self) -> Sequence[int]: ...
    @property
    def src_starts(self) -> Sequence[int]: ...
    @property
    def src_ends(self) -> Sequence[int]: ...
    @property
    def linear(self) -> Sequence[bool]: ...


def plain_span(mapped: Mapped, start: int, end: int) -> tuple[int, int] | None:
    """The plain-text span of ``mapped`` whose characters' source spans meet ``[start, end)``.

    The inverse of ``MappedText.to_source``: a character counts when its
    source span overlaps the finding's (an entity or a collapsed space maps as
    one unit to its whole source span). ``None`` when no character does.
    """
    end = max(end, start + 1)
    count = len(mapped.out_starts)
    first = last = None
    # A full scan: blocks are short, and segments need not be in source order.
    for i in range(count):
        src_start, src_end = mapped.src_starts[i], mapped.src_ends[i]
        if src_start >= end:
            continue
        out_start = mapped.out_starts[i]
        out_end = mapped.out_starts[i + 1] if i + 1 < count else len(mapped.text)
        if out_end <= out_start:
            continue
        if mapped.linear[i]:
            lo = max(start, src_start) - src_start
            hi = min(end, src_end) - src_start
            if hi <= lo:
                continue
            span = (out_start + lo, out_start + hi)
        else:
            if src_end <= start:
                continue
            span = (out_start, out_end)
        first = span[0] if first is None else min(first, span[0])
        last = span[1] if last is None else max(last, span[1])
    if first is None or last is None:
        return None
    return first, last
