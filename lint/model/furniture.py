"""Site furniture inside the story's container that only its structure and wording give away.

Class words (:mod:`copydesk.model.html`) find most of a template's furniture;
what they miss sits in the story's own container under random or bare markup:

* a **teaser grid** — three or more alike cards, each a link with a thumbnail
  or a heading, perhaps under a label ("Самые популярные диеты", "Our Latest
  Stories");
* a **promo rail** — a widget label ("You may also like…", "RELATED
  ARTICLES", "More:", "DON'T MISS") followed by a run of elements that are
  little but links (plain ``<p>`` headlines, one-link lists, content cards),
  or a label opening an element followed by a list of links in it;
* an **ad box** — an element of its own (not a paragraph) whose only text is
  an ad slot's label ("Advert") around the ad's script;
* a **list of linked headlines** — every item a heading that is a link (an
  "embedded article" card between paragraphs);
* a **link card** — a link that holds paragraphs or headings of its own (the
  whole box is one click: a channel promo, a teaser), which story copy never is;
* **site text after the story** — calls to action, share prompts and widget
  labels in the blocks after the story's last paragraph ("Follow Newsbeat on
  Instagram…", "Subscribe to our newsletters."), the template's sign-off.

The tests follow readability's and trafilatura's link density (text that is
mostly link text is navigation) and jusText's idea that a short block is
judged by its neighbours: a label is furniture only when a run of links
follows it, and links are furniture only when a label heads them or they
repeat one card's shape. A single promo line in the story's flow ("READ MORE:
<a>…</a>", "Subscribe to our newsletter.") stays copy: whether it is house style
or a scraping slip is for the boilerplate rule to judge, not the reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import Tag
from bs4.element import NavigableString
from copydesk.model.article import Block
from copydesk.model.sitetext import classify_line, has_template_token, words

_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#].*)?$", re.IGNORECASE)


def links_away(tag: Tag) -> bool:
    """Whether an element is a link to another page: a lightbox link to the picture's own
    file (a gallery of the story's photos) leads nowhere else."""
    if tag.name != "a":
        return False
    href = tag.get("href")
    return isinstance(href, str) and bool(href.strip()) and not _IMAGE_FILE.search(href.strip())


def holds_own_picture(tag: Tag) -> bool:
    """Whether a box shows a picture that is not a link: the story's image with a share bar
    beside it, not a rail of linked thumbnails."""
    for image in tag.find_all("img"):
        node = image.parent
        while node is not None and node is not tag and node.name != "a":
            node = node.parent
        if node is tag:
            return True
    return False


@dataclass(frozen=True)
class TextStats:
    """Per element (by ``id``) of the body: characters of text, of link text, and links to other pages."""

    total: dict[int, int]
    linked: dict[int, int]
    links: dict[int, int]

    def text(self, tag: Tag) -> int:
        return self.total.get(id(tag), 0)

    def link_share(self, tag: Tag) -> float:
        text = self.total.get(id(tag), 0)
        return self.linked.get(id(tag), 0) / text if text else 0.0


_TEASER_MARKS = frozenset(("img", "picture", "h2", "h3", "h4", "h5", "h6"))
#: A card holds a linked headline and a blurb; longer than this, it is a section of copy.
_CARD_TEXT = 300
#: A label over a grid or rail: a few words.
_LABEL_TEXT = 80
#: Elements that make a block of their own: a rail's label and items are such blocks (a label
#: in a ``<strong>`` of a paragraph is the paragraph's business, see :func:`_label_opens_list`).
_BLOCKS = frozenset(
    "address article blockquote center dd details div dl dt figure footer h1 h2 h3 h4 h5 h6 header li "
    "ol p section summary ul".split()
)


def _element_children(tag: Tag) -> list[Tag] | None:
    """A container's child elements, or None when text stands between them (prose, not a box of parts)."""
    children = []
    for child in tag.children:
        if type(child) is Tag:
            children.append(child)
        elif type(child) is NavigableString and child.strip():
            return None
    return children


def teaser_grid(tag: Tag, stats: TextStats) -> bool:
    """Whether ``tag`` is a grid of story teasers: three or more children alike (same tag and
    class), each a short item with a link and a thumbnail or a heading of its own.

    A label may head the grid ("Most popular", in whatever language): one or two
    short children before the cards, with no link of their own. Copy has lists of
    links too (sources, further reading), but their items carry no picture or
    heading each; a related-stories box, a "latest stories" strip or a
    popular-posts widget is built of exactly such cards.
    """
    children = _element_children(tag)
    if children is None or len(children) < 3:
        return False
    signature = (children[-1].name, children[-1].get("class"))
    lead = 0
    while lead < len(children) and (children[lead].name, children[lead].get("class")) != signature:
        lead += 1
    if lead > 2 or any(stats.text(child) > _LABEL_TEXT or stats.links.get(id(child)) for child in children[:lead]):
        return False
    cards = children[lead:]
    if len(cards) < 3 or any((child.name, child.get("class")) != signature for child in cards):
        return False
    for child in cards:
        if stats.text(child) > _CARD_TEXT or child.find(links_away) is None:
            return False
        if child.find(_TEASER_MARKS) is None:
            return False
    return True


# --- promo rails: a widget label, then links ------------------------------------------------

_LABEL_TAIL = " \t\r\n\u00a0.:…!|»›>-–—→▶►"
#: Marks that end a label before its links ("Related:", "More »", "Read more —").
_SEPARATORS = frozenset(":|»›>-–—→▶►")
# Labels of promo rails: the rail's words (more, related, latest …) with a rail's nouns
# (stories, articles …), a brand or a name between them allowed ("More Great WIRED
# Stories", "Jane Doe's Most Recent Stories"), and the idioms.
_RAIL_LABEL = re.compile(
    r"(?:[\w’'.&-]+\s+){0,3}"
    r"(?:more|most|latest|recent|related|recommended|popular|top|other|similar|trending|featured|editor[’']?s)"
    r"(?:\s+[\w’'.&-]+){0,3}?\s+"
    r"(?:stories|story|articles|article|posts|news|reads|videos|coverage|headlines|links|reading|picks)|"
    r"more|related|see also|also read|read (?:more|also|next)|more (?:on|from|about|in) .{1,40}|"
    r"don[’']?t miss|must read|recommended(?: for you)?|in case you missed it|"
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in)",
    re.IGNORECASE,
)


