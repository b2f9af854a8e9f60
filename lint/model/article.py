"""The article model: what a reader of the page sees, with a map to the markup.

An :class:`Article` holds its metadata, the container chosen as the article
body (and why), the body's text blocks in reading order with roles, its
figures and links. Every block carries a
:class:`~copydesk.source.textmap.MappedText`, so rules work on plain text and
their findings still point at exact characters of the original file. One
reader per input format builds it: :mod:`copydesk.model.html`,
:mod:`copydesk.model.markdown`, :mod:`copydesk.model.plaintext`.

Rules see only this model, never tags: when a CMS's markup differs, body and
role detection change in the reader, not the rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from copydesk.model.element import CODE, Element, InlineSpan
from copydesk.model.memo import Memo
from copydesk.source.htmlparse import CommentMark
from copydesk.source.text import SourceText
from copydesk.source.textmap import MappedText, decode_attribute

if TYPE_CHECKING:
    from copydesk.model.quotes import QuoteSpan

_TAG = re.compile(r"<[^<>]*>")
_ATTRIBUTE_VALUE = r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"""

#: What stands for a character of code in :attr:`Block.prose_text` (OBJECT REPLACEMENT CHARACTER).
OBJECT_REPLACEMENT = "\ufffc"

#: Roles of blocks that are the article's own copy (what most rules check).
COPY_ROLES = frozenset(
    ("headline", "dek", "byline", "dateline", "paragraph", "subheading", "blockquote", "list-item", "caption", "credit")
)


#: Characters that end a line in a text file.
_LINE_END_CHARS = ("\n", "\r")


@dataclass(eq=False)
class TextUnit(Memo):
    """A piece of text rules can flag: a block, or an attribute such as ``alt``."""

    role: str
    mapped: MappedText
    element: Element | None

    @property
    def text(self) -> str:
        return self.mapped.text


@dataclass(eq=False)
class Link:
    """A link in the body; ``start``/``end`` are offsets in its block's text."""

    href: str | None
    text: str
    element: Element
    block: Block | None = None
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class ListMarker:
    """The marker a list item was written with in a text that has no list markup (plain text).

    ``kind`` is ``bullet`` (``-``, ``•``, ``*``), ``number`` (``3.``, ``3)``) or
    ``letter`` (``b.``, ``(b)``); ``value`` is the number or the letter's place
    (a = 1), 0 for a bullet; ``start``/``end`` are offsets in the block's text.
    ``detached`` says where a marker that stands apart from its item stood:
    ``"line"`` alone on the line above it, ``"glued"`` at the end of another
    line ("" when it opens its item's line, as it should). Both are a scraper
    that kept a ``<li>``'s marker as text of its own. HTML and Markdown lists carry their
    markers in markup, so their blocks have none.
    """

    kind: str
    text: str
    value: int
    start: int
    end: int
    detached: str = ""


@dataclass(eq=False)
class Block(TextUnit):
    """A block of body text in reading order.

    ``boundaries`` are offsets where text from another source string begins
    (a tag stood between): scraped widgets lose their spaces there.
    """

    index: int = 0
    chrome: bool = False
    #: Why the block is chrome, where a reader says (plain text: "widget heading", "counter"…); "" otherwise.
    chrome_reason: str = ""
    blockquote: Element | None = None
    figure: Element | None = None
    boundaries: list[int] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    #: 1–6 for a block that is an ``<h1>``–``<h6>`` element, 0 otherwise
    #: (roles only say headline/subheading; heading-order rules need the level).
    level: int = 0
    #: Inline elements inside the block's own element (code, italic, foreign
    #: language, link) as offsets in its text, recorded by the walk that built the
    #: text, so no check has to walk the tree again (see :class:`InlineSpan`).
    spans: list[InlineSpan] = field(default_factory=list)
    #: The list marker a plain-text block opens with (see :class:`ListMarker`); None otherwise.
    list_marker: ListMarker | None = None

    @cached_property
    def prose_text(self) -> str:
        """``text`` with every character of a code span (``<code>``, Markdown ```code```) replaced
        by U+FFFC, offsets unchanged.

        Code is not copy: a command's spacing, dots or brackets are no typography
        slips (``Use `copydesk check`, then …``). Rules that judge the writing
        read this instead of ``text`` and report the same offsets; the stand-in
        is neither a letter, a digit, a space nor punctuation, so no pattern
        matches across it and nothing inside it is judged.
        """
        code = [span for span in self.spans if span.kind == CODE]
        if not code:
            return self.text
        chars = list(self.text)
        for span in code:
            chars[span.start : span.end] = OBJECT_REPLACEMENT * (span.end - span.start)
        return "".join(chars)

    @cached_property
    def quotes(self) -> list[QuoteSpan]:
        """Direct-quote spans in this block, detected once and shared by rules."""
        from copydesk.model.quotes import find_quotes

        return find_quotes(self.text)


