"""Markdown articles (``.md``/``.markdown``): CommonMark blocks with exact positions.

Parsed with markdown-it-py (a maintained, spec-compliant CommonMark parser).
It gives each block the lines it spans, but inline text has no offsets, so
each piece of inline text is found back in its block's source, in order,
character by character: markup between pieces (``*``, ``[``, ``](url)``,
indentation, ``>`` markers) is skipped, a backslash escape or a character
reference maps as one unit to its source (``\\*`` → ``*``, ``&amp;`` → ``&``).
Where a piece cannot be found (a construct the aligner does not know), it is
mapped as one unit to the rest of its block: coarse, never wrong.

What becomes what:

* the first ``#`` heading is the **headline**, other headings **subheadings**
  (``level`` 1–6); paragraphs are **paragraphs**, inside a ``>`` quote
  **blockquote**, inside a list **list-item**; ``By …`` lines **byline**;
* ``![alt](src "title")`` is a figure (``alt`` mapped to its source); text in
  the same paragraph after the image, or an all-emphasis paragraph right after
  an image-only paragraph (``*Caption. Photo: …*``), is its **caption**;
* ``[text](href)`` is a link with its span in the block's text;
* code blocks are not copy; inline code stays in its block's text, as
  ``<code>`` does in HTML, recorded as a code span (``Block.spans``), so the
  sentence around it reads whole and rules that judge the writing skip it
  (``Block.prose_text``); HTML blocks are skipped, but their comments are
  kept, so ``<!-- copydesk: disable CD101 -->`` works as in HTML;
* YAML front matter (``---`` … ``---``) is metadata: its ``title`` is the title.

Inline markup boundaries (emphasis, links, code) are recorded in ``boundaries``,
as tags are in HTML, so the run-together and widget rules see ``**Also
Read**[Butterfly…](…)``; inline code, ``*emphasis*`` (HTML's ``<em>``) and link
text are recorded as inline spans (kinds code, italic, link), as HTML records
``<code>``, ``<em>`` and ``<a>``, so the grammar filters judge them alike.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from copydesk.model.article import Article, Block, Blockquote, Figure, TextUnit, link_in_block
from copydesk.model.conventions import is_byline
from copydesk.model.element import CODE, ITALIC, LINK, Element, InlineSpan
from copydesk.model.plaintext import newline_starts
from copydesk.source.htmlparse import CommentMark
from copydesk.source.text import SourceText
from copydesk.source.textmap import TextBuilder
from markdown_it import MarkdownIt
from markdown_it.token import Token

_ENTITY = re.compile(r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)")
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_FRONT_MATTER = re.compile(r"---[ \t]*\n(?:[^\n]*\n){0,200}?(?:---|\.\.\.)[ \t]*(?:\n|$)")
_TITLE_LINE = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.MULTILINE)
# How far the aligner may skip markup to find the next character of inline text.
_MAX_SKIP = 2000
_MARKUP_INLINE = frozenset(("strong_open", "strong_close", "s_open", "s_close"))
_BACKTICKS = re.compile(r"`+")


@dataclass(eq=False)
class MarkdownArticle(Article):
    """An article read from Markdown.

    Figures, links and blockquotes carry model :class:`~copydesk.model.element.Element`
    views built directly from the Markdown (``<img src alt>``, ``<a href>``,
    ``<blockquote>``, each with its span in the Markdown source), the same
    views HTML gives, so rules that look at an image's attributes judge both alike.
    An image's ``alt`` is its ``![alt]`` text, mapped to its source like HTML's
    attribute value, so the alt-text rules judge ``![IMG_2041.jpg](…)`` as they
    judge ``<img alt="IMG_2041.jpg">``.
    """

    #: The mapped text of attributes that Markdown writes as text (an image's ``alt``), by element.
    attribute_units: dict[int, dict[str, TextUnit]] = field(default_factory=dict, repr=False)

    def attribute(self, tag: Element, name: str) -> TextUnit | None:
        unit = self.attribute_units.get(id(tag), {}).get(name)
        return unit if unit is not None else super().attribute(tag, name)


class _OffsetMap:
    """Offsets of the LF-normalised text (what the parser sees) back to the original (CRLF, CR)."""

    def __init__(self, text: str) -> None:
        self.crlf: list[int] = []  # normalised offsets of newlines that were "\r\n"
        parts: list[str] = []
        position = 0
        removed = 0
        for match in re.finditer(r"\r\n?", text):
            parts.append(text[position : match.start()])
            parts.append("\n")
            if match.group() == "\r\n":
                self.crlf.append(match.start() - removed)
                removed += 1
            position = match.end()
        parts.append(text[position:])
        self.text = "".join(parts)

    def __call__(self, offset: int) -> int:
        return offset + bisect_left(self.crlf, offset)


def _blank_front_matter(text: str) -> tuple[str, str | None]:
    """Front matter replaced by spaces (lines kept, so positions hold), and its ``title``."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return text, None
    block = match.group()
    title_match = _TITLE_LINE.search(block)
    title = title_match.group(1).strip("\"'") if title_match else None
    blanked = re.sub(r"[^\n]", " ", block)
    return blanked + text[match.end() :], title or None


