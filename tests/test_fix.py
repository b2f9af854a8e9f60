"""--fix and --diff: only safe fixes, only inside their spans, files written back as they were."""

from __future__ import annotations

import codecs
from pathlib import Path

from click.testing import CliRunner
from copydesk.engine.config import Config
from copydesk.engine.lint import lint_source
from copydesk.frontends.cli import main
from copydesk.pipeline.batch import lint_path
from copydesk.pipeline.fix import FixError, fixed_text, write_fixes
from copydesk.source.text import SourceText
from hypothesis import given, settings
from hypothesis import strategies as st

SAFE = "CD501,CD502,CD504,CD505"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_fix_writes_safe_fixes_and_keeps_crlf(tmp_path: Path):
    story = tmp_path / "story.html"
    story.write_bytes(b"<p>The the plan was approved....</p>\r\n<p>Then , it failed.</p>\r\n")
    result = run("check", "--select", SAFE, "--fix", "--no-color", str(story))
    assert story.read_bytes() == b"<p>The plan was approved...</p>\r\n<p>Then, it failed.</p>\r\n"
    assert "fixed 3 findings" in result.stderr
    assert result.exit_code == 0 and "Found 0 findings" in result.stdout


def test_fix_keeps_legacy_encoding_and_bom(tmp_path: Path):
    legacy = tmp_path / "legacy.html"
    legacy.write_bytes('<meta charset="windows-1252"><p>Caf\u00e9 the the \u201cend\u201d</p>'.encode("cp1252"))
    bom = tmp_path / "bom.html"
    bom.write_bytes(codecs.BOM_UTF16_BE + "<p>Na\u00efve the the plan</p>".encode("utf-16-be"))
    run("check", "--select", "CD501", "--fix", str(legacy), str(bom))
    assert legacy.read_bytes() == '<meta charset="windows-1252"><p>Caf\u00e9 the \u201cend\u201d</p>'.encode("cp1252")
    assert bom.read_bytes() == codecs.BOM_UTF16_BE + "<p>Na\u00efve the plan</p>".encode("utf-16-be")


def test_unsafe_fixes_are_reported_not_applied(tmp_path: Path):
    story = tmp_path / "story.html"
    original = b"<p>Words run<b>Together</b> here.</p>"  # CD503 offers a fix but does not mark it safe
    story.write_bytes(original)
    result = run("check", "--select", "CD503", "--fix", "--fail-on", "info", str(story))
    assert story.read_bytes() == original
    assert "CD503" in result.stdout and result.exit_code == 1


def test_diff_writes_nothing_and_exits_1(tmp_path: Path):
    story = tmp_path / "story.html"
    story.write_bytes(b"<p>The the plan.</p>\n")
    result = run("check", "--select", SAFE, "--diff", str(story))
    assert result.exit_code == 1
    assert "-<p>The the plan.</p>" in result.stdout and "+<p>The plan.</p>" in result.stdout
    assert story.read_bytes() == b"<p>The the plan.</p>\n"
    clean = tmp_path / "clean.html"
    clean.write_bytes(b"<p>The plan.</p>\n")
    assert run("check", "--select", SAFE, "--diff", str(clean)).exit_code == 0


def test_stdin_cannot_be_fixed():
    result = CliRunner().invoke(main, ["check", "--fix", "-"], input=b"<p>x</p>")
    assert result.exit_code == 2 and "standard input" in result.output


def test_lossy_decoding_is_never_written(tmp_path: Path):
    result = lint_source(SourceText("<p>The the \ufffd</p>", str(tmp_path / "x.html")), Config(select=("CD501",)))
    result.lossless = False
    try:
        fixed_text(result)
    except FixError as exc:
        assert "replacement characters" in str(exc)
    else:  # pragma: no cover - must raise
        raise AssertionError("a lossy file must not be fixed")


def test_file_changed_while_linting_is_not_overwritten(tmp_path: Path):
    story = tmp_path / "story.html"
    story.write_bytes(b"<p>The the plan.</p>")
    result = lint_path(str(story), Config(select=("CD501",)))
    story.write_bytes(b"<p>Someone else's edit. The the plan.</p>")
    try:
        write_fixes(result)
    except FixError as exc:
        assert "changed" in str(exc)
    else:  # pragma: no cover - must raise
        raise AssertionError("a changed file must not be overwritten")
    assert story.read_bytes() == b"<p>Someone else's edit. The the plan.</p>"


_PIECES = st.sampled_from(
    ["The the", "plan", "...", "....", "&#8230;.", " , ", "word", "&nbsp; ", "<b>bold</b>", "\r\n", "was was", " ."]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_PIECES, min_size=1, max_size=8), min_size=1, max_size=4))
def test_a_fix_never_changes_text_outside_its_span(paragraphs):
    html = "".join("<p>" + " ".join(words) + "</p>\n" for words in paragraphs)
    result = lint_source(SourceText(html), Config(select=tuple(SAFE.split(","))))
    new_text, edits = fixed_text(result)
    safe_spans = {(f.start, f.end, f.fix) for f in result.findings if f.fix_safe}
    old_position = new_position = 0
    for edit in edits:
        # Each edit is exactly a safe finding's span and replacement ...
        assert (edit.start, edit.end, edit.replacement) in safe_spans
        # ... and the text between edits reappears unchanged, shifted by earlier edits.
        between = html[old_position : edit.start]
        assert new_text[new_position : new_position + len(between)] == between, (html, new_text)
        new_position += len(between) + len(edit.replacement)
        old_position = edit.end
    assert new_text[new_position:] == html[old_position:]


def test_a_rules_fix_is_a_text_edit_the_source_map_turns_into_a_file_edit():
    """Rules say what the reader's text should read; the source layer keeps what it does not change."""
    from copydesk.model.html import build_article
    from copydesk.model.markdown import build_markdown_article

    html = "<p><strong>Also Read</strong><a href='/x'>Butterfly</a> and NASA&#8217;s plan .</p>"
    block = build_article(SourceText(html, "a.html")).blocks[0]
    text, mapped = block.text, block.mapped
    split = text.index("Butterfly")
    # An insertion at a tag boundary lands after the closing tag, before the opening one.
    assert mapped.source_edit(html, 0, split + 9, "Also Read Butterfly") == "Also Read</strong> <a href='/x'>Butterfly"
    # Deleting a space keeps the entity of the word before it verbatim.
    start = text.index("NASA")
    assert mapped.source_edit(html, start, len(text), "NASA’s plan.") == "NASA&#8217;s plan."
    # A tag inside the changed word: no fix rather than a guess.
    tagged = "<p>rec<b>ei</b>ve</p>"
    block = build_article(SourceText(tagged, "b.html")).blocks[0]
    assert block.mapped.source_edit(tagged, 0, len(block.text), "recieve") is None
    # Markdown emphasis markers are markup too: removing the space after "**word**" must not eat them.
    markdown = "Said **the mayor** , then left.\n"
    block = build_markdown_article(SourceText(markdown, "c.md")).blocks[0]
    start = block.text.index("mayor")
    edit = block.mapped.source_edit(markdown, start, start + len("mayor ,"), "mayor,")
    assert edit is None  # "**" then a space: not white space and tags alone, so no rewrite
