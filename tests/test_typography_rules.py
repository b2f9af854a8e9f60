"""CD5xx typography rules: exact spans, fixes, options and the near-misses that matter.

The golden fixtures (fixtures/rules/CD50x.html) cover many cases in bulk; these
tests pin the key ones with exact (line, column, end_line, end_column,
excerpt) tuples and check that every offered fix, applied to the source, gives
the markup an editor would write.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from copydesk.engine.finding import Finding

from .conftest import FIXTURES, lint, spans


def apply_fix(source: str, finding: Finding) -> str:
    assert finding.fix is not None
    return source[: finding.start] + finding.fix + source[finding.end :]


# --- CD501 repeated-word ------------------------------------------------------------------


def test_cd501_span_and_fix():
    source = "<p>Signed at the the agency.</p>"
    (finding,) = lint(source, "CD501")
    assert spans([finding]) == [("CD501", 1, 14, 1, 21, "the the")]
    assert apply_fix(source, finding) == "<p>Signed at the agency.</p>"


def test_cd501_fix_keeps_entities_of_the_first_word():
    source = "<p>NASA&#8217;s NASA&#8217;s partner.</p>"
    (finding,) = lint(source, "CD501")
    assert finding.excerpt == "NASA’s NASA’s"
    assert apply_fix(source, finding) == "<p>NASA&#8217;s partner.</p>"


def test_cd501_across_a_collapsed_line_break_and_a_tag():
    source = "<p>the rocket\n   <b>rocket</b> launched</p>"
    (finding,) = lint(source, "CD501")
    assert spans([finding]) == [("CD501", 1, 8, 2, 13, "rocket rocket")]
    assert finding.fix is None  # a tag inside the span: no safe rewrite


@pytest.mark.parametrize(
    "text",
    [
        "She had had enough.",
        "He said that that was final.",
        "What it is is a framework.",
        "They flew to Bora Bora.",
        "Dann erfüllen Sie sie mit Mut.",
        "It is in the The Standard Book of Spells.",
        "The score was 1 1.",
        "The the-ory of it.",
    ],
)
def test_cd501_near_misses(text: str):
    assert lint(f"<p>{text}</p>", "CD501") == []


def test_cd501_allow_option_replaces_the_list():
    assert lint("<p>She had had enough.</p>", "CD501", options={"CD501": {"allow": []}})
    assert not lint("<p>It was very very hot.</p>", "CD501", options={"CD501": {"allow": ["very"]}})


def test_cd501_skips_reduplicating_languages():
    page = '<html lang="id-ID"><body><p>Biasa biasa saja.</p></body></html>'
    assert lint(page, "CD501") == []
    assert lint(page, "CD501", options={"CD501": {"skip_languages": []}})


def test_cd501_triple_is_one_finding():
    assert spans(lint("<p>go the the the way</p>", "CD501")) == [("CD501", 1, 7, 1, 14, "the the")]


# --- CD502 excess-ellipsis ------------------------------------------------------------------


def test_cd502_seed_ellipsis_entity_plus_period():
    source = "<p>Update soon&#8230;.</p>"
    (finding,) = lint(source, "CD502")
    assert spans([finding]) == [("CD502", 1, 15, 1, 23, "….")]
    assert apply_fix(source, finding) == "<p>Update soon&#8230;</p>"  # the source's own spelling


def test_cd502_four_dots_fix_to_three():
    source = "<p>Update soon....</p>"
    (finding,) = lint(source, "CD502")
    assert spans([finding]) == [("CD502", 1, 15, 1, 19, "....")]
    assert apply_fix(source, finding) == "<p>Update soon...</p>"


def test_cd502_no_fix_when_a_tag_splits_the_run():
    (finding,) = lint("<p>went on...<b>.</b></p>", "CD502")
    assert finding.excerpt == "...."
    assert finding.fix is None


def test_cd502_allow_four_dots():
    options = {"CD502": {"allow_four_dots": True}}
    assert lint("<p>Update soon....</p>", "CD502", options=options) == []
    assert lint("<p>Update soon&#8230;.</p>", "CD502", options=options) == []
    assert spans(lint("<p>Update soon.....</p>", "CD502", options=options)) == [("CD502", 1, 15, 1, 20, ".....")]


@pytest.mark.parametrize(
    "text", ["soon...", "soon&#8230;", "soon. &#8230;", "so . . . .", "他说……我们", "Smith ........ 72", "...."]
)
def test_cd502_near_misses(text: str):
    assert lint(f"<p>{text}</p>", "CD502") == []


# --- CD503 run-together-words -----------------------------------------------------------------


def test_cd503_seed_widget_and_fix_places_space_outside_the_strong():
    source = '<p><strong>Also Read</strong><a href="/b">Butterfly Nebula</a></p>'
    (finding,) = lint(source, "CD503")
    assert spans([finding]) == [("CD503", 1, 17, 1, 52, "ReadButterfly")]
    assert apply_fix(source, finding) == '<p><strong>Also Read</strong> <a href="/b">Butterfly Nebula</a></p>'


def test_cd503_text_into_link_and_punctuation_joins():
    source = "<p>Read it<a href='/x'>Here</a>. It ended.<em>Next</em>, we met. Note:<b>Butterfly</b></p>"
    assert spans(lint(source, "CD503")) == [
        ("CD503", 1, 9, 1, 28, "itHere"),
        ("CD503", 1, 37, 1, 51, "ended.Next"),
        ("CD503", 1, 66, 1, 83, "Note:Butterfly"),
    ]


def test_cd503_fix_after_a_closing_link():
    source = '<p>see <a href="/x">report</a>Officials said</p>'
    (finding,) = lint(source, "CD503")
    assert finding.excerpt == "reportOfficials"
    assert apply_fix(source, finding) == '<p>see <a href="/x">report</a> Officials said</p>'


@pytest.mark.parametrize(
    "markup",
    [
        "<b>Mc</b>Donald’s",
        "<i>i</i>Phone",
        '<span class="a">You</span><span class="b">Tube</span>',
        "Model<sup>TM</sup>",
        "1<sup>st</sup> and 3<b>D</b>",
        '<span class="dropcap">T</span>he deal',
        "McDonald iPhone YouTube DeSantis MacArthur",
        "<span>District</span><span>Cases</span>",
        '<a href="/a">Blue Origin</a><a href="/b">SpaceX</a>',
        "d’<em>Enquête</em>",
        "<i>j</i>,<i>k</i>",
        "in 2022<b>The</b> deal",
    ],
)
def test_cd503_near_misses(markup: str):
    assert lint(f"<p>{markup}</p>", "CD503") == []


def test_cd503_digits_option():
    options = {"CD503": {"digits": True}}
    assert spans(lint("<p>in 2022<b>The</b> deal</p>", "CD503", options=options)) == [("CD503", 1, 7, 1, 17, "2022The")]


def test_cd503_allow_option():
    markup = "<p>play <b>Play</b><i>Station</i> and the new<b>Widget</b></p>"
    assert [f.excerpt for f in lint(markup, "CD503")] == ["newWidget"]
    assert lint(markup, "CD503", options={"CD503": {"allow": ["newWidget"]}}) == []


# --- CD504 double-space ------------------------------------------------------------------------


def test_cd504_nbsp_then_space_and_fix():
    source = "<p>It was signed.&nbsp; More followed.</p>"
    (finding,) = lint(source, "CD504")
    assert spans([finding]) == [("CD504", 1, 18, 1, 25, "\xa0 ")]
    assert finding.severity == "info"
    assert apply_fix(source, finding) == "<p>It was signed. More followed.</p>"


@pytest.mark.parametrize(
    "markup",
    [
        "It was signed.   More.",
        "It was signed.&#32;&#32;More.",
        "&nbsp;&nbsp;Indented.",
        "Trailing.&nbsp;&nbsp;",
        "Line end.&nbsp;<br>Next line.",
        "日本と　アメリカ",
    ],
)
def test_cd504_near_misses(markup: str):
    assert lint(f"<p>{markup}</p>", "CD504") == []


# --- CD505 space-before-punctuation --------------------------------------------------------------


def test_cd505_span_and_fix():
    source = "<p>Signed at NASA , officials said .</p>"
    findings = lint(source, "CD505")
    assert spans(findings) == [("CD505", 1, 14, 1, 20, "NASA ,"), ("CD505", 1, 31, 1, 37, "said .")]
    assert apply_fix(source, findings[1]) == "<p>Signed at NASA , officials said.</p>"


def test_cd505_fix_keeps_the_tags_and_drops_the_line_break():
    source = '<p>Signed by <a href="/n">Bill Nelson</a>\n, the administrator.</p>'
    (finding,) = lint(source, "CD505")
    assert spans([finding]) == [("CD505", 1, 32, 2, 2, "Nelson ,")]
    assert apply_fix(source, finding) == '<p>Signed by <a href="/n">Bill Nelson</a>, the administrator.</p>'


def test_cd505_nbsp_entity_is_removed_by_the_fix():
    source = "<p>Signed in Washington&nbsp;, officials said.</p>"
    (finding,) = lint(source, "CD505")
    assert finding.excerpt == "Washington\xa0,"
    assert apply_fix(source, finding) == "<p>Signed in Washington, officials said.</p>"


def test_cd505_french_page_allows_space_before_high_punctuation_only():
    page = '<html lang="fr-FR"><body><p>Un accord : oui ! Vraiment ? Signé , dit-il .</p></body></html>'
    assert [f.excerpt for f in lint(page, "CD505")] == ["Signé ,", "il ."]


@pytest.mark.parametrize(
    "markup",
    [
        "And so on ... the end.",
        "... and then.",
        "It ended . . . and began.",
        "A .45 caliber pistol.",
        "Visit example . com today.",
        "The ratio was 3 :1.",
        "Good news :) and :P and ;)",
        "He said “Oui&nbsp;!” then left.",
        "주소 : 서울 and 関連文書 : CVE",
    ],
)
def test_cd505_near_misses(markup: str):
    assert lint(f"<p>{markup}</p>", "CD505") == []


# --- CD506 unbalanced-brackets -----------------------------------------------------------------------


def test_cd506_unclosed_and_stray():
    source = "<p>The deal (signed at NASA builds on work] of decades.</p>"
    assert spans(lint(source, "CD506")) == [
        ("CD506", 1, 13, 1, 14, "("),
        ("CD506", 1, 43, 1, 44, "]"),
    ]


def test_cd506_mismatched_nesting_reports_the_inner_opener():
    findings = lint("<p>The deal (and its annex [signed later) was praised.</p>", "CD506")
    assert [(f.column, f.excerpt) for f in findings] == [(28, "[")]
    assert "never closed" in findings[0].message


def test_cd506_entity_bracket_position():
    (finding,) = lint("<p>The text &#40;full was published.</p>", "CD506")
    assert spans([finding]) == [("CD506", 1, 13, 1, 18, "(")]


def test_cd506_leaves_credits_to_the_credit_family():
    caption = '<figure><img src="a.jpg" alt=""><figcaption>Ties with Japan (Credit &#8211;</figcaption></figure>'
    assert lint(caption, "CD506") == []
    assert lint('<p><span class="credit">(Photo: NASA</span></p>', "CD506") == []


@pytest.mark.parametrize(
    "markup",
    [
        "It covers: 1) science, 2) operations.",
        "a) space; b) Earth; iv) exploration.",
        "Great :) and sad :( and wink ;-)",
        "Gateway_(spacecraft) and [sic] and (nested [ok]).",
        "发言人(Stephanie Schierholz）表示",
    ],
)
def test_cd506_near_misses(markup: str):
    assert lint(f"<p>{markup}</p>", "CD506") == []


# --- the seed article and linear time ------------------------------------------------------------


def test_seed_article_typography_findings():
    source = (FIXTURES / "articles" / "nasa-japan-seed.html").read_text(encoding="utf-8")
    findings = lint(source, "CD5")
    assert spans(findings) == [
        ("CD502", 42, 59, 42, 67, "…."),
        ("CD503", 43, 17, 43, 82, "ReadButterfly"),
    ]


ADVERSARIAL = [
    "a" * 100_000,
    "the " * 25_000,
    "." * 100_000,
    "(" * 50_000 + "]" * 50_000,
    "word ," * 16_000,
    "\xa0 " * 50_000,
    "x …" * 33_000,
    "A<b>a</b>" * 10_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: repr(t[:12]))
def test_rules_run_in_linear_time_on_adversarial_text(text: str):
    started = time.perf_counter()
    lint(f"<p>{text}</p>", "CD5")
    assert time.perf_counter() - started < 10  # quadratic behaviour would take minutes


def test_fixture_files_exist_for_every_cd5_rule():
    names = {Path(p).stem.split("-")[0] for p in (FIXTURES / "rules").glob("CD5*.html")}
    assert {"CD501", "CD502", "CD503", "CD504", "CD505", "CD506"} <= names


def test_glued_labels_in_the_site_text_of_a_scraped_text_file():
    """Site text around a scraped story is chrome, but its labels run together are the scrape's damage."""
    from copydesk.engine.config import Config
    from copydesk.engine.lint import lint_source
    from copydesk.source.text import SourceText

    text = (
        "Latest NewsSports\n\nHarbour reopens after the storm\n\n"
        "The harbour reopened on Monday after four months of repairs to the sea wall, the port said.\n\n"
        "Fishing boats returned first, followed by the ferry to the islands at noon on Tuesday.\n"
    )
    found = lint_source(SourceText(text, "story.txt"), Config(select=("CD507",))).findings
    assert [(f.line, f.excerpt) for f in found] == [(1, "NewsSports")]
    page = "<html><body><nav>Latest NewsSports</nav><article><h1>Harbour reopens</h1><p>The port said.</p></article>"
    assert not lint(page, "CD507")


def test_cd505_a_space_the_template_puts_before_punctuation_again_and_again_is_told_once():
    def references(count: int) -> str:
        items = "".join(
            f"<li><span>Halloran M{letter} </span>, et al. Vaccines. Science. 2009.</li>\n"
            for letter in "ABCDEFGH"[:count]
        )
        return f"<article><p>The study, Ali said , was small.</p><ol>\n{items}</ol></article>"

    many = lint(references(6), "CD505")
    assert [(f.line, f.excerpt) for f in many] == [(1, "said ,"), (2, "MA ,")]
    assert "does this 6 times (a space, then </span>)" in many[1].message
    few = lint(references(4), "CD505")  # under five: each is reported, as a typed slip would be
    assert [f.excerpt for f in few] == ["said ,", "MA ,", "MB ,", "MC ,", "MD ,"]
