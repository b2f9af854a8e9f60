"""Boilerplate rule CD401 (scraped-widget): labels in the body, never site chrome."""

from __future__ import annotations

import time

import pytest

from .conftest import FIXTURES, lint, spans
from .text_fixtures import check_text_fixture, text_fixtures


def test_seed_also_read_is_flagged_on_the_label_characters():
    html = (FIXTURES / "articles" / "nasa-japan-seed.html").read_text(encoding="utf-8")
    assert spans(lint(html, "CD401")) == [("CD401", 43, 12, 43, 21, "Also Read")]


def test_seed_chrome_widgets_are_not_flagged():
    """The seed has "Related Posts" in the nav, "Leave a Comment" in the comment form, "Share this:" in the footer."""
    html = (FIXTURES / "articles" / "nasa-japan-seed.html").read_text(encoding="utf-8")
    assert [f.excerpt for f in lint(html, "CD4")] == ["Also Read"]


def test_widgets_outside_the_article_body_are_site_chrome():
    body = "<p>" + "The council approved the budget on Tuesday after a long debate. " * 6 + "</p>"
    html = (
        "<html><body>"
        "<header><nav><ul><li><a href='/r'>Related Posts</a></li><li>Trending now</li></ul></nav></header>"
        f"<main><article><h1>Budget passes</h1>{body}<p>The mayor welcomed the vote.</p></article>"
        "<div id='comments' class='comments-area'><h3>Leave a Reply</h3>"
        "<form><p>Leave a Comment</p></form></div></main>"
        "<aside class='widget-area'><h2>You may also like</h2><p>Recommended</p><p>ADVERTISEMENT</p></aside>"
        "<footer><p>Share this:</p><p>Subscribe to our newsletter</p><p>Follow us on Google News</p></footer>"
        "</body></html>"
    )
    assert lint(html, "CD401") == []


def test_same_widgets_inside_the_body_are_flagged_with_label_spans():
    html = (
        "<p>READ MORE: <a href='https://other.example/a'>Council approves budget</a></p>\n"
        "<p>The council met.<b>Also Read</b></p>\n"
        "<p><span>ADVERTISEMENT</span>The council met on Monday.</p>\n"
        "<p>Story continues below advertisement</p>"
    )
    assert spans(lint(html, "CD401")) == [
        ("CD401", 1, 4, 1, 14, "READ MORE:"),
        ("CD401", 2, 23, 2, 32, "Also Read"),
        ("CD401", 3, 10, 3, 23, "ADVERTISEMENT"),
        ("CD401", 4, 4, 4, 39, "Story continues below advertisement"),
    ]


@pytest.mark.parametrize(
    "html",
    [
        "<p>Read more about the study in Nature.</p>",
        "<p>Residents can leave a comment at the town hall.</p>",
        "<p>She also read the letter aloud.</p>",
        "<p>Users flagged related posts on the forum.</p>",
        "<p>He also reads poetry.</p>",
        "<p>Advertisement revenue fell 5% in the quarter.</p>",
        "<p>“Share this with everyone,” the mayor urged.</p>",
        "<h1>Read More Books This Summer, Librarians Say</h1>",
    ],
)
def test_prose_is_not_a_widget(html):
    assert lint(html, "CD401") == []


def test_allow_story_promos_option_keeps_house_promos_but_not_scraping_glue():
    html = (
        "<p>Related: <a href='https://other.example/a'>City budget passes</a></p>\n"
        "<p><strong>Also Read</strong><a href='/b'>Butterfly Nebula now has wings</a></p>\n"
        "<p>Share this article</p>"
    )
    options = {"CD401": {"allow_story_promos": True}}
    assert spans(lint(html, "CD401", options=options)) == [
        ("CD401", 2, 12, 2, 21, "Also Read"),
        ("CD401", 3, 4, 3, 22, "Share this article"),
    ]
    assert len(lint(html, "CD401")) == 3


