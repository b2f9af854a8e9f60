"""Plain-text input (``.txt``): the seed article as text, blocks, roles and exact positions.

``fixtures/articles/nasa-japan-seed.txt`` is ../shared/seed-article.txt byte
for byte: the text copydesk was born from. Every defect a copy editor sees in
it must be found at its exact characters.
"""

from __future__ import annotations

import os

import pytest
from copydesk.engine.config import Config
from copydesk.engine.lint import lint_source
from copydesk.frontends.cli import inspect_data
from copydesk.model.inputs import build_article_for, format_for
from copydesk.model.plaintext import build_plain_article
from copydesk.model.sitetext import classify_line
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


# --- the story in a scraped page: site text is chrome, and CD401 reports it ---------------------

SCRAPED = FIXTURES / "text" / "scraped-page.txt"
CLEAN = FIXTURES / "text" / "clean-story.txt"
# Lines of the scraped fixture that hold site text, each a shape of its own (see the file).
SCRAPED_SITE_LINES = [1, 3, 5, 6, 10, 14, 16, 18, 20, 23, 27, 29, 31, 33, 37, 39, 41, 43, 45]


def _render(findings) -> str:
    return "".join(
        f"{f.line}:{f.column}-{f.end_line}:{f.end_column} {f.rule} {f.excerpt!r} {f.message}\n" for f in findings
    )


def test_scraped_page_site_text_is_flagged_line_by_line():
    result = lint_path(str(SCRAPED), Config(select=("CD401",)))
    assert result.error is None
    assert sorted({f.line for f in result.findings}) == SCRAPED_SITE_LINES
    expected = SCRAPED.with_suffix(".expected")
    if os.environ.get("COPYDESK_UPDATE_FIXTURES") == "1":
        expected.write_text(_render(result.findings), encoding="utf-8")
    assert _render(result.findings) == expected.read_text(encoding="utf-8")


def test_scraped_page_site_text_is_chrome_and_the_story_is_named():
    article = build_plain_article(SourceText(SCRAPED.read_text(encoding="utf-8"), str(SCRAPED)))
    chrome = {block.text: block.chrome_reason for block in article.blocks if block.chrome}
    assert chrome["Home / World / Europe"] == "breadcrumb"
    assert chrome["Politics"] == "site label above the headline"
    assert chrome["Trending Now"] == "widget heading"
    assert chrome["Source link"] == "source footer"
    assert article.headline == "Harbour authority approves new ferry terminal after two-year review"
    assert article.byline == "By Marta Quintas 0 Comments"  # a byline, with the counter flagged inside it
    assert "the story is lines 12-35" in article.body_reason
    assert "line 20 (widget heading)" in article.body_reason
    # Copy rules skip chrome: no copy block is site text.
    assert all(not block.text.startswith(("Trending", "Related Posts")) for block in article.copy_blocks())


def test_clean_story_has_no_chrome_and_no_site_text():
    article = build_plain_article(SourceText(CLEAN.read_text(encoding="utf-8"), str(CLEAN)))
    assert [block.text for block in article.blocks if block.chrome] == []
    assert article.site_text == []
    assert lint_path(str(CLEAN), Config(select=("CD401",))).findings == []


def test_inspect_says_what_was_taken_as_the_story():
    article = build_plain_article(SourceText(SCRAPED.read_text(encoding="utf-8"), str(SCRAPED)))
    data = inspect_data(article)
    assert data["body"]["reason"].startswith("plain text: the story is lines 12-35")
    rows = {block["line"]: (block["chrome"], block["chrome_reason"]) for block in data["blocks"]}
    assert rows[20] == (True, "widget heading")
    assert rows[12] == (False, "")


def test_one_paragraph_per_line_is_split_into_blocks():
    text = (
        "A boy was killed and 18 others were injured when their van hit a truck, police said on Saturday.\n"
        "The driver of the truck fled the scene and is being sought by the police, an officer said.\n"
        "Most Read\n"
        "Top News\n"
    )
    article = build_plain_article(SourceText(text))
    assert [(block.text[:9], block.chrome) for block in article.blocks] == [
        ("A boy was", False),
        ("The drive", False),
        ("Most Read", True),
        ("Top News", True),
    ]


