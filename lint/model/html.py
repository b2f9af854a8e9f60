"""Reading an HTML page into the article model: the body, its blocks with roles, figures, links, metadata.

:func:`build_article` parses a page once (the positioned parse of
:mod:`copydesk.source.htmlparse`) and produces an :class:`HtmlArticle`: the
container chosen as the article body (and why), the body's text blocks in
reading order with roles, its figures and links, and the page's metadata.
Every block carries a :class:`~copydesk.source.textmap.MappedText`, so rules
work on plain text and their findings still point at exact characters of the
original file. Rules see only the model (:mod:`copydesk.model.article`) and
its :class:`~copydesk.model.element.Element` views, never tags: when a CMS's
markup differs, body and role detection change here, not the rules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any, cast

from bs4 import Tag
from bs4.element import NavigableString
from copydesk.model.article import EMBED_WORDS, Article, Block, Blockquote, Figure, Link, TextUnit, link_in_block
from copydesk.model.conventions import is_byline
from copydesk.model.element import CODE_TAGS, ITALIC_TAGS, LINK, Element, InlineSpan, inline_kind
from copydesk.model.furniture import (
    TextStats,
    holds_own_picture,
    links_away,
    mark_tail_site_text,
    structural_furniture,
    teaser_grid,
)
from copydesk.source.htmlparse import chunks_of, parse
from copydesk.source.text import SourceText
from copydesk.source.textmap import TextBuilder

# Elements whose content is never text a reader sees.
SKIP_TAGS = frozenset(
    "script style noscript template svg math iframe object embed canvas textarea select button input "
    "option head title meta link audio video map area".split()
)
# Elements that start a new block of text (inline tags join without spaces).
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section "
    "summary table tbody thead tfoot tr td th caption ul legend".split()
)
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# Containers that are site chrome wherever they appear: never body text.
CHROME_TAGS = frozenset(("nav", "form"))
# Class or id words that mark site chrome inside an article container
# (share bars, related-post boxes, comment sections, ads, newsletter boxes, an embed's
# cookie-consent banner).
CHROME_WORDS = frozenset(
    "share sharing sharedaddy social socials related relatedposts newsletter subscribe subscription "
    "comments comment respond advert advertisement adsbygoogle outbrain taboola addtoany breadcrumb "
    "breadcrumbs recirculation recirc trending dfp googledfpad adcaption addthis sharebar sharetitle "
    "pagination navbox navhead readmore mostpopular disclaimer disclosure playlist "
    "outstream prevnext postbit postbitlegacy postcontainer consent".split()
)
# Whole class names that mark chrome; their words alone would not (``entry-content-read-more``
# is a body, ``read-more`` a button).
CHROME_TOKENS = frozenset(
    "read-more read-more-button read-more-link most-popular popular-posts rel-section reltd "
    "post-pagination tags post-tags entry-tags article-tags footer-tags tag-links tags-links cat-links "
    "author-bio author-box about-author dont-miss".split()
)
# Layout words that mark chrome only when a class or id starts with them
# (``sidebar``, ``ad-slot``) — ``l-sidebar-fixed`` or ``content-with-sidebar``
# are layouts that hold the story.
CHROME_PREFIXES = frozenset("sidebar widget menu ad ads promo promos navigation print".split())
# Classes that hide an element from sighted readers.
HIDDEN_CLASSES = frozenset(
    "hidden hide is-hidden u-hidden sr-only sr-only-focusable visually-hidden visuallyhidden "
    "screen-reader-text screen-reader-only screenreader-only offscreen off-screen a11y-hidden "
    "element-invisible element-hidden print-only visible-print".split()
)
# Bootstrap's ``d-none`` hides an element unless a breakpoint class shows it again
# (``d-none d-md-block``); ``d-print-block`` shows it on paper only.
_SHOWN_AT_BREAKPOINT = re.compile(r"d-(?:sm|md|lg|xl|xxl)-(?:block|flex|inline|inline-block|inline-flex|grid|table)")
# Icon fonts whose text is a ligature name, not words.
ICON_CLASSES = frozenset(
    "material-icons material-icons-outlined material-icons-round material-symbols-outlined "
    "material-symbols-rounded glyphicon fa fas far fab fal fad icon icons".split()
)
PULLQUOTE_WORDS = frozenset(("pullquote", "pull-quote", "pullout", "pull-out", "pullquote-text"))
# Class or id words that give a block its role.
ROLE_WORDS: dict[str, str] = {
    "byline": "byline",
    "author": "byline",
    "dek": "dek",
    "standfirst": "dek",
    "subtitle": "dek",
    "subheadline": "dek",
    "dateline": "dateline",
    "credit": "credit",
    "credits": "credit",
    "copyright": "credit",
    "caption": "caption",
    "pullquote": "pullquote",
}
BODY_CLASS_SELECTORS = (
    ".entry-content",
    ".post-content",
    ".article-body",
    ".article__body",
    ".article-content",
    ".story-body",
    ".story-content",
    ".post-body",
    ".content-body",
    ".td-post-content",
    ".field-name-body",
    "#article-body",
    "#story-body",
)
_WORD_SPLIT = re.compile(r"[\s_\-]+")
# A lower-case letter or digit followed by an upper-case one: a camelCase boundary
# (``PromoSmall-title`` is promo, small, title).
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _start_tag_end(text: str, start: int) -> int:
    """Offset just past the ``>`` that closes the start tag at ``start`` (quotes respected)."""
    position = start + 1
    quote = ""
    length = len(text)
    while position < length:
        char = text[position]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == ">":
            return position + 1
        position += 1
    return length


# Inline elements that may wrap nothing inside an "empty" paragraph; anything
# else (an iframe, a script-driven embed, an input) means the paragraph shows something.
_BLANK_INLINE = frozenset("br span strong b em i u a font small sup sub mark".split())


_KINDED_NAMES = CODE_TAGS | ITALIC_TAGS


def _span_order(span: InlineSpan) -> tuple[int, int]:
    return span.start, span.end


#: Characters that print nothing but still make a line box: a paragraph of them
#: shows as a blank line, where ``<p></p>`` or ``<p> </p>`` collapses to nothing.
INVISIBLE_CHARACTERS = "\u00a0\u200b\u200c\u200d\u2060\ufeff"


def is_blank_text(text: str) -> bool:
    """Whether text prints nothing: whitespace, no-break and zero-width spaces only."""
    return not text.strip().strip(INVISIBLE_CHARACTERS + " \t\r\n")


def _blank_paragraph(tag: Tag) -> bool:
    """Whether a ``<p>`` shows the reader a blank line (checked on candidates only).

    Only a paragraph that holds a no-break or zero-width space, or a line
    break, draws an empty line; a truly empty ``<p></p>``, a whitespace-only or
    comment-only one (``<p><!--more--></p>``) collapses to nothing in every
    browser, and an empty element with a class or id (a credit slot, an ad
    marker, a float clearer) is the template's, not the writer's.
    """
    children = tag.find_all(True)
    if not all(child.name in _BLANK_INLINE for child in children):
        return False
    if tag.get("id") or any(child.get("class") or child.get("id") or child.get("clear") for child in children):
        return False
    text = tag.get_text()
    return any(char in text for char in INVISIBLE_CHARACTERS) or any(child.name == "br" for child in children)


def attribute_tokens(tag: Tag, name: str) -> list[str]:
    """The space-separated tokens of an attribute (``class``, ``rel``), as written.

    The parser keeps every attribute value a string (see
    :class:`copydesk.source.htmlparse.PositionedSoup`); a tree from another parser
    may hold a list already.
    """
    value = tag.get(name)
    if not value:
        return []
    return value.split() if isinstance(value, str) else [str(token) for token in value]


def _raw_tokens(tag: Tag) -> list[str]:
    """Class names and id of an element, as written."""
    ident = tag.get("id")
    tokens = attribute_tokens(tag, "class")
    if isinstance(ident, str) and ident:
        tokens.append(ident)
    return tokens


def _tokens(tag: Tag) -> list[str]:
    """Lower-case class names and id of an element."""
    return [token.lower() for token in _raw_tokens(tag)]


def _parts(token: str) -> list[str]:
    """The lower-case words of one class name or id, split at ``-``, ``_`` and camelCase
    boundaries (``PromoSmall-title`` → promo, small, title), trailing digits dropped."""
    words = []
    for piece in _WORD_SPLIT.split(token):
        for part in _CAMEL.split(piece):
            part = part.lower().rstrip("0123456789")
            if part:
                words.append(part)
    return words


# First words of class names that state what an element has or is, not what it is:
# ``has-video``, ``with-sidebar``, ``no-comments`` on a story's own container.
_STATE_WORDS = frozenset("has with no is not without show can".split())


def _words(tag: Tag) -> set[str]:
    """Class/id tokens and their words (``post-share-bar`` → itself, post, share, bar).

    A state class (``has-video``, ``with-comments``) adds itself only, not its words.
    """
    words: set[str] = set()
    for token in _raw_tokens(tag):
        words.add(token.lower())
        parts = _parts(token)
        if parts and parts[0] not in _STATE_WORDS:
            words.update(parts)
    return words


def _is_chrome_marked(tag: Tag, words: set[str]) -> bool:
    """Whether class/id words mark site chrome (see CHROME_WORDS, CHROME_TOKENS, CHROME_PREFIXES).

    ``words`` (from :func:`_words`) is a quick screen; each class name and the id
    is then judged on its own (:func:`_token_is_chrome`).
    """
    if not words:
        return False
    return any(_token_is_chrome(token) for token in _raw_tokens(tag))


@lru_cache(maxsize=8192)
def _token_is_chrome(token: str) -> bool:
    """Whether one class name or id marks site chrome.

    A state class (``has-comments``) marks nothing, and neither does an embed
    (``social-media-embed``, ``video-embed``): a post or video embedded in the
    story is the story's, whatever platform it comes from.
    """
    if token.lower() in CHROME_TOKENS:
        return True
    parts = _parts(token)
    if not parts or parts[0] in _STATE_WORDS or "embed" in parts or "embedded" in parts:
        return False
    if any(part in CHROME_WORDS for part in parts) or token.lower() in CHROME_WORDS:
        return True
    if "author" in parts and ("bio" in parts or "biography" in parts or "about" in parts):
        return True  # the author's bio box under the story ("author-bio-container", "about-the-author")
    # First or last word: "sidebar-widget", "article-sidebar"; not "l-sidebar-fixed".
    return parts[0] in CHROME_PREFIXES or parts[-1] in CHROME_PREFIXES


def _is_hidden(tag: Tag) -> bool:
    """Elements no reader sees: ``hidden``, inline display:none, screen-reader-only
    classes, and icon-font ligatures (``<i class="material-icons">create</i>``)."""
    if tag.has_attr("hidden"):
        return True
    if tag.get("class"):
        tokens = {token.lower() for token in attribute_tokens(tag, "class")}
        if tokens & HIDDEN_CLASSES:
            return True
        if "d-none" in tokens and not any(_SHOWN_AT_BREAKPOINT.fullmatch(token) for token in tokens):
            return True
        if tag.name in ("i", "span") and tokens & ICON_CLASSES:
            return True
    style = tag.get("style")
    return isinstance(style, str) and _HIDDEN_STYLE.search(style) is not None


def css_path(element: Element) -> str:
    """A CSS selector that selects exactly this element (ids anchor the path)."""
    return element.selector


def _css_path(tag: Tag) -> str:
    """A CSS selector that selects exactly this element (ids anchor the path)."""
    parts: list[str] = []
    node: Tag | None = tag
    while node is not None and node.name != "[document]":
        ident = node.get("id")
        if isinstance(ident, str) and re.fullmatch(r"[A-Za-z][\w-]*", ident):
            parts.append(f"{node.name}#{ident}")
            break
        parent = node.parent
        part = node.name
        if parent is not None:
            same = [child for child in parent.children if isinstance(child, Tag) and child.name == node.name]
            if len(same) > 1:
                part += f":nth-of-type({same.index(node) + 1})"
        parts.append(part)
        node = parent
    return " > ".join(reversed(parts))


class _TagElement(Element):
    """The view of an element of the HTML tree; each fact is read from the tree on first use."""

    __slots__ = ("_selector", "_views", "tag")

    def __init__(self, tag: Tag, views: _Views) -> None:
        self.name = tag.name
        # bs4 types values as ``str | AttributeValueList``; PositionedSoup keeps them all strings
        # (multi_valued_attributes=None), and ``get`` still joins a list from another parser.
        self._attrs = cast("Mapping[str, str]", tag.attrs)
        self.tag = tag
        self._views = views
        self._span: tuple[int, int] | None = None
        self._text = None
        self._selector: str | None = None

    @property
    def attrs(self) -> Mapping[str, str]:
        return MappingProxyType(self._attrs)  # the tree's own dict: read through, never written

    def get(self, name: str, default: str | None = None) -> str | None:
        value = self._attrs.get(name)
        if value is None:
            return default
        return value if isinstance(value, str) else " ".join(str(token) for token in value)

    def has_attr(self, name: str) -> bool:
        return name in self._attrs

    @property
    def parent(self) -> Element | None:
        parent = self.tag.parent
        return self._views(parent) if parent is not None else None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self.tag.get_text(" ", strip=True)
        return self._text

    def _source_start(self) -> int | None:
        line, column = self.tag.sourceline, self.tag.sourcepos
        if line is None or column is None:
            return None
        return self._views.nl_starts[line - 1] + column

    @property
    def start(self) -> int | None:
        return self._source_start()

    @property
    def span(self) -> tuple[int, int]:
        if self._span is None:
            start = self._source_start()
            self._span = (0, 0) if start is None else (start, _start_tag_end(self._views.source, start))
        return self._span

    @property
    def selector(self) -> str:
        if self._selector is None:
            self._selector = _css_path(self.tag)
        return self._selector


class _Views:
    """The one view of each element of a parsed page (views are compared by identity)."""

    __slots__ = ("_cache", "nl_starts", "source")

    def __init__(self, source: str, nl_starts: list[int]) -> None:
        self.source = source
        self.nl_starts = nl_starts
        self._cache: dict[int, _TagElement] = {}

    def __call__(self, tag: Tag) -> _TagElement:
        view = self._cache.get(id(tag))
        if view is None:
            view = self._cache[id(tag)] = _TagElement(tag, self)
        return view


@dataclass(frozen=True, slots=True)
class _Context:
    hint: str | None = None
    chrome: bool = False
    blockquote: Tag | None = None
    figure: Tag | None = None


class _Walker:
    """One pass over the body tree producing blocks, links, images and figures."""

    def __init__(
        self,
        article_source: str,
        nl_starts: list[int],
        views: _Views,
        furniture: frozenset[int] = frozenset(),
        bulk: frozenset[int] = frozenset(),
    ) -> None:
        self.views = views
        #: ``id`` of elements the structure marks as furniture (:func:`_furniture`).
        self.furniture = furniture
        #: ``id`` of elements holding most of the body's paragraphs (:func:`_bulk`): never chrome.
        self.bulk = bulk
        self.source = article_source
        self.nl_starts = nl_starts
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.images: list[tuple[Tag, _Context]] = []
        self.role_cache: dict[int, str] = {}
        self.empty_paragraphs: list[Tag] = []

    def _role(self, tag: Tag, ctx: _Context, words: set[str]) -> str:
        if ctx.chrome:
            return "aside"
        name = tag.name
        if name == "h1":
            return "headline"
        if name in HEADING_TAGS:
            return "subheading"
        for word, role in ROLE_WORDS.items():
            if word in words:
                return "aside" if role == "pullquote" else role
        if name == "figcaption":
            return "caption"
        if ctx.hint is not None:
            return ctx.hint
        if name == "li":
            return "list-item"
        if name == "pre":
            return "preformatted"
        if ctx.figure is not None:
            # Text of a figure outside any <figcaption> (a credit line written straight into
            # <figure>, a <p> under the image) is still the figure's caption, not running text.
            return "caption"
        return "paragraph"

    def walk(self, root: Tag) -> None:
        builder = TextBuilder()
        owners: list[tuple[Tag, str, _Context]] = [(root, "paragraph", _Context())]
        open_links: list[tuple[Tag, TextBuilder, int]] = []
        pending_links: list[tuple[Tag, int, int]] = []

        # Inline elements of a kind (code, italic, foreign; see ``inline_kind``) still open:
        # (element, kind, owners' depth when it opened, builder then, offset then).
        open_kinds: list[tuple[Tag, str, int, TextBuilder, int]] = []
        pending_spans: list[InlineSpan] = []

        def flush() -> None:
            nonlocal builder, pending_links, pending_spans
            if not builder.empty:
                owner, role, ctx = owners[-1]
                mapped = builder.build()
                if role == "paragraph" and is_byline(mapped.text):
                    role = "byline"
                elif role in ("paragraph", "list-item") and _is_date_line(owner, mapped.text):
                    role = "dateline"
                views = self.views
                block = Block(
                    role=role,
                    mapped=mapped,
                    element=views(owner),
                    index=len(self.blocks),
                    chrome=ctx.chrome,
                    blockquote=views(ctx.blockquote) if ctx.blockquote is not None else None,
                    figure=views(ctx.figure) if ctx.figure is not None else None,
                    boundaries=builder.boundaries,
                    level=int(owner.name[1]) if owner.name in HEADING_TAGS else 0,
                )
                if owner.name == "p" and not ctx.chrome and is_blank_text(mapped.text) and _blank_paragraph(owner):
                    self.empty_paragraphs.append(owner)
                for tag, start, end in pending_links:
                    link = self._link(tag, block, start, end)
                    block.links.append(link)
                    pending_spans.append(InlineSpan(link.start, link.end, LINK))
                depth = len(owners)
                for _, kind, level, opened_in, start in open_kinds:
                    # Still open, and inside this block's own element: it runs to the block's end.
                    if level == depth:
                        end = min(builder.length, len(mapped.text))
                        start = start if opened_in is builder else 0
                        if end > start:
                            pending_spans.append(InlineSpan(start, end, kind))
                if pending_spans:
                    block.spans = sorted(pending_spans, key=_span_order)
                self.blocks.append(block)
            builder = TextBuilder()
            pending_links = []
            pending_spans = []

        stack: list[tuple[object, bool, _Context]] = [(child, False, owners[0][2]) for child in reversed(root.contents)]
        # Blocks and images seen when each <p> opened: a <p> that adds neither is empty.
        p_counts: dict[int, tuple[int, int]] = {}
        while stack:
            node, leaving, ctx = stack.pop()
            if leaving:
                tag = cast(Tag, node)  # only Tags are pushed with leaving=True (below)
                if open_kinds and open_kinds[-1][0] is tag:
                    _, kind, _, opened_in, start = open_kinds.pop()
                    start = start if opened_in is builder else 0
                    if builder.length > start:
                        pending_spans.append(InlineSpan(start, builder.length, kind))
                if tag is owners[-1][0]:
                    empty = builder.empty
                    flush()
                    owners.pop()
                    if (
                        tag.name == "p"
                        and empty
                        and not ctx.chrome
                        and p_counts.get(id(tag)) == (len(self.blocks), len(self.images))
                        and _blank_paragraph(tag)
                    ):
                        self.empty_paragraphs.append(tag)
                elif open_links and open_links[-1][0] is tag:
                    _, link_builder, link_start = open_links.pop()
                    if link_builder is builder:
                        pending_links.append((tag, link_start, builder.length))
                    else:
                        view = self.views(tag)
                        self.links.append(Link(view.get("href"), tag.get_text(" ", strip=True), view))
                continue
            if isinstance(node, Tag):
                name = node.name
                if name in SKIP_TAGS or _is_hidden(node):
                    if name == "img":  # pragma: no cover - img is not skipped
                        pass
                    continue
                if name == "img":
                    self.images.append((node, ctx))
                    continue
                if name == "br":
                    line, column = node.sourceline, node.sourcepos  # set together by the parser
                    start = self.nl_starts[line - 1] + column if line and column is not None else 0
                    builder.space(start, _start_tag_end(self.source, start))
                    continue
                words = _words(node) if node.attrs else set()
                child_ctx = ctx
                chrome = ctx.chrome or (
                    id(node) not in self.bulk
                    and (
                        name in CHROME_TAGS
                        or (bool(words) and _is_chrome_marked(node, words))
                        or id(node) in self.furniture
                    )
                )
                pull = bool(words & PULLQUOTE_WORDS) and name in ("aside", "div", "blockquote", "figure", "p")
                if name == "aside" or (name == "footer" and ctx.blockquote is None and ctx.figure is None):
                    chrome = chrome or not pull
                if chrome != ctx.chrome:
                    child_ctx = _Context(ctx.hint, chrome, ctx.blockquote, ctx.figure)
                if pull or ctx.hint == "aside":
                    # Pull quotes repeat the body by design: not copy to check again.
                    child_ctx = _Context("aside", child_ctx.chrome, child_ctx.blockquote, child_ctx.figure)
                elif name == "blockquote":
                    child_ctx = _Context("blockquote", child_ctx.chrome, node, child_ctx.figure)
                elif name == "figure" or "wp-caption" in words:
                    child_ctx = _Context(child_ctx.hint, child_ctx.chrome, child_ctx.blockquote, node)
                role_word = next((ROLE_WORDS[w] for w in words if w in ROLE_WORDS), None) if words else None
                if name == "figcaption" or role_word in ("caption", "credit", "byline"):
                    hint = "caption" if name == "figcaption" else role_word
                    child_ctx = _Context(hint, child_ctx.chrome, child_ctx.blockquote, child_ctx.figure)
                is_block = name in BLOCK_TAGS or role_word is not None
                stack.append((node, True, child_ctx))
                if is_block:
                    flush()
                    owners.append((node, self._role(node, child_ctx, words), child_ctx))
                    if name == "p":
                        p_counts[id(node)] = (len(self.blocks), len(self.images))
                else:
                    if name == "a":
                        open_links.append((node, builder, builder.length))
                    if name in _KINDED_NAMES or (node.attrs and ("lang" in node.attrs or "xml:lang" in node.attrs)):
                        node_kind = inline_kind(name, node.attrs)
                        if node_kind is not None:
                            open_kinds.append((node, node_kind, len(owners), builder, builder.length))
                stack.extend((child, False, child_ctx) for child in reversed(node.contents))
            elif type(node) is NavigableString:
                chunks = chunks_of(node)
                if not chunks:
                    continue
                builder.start_string()
                if len(chunks) == 1 and not chunks[0][3] and chunks[0][2] == node:
                    builder.add_raw(chunks[0][2], chunks[0][0])
                    continue
                if "".join(chunk[2] for chunk in chunks) != node:
                    # BeautifulSoup collapsed a whitespace-only string.
                    builder.space(chunks[0][0], chunks[-1][1])
                    continue
                for start, end, text, is_reference in chunks:
                    if is_reference:
                        builder.add_atomic(text, start, end)
                    else:
                        builder.add_raw(text, start)
        flush()

    def _link(self, tag: Tag, block: Block, start: int, end: int) -> Link:
        link = link_in_block(self.views(tag), block, start, end)
        self.links.append(link)
        return link


class _Index:
    """Every element by name, and the body markers, from one pass over the tree.

    Each ``find_all`` or CSS ``select`` is a walk of the whole tree; a page
    needs a dozen lookups, so they are answered from this index instead.
    """

    def __init__(self, soup: Tag) -> None:
        by_name: dict[str, list[Tag]] = {}
        marked: dict[int, Tag] = {}
        itemprop_body: Tag | None = None
        author_marks: list[Tag] = []
        date_marks: list[Tag] = []
        # itemprop=headline elements and elements with a headline or title class, in page order.
        headline_marks: list[Tag] = []
        id_priority = _BODY_ID_PRIORITY
        # A page repeats a few class attributes on thousands of elements: read each one once.
        class_meanings: dict[str, tuple[tuple[int, ...], tuple[tuple[bool, bool], ...]]] = {}
        for element in soup.descendants:
            if type(element) is not Tag:
                continue
            by_name.setdefault(element.name, []).append(element)
            attrs = element.attrs
            if not attrs:
                continue
            classes = attrs.get("class")
            if classes:
                key = classes if isinstance(classes, str) else " ".join(classes)
                ranks_and_marks = class_meanings.get(key)
                if ranks_and_marks is None:
                    ranks_and_marks = class_meanings[key] = _class_meaning(key)
                ranks, name_marks = ranks_and_marks
                for rank in ranks:
                    if rank not in marked:
                        marked[rank] = element
                if _HEADLINE_CLASS.search(key) and len(headline_marks) < _MAX_MARKS:
                    headline_marks.append(element)
                for author, date in name_marks:
                    if author and len(author_marks) < _MAX_MARKS:
                        author_marks.append(element)
                    elif date and len(date_marks) < _MAX_MARKS:
                        date_marks.append(element)
            itemprop = attrs.get("itemprop")
            if itemprop and isinstance(itemprop, str):
                if itemprop in ("author", "creator") and len(author_marks) < _MAX_MARKS:
                    author_marks.append(element)
                elif itemprop in ("datePublished", "dateCreated") and len(date_marks) < _MAX_MARKS:
                    date_marks.append(element)
                elif itemprop == "articleBody" and itemprop_body is None:
                    itemprop_body = element
                elif itemprop == "headline" and element.name != "meta" and len(headline_marks) < _MAX_MARKS:
                    headline_marks.append(element)
            if attrs.get("rel") and "author" in attribute_tokens(element, "rel") and len(author_marks) < _MAX_MARKS:
                author_marks.append(element)
            ident = attrs.get("id")
            if ident and isinstance(ident, str):
                id_rank = id_priority.get(ident)
                if id_rank is not None and id_rank not in marked:
                    marked[id_rank] = element
        self.by_name = by_name
        self.cms_bodies = [marked[rank] for rank in sorted(marked)]
        self.cms_selectors = {id(marked[rank]): BODY_CLASS_SELECTORS[rank] for rank in marked}
        self.itemprop_body = itemprop_body
        self.author_marks = author_marks
        self.date_marks = date_marks
        self.headline_marks = headline_marks
        self._text_lengths: dict[int, int] = {}
        self._copy_paragraphs: list[tuple[Tag, int]] | None = None
        self._held: dict[int, int] | None = None

    def first(self, name: str) -> Tag | None:
        found = self.by_name.get(name)
        return found[0] if found else None

    def all(self, name: str) -> list[Tag]:
        return self.by_name.get(name, [])

    def copy_paragraphs(self) -> list[tuple[Tag, int]]:
        """Paragraphs (``<p>`` of 25 characters or more) that are copy, with their text lengths:
        not in site chrome (comments, sidebars) and not hidden."""
        if self._copy_paragraphs is None:
            found = []
            for paragraph in self.all("p"):
                length = self.text_length(paragraph)
                if length >= 25 and not _in_thread(paragraph) and not _is_hidden(paragraph):
                    found.append((paragraph, length))
            self._copy_paragraphs = found
        return self._copy_paragraphs

    def held_text(self) -> dict[int, int]:
        """For each element (by ``id``), the text of the copy paragraphs inside it."""
        if self._held is None:
            held: dict[int, int] = {}
            for paragraph, length in self.copy_paragraphs():
                for node in paragraph.parents:
                    held[id(node)] = held.get(id(node), 0) + length
            self._held = held
        return self._held

    def text_length(self, tag: Tag) -> int:
        key = id(tag)
        if key not in self._text_lengths:
            self._text_lengths[key] = len(tag.get_text(" ", strip=True))
        return self._text_lengths[key]


_MAX_MARKS = 40


def _class_meaning(classes: str) -> tuple[tuple[int, ...], tuple[tuple[bool, bool], ...]]:
    """What a class attribute says to :class:`_Index`: the body-class ranks of its names, and for
    each name that looks like a byline or a date, (is an author mark, is a date mark), in order."""
    names = classes.split()
    ranks = tuple(rank for rank in (_BODY_CLASS_PRIORITY.get(name) for name in names) if rank is not None)
    marks = tuple(
        (author, date)
        for author, date in ((bool(_AUTHOR_CLASS.search(name)), bool(_DATE_CLASS.search(name))) for name in names)
        if author or date
    )
    return ranks, marks


_AUTHOR_CLASS = re.compile(r"byline|author|writer|contributor", re.IGNORECASE)
# A class naming a headline or title (``entry-title``, ``ap-story-headline``, ``post_name``
# is not one); sub-titles and sub-headlines are deks.
_HEADLINE_CLASS = re.compile(r"(?<!sub)(?<!sub-)(?<!sub_)(?:headline|title)", re.IGNORECASE)
_DATE_CLASS = re.compile(r"date|timestamp|published|posted|pubtime|dateline", re.IGNORECASE)
_BODY_CLASS_PRIORITY = {css[1:]: rank for rank, css in enumerate(BODY_CLASS_SELECTORS) if css.startswith(".")}
_BODY_ID_PRIORITY = {css[1:]: rank for rank, css in enumerate(BODY_CLASS_SELECTORS) if css.startswith("#")}


def _in_chrome_tag(tag: Tag) -> bool:
    """Whether an element sits in ``nav``, ``aside`` or ``footer`` (by tag name only: class words
    mark too much around headlines — ``content-header--social-icons`` — and ASP.NET pages put
    the whole page in one ``<form>``)."""
    return any(isinstance(node, Tag) and node.name in ("nav", "aside", "footer") for node in tag.parents)


def in_chrome(element: Element) -> bool:
    """Whether a page-level element (an ``<h1>``, a byline, a link) sits in site chrome.

    Unlike the default :func:`_in_chrome`, classes of ``<body>`` and ``<html>`` are not
    read: WordPress themes put layout words there (``has-sidebar``) that
    would make every element of the page chrome. Markdown has no chrome.
    """
    return isinstance(element, _TagElement) and _in_chrome(element.tag, page_classes=False)


# Class/id words of reader comment sections and forum threads: the one kind of chrome
# that holds long paragraphs, and so can outweigh a short story's text.
# vBulletin names each post of a forum thread ``postbit`` (``postbitlegacy``) in a ``postcontainer``.
THREAD_WORDS = frozenset(
    "comment comments commentlist respond disqus replies discussion forum postbit postbitlegacy postcontainer".split()
)


def _in_thread(tag: Tag) -> bool:
    """Whether a paragraph sits in reader comments (or in ``aside``/``nav``/``footer``).

    Narrower than :func:`_in_chrome` on purpose: the body is chosen by where the
    paragraphs are, and layout classes on the story's own wrappers
    (``theiaStickySidebar``, ``elementor-widget``) must not hide them.
    """
    for node in tag.parents:
        if not isinstance(node, Tag) or node.name in ("body", "html", "[document]"):
            break
        if node.name in ("aside", "nav", "footer"):
            return True
        if node.attrs and _words(node) & THREAD_WORDS:
            return True
    return False


def _in_chrome(tag: Tag, *, page_classes: bool = True) -> bool:
    """Whether an element is, or sits inside, site chrome (comments, sidebars, navigation).

    ``page_classes=False`` stops below ``<body>``: the classes of ``<body>`` and
    ``<html>`` are then not read (see :meth:`HtmlArticle.in_chrome`).
    """
    stop = ("[document]",) if page_classes else ("body", "html", "[document]")
    for node in (tag, *tag.parents):
        if not isinstance(node, Tag) or node.name in stop:
            break
        if node.name in CHROME_TAGS or node.name == "aside":
            return True
        if node.attrs and _is_chrome_marked(node, _words(node)):
            return True
    return False


# Containers whose text, when it is mostly links, is a list of links: a related rail,
# a tag cloud, a menu (a paragraph is not: a widget glued into a paragraph is copy; nor
# a table: an infobox or a data table links much and is still the article's).
_LINK_LIST_TAGS = frozenset("ul ol dl div section nav".split())


def _furniture(root: Tag, index: _Index) -> frozenset[int]:
    """Elements inside the body that its structure shows to be site furniture, whatever their classes.

    * a nested ``<article>`` that does not hold the headline, holds under a third
      of the body's text and is largely link text: a teaser card (related
      stories, a video rail);
    * a list or box of three links or more whose text is mostly link text
      (readability's link density): a related-stories rail, a tag list, a menu;
    * a grid of teasers (:func:`~copydesk.model.furniture.teaser_grid`);
    * a promo rail: a widget label and the links after it
      (:func:`~copydesk.model.furniture.promo_rail`);
    * an ad slot's box whose only text is its label (:func:`~copydesk.model.furniture.ad_box`);
    * a link that holds paragraphs or headings: a card (:func:`~copydesk.model.furniture.link_card`);
    * a list of linked headlines (:func:`~copydesk.model.furniture.headline_list`).

    Never the element holding the page's ``<h1>`` or the body's first author mark
    (the byline box), and never one with half the body's text or more (the story
    itself, however it links).
    """
    if root.name in ("[document]",):
        return frozenset()
    total: dict[int, int] = {}
    linked: dict[int, int] = {}
    links: dict[int, int] = {}
    for node in root.descendants:
        if type(node) is NavigableString:
            length = len(node.strip())
            if not length:
                continue
            in_link = False
            for parent in node.parents:
                if parent.name == "a":
                    in_link = True
                key = id(parent)
                total[key] = total.get(key, 0) + length
                if in_link:
                    linked[key] = linked.get(key, 0) + length
                if parent is root:
                    break
        elif type(node) is Tag and node.name == "a" and links_away(node):
            for parent in node.parents:
                key = id(parent)
                links[key] = links.get(key, 0) + 1
                if parent is root:
                    break
    body_text = total.get(id(root), 0)
    stats = TextStats(total, linked, links)
    h1 = index.first("h1")
    keep = {id(node) for node in h1.parents} if h1 is not None else set()
    # The story's byline box (author, date, section links) is link-dense too: the first
    # author mark of the body is the story's own; it, what holds it and what it holds stay.
    byline = root.find(_is_author_mark)
    if byline is not None:
        keep.update(id(node) for node in (byline, *byline.parents))
    found: set[int] = set()
    for tag in root.find_all(("article", *_LINK_LIST_TAGS)):
        key = id(tag)
        text = total.get(key, 0)
        if key in keep or not text or text * 2 >= body_text or (byline is not None and byline in tag.parents):
            continue
        if tag.name == "article":
            # A card is a linked headline and a blurb; a CMS that wraps each section of
            # the story in its own <article> (TYPO3's content elements) links little.
            if text * 3 < body_text and linked.get(key, 0) >= 0.4 * text:
                found.add(key)
        elif (
            links.get(key, 0) >= 3 and linked.get(key, 0) >= 0.6 * text and not holds_own_picture(tag)
        ) or teaser_grid(tag, stats):
            found.add(key)
    if byline is not None:
        keep.update(id(node) for node in byline.find_all(True))
    for tag_id in structural_furniture(root, stats):
        if tag_id not in keep and total.get(tag_id, 0) * 2 < body_text:
            found.add(tag_id)
    return frozenset(found)


# Class words of a publication-date line (``article-date``, ``publish-info``, ``timestamp``).
_DATE_WORDS = frozenset("date dates time timestamp published publish pubdate updated posted datetime".split())
_DIGIT = re.compile(r"\d")


def _is_date_line(owner: Tag, text: str) -> bool:
    """Whether a short block is the story's date line ("Published 4:00 am, Nov. 20, 2019"):
    a few words with a digit, in an element (or its parent) whose class names a date, or
    holding a ``<time>``. It is metadata set on the page, not a paragraph of the story."""
    if len(text) > 80 or not _DIGIT.search(text):
        return False
    if owner.find("time") is not None:
        return True
    return any(
        isinstance(node, Tag) and node.attrs and bool(_words(node) & _DATE_WORDS) for node in (owner, owner.parent)
    )


def _is_author_mark(tag: Tag) -> bool:
    """Whether an element marks an author: ``rel=author``, ``itemprop=author``, a byline/author class."""
    if not tag.attrs:
        return False
    if tag.get("itemprop") in ("author", "creator") or "author" in attribute_tokens(tag, "rel"):
        return True
    classes = tag.get("class")
    return isinstance(classes, str) and _AUTHOR_CLASS.search(classes) is not None


def _bulk(root: Tag, index: _Index) -> frozenset[int]:
    """Elements inside the body that hold half its paragraph text or more: the story's own wrappers.

    Class words are a guess, and templates put furniture words on the story's
    own containers (``carousel content``, ``documentContent__sharingContainer``,
    ASP.NET's page-wide ``<form>``): whatever its classes say, an element that
    holds most of the story's paragraphs is not chrome. Reader comments never
    count here (:meth:`_Index.copy_paragraphs`), so a long thread stays chrome.
    """
    held = index.held_text()
    total = held.get(id(root), 0)
    if not total:
        return frozenset()
    found = {id(node) for paragraph, _ in index.copy_paragraphs() for node in paragraph.parents if node is not root}
    return frozenset(key for key in found if held.get(key, 0) * 2 >= total)


def _densest(index: _Index) -> tuple[float, Tag | None]:
    """The element whose paragraphs hold most text (parents score fully, grandparents half).

    Only paragraphs of copy count (:meth:`_Index.copy_paragraphs`): a long comment
    thread holds more paragraph text than a short post, and is still not the story.
    """
    # id(element) -> [score, element]: a list, so the score adds up in place.
    scores: dict[int, list[Any]] = {}
    for paragraph, length in index.copy_paragraphs():
        parent = paragraph.parent
        if isinstance(parent, Tag):
            scores.setdefault(id(parent), [0.0, parent])[0] += length
            grand = parent.parent
            if isinstance(grand, Tag) and grand.name not in ("html", "[document]"):
                scores.setdefault(id(grand), [0.0, grand])[0] += length / 2
    if not scores:
        return 0.0, None
    score, best = max(scores.values(), key=lambda item: item[0])
    return score, best


def _declares_story(index: _Index) -> bool:
    """Whether the page marks itself as a story: an ``<article>``, ``itemprop="articleBody"``,
    ``og:type`` article, or JSON-LD of an Article type (``NewsArticle``, ``BlogPosting`` …)."""
    if index.all("article") or index.itemprop_body is not None:
        return True
    for meta in index.all("meta"):
        content = meta.get("content")
        if meta.get("property") == "og:type" and isinstance(content, str) and content.strip().lower() == "article":
            return True
    return any(
        script.get("type") == "application/ld+json" and re.search(r"Article|BlogPosting", script.string or "")
        for script in index.all("script")
    )


def _widen_to_parts(chosen: Tag, index: _Index) -> tuple[Tag, int]:
    """The container of the whole story when ``chosen`` is one part of it, and how many parts.

    Templates cut a long story into chunks between ad slots or media, each chunk an
    element of the same tag and class (``<div class="article__body">`` five times,
    ``<div class="post__content">`` per section). The body is then the nearest
    element holding every chunk; the furniture between them is left to chrome
    detection. Elements that share the class but hold no paragraphs of their own
    (an empty ad wrapper) do not count; nor is the story widened when the common
    container holds much more paragraph text than the chunks (then the
    look-alikes are other stories: teasers, a list of posts).
    """
    classes = chosen.get("class")
    if not classes or chosen.name in ("article", "body", "html"):
        return chosen, 1
    held = index.held_text()
    parts = [
        tag
        for tag in index.all(chosen.name)
        if tag.get("class") == classes and held.get(id(tag), 0) >= 100 and not _in_thread(tag)
    ]
    # Keep the outermost of nested look-alikes.
    outer = [tag for tag in parts if not any(other in tag.parents for other in parts if other is not tag)]
    if len(outer) < 2 or chosen not in outer:
        return chosen, 1
    ancestors = [chosen, *chosen.parents]
    common: Tag = chosen
    for candidate in ancestors:
        if isinstance(candidate, Tag) and all(candidate is tag or candidate in tag.parents for tag in outer):
            common = candidate
            break
    if common.name in ("body", "html", "[document]"):
        return chosen, 1
    # Every chunk must be read as copy from the wider body: none may sit in an element
    # marked as chrome below the common container (a chunk in a widget, a gallery).
    for tag in outer:
        for node in (tag, *tag.parents):
            if node is common:
                break
            if node.name in CHROME_TAGS or node.name in ("aside", "footer"):
                return chosen, 1
            if node.attrs and _is_chrome_marked(node, _words(node)):
                return chosen, 1
    in_parts = sum(held.get(id(tag), 0) for tag in outer)
    if held.get(id(common), 0) > 1.5 * in_parts:
        return chosen, 1
    return common, len(outer)


def _choose_body(soup: Tag, index: _Index, selector: str | None) -> tuple[Tag, str, bool]:
    """The article's own container, why it was chosen, and whether a configured selector matched nothing.

    A selector that matches nothing falls back to detection, and says so in the
    reason: the desk configured a body, and must hear that another was linted.
    """
    if selector:
        try:
            found = soup.select_one(selector)
        except Exception as exc:  # soupsieve raises its own SelectorSyntaxError
            raise ValueError(f"invalid body selector {selector!r}: {exc}") from exc
        if found is not None:
            return found, f"matches the configured selector {selector!r}", False
        detected, why = _detect_body(soup, index)
        return detected, f"the configured selector {selector!r} matches nothing; detected instead: {why}", True
    detected, why = _detect_body(soup, index)
    return detected, why, False


def _detect_body(soup: Tag, index: _Index) -> tuple[Tag, str]:
    """The article's own container as detection finds it, and why."""
    html_root = index.first("html")
    body = index.first("body")
    if html_root is None and body is None:
        return soup, "fragment without <html> or <body>: the whole input is the body"
    chosen, why = _marked_body(index)
    density, densest = _densest(index)
    found: Tag | None = None
    if chosen is not None:
        found = chosen
        if densest is not None and chosen is not densest and chosen not in densest.parents:
            held = index.held_text().get(id(chosen), 0)
            if density > 2 * max(held, 1):
                found = densest
                why = (
                    f"text-density: the container with most paragraph text ({int(density)} chars) "
                    f"outweighs {why} ({held} chars)"
                )
    elif densest is not None and density >= 250:
        found = densest
        why = f"text-density fallback (the container with most paragraph text, {int(density)} chars)"
    if found is not None:
        # Only a story is cut into chunks; a listing (a portfolio, a timetable) repeats its
        # items in alike containers too, and each item is its own piece.
        widened, parts = _widen_to_parts(found, index) if _declares_story(index) else (found, 1)
        if parts > 1:
            tag = f'<{found.name} class="{found.get("class")}">'
            return widened, f"{why}, widened to the container of the story's {parts} parts (each a {tag})"
        return found, why
    if body is not None:
        return body, "no article container found: the whole <body>"
    return html_root or soup, "no <body>: the whole document"


def _marked_body(index: _Index) -> tuple[Tag | None, str]:
    """A body marked up as such: <article>, itemprop=articleBody, a CMS body class."""
    articles = [tag for tag in index.all("article") if index.text_length(tag) >= 100 and not _in_thread(tag)]
    if articles:
        h1 = index.first("h1")
        h1_parents = set(map(id, h1.parents)) if h1 is not None else set()
        with_h1 = [tag for tag in articles if id(tag) in h1_parents]
        pool = with_h1 or articles
        chosen = max(pool, key=index.text_length)
        why = "the only <article>" if len(articles) == 1 else f"the <article> with the most text (of {len(articles)})"
        if with_h1:
            why += " that holds the <h1>"
        return chosen, why
    if index.itemprop_body is not None:
        return index.itemprop_body, 'the element with itemprop="articleBody"'
    for found in index.cms_bodies:
        if index.text_length(found) >= 100:
            return found, f"a common CMS body container ({index.cms_selectors[id(found)]})"
    return None, ""


def _meta(index: _Index, tags: dict[str, Tag] | None = None) -> tuple[dict[str, str], str | None]:
    values: dict[str, str] = {}
    canonical = None
    for tag in index.all("meta") + index.all("link"):
        if tag.name == "meta":
            key = tag.get("property") or tag.get("name") or tag.get("itemprop")
            content = tag.get("content")
            if isinstance(key, str) and isinstance(content, str):
                key = key.strip().lower()
                if key not in values:
                    values[key] = content.strip()
                    if tags is not None:
                        tags[key] = tag
        elif canonical is None and "canonical" in attribute_tokens(tag, "rel") and isinstance(tag.get("href"), str):
            canonical = tag["href"]
    return values, canonical  # type: ignore[return-value]


def _json_ld(index: _Index, sources: list[Tag] | None = None) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for script in index.all("script"):
        if script.get("type") != "application/ld+json":
            continue
        try:
            data = json.loads(script.string or "")
        except (ValueError, TypeError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(isinstance(k, str) and k.endswith("Article") for k in kinds):
                    found.append(item)
                    if sources is not None:
                        sources.append(script)
    return found


def _json_ld_author(items: list[dict[str, object]]) -> str | None:
    for item in items:
        author = item.get("author")
        authors = author if isinstance(author, list) else [author]
        candidates = [a.get("name") if isinstance(a, dict) else a for a in authors]
        names = [n for n in candidates if isinstance(n, str) and n.strip()]
        if names:
            return ", ".join(names)
    return None


def build_article(source: SourceText, body_selector: str | None = None) -> Article:
    """Parse a page and build its article model."""
    soup = parse(source.text)
    nl_starts = soup.cd_nl_starts
    text = source.text

    index = _Index(soup)
    body, reason, missed = _choose_body(soup, index, body_selector)
    views = _Views(text, nl_starts)
    walker = _Walker(text, nl_starts, views, _furniture(body, index), _bulk(body, index))
    walker.walk(body)
    if body is not soup:
        # A fragment is copy pasted in, with no template to sign it off: all of it is the writer's.
        mark_tail_site_text(walker.blocks)

    meta_tags: dict[str, Tag] = {}
    json_ld_tags: list[Tag] = []
    meta, canonical = _meta(index, meta_tags)
    json_ld = _json_ld(index, json_ld_tags)
    title_tag = index.first("title")
    title = title_tag.get_text(" ", strip=True) if title_tag is not None else None
    html_root = index.first("html")
    lang = html_root.get("lang") if isinstance(html_root, Tag) else None

    article = HtmlArticle(
        source=source,
        body=views(body),
        body_path=_css_path(body) if body is not soup else "(document)",
        body_reason=reason,
        body_selector_missed=body_selector if missed else None,
        blocks=walker.blocks,
        figures=[],
        images=[views(image) for image, ctx in walker.images if not ctx.chrome],
        links=walker.links,
        comments=list(soup.cd_comments),
        title=title or None,
        meta=meta,
        json_ld=json_ld,
        lang=lang if isinstance(lang, str) else None,
        canonical=canonical,
        nl_starts=nl_starts,
        empty_paragraphs=[views(paragraph) for paragraph in walker.empty_paragraphs],
        page_h1s=[views(h1) for h1 in index.all("h1") if not _is_hidden(h1) and not _in_chrome_tag(h1)],
        head=_view_or_none(views, index.first("head")),
        title_tag=_view_or_none(views, title_tag),
        meta_tags={key: views(tag) for key, tag in meta_tags.items()},
        json_ld_tags=[views(tag) for tag in json_ld_tags],
        times=[views(tag) for tag in index.all("time")],
        author_marks=[views(tag) for tag in index.author_marks],
        date_marks=[views(tag) for tag in index.date_marks],
    )
    json_ld_headline = next((str(i["headline"]) for i in json_ld if isinstance(i.get("headline"), str)), None)
    names = [name for name in (meta.get("og:title"), json_ld_headline, title, _story_part(title)) if name]
    site = _normal(meta.get("og:site_name") or "")
    parts = [part for part in _TITLE_SEPARATOR.split(title or "") if _normal(part) != site]
    visible = _visible_headline(index, names, parts)
    article.headline_element = _view_or_none(views, visible)
    article.declares_story = bool(json_ld) or _declares_story(index)
    if visible is not None and visible.name != "h1":
        # The story's headline set in another element: its block is the headline, not a subheading.
        for block in walker.blocks:
            if block.element is article.headline_element and not block.chrome and block.text:
                block.role = "headline"
    headline_block = next((b for b in walker.blocks if b.role == "headline" and not b.chrome), None)
    article.headline_block = headline_block
    if headline_block is not None:
        article.headline = headline_block.text
    else:
        h1 = index.first("h1")
        article.headline = (
            (h1.get_text(" ", strip=True) if h1 is not None else None)
            or (visible.get_text(" ", strip=True) if visible is not None else None)
            or meta.get("og:title")
            or next((str(i["headline"]) for i in json_ld if isinstance(i.get("headline"), str)), None)
            or title
        )
    byline_block = next((b for b in walker.blocks if b.role == "byline" and not b.chrome), None)
    article.byline = byline_block.text if byline_block else (meta.get("author") or _json_ld_author(json_ld))
    time_tag = index.first("time")
    time_datetime = time_tag.get("datetime") if isinstance(time_tag, Tag) else None
    article.published = (
        meta.get("article:published_time")
        or next((str(i["datePublished"]) for i in json_ld if i.get("datePublished")), None)
        or (time_datetime if isinstance(time_datetime, str) else None)
    )
    article.modified = meta.get("article:modified_time") or next(
        (str(i["dateModified"]) for i in json_ld if i.get("dateModified")), None
    )
    article.description = meta.get("description") or meta.get("og:description")
    article.figures = _figures(article, walker)
    article.blockquotes = _blockquotes(walker.blocks)
    return article


_NAME_NOISE = re.compile(r"[\W_]+")
# Elements whose text is never on the page.
_OFF_PAGE = frozenset(("head", "title", "script", "style", "noscript", "template", "meta"))


def _normal(text: str) -> str:
    """Text for comparing names: case-folded, runs of punctuation and spaces made one space."""
    return _NAME_NOISE.sub(" ", text.casefold()).strip()


def _names_the_story(text: str, names: list[str]) -> bool:
    """Whether a heading's text is the story's name as the page's metadata gives it.

    The ``<title>`` adds the site (``Headline | Site``), a heading may add a kicker: the
    heading must be the name, hold it, or be a good part of it (a third, and four
    characters or more).
    """
    heading = _normal(text)
    if len(heading) < 4:
        return False
    for name in names:
        if heading == name:
            return True
        if heading in name and 3 * len(heading) >= len(name):
            return True
        if len(name) >= 8 and name in heading and 2 * len(name) >= len(heading):
            return True
    return False


_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:·»/]\s+|\s*(?:::|\|)\s*")


def _story_part(title: str | None) -> str | None:
    """The story's name in a ``<title>``: its longest part (``Headline | Site`` → Headline).

    The site's name is the shorter part in all but the rarest pages; taking the
    whole title would let the site's logo (``<p class="site-title">``) pass as a part of it.
    """
    if not title:
        return None
    return max(_TITLE_SEPARATOR.split(title), key=len).strip() or None


def _is_site_mark(tag: Tag) -> bool:
    """Whether an element names the site, not the story (``site-title``, ``logo``, ``brand``)."""
    words = _words(tag) if tag.attrs else set()
    return bool(words & {"site", "logo", "brand", "masthead", "blogname", "blog-title"})


def _on_page(tag: Tag) -> bool:
    """Whether a reader sees the element: not hidden (nor any ancestor), not in ``<head>``,
    not in ``nav``/``aside``/``footer``."""
    for node in (tag, *tag.parents):
        if not isinstance(node, Tag) or node.name == "[document]":
            return True
        if node.name in _OFF_PAGE or node.name in ("nav", "aside", "footer"):
            return False
        if node.attrs and _is_hidden(node):
            return False
    return True


def _visible_headline(index: _Index, names: list[str], parts: list[str]) -> Tag | None:
    """The element a reader sees as the story's headline, wherever the template put it.

    An ``<h1>`` outside site chrome first (the page's own claim). Else an element
    marked ``itemprop="headline"``. Else the first heading (``<h2>``–``<h6>``) or
    element with a headline or title class whose text is the story's name as the
    metadata gives it (``names``: ``og:title``, JSON-LD ``headline``, the
    ``<title>``; then ``parts``, the title's other parts): many templates set
    the headline in an ``<h2 class="entry-title">`` or a styled
    ``<span class="title">``, and a reader sees it as the headline all the same.
    Last, a bold or centred line (``<font>``, ``<b>``, ``<strong>``, ``<center>``,
    a ``<p>``) whose whole text is the story's name: old table layouts set
    headlines so. Teaser headlines of other stories do not match the page's
    name, and elements naming the site (``site-title``, a logo) never count.
    """
    for h1 in index.all("h1"):
        if h1.get_text(strip=True) and not _is_hidden(h1) and not _in_chrome_tag(h1):
            return h1
    for mark in index.headline_marks:
        if mark.get("itemprop") == "headline" and mark.get_text(strip=True) and _on_page(mark):
            return mark
    candidates = [*index.headline_marks]
    for level in ("h2", "h3", "h4", "h5", "h6"):
        candidates.extend(index.all(level))
    candidates.sort(key=lambda tag: (tag.sourceline or 0, tag.sourcepos or 0))
    for wanted in (names, parts):
        normal = [name for name in map(_normal, wanted) if name]
        for tag in candidates:
            text = tag.get_text(" ", strip=True)
            if (
                text
                and len(text) <= 300
                and _names_the_story(text, normal)
                and not _is_site_mark(tag)
                and _on_page(tag)
            ):
                return tag
    exact = {name for name in map(_normal, names) if len(name) >= 4}
    if exact:
        for name in ("font", "b", "strong", "center", "big", "p"):
            for tag in index.all(name):
                if index.text_length(tag) <= 300 and _normal(tag.get_text(" ", strip=True)) in exact and _on_page(tag):
                    return tag
    return None


def _view_or_none(views: _Views, tag: Tag | None) -> Element | None:
    return views(tag) if tag is not None else None


def _blockquotes(blocks: list[Block]) -> list[Blockquote]:
    """Group blocks by the blockquote they belong to (outermost kept per block)."""
    grouped: dict[int, Blockquote] = {}
    order: list[Blockquote] = []
    for block in blocks:
        element = block.blockquote
        if element is None:
            continue
        quote = grouped.get(id(element))
        if quote is None:
            tag = element.tag if isinstance(element, _TagElement) else None
            cite = element.get("cite")
            source_tag = tag.find(("cite", "footer")) if tag is not None else None
            source_text = source_tag.get_text(" ", strip=True) if isinstance(source_tag, Tag) else None
            words = _words(tag) if tag is not None and tag.attrs else set()
            quote = Blockquote(
                element=element,
                blocks=[],
                cite=cite.strip() or None if isinstance(cite, str) else None,
                source_text=source_text or None,
                embed=bool(words & EMBED_WORDS),
                chrome=block.chrome or block.role == "aside",
            )
            grouped[id(element)] = quote
            order.append(quote)
        quote.blocks.append(block)
    return order


def _figures(article: Article, walker: _Walker) -> list[Figure]:
    """Group body images with their captions and credits."""
    figures: dict[int, Figure] = {}
    order: list[Figure] = []
    views = walker.views
    for image_tag, ctx in walker.images:
        if ctx.chrome:
            continue
        image = views(image_tag)
        container = views(ctx.figure) if ctx.figure is not None else image
        figure = figures.get(id(container))
        if figure is None:
            src = image.get("src") or image.get("data-src")
            figure = Figure(container, image, src if isinstance(src, str) else None, article.attribute(image, "alt"))
            figures[id(container)] = figure
            order.append(figure)
    for block in walker.blocks:
        if block.figure is None or block.chrome:
            continue
        figure = figures.get(id(block.figure))
        if figure is None:
            continue
        if block.role == "caption" and figure.caption is None:
            figure.caption = block
        elif block.role == "credit":
            figure.credits.append(block)
    return order


class HtmlArticle(Article):
    """An article read from an HTML page: its elements are views of the parsed tree."""

    def text_unit(self, element: Element, role: str) -> TextUnit:
        """A small element's text (``<title>``) as a text unit mapped to its source.

        For elements outside the body the walker never visits; called on demand
        for one element, so it costs a walk of that element only.
        """
        builder = TextBuilder()
        if not isinstance(element, _TagElement):
            return super().text_unit(element, role)
        for node in element.tag.descendants:
            if type(node) is not NavigableString:
                continue
            chunks = chunks_of(node)
            if not chunks:
                continue
            builder.start_string()
            if "".join(chunk[2] for chunk in chunks) != node:
                builder.space(chunks[0][0], chunks[-1][1])
                continue
            for start, end, text, is_reference in chunks:
                if is_reference:
                    builder.add_atomic(text, start, end)
                else:
                    builder.add_raw(text, start)
        return TextUnit(role, builder.build(), element)

    def in_chrome(self, element: Element) -> bool:
        return in_chrome(element)