_SENTENCE = re.compile(r"(?<![.\s])\.\s*$")


def is_rail_label(text: str) -> bool:
    """Whether a short text is the label of a promo rail ("You may also like…", "RELATED ARTICLES", "More:").

    Widget headings of :func:`copydesk.model.sitetext.classify_line` count too
    (they know other languages). Read alone such a label may be a subheading;
    :func:`promo_rail` takes it for a rail's only when links follow it.
    """
    stripped = text.strip(_LABEL_TAIL)
    if not stripped or len(stripped) > _LABEL_TEXT or len(words(stripped)) > 8:
        return False
    if _SENTENCE.search(text):
        return False  # "Learn more at MedCity News." is a sentence; a label ends bare, or in ":", "…", "..."
    if _RAIL_LABEL.fullmatch(stripped):
        return True
    site = classify_line(stripped)
    return site is not None and site.whole and site.kind == "widget heading"


def _empty(tag: Tag, stats: TextStats) -> bool:
    """An element that shows no text (an ad slot, a rule, a spacer): a rail runs on past it."""
    return not stats.text(tag)


def _rail_item(tag: Tag, stats: TextStats) -> bool:
    """Whether an element after a rail's label is one of its links.

    A list counts when every item is short and holds a link (a teaser's line
    may be half prose: "YouTubers must unionize, <a>no matter what Google
    says</a>"); any other element when it is short and mostly link text (a
    linked headline in a ``<p>``, a content card with its thumbnail).
    """
    text = stats.text(tag)
    if not text or not stats.links.get(id(tag)):
        return False
    if tag.name in ("ul", "ol"):
        items = [child for child in tag.find_all("li", recursive=False)]
        return bool(items) and all(
            stats.text(item) <= _CARD_TEXT and item.find(links_away) is not None and stats.link_share(item) >= 0.3
            for item in items
        )
    return text <= _CARD_TEXT and stats.link_share(tag) >= 0.6


def _rail_after(label: Tag, stats: TextStats) -> list[Tag]:
    """The run of rail items that follows a label among its siblings (empty elements between skipped)."""
    run: list[Tag] = []
    for sibling in label.next_siblings:
        if type(sibling) is NavigableString:
            if sibling.strip():
                break
            continue
        if type(sibling) is not Tag:
            continue
        if _empty(sibling, stats):
            continue
        if sibling.name not in _BLOCKS or not _rail_item(sibling, stats):
            break
        run.append(sibling)
    return run


