"""Markdown input: CommonMark blocks, figures, links, and exact positions through markup.

``fixtures/markdown/story.md`` packs the seed's defects into Markdown: front
matter, emphasis, a link with a title, entities, escapes, an image with its
caption, a blockquote, a scraped widget in a list, a code block that is not
copy, and a suppression comment.
"""

from __future__ import annotations

import pytest
from copydesk.engine.config import Config
from copydesk.engine.lint import lint_source
from copydesk.model.inputs import build_article_for
from copydesk.model.markdown import _Aligner, _OffsetMap, build_markdown_article
from copydesk.source.text import SourceText
from copydesk.source.textmap import TextBuilder

from .conftest import FIXTURES, spans

STORY = FIXTURES / "markdown" / "story.md"
STORY_FINDINGS = [
    ("CD101", 8, 94, 9, 5, "Update soon"),  # across a soft line break
    ("CD502", 9, 5, 9, 9, "...."),
    ("CD201", 12, 26, 12, 35, "(Credit –"),  # in the emphasised caption under the image
    ("CD401", 16, 5, 16, 14, "Also Read"),  # **Also Read**[Butterfly…](…): glued at a markup boundary
    ("CD503", 16, 10, 16, 26, "ReadButterfly"),
    ("CD401", 25, 1, 25, 16, "Leave a Comment"),
]


def _lint(text: str, *select: str, path: str = "story.md") -> list:
    result = lint_source(SourceText(text, path), Config(select=select or None))
    assert result.error is None, result.error
    return spans(result.findings)


def _article(text: str):
    return build_markdown_article(SourceText(text, "story.md"))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_story_findings_at_exact_positions(newline):
    text = STORY.read_text(encoding="utf-8").replace("\n", newline)
    assert _lint(text) == STORY_FINDINGS


def test_story_model():
    article = build_article_for(SourceText(STORY.read_text(encoding="utf-8"), str(STORY)))
    assert article.title == "Launch day"  # from the front matter, which is not copy
    assert article.headline == "NASA strengthens ties with Japan"
    assert article.byline == "By Jane Doe"
    assert [(block.role, block.level) for block in article.blocks] == [
        ("headline", 1),
        ("byline", 0),
        ("paragraph", 0),
        ("caption", 0),
        ("blockquote", 0),
        ("list-item", 0),
        ("paragraph", 0),  # "Update soon, says `code Update soon` here." (the code is a code span)
        ("paragraph", 0),
    ]
    paragraph = article.blocks[2]
    assert paragraph.text == "The agency said the new pact is a “first” *step*. Update soon...."
    assert [(link.href, link.text) for link in article.links] == [
        ("https://nasa.gov", "new pact"),
        ("https://x", "Butterfly Nebula now has wings"),
    ]
    # Inline code stays in the text, as <code> does in HTML, marked as a code span.
    assert article.blocks[6].text == "Update soon, says code Update soon here."
    assert [(span.kind, article.blocks[6].text[span.start : span.end]) for span in article.blocks[6].spans] == [
        ("code", "code Update soon")
    ]
    # *agency* is emphasis, HTML's <em>; the escaped \*step\* is text, no emphasis.
    assert [(span.kind, paragraph.text[span.start : span.end]) for span in paragraph.spans] == [
        ("italic", "agency"),
        ("link", "new pact"),
    ]
    (figure,) = article.figures
    assert (figure.src, figure.alt.text) == ("sign.jpg", "Signing ceremony")
    assert figure.caption is article.blocks[3]
    start, end = article.tag_span(figure.image)
    assert article.source.text[start:end] == '![Signing ceremony](sign.jpg "The signing")'
    (quote,) = article.blockquotes
    assert quote.blocks == [article.blocks[4]]
    assert [comment.text for comment in article.comments] == [" copydesk: disable-next CD101 "]