@dataclass(eq=False)
class SiteText:
    """Site text a reader found in a text with no markup to set it apart: ``block.text[start:end]``.

    ``whole`` is True when the block is nothing but site text (and is chrome);
    False for site text inside a block of copy (a counter after a byline).
    The boilerplate rule reports these: in a plain-text article the site's
    words have become part of the text, which is the defect.
    """

    block: Block
    start: int
    end: int
    kind: str
    whole: bool


@dataclass(eq=False)
class Figure:
    """An image of the story with its caption and credit, if any."""

    element: Element
    image: Element | None
    src: str | None
    alt: TextUnit | None
    caption: Block | None = None
    credits: list[Block] = field(default_factory=list)


EMBED_WORDS = frozenset(
    (
        "twitter-tweet",
        "twitter-video",
        "instagram-media",
        "tiktok-embed",
        "reddit-card",
        "bluesky-embed",
        "threads-post",
        "fb-xfbml-parse-ignore",
        "imgur-embed-pub",
        "embedly-card",
        "wp-embedded-content",
    )
)


@dataclass(eq=False)
class Blockquote:
    """A ``<blockquote>`` of the body with what could name its source.

    ``cite`` is the ``cite`` attribute; ``source_text`` the text of a
    ``<cite>`` or ``<footer>`` inside it; ``embed`` is True for social-media
    embeds, which carry their own source.
    """

    element: Element
    blocks: list[Block]
    cite: str | None
    source_text: str | None
    embed: bool
    chrome: bool


