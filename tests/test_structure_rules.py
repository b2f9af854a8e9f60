"""Structure rules (CD601–CD606): exact positions of key cases and their near-misses."""

from __future__ import annotations

import pytest
from copydesk.engine.config import Config
from copydesk.engine.lint import lint_source
from copydesk.model.html import build_article
from copydesk.source.text import SourceText

from .conftest import lint, spans
from .text_fixtures import check_text_fixture, text_fixtures

HEAD = "<html><head><title>Budget passes</title></head>"
TEXT = "<p>The council approved the budget on Tuesday after a long debate about schools and roads.</p>"


def test_missing_headline_is_reported_at_the_body():
    html = HEAD + "<body><article>\n" + TEXT * 2 + "</article></body></html>"
    assert [(f.rule, f.line, f.column, f.excerpt) for f in lint(html, "CD601")] == [("CD601", 1, 54, "")]


def test_headline_in_the_header_above_the_body_counts_and_fragments_are_not_judged():
    html = (
        HEAD
        + "<body><header><h1>Budget passes</h1></header><div class='entry-content'>"
        + TEXT
        + "</div></body></html>"
    )
    assert not lint(html, "CD601")
    assert not lint(TEXT, "CD601", "CD606")


def test_second_h1_in_the_article_but_not_a_logo_outside_it():
    html = HEAD + "<body><header><h1>The Ledger</h1></header><article><h1>Budget passes</h1>" + TEXT * 2
    html += "<h1>Next</h1></article></body></html>"
    assert [(f.rule, f.excerpt) for f in lint(html, "CD602")] == [("CD602", "Next")]


def test_repeated_paragraph_flags_the_second_copy():
    findings = lint("<article><h1>B</h1>\n" + TEXT + "\n" + TEXT + "</article>", "CD603")
    assert [(f.line, f.column) for f in findings] == [(3, 4)]


def test_empty_paragraphs_and_the_model_field():
    html = (
        "<article><h1>B</h1>"
        + TEXT
        + "\n<p></p>\n<p>&nbsp;</p>\n<p><br></p>\n<p><img src='a.jpg' alt='x'></p></article>"
    )
    # <p></p> collapses to nothing; &nbsp; and <br> draw a blank line.
    assert spans(lint(html, "CD604")) == [
        ("CD604", 3, 1, 3, 1, ""),
        ("CD604", 4, 1, 4, 1, ""),
    ]
    article = build_article(SourceText(html))
    assert len(article.empty_paragraphs) == 2


def test_heading_levels_are_on_blocks_and_skips_flagged():
    html = "<h1>B</h1><h2>Vote</h2>" + TEXT + "<h4>Who</h4><h2>Next</h2><h3>Mayor</h3>"
    assert [f.excerpt for f in lint(html, "CD605")] == ["Who"]
    article = build_article(SourceText(html))
    assert [b.level for b in article.blocks if b.level] == [1, 2, 4, 2, 3]


def test_short_body_option():
    html = HEAD + "<body><article><h1>Budget passes</h1>" + TEXT + "</article></body></html>"
    assert [f.rule for f in lint(html, "CD606")] == ["CD606"]
    assert not lint(html, "CD606", options={"CD606": {"min_words": 10}})


def test_a_line_twice_in_plain_text_captions_included():
    """Plain text has lost the figures: a caption three times in a row is a line repeated."""
    from copydesk.engine.config import Config
    from copydesk.engine.lint import lint_source

    text = (
        "Harbour reopens after the storm\n\nHarbour reopens after the storm\n\n"
        "The harbour reopened on Monday after four months of repairs.\n\n"
        "Fishing boats return to the quay\n\nFishing boats return to the quay\n\nFishing boats return to the quay\n\n"
        "The ferry left at noon, and the harbour master waved it off from the pier.\n"
    )
    result = lint_source(SourceText(text, "story.txt"), Config(select=("CD603",)))
    assert [(f.line, f.message.split(":")[0]) for f in result.findings] == [
        (3, "the line just before is the same"),
        (9, "the line just before is the same"),
        (11, "the line just before is the same"),
    ]


