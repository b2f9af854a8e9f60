"""Plain-text input (``.txt``): the seed article as text, blocks, roles and exact positions.

``fixtures/articles/nasa-japan-seed.txt`` is ../shared/seed-article.txt byte
for byte: the text copydesk was born from. Every defect a copy editor sees in
it must be found at its exact characters.
"""

from __future__ import annotations

import pytest
from copydesk.engine.config import Config
from copydesk.engine.lint import lint_source
from copydesk.model.inputs import build_article_for, format_for
from copydesk.model.plaintext import build_plain_article
from copydesk.pipeline.batch import expand_paths, lint_path
from copydesk.source.text import SourceText

from .conftest import FIXTURES, SHARED, spans

SEED_TEXT = FIXTURES / "articles" / "nasa-japan-seed.txt"

# (rule, line, column, end_line, end_column, excerpt) of each defect in the seed text.
SEED_DEFECTS = [
    ("CD201", 6, 34, 6, 43, "(Credit –"),  # the credit line that breaks off
    ("CD304", 14, 100, 14, 102, "us"),  # "… will enable us to work together …, according to Nelson."
    ("CD101", 22, 45, 22, 56, "Update soon"),
    ("CD502", 22, 56, 22, 58, "…."),
    ("CD401", 26, 1, 26, 16, "Leave a Comment"),  # the comment prompt as the last line
]
ALSO_READ = ("CD401", 24, 1, 24, 10, "Also Read")


def _lint_text(text: str, *select: str, path: str = "story.txt") -> list:
    result = lint_source(SourceText(text, path), Config(select=select or None))
    assert result.error is None, result.error
    return result.findings


def seed_spans() -> list[tuple]:
    result = lint_path(str(SEED_TEXT), Config())
    assert result.error is None, result.error
    return spans(result.findings)


def test_fixture_is_the_shared_seed_byte_for_byte():
    shared = SHARED / "seed-article.txt"
    if not shared.exists():
        pytest.skip("../shared is not beside the repository")
    assert SEED_TEXT.read_bytes() == shared.read_bytes()


def test_seed_defects_at_exact_positions():
    found = seed_spans()
    missing = [defect for defect in SEED_DEFECTS if defect not in found]
    assert not missing, found


def test_seed_also_read_glued_to_its_headline():
    assert ALSO_READ in seed_spans()


def test_seed_has_no_false_alarm_at_warning_or_above():
    result = lint_path(str(SEED_TEXT), Config())
    serious = spans([f for f in result.findings if f.severity in ("error", "warning")])
    assert [s for s in serious if s not in SEED_DEFECTS and s != ALSO_READ] == []


def test_seed_blocks_and_roles():
    article = build_plain_article(SourceText(SEED_TEXT.read_text(encoding="utf-8"), str(SEED_TEXT)))
    roles = [(block.role, block.text[:24]) for block in article.blocks]
    assert roles[0] == ("headline", "NASA strengthens ties wi")
    assert article.headline == "NASA strengthens ties with Japan to work together in space"
    assert article.headline_block is article.blocks[0]
    # The alt line and the cut-off credit line are one block, read with a space, ending in a credit.
    assert article.blocks[2].role == "caption"
    assert article.blocks[2].text == "NASA strengthens ties with Japan NASA strengthens ties with Japan (Credit –"
    assert [block.role for block in article.blocks[3:]] == ["paragraph"] * 10
    assert article.blocks[-1].text == "Leave a Comment"
    assert all(block.boundaries == [] for block in article.blocks)


def test_crlf_and_cr_line_ends_keep_positions():
    text = SEED_TEXT.read_text(encoding="utf-8")
    for newline in ("\r\n", "\r"):
        converted = text.replace("\n", newline)
        found = spans(_lint_text(converted, path="seed.txt"))
        assert [defect for defect in SEED_DEFECTS if defect not in found] == [], (newline, found)


def test_line_breaks_inside_a_paragraph_read_as_spaces():
    text = "Lead line of the story.\n\nThe launch is set for Friday. Update\r\n   soon.\n"
    assert spans(_lint_text(text, "CD101")) == [("CD101", 3, 31, 4, 8, "Update soon")]


def test_headline_needs_a_single_short_line_without_a_period():
    def roles(text: str) -> list[str]:
        return [block.role for block in build_plain_article(SourceText(text)).blocks]

    assert roles("Storm hits coast\n\nThe storm hit the coast.") == ["headline", "paragraph"]
    assert roles("The storm hit the coast.\n\nMore rain came.") == ["paragraph", "paragraph"]
    assert roles("Storm hits\ncoast\n\nThe storm hit.") == ["paragraph", "paragraph"]
    assert roles("Storm hits coast\n\nBy Jane Doe\n\nThe storm hit.") == ["headline", "byline", "paragraph"]


def test_short_block_ending_in_a_credit_is_a_caption():
    def role(text: str) -> str:
        return build_plain_article(SourceText("Intro.\n\n" + text)).blocks[1].role

    assert role("Firefighters at the scene. (Photo: Jane Doe/Reuters)") == "caption"
    assert role("Firefighters at the scene. Credit:") == "caption"
    assert role("Firefighters at the scene, the chief said in a statement on Monday.") == "paragraph"
    assert role("The photo was taken on Monday.") == "paragraph"


def test_broken_credit_in_a_text_caption():
    text = "Storm hits coast\n\nFirefighters at the scene. Photo:\n\nThe storm hit the coast on Monday.\n"
    assert spans(_lint_text(text, "CD201")) == [("CD201", 3, 28, 3, 34, "Photo:")]


def test_blank_lines_with_spaces_separate_blocks():
    article = build_plain_article(SourceText("One.\n   \t\nTwo.\n\n\n\nThree.   \n"))
    assert [block.text for block in article.blocks] == ["One.", "Two.", "Three."]
    assert article.blocks[2].mapped.source_span == (18, 24)


def test_empty_file_has_no_blocks():
    assert build_plain_article(SourceText("")).blocks == []
    assert _lint_text("\n\n  \n") == []


def test_format_by_suffix_and_directory_walk(tmp_path):
    assert format_for("a/story.TXT") == "text"
    assert format_for("story.md") == format_for("story.markdown") == "markdown"
    assert format_for("story.html") == format_for("-") == format_for("story.php") == "html"
    for name in ("a.html", "b.md", "c.txt", "d.markdown", "e.json", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [p for p in expand_paths([str(tmp_path)]) if isinstance(p, str)]
    assert sorted(p.rsplit("/", 1)[-1] for p in found) == ["a.html", "b.md", "c.txt", "d.markdown"]


def test_text_is_not_parsed_as_html():
    article = build_article_for(SourceText("Tags like <b>this</b> &amp; that stay text\n", "note.txt"))
    assert article.blocks[0].text == "Tags like <b>this</b> &amp; that stay text"
    assert article.body is None
