"""The language server's parts without a client: positions, suppression comments, config re-reads (issue #23).

In process and fast; ``tests/test_lsp.py`` drives the real server over stdio.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from copydesk.engine.config import Config
from copydesk.frontends.lsp import (
    CancelToken,
    ConfigCache,
    Stale,
    TextBuffer,
    _format_for,
    lint_buffer,
    words_file_of,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

UTF8, UTF16, UTF32 = (
    types.PositionEncodingKind.Utf8,
    types.PositionEncodingKind.Utf16,
    types.PositionEncodingKind.Utf32,
)


def pos(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


# --- positions in the three encodings ---

# An astral character (2 UTF-16 units, 4 UTF-8 bytes), a combining mark (its own code point) and
# U+2028, which str.splitlines() breaks on and LSP does not.
LINE = "a😀b e\u0301x\u2028y"


@pytest.mark.parametrize(
    ("encoding", "x", "y"),
    [(UTF32, 6, 8), (UTF16, 7, 9), (UTF8, 10, 14)],
)
def test_positions_count_in_the_negotiated_encoding(encoding: str, x: int, y: int):
    buffer = TextBuffer(LINE + "\nz", encoding)
    assert len(buffer.line_starts) == 2, "U+2028 is not an LSP line break"
    assert buffer.position_at(LINE.index("x")) == pos(0, x)
    assert buffer.position_at(LINE.index("y")) == pos(0, y)
    assert buffer.offset_at(pos(0, x)) == LINE.index("x")
    assert buffer.offset_at(pos(0, y)) == LINE.index("y")
    assert buffer.position_at(len(LINE) + 1) == pos(1, 0)


def test_a_position_inside_a_character_means_its_start_and_past_the_end_means_the_end():
    buffer = TextBuffer("a😀b\nxy", UTF16)
    assert buffer.offset_at(pos(0, 2)) == 1  # between the surrogates of 😀
    utf8 = TextBuffer("a😀b\nxy", UTF8)
    assert utf8.offset_at(pos(0, 3)) == 1  # inside its four bytes
    assert buffer.offset_at(pos(0, 99)) == 3  # past the line's end: the end, before the break
    assert buffer.offset_at(pos(7, 0)) == len(buffer.text)


def test_crlf_and_cr_are_one_break_each():
    buffer = TextBuffer("one\r\ntwo\rthree\nfour", UTF16)
    assert buffer.line_starts == [0, 5, 9, 15]
    assert buffer.position_at(buffer.text.index("three")) == pos(2, 0)
    assert buffer.position_at(buffer.text.index("\r")) == pos(0, 3)


def test_incremental_changes_in_utf8_after_an_astral_character():
    buffer = TextBuffer("😀 the the end\n", UTF8)
    # Delete "the " (bytes 5-9: 😀 is 4 bytes, then a space).
    change = types.TextDocumentContentChangePartial(range=types.Range(start=pos(0, 5), end=pos(0, 9)), text="")
    buffer.apply(change)
    assert buffer.text == "😀 the end\n"
    buffer.apply(types.TextDocumentContentChangeWholeDocument(text="new"))
    assert buffer.text == "new"


def test_a_lone_surrogate_becomes_a_replacement_character_of_the_same_length():
    buffer = TextBuffer("a\ud800b", UTF16)
    assert buffer.text == "a\ufffdb"
    assert buffer.position_at(2) == pos(0, 2)


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab \n\r\u2028😀\u0301é\t"), max_size=40), st.sampled_from([UTF8, UTF16, UTF32])
)
def test_offsets_round_trip_through_positions(text: str, encoding: str):
    buffer = TextBuffer(text, encoding)
    for offset in range(len(text) + 1):
        if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
            continue  # between the two characters of one CRLF break: not a place a client can name
        assert buffer.offset_at(buffer.position_at(offset)) == offset


# --- the check itself ---


def test_a_cancelled_check_stops_instead_of_reporting():
    token = CancelToken()
    token.cancel()
    with pytest.raises(Stale):
        lint_buffer("<p>the the</p>", "a.html", "html", Config(select=("CD501",)), token)


def test_the_document_language_picks_the_reader():
    assert _format_for("markdown", None) == "markdown"
    assert _format_for("plaintext", "/x/story.html") == "text"  # the editor's word wins over the suffix
    assert _format_for("mhtml", None) == "html"  # Emacs's mhtml-mode
    assert _format_for("unknown", "/x/story.md") == "markdown"
    assert _format_for("python", "/x/tool.py") is None


def test_a_garbled_buffer_is_linted_or_refused_never_raised():
    config = Config(select=("CD501", "CD504"))
    for text in ("\x00\x01\x02<p>the the</p>\x00", "<div>" * 5000 + "x", "\ufffd" * 500, "\u2028<p>a  b</p>\u2028"):
        for input_format in ("html", "markdown", "text"):
            checked = lint_buffer(text, "garbled", input_format, config)
            assert checked.error is None or isinstance(checked.error, str)


# --- suppression comments: inserting the offered one silences exactly that finding ---


def _suppressed(text: str, input_format: str, rule: str) -> str:
    config = Config(select=(rule, "CD607"))
    checked = lint_buffer(text, "doc", input_format, config)
    (index,) = [i for i, finding in enumerate(checked.findings) if finding.rule == rule][:1]
    suppression = checked.suppressions[index]
    assert suppression is not None
    comment = f"{suppression.before}<!-- copydesk: disable-next {rule} -->{suppression.after}"
    fixed = text[: suppression.offset] + comment + text[suppression.offset :]
    after = lint_buffer(fixed, "doc", input_format, config)
    assert after.error is None
    assert [f.rule for f in after.findings] == [f.rule for f in checked.findings[1:]], fixed
    return fixed


@pytest.mark.parametrize(
    ("text", "input_format", "expected"),
    [
        ("<article>\n  <p>One the the two.</p>\n  <p>Fine the the.</p>\n</article>\n", "html",
         "<article>\n  <!-- copydesk: disable-next CD501 -->\n  <p>One the the two.</p>"),
        ("<p>One the the two.</p><p>Again the the.</p>\n", "html",
         "<p>One the the two.</p><!-- copydesk: disable-next CD501 --> <p>Again"),
        ("# Head\n\nOne the the two.\n\nAgain the the.\n", "markdown",
         "# Head\n\n<!-- copydesk: disable-next CD501 -->\nOne the the two."),
        ("# Head\n\n- one the the\n- two the the\n", "markdown",
         "# Head\n\n  <!-- copydesk: disable-next CD501 -->\n- one the the"),
        ("# Head\n\n> Quoted the the.\n>\n> More the the.\n", "markdown",
         "# Head\n\n> <!-- copydesk: disable-next CD501 -->\n> Quoted the the."),
    ],
    ids=["html-own-line", "html-inline", "markdown-paragraph", "markdown-list-item", "markdown-quote"],
)  # fmt: skip
def test_the_offered_suppression_silences_its_block_only(text: str, input_format: str, expected: str):
    if expected.startswith("<p>One"):  # the second block of a line: the comment goes inline before its tag
        text = text.replace("<p>One the the two.</p>", "<p>One two.</p>")
        expected = expected.replace("One the the two.", "One two.")
    fixed = _suppressed(text, input_format, "CD501")
    assert expected in fixed


def test_plain_text_offers_no_suppression_comment():
    checked = lint_buffer("Title\n\nOne the the two.\n", "doc", "text", Config(select=("CD501",)))
    assert [f.rule for f in checked.findings] == ["CD501"]
    assert checked.suppressions == [None]


# --- configuration, re-read when it changes ---


def _rewrite(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:  # a coarse clock: make the change visible
        os.utime(path, ns=(time.time_ns(), before + 1_000_000))


def test_config_is_found_like_the_cli_and_re_read_when_it_or_its_words_file_changes(tmp_path: Path):
    (tmp_path / "stories").mkdir()
    config_file = tmp_path / "copydesk.toml"
    _rewrite(config_file, 'ignore = ["CD501"]\n[grammar]\nwords-file = "words.txt"\n')
    (tmp_path / "words.txt").write_text("Kantei\n", encoding="utf-8")
    cache = ConfigCache()
    config, error = cache.lookup(tmp_path / "stories")
    assert error is None and config is not None
    assert config.ignore == ("CD501",) and config.grammar.words == ("Kantei",)
    assert words_file_of(config) == tmp_path / "words.txt"
    assert cache.lookup(tmp_path / "stories")[0] is config, "unchanged files: the same config, not re-read"
    _rewrite(tmp_path / "words.txt", "Kantei\nYomiuri\n")
    config, _ = cache.lookup(tmp_path / "stories")
    assert config is not None and config.grammar.words == ("Kantei", "Yomiuri")
    _rewrite(config_file, 'ignore = ["CD999"]\n')
    config, error = cache.lookup(tmp_path / "stories")
    assert config is None and error is not None and "CD999" in error and "copydesk.toml" in error
    _rewrite(config_file, 'ignore = ["CD504"]\n')
    config, error = cache.lookup(tmp_path / "stories")
    assert error is None and config is not None and config.ignore == ("CD504",)


def test_the_protocol_channel_is_out_of_reach_of_stdout_redirection(tmp_path: Path):
    """An answer written while the grammar engine has descriptor 1 pointed at stderr still reaches the client.

    The grammar layer redirects descriptor 1 around each native call (it prints debug lines there), from
    the worker thread; the event loop may be writing an answer at that moment. Neovim waited 30 s for a
    code action whose answer had gone to stderr. The channel is a private descriptor; 1 goes to stderr.
    """
    import subprocess
    import sys

    script = (
        "import os, sys\n"
        "from copydesk.frontends.lsp import protocol_output\n"
        "from copydesk.grammar.harper import _stdout_to_stderr\n"
        "channel = protocol_output()\n"
        "with _stdout_to_stderr():\n"
        "    channel.write(b'answer written during a native call'); channel.flush()\n"
        "    os.write(1, b'native noise')\n"
        "print('a stray print')\n"
        "channel.write(b' / answer after'); channel.flush()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60, check=True)
    assert done.stdout == b"answer written during a native call / answer after"
    assert b"native noise" in done.stderr and b"a stray print" in done.stderr
