"""Links family (CD751–CD755): links in the article body, judged from the HTML alone.

No network access: a link is not fetched. What the markup shows is enough to
catch the common publishing faults — a link left empty or pointing at ``#``,
a destination that only worked on the writer's machine or the CMS (example
domains, ``localhost``, private addresses, staging and preview hosts, admin
and edit URLs), link text that says nothing, a URL shown as text that differs
from the real destination, and broken ``mailto:``/``tel:`` links. Links in
site chrome and in social-media embeds (which carry their own markup) are
not judged.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, unquote, urlsplit

from copydesk.engine.rule import LINKS, Option, Rule, Severity, Violation, register
from copydesk.model.article import Article, Link, TextUnit

_CONTROL = re.compile(r"[\x00-\x20]+")
#: Host names reserved for examples and tests (RFC 2606, RFC 6761) and internal names.
PLACEHOLDER_DOMAINS = frozenset(("example.com", "example.org", "example.net", "example.edu"))
RESERVED_TLDS = frozenset(("example", "test", "invalid", "localhost", "local", "internal", "lan", "corp", "home"))
#: First labels of a host that mark a staging or preview copy of a site.
STAGING_LABELS = frozenset(("staging", "stage", "stg", "preview", "uat"))
#: Hosts whose links show one URL and go through another by design (shorteners, redirectors).
REDIRECT_HOSTS = frozenset(
    "t.co bit.ly ow.ly goo.gl tinyurl.com buff.ly dlvr.it trib.al lnkd.in fb.me ift.tt amzn.to youtu.be "
    "l.facebook.com lm.facebook.com out.reddit.com news.google.com www.google.com google.com "
    "feedproxy.google.com shar.es po.st j.mp wp.me".split()
)
#: Link text that names no destination. Teaser buttons ("More", "Read more",
#: "Learn more") are left out: on published pages they are the template's
#: cards and rails, not a writer's sentence.
VAGUE_TEXT = frozenset(
    (
        "click here",
        "click",
        "here",
        "link",
        "this link",
        "click this link",
        "here link",
        "read more here",
        "more here",
        "this",
        "this page",
        "this article",
        "go here",
        "hier",
        "hier klicken",
        "klicken sie hier",
        "ici",
        "cliquez ici",
        "aquí",
        "haga clic aquí",
        "clic aquí",
        "tutaj",
        "kliknij tutaj",
    )
)
_TRIM = " .,:;!?»›→>«‹←<\"'“”‘’()[]|-–—…"
_URL_TEXT = re.compile(r"(?:https?://|www\.)[^\s]{1,2000}", re.IGNORECASE)
_DOMAIN_TEXT = re.compile(
    r"(?:[a-z0-9][a-z0-9-]{0,62}\.){1,4}(?:com|org|net|gov|edu|io|co|uk|de|fr|info|us|ca|au|jp|eu)(?:/[^\s]{0,2000})?",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[^@\s<>(),;:\"\[\]]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}")
_TEL_ALLOWED = re.compile(r"\+?[\d\s().\-/]{1,40}(?:(?:;ext=|;postd=|[pw,#*x])[\d\s#*,pw]{0,20})?", re.IGNORECASE)
_DIGITS = re.compile(r"\d")


def _href(article: Article, link: Link) -> TextUnit | None:
    return article.attribute(link.element, "href")


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


def _site_host(article: Article) -> str:
    for url in (article.canonical, article.meta.get("og:url")):
        if isinstance(url, str) and url.strip():
            host = _host(url.strip())
            if host:
                return host.removeprefix("www.")
    return ""


def _flag_href(article: Article, link: Link, message: str) -> Violation:
    """A finding at the ``href`` value, or at the ``<a>`` tag when the value is empty."""
    unit = _href(article, link)
    if unit is not None and unit.text.strip():
        text = unit.text
        start = len(text) - len(text.lstrip())
        return Violation(unit, start, len(text.rstrip()), message)
    return Violation(article.anchor(link.element), 0, 0, message)


@register
class EmptyLinkTarget(Rule):
    """A link that goes nowhere: ``href=""`` (with the ``scripted`` option, also
    ``href="#"`` and ``javascript:``, which published pages use for script controls).

    An ``<a>`` with no ``href`` at all is an anchor, not a link, and is not
    flagged; neither is a script control marked ``role="button"`` or carrying
    an ``onclick`` handler.
    """

    code = "CD751"
    name = "empty-link-target"
    category = "links"
    scope = LINKS
    severity = Severity.INFO
    summary = 'A link in the body goes nowhere: an empty href="" (and, as an option, "#" or javascript:).'
    options = (
        Option(
            "scripted",
            False,
            'Also flag href="#" and javascript: links (off by default: on published pages they are '
            "almost always script controls — print, share, back to top — that work in a browser).",
        ),
    )
    why = (
        "A link whose destination was never filled in (the CMS's '#' or an empty field) promises the reader a "
        "source and delivers nothing; javascript: links do nothing without scripts and in apps and feeds."
    )
    bad = '<p>The council published <a href="">the full report</a> on Tuesday.</p>'
    good = '<p>The council published <a href="https://council.invalid/report.pdf">the full report</a>.</p>'

    def check_link(self, link: Link, article: Article) -> Iterator[Violation]:
        href = link.href
        if not isinstance(href, str):
            return
        element = link.element
        if element.get("role") == "button" or any(
            name in ("onclick", "class", "id") or name.startswith(("data-", "aria-")) for name in element.attrs
        ):
            return  # a script control (tabs, font size, gallery): editors' links carry no hooks
        value = _CONTROL.sub("", href).lower()
        if value == "":
            yield _flag_href(article, link, "link has an empty href: it goes nowhere")
        elif not self.config["scripted"]:
            return
        elif value == "#":
            yield _flag_href(article, link, "link points at '#': its destination was never filled in")
        elif value.startswith("javascript:"):
            yield _flag_href(article, link, "link is a javascript: action, not a destination")


def placeholder_reason(href: str, site_host: str) -> str | None:
    """Why a destination is a placeholder or internal address, or None."""
    value = href.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return None
    host = (parts.hostname or "").rstrip(".").lower() if parts.netloc else ""
    if host:
        labels = host.split(".")
        if host in PLACEHOLDER_DOMAINS or any(host.endswith("." + domain) for domain in PLACEHOLDER_DOMAINS):
            return f"'{host}' is a placeholder domain"
        if labels[-1] in RESERVED_TLDS:
            return f"'{host}' is a reserved or internal host name"
        try:
            address = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            address = None
        if address is not None and (
            address.is_private or address.is_loopback or address.is_link_local or address.is_unspecified
        ):
            return f"'{host}' is a private or local address"
        if len(labels) >= 3 and (labels[0] in STAGING_LABELS or "staging" in labels[0]):
            return f"'{host}' is a staging or preview host"
    same_site = not host or host.removeprefix("www.") == site_host
    path = unquote(parts.path).lower()
    if "/wp-admin" in path or path.endswith("/wp-login.php"):
        return "it is a WordPress admin URL"
    query = {key.lower(): val.lower() for key, val in parse_qsl(parts.query, keep_blank_values=True)}
    if query.get("preview") not in (None, "false", "0") or "preview_id" in query or "preview_nonce" in query:
        return "it is a CMS preview URL"
    if same_site and path.rstrip("/").endswith("/edit"):
        return "it is a CMS edit URL"
    return None


@register
class PlaceholderLink(Rule):
    """A link to a placeholder or internal destination.

    Example domains (``example.com/.org/.net``, ``*.example``, ``.test``,
    ``.invalid``), ``localhost``, private and link-local IP addresses, hosts
    starting ``staging.``/``preview.``, WordPress admin URLs, ``?preview=true``
    and, on the site's own host, CMS ``/edit`` URLs: each worked only for the
    writer or is a template's stand-in.
    """

    code = "CD752"
    name = "placeholder-link"
    category = "links"
    scope = LINKS
    severity = Severity.WARNING
    summary = "A link points at a placeholder or internal address (example.com, localhost, staging, preview)."
    why = (
        "Links copied from the CMS preview, a staging site or the writer's machine, and template stand-ins "
        "like example.com, are broken for every reader and can leak unpublished drafts."
    )
    bad = '<p>Read <a href="https://staging.ledger.invalid/budget?preview=true">the budget</a> in full.</p>'
    good = '<p>Read <a href="https://www.ledger.com/budget">the budget</a> in full.</p>'

    def check_link(self, link: Link, article: Article) -> Iterator[Violation]:
        if not isinstance(link.href, str) or not link.href.strip():
            return
        reason = placeholder_reason(link.href, article.memo(_site_host, lambda: _site_host(article)))
        if reason:
            yield _flag_href(article, link, f"link destination is not public: {reason}")


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(_TRIM).casefold()


@register
class VagueLinkText(Rule):
    """Link text that says nothing about where it goes: "click here", "here",
    "link", "read more" (and a few equivalents in German, French, Spanish,
    Polish), or a bare URL used as the text.

    Image links (no text) are left to the ``alt`` rules.
    """

    code = "CD753"
    name = "vague-link-text"
    category = "links"
    scope = LINKS
    severity = Severity.INFO
    summary = "Link text says nothing about its destination ('click here', 'here', 'link')."
    why = (
        "Screen-reader users skim a page by its links, out of context: 'here' and 'click here' say nothing. "
        "Words that name the destination ('the council's report') help every reader and search engines."
    )
    options = (
        Option(
            "bare_urls",
            False,
            "Also flag link text that is a bare URL (off by default: a printed web address is "
            "standard practice for contact details, sources and code examples).",
        ),
    )
    bad = '<p>The council published its report. <a href="https://council.invalid/report">Click here</a>.</p>'
    good = '<p>The council published <a href="https://council.invalid/report">its budget report</a>.</p>'

    def check_link(self, link: Link, article: Article) -> Iterator[Violation]:
        bare = self.config["bare_urls"]
        block = link.block
        if block is None or link.end <= link.start or not isinstance(link.href, str):
            return
        text = link.text
        if _clean(text) in VAGUE_TEXT:
            yield Violation(block, link.start, link.end, f"link text '{text}' says nothing about its destination")
        elif bare and _URL_TEXT.fullmatch(text):
            yield Violation(block, link.start, link.end, "link text is a bare URL: name the destination instead")


#: Hosts that serve copies of other sites' pages: a link rewritten to point at
#: the copy still names the original site, as the writer saw it.
ARCHIVE_HOSTS = (
    "web.archive.org",
    "archive.org",
    "archive.today",
    "archive.ph",
    "archive.is",
    "archives.gov",
    "webcache.googleusercontent.com",
    "archive.fo",
    "archive.li",
)
#: Hosts whose page about a site is named by the site's name (a citation to
#: "Vulture.com" links its encyclopedia entry).
REFERENCE_HOSTS = ("wikipedia.org", "wikimedia.org", "wikidata.org")
_TAG_PAGE = re.compile(r"/(?:tags?|topics?|category|categories|keyword|search)(?:/|$)", re.IGNORECASE)
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")


def _under(host: str, parents: tuple[str, ...]) -> bool:
    return any(host == parent or host.endswith("." + parent) for parent in parents)


def _leads_to(target: str, shown_host: str) -> bool:
    """Whether the link is a wrapper that leads to the shown site anyway.

    An outbound redirect (``forum.example/redirect?to=https://xda…``), an
    affiliate link (``go.shop.de/eatsmall`` for ``eat-small.com``), an archive's
    copy, an encyclopedia entry or a tag page named by the site: the text names
    where the reader ends up or what the page is about, so it is not a slip.
    """
    target_host, target_path = _comparable(target)
    if _under(target_host, ARCHIVE_HOSTS) or _under(target_host, REFERENCE_HOSTS) or _TAG_PAGE.search(target_path):
        return True
    name = shown_host.rsplit(".", 1)[0] if "." in shown_host else shown_host
    squeezed = re.sub(r"[^a-z0-9]", "", name.lower())
    rest = re.sub(r"[^a-z0-9]", "", unquote(target.split("/", 3)[-1]).lower()) if target.count("/") >= 3 else ""
    return len(squeezed) >= 4 and squeezed in rest


def _handle_free(path: str) -> str:
    """A path with social handles' ``@`` dropped: ``/@name`` and ``/name`` are one account."""
    return path.replace("/@", "/")


def _comparable(url: str) -> tuple[str, str]:
    """(host without www., path without trailing slash), lower-cased host."""
    value = _INVISIBLE.sub("", url).strip()
    if not re.match(r"[a-z][a-z0-9+.-]{0,20}://", value, re.IGNORECASE):
        value = "http://" + value
    try:
        parts = urlsplit(value)
    except ValueError:
        return "", ""
    host = (parts.hostname or "").lower().rstrip(".").removeprefix("www.")
    return host, unquote(parts.path).rstrip("/")


@register
class LinkTextUrlMismatch(Rule):
    """Link text that is a URL or domain other than where the link goes.

    The host is compared (``www.`` ignored) and, when the text shows a path,
    the path too (a shortened display ending in ``…`` compares as a prefix;
    query strings are ignored). Links through shorteners and redirectors
    (``t.co``, ``bit.ly``, ``news.google.com``) are left alone, and so are
    links marked ``rel="sponsored"``: an ad shows its advertiser's domain over
    the network's click tracker by design.
    """

    code = "CD754"
    name = "link-text-url-mismatch"
    category = "links"
    scope = LINKS
    severity = Severity.WARNING
    summary = "A link's text is a URL that differs from where the link actually goes."
    why = (
        "A reader who sees a URL expects to go there; a different destination is a copy-paste slip (the wrong "
        "link kept) or looks like phishing, and misleads anyone who copies the text."
    )
    bad = '<p>Details are at <a href="https://www.ledger.com/old-story">www.ledger.com/budget-2024</a>.</p>'
    good = '<p>Details are at <a href="https://www.ledger.com/budget-2024/">www.ledger.com/budget-2024</a>.</p>'

    def check_link(self, link: Link, article: Article) -> Iterator[Violation]:
        block, href = link.block, link.href
        if block is None or not isinstance(href, str) or link.end <= link.start:
            return
        text = link.text.strip()
        if not (_URL_TEXT.fullmatch(text) or _DOMAIN_TEXT.fullmatch(text)):
            return
        target = href.strip()
        if not re.match(r"https?://", target, re.IGNORECASE):
            return
        if "sponsored" in (token.lower() for token in link.element.tokens("rel")):
            return  # an ad's display URL over its click tracker: the ad network's link, not copy
        target_host, target_path = _comparable(target)
        if not target_host or target_host in REDIRECT_HOSTS or "www." + target_host in REDIRECT_HOSTS:
            return
        truncated = "…" in text or "..." in text
        shown_host, shown_path = _comparable(text.rstrip(".…"))
        if shown_host != target_host and _leads_to(target, shown_host):
            return
        shown_path, target_path = _handle_free(shown_path), _handle_free(target_path)
        if shown_host != target_host and not (truncated and target_host.startswith(shown_host) and "/" not in text):
            yield Violation(
                block, link.start, link.end, f"link text shows {shown_host} but the link goes to {target_host}"
            )
        elif (
            shown_path
            and "…" not in shown_path
            and "..." not in shown_path[:-3]
            and not (
                target_path.lower().startswith(shown_path.lower())
                if truncated
                else target_path.lower() == shown_path.lower()
            )
        ):
            yield Violation(
                block,
                link.start,
                link.end,
                f"link text shows a different page than the link opens ({target[:100]})",
            )


@register
class MalformedContactLink(Rule):
    """A ``mailto:`` without a valid address or a ``tel:`` that is not a phone number.

    ``mailto:?subject=…`` (compose with no recipient) is valid and accepted.
    A ``tel:`` needs 3 to 15 digits and only digits, ``+``, spaces and the
    usual separators (an extension is allowed).
    """

    code = "CD755"
    name = "malformed-contact-link"
    category = "links"
    scope = LINKS
    severity = Severity.WARNING
    summary = "A mailto: link has no valid address, or a tel: link is not a phone number."
    why = (
        "Readers tap a tip-line address or phone number to reach the newsroom; a malformed one "
        "('mailto:tips at ledger', 'tel:TBD') fails silently on their device."
    )
    bad = '<p>Send tips to <a href="mailto:tips@ledger">the news desk</a>.</p>'
    good = '<p>Send tips to <a href="mailto:tips@ledger.com?subject=Tip">the news desk</a>.</p>'

    def check_link(self, link: Link, article: Article) -> Iterator[Violation]:
        href = link.href
        if not isinstance(href, str):
            return
        value = href.strip()
        scheme = value[:7].lower()
        if scheme == "mailto:":
            problem = self._mail_problem(value[7:])
        elif value[:4].lower() == "tel:":
            problem = self._tel_problem(value[4:])
        else:
            return
        if problem:
            yield _flag_href(article, link, problem)

    @staticmethod
    def _mail_problem(rest: str) -> str | None:
        address, _, query = rest.partition("?")
        address = unquote(address).strip()
        if not address:
            return None if query else "mailto: link has no address"
        for part in address.split(","):
            part = part.strip()
            if not _EMAIL.fullmatch(part):
                return f"mailto: address '{part[:60]}' is not a valid e-mail address"
        return None

    @staticmethod
    def _tel_problem(rest: str) -> str | None:
        number = unquote(rest).strip()
        digits = len(_DIGITS.findall(number))
        if not number or not _TEL_ALLOWED.fullmatch(number) or not 3 <= digits <= 15:
            return f"tel: link '{number[:40]}' is not a phone number"
        return None
