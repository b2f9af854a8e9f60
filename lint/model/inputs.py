"""Which reader builds the article model for an input: HTML, Markdown or plain text.

Every format ends in the same :class:`~copydesk.model.article.Article`, with blocks
mapped to exact source offsets, so every rule works on every format. The
format is chosen by the file's suffix; standard input and unknown suffixes
stay HTML, copydesk's first and main format.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import PurePath
from typing import BinaryIO

from copydesk.model.article import Article
from copydesk.model.html import build_article
from copydesk.source.text import SourceText

HTML_SUFFIXES = frozenset((".html", ".htm", ".xhtml"))
MARKDOWN_SUFFIXES = frozenset((".md", ".markdown"))
TEXT_SUFFIXES = frozenset((".txt",))
#: Every suffix a directory walk picks up.
ARTICLE_SUFFIXES = HTML_SUFFIXES | MARKDOWN_SUFFIXES | TEXT_SUFFIXES
FORMATS = ("html", "markdown", "text")

_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


class NotARegularFileError(OSError):
    """The path names a pipe, a device or a socket: something to stream from, not an article file."""


def file_kind(mode: int) -> str | None:
    """What a non-regular file is (``"a named pipe"``), or None for a regular file."""
    for test, kind in _FILE_KINDS:
        if test(mode):
            return kind
    return None if stat.S_ISREG(mode) else "not a regular file"


def open_article(path: str) -> BinaryIO:
    """Open an article file for reading, refusing anything that is not a regular file.

    A named pipe nobody writes to blocks ``open()`` for ever, and a device such
    as ``/dev/zero`` never ends, so a batch that met one (``story.html`` made
    by ``mkfifo``) would hang or read until the size limit. The file is opened
    with ``O_NONBLOCK``, which makes opening a FIFO return at once, and is
    checked on the open descriptor (no race with a rename) before a byte is
    read; a regular file is then read normally (the flag means nothing for
    regular files, and is cleared anyway). Streams belong on standard input
    (``cmd | copydesk check -``), where the size limit applies while reading.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        kind = file_kind(mode)
        if kind == "a directory":
            raise IsADirectoryError(errno.EISDIR, "is a directory", path)
        if kind is not None:
            raise NotARegularFileError(
                errno.EINVAL, f"not a regular file ({kind}); pipe a stream to `copydesk check -` instead", path
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def missing_file_reason(path: str) -> str:
    """Why ``path`` could not be found: a dangling symbolic link says where it points."""
    try:
        target = os.readlink(path)
    except OSError:
        return "no such file"
    return f"no such file: a dangling symbolic link to {target!r}"


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown_path(path: object) -> str:
    """A path as one line of plain text, for the text report and the error lines on stderr.

    File names may hold anything but ``/`` and NUL: a newline would split one
    finding or error line in two (and ``path:line:col:`` no longer parses), an
    escape sequence would drive the reader's terminal, and bytes that are not
    UTF-8 (kept by Python as lone surrogates) cannot even be written to a
    strict UTF-8 stream. Those characters are shown escaped, ``\\n``,
    ``\\x1b`` and ``\\xff`` (the byte itself), as ``ls -b`` does; every other path
    is shown exactly as given. Machine formats keep the real path (JSON
    escapes it itself).
    """
    text = str(path)

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        code = ord(char)
        if char in _ESCAPES:
            return _ESCAPES[char]
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of the file name (surrogateescape)
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNPRINTABLE.sub(escape, text)


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
        from copydesk.model.markdown import build_markdown_article

        return build_markdown_article(source)
    if chosen == "text":
        from copydesk.model.plaintext import build_plain_article

        return build_plain_article(source)
    if chosen != "html":
        raise ValueError(f"unknown input format {chosen!r} (one of {', '.join(FORMATS)})")
    return build_article(source, body_selector)