@dataclass(eq=False)
class Article(Memo):
    source: SourceText
    body: Element | None  # None for Markdown and plain text, which have no HTML tree
    body_path: str
    body_reason: str
    blocks: list[Block]
    figures: list[Figure]
    images: list[Element]
    links: list[Link]
    comments: list[CommentMark]
    title: str | None = None
    headline: str | None = None
    headline_block: Block | None = None
    byline: str | None = None
    published: str | None = None
    modified: str | None = None
    description: str | None = None
    lang: str | None = None
    canonical: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    json_ld: list[dict[str, object]] = field(default_factory=list)
    blockquotes: list[Blockquote] = field(default_factory=list)
    nl_starts: list[int] = field(default_factory=list, repr=False)
    #: ``<p>`` elements of the body (not chrome) with nothing a reader sees in
    #: them (``<p></p>``, ``<p>&nbsp;</p>``, ``<p><br></p>``): no block carries them.
    empty_paragraphs: list[Element] = field(default_factory=list, repr=False)
    #: Every visible ``<h1>`` of the page outside nav/aside/footer/form, in document order — the
    #: headline may sit outside the chosen body (an ``entry-header`` above it).
    page_h1s: list[Element] = field(default_factory=list, repr=False)
    #: The element a reader sees as the story's headline: the first ``<h1>`` outside chrome, else
    #: an ``itemprop="headline"`` element, else a heading or headline-class element whose text is
    #: the story's name in the metadata (``<h2 class="entry-title">``); None when the page shows none.
    headline_element: Element | None = field(default=None, repr=False)
    #: Whether the page marks itself as a story: an ``<article>``, ``itemprop="articleBody"``,
    #: JSON-LD of an Article type or ``og:type`` article. A service page or a portal does not,
    #: and page-level rules about a story's parts (its headline) do not judge it.
    declares_story: bool = False
    #: ``<head>`` and ``<title>`` elements, to place findings about metadata.
    head: Element | None = field(default=None, repr=False)
    title_tag: Element | None = field(default=None, repr=False)
    #: The ``<meta>`` element behind each key of ``meta`` (first one wins, as in ``meta``).
    meta_tags: dict[str, Element] = field(default_factory=dict, repr=False)
    #: The ``<script type="application/ld+json">`` each ``json_ld`` item came from (parallel list).
    json_ld_tags: list[Element] = field(default_factory=list, repr=False)
    #: Every ``<time>`` element of the page.
    times: list[Element] = field(default_factory=list, repr=False)
    #: Elements that look like an author or date line anywhere on the page
    #: (``rel=author``, ``itemprop=author``/``datePublished``, class words such
    #: as ``byline``, ``author``, ``date``, ``timestamp``), found during the one
    #: index pass; at most a few dozen each. Rules decide which count.
    author_marks: list[Element] = field(default_factory=list, repr=False)
    date_marks: list[Element] = field(default_factory=list, repr=False)
    #: The configured body selector when it matched nothing on this page (the body was
    #: detected instead, as ``body_reason`` says); None when none was set or it matched.
    body_selector_missed: str | None = None
    #: Site text the reader found in the text (plain text only: HTML sets it apart by markup).
    site_text: list[SiteText] = field(default_factory=list, repr=False)

    @property
    def language(self) -> str:
        """The page's primary language subtag, lower case (``en-GB`` → ``en``; "" when undeclared)."""
        return (self.lang or "").strip().lower().replace("_", "-").split("-")[0]

    def copy_blocks(self, roles: frozenset[str] | None = None) -> Iterator[Block]:
        """Blocks that are the article's own copy (not chrome), optionally by role."""
        wanted = roles or COPY_ROLES
        for block in self.blocks:
            if not block.chrome and block.role in wanted:
                yield block

    def copy_links(self) -> Iterator[Link]:
        """Links of the article's own copy: not in chrome, not inside a social-media embed (which is its source's)."""
        embeds = {id(quote.element) for quote in self.blockquotes if quote.embed}
        for link in self.links:
            block = link.block
            if block is not None:
                if block.chrome or (block.blockquote is not None and id(block.blockquote) in embeds):
                    continue
            elif self.in_chrome(link.element):
                continue
            yield link

    def tag_start(self, element: Element) -> int | None:
        """Source offset of an element's ``<``."""
        return element.start

    def tag_span(self, element: Element) -> tuple[int, int]:
        """Source span of an element's start tag (``<img …>``), for findings about it."""
        return element.span

    def anchor(self, tag: Element | None) -> TextUnit:
        """An empty text unit at a tag's ``<``, for findings about something missing or about
        an element as a whole (no title, an ``<img>`` without ``alt``): the finding gets the
        tag's line:column and CSS selector, and its excerpt is empty, since no reader text is
        the defect."""
        start = (tag.start if tag is not None else None) or 0
        return TextUnit("anchor", MappedText("", [0], [start], [start], [False]), tag)

    def text_unit(self, element: Element, role: str) -> TextUnit:
        """A small element's text (``<title>``) as a text unit mapped to its source.

        Each reader says how for its format (:class:`~copydesk.model.html.HtmlArticle`
        walks the element); a format without such elements has none.
        """
        return TextUnit(role, MappedText(""), element)

    def in_chrome(self, element: Element) -> bool:
        """Whether a page-level element (an ``<h1>``, a byline, a link) sits in site chrome.

        Only HTML pages have chrome around the story (:class:`~copydesk.model.html.HtmlArticle`);
        Markdown and plain text do not.
        """
        return False

    @property
    def scope(self) -> Element | None:
        """The element holding the story with its header: the body's nearest ``<article>``, or the body.

        A headline often sits in an ``<article>``'s header just above the chosen body
        (an ``entry-content``); rules that count the article's ``<h1>`` look this wide.
        """
        node = self.body
        while node is not None and not node.is_document:
            if node.name == "article":
                return node
            node = node.parent
        return self.body

    def body_anchor(self) -> TextUnit:
        """Where an article-level finding about the body goes: the body's start tag, else its first block's.

        Markdown and text files have no body element (``body`` is None): their first block.
        """
        if self.body is not None and not self.body.is_document:
            return self.anchor(self.body)
        return self.anchor(next((block.element for block in self.blocks if block.text), None))

    @property
    def is_fragment(self) -> bool:
        """Whether the input is a piece of markup (no ``<html>``, ``<head>`` or ``<body>``),
        such as a CMS body field: page-level rules (title, headline, metadata) do not apply."""
        # Markdown and plain text (no HTML tree, ``body`` None) are no pages either.
        return self.body is None or (self.head is None and self.body.is_document)

    def tags_at(self, unit: TextUnit, index: int) -> tuple[str, ...]:
        """The tags written in the file between plain characters ``index - 1`` and ``index`` of ``unit``.

        What a join in the reader's text crossed: ``("</strong>", "<a href=…>")``
        where a label ran into a link, ``()`` where the text is continuous. For
        rules that judge a join by the markup it hides (a lost space at a tag
        boundary), so they need not read the file themselves.
        """
        if not 0 < index < len(unit.text):
            return ()
        left = unit.mapped.to_source(index - 1, index)[1]
        right = unit.mapped.to_source(index, index + 1)[0]
        return tuple(_TAG.findall(self.source.text, left, right)) if left < right else ()

    def has_tag(self, unit: TextUnit, start: int, end: int) -> bool:
        """Whether a tag is written in the file inside the source of the plain span ``[start, end)``."""
        src_start, src_end = unit.mapped.to_source(start, end)
        return "<" in self.source.text[src_start:src_end]

    def source_between(self, unit: TextUnit, start: int, end: int) -> str:
        """The file's text between plain characters ``start - 1`` and ``end`` of ``unit``: what a
        gap in the reader's text hides (tags, markup line breaks, inline math or an image the text
        model leaves out), for rules that judge a gap by what stood in it. "" at the text's ends."""
        if not 0 < start <= end < len(unit.text):
            return ""
        left = unit.mapped.to_source(start - 1, start)[1]
        right = unit.mapped.to_source(end, end + 1)[0]
        return self.source.text[left:right] if left < right else ""

    def line_spans(self, block: Block) -> list[tuple[int, int]]:
        """The block's lines, as ``(start, end)`` offsets of its text trimmed of spaces (empty lines left out).

        In scraped text a line is often a unit of its own (a caption, a credit,
        a ``By •`` label that lost its name) even inside a run of lines the
        reader joined into one block; only the source map knows where the file
        broke the line. Only text without markup (``body`` is None: plain text
        and Markdown) is split: in HTML a line break is markup layout, so an
        HTML block is one line. Computed once per block.
        """

        def compute() -> list[tuple[int, int]]:
            text = block.text
            cuts: list[int] = []
            if self.body is None:
                cuts = _spaces_at_line_ends(block.mapped, text, self.source.text)
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

        return block.memo(("model", "line-spans"), compute)

    def file_cut_after(self, unit: TextUnit, end: int) -> bool:
        """Whether a text file stops right after ``unit.text[:end]``, without a line end.

        A text file saved from a larger page and cut at a size limit stops
        mid-line; what the cut leaves (``(Photo by Kevin Win``, ``There were``)
        is the cut's, not the writer's. Never true for HTML, whose end is markup.
        """
        if self.body is not None or end <= 0:
            return False
        source = self.source.text
        _, src_end = unit.mapped.to_source(end - 1, end)
        return source[src_end:].strip() == "" and not source.endswith(_LINE_END_CHARS)

    def attribute(self, tag: Element, name: str) -> TextUnit | None:
        """An attribute's decoded value as a text unit mapped to its source."""
        if not tag.has_attr(name):
            return None
        start, end = tag.span
        raw_tag = self.source.text[start:end]
        match = re.search(r"[\s/]" + re.escape(name) + _ATTRIBUTE_VALUE, raw_tag, re.IGNORECASE)
        if match is None:
            return TextUnit(name, MappedText(""), tag)
        group = next(index for index in (1, 2, 3) if match.group(index) is not None)
        return TextUnit(name, decode_attribute(match.group(group), start + match.start(group)), tag)