def _label_opens_list(tag: Tag, stats: TextStats) -> bool:
    """Whether an element is a label and a list of links in one ("DON'T MISS<br><a>…</a><br><a>…</a>").

    The text before the first link is a rail label, set apart from the links
    as a label is: by a line break, a separator mark ("Related Articles:"), or
    an element of its own (``<strong>DON'T MISS</strong>``). Words running on
    into a link ("See more photos in the <a>gallery</a>, images by <a>…</a>")
    are a sentence; glued on ("Also Read<a>Butterfly…") the label is the
    scraping signature, copy the boilerplate rule reports. Two links or more,
    and the text after the label mostly theirs: one link after a label is a
    promo line, which the boilerplate rule judges.
    """
    text = stats.text(tag)
    if not text or text > 2 * _CARD_TEXT or stats.links.get(id(tag), 0) < 2:
        return False
    first = tag.find(links_away)
    if first is None:
        return False
    before: list[str] = []
    broken = False
    own: Tag | None = None
    for node in tag.descendants:
        if node is first:
            break
        if type(node) is NavigableString:
            before.append(str(node))
        elif type(node) is Tag and node.name == "br":
            broken = True
        elif type(node) is Tag and own is None:
            own = node
    label = "".join(before)
    if not label.strip() or not is_rail_label(label):
        return False
    if not broken and label[-1:].isalnum():
        return False  # glued to the link: scraped, the rule's to report
    marked = label.rstrip().rstrip("\u00a0")[-1:] in _SEPARATORS
    if not (broken or marked or (own is not None and own.get_text().strip() == label.strip())):
        return False  # a sentence running into its links
    label_length = len(label.strip())
    rest = text - label_length
    return rest > 0 and stats.linked.get(id(tag), 0) >= 0.6 * rest


def promo_rail(tag: Tag, stats: TextStats) -> list[Tag]:
    """The promo rail ``tag`` heads or is, as its elements (none when it is not one).

    A rail's label (:func:`is_rail_label`) with at least two links after it:
    "You may also like…" over five linked headlines, "RELATED ARTICLES" over
    content cards, "More:" over one-link lists; or a label and its links in one
    element (:func:`_label_opens_list`). A label with prose after it, or with a
    single link, is left to the rules.
    """
    text = stats.text(tag)
    if not text or tag.name not in _BLOCKS:
        return []
    short = text <= _LABEL_TEXT and not stats.links.get(id(tag)) and tag.name != "li"
    if short and is_rail_label(tag.get_text(" ", strip=True)):
        run = _rail_after(tag, stats)
        if run and sum(stats.links.get(id(item), 0) for item in run) >= 2:
            return [tag, *run]
    if tag.name in ("p", "div", "li", "section") and _label_opens_list(tag, stats):
        return [tag]
    return []


# --- ad boxes ---------------------------------------------------------------------------------

_AD_LABEL = re.compile(r"advert|advertisement|advertisements|advertising|ads?|anzeige|werbung|sponsored", re.I)
#: What an ad box holds besides its label: the ad's own script or frame.
_AD_PARTS = ("script", "iframe", "ins", "noscript", "object", "embed")


_AD_BOXES = frozenset(("div", "section", "center", "figure", "aside", "span"))


def ad_box(tag: Tag, stats: TextStats) -> bool:
    """Whether an element is a box of its own (not a paragraph) whose only text is an ad label,
    around the ad's script or frame.

    A ``<p>Advertisement</p>`` in the story's flow is copy (a label pasted in,
    which the boilerplate rule reports); a ``<div class="Off5dpXq">`` holding
    "Advert" over an ad server's script is the template's slot, whatever its
    class says.
    """
    text = stats.text(tag)
    if tag.name not in _AD_BOXES or not text or text > 30 or stats.links.get(id(tag)):
        return False
    label = tag.get_text(" ", strip=True).strip(_LABEL_TAIL)
    return _AD_LABEL.fullmatch(label) is not None and tag.find(_AD_PARTS) is not None


# --- link cards -------------------------------------------------------------------------------

_CARD_BLOCKS = ("p", "div", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "section")


def link_card(link: Tag, stats: TextStats, root: Tag, first_paragraph: Tag | None) -> bool:
    """Whether a link holds blocks of its own (a paragraph, a heading): a card the reader clicks as a whole.

    Copy links words, never paragraphs. Not a link around a figure with its
    caption (a photo linked to its page: the caption is copy), nor one holding
    the ``<h1>``, nor one before the body's first paragraph (a linked headline),
    nor one in a social post's embed.
    """
    text = stats.text(link)
    if link.name != "a" or not text or text > _CARD_TEXT or not links_away(link):
        return False
    if link.find(_CARD_BLOCKS) is None or link.find(("figure", "figcaption", "h1")) is not None:
        return False
    if first_paragraph is None or first_paragraph in link.parents or not _after(link, first_paragraph):
        return False
    return not _in_figure_or_embed(link, root)


_SOCIAL_EMBED = re.compile(r"social|tweet|twitter|instagram|tiktok|facebook|youtube", re.IGNORECASE)