class _Aligner:
    """Finds inline text back in the normalised source, emitting pieces into a TextBuilder."""

    def __init__(self, norm: str, to_orig: _OffsetMap) -> None:
        self.norm = norm
        self.to_orig = to_orig

    def text(self, builder: TextBuilder, content: str, cursor: int, limit: int) -> int:
        """Add ``content`` found at or after ``cursor``; the new cursor (``limit`` when not found)."""
        norm = self.norm
        pieces: list[tuple[str, int, int, bool]] = []
        position = cursor
        for char in content:
            found = False
            stop = min(limit, position + _MAX_SKIP)
            while position < stop:
                here = norm[position]
                # markdown-it reads a NUL as U+FFFD (CommonMark's rule for insecure characters).
                if here == char or (here == "\x00" and char == "\ufffd"):
                    pieces.append((char, position, position + 1, True))
                    position += 1
                    found = True
                    break
                if here == "\\" and norm[position + 1 : position + 2] == char:
                    pieces.append((char, position, position + 2, False))
                    position += 2
                    found = True
                    break
                if here == "&":
                    entity = _ENTITY.match(norm, position)
                    if entity is not None and char in _readings(entity.group()):
                        pieces.append((char, position, entity.end(), False))
                        position = entity.end()
                        found = True
                        break
                position += 1
            if not found:
                # Not found (a construct the aligner does not know): one unit over the rest.
                # Never past the end of the text: a cursor at the limit gives an empty span there.
                end = min(max(limit, cursor + 1), len(norm))
                builder.add_atomic(content, self.to_orig(min(cursor, end)), self.to_orig(end))
                return limit
        self._emit(builder, pieces)
        return position

    def _emit(self, builder: TextBuilder, pieces: list[tuple[str, int, int, bool]]) -> None:
        run_start = -1
        run_text: list[str] = []
        last_end = -1
        for char, start, end, raw in pieces:
            if raw and run_text and start == last_end:
                run_text.append(char)
                last_end = end
                continue
            if run_text:
                builder.add_raw("".join(run_text), self.to_orig(run_start))
                run_text = []
            if raw:
                run_start, last_end = start, end
                run_text = [char]
            else:
                builder.add_atomic(char, self.to_orig(start), self.to_orig(end))
        if run_text:
            builder.add_raw("".join(run_text), self.to_orig(run_start))


def _readings(reference: str) -> set[str]:
    """What a character reference may have become: HTML's reading, and markdown-it's.

    They differ for numeric references: HTML maps ``&#133;`` through
    Windows-1252 to "…", markdown-it reads it, like every code point it
    deems invalid (C1 controls, ``&#1114112;``), as U+FFFD.
    """
    readings = {html.unescape(reference)}
    if reference.startswith("&#"):
        digits = reference[2:].rstrip(";")
        try:
            code = int(digits[1:], 16) if digits[:1] in ("x", "X") else int(digits)
        except ValueError:
            return readings
        if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            readings.add(chr(code))
        readings.add("\ufffd")  # markdown-it's reading of every code point it deems invalid (C1 controls too)
    return readings


def _skip_destination(norm: str, cursor: int, limit: int) -> int:
    """Past the ``](dest "title")``, ``][ref]`` or ``]`` that closes a link or image text."""
    position = norm.find("]", cursor, limit)
    if position == -1:
        return cursor
    position += 1
    if norm.startswith("(", position):
        depth = 0
        quote = ""
        while position < limit:
            char = norm[position]
            if quote:
                if char == quote:
                    quote = ""
            elif char == "\\":
                position += 1
            elif char in "\"'" and depth == 1 and norm[position - 1] in " \t\n":
                quote = char  # a title: only after white space ("sign.jp'" is a destination)
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    return position + 1
            position += 1
        return limit
    if norm.startswith("[", position):
        end = norm.find("]", position, limit)
        return end + 1 if end != -1 else position
    return position