def link_in_block(element: Element, block: Block, start: int, end: int) -> Link:
    """A link over ``block.text[start:end]``, trimmed of the spaces collapsed around it."""
    text = block.text
    end = min(end, len(text))
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return Link(element.get("href"), text[start:end], element, block, start, end)


def _spaces_at_line_ends(mapped: MappedText, text: str, source: str) -> list[int]:
    """Offsets of the spaces in ``text`` that stand for a line end in ``source``.

    Segment by segment: a segment whose source holds no line end has no such
    space, so only the few that do are read space by space (a raw segment
    maps each space to its own source character, an atomic one to its whole
    source span). The same answer as asking the map about every space, in
    time linear in the text rather than a search per space.
    """
    cuts: list[int] = []
    starts = mapped.out_starts
    for segment, out_start in enumerate(starts):
        out_end = starts[segment + 1] if segment + 1 < len(starts) else len(text)
        src_start, src_end = mapped.src_starts[segment], mapped.src_ends[segment]
        if not any(end in source[src_start:src_end] for end in _LINE_END_CHARS):
            continue
        for index in range(out_start, min(out_end, len(text))):
            if text[index] != " ":
                continue
            if mapped.linear[segment]:
                at = src_start + (index - out_start)
                if any(end in source[at : at + 1] for end in _LINE_END_CHARS):
                    cuts.append(index)
            else:
                cuts.append(index)
    return cuts