def test_far_repeats_count_in_plain_text_and_on_pages_only_on_request():
    """A paragraph pasted again further down (or with a label glued to it) is a scraper's slip in
    text; on a page, second layouts and gallery blurbs repeat text by design."""
    from copydesk.engine.config import Config
    from copydesk.engine.lint import lint_source

    repeat = (
        "Divers will inspect the sea wall again in spring, before the ferries return, "
        "the port authority said on Monday."
    )
    text = (
        f"Port to inspect the sea wall\n\n{repeat}\n\nThe county will pay for the work, the council said.\n\n"
        f"Updated 12 May: {repeat}\n\nThe ferry keeps to its timetable through the summer season.\n"
    )
    found = lint_source(SourceText(text, "story.txt"), Config(select=("CD603",))).findings
    assert [(f.line, f.message) for f in found] == [(7, "paragraph repeats an earlier one (line 3) word for word")]
    page = (
        f"<article><h1>Port to inspect the sea wall</h1><p>{repeat}</p><p>The county will pay.</p>"
        f"<div class='gallery'><p>{repeat}</p></div></article>"
    )
    assert not lint(page, "CD603")
    assert len(lint(page, "CD603", options={"CD603": {"far_repeats_html": True}})) == 1


def test_a_paragraph_cut_mid_sentence_in_plain_text_but_not_the_file_cut():
    """A feed excerpt keeps the feed's cut; a stored copy cut at a size limit (no line end) is not judged."""
    from copydesk.engine.config import Config
    from copydesk.engine.lint import lint_source

    body = (
        "Stars remember Bryant at the Grammys\n\n"
        "The stars arrived in black on Sunday, and many wore purple and gold for the Lakers.\n\n"
        "It was a somber red carpet on Sunday night. There were\n\n"
        "The show began at eight, and the host opened with a tribute to Bryant.\n\n"
    )
    found = lint_source(SourceText(body, "story.txt"), Config(select=("CD608",))).findings
    assert [(f.line, f.excerpt) for f in found] == [(5, "were")]
    cut = "Stars remember Bryant\n\nThe show began at eight, and the host opened with a tribute to the"
    assert not lint_source(SourceText(cut, "story.txt"), Config(select=("CD608",))).findings


# --- plain text: repeated and cut lines, and lists the model reads from their markers (CD603, CD609-CD611) ---


@pytest.mark.parametrize("path", text_fixtures("CD6"), ids=lambda p: p.stem)
def test_plain_text_fixture(path):
    check_text_fixture(path)


def test_plain_text_list_markers_are_read_with_where_they_stood():
    from copydesk.model.plaintext import build_plain_article

    text = (
        "How to cook rice\n\nRinse the rice well before you cook it, the chef said.\n\n"
        "1.Rinse the rice.\n\n2. Boil the water.\n\nb. Stir once\n\n-\nOats\n- Salt\n\n"
        "Season to taste, then serve. -\nPepper, if you like\n\n3.5 million people eat rice daily.\n"
    )
    article = build_plain_article(SourceText(text, "rice.txt"))
    markers = [
        (block.text, (m.kind, m.text, m.value, m.detached) if (m := block.list_marker) else None)
        for block in article.blocks
    ]
    assert markers == [
        ("How to cook rice", None),
        ("Rinse the rice well before you cook it, the chef said.", None),
        ("1.Rinse the rice.", ("number", "1.", 1, "")),
        ("2. Boil the water.", ("number", "2.", 2, "")),
        ("b. Stir once", ("letter", "b.", 2, "")),
        ("- Oats", ("bullet", "-", 0, "line")),
        ("- Salt", ("bullet", "-", 0, "")),
        ("Season to taste, then serve.", None),
        ("- Pepper, if you like", ("bullet", "-", 0, "glued")),
        ("3.5 million people eat rice daily.", None),
    ]


def test_numbered_list_damage_in_plain_text_at_exact_positions():
    text = "Steps\n\nCook it well, the chef said.\n\n1. Rinse.\n\n2. Boil.\n\n3. Stir.\n\n3. Serve hot.\n"
    found = lint_source(SourceText(text, "steps.txt"), Config(select=("CD609",))).findings
    assert [(f.line, f.column, f.end_column, f.excerpt) for f in found] == [(11, 1, 3, "3.")]


def test_what_is_no_list_marker():
    from copydesk.model.plaintext import list_marker

    def read(text: str) -> tuple[str, int] | None:
        marker = list_marker(text, text)
        return (marker.text, marker.value) if marker else None

    assert read("9. 3-D body scanners") == ("9.", 9)  # after a space, an item may open with a digit
    assert read("*4) Die digitale Selbstbestimmung fördern *") == ("*4)", 4)  # emphasis around the number
    assert read("3. November 2021") is None  # a date
    assert read("15. März: Die Wahl") is None
    assert read("3.5 million people") is None  # a decimal
    assert read("2020. A year to forget") is None  # a year
    assert read("3.") is None  # a bare number: no item
    assert read("-30-") is None  # an end mark
