"""The article model: body detection, reader text, roles, figures, links, metadata."""

from __future__ import annotations

from copydesk.model.element import Element
from copydesk.model.html import build_article, css_path
from copydesk.source.htmlparse import parse
from copydesk.source.text import SourceText

from .conftest import FIXTURES


def model(html: str, selector: str | None = None):
    return build_article(SourceText(html), selector)


def texts(article, include_chrome: bool = False):
    return [(b.role, b.text) for b in article.blocks if include_chrome or not b.chrome]


def test_inline_tags_join_without_inventing_spaces():
    article = model('<p><strong>Also Read</strong><a href="/x">Butterfly Nebula now has wings</a></p>')
    block = article.blocks[0]
    assert block.text == "Also ReadButterfly Nebula now has wings"
    assert block.boundaries == [9]
    assert [(link.href, link.text, link.start, link.end) for link in block.links] == [
        ("/x", "Butterfly Nebula now has wings", 9, 39)
    ]


def test_whitespace_collapses_across_tags_and_trims_blocks():
    article = model("<p>\n  One <b> two</b>\r\n\tthree  </p>")
    assert article.blocks[0].text == "One two three"


def test_entities_decode_and_nbsp_is_kept():
    article = model("<p>Caf&eacute; &amp; bar&nbsp;&#8230; &#x201C;hi&#x201D;</p>")
    assert article.blocks[0].text == "Café & bar\xa0… “hi”"


def test_invisible_content_is_never_text():
    html = (
        "<p>Seen<script>var x = 'Update soon';</script><style>p{}</style><!-- TK --></p>"
        "<noscript>Enable JS</noscript><template><p>tpl</p></template>"
        '<p hidden>Hidden</p><p style="display: none">Gone</p><p>Also seen</p>'
    )
    assert [b.text for b in model(html).blocks] == ["Seen", "Also seen"]


def test_br_separates_words():
    assert model("<p>line one<br>line two<br/>three</p>").blocks[0].text == "line one line two three"


def test_roles_in_reading_order():
    html = """<article>
      <header><h1>Storm hits coast</h1><p class="dek">Thousands without power</p>
      <p class="byline">By Jane Doe</p></header>
      <p>First paragraph of the story, long enough to count as copy for the detector here.</p>
      <h2>Aftermath</h2>
      <ul><li>One item</li></ul>
      <blockquote><p>We lost everything.</p><footer>Resident</footer></blockquote>
      <figure><img src="a.jpg" alt="Flooded street"><figcaption>Flooded street
        <span class="credit">Photo: Jane Doe/Reuters</span></figcaption></figure>
      <p>By the time the storm passed, the town had changed for good and so had its people.</p>
    </article>"""
    roles = texts(model(html))
    assert roles == [
        ("headline", "Storm hits coast"),
        ("dek", "Thousands without power"),
        ("byline", "By Jane Doe"),
        ("paragraph", "First paragraph of the story, long enough to count as copy for the detector here."),
        ("subheading", "Aftermath"),
        ("list-item", "One item"),
        ("blockquote", "We lost everything."),
        ("blockquote", "Resident"),
        ("caption", "Flooded street"),
        ("credit", "Photo: Jane Doe/Reuters"),
        ("paragraph", "By the time the storm passed, the town had changed for good and so had its people."),
    ]


def test_figures_group_image_caption_and_credit_with_alt_positions():
    html = (
        '<figure>\n<img src="a.jpg" alt="Caf&eacute; fire">\n'
        '<figcaption>Fire <span class="credit">Photo: AP</span></figcaption></figure>'
    )
    article = model(html)
    (figure,) = article.figures
    assert figure.src == "a.jpg"
    assert figure.alt is not None and figure.alt.text == "Café fire"
    start, end = figure.alt.mapped.to_source(0, len(figure.alt.text))
    assert html[start:end] == "Caf&eacute; fire"
    assert figure.caption is not None and figure.caption.text == "Fire"
    assert [c.text for c in figure.credits] == ["Photo: AP"]


def test_blockquotes_know_their_sources():
    article = model(
        '<blockquote cite="https://a.example/"><p>Quote one</p></blockquote>'
        "<blockquote><p>Quote two</p><footer>— Mayor</footer></blockquote>"
        '<blockquote class="twitter-tweet"><p>A tweet</p></blockquote>'
        "<blockquote><p>Unsourced words here</p></blockquote>"
    )
    assert [(q.cite, q.source_text, q.embed) for q in article.blockquotes] == [
        ("https://a.example/", None, False),
        (None, "— Mayor", False),
        (None, None, True),
        (None, None, False),
    ]


