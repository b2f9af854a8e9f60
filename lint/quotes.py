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
_OPENING_CONTEXT = frozenset(" \t\n\xa0([{—–-/\u2018\u201c")
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


def _is_opening(text: str, index: int) -> bool:
    char = text[index]
    if char in "“„":
        return True
    if char == "”":
        return False
    return index == 0 or text[index - 1] in _OPENING_CONTEXT


def find_quotes(text: str) -> list[QuoteSpan]:
    """All double-quote spans (paired, unclosed or stray) and paired single quotes."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    for match in _DOUBLE.finditer(text):
        index = match.start()
        if _is_opening(text, index):
            if open_at is not None:
                spans.append(QuoteSpan(open_at, index, closed=False))
            open_at = index
        elif open_at is not None:
            spans.append(QuoteSpan(open_at, index + 1))
            open_at = None
        else:
            spans.append(QuoteSpan(index, index + 1, opened=False))
    if open_at is not None:
        spans.append(QuoteSpan(open_at, len(text), closed=False))
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
