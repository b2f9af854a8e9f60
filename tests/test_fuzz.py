"""Property-based fuzzing of the whole pipeline: bytes → decoding → article model → rules → findings.

Two sources of input: HTML built from pieces copy desks actually see (nested
tags, attributes, entities good and broken, straight and curly quotes,
placeholders, credit lines, odd whitespace, characters outside the BMP), and
the project's real fixture pages with bytes flipped, cut, inserted and
duplicated. For every input:

- no exception escapes (:func:`copydesk.frontends.api.check_html` raises only for a
  bad configuration, and the one here is valid: a malformed suppression comment
  is a CD607 finding), and :func:`~copydesk.engine.lint.lint_source` never
  reports an "internal error");
- every finding lies inside the file: ``0 <= start <= end <= len(text)``,
  ``line``/``column`` are ``SourceText.position(start)``, the end is in range
  and not before the start;
- the excerpt is what the span says: the decoded text ``text[start:end]`` read
  as a reader sees it (tags dropped, entities decoded, whitespace collapsed).
  Excerpts are never truncated (``lint/engine.py`` slices the unit's text), so
  the comparison is exact.

The grammar engine (CD8xx) is left out: it is not what these properties are
about, it is the slowest stage, and ``tests/test_grammar.py`` covers it.

Budget: the default profile runs ~100 examples per test (a few seconds in
CI). ``HYPOTHESIS_PROFILE=long`` (with ``COPYDESK_FUZZ_EXAMPLES``, default
20,000) is for a long session, e.g.::

    HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py -q --hypothesis-show-statistics
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from bs4.dammit import EntitySubstitution
from copydesk.engine.config import parse_config
from copydesk.engine.finding import Finding
from copydesk.engine.lint import lint_source
from copydesk.frontends.api import check_html
from copydesk.model.inputs import format_for
from copydesk.source.text import DecodeError, SourceText
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from .conftest import FIXTURES

settings.register_profile("copydesk-ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("COPYDESK_FUZZ_EXAMPLES", "20000")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
# A local settings object (not load_profile), so other test modules keep their own settings.
FUZZ = settings(settings.get_profile("long" if os.environ.get("HYPOTHESIS_PROFILE") == "long" else "copydesk-ci"))

CONFIG_DICT = {"ignore": ["CD8"]}
CONFIG = parse_config(dict(CONFIG_DICT), None)

# --- what a reader sees of a source slice -----------------------------------------------

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_BREAK = re.compile(r"<br\b[^>]*>|</br\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[A-Za-z/!?][^>]*>")  # "<" before anything else is text
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def reader_text(markup: str) -> str:
    """Tags and comments removed, entities decoded, HTML whitespace collapsed (``&nbsp;`` stays).

    A ``<br>`` (and a stray ``</br>``, as browsers read it) is a line break: a space.
    """
    text = _TAG.sub("", _BREAK.sub(" ", _COMMENT.sub("", markup)))
    return _HTML_SPACE.sub(" ", html.unescape(text))


def _in_order(needle: str, haystack: str) -> bool:
    """Whether the letters and digits of ``needle`` occur in ``haystack`` in the same order."""
    rest = iter(haystack)
    return all(char in rest for char in needle if char.isalnum())


_ANY_REFERENCE = re.compile(r"&#?[A-Za-z0-9]+;?")
_LAST_REFERENCE = re.compile(r"&#?[A-Za-z0-9]+;?\Z")
_C0_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _decodings(reference: str) -> tuple[str, ...]:
    """What a parser may read ``reference`` as: html.unescape's reading, and BeautifulSoup's, which also
    decodes a name without its semicolon that html.unescape leaves alone ("&rdquo" → "”")."""
    bare_name = EntitySubstitution.HTML_ENTITY_TO_CHARACTER.get(reference[1:].rstrip(";"))
    return (html.unescape(reference), *((bare_name,) if bare_name else ()))


def _both_readings(raw: str) -> str:
    """``raw`` with each reference followed by what it decodes to: a parser may have decoded it or not
    (text cut off inside a tag at the end of the file stays as written), so either reading is in order."""
    return _ANY_REFERENCE.sub(lambda match: match.group() + "".join(_decodings(match.group())), raw)


def check_findings(text: str, findings: list[Finding], input_format: str = "html") -> None:
    """The position and excerpt invariants every finding must satisfy.

    For HTML the excerpt is exactly the span read as a reader sees it. A text
    file has no markup (only its whitespace is reflowed) and Markdown's
    rendering drops markup (``*``, link targets), so there the excerpt's
    letters and digits must appear in the span, in order.
    """
    source = SourceText(text)
    line_count = len(source.line_starts)
    for finding in findings:
        assert 0 <= finding.start <= finding.end <= len(text), finding
        assert (finding.line, finding.column) == source.position(finding.start), finding
        assert 1 <= finding.line <= line_count, finding
        assert 1 <= finding.column <= len(source.line_text(finding.line)) + 1, finding
        assert 1 <= finding.end_line <= line_count, finding
        end_line_start = source.line_starts[finding.end_line - 1]
        end_line_next = source.line_starts[finding.end_line] if finding.end_line < line_count else len(text)
        # An end may sit just past a line break the span ends with ("\r\n" counts two columns).
        assert 1 <= finding.end_column <= end_line_next - end_line_start + 1, finding
        assert (finding.line, finding.column) <= (finding.end_line, finding.end_column), finding
        if finding.end > finding.start:
            assert source.end_position(finding.end) == (finding.end_line, finding.end_column), finding
        raw = text[finding.start : finding.end]
        # A finding about an element or the page (no text unit) quotes the raw markup; one
        # about text quotes the text as read. Either way it is exactly this span.
        if input_format == "html":
            if finding.excerpt not in (raw, reader_text(raw)):
                # The regex reading above cannot follow every parse of broken markup (a quote
                # left open in an attribute, a tag cut off at the end of the file is text).
                # Then the excerpt must still be this span: its letters and digits in order,
                # and the same first and last character as the span, read or raw.
                if currently_in_test_context():  # scripts/fuzz_atheris.py shares these checks outside hypothesis
                    event("excerpt checked by the weaker rule (markup the regex reading cannot follow)")
                read = reader_text(raw) or raw
                assert _in_order(finding.excerpt, _both_readings(raw)), (finding, raw)
                # A reference to a C0 control ("&#8") reads as that control in HTML and in the
                # parser, while html.unescape (the regex reading) drops it: compare past them.
                shown, bare, bare_read = (_C0_CONTROLS.sub("", t) for t in (finding.excerpt, raw, read))
                # A reference at either end may have been decoded either way.
                first, last = _ANY_REFERENCE.match(bare), _LAST_REFERENCE.search(bare)
                firsts = {bare[:1], bare_read[:1], *(d[:1] for d in (_decodings(first.group()) if first else ()))}
                lasts = {bare[-1:], bare_read[-1:], *(d[-1:] for d in (_decodings(last.group()) if last else ()))}
                assert shown[:1] in firsts, (finding, raw)
                assert shown[-1:] in lasts, (finding, raw)
        elif input_format == "text":
            assert finding.excerpt in (raw, _HTML_SPACE.sub(" ", raw)), (finding, raw)
        else:
            # CommonMark decodes only exact references (``&notit;`` stays as written).
            assert _in_order(finding.excerpt, _both_readings(raw)), (finding, raw)


# --- generated HTML -------------------------------------------------------------------------

WORDS = ["the", "The", "NASA", "Japan", "signed", "said", "deal", "soon", "a", "and", "Read", "x", "It's", "naïve"]
ENTITIES = [
    "&amp;", "&#8230;", "&nbsp;", "&#x41;", "&quot;", "&hellip;", "&#8217;", "&ldquo;", "&rdquo;", "&#0;",
    "&#x110000;", "&#xD800;", "&#128512;", "&amp", "&notit;", "&foo;", "&#", "&#x;", "&", "&#99999999999;",
]  # fmt: skip
QUOTES = ['"', "“", "”", "'", "‘", "’", "«", "»", "„", '\\"']
PLACEHOLDERS = [
    "Update soon….", "Update soon....", "TK", "TKTK", "[INSERT QUOTE]", "{{author}}", "{{", "}}", "lorem ipsum",
    "XX", "$XX", "%%", "[TBD]", "<<placeholder>>", "Also Read", "Related:", "Click here",
]  # fmt: skip
CREDITS = ["(Credit –", "(Credit: NASA)", "Photo: ", "Image credit:", "Getty Images", "(Photo by", "©", "Credit"]
SPACES = [" ", "  ", "\n", "\r\n", "\r", "\t", "\f", "\v", "\xa0", "\u2028", "\u2029", "\u200b", "\u3000", "\x85"]
ODD = ["😀", "𝔘𝔫𝔦", "\U0010ffff", "\ud7ff", "\ufeff", "\u0301", "ﬁ", "İ", "ß", "\x00", "\x1b", "]]>", "<![CDATA[x]]>"]
SUPPRESSIONS = ["<!-- copydesk: disable-next CD101 -->", "<!-- copydesk: disable-next NOPE -->", "<!-- -- -->", "<!--"]
BLOCK_TAGS = ["p", "div", "article", "section", "blockquote", "figure", "figcaption", "h1", "h2", "li", "ul", "td"]
INLINE_TAGS = ["b", "em", "span", "a", "strong", "i", "q", "cite", "small", "sup"]
RAW_TAGS = ["script", "style", "textarea", "title", "noscript", "template", "svg", "math"]
ATTRIBUTE_VALUES = ["x", "a &amp; b", "&quot;q&quot;", "'", '"', "javascript:alert(1)", "", "Update soon", "😀"]


def _text(draw: st.DrawFn) -> str:
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(WORDS),
                st.sampled_from(ENTITIES),
                st.sampled_from(QUOTES),
                st.sampled_from(PLACEHOLDERS),
                st.sampled_from(CREDITS),
                st.sampled_from(SPACES),
                st.sampled_from(ODD),
                st.text(max_size=6),
            ),
            max_size=12,
        )
    )
    glue = draw(st.sampled_from(["", " ", "\n"]))
    return glue.join(pieces)


def _attributes(draw: st.DrawFn) -> str:
    out = []
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from(["class", "id", "href", "src", "alt", "title", "lang", "data-x", "x y", "=", ""]))
        value = draw(st.sampled_from(ATTRIBUTE_VALUES))
        quote = draw(st.sampled_from(['"', "'", "", '"unterminated']))
        out.append(f" {name}={quote}{value}{quote[:1]}" if quote != '"unterminated' else f' {name}="{value}')
    return "".join(out)


@st.composite
def fragments(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["text", "text", "block", "inline", "raw", "void", "comment", "broken"]))
    if kind == "text" or depth > 5:
        return _text(draw)
    if kind in ("block", "inline"):
        tag = draw(st.sampled_from(BLOCK_TAGS if kind == "block" else INLINE_TAGS))
        children = draw(st.lists(fragments(depth + 1), max_size=4))
        close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", f"</{tag.upper()}>", "</p>", "</"]))
        return f"<{tag}{_attributes(draw)}>{''.join(children)}{close}"
    if kind == "raw":
        tag = draw(st.sampled_from(RAW_TAGS))
        return f"<{tag}{_attributes(draw)}>{_text(draw)}" + draw(st.sampled_from([f"</{tag}>", ""]))
    if kind == "void":
        return draw(st.sampled_from(["<br>", "</br>", "<br/>", "<hr>", "<wbr>"])) + (
            f"<img{_attributes(draw)}>" if draw(st.booleans()) else ""
        )
    if kind == "comment":
        return draw(st.sampled_from(SUPPRESSIONS))
    return draw(st.sampled_from(["<", "</", "<p", "<!", "<?xml", "<!DOCTYPE html>", "&", "<a href=", "<<>>", "</>"]))


@st.composite
def documents(draw: st.DrawFn) -> str:
    body = "".join(draw(st.lists(fragments(), min_size=1, max_size=6)))
    if draw(st.booleans()):
        head = f"<head><title>{_text(draw)}</title><meta charset='utf-8'></head>"
        body = f"<!DOCTYPE html><html lang='en'>{head}<body>{body}</body></html>"
    return body


@FUZZ
@given(documents())
def test_check_html_on_generated_pages(document: str):
    findings = check_html(document, config=CONFIG_DICT)  # a malformed suppression is a finding, never raised
    check_findings(document, findings)


ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "cp1252", "shift_jis"]


@FUZZ
@given(documents(), st.sampled_from(ENCODINGS), st.sampled_from(
    ["page.html", "page.md", "page.txt"]))  # fmt: skip
def test_lint_source_on_generated_bytes(document: str, encoding: str, path: str):
    # utf-16-le/-be have no byte order mark: read as UTF-16 by where their NULs are, or refused as binary.
    data = document.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "xmlcharrefreplace")
    _lint_bytes(data, path)


# --- mutated real pages ---------------------------------------------------------------------

SEEDS = sorted([*FIXTURES.glob("articles/*.html"), *FIXTURES.glob("rules/*.html"), *FIXTURES.glob("markdown/*.md")])
SEED_BYTES = {path.name: path.read_bytes() for path in SEEDS}
INSERTS = [
    b"<", b">", b"</p>", b"<p>", b"&", b"&#", b"&amp;", b"\x00", b"\xff", b"\xe2\x80", b"\xe2\x80\xa6", b"\r",
    b"\r\n", b"\"", b"\xe2\x80\x9c", b"<!--", b"-->", b"<script>", b"<![CDATA[", b"\xef\xbb\xbf", b"\xf0\x9f\x98",
    b"(Credit \xe2\x80\x93", b"Update soon", b"<blockquote>", b"<figure><img src=x>", b"<meta charset=shift_jis>",
]  # fmt: skip


@st.composite
def mutated_pages(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SEED_BYTES)))
    data = bytearray(SEED_BYTES[name])
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "duplicate", "random"]))
        if action == "flip" and where < len(data):
            data[where] ^= 1 << draw(st.integers(0, 7))
        elif action == "truncate":
            del data[where:]
        elif action == "insert":
            data[where:where] = draw(st.sampled_from(INSERTS))
        elif action == "delete":
            del data[where : where + draw(st.integers(1, 64))]
        elif action == "duplicate":
            data[where:where] = data[where : where + draw(st.integers(1, 256))]
        else:
            data[where:where] = draw(st.binary(max_size=8))
    suffix = Path(name).suffix
    return f"mutated{suffix}", bytes(data)


def _lint_bytes(data: bytes, path: str) -> None:
    try:
        source = SourceText.from_bytes(data, path)
    except DecodeError:
        return  # a clean refusal (binary data, a broken BOM): the CLI prints it as the file's error
    result = lint_source(source, CONFIG, statistics=True)
    assert result.error is None or not result.error.startswith("internal error"), result.error
    check_findings(source.text, result.findings, format_for(path))


@FUZZ
@given(mutated_pages())
def test_lint_source_on_mutated_pages(page: tuple[str, bytes]):
    _lint_bytes(page[1], page[0])
