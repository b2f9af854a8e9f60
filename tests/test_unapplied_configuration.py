"""CD607: a suppression that names no rule, or a body selector that matches nothing, is a finding, not silence.

Issue #22 items 6 and 10: ``<!-- copydesk: disable CD999 -->`` used to make
its whole file an error (no findings at all), and ``--body-selector div.nope``
fell back to detection without a word.
"""

from __future__ import annotations

import json

from click.testing import CliRunner
from copydesk.engine.config import Config
from copydesk.engine.lint import lint_source, lint_text
from copydesk.frontends.cli import main
from copydesk.source.text import SourceText

PAGE = (
    "<html><head><title>Budget</title></head><body>\n"
    '<div class="story"><p>The council approved the budget on Tuesday.</p></div>\n'
    "</body></html>"
)


def found(html: str, *codes: str, body_selector: str | None = None) -> list[tuple[str, int, int, str]]:
    config = Config(select=codes or ("CD607",), body_selector=body_selector)
    return [(f.rule, f.line, f.column, f.excerpt) for f in lint_text(html, config)]


def test_a_malformed_comment_is_a_finding_on_it_and_the_rest_is_linted():
    html = "<p>Update soon.</p>\n  <!-- copydesk: disable CD999 -->\n<p>Update soon.</p>"
    result = lint_source(SourceText(html, "story.html"), Config(select=("CD101", "CD607")))
    assert result.error is None
    assert [(f.rule, f.line, f.column, f.end_line, f.end_column) for f in result.findings] == [
        ("CD101", 1, 4, 1, 15),
        ("CD607", 2, 3, 2, 35),
        ("CD101", 3, 4, 3, 15),  # the bad directive silences nothing
    ]
    assert "no rule code matches 'CD999'" in result.findings[1].message


def test_the_good_parts_of_a_file_with_a_bad_directive_still_apply():
    html = (
        "<!-- copydesk: disable CD101 -->\n<p>Update soon.</p>\n"
        "<!-- copydesk: enable nosuchrule -->\n<p>Update soon.</p>"
    )
    assert found(html, "CD101", "CD607") == [("CD607", 3, 1, "<!-- copydesk: enable nosuchrule -->")]


def test_well_formed_directives_and_plain_comments_are_not_flagged():
    html = (
        "<!-- copydesk: disable placeholder -->\n<!-- copydesk: disable-next all -->\n"
        '<!-- copydesk: enable CD1 -->\n<!-- editor: disable this later -->\n<div data-copydesk-ignore="CD101">'
        "<p>Update soon.</p></div>"
    )
    assert found(html) == []


def test_a_bad_ignore_attribute_is_flagged_at_its_element():
    html = '<p>Fine.</p>\n<div data-copydesk-ignore="CD1O1"><p>Update soon.</p></div>'
    assert found(html, "CD101", "CD607") == [
        ("CD607", 2, 1, '<div data-copydesk-ignore="CD1O1">'),
        ("CD101", 2, 38, "Update soon"),
    ]


def test_a_body_selector_that_matches_nothing_is_flagged_at_the_detected_body():
    assert found(PAGE, body_selector="div.nope") == [("CD607", 1, 41, "")]
    message = lint_text(PAGE, Config(select=("CD607",), body_selector="div.nope"))[0].message
    assert (
        message
        == "the body selector 'div.nope' matches nothing on this page; the body was detected instead: html > body"
    )


def test_a_body_selector_that_matches_is_not_flagged():
    assert found(PAGE, body_selector="div.story") == []
    assert found(PAGE) == []  # no selector, nothing to report


def test_markdown_takes_no_selector_and_is_not_flagged(tmp_path):
    story = tmp_path / "story.md"
    story.write_text("# Budget\n\nThe council approved the budget on Tuesday.\n", encoding="utf-8")
    result = lint_source(SourceText(story.read_text(), str(story)), Config(select=("CD607",), body_selector="x"))
    assert result.error is None and result.findings == []


def test_inspect_says_the_selector_matched_nothing_and_what_was_used(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    text = CliRunner().invoke(main, ["inspect", "--body-selector", "div.nope", str(page)])
    assert text.exit_code == 0
    assert (
        "body selector 'div.nope' matched nothing on this page; detected instead:\nbody: html > body\n" in text.stdout
    )
    assert "chosen because: the configured selector 'div.nope' matches nothing; detected instead: " in text.stdout
    data = json.loads(
        CliRunner().invoke(main, ["inspect", "--format", "json", "--body-selector", "div.nope", str(page)]).stdout
    )
    assert data["body"]["selector"] == "html > body" and data["body"]["selector_missed"] == "div.nope"
    matched = json.loads(
        CliRunner().invoke(main, ["inspect", "--format", "json", "--body-selector", "div.story", str(page)]).stdout
    )
    assert (
        matched["body"]["selector_missed"] is None
        and "matched nothing"
        not in CliRunner().invoke(main, ["inspect", "--body-selector", "div.story", str(page)]).stdout
    )