def test_entities_and_escapes_map_to_their_source():
    assert _lint("# Launch\n\nFish &amp; chips. Update soon.\n", "CD101") == [("CD101", 3, 19, 3, 30, "Update soon")]
    # The finding covers the escapes: its excerpt is what a reader sees.
    assert _lint("Quote: \\[INSERT QUOTE\\] here.\n", "CD103") == [("CD103", 1, 8, 1, 24, "[INSERT QUOTE]")]
    article = _article("A &ldquo;quote&rdquo; and \\*stars\\*.\n")
    assert article.blocks[0].text == "A “quote” and *stars*."
    mapped = article.blocks[0].mapped
    assert mapped.to_source(2, 3) == (2, 9)  # “ is &ldquo;
    assert mapped.to_source(14, 15) == (26, 28)  # * is \*


def test_emphasis_and_links_keep_positions():
    assert _lint("The *launch* was **TK** minutes late.\n", "CD102") == [("CD102", 1, 20, 1, 22, "TK")]
    assert _lint("See [the the report](http://x).\n", "CD501") == [("CD501", 1, 6, 1, 13, "the the")]
    assert _lint("1. First item Update soon\n2. Second\n", "CD101") == [("CD101", 1, 15, 1, 26, "Update soon")]


def test_a_quote_inside_a_destination_is_not_a_title():
    """``(sign.jp' "The signing")``: the apostrophe belongs to the destination (a title opens only after
    white space), so the text after the image is found where it is. Found by a long hypothesis run."""
    text = '![Signing](sign.jp\' "The signing")\n*Officials sign the pact (Credit –*\n'
    assert _lint(text, "CD201") == [("CD201", 2, 26, 2, 35, "(Credit –")]
    assert _lint('![Signing](sign.jp\' "The signing")\n*Officials sign the pact (', "CD506") == [
        ("CD506", 2, 26, 2, 27, "(")
    ]


def test_text_the_aligner_cannot_place_stays_inside_the_file():
    """Inline text that cannot be found back in the source maps as one unit over the rest of its
    region; at the very end of the file that is an empty span there, never one past the end."""
    norm = "*d ("
    builder = TextBuilder()
    cursor = _Aligner(norm, _OffsetMap(norm)).text(builder, "zz", len(norm), len(norm))
    assert cursor == len(norm)
    assert builder.build().to_source(0, 2) == (len(norm), len(norm))


def test_code_is_not_copy():
    text = "Intro.\n\n```\nUpdate soon\n```\n\n    Update soon\n\nRun `Update soon` now.\n"
    assert _lint(text, "CD101") == []


def test_headings_lists_and_quotes():
    article = _article("# One\n\n## Two\n\n# Three\n\n- a\n- b\n\n> q\n>\n> — Jane Doe\n")
    assert [(b.role, b.level, b.text) for b in article.blocks] == [
        ("headline", 1, "One"),
        ("subheading", 2, "Two"),
        ("subheading", 1, "Three"),  # only the first h1 is the headline
        ("list-item", 0, "a"),
        ("list-item", 0, "b"),
        ("blockquote", 0, "q"),
        ("blockquote", 0, "— Jane Doe"),
    ]
    assert len(article.blockquotes) == 1 and len(article.blockquotes[0].blocks) == 2


def test_emphasis_paragraph_after_an_image_is_its_caption():
    article = _article("![Dam](dam.jpg)\n\n*The dam at dawn. Photo:*\n\nThe dam opened.\n")
    (figure,) = article.figures
    assert figure.caption is article.blocks[0] and article.blocks[0].role == "caption"
    assert _lint("![Dam](dam.jpg)\n\n*The dam at dawn. Photo:*\n\nThe dam opened.\n", "CD201") == [
        ("CD201", 3, 19, 3, 25, "Photo:")
    ]