PAGE = """<!DOCTYPE html><html lang="en"><head><title>Story – Site</title>
<meta name="description" content="What happened"><meta property="article:published_time" content="2024-05-01">
</head><body>
<nav><a href="/">Home</a> Related Posts</nav>
<div class="teasers"><article><p>Short teaser</p></article></div>
<main><article class="post"><h1>Story</h1>
<div class="entry-content"><p>The body text of the story is here and it runs long enough to count.</p>
<div class="sharedaddy"><h3>Share this:</h3><a href="#">Facebook</a></div>
<p>Second paragraph of body copy, also with plenty of words in it.</p></div></article></main>
<div id="comments"><h3>Leave a Comment</h3></div>
<footer>Copyright</footer></body></html>"""


def test_body_is_the_article_and_chrome_is_not_copy():
    article = model(PAGE)
    assert article.body.name == "article" and "post" in article.body.classes
    assert "<h1>" in article.body_reason
    copy = [b.text for b in article.copy_blocks()]
    assert copy == [
        "Story",
        "The body text of the story is here and it runs long enough to count.",
        "Second paragraph of body copy, also with plenty of words in it.",
    ]
    assert ("aside", "Share this:") in texts(article, include_chrome=True)
    assert article.title == "Story – Site"
    assert article.headline == "Story"
    assert article.published == "2024-05-01"
    assert article.description == "What happened"
    assert article.lang == "en"


def test_configured_selector_wins_and_bad_selector_is_a_clear_error():
    article = model(PAGE, ".entry-content")
    assert article.blocks[0].text.startswith("The body text")
    assert "configured selector" in article.body_reason
    try:
        model(PAGE, "div[[")
    except ValueError as exc:
        assert "invalid body selector" in str(exc)
    else:  # pragma: no cover - the assertion above must hold
        raise AssertionError("a broken selector must be reported")


def test_fallbacks_itemprop_cms_class_density_and_body():
    itemprop = '<html><body><div itemprop="articleBody"><p>Body words here.</p></div><p>Other</p></body></html>'
    assert "itemprop" in model(itemprop).body_reason
    long = "<p>" + "Sentence with words in it. " * 12 + "</p>"
    cms = f'<html><body><div class="sidebar"><p>x</p></div><div class="post-content">{long}</div></body></html>'
    assert ".post-content" in model(cms).body_reason
    density = f"<html><body><div id='a'><p>tiny</p></div><div id='b'>{long}{long}</div></body></html>"
    article = model(density)
    assert "text-density" in article.body_reason and article.body.get("id") == "b"
    assert "whole <body>" in model("<html><body><p>Hi</p></body></html>").body_reason


def test_fragment_without_html_is_its_own_body():
    article = model("<p>Just a CMS body fragment.</p>")
    assert "fragment" in article.body_reason
    assert [b.text for b in article.blocks] == ["Just a CMS body fragment."]


def test_css_path_selects_the_element():
    article = model(PAGE)
    paragraph = article.blocks[-1].element
    path = css_path(paragraph)
    # The model hands out element views, not the tree: select in a tree of the same page and
    # compare where the selected element starts.
    selected = parse(PAGE).select_one(path)
    assert selected is not None and paragraph.start == article.nl_starts[selected.sourceline - 1] + selected.sourcepos


def test_deep_nesting_does_not_recurse():
    html = "<div>" * 5000 + "<p>Deep text</p>" + "</div>" * 5000
    assert [b.text for b in model(html).blocks] == ["Deep text"]


def test_seed_page_model():
    source = SourceText.from_bytes((FIXTURES / "articles" / "nasa-japan-seed.html").read_bytes())
    article = build_article(source)
    assert article.body_path == "article#post-4821"
    assert article.headline == "NASA strengthens ties with Japan to work together in space"
    copy = [b.text for b in article.copy_blocks()]
    assert "Also ReadButterfly Nebula now has wings" in copy
    assert "Leave a Comment" not in copy  # the comment form is outside the article
    (figure,) = article.figures
    assert figure.alt is not None and figure.alt.text == "NASA strengthens ties with Japan"
    assert figure.caption is not None and figure.caption.text == "NASA strengthens ties with Japan (Credit –"


