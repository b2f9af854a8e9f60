"""Lines of the copy as a reader of the file sees them (shared by the placeholder and credit rules).

A plain-text block is a run of non-blank lines, read as one paragraph; but in
scraped text a line is often a unit of its own: a caption, a credit, a
``By •`` label that lost its name, a ``Published`` with no date. Those are
only recognisable as *lines*, so these helpers split a block where its file
broke the line. In HTML a line break in the file is only markup layout, so an
HTML block is one line. Nothing here reads the parse tree: the split comes
from the block's source map and the decoded file text the model carries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from copydesk.model.article import Article, Block

_LINE_END_CHARS = ("\n", "\r")
_SENTENCE_END = re.compile(r"[.!?…:\"”’)]\s*$")


@dataclass(frozen=True)
class Line:
    """One line of a copy block: ``block.prose_text[start:end]`` (code blanked), trimmed."""

    block: Block
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.block.prose_text[self.start : self.end]


def line_spans(article: Article, block: Block) -> list[tuple[int, int]]:
    """The block's lines as ``(start, end)`` offsets of its text, trimmed of spaces (empty lines left out).

    Computed once per block. Only text without markup (``article.body`` is None:
    plain text and Markdown) is split; an HTML block is one line.
    """

    def compute() -> list[tuple[int, int]]:
        text = block.text
        cuts: list[int] = []
        if article.body is None:
            source = article.source.text
            for index, char in enumerate(text):
                if char == " ":
                    src_start, src_end = block.mapped.to_source(index, index + 1)
                    if any(end in source[src_start:src_end] for end in _LINE_END_CHARS):
                        cuts.append(index)
        spans: list[tuple[int, int]] = []
        start = 0
        for cut in [*cuts, len(text)]:
            left, right = start, cut
            while left < right and text[left].isspace():
                left += 1
            while right > left and text[right - 1].isspace():
                right -= 1
            if right > left:
                spans.append((left, right))
            start = cut + 1
        return spans

    return block.memo(("rules-lines", "spans"), compute)


def copy_lines(article: Article) -> Sequence[Line]:
    """Every line of the article's own copy (not chrome), in reading order, computed once per article."""

    def compute() -> list[Line]:
        return [Line(block, start, end) for block in article.copy_blocks() for start, end in line_spans(article, block)]

    return article.memo(("rules-lines", "copy"), compute)


def is_prose(text: str) -> bool:
    """Whether a line reads as story copy: long, or a sentence of several words ending in punctuation."""
    words = len(text.split())
    return words >= 14 or (words >= 5 and _SENTENCE_END.search(text) is not None)


def truncated_end(article: Article, line: Line) -> bool:
    """Whether ``line`` is the file's last line and the file stops without a line end.

    A text file saved from a larger page and cut at a size limit stops
    mid-line; what the cut leaves (``(Photo by Kevin Win``) is the cut's, not
    the writer's.
    """
    if article.body is not None:
        return False
    source = article.source.text
    _, src_end = line.block.mapped.to_source(line.end - 1, line.end)
    return source[src_end:].strip() == "" and not source.endswith(_LINE_END_CHARS)
