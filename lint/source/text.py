"""Decoding article bytes and turning character offsets into line:column.

Every position copydesk reports refers to the *decoded* text of a file, so the
decoding decision is made once, here, and recorded on the :class:`SourceText`.
Columns count code points of the decoded line, which is what editors show.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

import charset_normalizer


class DecodeError(Exception):
    """The bytes are not text copydesk can lint (binary data, unknown encoding)."""


# WHATWG treats these labels as windows-1252; Python's latin-1 would turn the
# 0x80-0x9F range into control characters instead of curly quotes and dashes.
_ENCODING_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "x-sjis": "shift_jis",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "unicode": "utf-8",
}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9._:-]+)""")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _normalise_encoding(label: str) -> str | None:
    label = label.strip().lower()
    label = _ENCODING_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_encoding(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KiB (meta tag or XML prolog)."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if match is None:
        return None
    return _normalise_encoding(match.group(1).decode("ascii", "replace"))


def _looks_binary(data: bytes) -> bool:
    """NUL bytes in the head of a file without a UTF-16/32 BOM mean binary data."""
    head = data[:8192]
    return b"\x00" in head


def _bomless_utf16(data: bytes) -> Decoded | None:
    """UTF-16 text saved without a byte order mark, told from binary data by where its NULs are.

    Markup and Latin text in UTF-16 put a NUL in every other byte, all on one
    side (the high byte of each code unit); binary data scatters them. Only a
    file whose head has NULs on one side alone (at least a third of those
    bytes, and none on the other side) and that decodes strictly, with no NUL
    character, is read as UTF-16; anything else stays "binary data".
    """
    head = data[:8192]
    if len(data) % 2 or len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    for codec, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if b"\x00" in low or high.count(0) * 3 < len(high):
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return Decoded(text, codec, "undeclared: UTF-16 without a byte order mark (NULs in every other byte)")
    return None


#: The magic numbers of the compressed formats a saved web page arrives in (a crawler's
#: ``.html.gz`` renamed, a server's ``Content-Encoding`` kept on disk).
_COMPRESSED = ((b"\x1f\x8b", "gzip"), (b"\x28\xb5\x2f\xfd", "zstd"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"))


def _compression(data: bytes) -> str | None:
    """The compression format ``data`` starts with, so the error can say what to do about it."""
    for magic, name in _COMPRESSED:
        if data.startswith(magic) and (name != "bzip2" or data[3:4].isdigit()):
            return name
    return None


def _misplaced_symbols(text: str) -> int:
    """Non-ASCII non-letters wedged between letters (``Za¿ó³æ``): a wrong code page."""
    count = 0
    for index in range(1, len(text) - 1):
        char = text[index]
        if ord(char) > 127 and not char.isalpha() and text[index - 1].isalpha() and text[index + 1].isalpha():
            count += 1
    return count


def _latin_share(text: str) -> float:
    letters = [char for char in text if ord(char) > 127 and char.isalpha()]
    if not letters:
        return 1.0
    return sum(unicodedata.name(char, "").startswith("LATIN") for char in letters) / len(letters)


def _western_instead(data: bytes, detected: str) -> str | None:
    """windows-1252 text when it reads at least as well as a detected Latin code page.

    Detection on short Latin text is a coin toss between code pages that share
    most letters (French read as cp1257 turns ``à`` into ``ą``). WHATWG's
    default for undeclared pages is windows-1252, so keep it unless the
    detector found another script or windows-1252 garbles letters.
    """
    if _latin_share(detected) < 0.5:
        return None
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if _misplaced_symbols(western) > _misplaced_symbols(detected):
        return None
    return western


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    how: str  # why this encoding was chosen, for `inspect` and error messages
    bom: bytes = b""  # the byte order mark the file started with, kept for writing it back


# The codec that writes a text body after each byte order mark, endianness included.
_BODY_CODECS = {
    codecs.BOM_UTF8: "utf-8",
    codecs.BOM_UTF32_LE: "utf-32-le",
    codecs.BOM_UTF32_BE: "utf-32-be",
    codecs.BOM_UTF16_LE: "utf-16-le",
    codecs.BOM_UTF16_BE: "utf-16-be",
}


def decode(data: bytes) -> Decoded:
    """Decode article bytes: BOM, then the declared charset, then detection.

    A page that is valid non-ASCII UTF-8 but declares a legacy charset is
    treated as UTF-8: such pages were re-saved by tools that kept the old
    declaration, and a legacy decoding of real UTF-8 is never what a reader saw.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding.replace("-sig", ""), "byte order mark", bom)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {encoding} after its byte order mark: {exc.reason}") from exc
    compressed = _compression(data)
    if compressed is not None:
        raise DecodeError(f"binary data ({compressed}-compressed), not an HTML or text article: decompress it first")
    if _looks_binary(data):
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return utf16
        raise DecodeError("binary data (NUL bytes), not an HTML or text article")

    declared = declared_encoding(data)
    utf8: str | None
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None

    if utf8 is not None and (declared in (None, "utf-8") or not utf8.isascii()):
        how = "declared" if declared == "utf-8" else "valid UTF-8"
        if declared not in (None, "utf-8"):
            how = f"valid UTF-8 (page declares {declared})"
        return Decoded(utf8, "utf-8", how)
    if declared is not None:
        try:
            return Decoded(data.decode(declared), declared, "declared charset")
        except UnicodeDecodeError:
            pass
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding:
        encoding = _normalise_encoding(best.encoding) or best.encoding
        try:
            detected = data.decode(encoding)
        except UnicodeDecodeError:
            detected = None
        if detected is not None:
            western = _western_instead(data, detected)
            if western is not None:
                return Decoded(western, "cp1252", "undeclared: windows-1252, the web's default")
            return Decoded(detected, encoding, "detected")
    fallback = declared or "utf-8"
    return Decoded(data.decode(fallback, errors="replace"), fallback, "with replacement characters")


_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def without_lone_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD, one code point for one.

    A ``str`` handed over by a caller (a CMS, a JSON request's ``"\\ud800"``,
    bytes decoded with ``surrogateescape``) may hold lone surrogates, which no
    decoder of file bytes ever produces and which cannot be encoded as UTF-8:
    every stage that hashes, caches or reports the text would fail on them.
    The replacement keeps every offset, so positions are unchanged.
    """
    return _LONE_SURROGATE.sub("\ufffd", text)


@dataclass
class SourceText:
    """The decoded text of one input and the map from offsets to line:column.

    Line breaks are ``\\r\\n``, ``\\r`` or ``\\n``, as editors count them.
    """

    text: str
    path: str = "<string>"
    encoding: str = "utf-8"
    encoding_reason: str = "given as text"
    line_starts: list[int] = field(init=False, repr=False)
    bom: bytes = field(default=b"", repr=False)

    def __post_init__(self) -> None:
        starts = [0]
        starts.extend(match.end() for match in _LINE_BREAK.finditer(self.text))
        self.line_starts = starts

    @classmethod
    def from_bytes(cls, data: bytes, path: str = "<bytes>") -> SourceText:
        decoded = decode(data)
        source = cls(decoded.text, path, decoded.encoding, decoded.how)
        source.bom = decoded.bom
        return source

    @property
    def lossless(self) -> bool:
        """Whether writing the text back gives the file's own bytes (no replacement characters)."""
        return self.encoding_reason != "with replacement characters"

    def encode(self, text: str) -> bytes:
        """Bytes of ``text`` the way this file was written: its encoding and byte order mark.

        A character the file's legacy encoding cannot hold (a fix inserting
        ``…`` into a Latin-1 page) is written as an HTML character reference.
        """
        codec = _BODY_CODECS.get(self.bom, self.encoding)
        return self.bom + text.encode(codec, errors="xmlcharrefreplace")

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns in code points."""
        offset = max(0, min(offset, len(self.text)))
        line_index = bisect_right(self.line_starts, offset) - 1
        return line_index + 1, offset - self.line_starts[line_index] + 1

    def end_position(self, end_offset: int) -> tuple[int, int]:
        """(line, column) just past the last character of a span ending at ``end_offset``.

        An exclusive end at the start of a line is reported at the end of the
        previous line, so a span never appears to reach into a line it does not
        touch.
        """
        if end_offset <= 0:
            return 1, 1
        line, column = self.position(end_offset - 1)
        return line, column + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")
