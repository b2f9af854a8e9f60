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
from typing import ClassVar

from copydesk.engine.kinds import (
    TRAILERS,
    ExistenceRule,
    Hit,
    Phrase,
    at_block_start,
    at_sentence_start,
    only_trailers,
)
from copydesk.engine.rule import Option, Severity, register
from copydesk.model.article import Block

_LABEL = "scraped widget label {text!r} in the article body"
_CALL = "site call to action {text!r} in the article body"
# Small words that stay lower case in a title-cased label ("Leave a Comment").
_SMALL_WORDS = frozenset("a an the to of on in for our us and or with".split())
# After a label, a widget has a colon-like separator.
_SEPARATORS = frozenset(":|»›")
_ROLES_WITH_TITLE_CASE = frozenset(("headline", "dek", "subheading"))


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
    Flags labels of related-story boxes, share bars, comment prompts, ad slots
    and newsletter/social pitches that ended up in the article's own copy,
    reporting the label itself (with its colon), not the whole paragraph.
    A label counts as a widget when it has a widget's marks:

    * it is the whole block (``<p>Related Articles</p>``, ``<p>ADVERTISEMENT</p>``);
    * a colon or separator follows it (``Read more:``, ``Related:``);
    * a link follows it at once, titled like a headline, or it is a link's
      whole text (``<strong>Also Read</strong><a>Butterfly Nebula…</a>``);
    * the next text is glued on at a tag boundary (``Also ReadButterfly``);
    * it opens the block or a sentence in title case or capitals (``Read More``,
      ``YOU MAY ALSO LIKE``) in a block that is not itself title-cased or shouting.

    Distinctive calls to action (``Story continues below advertisement``,
    ``Click to share on Facebook (Opens in new window)``, ``Subscribe to our
    newsletter``, ``Follow us on Google News``, ``Join our Telegram channel``)
    are flagged wherever they appear in the body.

    ## What it does not flag
    The same words in prose: "Read more about the study in Nature.",
    "residents can leave a comment at the town hall", "she also read the
    letter aloud", "related posts on the forum", "also reads", "Recommended
    daily intake is…", "Advertisement revenue fell". Quoted speech. Anything
    outside the article body (navigation, comment forms, footers, sidebars).
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
            "Accept in-body promos of other stories ('Related: <link>', 'READ MORE: <link>') as house style; "
            "a label glued to its link without a space (a scraping signature) is still flagged.",
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
