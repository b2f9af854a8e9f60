"""Body detection from patterns: what a reader reads is the body, and site furniture is not.

Each case is a small page built from a pattern seen on published pages (never a
copy of one): a comment thread longer than the post, a story cut into chunks
between ad slots, teaser cards and link rails inside ``<article>``, a byline box
full of links, an embedded post, class words that mark the story's own wrapper.
"""

from __future__ import annotations

from copydesk.model.html import build_article
from copydesk.source.text import SourceText

POST = (
    "<p>The council approved the budget on Tuesday after a long debate about schools, roads and the library.</p>"
    "<p>The mayor said she would sign it this week, and the vote was seven to six after midnight.</p>"
)


def copy_texts(html: str) -> list[str]:
    return [block.text for block in build_article(SourceText(html)).copy_blocks()]


def page(body: str) -> str:
    return f"<html><head><title>Council approves budget</title></head><body>{body}</body></html>"


def test_a_comment_thread_longer_than_the_post_is_not_the_body():
    comment = "<p>" + "I disagree with the council about the library and its opening hours on weekends. " * 6 + "</p>"
    html = page(
        f"<article><h1>Council approves budget</h1>{POST}</article>"
        f"<div id='comments'><ol class='comment-list'><li class='comment'><div id='div-comment-12'>{comment}{comment}"
        f"{comment}</div></li></ol></div>"
    )
    article = build_article(SourceText(html))
    assert article.body.name == "article"
    assert not any("I disagree" in text for text in copy_texts(html))


def test_a_story_cut_into_chunks_between_ads_is_read_whole():
    chunk = "<div class='article-chunk-body'><p>{}</p><p>{}</p></div>"
    parts = [
        chunk.format(f"Part {n} of the story tells what the council decided about the budget.", f"Paragraph {n}b.")
        for n in range(3)
    ]
    html = page(
        "<main><h1>Council approves budget</h1><div class='chunks'>"
        + "<div class='ad-slot'>Advertisement</div>".join(parts)
        + "</div></main><div class='footer-links'><p>About us and contact details for the newsroom staff.</p></div>"
    )
    texts = copy_texts(html)
    assert all(any(f"Part {n} of the story" in text for text in texts) for n in range(3))
    assert "Advertisement" not in texts


def test_teaser_cards_and_link_rails_inside_the_article_are_furniture():
    card = "<article class='card'><a href='/s{0}'><h3>Another story number {0}</h3></a></article>"
    rail = "<ul>" + "".join(f"<li><a href='/r{n}'>Related story number {n}</a></li>" for n in range(4)) + "</ul>"
    grid = (
        "<ul class='latest'>"
        + "".join(
            f"<li><a href='/g{n}'><img src='/t{n}.jpg' alt=''></a><h4>Grid item {n}</h4><p>Blurb {n}.</p></li>"
            for n in range(3)
        )
        + "</ul>"
    )
    html = page(
        f"<article><h1>Council approves budget</h1>{POST}{card.format(1)}{card.format(2)}{rail}{grid}</article>"
    )
    texts = copy_texts(html)
    assert any("council approved" in text for text in texts)
    assert not any("Another story" in text or "Related story" in text or "Grid item" in text for text in texts)


def test_a_list_of_sources_in_the_copy_is_kept():
    """Copy's own lists of links have prose around the links and no thumbnail or heading per item."""
    sources = (
        "<ul>"
        + "".join(
            f"<li>The {n}th report, published by the county in March, <a href='/d{n}'>as a PDF</a>, on roads.</li>"
            for n in range(4)
        )
        + "</ul>"
    )
    texts = copy_texts(page(f"<article><h1>Council approves budget</h1>{POST}{sources}</article>"))
    assert sum("report, published by the county" in text for text in texts) == 4


def test_the_byline_box_full_of_links_stays():
    byline = (
        "<div class='entry-meta'><span class='author'><a href='/a/jane'>Jane Doe</a></span>"
        "<a href='/news'>News</a><a href='/news/local'>Local</a><a href='/2024/05'>May 2024</a></div>"
    )
    article = build_article(SourceText(page(f"<article><h1>Council approves budget</h1>{byline}{POST}</article>")))
    assert article.byline == "Jane Doe"


def test_an_embedded_post_is_the_storys_and_a_widget_glued_into_a_paragraph_is_copy():
    embed = (
        "<div class='social-media-embed'><blockquote class='twitter-tweet'>"
        "<p>We are on it, says the mayor in a post.</p></blockquote></div>"
    )
    glued = "<p><strong>Also Read</strong><a href='/a'>Bridge</a><a href='/b'>Roads</a><a href='/c'>Parks</a></p>"
    texts = copy_texts(page(f"<article><h1>Council approves budget</h1>{POST}{embed}{glued}</article>"))
    assert any("We are on it" in text for text in texts)
    assert any(text.startswith("Also Read") for text in texts)


def test_furniture_words_on_the_storys_own_wrapper_do_not_hide_it():
    html = page(
        "<div class='page'><article><h1>Council approves budget</h1>"
        f"<div class='carousel content sharing-container'>{POST}</div></article></div>"
    )
    assert any("council approved" in text for text in copy_texts(html))


def test_the_only_article_is_found_under_a_wrapper_with_an_ad_word():
    html = page(
        "<div id='ad-portal'><article><header><h1>Council approves budget</h1>"
        "<h2 itemprop='description'>The vote came after midnight.</h2></header>"
        f"<div itemprop='articleBody'>{POST}</div></article></div>"
    )
    article = build_article(SourceText(html))
    assert article.body.name == "article"
    assert article.headline == "Council approves budget"
    assert any("The vote came after midnight" in text for text in copy_texts(html))


def test_text_written_straight_into_a_figure_is_its_caption():
    html = page(
        f"<article><h1>Council approves budget</h1>{POST}"
        "<figure><img src='/a.jpg' alt='The council chamber'>Jane Doe/The Ledger</figure></article>"
    )
    roles = {block.text: block.role for block in build_article(SourceText(html)).copy_blocks()}
    assert roles["Jane Doe/The Ledger"] == "caption"


def test_state_and_camel_case_classes_read_right():
    html = page(
        f"<article class='article-wrap has-video'><h1>Council approves budget</h1>{POST}"
        "<div class='PromoSmall-wrapper'><p>Read our other story about the bridge and its repairs.</p></div></article>"
    )
    texts = copy_texts(html)
    assert any("council approved" in text for text in texts)
    assert not any("other story about the bridge" in text for text in texts)


def test_a_date_in_the_headers_list_of_facts_is_a_dateline_and_a_story_list_item_is_not():
    html = page(
        "<article><header><h1>Council approves budget</h1><ul class='post-meta'>"
        "<li class='post-date'>October 5, 2024</li><li class='post-updated'><time>Updated: Oct. 6, 2024</time></li>"
        f"</ul></header>{POST}<ul><li>The 2024 budget rose 4% on the year.</li><li>Roads get $2 million.</li></ul>"
        "</article>"
    )
    roles = {block.text: block.role for block in build_article(SourceText(html)).copy_blocks()}
    assert roles["October 5, 2024"] == "dateline"
    assert roles["Updated: Oct. 6, 2024"] == "dateline"
    assert roles["The 2024 budget rose 4% on the year."] == "list-item"
