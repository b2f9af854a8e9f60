"""Metadata rules (CD651–CD657): whole pages, exact positions of key cases."""

from __future__ import annotations

from copydesk.rules.metadata import parse_date

from .conftest import lint, spans

BODY = "<body><article><h1>Council approves budget</h1><p>The council approved the budget.</p></article></body>"


def test_missing_title_at_head_and_fragments_skipped():
    assert spans(lint("<html><head><meta charset='utf-8'></head>" + BODY + "</html>", "CD651")) == [
        ("CD651", 1, 7, 1, 7, "")
    ]
    assert not lint("<p>The council approved the budget.</p>", "CD651", "CD653", "CD654", "CD656", "CD657")


def test_title_mismatch_flags_title_text_but_accepts_site_name_and_rewording():
    page = "<html><head><title>Storm closes schools – The Ledger</title></head>" + BODY + "</html>"
    assert spans(lint(page, "CD652")) == [("CD652", 1, 20, 1, 53, "Storm closes schools – The Ledger")]
    ok = "<html><head><title>The Ledger | Council approves new budget</title></head>" + BODY + "</html>"
    assert not lint(ok, "CD652")


def test_byline_and_date_signals():
    head = "<html><head><title>Council approves budget</title>"
    assert [f.rule for f in lint(head + "</head>" + BODY + "</html>", "CD653", "CD654")] == ["CD653", "CD654"]
    signals = head + "<meta name='author' content='Jane Doe'><meta name='date' content='2024-05-02'></head>"
    assert not lint(signals + BODY + "</html>", "CD653", "CD654")
    json_ld = head + '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"name": "Jane"},'
    json_ld += '"datePublished": "2024-05-02"}</script></head>'
    assert not lint(json_ld + BODY + "</html>", "CD653", "CD654")


def test_modified_before_published_compares_time_zones():
    def page(published: str, modified: str) -> str:
        return (
            f"<html><head><meta property='article:published_time' content='{published}'>"
            f"<meta property='article:modified_time' content='{modified}'></head>" + BODY + "</html>"
        )

    exact = {"CD655": {"max_schedule_days": 0}}  # no scheduling lead: any earlier modified date counts
    early = page("2024-05-02T10:00:00+02:00", "2024-05-02T07:59:00Z")
    assert [f.rule for f in lint(early, "CD655", options=exact)] == ["CD655"]
    assert not lint(page("2024-05-02T10:00:00+02:00", "2024-05-02T08:01:00Z"), "CD655", options=exact)
    assert not lint(page("2024-05-02T10:00:00", "2024-05-02"), "CD655", options=exact)  # zone-less: a day's grace
    assert parse_date("not a date") is None


def test_a_scheduled_post_is_not_modified_before_published():
    """Saved days before the CMS published it at the set time: normal, not a wrong date."""

    def page(published: str, modified: str) -> str:
        return (
            f"<html><head><meta property='article:published_time' content='{published}'>"
            f"<meta property='article:modified_time' content='{modified}'></head>" + BODY + "</html>"
        )

    assert not lint(page("2014-06-21T09:41:45+01:00", "2014-06-17T17:46:05+01:00"), "CD655")  # four days' lead
    assert not lint(page("2024-05-02", "2024-04-05"), "CD655")  # 27 days, bare dates
    stale = lint(page("2024-05-02T10:00:00+02:00", "2023-05-02T10:00:00Z"), "CD655")  # a year: a wrong date
    assert spans(stale) == [("CD655", 1, 89, 1, 89, "")]  # at the modified-time tag
    assert [f.rule for f in lint(page("2024-05-02", "2024-03-15"), "CD655")] == ["CD655"]  # 48 days, bare dates


def test_description_and_social_preview_are_info():
    page = "<html><head><title>Council approves budget</title></head>" + BODY + "</html>"
    findings = lint(page, "CD656", "CD657")
    assert [(f.rule, f.severity, f.message) for f in findings] == [
        ("CD656", "info", "the page has no meta description"),
        ("CD657", "info", "no social preview tag og:title, og:image"),
    ]
