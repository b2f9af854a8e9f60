"""Metadata family (CD651–CD657): what the page says about the story.

Title, byline, dates, description and social-preview tags are what search
engines, news aggregators, social cards and archives read; a story that lacks
them is found less, credited to nobody, or dated wrongly. Read from the
model: ``<title>``, ``<meta>`` (names and properties), ``<time>``, and JSON-LD
``NewsArticle``/``Article`` items. Only whole pages are judged: a CMS body
fragment has no ``<head>``, by design.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta

from copydesk.engine.rule import Option, Rule, Severity, Violation, register
from copydesk.model.article import Article, TextUnit
from copydesk.model.element import Element

_TOKEN = re.compile(r"[^\W_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# Separators between a headline and the site name in a <title>.
_TITLE_SEPARATOR = re.compile(r"\s[|–—\-·•:/»«]\s|\s::\s|\s?[|｜]\s?")
_DIGIT = re.compile(r"\d")

#: <meta> names (lower case) that carry an author.
AUTHOR_META = frozenset(
    (
        "author",
        "article:author",
        "og:article:author",
        "dc.creator",
        "dcterms.creator",
        "byl",
        "sailthru.author",
        "parsely-author",
        "cxenseparse:author",
        "citation_author",
        "twitter:creator",
    )
)
#: <meta> names (lower case) that carry a publication date.
DATE_META = frozenset(
    (
        "article:published_time",
        "og:published_time",
        "og:article:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "dc.date",
        "dc.date.issued",
        "dcterms.date",
        "dcterms.created",
        "dcterms.issued",
        "sailthru.date",
        "parsely-pub-date",
        "article.published",
        "originalpublicationdate",
        "displaydate",
        "ptime",
        "pdate",
        "citation_date",
        "citation_publication_date",
        "article:modified_time",
        "last-modified",
        "datemodified",
        "og:updated_time",
    )
)


def head_anchor(article: Article) -> TextUnit:
    """Where a finding about the page's metadata goes: ``<head>``, else ``<title>``, else the body."""
    for tag in (article.head, article.title_tag):
        if tag is not None and article.tag_start(tag) is not None:
            return article.anchor(tag)
    return article.body_anchor()


def _tokens(text: str) -> set[str]:
    """Words of a headline (Chinese/Japanese/Korean: characters), case-folded."""
    found = {token.casefold() for token in _TOKEN.findall(_CJK.sub(" ", text))}
    found.update(_CJK.findall(text))
    return found


@register
class MissingTitle(Rule):
    """A page with no ``<title>``, or an empty one."""

    code = "CD651"
    name = "missing-title"
    category = "metadata"
    severity = Severity.WARNING
    summary = "The page has no <title>, or an empty one."
    why = (
        "The <title> is what browser tabs, search results, bookmarks and shares show; without it the story "
        "appears as its URL."
    )
    bad = "<html><head><meta charset='utf-8'><title> </title></head><body><h1>Budget passes</h1></body></html>"
    good = "<html><head><title>Budget passes – The Ledger</title></head><body><h1>Budget passes</h1></body></html>"

    def check_article(self, article: Article) -> Iterator[Violation]:
        if article.is_fragment or article.title:
            return
        if article.title_tag is not None:
            yield Violation(article.anchor(article.title_tag), 0, 0, "the page's <title> is empty")
        else:
            yield Violation(head_anchor(article), 0, 0, "the page has no <title>")


