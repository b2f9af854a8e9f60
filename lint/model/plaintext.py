"""Plain-text articles (``.txt``): blocks, the story found in the page, exact positions.

A text file has no markup, so the article model is built from its layout and
its words alone:

* **blocks**: a run of non-blank lines is one block when it is a hard-wrapped
  paragraph (its line breaks read as spaces, as a reader of the reflowed text
  sees them) or a caption under its alt line; where its lines stand alone (a
  page saved as text, one paragraph or label per line) each line is a block;
* **the story and the site around it** (:class:`_StoryFinder`): the story
  runs from the first to the last sentence-like block; every line that reads
  as site text (:mod:`copydesk.model.sitetext`: widget headings, related-story
  lines, counters, buttons, prompts, comment forms, ad labels, breadcrumbs,
  footers), short section labels above the headline and related-story lists
  after the story are **chrome**, with the reason in ``Block.chrome_reason``,
  so copy rules skip them as they skip an HTML page's chrome. They are also
  listed in ``Article.site_text``: in a text file no markup sets the site
  apart, so the boilerplate rule reports them;
* **roles**: the first block that is not chrome is the **headline** when it is
  a single short line without a final period; a short block opening with
  ``By …`` is a **byline**, as in HTML; a short block that *ends in a photo
  credit* (``… (Credit –``, ``… (Photo: Jane Doe/Reuters)``) is a **caption**,
  so the credit rules look at it; everything else is a **paragraph**;
* **list items**: a page saved as text keeps a list's markers as characters
  (``- Oats``, ``3. Stir``, ``b. Increase protein``), which is all that is
  left of its ``<ul>``/``<ol>``. Each block that opens with one carries it in
  ``Block.list_marker`` (kind, number or letter, and whether the marker stood
  apart from its item: alone on the line above, or glued to the end of the
  line before), so structure rules can follow a list's count and its markers
  as they follow headings in HTML. A line that opens with a marker starts a
  block of its own; a marker alone on its line joins the item below it.

Every block's text is built with :class:`~copydesk.source.textmap.TextBuilder` from
source offsets, so findings point at exact characters of the file (CRLF and
CR line ends included). A text file has no tag boundaries, so
``block.boundaries`` is always empty: rules that judge a join "at a tag
boundary" honestly see none.
"""

from __future__ import annotations

import itertools
import re

from copydesk.model.article import Article, Block, ListMarker, SiteText
from copydesk.model.boilerplate_lines import classify_more, repeated_tails, story_lead_in, structural_site_text
from copydesk.model.conventions import is_byline, is_empty_byline_label
from copydesk.model.sitetext import (
    classify_line,
    has_template_token,
    is_sentence,
    is_title_like,
    strip_date_prefix,
    words,
)
from copydesk.source.text import SourceText
from copydesk.source.textmap import TextBuilder