def test_the_model_hands_out_element_views_not_tree_nodes():
    """Above the model nothing sees the parse tree: every element the model gives is an Element
    view, one per element (so ``is`` compares them), with the facts rules read."""
    article = model(PAGE)
    given = [
        article.body,
        article.head,
        article.title_tag,
        *article.page_h1s,
        *article.times,
        *article.meta_tags.values(),
        *(block.element for block in article.blocks),
        *(link.element for link in article.links),
    ]
    assert given and all(isinstance(element, Element) for element in given)
    assert not any(type(element).__module__.startswith("bs4") for element in given)
    (h1,) = article.page_h1s
    assert article.blocks[0].element is h1 and h1.text == "Story" and h1.within(article.body)
    assert article.body.find_parent("main") is not None and article.scope is article.body
    assert article.body_anchor().element is article.body
    start = PAGE.index('<article class="post">')
    assert (article.body.start, article.body.span) == (start, (start, start + len('<article class="post">')))


def test_blocks_record_their_inline_code_italic_foreign_and_link_spans():
    html = (
        '<p>Use <code>index.php</code> and <em>Tritrichomonas muris</em> in <span lang="es">la casa</span>, '
        '<a href="https://x.invalid">the link</a>.</p>'
    )
    (block,) = model(html).blocks
    assert [(span.kind, block.text[span.start : span.end]) for span in block.spans] == [
        ("code", "index.php"),
        ("italic", "Tritrichomonas muris"),
        ("foreign", "la casa"),
        ("link", "the link"),
    ]


def test_an_inline_span_around_a_block_belongs_to_its_own_elements_blocks_only():
    """``<em>`` around a ``<p>``: the text before and after the ``<p>`` is the em's (the div's
    blocks), the ``<p>``'s own text is not (the em is no element inside the ``<p>``)."""
    blocks = model("<div><em>Intro words <p>para words</p> tail words</em></div>").blocks
    assert [(block.text, [(span.kind, span.start, span.end) for span in block.spans]) for block in blocks] == [
        ("Intro words", [("italic", 0, 11)]),
        ("para words", []),
        ("tail words", [("italic", 0, 10)]),
    ]


def test_a_byline_line_is_one_convention_for_every_input_format():
    from copydesk.model.conventions import is_byline
    from copydesk.model.markdown import build_markdown_article
    from copydesk.model.plaintext import build_plain_article

    assert is_byline("By Jane Doe") and is_byline("BY JANE DOE")
    assert not is_byline("By the time the council met, the budget was late.".ljust(90, "."))  # a sentence
    assert not is_byline("Bystanders watched.")
    story = "Launch day\n\nBy Jane Doe\n\nThe rocket flew on Tuesday.\n"
    for article in (
        build_plain_article(SourceText(story, "s.txt")),
        build_markdown_article(SourceText("# " + story, "s.md")),
        build_article(SourceText("<article><h1>Launch day</h1><p>By Jane Doe</p><p>The rocket flew.</p></article>")),
    ):
        assert [block.role for block in article.blocks if block.text == "By Jane Doe"] == ["byline"]


def test_the_model_says_what_markup_a_join_in_the_text_crossed():
    page = "<p><strong>Also Read</strong><a href='/x'>Butterfly</a> now has wings</p>"
    article = build_article(SourceText(page, "a.html"))
    block = article.blocks[0]
    split = block.text.index("Butterfly")
    assert article.tags_at(block, split) == ("</strong>", "<a href='/x'>")
    assert article.tags_at(block, 2) == ()  # inside "Also": continuous text
    assert article.tags_at(block, 0) == () and article.tags_at(block, len(block.text)) == ()
    assert article.has_tag(block, split - 4, split + 4)  # "ReadButt": tags stand inside
    assert not article.has_tag(block, 0, 4)


def test_a_text_blocks_lines_and_a_file_cut_at_its_end():
    """The model knows where a text file broke a line inside a block, and whether the file stops mid-line."""
    from copydesk.model.inputs import build_article_for

    cut = SourceText("Harbour reopens\n\nFans at the quay. Photo:\nJane Doe/Reuters\nThe ferry left at", "s.txt")
    article = build_article_for(cut, "s.txt")
    block = next(b for b in article.blocks if "Photo:" in b.text)
    assert [block.text[a:b] for a, b in article.line_spans(block)] == [
        "Fans at the quay. Photo:",
        "Jane Doe/Reuters",
        "The ferry left at",
    ]
    assert article.file_cut_after(block, len(block.text))
    assert not article.file_cut_after(block, block.text.index(" Photo:"))
    whole = build_article_for(SourceText(cut.text + "\n", "s.txt"), "s.txt")
    assert not whole.file_cut_after(whole.blocks[-1], len(whole.blocks[-1].text))
    page = build_article_for(SourceText("<article><p>Fans at the\nquay</p></article>", "p.html"), "p.html")
    assert len(page.line_spans(page.blocks[0])) == 1 and not page.file_cut_after(page.blocks[0], 4)
