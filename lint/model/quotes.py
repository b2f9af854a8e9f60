"""Direct-quote spans in a block of text, found once and shared by rules.

Attribution rules need the quotes; style, spelling and grammar rules need to
*skip* them (other people's words are not ours to correct). Curly and straight
double quotes are paired; a straight quote opens when it follows the start of
the text, a space or an opening bracket or dash, and closes otherwise. Curly
single quotes (British style) pair only when the closing mark is not an
apostrophe (``NASA’s``, ``’90s``, ``rock ’n’ roll`` are not quotes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOUBLE = re.compile(r"[\"“”„]")
_OPENING_CONTEXT = frozenset(" \t\n\xa0([{—–\u2018\u201c")
_CLOSING_CONTEXT = frozenset(" \t\n\xa0.,;:!?)]}—–…\u2019\u201d")
_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–\"“]))‘(?=\w)")


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
    for match in _DOUBLE.finditer(text):
        index = match.start()
        char = match.group()
        if char == '"':
            style = '"'
            opens = _straight_opens(text, index, bool(stack))
        elif char == "„":
            style, opens = "„", True
        elif char == "“":
            german_open = bool(stack) and stack[-1][1] == "„"
            style, opens = ("„", False) if german_open else ("“", True)
        else:  # ”
            style, opens = "“", False
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