# A blank line: only spaces and tabs (a form feed counts too) before the line end.
_BLANK_LINE = re.compile(r"[ \t\f\v]*(?:\r\n|\r|\n)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: A headline is one line of at most this many characters ...
HEADLINE_MAX = 150
#: ... and a caption block at most this many (longer text is story copy).
CAPTION_MAX = 200
# The credit that ends a caption: a capitalised credit label, at a word start,
# with its separator and up to 60 characters of name (none when cut off), then
# an optional closing parenthesis. Searched only in the block's last 90
# characters, so the end-anchored search stays linear.
_CREDIT_TAIL = re.compile(
    r"(?:^|(?<=[\s(\[|–—-]))\(?\s?"
    r"(?:Photo(?:graph)?s?|Images?|Pictures?|Pic|Credits?|Courtesy|Illustrations?|Graphics?|Video|"
    r"(?:AP|AFP|EPA|Reuters|Getty)(?: Photo| Images)?)"
    r"(?:\s(?:credits?|by|of))?"
    r"(?:\s?[:：–—|/-][^()\[\]\r\n]{0,60})?\)?\s?$"
)
_TAIL = 90


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Source spans of the runs of non-blank lines (line ends of the last line excluded)."""
    spans: list[tuple[int, int]] = []
    position = 0
    length = len(text)
    start: int | None = None
    last_end = 0
    while position < length:
        blank = _BLANK_LINE.match(text, position)
        if blank is not None:
            if start is not None:
                spans.append((start, last_end))
                start = None
            position = blank.end()
            continue
        line_break = _LINE_BREAK.search(text, position)
        line_end = line_break.start() if line_break is not None else length
        if text[position:line_end].strip():
            if start is None:
                start = position
            last_end = line_end
        elif start is not None:  # whitespace-only last line without a line end
            spans.append((start, last_end))
            start = None
        position = line_break.end() if line_break is not None else length
    if start is not None:
        spans.append((start, last_end))
    return spans


def ends_in_credit(text: str) -> bool:
    """Whether a short text ends in a photo credit, complete or cut off (``… (Credit –``)."""
    if len(text) > CAPTION_MAX:
        return False
    return _CREDIT_TAIL.search(text, max(0, len(text) - _TAIL)) is not None


def looks_like_headline(raw: str, text: str) -> bool:
    """A single short line that is not a sentence: no final period, colon or comma."""
    return (
        _LINE_BREAK.search(raw) is None
        and 0 < len(text) <= HEADLINE_MAX
        and not text.rstrip().endswith((".", ":", ","))
    )


def role_of(raw: str, text: str, first: bool) -> str:
    """The role a plain-text block plays, from its own text and place (see the module docs)."""
    if first and looks_like_headline(raw, text):
        return "headline"
    if is_byline(text):
        return "byline"
    if ends_in_credit(text):
        return "caption"
    return "paragraph"


def newline_starts(text: str) -> list[int]:
    """Offsets just after each ``\\n`` (and 0): what :attr:`Article.nl_starts` holds."""
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


#: A run of lines is hard-wrapped prose when its lines (but the last) are all this close to the longest ...
_WRAP_SLACK = 25
#: ... and the longest is within these bounds (a typewriter or e-mail wrap column).
_WRAP_MIN, _WRAP_MAX = 50, 100


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Source spans of the non-blank lines in ``text[start:end]`` (line ends excluded)."""
    spans: list[tuple[int, int]] = []
    position = start
    while position < end:
        line_break = _LINE_BREAK.search(text, position, end)
        line_end = line_break.start() if line_break is not None else end
        if text[position:line_end].strip():
            spans.append((position, line_end))
        position = line_break.end() if line_break is not None else end
    return spans


#: List bullets a page saved as text keeps as characters (not the en or em dash: those open sign-offs).
_BULLETS = "-•*·▪●◦‣►➤✓✔"
#: Month names after a day's number are a date ("3. November 2021", "15. März"), not a list item.
_MONTHS = (
    r"(?i:jan(?:uary|uar|vier|eiro)?|jänner|feb(?:ruary|ruar)?|mar(?:ch|s|zo)?|märz|apr(?:il)?|ma[iy]|"
    r"jun[ie]?|jul[iy]?|aug(?:ust)?|sep(?:t|tember)?|o[ck]t(?:ober)?|nov(?:ember)?|de[czs](?:ember)?)\b"
)
#: A list marker at the start of a line: a bullet, a number (``3.``, ``3)``, ``(3)``) or a letter
#: (``b.``, ``(b)``), then the item's text (a number may touch it: ``1.Set the pan``) or the line's end
#: (the marker alone on its line, the item below it); after a space the item may open with a digit
#: (``9. 3-D scanners``). Not a decimal (``3.5 million``), not a year.
_MARKER = re.compile(
    rf"(?:(?P<bullet>[{re.escape(_BULLETS)}])(?=\s|$)"
    r"|[*_]{0,2}\(?(?P<number>\d{1,2})[.)](?![\d.,])(?!\s*" + _MONTHS + r")(?=\s+\S|[^\W\d_]|[\"“(]|\s*$)"
    r"|\(?(?P<letter>[a-z])[.)](?=\s+[A-Z]|\s*$))"
)
#: A bullet glued to the end of a line of other text, after its sentence ("… and poor sleep. -"), its
#: item on the next line (a dash after a clause, "the budget came second -", is the sentence's own).
_GLUED_BULLET = re.compile(rf"[.!?…)][\"”’']?\s+[{re.escape(_BULLETS)}]$")


def list_marker(raw: str, text: str, line_start: bool = True) -> ListMarker | None:
    """The list marker ``text`` (a block's text; ``raw`` its source) opens with, if any.

    A marker followed by a line break stands apart from its item, alone on its
    line (``detached="line"``); one at the start of a block that does not open
    a line was left at the end of the line before (``detached="glued"``).
    """
    lead = len(text) - len(text.lstrip())
    match = _MARKER.match(text, lead)
    if match is None or match.end() >= len(text.rstrip()):
        return None  # a bare marker with no item is no list item
    raw_lead = len(raw) - len(raw.lstrip())
    raw_match = _MARKER.match(raw, raw_lead)
    detached = ""
    if raw_match is not None:
        rest = raw[raw_match.end() :]
        gap = rest[: len(rest) - len(rest.lstrip())]
        if not line_start:
            detached = "glued"
        elif "\n" in gap or "\r" in gap:
            detached = "line"
    if match.group("bullet"):
        kind, value = "bullet", 0
    elif match.group("number"):
        kind, value = "number", int(match.group("number"))
    else:
        kind, value = "letter", ord(match.group("letter")) - ord("a") + 1
    return ListMarker(kind, match.group(), value, match.start(), match.end(), detached)


def _bare_marker(line: str) -> bool:
    """A line that is nothing but a list marker (``-``, ``•``, ``3.``): its item is on the next line."""
    match = _MARKER.match(line)
    return match is not None and match.end() == len(line)


def _opens_item(line: str) -> bool:
    """A line that opens with a list marker and goes on with its item (``- Oats``, ``b. Eat more fibre``)."""
    match = _MARKER.match(line)
    return match is not None and match.end() < len(line)


def _lines_to_blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a run of non-blank lines into blocks where a line break ends a unit.

    Pages saved as text put one paragraph, heading, widget label or list item
    on each line with no blank line between ("...police said." then "Tribune
    Shorts" then "Most Read"), so a run of lines is not always one paragraph.
    It is kept whole when it is hard-wrapped prose (each line but the last
    filled to near the wrap column: the next line's first word would not have
    fitted) or a caption under its alt line (the run ends in a credit).
    Otherwise a line break ends a block unless the next line continues the
    sentence (it opens in lower case, or the line before ends in a comma, a
    hyphen, a dash or "&") and is not a line of site text on its own
    ("bookmark"). List items are kept apart: a line that opens with a list
    marker starts a block (``b. Increase protein`` is no continuation, though
    lower case), and a marker standing alone on its line joins the item below
    it (not a line that opens an item of its own, or a nested list's ``+``/``o``
    item: the bare marker's own item is empty). A bullet left at the end of a line of other text (``… poor sleep. -``
    over ``Genetics: …``) is the next item's: the block is cut before it.
    """
    lines = _line_spans(text, start, end)
    if len(lines) <= 1:
        return [(start, end)]
    stripped = [text[a:b].strip() for a, b in lines]
    longest = max(len(line) for line in stripped)
    glued_bullet = any(
        _GLUED_BULLET.search(line) is not None and following[:1].isupper()
        for line, following in itertools.pairwise(stripped)
    )
    if (
        not glued_bullet
        and _WRAP_MIN <= longest <= _WRAP_MAX
        and all(
            len(line) >= longest - _WRAP_SLACK and len(line) + 1 + len(following.split()[0]) > longest
            for line, following in itertools.pairwise(stripped)
        )
    ):
        return [(start, end)]
    if longest < _WRAP_MIN and ends_in_credit(" ".join(stripped)):
        return [(start, end)]
    blocks: list[tuple[int, int]] = []
    block_start = lines[0][0]
    for index in range(len(lines) - 1):
        before, after = stripped[index], stripped[index + 1]
        if _bare_marker(before) and not _bare_marker(after) and not _opens_item(after) and after[:1] not in "+o":
            continue  # "-" over "Poor diet: …": the marker and its item are one block
        glued = _GLUED_BULLET.search(before)
        if glued is not None and len(words(before)) >= 3 and after[:1].isupper() and not _opens_item(after):
            # "… poor sleep. -" over "Genetics: …": the bullet opens the next item.
            line_start, line_end = lines[index]
            cut = text.rindex(before[-1], line_start, line_end)
            head_end = cut
            while head_end > line_start and text[head_end - 1] in " \t":
                head_end -= 1
            blocks.append((block_start, head_end))
            block_start = cut
            continue
        joined = after[:1].islower() or before.endswith((",", "-", "–", "—", "&")) or after.startswith("&")
        if _opens_item(after):
            joined = False
        if not (joined and classify_line(after) is None):
            blocks.append((block_start, lines[index][1]))
            block_start = lines[index + 1][0]
    blocks.append((block_start, lines[-1][1]))
    return blocks


def _block_spans(text: str) -> list[tuple[int, int]]:
    """Every block's source span: runs of non-blank lines, split where their lines stand alone."""
    spans: list[tuple[int, int]] = []
    for start, end in _paragraph_spans(text):
        spans.extend(_lines_to_blocks(text, start, end))
    return spans


def _short_label(block: Block) -> bool:
    """A line of one to three words with no digits and no sentence end: a section or site label."""
    text = block.text[strip_date_prefix(block.text) :]
    return (
        1 <= len(words(text)) <= 3
        and not is_empty_byline_label(text)  # an empty byline slot is the credit rules' to report
        and not has_template_token(text)  # "{message}", "[ad_1]": the placeholder rules' to report
        and not ends_in_credit(text)
        and not any(char.isdigit() for char in text)
        and "," not in text
        and not is_sentence(text)
    )


#: A gallery or video promo between story paragraphs: a capitals label, then another page's title
#: ("PHOTOS: Cannes Day 8: …"). Not above the story, where "WATCH: …" may be the headline itself.
_MEDIA_PROMO = re.compile(r"(?:PHOTOS?|VIDEOS?|WATCH|GALLERY|LISTEN|PICTURES|IN PICTURES|SEE ALSO)\s?:\s+\S")

#: How a wire credit or a sign-off under a story opens ("(Reporting by …)", "— Jane Doe"): not a list item.
_CREDIT_OPENERS = ("(", "—", "–", "-", "[")


def _list_item_like(text: str) -> bool:
    """A line of a related-story list: a headline or a teaser cut with "...", not prose, a credit or a sign-off.

    Fifteen words or more without a teaser's "..." is the start of a paragraph (a
    page saved in part ends mid-paragraph), not a list item.
    """
    if is_sentence(text) or text.startswith(_CREDIT_OPENERS):
        return False
    return len(words(text)) < 15 or text.rstrip().endswith(("...", "…"))


def _name_like(text: str) -> bool:
    """Two or three capitalised words and nothing else ("Tom Davies", "Associated Press"): a name, not a label.

    A site's section or tagline above the headline is a single word or holds a
    lower-case or site word ("Entertainment", "Things to do", "International
    Development News"); an author's or agency's name without "By" is not site text.
    """
    found = words(text[strip_date_prefix(text) :])
    return (
        2 <= len(found) <= 3
        and all(word[:1].isupper() for word in found)
        and not any(word.lower() in _SITE_WORDS for word in found)
    )


_SITE_WORDS = frozenset("news home blog menu section latest today daily online live updates".split())


def _headline_shaped(text: str) -> bool:
    """Four or more words, most not numbers (a date or a price line is no headline)."""
    found = words(text[strip_date_prefix(text) :])
    return len(found) >= 4 and sum(1 for word in found if word[0].isdigit()) * 2 < len(found)


class _StoryFinder:
    """Which blocks of a plain-text page are the story, and which are the site around it.

    The story runs from its first to its last sentence-like block (the prose).
    Above it, the headline is the first block of four or more words before the
    prose (not a byline or caption); short labels above the headline are site
    navigation (``Home``, ``Entertainment``, a site's name). After the story's
    last sentence, once a line of site text appears, what follows that is not
    prose is site text too (a related-story list under its heading), and three or
    more headline-shaped lines ending the page with no prose after them are a
    related-story list. Anywhere, a line that reads as site text on its own
    (:func:`~copydesk.model.sitetext.classify_line`) is site text.
    """

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.reasons: dict[int, str] = {}
        #: Site text found, by block index (a block marked whole replaces what was found inside it).
        self.found: dict[int, list[SiteText]] = {}

    def run(self) -> tuple[int, int] | None:
        blocks = self.blocks
        for block in blocks:
            found = classify_line(block.text) or classify_more(block.text)
            if found is None:
                continue
            if found.whole:
                self.reasons[block.index] = found.kind
            self.found.setdefault(block.index, []).append(
                SiteText(block, found.start, found.end, found.kind, found.whole)
            )
        prose = [b.index for b in blocks if b.index not in self.reasons and is_sentence(b.text)]
        if not prose:
            return None
        first, last = prose[0], prose[-1]
        self._above(first)
        self._after(last)
        for block in blocks[first + 1 : last]:
            if block.index not in self.reasons and _MEDIA_PROMO.match(block.text) and not is_sentence(block.text):
                self._mark(block, "related-story line")
        for index, block in enumerate(blocks[:-1]):
            if (
                index not in self.reasons
                and len(words(block.text)) == 1
                and _short_label(block)
                and is_byline(blocks[index + 1].text)
            ):
                self._mark(block, "section label")
        for index, kind in structural_site_text(blocks, self.reasons, first, last):
            self._mark(blocks[index], kind)
        for index, start, end in repeated_tails(blocks, self.reasons):
            if not self.found.get(index):
                self.found[index] = [SiteText(blocks[index], start, end, "repeated link label", False)]
        return first, last

    def _mark(self, block: Block, kind: str) -> None:
        if block.index in self.reasons:
            return
        self.reasons[block.index] = kind
        self.found[block.index] = [SiteText(block, 0, len(block.text), kind, True)]

    @property
    def spans(self) -> list[SiteText]:
        """Every piece of site text found, in reading order."""
        return [span for index in sorted(self.found) for span in sorted(self.found[index], key=lambda s: s.start)]

    def _above(self, first: int) -> None:
        above = [b for b in self.blocks[:first] if b.index not in self.reasons]
        headline = next(
            (b for b in above if _headline_shaped(b.text) and not is_byline(b.text) and not ends_in_credit(b.text)),
            above[-1] if above else None,
        )
        if headline is None:
            return
        for block in above:
            if block.index >= headline.index:
                break
            if _short_label(block) and not is_byline(block.text) and not _name_like(block.text):
                self._mark(block, "site label above the headline")
        # Below the headline, a short label right under site text is more of the same bar
        # ("Breaking News", then "Things to do", "Music + Concerts"): navigation, not a dek.
        for block in self.blocks[headline.index + 1 : first]:
            previous = self.blocks[block.index - 1]
            if (
                previous.index in self.reasons
                and block.index not in self.reasons
                and _short_label(block)
                and not block.text.rstrip().endswith(":")  # "National :" introduces the copy below it
                and not is_byline(block.text)
                and not _name_like(block.text)
            ):
                self._mark(block, "navigation beside site text")

    def _after(self, last: int) -> None:
        after = self.blocks[last + 1 :]
        first_widget = next((block.index for block in after if block.index in self.reasons), None)
        if first_widget is not None:
            # A widget after the story: the lines under it that are not prose are its list, and a
            # short label just above it is its heading ("Tribune Shorts" over "Most Read").
            above = self.blocks[first_widget - 1]
            if above.index > last and _short_label(above) and not above.text.startswith(_CREDIT_OPENERS):
                self._mark(above, "widget heading after the story")
            for block in self.blocks[first_widget + 1 :]:
                if _list_item_like(block.text):
                    self._mark(block, "related-story list after the story")
        rest = [b for b in after if b.index not in self.reasons]
        # Three or more: a subheading and the first words of a cut paragraph can look like two headlines.
        if len(rest) >= 3 and all(is_title_like(b.text) for b in rest) and not any(story_lead_in(b.text) for b in rest):
            for block in rest:
                self._mark(block, "related-story list after the story")


def _line_range(source: SourceText, block: Block) -> str:
    start, end = block.mapped.source_span
    first = source.position(start)[0]
    last = source.end_position(end)[0]
    return f"{first}" if first == last else f"{first}-{last}"


def build_plain_article(source: SourceText) -> Article:
    """The article model of a plain-text file: blocks by blank lines and stand-alone lines, the story found.

    Site text around and inside the story (:class:`_StoryFinder`) is marked
    chrome, with its kind as the reason, so copy rules skip it; it is also
    listed in ``Article.site_text`` for the boilerplate rule, since in a text
    file no markup sets it apart from the copy.
    """
    text = source.text
    blocks: list[Block] = []
    for start, end in _block_spans(text):
        builder = TextBuilder()
        builder.add_raw(text[start:end], start)
        mapped = builder.build()
        if not mapped.text:
            continue
        block = Block(role="paragraph", mapped=mapped, element=None, index=len(blocks))
        block.list_marker = list_marker(text[start:end], mapped.text, start == 0 or text[start - 1] in "\r\n")
        blocks.append(block)
    finder = _StoryFinder(blocks)
    story = finder.run()
    first_copy = True
    for block in blocks:
        reason = finder.reasons.get(block.index)
        if reason is not None:
            block.chrome = True
            block.chrome_reason = reason
            continue
        start, end = block.mapped.source_span
        block.role = role_of(text[start:end], block.text, first=first_copy)
        first_copy = False
    headline_block = next((block for block in blocks if not block.chrome), None)
    if headline_block is not None and headline_block.role != "headline":
        headline_block = None
    byline_block = next((block for block in blocks if block.role == "byline" and not block.chrome), None)
    chrome = [block for block in blocks if block.chrome]
    if story is None:
        reason = "plain text: no sentence-like block, so no story was found; every block is read as copy"
    else:
        first_line = _line_range(source, blocks[story[0]]).split("-")[0]
        last_line = _line_range(source, blocks[story[1]]).split("-")[-1]
        reason = f"plain text: the story is lines {first_line}-{last_line} (first to last sentence-like block)"
    if chrome:
        reason += "; site text (chrome): " + ", ".join(
            f"line {_line_range(source, block)} ({block.chrome_reason})" for block in chrome
        )
    return Article(
        source=source,
        body=None,
        body_path="(plain text)",
        body_reason=reason,
        blocks=blocks,
        figures=[],
        images=[],
        links=[],
        comments=[],
        headline=headline_block.text if headline_block is not None else None,
        headline_block=headline_block,
        byline=byline_block.text if byline_block is not None else None,
        nl_starts=newline_starts(text),
        site_text=finder.spans,
    )
