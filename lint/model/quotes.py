"""Direct-quote spans in a block of text, found once and shared by rules.

Attribution rules need the quotes; style, spelling and grammar rules need to
*skip* them (other people's words are not ours to correct). Curly and straight
double quotes are paired; a straight quote opens when it follows the start of
the text, a space or an opening bracket or dash, and closes otherwise. Curly
single quotes (British style) pair only when the closing mark is not an
apostrophe (``NASA’s``, ``’90s``, ``rock ’n’ roll`` are not quotes); a block
that opens with a straight ``'`` before a capital ('I'm a winner,' …) holds a
single quote too. A straight ``"`` right after a digit with no quote open is an
inch mark (``55" TV``), and a curly mark set the wrong way round (``”Bird
flu…”``, ``…for him,“ Jerry says``) is paired by where it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOUBLE = re.compile(r"[\"“”„]")
_OPENING_CONTEXT = frozenset(" \t\n\xa0([{—–\u2018\u201c")
_CLOSING_CONTEXT = frozenset(" \t\n\xa0.,;:!?)]}—–…\u2019\u201d")
_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–\"“]))‘(?=\w)")
# A paragraph opening with a straight single quote and a capital ('I'm a winner,'
# he said): British copy and scraped text quote with ' as well as ‘. Only at the
# start of a block, where no apostrophe can stand.
_STRAIGHT_SINGLE_OPEN = re.compile(r"^[ \t•*·–—-]{0,3}'(?=[A-Z])")
# Its closing mark: after a letter or end punctuation, before space, punctuation or the end.
_STRAIGHT_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?…])'(?=[\s.,;:!?)\]—–]|$)")
#: A mark set the wrong way round: ``”`` where a quote opens (after a space,
#: before a word) or ``“`` where one closes (after a word or stop, before a
#: space). Word processors' smart quotes do this after a deleted space.
_WRONG_WAY_OPEN = frozenset(" \t\n\xa0([{—–")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quotation: ``start`` is the opening mark, ``end`` is just past the closing one.

    ``closed`` is False when no closing mark followed (the span runs to the end
    of the text, or to the next opening mark); ``opened`` is False for a stray
    closing mark with no opening one.
    """

    start: int
    end: int
    closed: bool = True
    opened: bool = True
    double: bool = True

    @property
    def inner_start(self) -> int:
        return self.start + 1 if self.opened else self.start

    @property
    def inner_end(self) -> int:
        return self.end - 1 if self.closed else self.end

    def inner(self, text: str) -> str:
        return text[self.inner_start : self.inner_end]


def _straight_opens(text: str, index: int, quote_open: bool) -> bool:
    """Which way a straight ``"`` faces, from both neighbours.

    Space or an opening bracket before and a word after: it opens
    (``said "Today``); a word before and space or punctuation after: it closes
    (``today," she``). When both sides or neither side say so (``said:"Today``,
    ``Kaine."So``, ``care,' " says``), it closes a quote that is open and
    opens one otherwise.
    """
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    opening = before in _OPENING_CONTEXT
    closing = after in _CLOSING_CONTEXT
    if opening != closing:
        return opening
    return not quote_open


def find_quotes(text: str) -> list[QuoteSpan]:
    """All double-quote spans (paired, unclosed or stray) and paired single quotes.

    Straight and curly quotes may nest inside each other (``"He said “no” twice"``),
    a closing mark of either style closes the innermost open quote, and German
    „…“ pairs its low opening mark with “.
    """
    spans: list[QuoteSpan] = []
    stack: list[tuple[int, str]] = []  # (offset, style): style is '"' or '“' (curly or German)
    last_visible = len(text.rstrip()) - 1  # a “ here, at the very end, can open nothing
    for match in _DOUBLE.finditer(text):
        index = match.start()
        char = match.group()
        if char == '"':
            if not stack and index and text[index - 1].isdigit():
                continue  # an inch mark: 6'2", a 55" TV, 70"+ screens (inside a quote it may close "Catch-22")
            style = '"'
            opens = _straight_opens(text, index, bool(stack))
        elif char == "„":
            style, opens = "„", True
        elif char == "“":
            german_open = bool(stack) and stack[-1][1] == "„"
            style, opens = ("„", False) if german_open else ("“", True)
            if opens and stack and (is_wrong_way(text, index) or index >= last_visible):
                opens = False  # “ set where a quote closes: ‘doing it for him,“ Jerry says’, ‘…real time. “’
        else:  # ”
            style, opens = "“", not stack and is_wrong_way(text, index)  # ”Bird flu…” opens
        if opens:
            if stack and stack[-1][1] == style:
                start, _ = stack.pop()
                spans.append(QuoteSpan(start, index, closed=False))
            stack.append((index, style))
        elif stack:
            # Any closing mark closes the innermost quote: published copy often
            # mixes styles within one quotation (“…" or "…”).
            start, _ = stack.pop()
            spans.append(QuoteSpan(start, index + 1))
        else:
            spans.append(QuoteSpan(index, index + 1, opened=False))
    while stack:
        start, _ = stack.pop()
        spans.append(QuoteSpan(start, len(text), closed=False))
    opener = _STRAIGHT_SINGLE_OPEN.match(text)
    if opener is not None and not (spans and spans[0].start < opener.end()):
        start = opener.end() - 1
        closing = _STRAIGHT_SINGLE_CLOSE.search(text, start + 2)
        if closing is not None:
            spans.append(QuoteSpan(start, closing.end(), double=False))
        else:
            spans.append(QuoteSpan(start, len(text), closed=False, double=False))
    for match in _SINGLE_OPEN.finditer(text):
        start = match.start()
        close = _single_close(text, start + 1)
        if close is not None:
            spans.append(QuoteSpan(start, close + 1, double=False))
    spans.sort(key=lambda span: span.start)
    return spans


def _single_close(text: str, position: int) -> int | None:
    """The ’ that closes a ‘ quote: one not followed by a letter (not an apostrophe)."""
    while True:
        index = text.find("’", position)
        if index == -1:
            return None
        following = text[index + 1 : index + 2]
        if not following or not following.isalnum():
            return index
        position = index + 1


def inside_quote(spans: list[QuoteSpan], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies within the inner text of a closed or open quote."""
    return any(span.opened and span.inner_start <= start and end <= span.inner_end for span in spans)


def is_wrong_way(text: str, index: int) -> bool:
    """Whether the curly double mark at ``index`` faces the wrong way for where it stands.

    ``”`` after a space (or the start) and before a letter or digit opens a
    quote; ``“`` after a letter, digit or stop and before a space, stop or the
    end closes one. A desk fixes the mark; CD303 reports it.
    """
    char = text[index]
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    if char == "”":
        return before in _WRONG_WAY_OPEN and after.isalnum()
    if char == "“":
        return (before.isalnum() or before in ".,!?…") and (after.isspace() or after in ".,;:!?—–)")
    return False