def test_hard_wrapped_prose_and_a_caption_under_its_alt_line_stay_one_block():
    wrapped = (
        "The council met on Tuesday to discuss the budget for the next year and\n"
        "agreed to raise spending on roads, schools and parks by five per cent.\n"
    )
    assert len(build_plain_article(SourceText("Budget passes\n\n" + wrapped)).blocks) == 2
    caption = "Firefighters at the scene\nFirefighters at the scene (Photo: Jane Doe)\n"
    blocks = build_plain_article(SourceText("Intro to the story, with a sentence.\n\n" + caption)).blocks
    assert [block.role for block in blocks[1:]] == ["caption"]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Advertisement", "ad label"),
        ("- Advertisement -", "ad label"),
        ("Werbung", "ad label"),
        ("Loading...", "button or control text"),
        ("Back to top button", "button or control text"),
        ("shortlink", "button or control text"),
        ("Read M", "button or control text"),
        ("0 comments:", "counter"),
        ("No comments:", "comment form"),
        ("Post Your Comments", "comment form"),
        ("42 views", "counter"),
        ("👁 1.2k", "counter"),
        ("Share this story", "share prompt"),
        ("Copyright © 2019 Example Media. All rights reserved.", "copyright line"),
        ("Source link", "source footer"),
        ("from Example Wire https://example.org/abc", "source footer"),
        ("Home » Sports » Cricket", "breadcrumb"),
        ("| 21.5°C Delhi", "weather widget"),
        ("Tags: budget, council, roads", "tag or category field"),
        ("View this post on Instagram", "embed fallback text"),
        ("Trending stories", "widget heading"),
        ("Most Popular", "widget heading"),
        ("Don't Miss", "widget heading"),
        ("What to read next", "widget heading"),
        ("Auch interessant", "widget heading"),
        ("Les plus lus", "widget heading"),
        ("ज़रूर पढ़ें", "widget heading"),
        ("budget council roads schools parks spending vote", "tag list"),
        ("Gold rate today – Gold price falls – Gold latest news – Gold outlook", "keyword line"),
        ("Follow us on Facebook and Twitter for the latest updates.", "call to action"),
        ("Click here to turn on notifications.", "call to action"),
        ("If you like it, save it!", "call to action"),
        ("See also Harbour approves new ferry terminal", "related-story line"),
        ("Also read: Council backs night buses", "related-story line"),
        ("আরও পড়ুন-বন্দরের নতুন টার্মিনাল অনুমোদিত হল", "related-story line"),
        ("ALSO READ → Council backs night buses", "related-story line"),
        ("Spread the love", "share prompt"),
        ("Comments (3)", "comment form"),
        ("You must be logged in to post a comment.", "comment form"),
        ("We use cookies to improve your experience. By continuing you accept our cookie policy.", "cookie notice"),
        ("5 min read", "counter"),
        ("You are here: Home » News", "breadcrumb"),
        ("HomeNEWSWORLD", "breadcrumb"),
        ("Weiterlesen", "button or control text"),
        ("Privacy Policy", "button or control text"),
    ],
)
def test_site_text_shapes(line, kind):
    found = classify_line(line)
    assert found is not None and found.kind == kind, found


@pytest.mark.parametrize(
    "line",
    [
        "Read more about the study in Nature.",
        "Residents can leave a comment at the town hall on Tuesday.",
        "She also read the letter aloud.",
        "The video drew 2 million views on Monday, the company said.",
        "Advertisement revenue fell 5% in the quarter.",
        "Visit the official website of the council to register.",
        "Follow the steps below to apply for the permit.",
        "What happens next",
        "Meet the new mayor",
        "Key figures",
        "Improves Digestion:",
        "Related work on the quay road will start later, officials said.",
        "Trending topics on the site included the election.",
        "© Jane Doe/Example Agency",
        "$119.00",
        "#661",
        "Recommended daily intake is 2,000 calories.",
        "Also read the fine print before you sign, lawyers say.",
        "Homeowners gather",
        "HomeKit adds new cameras",
        "Contact us if you know more, police said.",
        "Subscribe to the idea that taxes should fall, he said.",
        "The council will register voters on Monday.",
        "Country: Norway",
        "{comments}",
        "Get the phone's new features you use most from the settings menu.",
    ],
)
def test_story_text_is_not_site_text(line):
    assert classify_line(line) is None


def test_counter_inside_a_byline_and_a_prompt_inside_a_paragraph_are_spans():
    byline = classify_line("by Jane Doe 51 views")
    assert byline is not None and not byline.whole and byline.kind == "counter"
    assert "by Jane Doe 51 views"[byline.start : byline.end] == "51 views"
    text = "The case is open. Keep an eye on our website for breaking news alerts. Police are still searching."
    prompt = classify_line(text)
    assert (
        prompt is not None and text[prompt.start : prompt.end] == "Keep an eye on our website for breaking news alerts."
    )


def test_headline_glued_after_a_paragraph_and_a_gallery_promo_between_paragraphs():
    text = (
        "Harbour terminal approved\n\n"
        "The harbour authority approved the new ferry terminal on Thursday after a two-year review. "
        "Work starts in spring. Ferry Fares Rise Again As The Council Backs Its Budget\n\n"
        "PHOTOS: Inside The Old Ferry Terminal Before It Closes\n\n"
        "Residents welcomed the decision but asked the authority to publish the full cost of the project.\n"
    )
    found = spans(_lint_text(text, "CD401"))
    assert found == [
        ("CD401", 3, 115, 3, 169, "Ferry Fares Rise Again As The Council Backs Its Budget"),
        ("CD401", 5, 1, 5, 55, "PHOTOS: Inside The Old Ferry Terminal Before It Closes"),
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "The pact was signed on Friday. It was signed by Prime Minister Fumio Kishida",  # a name, cut short
        "The pact was signed. The Framework Agreement Between the Government of Japan",  # small words in lower case
        "The pact was signed on Friday. Officials said the text would follow next week",
    ],
)
def test_a_cut_sentence_is_not_a_glued_headline(paragraph):
    assert classify_line(paragraph) is None
