"""Link rules (CD751–CD755): judged from the HTML alone, positions at the href value or the link text."""

from __future__ import annotations

from copydesk.rules.links import placeholder_reason

from .conftest import lint, spans


def test_empty_targets_at_the_href_value():
    html = (
        '<p>See <a href="#">the report</a>.</p>\n<p>See <a href="">it</a>.</p>\n<p><a href="#" class="tab">Tab</a></p>'
    )
    assert spans(lint(html, "CD751")) == [("CD751", 2, 8, 2, 8, "")]
    # "#" and javascript: are script controls on published pages: flagged only on request.
    scripted = lint(
        html + '\n<p><a href="javascript:void(0)">Watch</a></p>', "CD751", options={"CD751": {"scripted": True}}
    )
    assert spans(scripted) == [
        ("CD751", 1, 17, 1, 18, "#"),
        ("CD751", 2, 8, 2, 8, ""),
        ("CD751", 4, 13, 4, 31, "javascript:void(0)"),
    ]


def test_bare_url_link_text_only_on_request():
    html = '<p>Minutes at <a href="https://ledger.com/m">https://ledger.com/m</a>.</p>'
    assert not lint(html, "CD753")
    assert [f.rule for f in lint(html, "CD753", options={"CD753": {"bare_urls": True}})] == ["CD753"]


def test_placeholder_destinations():
    assert placeholder_reason("https://example.com/x", "") == "'example.com' is a placeholder domain"
    assert placeholder_reason("http://10.0.0.5/", "") == "'10.0.0.5' is a private or local address"
    assert placeholder_reason("https://preview.ledger.com/x", "")
    assert placeholder_reason("/node/12/edit", "ledger.com") == "it is a CMS edit URL"
    assert placeholder_reason("https://en.wikipedia.org/w/index.php?title=X&action=edit", "") is None
    assert placeholder_reason("https://www.example-news.com/", "") is None
    assert placeholder_reason("mailto:a@example.com", "") is None


def test_vague_text_and_url_mismatch_at_the_link_text():
    html = '<p>The report is <a href="https://l.com/r">here</a>.</p>'
    assert spans(lint(html, "CD753")) == [("CD753", 1, 44, 1, 48, "here")]
    html = '<p>At <a href="https://other.com/">www.ledger.com</a>.</p>'
    assert spans(lint(html, "CD754")) == [("CD754", 1, 36, 1, 50, "www.ledger.com")]
    assert not lint('<p>At <a href="https://t.co/x">www.ledger.com</a>.</p>', "CD754")


def test_contact_links():
    html = '<p><a href="mailto:tips@ledger">tips</a> <a href="tel:+1 555 010 4477">call</a></p>'
    assert [f.excerpt for f in lint(html, "CD755")] == ["mailto:tips@ledger"]