def _in_figure_or_embed(tag: Tag, root: Tag) -> bool:
    """Whether an element sits in a figure, a quotation or a social post's embed: the story's own media."""
    for node in tag.parents:
        if node is root or node is None:
            return False
        if node.name in ("figure", "blockquote"):
            return True
        classes = node.get("class")
        if isinstance(classes, str) and _SOCIAL_EMBED.search(classes):
            return True
    return False


def _after(tag: Tag, other: Tag) -> bool:
    """Whether ``tag`` starts after ``other`` in the source."""
    here = (tag.sourceline or 0, tag.sourcepos or 0)
    there = (other.sourceline or 0, other.sourcepos or 0)
    return here > there


# --- site text after the story ----------------------------------------------------------------

#: Roles of blocks that may be the template's sign-off; any other copy block (a caption, a byline) ends it.
_TAIL_ROLES = frozenset(("paragraph", "subheading", "list-item"))


#: Site text that signs a story off. Not a widget label or a related-story line: glued on
#: ("Also ReadButterfly…") they are the scraping signature the boilerplate rule reports,
#: wherever they stand; not a rights line, which a station or agency prints as part of the story.
_TAIL_KINDS = frozenset(("call to action", "share prompt", "tag or category field", "comment form", "counter"))


#: A sign-off that opens with a call to action is a sentence or two ("Join our Space Forums … let us know at …").
_TAIL_WORDS = 40


def _glued(block: Block) -> bool:
    """Whether two elements' texts meet without a space in the block (``ReadButterfly``)."""
    text = block.text
    return any(0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum() for at in block.boundaries)


def mark_tail_site_text(blocks: list[Block]) -> None:
    """Mark as chrome the site text that closes the body after the story's last paragraph.

    Walking back from the body's end over blocks that are not chrome already:
    a block that :func:`~copydesk.model.sitetext.classify_line` reads as a
    call to action about the site ("Join our Space Forums …", "Follow Newsbeat
    on Instagram…"), a share prompt or a category field, through and through
    or opening it, is the template's sign-off; the first block of story copy,
    or of text glued together where tags met, ends the walk. In the story's flow the same
    text is copy, which the boilerplate rule judges; a developing story's
    "Check back for updates." is not a call to action.
    """
    for block in reversed(blocks):
        if block.chrome or block.role == "aside" or not block.text.strip():
            continue
        if block.role not in _TAIL_ROLES or has_template_token(block.text):
            return
        site = classify_line(block.text)
        if site is None or site.kind not in _TAIL_KINDS or _glued(block):
            return
        if not site.whole and (block.text[: site.start].strip() or len(words(block.text)) > _TAIL_WORDS):
            return  # a call to action opening a long paragraph is prose about a product, not a sign-off
        block.chrome = True
        block.chrome_reason = f"{site.kind} after the story"


# --- lists of linked headlines ----------------------------------------------------------------

_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def headline_list(listing: Tag, stats: TextStats) -> bool:
    """Whether every item of a list is a heading that is a link: teaser headlines set between paragraphs.

    An "embedded article" card (``<ul><li><h3><a>Police identify …</a></h3></li></ul>``)
    needs no label to be a promo: a story's own lists hold words, not linked
    headings, and a listicle's heading comes with its paragraph of copy.
    """
    if listing.name not in ("ul", "ol") or not stats.text(listing):
        return False
    items = listing.find_all("li", recursive=False)
    return bool(items) and all(_linked_headline(item, stats) for item in items)


def _linked_headline(item: Tag, stats: TextStats) -> bool:
    """Whether a list item is nothing but a heading that is mostly a link (a flag like "Updated" may lead it)."""
    text = stats.text(item)
    heading = item.find(_HEADINGS)
    if not text or text > _CARD_TEXT or heading is None or stats.text(heading) < 0.9 * text:
        return False
    link = heading.find(links_away)
    if link is None or str(link.get("href", "")).lstrip().startswith("#"):
        return False  # a table of contents links the story's own sections
    return stats.link_share(heading) >= 0.75


def structural_furniture(root: Tag, stats: TextStats) -> set[int]:
    """Every element of the body that one of the tests above finds to be furniture, in one walk.

    Promo rails (:func:`promo_rail`), ad boxes (:func:`ad_box`), link cards
    (:func:`link_card`) and lists of linked headlines (:func:`headline_list`);
    elements with no text are none of these and are passed over.
    """
    found: set[int] = set()
    first_paragraph = root.find("p")
    for tag in root.find_all(True):
        if not stats.total.get(id(tag)):
            continue
        rail = promo_rail(tag, stats)
        if rail:
            found.update(id(part) for part in rail)
        elif ad_box(tag, stats) or link_card(tag, stats, root, first_paragraph) or headline_list(tag, stats):
            found.add(id(tag))
    return found
