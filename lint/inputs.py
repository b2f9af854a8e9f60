"""Which reader builds the article model for an input: HTML, Markdown or plain text.

Every format ends in the same :class:`~copydesk.article.Article`, with blocks
mapped to exact source offsets, so every rule works on every format. The
format is chosen by the file's suffix; standard input and unknown suffixes
stay HTML, copydesk's first and main format.
"""

from __future__ import annotations

from pathlib import PurePath

from .article import Article, build_article
from .source import SourceText

HTML_SUFFIXES = frozenset((".html", ".htm", ".xhtml"))
MARKDOWN_SUFFIXES = frozenset((".md", ".markdown"))
TEXT_SUFFIXES = frozenset((".txt",))
#: Every suffix a directory walk picks up.
ARTICLE_SUFFIXES = HTML_SUFFIXES | MARKDOWN_SUFFIXES | TEXT_SUFFIXES
FORMATS = ("html", "markdown", "text")


def format_for(path: str | None) -> str:
    """The input format a path's suffix names (``html`` for stdin and unknown suffixes)."""
    if not path or path in ("-", "<stdin>", "<string>", "<bytes>"):
        return "html"
    suffix = PurePath(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return "html"


def build_article_for(
    source: SourceText, path: str | None = None, body_selector: str | None = None, input_format: str | None = None
) -> Article:
    """The article model of ``source``, read as ``input_format`` or as its path's suffix says.

    ``body_selector`` applies to HTML only: Markdown and text files are all body.
    """
    chosen = input_format or format_for(path if path is not None else source.path)
    if chosen == "markdown":
        from .markdown import build_markdown_article

        return build_markdown_article(source)
    if chosen == "text":
        from .plaintext import build_plain_article

        return build_plain_article(source)
    if chosen != "html":
        raise ValueError(f"unknown input format {chosen!r} (one of {', '.join(FORMATS)})")
    return build_article(source, body_selector)