def test_widget_severity_is_warning():
    assert {f.severity for f in lint("<p>Leave a Comment</p>", "CD401")} == {"warning"}


@pytest.mark.parametrize("attack", ["Also " * 20_000, "Read more: " * 9_000, "A" * 100_000, ":" * 100_000])
def test_linear_time_on_adversarial_input(attack):
    started = time.perf_counter()
    lint(f"<p>{attack}</p>", "CD401")
    assert time.perf_counter() - started < 10.0  # generous for a loaded machine; backtracking would take minutes


# --- an HTML page's own furniture and link lists are not scraped text (issue #20) ------------------

_STORY = "<p>" + "The council approved the budget on Tuesday after a long debate about roads and schools. " * 2 + "</p>"


def _page(body: str, canonical: str = "https://news.example.com/story") -> str:
    return (
        f"<html><head><link rel='canonical' href='{canonical}'><title>Budget</title></head>"
        f"<body><article><h1>Budget passes</h1>\n{body}\n</article></body></html>"
    )


def test_ad_slot_label_in_its_own_element_is_furniture_but_a_label_paragraph_in_the_story_is_not():
    furniture = _page(f"{_STORY}\n<div class='ad-slot' id='top-slug'><p>Advertisement</p></div>\n{_STORY}")
    assert lint(furniture, "CD401") == []
    pasted = _page(f"{_STORY}\n<p>Advertisement</p>\n{_STORY}")
    assert [f.excerpt for f in lint(pasted, "CD401")] == ["Advertisement"]


def test_promo_to_the_pages_own_site_is_house_style_and_a_copied_one_is_not():
    own = _page(
        f"{_STORY}\n<p><strong>READ MORE:</strong> <a href='https://www.example.com/roads'>Roads plan</a></p>\n{_STORY}"
    )
    assert lint(own, "CD401") == []
    relative = _page(f"{_STORY}\n<p>Related: <a href='/schools'>Schools get more money</a></p>\n{_STORY}")
    assert lint(relative, "CD401") == []
    copied = _page(f"{_STORY}\n<p>Also Read: <a href='https://original.example.org/x'>Roads plan</a></p>\n{_STORY}")
    assert [f.excerpt for f in lint(copied, "CD401")] == ["Also Read:"]
    strict = lint(own, "CD401", options={"CD401": {"own_site_promos": False}})
    assert [f.excerpt for f in strict] == ["READ MORE:"]


def test_reading_lists_and_link_buttons_are_the_pages_own():
    reading_list = _page(
        f"{_STORY}\n<p><strong>Related Articles:</strong></p>\n"
        "<p><a href='https://shop.example.net/a'>Nail decals, $6</a></p>\n"
        f"{_STORY}\n<p>READ MORE:<br><a href='https://a.example.org/'>One source</a> "
        f"<a href='https://b.example.org/'>Another source</a></p>\n{_STORY}"
    )
    assert lint(reading_list, "CD401") == []
    button = _page(
        f"{_STORY}\n<p>Prices rose in most states during the year...<a href='#'> Read More</a></p>\n{_STORY}"
    )
    assert lint(button, "CD401") == []


def test_taglines_after_the_story_are_house_practice_but_glued_labels_never_are():
    tagline = _page(f"{_STORY}\n<p><em>Follow us on Twitter <a href='https://x.example/desk'>@desk</a>.</em></p>")
    assert lint(tagline, "CD401") == []
    glued = _page(f"{_STORY}\n<p><strong>Also Read</strong><a href='/nebula'>Butterfly Nebula now has wings</a></p>")
    assert [f.excerpt for f in lint(glued, "CD401")] == ["Also Read"]


@pytest.mark.parametrize("path", text_fixtures("CD4"), ids=lambda p: p.stem)
def test_plain_text_fixtures(path):
    """Plain-text CD401 fixtures: site text in other languages and shapes, and the prose it must leave alone."""
    check_text_fixture(path)
