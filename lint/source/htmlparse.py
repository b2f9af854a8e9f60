"""BeautifulSoup parsing that remembers where every piece of text came from.

BeautifulSoup keeps a tag's start position but forgets where its strings were:
it joins raw text and decoded entities into one string. Linting rendered text
while pointing at the markup needs more, so this module hooks the standard
library parser that BeautifulSoup drives and records, for each text chunk, its
source span and whether it was a character reference. The chunks end up on the
NavigableString they formed (attribute ``cd_chunks``).

The cost is one Python call per text chunk, on top of what BeautifulSoup already
spends on it.
"""

from __future__ import annotations

import html
import html.parser
import re
from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup, Tag
from bs4.builder._htmlparser import BeautifulSoupHTMLParser, HTMLParserTreeBuilder
from bs4.dammit import EntitySubstitution
from bs4.element import NavigableString, PageElement

# A chunk: (source start, source end, text it produced, is a character reference).
Chunk = tuple[int, int, str, bool]

# html.parser's own patterns (undocumented module globals, so typeshed leaves them out): the
# spans must match exactly what html.parser matched.
_CHARREF: re.Pattern[str] = html.parser.charref  # type: ignore[attr-defined]
_ENTITYREF: re.Pattern[str] = html.parser.entityref  # type: ignore[attr-defined]
_KNOWN_ENTITIES = EntitySubstitution.HTML_ENTITY_TO_CHARACTER
_STRAY_BR = re.compile(r"</\s*br", re.IGNORECASE)


@dataclass(frozen=True)
class CommentMark:
    """An HTML comment with its source span (suppression comments live here)."""

    start: int
    end: int
    text: str


class _PositionedParser(BeautifulSoupHTMLParser):
    """Records the source span of every text chunk handed to BeautifulSoup."""

    # Always a PositionedSoup (only _PositionedBuilder makes this parser); declared so its
    # ``cd_*`` attributes type-check instead of resolving through BeautifulSoup.__getattr__.
    soup: PositionedSoup

    # ``Any`` as in the base class: the arguments pass through to it untouched.
    def __init__(self, soup: PositionedSoup, *args: Any, **kwargs: Any) -> None:
        super().__init__(soup, *args, **kwargs)
        self._source = soup.cd_source
        # html.parser counts lines by "\n" only; map its (line, col) back to offsets.
        starts = [0]
        find = self._source.find
        index = find("\n")
        while index != -1:
            starts.append(index + 1)
            index = find("\n", index + 1)
        self._nl_starts = starts
        soup.cd_nl_starts = starts
        self._reference: tuple[int, int] | None = None
        if _STRAY_BR.search(self._source) is None:
            # Only a page with a stray ``</br>`` needs the override below: skip its
            # extra call on every end tag of the other pages.
            self.handle_endtag = super().handle_endtag  # type: ignore[method-assign]

    def _offset(self) -> int:
        return self._nl_starts[self.lineno - 1] + self.offset

    def handle_data(self, data: str) -> None:
        # The hottest call of the parse (once per text run): the offset is inlined.
        if self._reference is not None:
            start, end = self._reference
            self.soup.cd_pending.append((start, end, data, True))
        elif data:
            start = self._nl_starts[self.lineno - 1] + self.offset
            self.soup.cd_pending.append((start, start + len(data), data, False))
        self.soup.handle_data(data)

    def _reference_span(self, pattern: re.Pattern[str]) -> tuple[int, int]:
        start = self._offset()
        match = pattern.match(self._source, start)
        if match is None:  # html.parser found it at end of input, without terminator
            end = start + 1
            while end < len(self._source) and (self._source[end].isalnum() or self._source[end] in "#-."):
                end += 1
            return start, end
        end = match.end()
        if self._source[end - 1] != ";":
            end -= 1
        return start, end

    def handle_charref(self, name: str) -> None:
        self._reference = self._reference_span(_CHARREF)
        try:
            super().handle_charref(name)
        finally:
            self._reference = None

    def handle_entityref(self, name: str) -> None:
        self._reference = self._reference_span(_ENTITYREF)
        try:
            if name in _KNOWN_ENTITIES:
                super().handle_entityref(name)
            else:
                # Unknown names read as a browser shows them (``R&D;`` as written,
                # ``&notit;`` as ``¬it;``, HTML5's legacy prefix rule); BeautifulSoup
                # would drop the ";".
                self._unknown_reference(*self._reference)
        finally:
            self._reference = None

    def _unknown_reference(self, start: int, end: int) -> None:
        """``&name`` that is no entity: only a legacy prefix (``&amp`` of ``&ampUpdate``) is a reference.

        The rest is text as written and maps character by character, so a finding
        on ``Update`` points at ``Update``, not at the whole ``&ampUpdate``.
        """
        raw = self._source[start:end]
        decoded = html.unescape(raw)
        kept = 0  # the longest tail left as written, short of the "&"
        while kept < len(raw) - 1 and kept < len(decoded) and raw[-1 - kept] == decoded[-1 - kept]:
            kept += 1
        if decoded == raw or kept == len(decoded):
            self._reference = None
            self._data_at(start, raw, reference=False)
            return
        split = len(raw) - kept
        self._data_at(start, decoded[: len(decoded) - kept], reference=True, end=start + split)
        if kept:
            self._data_at(start + split, raw[split:], reference=False)

    def _data_at(self, start: int, text: str, *, reference: bool, end: int | None = None) -> None:
        """Text for BeautifulSoup with an explicit source span (the parser's position lags here)."""
        self.soup.cd_pending.append((start, start + len(text) if end is None else end, text, reference))
        self.soup.handle_data(text)

    def handle_endtag(self, tag: str, check_already_closed: bool = True) -> None:
        # A stray ``</br>`` is a line break in every browser (the HTML spec
        # says so); BeautifulSoup would drop it and glue the words around it.
        # Its own calls for void elements pass check_already_closed=False.
        if tag == "br" and check_already_closed and "br" not in self.already_closed_empty_element:
            self.handle_starttag("br", [])
            return
        super().handle_endtag(tag, check_already_closed)

    def goahead(self, end: bool) -> None:
        # html.parser stops at an ``&#`` that starts no character reference: it
        # skips the "&#" and stops when a ";" follows somewhere, or waits for more
        # input when none does, and close() then hands the whole rest of the page
        # over as one text string. A stray ``&#`` (two, when a ";" follows) made
        # every later tag read as text. Browsers read such an ``&#`` as itself and
        # go on parsing; the whole page is fed at once, so go on while there is
        # progress, and leave only a truly unfinished end (``<p``) to close().
        while True:
            before = len(self.rawdata)
            super().goahead(end)
            if end or not self.rawdata:
                return
            if self.rawdata.startswith("&#") and not _CHARREF.match(self.rawdata):
                self.handle_data("&#")
                self.updatepos(0, 2)
                self.rawdata = self.rawdata[2:]
            elif len(self.rawdata) == before:
                return

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        # ``<![INSERT QUOTE]>`` is no CDATA or marked section: html.parser raises an
        # AssertionError (BeautifulSoup then rejects the whole page); browsers read a
        # bogus comment up to the next ">". Before raising, html.parser moves its
        # line/offset past the "<![" (``updatepos``), and goahead moves them again
        # from the section's start: put them back, or every later position is 3 late.
        position = self.getpos()
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            self.lineno, self.offset = position
            end = self.rawdata.find(">", i + 3)
            if end == -1:
                return -1  # unfinished: close() reads it as text
            BeautifulSoupHTMLParser.handle_comment(self, self.rawdata[i + 2 : end])
            return end + 1

    def handle_comment(self, data: str) -> None:
        start = self._offset()
        end = self._source.find("-->", start)
        end = len(self._source) if end == -1 else end + 3
        self.soup.cd_comments.append(CommentMark(start, end, data))
        super().handle_comment(data)


