"""Boilerplate (CD4xx): site widgets scraped or pasted into the article's own copy.

Related-story boxes, share bars, comment prompts, newsletter pitches and ad
labels belong to the page around a story. When a scraper or a careless paste
carries them into the body, readers get "Also ReadButterfly Nebula now has
wings" in the middle of the copy, and every downstream use of the text
(syndication, search snippets, summaries) inherits the junk.

Severity is **warning**, not error: a widget label is noise around the story,
not a missing or false fact (that is what the placeholder family flags as
errors), and telling a label from the same words in prose is judgement from
context, which deserves a softer default. A newsroom that wants widgets to
block publishing can raise it to error in config.

Only the article body is checked: the same words in navigation, comment
sections, footers, sidebars and ``aside`` boxes are site chrome, which the
article model already sets apart.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import ClassVar
from urllib.parse import urlsplit

from copydesk.engine.kinds import (
    TRAILERS,
    ExistenceRule,
    Hit,
    Phrase,
    at_block_start,
    at_sentence_start,
    only_trailers,
)
from copydesk.engine.rule import Option, Severity, Violation, register
from copydesk.model.article import Article, Block
from copydesk.model.sitetext import classify_line, is_sentence

_LABEL = "scraped widget label {text!r} in the article body"
_CALL = "site call to action {text!r} in the article body"
# Small words that stay lower case in a title-cased label ("Leave a Comment").
_SMALL_WORDS = frozenset("a an the to of on in for our us and or with".split())
# After a label, a widget has a colon-like separator.
_SEPARATORS = frozenset(":|»›")
_ROLES_WITH_TITLE_CASE = frozenset(("headline", "dek", "subheading"))
_SITE_TEXT = "site text in the article ({kind}): {text!r}"
# Second-level labels under which sites register (example.co.uk): the site is the label before them.
_SECOND_LEVEL = frozenset("co com net org gov ac edu".split())


def _glueable(pattern: str) -> str:
    """Word boundaries that let a capital follow (or a lower-case letter precede) the phrase.

    A scraper joins a label and the next element without a space
    (``Also ReadButterfly``), so ``\\b`` would miss the label; ``accept``
    then insists that such a join happens at a tag boundary.
    """
    return rf"(?<!(?-i:[A-Z0-9_]))(?:{pattern})(?!(?-i:[a-z0-9_]))"


def _is_title_case(text: str) -> bool:
    words = re.findall(r"[A-Za-z]+", text)
    return bool(words) and all(word[0].isupper() or word.lower() in _SMALL_WORDS for word in words)


def _is_capitals(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and all(char.isupper() for char in letters)


@register
class ScrapedWidget(ExistenceRule):
    """A site widget's label ("Also Read", "Share this:", "Advertisement") inside the body.

    ## What it does
    Flags site text that has become part of the article's own copy, reporting
    the site text itself (a label with its colon, a counter, a prompt), not the
    whole paragraph.

    **Plain text** (a scraped or pasted page saved as text) has no markup to set
    the site apart, so every line of site text in it is a defect: widget
    headings ("Trending Now", "Popular Posts", "Must read"), related-story lines
    ("Also read …", "See also …", "আরও পড়ুন-…"), counters ("0 Comments", "51
    views"), buttons ("Loading...", "Back to top"), share, newsletter and
    notification prompts, comment-form text ("Post a Comment"), ad labels,
    breadcrumbs, tag lists, copyright and "Source link" footers, embed fallback
    text ("View this post on Instagram"), navigation labels above the headline
    and related-story lists after the story. In other languages too: widget
    labels from one multilingual vocabulary ("ЧИТАЙТЕ ТАКЖЕ:", "Reklama",
    "Lesen Sie auch:"), and by structure in any language — the title-like
    lines under a widget label, a short label in capitals or ending in ":"
    over headlines that end the page, a read-more or button label glued after
    a paragraph's last sentence ("… the city. Read more", "… বিস্তারিত") or
    the same few words glued after three or more paragraphs, a weekday date
    alone above the headline. A sentence that introduces the story's
    own list ("…, he can follow these steps:") keeps that list the story's. The
    text reader decides what each line is (``copydesk inspect`` shows it); this
    rule reports it.

    **HTML and Markdown**: a label counts as scraped into the copy when it has a
    widget's marks *and* sits in the copy:

    * the next text is glued on at a tag boundary (``Also ReadButterfly``) —
      always flagged, the scraping signature;
    * it is the whole block, or opens it, as a paragraph of the story's own
      flow (``<p>ADVERTISEMENT</p>`` between story paragraphs);
    * a colon or separator follows it, or a headline-like link (``Also Read:
      <a>Flooding hits the coast</a>``) to another site;
    * it opens a sentence in title case or capitals inside a paragraph.

    Distinctive calls to action (``Story continues below advertisement``,
    ``Click to share on Facebook (Opens in new window)``, ``Subscribe to our
    newsletter``, ``Follow us on Google News``, ``Join our Telegram channel``)
    count as labels.

    ## What it does not flag
    The same words in prose: "Read more about the study in Nature.",
    "residents can leave a comment at the town hall", "she also read the
    letter aloud", "related posts on the forum", "also reads", "Recommended
    daily intake is…", "Advertisement revenue fell". Quoted speech. On an HTML
    page, the template's own furniture: site chrome outside the body, and
    inside it an ad slot's label, a rich-link card or a related box in an
    element of its own (another container or class than the story's
    paragraphs), and whatever follows the story's last paragraph (end-of-story
    taglines, "Follow us on Twitter", reading lists). A publisher's deliberate
    promo of its own story ("READ MORE: <a href=/own-story>", "Related:
    <a>…</a>" to the same site) is house style, not a slip, unless
    ``own_site_promos`` is off.
    """

    code = "CD401"
    name = "scraped-widget"
    category = "boilerplate"
    severity = Severity.WARNING
    summary = "A site widget's label ('Also Read', 'Share this:', 'Advertisement') scraped into the body"
    why = (
        "Widget labels belong to the page around a story. Inside the body they interrupt the copy, and "
        "every reuse of the text (syndication, search snippets, summaries) carries the junk along."
    )
    bad = '<p><strong>Also Read</strong><a href="/nebula">Butterfly Nebula now has wings</a></p>'
    good = "<p>She also read the letter aloud. Read more about the study in Nature.</p>"

    options = (
        Option(
            "allow_story_promos",
            False,
            "Accept every in-body promo of another story ('Related: <link>', 'READ MORE: <link>') as house style, "
            "wherever it links; a label glued to its link without a space (a scraping signature) is still flagged.",
        ),
        Option(
            "own_site_promos",
            True,
            "Accept a promo whose link goes to the page's own site (a relative link, or the host of its canonical "
            "URL) as the publisher's house style; set false to flag those too. Plain text has no links: its "
            "promo lines are always flagged.",
        ),
    )

    phrases: ClassVar[tuple[Phrase, ...]] = (
        # Promo labels: introduce links to other stories; widgets only with a widget's marks.
        Phrase(
            _glueable(
                r"also read|read also|read more|read next|continue reading|"
                r"related (?:posts?|articles?|stories|story|coverage|content|news|reading|links|videos?|topics)|"
                r"(?:you (?:may|might) also (?:like|enjoy|be interested in))|"
                r"recommended (?:for you|stories|articles|reading|videos?|posts)|"
                r"most (?:read|popular|viewed)"
            ),
            _LABEL,
            word_boundaries=False,
            kind="promo",
            triggers=("read", "related", "also", "recommended", "most"),
        ),
        # Other widget labels: share bars, comment prompts, trending boxes.
        Phrase(
            _glueable(
                r"trending (?:now|stories|news)|leave a (?:comment|reply)|"
                r"share this(?: (?:article|story|post|page))?|share on (?:facebook|twitter|x|whatsapp|linkedin)"
            ),
            _LABEL,
            word_boundaries=False,
            kind="label",
            triggers=("trending", "leave", "share"),
        ),
        # One common word: a widget only when standing alone, before a colon or
        # link, glued on, or in capitals ("ADVERTISEMENT"); never by title case.
        Phrase(
            _glueable(r"related|recommended|trending|advertisement|sponsored|promoted|popular"),
            _LABEL,
            word_boundaries=False,
            kind="word",
            triggers=("related", "recommended", "trending", "advertisement", "sponsored", "promoted", "popular"),
        ),
        # Calls to action that have no prose reading.
        Phrase(
            r"story continues below(?: the)? advertisement|"
            r"click to share on [A-Za-z+]{1,20}(?: \(opens in new window\))?|"
            r"(?:click here to )?join our (?:whatsapp|telegram)(?: group| channel| community)|"
            r"follow us on (?:google news|google|twitter|facebook|instagram|telegram|whatsapp|linkedin)|"
            r"(?:subscribe to|sign up (?:for|to)) our (?:free |daily |weekly |email )?newsletters?",
            _CALL,
            kind="call",
            triggers=("continues", "share", "join", "follow", "subscribe", "sign"),
        ),
    )

    def accept(self, hit: Hit, block: Block) -> Hit | None:
        if hit.phrase.kind == "call":
            return hit
        text = block.text
        start, end = hit.start, hit.end
        if self._glued_at_block_start(hit, block):
            return hit  # plain text has no tags: "Also ReadButterfly…" opening a block
        if (end < len(text) and text[end].isalnum() and end not in block.boundaries) or (
            start > 0 and text[start - 1].isalnum() and start not in block.boundaries
        ):
            return None  # part of a longer word ("ADVERTISEMENTS"), not glued on by a scraper
        if hit.matched[0].isupper() and self._glued(block, start, end):
            return hit  # the scraping signature: always a widget
        promo = hit.phrase.kind == "promo" or hit.matched.lower() in ("related", "recommended", "popular")
        if promo and self.config["allow_story_promos"]:
            return None
        after = end
        while after < len(text) and after - end < 2 and text[after] == " ":
            after += 1
        separator = after < len(text) and text[after] in _SEPARATORS
        labelled = hit
        if separator and after == end:
            labelled = Hit(hit.phrase, hit.match, start, end + 1, text)
        if at_block_start(text, start) and only_trailers(text, end):
            return labelled
        matched = hit.matched
        if not matched[0].isupper():
            return None  # a widget label is capitalised; "she also read: …" is prose
        if separator:
            return labelled
        if self._link_follows(block, start, end, whole_link=hit.phrase.kind != "word"):
            return labelled
        styled = _is_title_case(matched) or _is_capitals(matched)
        if start in block.boundaries and only_trailers(text, end) and styled:
            return labelled  # its own element at the end of the block: "…said.<b>Also Read</b>"
        if not at_sentence_start(text, start):
            return None
        if _is_capitals(matched) and not self.shouting(block) and len(matched) > 3:
            return labelled
        if (
            hit.phrase.kind in ("label", "promo")
            and " " in matched
            and _is_title_case(matched)
            and block.role not in _ROLES_WITH_TITLE_CASE
        ):
            return labelled
        return None

    def check(self, article: Article) -> Iterator[Violation]:
        """Labels in the copy's blocks, then the site text the plain-text reader found (not twice)."""
        found = list(super().check(article))
        taken: dict[int, list[tuple[int, int]]] = {}
        for violation in found:
            taken.setdefault(id(violation.unit), []).append((violation.start, violation.end))
        for site in article.site_text:
            if any(start < site.end and site.start < end for start, end in taken.get(id(site.block), ())):
                continue
            text = site.block.text[site.start : site.end]
            shown = text if len(text) <= 80 else text[:79] + "…"
            found.append(
                self.violation(site.block, site.start, site.end, _SITE_TEXT.format(kind=site.kind, text=shown))
            )
        yield from found

    def check_block(self, block: Block, article: Article) -> Iterator[Violation]:
        for hit in self.hits(block):
            if not self._furniture(hit, block, article):
                yield self.violation(block, hit.start, hit.end, self.message(hit))

    def _furniture(self, hit: Hit, block: Block, article: Article) -> bool:
        """Whether a label on an HTML page is the template's or the publisher's, not text scraped into the copy.

        Glued labels never are. Otherwise: a promo linking to the page's own
        site (house style, ``own_site_promos``), a label opening a block that is
        not a paragraph of the story's flow (another container or class: an ad
        slot, a card, a related box), or any label after the story's last
        paragraph (taglines and reading lists under the story).
        """
        if block.element is None or article.body is None:
            return False  # plain text and Markdown: no template to tell apart
        if self._glued_at_block_start(hit, block) or (
            hit.matched[0].isupper() and self._glued(block, hit.start, hit.end)
        ):
            return False
        if self._link_list(block, hit, article):
            return True
        if at_block_start(block.text, hit.start) and not self._in_story_flow(block, article):
            return True
        return block.index > self._story_end(article)

    def _link_list(self, block: Block, hit: Hit, article: Article) -> bool:
        """Whether the label heads links the page itself wrote: a link button, a reading list, an own-site promo.

        * the label is a link's whole text (``<a href="#">Read More</a>``): a button of the template;
        * the label stands alone and the next block opens with a link, or two or more links follow it
          in its block: a reading list (house cross-links, a writer's sources);
        * one link follows it to the page's own site (``own_site_promos``): the publisher's promo.

        A single link to another site after the label is what a scraper copies
        along ("Also Read: <a href=the-original-site>"), and stays flagged.
        """
        text = block.text
        links = [link for link in block.links if link.end > hit.start]
        if any(link.start <= hit.start and hit.end <= link.end for link in links):
            return True
        following = [link for link in links if link.start >= hit.end]
        if not following:
            if only_trailers(text, hit.end) and block.index + 1 < len(article.blocks):
                after = article.blocks[block.index + 1]
                return any(link.start == 0 for link in after.links)
            return False
        if len(following) >= 2:
            return True
        if not self.config["own_site_promos"] or following[0].start - hit.end > 3:
            return False
        return self._own_site(following[0].href or "", article)

    def _own_site(self, href: str, article: Article) -> bool:
        """Whether a link goes to the page's own site: a relative address, or the host of its canonical URL."""
        parts = urlsplit(href.strip())
        if not parts.netloc:
            return parts.scheme in ("", "http", "https") and not href.strip().startswith(("#", "javascript:"))
        home = self._home(article)
        return bool(home) and _site(parts.hostname or "") == home

    @staticmethod
    def _home(article: Article) -> str:
        """The page's own site (``example.com``), from its canonical or og:url address; "" when unknown."""
        address = article.canonical or article.meta.get("og:url") or ""
        return _site(urlsplit(address.strip()).hostname or "")

    @staticmethod
    def _story_parent(article: Article) -> tuple[tuple[int, int] | None, tuple[str, ...]]:
        """Where the story's paragraphs sit: their most common parent element and class."""

        def compute() -> tuple[tuple[int, int] | None, tuple[str, ...]]:
            parents: Counter[tuple[int, int] | None] = Counter()
            classes: Counter[tuple[str, ...]] = Counter()
            for block in article.copy_blocks(frozenset(("paragraph",))):
                if block.element is not None and len(block.text.split()) >= 15:
                    parent = block.element.parent
                    parents[parent.span if parent is not None else None] += 1
                    classes[tuple(sorted(block.element.classes))] += 1
            if not parents:
                return None, ()
            return parents.most_common(1)[0][0], classes.most_common(1)[0][0]

        return article.memo(("CD401", "story-parent"), compute)

    def _in_story_flow(self, block: Block, article: Article) -> bool:
        """Whether a block is a paragraph of the story's own flow: the story's container, the story's class."""
        element = block.element
        if element is None:
            return True
        parent_span, story_classes = self._story_parent(article)
        if parent_span is None:
            return True  # no story paragraphs to compare with (a short fragment): judge as copy
        parent = element.parent
        if (parent.span if parent is not None else None) != parent_span:
            return False
        return tuple(sorted(element.classes)) == story_classes or not element.classes

    @staticmethod
    def _story_end(article: Article) -> int:
        """Index of the story's last paragraph that reads as a sentence: what follows is the page's, not the story's."""

        def compute() -> int:
            last = -1
            for block in article.copy_blocks(frozenset(("paragraph", "list-item", "blockquote"))):
                if is_sentence(block.text) and classify_line(block.text) is None:
                    last = block.index  # a sentence of the story, not a tagline ("Follow us on Twitter …")
            return last if last >= 0 else len(article.blocks)

        return article.memo(("CD401", "story-end"), compute)

    def _link_follows(self, block: Block, start: int, end: int, whole_link: bool) -> bool:
        """A link right after the label, titled like a headline, or the label is a link's whole text.

        A single common word as a link's text ("Popular" in a category list) is not a widget label.
        """
        for link in self.link_index(block).starting_between(max(0, start - 2), end + 3):
            tail = block.text[end : link.end] if link.end - end <= 6 else "x"
            if whole_link and link.start <= start and end <= link.end and all(char in TRAILERS for char in tail):
                # A "Read more" link stands alone or ends a teaser; mid-sentence it is a footnote or prose.
                return link.start >= start - 2 and (
                    at_block_start(block.text, link.start) or only_trailers(block.text, link.end)
                )
            if end <= link.start <= end + 3 and link.text[:1] and (link.text[0].isupper() or link.text[0].isdigit()):
                return True
        return False

    @staticmethod
    def _glued_at_block_start(hit: Hit, block: Block) -> bool:
        """A title-case label of two or more words opening the block, a capitalised word run into it.

        The scraping signature where no tags survive (plain text, a CMS that
        flattened the markup): ``Also ReadButterfly Nebula…``. One-word labels
        are left out, since a name glued to a capital (``RelatedX``) is too
        often a brand.
        """
        text, end, matched = block.text, hit.end, hit.matched
        return (
            " " in matched
            and _is_title_case(matched)
            and at_block_start(text, hit.start)
            and end + 1 < len(text)
            and matched[-1].islower()
            and text[end].isupper()
            and text[end + 1].islower()
        )

    @staticmethod
    def _glued(block: Block, start: int, end: int) -> bool:
        """Text from another element glued on without a space: ``Also ReadButterfly``."""
        text = block.text
        if end in block.boundaries and end < len(text) and text[end].isupper() and text[end - 1].isalpha():
            return True
        return start in block.boundaries and start > 0 and text[start - 1].isalpha() and text[start - 1].islower()


def _site(host: str) -> str:
    """The registrable part of a host name: ``www.ok.co.uk`` → ``ok.co.uk``, ``news.example.com`` → ``example.com``."""
    labels = [label for label in host.lower().rstrip(".").split(".") if label]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])