def test_image_alt_text_is_judged_as_in_html():
    """A Markdown image's ``![alt]`` is its alt text: a file name is flagged at the alt's exact
    characters, as ``<img alt="IMG_2041.jpg">`` is; a description passes."""
    page = "# Flood\n\nThe river rose overnight.\n\n![IMG_2041.jpg](/uploads/IMG_2041.jpg)\n"
    assert _lint(page, "CD7") == [("CD702", 5, 3, 5, 15, "IMG_2041.jpg")]
    assert _lint(page.replace("\n", "\r\n"), "CD7") == [("CD702", 5, 3, 5, 15, "IMG_2041.jpg")]
    described = "# Flood\n\nThe river rose overnight.\n\n![Water covers the town square](/uploads/IMG_2041.jpg)\n"
    assert _lint(described, "CD7") == []
    empty = "# Flood\n\nThe river rose overnight.\n\n![](/uploads/divider.png)\n"  # alt="": decorative
    assert _lint(empty, "CD7") == []


def test_image_alt_inside_a_paragraph_keeps_its_position():
    page = "Before ![Photo](/u/a.jpg) after, and ![A dam at dusk](/u/b.jpg).\n"
    assert _lint(page, "CD702") == [("CD702", 1, 10, 1, 15, "Photo")]
    (first, second) = _article(page).figures
    assert (first.alt.text, second.alt.text) == ("Photo", "A dam at dusk")
    assert first.image.name == "img" and first.image.get("src") == "/u/a.jpg"


# Inline code is not copy (issue #22 item 3) ---------------------------------


def test_inline_code_raises_no_typography_alarm():
    text = "Use `copydesk check`, then `copydesk rules`.\n\nRun `a  (b ...` and `the the` here.\n"
    assert _lint(text, "CD5") == []


def test_prose_around_inline_code_is_still_judged():
    text = "Use `copydesk check` , then stop .\n\nThe the `x` (see below.\n"
    assert _lint(text, "CD5") == [
        ("CD505", 1, 19, 1, 23, "k ,"),  # the space after the code is the prose's slip
        ("CD505", 1, 29, 1, 35, "stop ."),
        ("CD501", 3, 1, 3, 8, "The the"),
        ("CD506", 3, 13, 3, 14, "("),
    ]


def test_html_code_is_skipped_alike():
    page = "<p>Use <code>copydesk check</code>, then <code>a  (b ...</code> now.</p>\n<p>Use <code>x</code> , then.</p>"
    assert _lint(page, "CD5", path="page.html") == [("CD505", 2, 14, 2, 24, "x ,")]


def test_markdown_inline_spans_match_html_kinds():
    (block,) = _article("A *Tritrichomonas muris* [link](https://x) and `a\nb` code.\n").blocks
    assert block.text == "A Tritrichomonas muris link and a b code."
    assert [(span.kind, block.text[span.start : span.end]) for span in block.spans] == [
        ("italic", "Tritrichomonas muris"),
        ("link", "link"),
        ("code", "a b"),  # a code span over a line break: one unit over its source
    ]
    start, end = block.mapped.to_source(block.spans[2].start, block.spans[2].end)
    assert (start, end) == (48, 51)


def test_grammar_filters_read_markdown_spans():
    """Italic and code words are not judged as misspellings in Markdown, as in HTML; plain ones are."""
    assert _lint("She sent *recieved* letters and ran `seperate` on Monday.\n", "CD801") == []
    assert [(code, line, column) for code, line, column, *_ in _lint("She recieved the letter.\n", "CD801")] == [
        ("CD801", 1, 5)
    ]


def test_placeholders_inside_code_are_documentation_not_marks():
    """Keeping inline code in the text must not make `TK` in a code span a forgotten mark (CD1xx)."""
    text = "Write `TK` or `lorem ipsum` to mark a gap.\n\nThe mayor said TK and lorem ipsum.\n"
    assert [(code, line, column) for code, line, column, *_ in _lint(text, "CD1")] == [
        ("CD102", 3, 16),
        ("CD101", 3, 23),
    ]