@register
class TitleHeadlineMismatch(Rule):
    """A ``<title>`` that names a different story than the ``<h1>``.

    The title may add a site name before or after a separator (``|``, ``–``,
    ``-``, ``:``, ``»``) and may be reworded for search; it is flagged only
    when no part of it shares at least ``min_share`` of its words with the
    headline (and the headline's words with it). That is a template showing
    another story's title, or a headline rewritten after the title was set.
    """

    code = "CD652"
    name = "title-headline-mismatch"
    category = "metadata"
    severity = Severity.INFO
    default_enabled = False
    opt_in_because = (
        "The <title> is often just the site or section name by design; a mismatch with the headline is a "
        "template choice more often than a slip. Turn it on where your CMS writes the title from the "
        "headline."
    )
    summary = "The page's <title> and its <h1> headline name different stories."
    why = (
        "Search results and shares show the <title>, readers see the <h1>: when they disagree, one of them is "
        "stale (a template's default, another story's title, a headline changed after publication)."
    )
    options = (Option("min_share", 0.5, "Least share of words the title and headline must have in common."),)
    bad = (
        "<html><head><title>Storm closes schools across county – The Ledger</title></head><body>"
        "<article><h1>Council approves new budget for roads</h1><p>The vote was close.</p></article></body></html>"
    )
    good = (
        "<html><head><title>Council approves new road budget | The Ledger</title></head><body>"
        "<article><h1>Council approves new budget for roads</h1><p>The vote was close.</p></article></body></html>"
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        if article.is_fragment or not article.title or article.title_tag is None:
            return
        scope = article.scope
        h1s = [
            tag
            for tag in article.page_h1s
            if tag.text and scope is not None and (scope.is_document or tag.within(scope))
        ]
        if not h1s:
            return
        title = article.title
        parts = [title, *_TITLE_SEPARATOR.split(title)]
        share = self.config["min_share"]
        for h1 in h1s:  # any <h1> of the article may be the headline (a logo <h1> may come first)
            headline = _tokens(h1.text)
            if not headline:
                return
            for part in parts:
                words = _tokens(part)
                if not words:
                    continue
                common = len(words & headline)
                if common >= share * len(headline) or (common >= share * len(words) and common >= 2):
                    return
        h1 = h1s[0]
        unit = article.text_unit(article.title_tag, "title")
        message = f"the <title> does not match the headline '{h1.text[:80]}'"
        if unit.text:
            yield Violation(unit, 0, len(unit.text), message)
        else:
            yield Violation(article.anchor(article.title_tag), 0, 0, message)


def _has_text(element: Element) -> bool:
    return bool(element.text) or (element.name == "meta" and bool((element.get("content") or "").strip()))


@register
class MissingByline(Rule):
    """A story that names no author anywhere: no byline in the body or header,
    no ``rel=author`` link, no author ``<meta>``, no JSON-LD ``author``.

    Elements marked as bylines in site chrome (comment authors, author boxes
    in the sidebar) do not count.
    """

    code = "CD653"
    name = "missing-byline"
    category = "metadata"
    severity = Severity.INFO
    default_enabled = False
    opt_in_because = (
        "Many pages show the byline only as text (personal blogs, press releases, colophons) with no author "
        "markup, so the rule reads a template gap as a missing author. Turn it on in a CMS gate where the "
        "template always emits the author."
    )
    summary = "The story names no author: no byline, rel=author, author meta or JSON-LD author."
    why = (
        "A byline tells readers who stands behind the story and lets aggregators and archives credit it; "
        "stories from a wire or the desk are still credited ('Staff', 'Associated Press')."
    )
    bad = (
        "<html><head><title>Budget passes</title></head><body><article><h1>Budget passes</h1>"
        "<p>The council approved the budget.</p></article></body></html>"
    )
    good = (
        "<html><head><title>Budget passes</title></head><body><article><h1>Budget passes</h1>"
        "<p class='byline'>By Jane Doe</p><p>The council approved the budget.</p></article></body></html>"
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        if article.is_fragment or article.byline:
            return
        if any(article.meta.get(key) for key in AUTHOR_META):
            return
        if any(_has_text(tag) and not article.in_chrome(tag) for tag in article.author_marks):
            return
        yield Violation(_story_anchor(article), 0, 0, "the story names no author (no byline or author metadata)")


def _story_anchor(article: Article) -> TextUnit:
    """The headline, where a byline or date would follow it; else the body."""
    for h1 in article.page_h1s:
        if article.tag_start(h1) is not None:
            return article.anchor(h1)
    return article.body_anchor()


@register
class MissingDate(Rule):
    """A story with no publication date: no ``<time>``, no date ``<meta>``
    (``article:published_time`` and common CMS names), no JSON-LD
    ``datePublished``, and no date line in the page's markup.
    """

    code = "CD654"
    name = "missing-date"
    category = "metadata"
    severity = Severity.INFO
    default_enabled = False
    opt_in_because = (
        "Many pages show the date only as text (a dateline, a byline line) or carry no date by design, so the"
        " rule reads a template gap as a missing date. Turn it on where your template always emits "
        "datePublished."
    )
    summary = "The story has no publication date (<time>, article:published_time, datePublished)."
    why = (
        "A news story without a date cannot be judged for currency by readers, and aggregators and archives "
        "misfile it; an old story shared again looks like news."
    )
    bad = (
        "<html><head><title>Budget passes</title></head><body><article><h1>Budget passes</h1>"
        "<p>The council approved the budget.</p></article></body></html>"
    )
    good = (
        "<html><head><title>Budget passes</title></head><body><article><h1>Budget passes</h1>"
        "<time datetime='2024-05-02'>May 2, 2024</time><p>The council approved the budget.</p></article></body></html>"
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        if article.is_fragment or article.published or article.modified:
            return
        if any(article.meta.get(key) for key in DATE_META):
            return
        if any(item.get("dateCreated") or item.get("dateModified") for item in article.json_ld):
            return
        if any(tag.get("datetime") or _DIGIT.search(tag.text) for tag in article.times):
            return
        for tag in article.date_marks:
            text = (tag.get("content") or "") if tag.name == "meta" else tag.text
            if _DIGIT.search(text[:200]) and not article.in_chrome(tag):
                return
        yield Violation(_story_anchor(article), 0, 0, "the story has no publication date")


_ISO = re.compile(
    r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:[.,]\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?"
)


_DATE_ONLY = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*")


def parse_date(value: str) -> datetime | None:
    """An ISO 8601 date or date-time (the forms pages use), or None."""
    match = _ISO.match(value)
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    if zone:
        from datetime import timezone

        if zone == "Z":
            offset = timedelta(0)
        else:
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        moment = moment.replace(tzinfo=timezone(offset))
    return moment


@register
class ModifiedBeforePublished(Rule):
    """A modified date earlier than the published date by more than a scheduled post's lead.

    Not flagged: a modified date up to ``max_schedule_days`` (30) before the
    published one. That is how a scheduled post looks: written and saved, then
    published by the CMS at the set time, hours or days later (on published
    pages every such case judged was one). A month or more apart, one of the
    dates is wrong. Dates with and without a time zone are compared only when
    more than a day apart, since a missing zone can shift a date by up to a day.
    """

    code = "CD655"
    name = "modified-before-published"
    category = "metadata"
    severity = Severity.WARNING
    summary = "The page's modified date is earlier than its published date by more than a scheduled post's lead."
    why = (
        "A story cannot be updated long before it was published: one of the dates is wrong (a template default, "
        "a republished story keeping its old modified date), and readers and archives are misled. A scheduled "
        "post, saved days before the CMS publishes it, is normal and not flagged."
    )
    options = (
        Option(
            "max_schedule_days",
            30,
            "Days a modified date may precede the published one (a scheduled post); 0 flags any.",
        ),
    )
    bad = (
        "<html><head><meta property='article:published_time' content='2024-05-02T10:00:00Z'>"
        "<meta property='article:modified_time' content='2023-05-02T10:00:00Z'>"
        "</head><body><h1>Budget</h1></body></html>"
    )
    good = (
        "<html><head><meta property='article:published_time' content='2024-05-02T10:00:00Z'>"
        "<meta property='article:modified_time' content='2024-05-02T12:30:00+02:00'>"
        "</head><body><h1>Budget</h1></body></html>"
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        if not article.published or not article.modified:
            return
        published, modified = parse_date(article.published), parse_date(article.modified)
        if published is None or modified is None:
            return
        lead = timedelta(days=self.config["max_schedule_days"])
        if _DATE_ONLY.fullmatch(article.published) or _DATE_ONLY.fullmatch(article.modified):
            if published.date() - modified.date() > lead or (not lead and modified.date() < published.date()):
                message = f"modified date {article.modified} is before the published date {article.published}"
                yield Violation(self._where(article), 0, 0, message)
            return  # a bare date says nothing about the hour
        if (published.tzinfo is None) != (modified.tzinfo is None):
            published, modified = published.replace(tzinfo=None), modified.replace(tzinfo=None)
            if published - modified <= max(lead, timedelta(days=1)):
                return
        elif published - modified <= lead if lead else modified >= published:
            return
        message = f"modified date {article.modified} is before the published date {article.published}"
        yield Violation(self._where(article), 0, 0, message)

    @staticmethod
    def _where(article: Article) -> TextUnit:
        tag = article.meta_tags.get("article:modified_time")
        if tag is None:
            tag = next(
                (
                    source
                    for item, source in zip(article.json_ld, article.json_ld_tags, strict=False)
                    if item.get("dateModified")
                ),
                None,
            )
        if tag is not None and article.tag_start(tag) is not None:
            return article.anchor(tag)
        return head_anchor(article)


@register
class MissingDescription(Rule):
    """A page with no ``<meta name="description">`` and no ``og:description``."""

    code = "CD656"
    name = "missing-description"
    category = "metadata"
    severity = Severity.INFO
    default_enabled = False
    opt_in_because = (
        "A meta description is a template and SEO matter, not a copy defect; on published pages its absence "
        "is a site's choice. Turn it on in a CMS gate where editors write the description."
    )
    summary = "The page has no meta description (description or og:description)."
    why = (
        "Search results and social cards show the description under the title; without one they show whatever "
        "text they scrape first, often a caption, a menu or a cookie notice."
    )
    bad = "<html><head><title>Budget passes</title></head><body><h1>Budget passes</h1></body></html>"
    good = (
        "<html><head><title>Budget passes</title><meta name='description' content='The council approved it.'>"
        "</head><body><h1>Budget passes</h1></body></html>"
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        if article.is_fragment or article.description or article.meta.get("twitter:description"):
            return
        if any(isinstance(item.get("description"), str) and item["description"] for item in article.json_ld):
            return
        yield Violation(head_anchor(article), 0, 0, "the page has no meta description")


@register
class MissingSocialPreview(Rule):
    """A page without the Open Graph tags a social card needs (``og:title``, ``og:image`` by default)."""

    code = "CD657"
    name = "missing-social-preview"
    category = "metadata"
    severity = Severity.INFO
    default_enabled = False
    opt_in_because = (
        "Social preview tags are a template and SEO matter, not a copy defect. Turn it on in a CMS gate where"
        " editors set the preview title and image."
    )
    summary = "The page lacks social preview tags (og:title, og:image)."
    why = (
        "Shared on social networks and messengers, a page without og:title and og:image shows as a bare link; "
        "stories travel mostly through those previews."
    )
    options = (Option("required", ["og:title", "og:image"], "Open Graph (or other meta) keys the page must have."),)
    bad = "<html><head><title>Budget passes</title></head><body><h1>Budget passes</h1></body></html>"
    good = (
        "<html><head><title>Budget passes</title><meta property='og:title' content='Budget passes'>"
        "<meta property='og:image' content='https://news.invalid/vote.jpg'></head><body><h1>Budget</h1></body></html>"
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        if article.is_fragment:
            return
        missing = [key for key in self.config["required"] if not article.meta.get(key.lower())]
        if missing:
            yield Violation(head_anchor(article), 0, 0, f"no social preview tag {', '.join(missing)}")
