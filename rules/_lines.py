"""Lines of the copy as a reader of the file sees them (shared by the placeholder and credit rules).

A plain-text block is a run of non-blank lines, read as one paragraph; but in
scraped text a line is often a unit of its own: a caption, a credit, a
``By •`` label that lost its name, a ``Published`` with no date. Those are
only recognisable as *lines*, so these helpers split a block where its file
broke the line. In HTML a line break in the file is only markup layout, so an
HTML block is one line. The split itself is the model's
(:meth:`Article.line_spans`): only the model reads the source map.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from copydesk.model.article import Article, Block

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
    """The block's lines as ``(start, end)`` offsets of its text (the model's :meth:`Article.line_spans`)."""
    return article.line_spans(block)


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
    """Whether ``line`` is the file's last line and the file stops without a line end (cut at a size limit)."""
    return article.file_cut_after(line.block, line.end)
