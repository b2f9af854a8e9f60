"""Plain-text articles (``.txt``): paragraphs split by blank lines, exact positions.

A text file has no markup, so the article model is built from its layout
alone: a run of non-blank lines is one block (line breaks inside it read as
spaces, as a reader of the reflowed text sees them), and roles come from what
the text itself shows:

* the first block is the **headline** when it is a single short line without
  a final period (a headline is a line on its own, not a sentence);
* a short block opening with ``By …`` is a **byline**, as in HTML;
* a short block that *ends in a photo credit* — a credit label with or
  without a name (``… (Credit –``, ``… (Photo: Jane Doe/Reuters)``) — is a
  **caption**: where a credit sits is what makes a line a caption, in a text
  file as under a picture, and the credit rules look at captions;
* everything else is a **paragraph**, trailing one-liners such as ``Leave a
  Comment`` included (the boilerplate rule decides whether they are widgets).

Every block's text is built with :class:`~copydesk.source.textmap.TextBuilder` from
source offsets, so findings point at exact characters of the file (CRLF and
CR line ends included). A text file has no tag boundaries, so
``block.boundaries`` is always empty: rules that judge a join "at a tag
boundary" honestly see none.
"""

from __future__ import annotations

import re

from copydesk.model.article import Article, Block
from copydesk.model.conventions import is_byline
from copydesk.source.text import SourceText
from copydesk.source.textmap import TextBuilder

# A blank line: only spaces and tabs (a form feed counts too) before the line end.
_BLANK_LINE = re.compile(r"[ \t\f\v]*(?:\r\n|\r|\n)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: A headline is one line of at most this many characters ...
HEADLINE_MAX = 150
#: ... and a caption block at most this many (longer text is story copy).
CAPTION_MAX = 200
# The credit that ends a caption: a capitalised credit label, at a word start,
# with its separator and up to 60 characters of name (none when cut off), then
# an optional closing parenthesis. Searched only in the block's last 90
# characters, so the end-anchored search stays linear.
_CREDIT_TAIL = re.compile(
    r"(?:^|(?<=[\s(\[|–—-]))\(?\s?"
    r"(?:Photo(?:graph)?s?|Images?|Pictures?|Pic|Credits?|Courtesy|Illustrations?|Graphics?|Video|"
    r"(?:AP|AFP|EPA|Reuters|Getty)(?: Photo| Images)?)"
    r"(?:\s(?:credits?|by|of))?"
    r"(?:\s?[:：–—|/-][^()\[\]\r\n]{0,60})?\)?\s?$"
)
_TAIL = 90


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Source spans of the runs of non-blank lines (line ends of the last line excluded)."""
    spans: list[tuple[int, int]] = []
    position = 0
    length = len(text)
    start: int | None = None
    last_end = 0
    while position < length:
        blank = _BLANK_LINE.match(text, position)
        if blank is not None:
            if start is not None:
                spans.append((start, last_end))
                start = None
            position = blank.end()
            continue
        line_break = _LINE_BREAK.search(text, position)
        line_end = line_break.start() if line_break is not None else length
        if text[position:line_end].strip():
            if start is None:
                start = position
            last_end = line_end
        elif start is not None:  # whitespace-only last line without a line end
            spans.append((start, last_end))
            start = None
        position = line_break.end() if line_break is not None else length
    if start is not None:
        spans.append((start, last_end))
    return spans


def ends_in_credit(text: str) -> bool:
    """Whether a short text ends in a photo credit, complete or cut off (``… (Credit –``)."""
    if len(text) > CAPTION_MAX:
        return False
    return _CREDIT_TAIL.search(text, max(0, len(text) - _TAIL)) is not None


def looks_like_headline(raw: str, text: str) -> bool:
    """A single short line that is not a sentence: no final period, colon or comma."""
    return (
        _LINE_BREAK.search(raw) is None
        and 0 < len(text) <= HEADLINE_MAX
        and not text.rstrip().endswith((".", ":", ","))
    )


def role_of(raw: str, text: str, first: bool) -> str:
    """The role a plain-text block plays, from its own text and place (see the module docs)."""
    if first and looks_like_headline(raw, text):
        return "headline"
    if is_byline(text):
        return "byline"
    if ends_in_credit(text):
        return "caption"
    return "paragraph"


def newline_starts(text: str) -> list[int]:
    """Offsets just after each ``\\n`` (and 0): what :attr:`Article.nl_starts` holds."""
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def build_plain_article(source: SourceText) -> Article:
    """The article model of a plain-text file: blocks by blank lines, roles from the text."""
    text = source.text
    blocks: list[Block] = []
    for start, end in _paragraph_spans(text):
        builder = TextBuilder()
        builder.add_raw(text[start:end], start)
        mapped = builder.build()
        if not mapped.text:
            continue
        role = role_of(text[start:end], mapped.text, first=not blocks)
        blocks.append(Block(role=role, mapped=mapped, element=None, index=len(blocks)))
    headline_block = blocks[0] if blocks and blocks[0].role == "headline" else None
    byline_block = next((block for block in blocks if block.role == "byline"), None)
    return Article(
        source=source,
        body=None,
        body_path="(plain text)",
        body_reason="plain text: the whole file, in blocks separated by blank lines",
        blocks=blocks,
        figures=[],
        images=[],
        links=[],
        comments=[],
        headline=headline_block.text if headline_block is not None else None,
        headline_block=headline_block,
        byline=byline_block.text if byline_block is not None else None,
        nl_starts=newline_starts(text),
    )
