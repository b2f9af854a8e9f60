"""A read-only view of one element of the page: what the layers above the model may know of it.

Rules, the engine and the grammar checks need a few facts about the element a
piece of text or a finding belongs to — its name, an attribute, its class
tokens, its ancestors, its text, where its start tag sits in the source and a
CSS selector for reports — and nothing else of the parse tree. The model hands
out :class:`Element` views, never BeautifulSoup nodes, so no layer above it
depends on (or walks) the tree, and Markdown builds the same views directly,
without an HTML tree at all.

A view is canonical within its article: one element, one view, so rules may
compare views with ``is`` (``block.element is h1``) and key dicts by ``id``.
The HTML reader's views (:class:`copydesk.model.article` keeps that subclass
next to the reader) compute each fact on first use and keep it, so views cost
nothing for facts no rule asks for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

#: Elements whose text is code, keyboard input, program output or a variable: not prose.
CODE_TAGS = frozenset(("code", "kbd", "samp", "var", "tt", "pre"))
#: Elements that set titles of works, species and foreign words in italics.
ITALIC_TAGS = frozenset(("i", "em", "cite", "dfn"))
#: Kinds of inline text (:class:`InlineSpan`).
CODE, FOREIGN, ITALIC, LINK = "code", "foreign", "italic", "link"

_EMPTY: Mapping[str, str] = MappingProxyType({})
_ID = re.compile(r"[A-Za-z][\w-]*")


class Element:
    """An element of the article: name, attributes, ancestors, text and source span.

    Built directly for Markdown (a stand-in ``<img src alt>``, ``<a href>``,
    ``<blockquote>`` with its span in the Markdown source); the HTML reader's
    subclass reads the same facts from its tree.
    """

    __slots__ = ("__weakref__", "_attrs", "_parent", "_span", "_text", "name")

    def __init__(
        self,
        name: str,
        attrs: Mapping[str, str] | None = None,
        *,
        span: tuple[int, int] | None = None,
        parent: Element | None = None,
        text: str = "",
    ) -> None:
        self.name = name
        self._attrs: Mapping[str, str] = MappingProxyType(dict(attrs)) if attrs else _EMPTY
        self._span = span
        self._parent = parent
        self._text: str | None = text

    def __repr__(self) -> str:
        ident = self.get("id")
        return f"<Element {self.name}{'#' + ident if ident else ''}>"

    # --- attributes -------------------------------------------------------------

    @property
    def attrs(self) -> Mapping[str, str]:
        """The element's attributes as written (values are strings); read-only."""
        return self._attrs

    def get(self, name: str, default: str | None = None) -> str | None:
        """An attribute's value, or ``default`` when the element has none."""
        value = self.attrs.get(name)
        if value is None:
            return default
        return value if isinstance(value, str) else " ".join(str(token) for token in value)

    def has_attr(self, name: str) -> bool:
        return name in self.attrs

    def tokens(self, name: str) -> list[str]:
        """The space-separated tokens of an attribute (``class``, ``rel``), as written."""
        value = self.get(name)
        return value.split() if value else []

    @property
    def classes(self) -> list[str]:
        return self.tokens("class")

    @property
    def id(self) -> str | None:
        value = self.get("id")
        return value or None

    # --- tree -------------------------------------------------------------------

    @property
    def parent(self) -> Element | None:
        return self._parent

    @property
    def parents(self) -> Iterator[Element]:
        """The element's ancestors, nearest first (up to the document, ``[document]``, for HTML)."""
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def find_parent(self, name: str) -> Element | None:
        """The nearest ancestor with this tag name, or None."""
        return next((node for node in self.parents if node.name == name), None)

    def within(self, ancestor: Element) -> bool:
        """Whether ``ancestor`` is one of this element's ancestors."""
        return any(node is ancestor for node in self.parents)

    @property
    def is_document(self) -> bool:
        """Whether this is the document itself (the body of a fragment), not an element of it."""
        return self.name == "[document]"

    # --- text and source --------------------------------------------------------

    @property
    def text(self) -> str:
        """The element's text, its strings stripped and joined by single spaces (hidden text included)."""
        return self._text or ""

    @property
    def start(self) -> int | None:
        """Source offset of the element's start (the ``<`` of its start tag), if known."""
        return self._span[0] if self._span is not None else None

    @property
    def span(self) -> tuple[int, int]:
        """Source span of the start tag (``<img …>``; the whole ``![…](…)`` in Markdown), else (0, 0)."""
        return self._span if self._span is not None else (0, 0)

    @property
    def selector(self) -> str:
        """A CSS selector for the element, as reports show it (ids anchor the path)."""
        parts: list[str] = []
        node: Element | None = self
        while node is not None and not node.is_document:
            ident = node.get("id")
            if ident and _ID.fullmatch(ident):
                parts.append(f"{node.name}#{ident}")
                break
            parts.append(node.name)
            node = node.parent
        return " > ".join(reversed(parts))


@dataclass(frozen=True, slots=True)
class InlineSpan:
    """Inline text of a kind inside a block: ``block.text[start:end]`` is code, italic, in a
    foreign language (``lang``), or a link's text.

    Spelling and grammar checks judge a word by the markup around it; the model
    records these spans while it builds the block's text, in the block's own
    offsets, so those checks need neither the tree nor a second walk.
    """

    start: int
    end: int
    kind: str


def foreign_language(lang: object) -> bool:
    """Whether a ``lang`` value names a language other than English ("" and "en-GB" do not)."""
    if not isinstance(lang, str):
        return False
    primary = lang.strip().lower().replace("_", "-").split("-")[0]
    return bool(primary) and primary != "en"


def inline_kind(name: str, attrs: Mapping[str, object]) -> str | None:
    """The kind of text an element holds by its name and ``lang``: foreign, code, italic, or None."""
    if attrs and (foreign_language(attrs.get("lang")) or foreign_language(attrs.get("xml:lang"))):
        return FOREIGN
    if name in CODE_TAGS:
        return CODE
    if name in ITALIC_TAGS:
        return ITALIC
    return None