def _add_code(builder: TextBuilder, norm: str, mapper: _OffsetMap, content: str, cursor: int, limit: int) -> int:
    """Add an inline code span's text, mapped to its source; the cursor past its closing backticks.

    A one-line span is found verbatim (code has no escapes or references). A
    span over a line break reads as spaces where the source has newlines, so
    it maps as one unit to the source between its backtick runs: coarse, never
    wrong. Not found at all: nothing added, as before code was kept.
    """
    found = norm.find(content, cursor, limit)
    if found != -1 and "\n" not in norm[cursor:found]:
        builder.add_raw(content, mapper(found))
        return found + len(content)
    opening = _BACKTICKS.search(norm, cursor, limit)
    if opening is None:
        return cursor
    closing = norm.find(opening.group(), opening.end(), limit)
    if closing == -1:
        return cursor
    builder.add_atomic(" ".join(content.split()), mapper(opening.end()), mapper(closing))
    return closing + len(opening.group())


@dataclass
class _Open:
    """What the block being built belongs to."""

    blockquote: Element | None = None
    in_list: bool = False


def _closes_emphasis(children: list[Token]) -> bool:
    """Whether an inline run ends with closing emphasis (a caption written as ``*…*`` under an image)."""
    return bool(children) and children[-1].type in ("em_close", "strong_close")