class _PositionedBuilder(HTMLParserTreeBuilder):
    # ``str | bytes`` as in the base class; html.parser's builder is only ever handed str.
    def feed(self, markup: str | bytes, _parser_class: type[BeautifulSoupHTMLParser] = _PositionedParser) -> None:
        super().feed(markup, _parser_class=_PositionedParser)


class PositionedSoup(BeautifulSoup):
    """A BeautifulSoup tree whose strings know their source spans.

    Attribute values stay strings: BeautifulSoup's default splits ``class``,
    ``rel`` and a few others into lists on every tag, work copydesk reads on a
    handful of tags only (:func:`copydesk.model.html.attribute_tokens` splits
    them where they are read). CSS selectors work on either form.
    """

    cd_source: str
    cd_pending: list[Chunk]
    cd_comments: list[CommentMark]
    #: Offsets where each line starts, counting lines as html.parser does ("\n" only).
    cd_nl_starts: list[int]

    def __init__(self, markup: str) -> None:
        self.cd_source = markup
        self.cd_pending = []
        self.cd_comments = []
        super().__init__(markup, builder=_PositionedBuilder(multi_valued_attributes=None))

    def reset(self) -> None:
        super().reset()
        self.cd_pending = []

    def object_was_parsed(
        self, o: PageElement, parent: Tag | None = None, most_recent_element: PageElement | None = None
    ) -> None:
        # Every string BeautifulSoup makes from the text runs since the last one
        # passes here: the pending chunks are exactly that string's sources.
        # (Hooked here rather than on ``endData``, which is called twice as often.)
        super().object_was_parsed(o, parent, most_recent_element)
        if self.cd_pending:
            if type(o) is NavigableString:
                o.cd_chunks = tuple(self.cd_pending)  # type: ignore[attr-defined]
            self.cd_pending = []


def parse(markup: str) -> PositionedSoup:
    """Parse HTML text into a tree whose strings carry ``cd_chunks``."""
    return PositionedSoup(markup)


def chunks_of(string: NavigableString) -> tuple[Chunk, ...]:
    """The source chunks of a parsed string (empty for strings made after parsing)."""
    return getattr(string, "cd_chunks", ())


def tag_source_start(tag: object, line_starts_nl: list[int]) -> int | None:
    """Offset of a tag's ``<`` from BeautifulSoup's sourceline/sourcepos."""
    line: int | None = getattr(tag, "sourceline", None)
    column: int | None = getattr(tag, "sourcepos", None)
    if line is None or column is None:
        return None
    return line_starts_nl[line - 1] + column
