"""Decoding article bytes (lint/source.py) and the offset → line:column map.

Every position copydesk reports is in the *decoded* text, so a wrong decoding
decision moves or corrupts every finding after it. These tests pin the
decisions newsroom files need: byte order marks, declared charsets (meta
charset and http-equiv), the WHATWG rule that latin-1 means windows-1252,
legacy declarations on re-saved UTF-8, detection, and refusing binary data.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import lzma

import pytest
from copydesk.source.text import DecodeError, SourceText, declared_encoding, decode

PAGE = "<html><head>{meta}</head><body><p>Caf\u00e9 \u201cquoted\u201d \u2014 done</p></body></html>"
BODY_TEXT = "Caf\u00e9 \u201cquoted\u201d \u2014 done"


def page(meta: str = "") -> str:
    return PAGE.format(meta=meta)


# --- byte order marks -------------------------------------------------------


def test_utf8_bom_is_stripped_and_wins():
    decoded = decode(codecs.BOM_UTF8 + page('<meta charset="windows-1252">').encode("utf-8"))
    assert decoded.encoding == "utf-8"
    assert decoded.how == "byte order mark"
    assert decoded.text.startswith("<html>")  # no U+FEFF left to shift columns
    assert BODY_TEXT in decoded.text


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
    ids=["utf-16-le", "utf-16-be"],
)
def test_utf16_with_bom(bom: bytes, codec: str):
    decoded = decode(bom + page().encode(codec))
    assert decoded.encoding == "utf-16"
    assert decoded.text == page()


def test_utf16_bom_is_not_mistaken_for_binary():
    """UTF-16 text is full of NUL bytes; the BOM must be checked before the binary test."""
    data = codecs.BOM_UTF16_LE + page().encode("utf-16-le")
    assert b"\x00" in data
    assert SourceText.from_bytes(data).text == page()


# --- declared charsets --------------------------------------------------------


def test_meta_charset_windows_1252():
    data = page('<meta charset="windows-1252">').encode("cp1252")
    decoded = decode(data)
    assert decoded.encoding == "cp1252"
    assert decoded.how == "declared charset"
    assert BODY_TEXT in decoded.text


def test_http_equiv_content_type_charset():
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    decoded = decode(page(meta).encode("cp1252"))
    assert decoded.encoding == "cp1252"
    assert BODY_TEXT in decoded.text


@pytest.mark.parametrize("label", ["iso-8859-1", "ISO-8859-1", "latin1", "us-ascii"])
def test_latin1_labels_mean_windows_1252(label: str):
    """Browsers decode latin-1 as windows-1252, so 0x93/0x94 are curly quotes, not C1 controls."""
    data = f'<html><head><meta charset="{label}"></head><body><p>\x93Hi\x94 caf\xe9</p></body></html>'.encode("latin-1")
    decoded = decode(data)
    assert decoded.encoding == "cp1252"
    assert "\u201cHi\u201d caf\u00e9" in decoded.text
    assert "\x93" not in decoded.text


def test_declared_encoding_reads_meta_and_xml_prolog():
    assert declared_encoding(b'<meta charset="Shift_JIS">') == "shift_jis"
    assert declared_encoding(b"<meta http-equiv=Content-Type content='text/html; charset=EUC-JP'>") == "euc_jp"
    assert declared_encoding(b'<?xml version="1.0" encoding="ISO-8859-1"?><html>') == "cp1252"
    assert declared_encoding(b'<meta charset="no-such-charset">') is None
    assert declared_encoding(b"<p>no declaration</p>") is None


def test_shift_jis_page():
    text = '<html><head><meta charset="Shift_JIS"></head><body><p>日本語のテキストです。宇宙航空研究開発機構</p>'
    text += "</body></html>"
    decoded = decode(text.encode("shift_jis"))
    assert decoded.encoding == "shift_jis"
    assert decoded.text == text


def test_legacy_declaration_on_valid_utf8_is_utf8():
    """A page re-saved as UTF-8 that kept its old declaration must not become mojibake."""
    data = page('<meta charset="iso-8859-1">').encode("utf-8")
    decoded = decode(data)
    assert decoded.encoding == "utf-8"
    assert "declares" in decoded.how
    assert BODY_TEXT in decoded.text
    assert "\u00c3" not in decoded.text  # no "CafÃ©"


def test_ascii_page_with_legacy_declaration_uses_the_declaration():
    """Pure ASCII is valid UTF-8 and windows-1252 alike; the declaration decides, harmlessly."""
    decoded = decode(b'<meta charset="windows-1252"><p>plain &amp; simple</p>')
    assert decoded.text == '<meta charset="windows-1252"><p>plain &amp; simple</p>'


# --- detection ------------------------------------------------------------------


def test_invalid_utf8_without_declaration_is_detected_not_replaced():
    text = (
        "<html><body><p>" + "Caf\u00e9 \u201cquoted\u201d, r\u00e9sum\u00e9 d\u00e9j\u00e0. " * 8 + "</p></body></html>"
    )
    decoded = decode(text.encode("cp1252"))
    assert decoded.how != "with replacement characters"
    assert "\ufffd" not in decoded.text
    assert "Caf\u00e9" in decoded.text


@pytest.mark.parametrize(
    ("sentence", "encoding"),
    [
        ("Zażółć gęślą jaźń, świętość i żółw. ", "cp1250"),
        ("Это пример текста на русском языке. ", "cp1251"),
        ("Grüße aus München, schöne Straße. ", "cp1252"),
    ],
    ids=["polish-cp1250", "russian-cp1251", "german-cp1252"],
)
def test_undeclared_legacy_pages_read_in_their_own_code_page(sentence: str, encoding: str):
    """windows-1252 is the default, but not where it would garble another script or letters."""
    text = "<html><body><p>" + sentence * 6 + "</p></body></html>"
    assert decode(text.encode(encoding)).text == text


def test_undeclared_cp1252_with_accents_is_decoded_as_cp1252():
    text = "<html><body><p>" + "Caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u00e0 la fa\u00e7on, d\u00e9j\u00e0 vu. " * 5
    text += "</p></body></html>"
    decoded = decode(text.encode("cp1252"))
    assert decoded.text == text


# --- binary data ------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", b"<html>\x00\x00\x00<body>", b"\x00" * 16],
    ids=["png", "nul-bytes", "all-nul"],
)
def test_binary_data_is_a_decode_error(data: bytes):
    with pytest.raises(DecodeError, match="binary data"):
        decode(data)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (gzip.compress(b"<p>Update soon.</p>", mtime=0), "gzip"),
        (bz2.compress(b"<p>Update soon.</p>"), "bzip2"),
        (lzma.compress(b"<p>Update soon.</p>"), "xz"),
    ],
)
def test_compressed_page_says_so(data: bytes, name: str):
    with pytest.raises(DecodeError, match=f"{name}-compressed.*decompress it first"):
        decode(data)


def test_text_that_starts_like_a_magic_number_is_text():
    """ "BZh" opens bzip2 only with a block size digit after it: "BZh is..." is prose."""
    assert decode(b"BZh is a code, not a file.").text == "BZh is a code, not a file."


def test_invalid_utf16_after_bom_is_a_decode_error():
    with pytest.raises(DecodeError, match="byte order mark"):
        decode(codecs.BOM_UTF16_LE + b"<\x00p\x00\x00\xd8")  # a lone high surrogate


def test_from_bytes_records_how_it_decoded():
    source = SourceText.from_bytes(page('<meta charset="windows-1252">').encode("cp1252"), "story.html")
    assert (source.path, source.encoding, source.encoding_reason) == ("story.html", "cp1252", "declared charset")


# --- SourceText.position / end_position ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ab\ncd", [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3)]),
        ("ab\r\ncd", [(1, 1), (1, 2), (1, 3), (1, 4), (2, 1), (2, 2), (2, 3)]),
        ("ab\rcd", [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3)]),
        ("a\r\n\r\nb", [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (3, 1), (3, 2)]),
        ("a\n\rb", [(1, 1), (1, 2), (2, 1), (3, 1), (3, 2)]),
    ],
    ids=["lf", "crlf", "cr", "crlf-blank-line", "lf-then-cr"],
)
def test_position_of_every_offset(text: str, expected: list[tuple[int, int]]):
    source = SourceText(text)
    assert [source.position(offset) for offset in range(len(text) + 1)] == expected


def test_position_counts_code_points_not_utf16_units_or_bytes():
    source = SourceText("\U0001f680\u00e9x\ny")
    assert source.position(2) == (1, 3)  # the rocket is one column, é another
    assert source.position(4) == (2, 1)


def test_position_clamps_out_of_range_offsets():
    source = SourceText("ab\ncd")
    assert source.position(-5) == (1, 1)
    assert source.position(99) == (2, 3)


def test_end_position_is_just_past_the_last_character():
    source = SourceText("ab\ncd")
    assert source.end_position(2) == (1, 3)  # span "ab"
    assert source.end_position(5) == (2, 3)  # span reaching the end of file
    assert source.end_position(0) == (1, 1)


def test_end_position_at_a_line_start_stays_on_the_previous_line():
    source = SourceText("ab\r\ncd")
    assert source.end_position(4) == (1, 5)  # a span ending with the line break (\n is column 4)
    source = SourceText("ab\rcd")
    assert source.end_position(3) == (1, 4)


def test_line_text_strips_every_kind_of_line_break():
    source = SourceText("one\r\ntwo\rthree\nfour")
    assert [source.line_text(n) for n in range(1, 5)] == ["one", "two", "three", "four"]