def build_markdown_article(source: SourceText) -> MarkdownArticle:
    """The article model of a Markdown file (see the module docs)."""
    mapper = _OffsetMap(source.text)
    norm, title = _blank_front_matter(mapper.text)
    tokens = MarkdownIt("commonmark").parse(norm)
    line_starts = newline_starts(norm)
    orig_nl_starts = newline_starts(source.text)
    aligner = _Aligner(norm, mapper)
    article = MarkdownArticle(
        source=source,
        body=None,
        body_path="(markdown)",
        body_reason="Markdown: the whole document",
        blocks=[],
        figures=[],
        images=[],
        links=[],
        comments=[],
        title=title,
        nl_starts=orig_nl_starts,
    )
    blockquotes: list[tuple[Element, list[Block]]] = []
    quote_stack: list[Element] = []
    list_depth = 0
    heading: Token | None = None
    pending_caption: Figure | None = None  # an image-only paragraph just closed

    def line_offset(line: int) -> int:
        return line_starts[line] if line < len(line_starts) else len(norm)

    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "blockquote_open":
            start = line_offset(token.map[0]) if token.map else 0
            tag = Element("blockquote", span=(mapper(start), mapper(start + 1)))
            quote_stack.append(tag)
            blockquotes.append((tag, []))
        elif kind == "blockquote_close":
            quote_stack.pop()
        elif kind in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif kind == "heading_open":
            heading = token
        elif kind == "html_block" and token.map:
            region = line_offset(token.map[0])
            for comment in _COMMENT.finditer(norm, region, line_offset(token.map[1])):
                article.comments.append(CommentMark(mapper(comment.start()), mapper(comment.end()), comment.group(1)))
        elif kind == "inline" and token.map:
            opener = tokens[index - 1] if index else None
            region_start, region_end = line_offset(token.map[0]), line_offset(token.map[1])
            caption_for = pending_caption
            pending_caption = None
            builder = TextBuilder()
            links: list[tuple[Element, int, int]] = []
            figure: Figure | None = None
            cursor = region_start
            open_links: list[tuple[Element, int]] = []
            spans: list[InlineSpan] = []
            open_emphasis: list[int] = []
            after_markup = False
            children = token.children or []
            only_emphasis = bool(children) and children[0].type in ("em_open", "strong_open")
            for child in children:
                child_kind = child.type
                if child_kind == "text":
                    if after_markup:
                        builder.start_string()
                    cursor = aligner.text(builder, child.content, cursor, region_end)
                    after_markup = False
                elif child_kind in ("softbreak", "hardbreak"):
                    newline = norm.find("\n", cursor, region_end)
                    if newline != -1:
                        builder.space(mapper(newline), mapper(newline + 1))
                        cursor = newline + 1
                elif child_kind == "code_inline":
                    builder.start_string()
                    code_start = builder.length
                    cursor = _add_code(builder, norm, mapper, child.content, cursor, region_end)
                    code_end = builder.length - (1 if child.content[-1:].isspace() else 0)
                    if code_end > code_start:
                        spans.append(InlineSpan(code_start, code_end, CODE))
                    after_markup = True
                elif child_kind == "em_open":
                    open_emphasis.append(builder.length)
                    after_markup = True
                elif child_kind == "em_close":
                    if open_emphasis:
                        emphasis_start = open_emphasis.pop()
                        if builder.length > emphasis_start:
                            spans.append(InlineSpan(emphasis_start, builder.length, ITALIC))
                    after_markup = True
                elif child_kind in _MARKUP_INLINE:
                    after_markup = True
                elif child_kind == "link_open":
                    bracket = norm.find("[", cursor, region_end)
                    if bracket != -1 and norm[cursor:bracket].strip() == "":
                        cursor = bracket + 1
                    tag = Element("a", {"href": str(child.attrs.get("href") or "")})
                    open_links.append((tag, builder.length))
                    after_markup = True
                elif child_kind == "link_close":
                    if open_links:
                        tag, link_start = open_links.pop()
                        links.append((tag, link_start, builder.length))
                    cursor = _skip_destination(norm, cursor, region_end)
                    after_markup = True
                elif child_kind == "image":
                    bang = norm.find("![", cursor, region_end)
                    image_start = bang if bang != -1 else cursor
                    alt_builder = TextBuilder()
                    alt_cursor = image_start + 2
                    for alt_child in child.children or []:
                        if alt_child.type == "text":
                            alt_cursor = aligner.text(alt_builder, alt_child.content, alt_cursor, region_end)
                    cursor = _skip_destination(norm, alt_cursor, region_end)
                    src = str(child.attrs.get("src") or "")
                    title_attr = child.attrs.get("title")
                    attrs = {"src": src, "alt": child.content}
                    if title_attr:
                        attrs["title"] = str(title_attr)
                    tag = Element("img", attrs, span=(mapper(image_start), mapper(cursor)))
                    alt = TextUnit("alt", alt_builder.build(), tag)
                    article.attribute_units[id(tag)] = {"alt": alt}
                    figure = Figure(tag, tag, src or None, alt)
                    article.figures.append(figure)
                    article.images.append(tag)
                    after_markup = True
                elif child_kind == "html_inline":
                    found = norm.find(child.content, cursor, region_end)
                    if found != -1:
                        inline_comment = _COMMENT.fullmatch(child.content)
                        if inline_comment is not None:
                            start = mapper(found)
                            article.comments.append(
                                CommentMark(start, mapper(found + len(child.content)), inline_comment.group(1))
                            )
                        cursor = found + len(child.content)
                    after_markup = True
            mapped = builder.build()
            if figure is not None and not mapped.text:
                pending_caption = figure
            if not mapped.text:
                continue
            level = 0
            if heading is not None and opener is heading:
                level = int(heading.tag[1])
                role = "headline" if level == 1 and article.headline_block is None else "subheading"
            elif quote_stack:
                role = "blockquote"
            elif list_depth:
                role = "list-item"
            elif figure is not None and (token.children or [])[0].type == "image":
                role = "caption"
            elif (
                caption_for is not None
                and only_emphasis
                and (token.children or [])[-1].type in ("em_close", "strong_close")
            ):
                role, figure = "caption", caption_for
            elif is_byline(mapped.text):
                role = "byline"
            else:
                role = "paragraph"
            block = Block(
                role=role,
                mapped=mapped,
                element=None,
                index=len(article.blocks),
                blockquote=quote_stack[-1] if quote_stack else None,
                figure=figure.element if figure is not None and role == "caption" else None,
                boundaries=builder.boundaries,
                level=level,
            )
            if role == "caption" and figure is not None and figure.caption is None:
                figure.caption = block
            for tag, start, end in links:
                link = link_in_block(tag, block, start, end)
                block.links.append(link)
                article.links.append(link)
                if link.end > link.start:
                    spans.append(InlineSpan(link.start, link.end, LINK))
            end_of_text = len(mapped.text)
            block.spans = sorted(
                (InlineSpan(span.start, min(span.end, end_of_text), span.kind) for span in spans),
                key=lambda span: (span.start, span.end),
            )
            if role == "headline":
                article.headline_block = block
                article.headline = block.text
            elif role == "byline" and article.byline is None:
                article.byline = block.text
            article.blocks.append(block)
            for tag, members in blockquotes:
                if tag is block.blockquote:
                    members.append(block)
    article.blockquotes = [
        Blockquote(element=tag, blocks=members, cite=None, source_text=None, embed=False, chrome=False)
        for tag, members in blockquotes
        if members
    ]
    if article.headline is None:
        article.headline = title
    return article
