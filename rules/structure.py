"""Structure family (CD601–CD606): the skeleton of the article page.

A story needs one headline, paragraphs that each say something once, headings
in order, and enough body to be a story at all. These defects come from
templates (a second ``<h1>`` in the body), CMS editors (empty paragraphs used
as spacing, a paragraph pasted twice) and failed imports (a body of two
lines). They are judged from the article model; page-level checks (headline,
body length) only run on whole pages, never on a CMS body fragment, which
carries neither by design.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from copydesk.engine.rule import Option, Rule, Severity, Violation, register
from copydesk.model.article import Article, Block, ListMarker
from copydesk.model.conventions import is_byline
from copydesk.model.element import Element
from copydesk.model.plaintext import list_marker
from copydesk.model.sitetext import is_sentence, strip_date_prefix

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Scripts written without spaces between words: counted per character.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SPACES = re.compile(r"\s+")
_BODY_ROLES = frozenset(("paragraph", "list-item", "blockquote", "subheading", "dek"))


def word_count(text: str) -> int:
    """Words of ``text``; characters of Chinese, Japanese and Korean count as half a word each."""
    cjk = len(_CJK.findall(text))
    if cjk:
        text = _CJK.sub(" ", text)
    return len(_WORD.findall(text)) + cjk // 2


def _inside(element: Element, root: Element) -> bool:
    return root.is_document or element.within(root)


def _h1_text(element: Element) -> str:
    return element.text


def _block_of(article: Article, tag: Element) -> Block | None:
    return next((block for block in article.blocks if block.element is tag and block.text), None)


@register
class MissingHeadline(Rule):
    """A story page that shows no headline.

    The model finds the headline as a reader sees it (``Article.headline_element``):
    an ``<h1>`` outside site chrome, in the body or the header above it; else an
    ``itemprop="headline"`` element; else a heading or headline-class element
    (``<h2 class="entry-title">``, ``<span class="title">``) or a bold line whose
    text is the story's name in the page's metadata. Only when there is none is
    the story missing its headline. When the ``<title>`` or ``og:title`` still
    names the story, the message says so. Pages that do not mark themselves as a
    story (no ``<article>``, ``articleBody``, Article JSON-LD or ``og:type``
    article: a service page, a portal) and fragments (a CMS body field) are not
    judged.
    """

    code = "CD601"
    name = "missing-headline"
    category = "structure"
    severity = Severity.WARNING
    summary = "A story page shows no headline (no <h1>, no marked or styled headline)."
    why = (
        "A reader meets the story by its headline, and screen readers and search engines look for it; a story "
        "page that shows none was published from a template or an import that lost it."
    )
    bad = (
        "<html><head><title>Council approves budget</title></head><body><article>"
        "<p>The council approved the budget on Tuesday after a long debate.</p></article></body></html>"
    )
    good = (
        "<html><head><title>Council approves budget</title></head><body><article><h1>Council approves budget</h1>"
        "<p>The council approved the budget on Tuesday after a long debate.</p></article></body></html>"
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        if article.is_fragment or not article.declares_story or article.headline_element is not None:
            return
        named = article.meta.get("og:title") or next(
            (str(item["headline"]) for item in article.json_ld if isinstance(item.get("headline"), str)), None
        )
        named = named or article.title
        if named:
            message = (
                f"the story shows no headline (no <h1>, no marked headline); only its metadata names it "
                f"('{named[:80]}')"
            )
        else:
            message = "the page has no headline: no <h1>, and no usable <title> or og:title"
        yield Violation(article.body_anchor(), 0, 0, message)


@register
class MultipleHeadlines(Rule):
    """More than one ``<h1>`` in the article (its body and header).

    A site logo marked up as ``<h1>`` in the page header is outside the
    article and not counted; two ``<h1>`` inside the story are a template or
    import fault (the headline repeated, or subheadings marked as headlines).
    """

    code = "CD602"
    name = "multiple-headlines"
    category = "structure"
    severity = Severity.INFO
    default_enabled = False
    opt_in_because = (
        "On published pages a second <h1> is almost always the template's or the platform's markup (a section"
        " heading, a logo, a subhead), not a second headline a copy editor wrote; turn it on where your own "
        "template controls the headings."
    )
    summary = "The article has more than one <h1> headline."
    why = (
        "An article has one headline; a second <h1> in the story confuses screen-reader navigation and search "
        "engines, and usually means a subheading was marked as a headline or the headline was pasted twice."
    )
    bad = "<article><h1>Council approves budget</h1><p>The vote was close.</p><h1>What happens next</h1></article>"
    good = "<article><h1>Council approves budget</h1><p>The vote was close.</p><h2>What happens next</h2></article>"

    def check_article(self, article: Article) -> Iterator[Violation]:
        scope = article.scope
        if scope is None:  # Markdown and plain text: no page around the article, no stray <h1>
            return
        h1s = [h1 for h1 in article.page_h1s if _inside(h1, scope) and _h1_text(h1)]
        if len(h1s) < 2:
            return
        first = _h1_text(h1s[0])
        for h1 in h1s[1:]:
            text = _h1_text(h1)
            what = "repeats the headline" if text.casefold() == first.casefold() else f"after '{first[:60]}'"
            message = f"a second <h1> in the article ({what}): an article has one headline"
            block = _block_of(article, h1)
            if block is not None:
                yield Violation(block, 0, len(block.text), message)
            else:
                yield Violation(article.anchor(h1), 0, 0, message)


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _undated(article: Article, text: str) -> str:
    """A text file's line without the date stamp a saved page puts in front of it (``date 2025-10-19 …``).

    The stamp is the store's, not the copy's: a paragraph repeated further down
    without it is still the same paragraph.
    """
    return text[strip_date_prefix(text) :] if article.body is None else text


@register
class RepeatedParagraph(Rule):
    """A paragraph that appears twice in the body, word for word, or the same line twice in a row.

    Two shapes. Far apart (plain text and Markdown; on HTML pages only with
    ``far_repeats_html``, since pages carry second layouts, gallery blurbs and
    slideshow intros a reader sees once): a paragraph of at least ``min_chars``
    characters (``min_chars_html`` on a page) repeated later, or repeated with a
    label glued to its start or its end; in plain text also a paragraph that
    repeats the headline, a whole earlier paragraph of complete sentences that
    opens a later one at any length (the standfirst pasted again as the lead),
    and a paragraph repeated without the date stamp a saved page puts in front
    of its first line. In a
    row: a block that repeats the block just before it, or a block that is one
    line written twice (joined by a space, a separator or nothing at all:
    ``… Celebrity CoupleCupid's Pulse …``), from 20 characters in plain text (a
    doubled headline or caption) and ``min_chars`` on a page, where only
    paragraphs count (a figure's caption, a module's heading and a slide's title
    are the page's). Cut: in text without markup, a line cut short with "…"
    whose words open another line of the copy (a teaser's copy of the headline).

    Not flagged: three or more paragraphs in a row that repeat earlier ones,
    or more than ``max_repeats`` repeats on one page (a page carrying a section
    twice, for a second layout a reader never sees with the first); a line that
    appears three or more times (a sign-off, a refrain); link-dense blocks
    (promo cards).
    """

    code = "CD603"
    name = "repeated-paragraph"
    category = "structure"
    severity = Severity.INFO
    summary = "A paragraph appears twice in the article body (or repeats the headline)."
    why = (
        "A paragraph repeated word for word is a paste or import error (a CMS block duplicated, a scraper "
        "reading the same node twice); readers notice, and it makes the story look unedited."
    )
    options = (
        Option("min_chars", 40, "Shortest paragraph (in characters) that counts when repeated."),
        Option(
            "far_repeats_html",
            False,
            "Also flag a paragraph repeated far apart on an HTML page (off by default: on published "
            "pages these were all second layouts, gallery blurbs and slideshow intros a reader sees once).",
        ),
        Option(
            "min_chars_html",
            100,
            "Shortest paragraph that counts when repeated far apart on an HTML page, where templates "
            "repeat their own short lines (sign-offs, calls to action).",
        ),
        Option(
            "max_repeats",
            2,
            "Most repeated paragraphs in one article that are still slips; past it, the page carries its "
            "text twice by design (a desktop and a mobile layout) and none is flagged.",
        ),
    )
    bad = (
        "<p>The council approved the budget on Tuesday after a long debate about schools, roads and the "
        "library.</p><p>The council approved the budget on Tuesday after a long debate about schools, "
        "roads and the library.</p>"
    )
    good = (
        "<p>The council approved the budget on Tuesday after a long debate about schools, roads and the "
        "library.</p><p>The council approved the budget on Tuesday, after a long debate about schools, "
        "roads and the library, by one vote.</p>"
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        twice = list(_twice_in_a_row(article, self.config["min_chars"]))
        if article.body is None:
            twice.extend(_cut_copies(article, {id(violation.unit) for violation in twice}))
        yield from twice
        doubled = {id(violation.unit) for violation in twice}
        if article.body is not None and not self.config["far_repeats_html"]:
            # A page carries its text more than once by design (a gallery's blurb and its
            # caption, a slideshow intro and the article's, mobile and desktop layouts) and
            # hides all but one with its stylesheet; only the same paragraph twice in a row is a slip there.
            return
        minimum = self.config["min_chars"]
        if article.body is not None:
            # On a page with markup, a template repeats its short lines (a series' sign-off, a
            # call to action, a cited title); the slip is a whole paragraph pasted twice.
            minimum = max(minimum, self.config["min_chars_html"])
        paragraphs: list[tuple[Block, str]] = []
        count: dict[str, int] = {}
        # A paragraph repeating a heading counts in plain text (a headline pasted again as copy);
        # on a page, a slide's or a module's text echoes its own title by design.
        roles = ("paragraph",) if article.body is not None else ("paragraph", "heading", "headline")
        for block in article.copy_blocks(frozenset(roles)):
            if block.figure is not None or len(block.text) < minimum:
                continue
            if _mostly_links(block):
                continue  # a product or related-story box, repeated by design
            key = _normal(_undated(article, block.text))
            paragraphs.append((block, key))
            count[key] = count.get(key, 0) + 1
        seen: dict[str, Block] = {}
        repeats: list[tuple[int, Block, Block]] = []
        position = 0  # counts paragraphs only, so a run of repeats is not broken by a repeated heading
        for block, key in paragraphs:
            first = seen.setdefault(key, block)
            if first is block and len(paragraphs) <= 500:
                first = _partial_copy(key, seen, minimum, block, whole_lead=article.body is None) or block
            if block.role != "paragraph":
                continue
            position += 1
            # A paragraph may repeat a heading (a headline pasted again as copy), not the other
            # way round: a section heading named twice is the template's. Three or more copies
            # are a sign-off or a refrain, repeated by design.
            if first is not block and count[key] <= 2 and id(block) not in doubled:
                repeats.append((position, block, first))
        in_repeats = {position for position, _, _ in repeats}
        # A run of repeats in a row is a whole section twice: a second layout (mobile, print,
        # pages) that a reader never sees together with the first.
        slips = [(block, first) for position, block, first in repeats if not _in_repeated_run(position, in_repeats)]
        if len(slips) > self.config["max_repeats"]:
            return  # many paragraphs twice, here and there: the page carries its text in two layouts
        for block, first in slips:
            line = article.source.position(first.mapped.to_source(0, 1)[0])[0]
            earlier = "the headline" if first.role == "headline" else "a heading" if first.role == "heading" else None
            message = (
                f"paragraph repeats {earlier} (line {line}) word for word"
                if earlier
                else f"paragraph repeats an earlier one (line {line}) word for word"
            )
            yield Violation(block, 0, len(block.text), message)


#: Shortest line that counts when it stands twice in a row (a headline, a caption).
_SHORTEST_DOUBLED = 20
_DOUBLED_ROLES = frozenset(("paragraph", "heading", "subheading", "headline", "caption", "dek"))


def _twice_in_a_row(article: Article, html_minimum: int) -> Iterator[Violation]:
    """The same line twice in a row: a block that repeats the block just before it, or
    a block that is one line written twice ("Storm closes harbour Storm closes harbour").

    A scraper or a CMS import that reads a headline or a caption twice leaves
    them side by side; nothing a writer means is said twice in a row, so a
    shorter line (from 20 characters) counts here than for repeats far apart.
    In plain text, two lines that open with the same sentence (30 characters
    or more) and differ only after it are a caption read twice with a tail
    each time (a credit, a widget label).
    """
    # In HTML a caption belongs to its own figure: a gallery may give two pictures one caption,
    # and a playlist or a product carousel repeats a title down a list. Plain text has lost
    # that structure, so there a caption or a heading twice is a line twice.
    # Headings twice in a row on a page are modules' titles (a link card's and an audio
    # player's, a styled title over its own heading): only paragraphs count there.
    roles = frozenset(("paragraph",)) if article.body is not None else _DOUBLED_ROLES
    blocks = [
        block
        for block in article.copy_blocks(roles)
        if (block.figure is None or article.body is None) and not _mostly_links(block)  # not a promo card's title
    ]
    keys = [_normal(block.text) for block in blocks]
    for index, block in enumerate(blocks):
        text = block.text.strip()
        key = keys[index]
        same_before = index > 0 and keys[index - 1] == key
        same_after = index + 1 < len(keys) and keys[index + 1] == key
        shortest = _SHORTEST_DOUBLED if article.body is None else html_minimum  # a page's notices come in pairs
        if len(key) >= shortest and same_before:
            if article.body is not None and (same_after or (index > 1 and keys[index - 2] == key)):
                continue  # three or more in a row on a page: a list of one title, by design
            yield Violation(block, 0, len(block.text), "the line just before is the same: it stands twice in a row")
        elif article.body is None and index > 0 and _same_opening_sentence(keys[index - 1], key):
            # "Bayern has signed Jackson. (Foto) Suche" / "Bayern has signed Jackson. Bild: dpa": a caption read
            # twice, each copy with its own tail (a credit, a widget label).
            opening = _opening_sentence(key)
            yield Violation(
                block,
                0,
                len(block.text),
                f"opens with the same sentence as the line before: '{text[: len(opening)]}' stands twice in a row",
            )
        else:
            half = _doubled_half(key)
            if half:
                start = len(block.text) - len(block.text.lstrip())
                yield Violation(
                    block, start, len(block.text.rstrip()), f"the same line twice in a row: '{text[: len(half)]}'"
                )


_OPENING_SENTENCE = re.compile(r".{30,}?[.!?।](?=\s|$)")


def _opening_sentence(key: str) -> str:
    """A line's first sentence, when it is long enough (30 characters) to tell a repeat from chance."""
    found = _OPENING_SENTENCE.match(key)
    return found.group() if found else ""


def _same_opening_sentence(before: str, key: str) -> bool:
    """Whether two lines open with the same sentence and one of them goes on past it."""
    opening = _opening_sentence(key)
    return bool(opening) and opening == _opening_sentence(before) and before != key


_CUT_TAIL = re.compile(r"\s*(?:\.\.\.|…)$")


def _cut_copies(article: Article, done: set[int]) -> Iterator[Violation]:
    """A line cut short with "…" whose words open another line of the copy: a teaser's copy of it.

    A scraped page keeps a headline twice, once cut for a teaser or a share
    box (``The Grammy Awards kick off with Kobe Bryant…``) and once in full.
    Text without markup only (a page's cut titles sit in cards of their own),
    and above the story's first sentence, where the headline stands (a rail of
    cut teasers further down is another story's titles: site text); the cut
    line needs four words and 20 characters before its ellipsis.
    """
    blocks = [block for block in article.copy_blocks(_DOUBLED_ROLES) if not _mostly_links(block)]
    # The full line is the headline: above the story's first sentence (a teaser rail further down
    # cuts other stories' titles, which is the boilerplate rules' business).
    story = next((block.index for block in blocks if is_sentence(block.text)), None)
    if story is None:
        return
    blocks = [block for block in blocks if block.index < story]
    keys = [_normal(_undated(article, block.text)) for block in blocks]
    for block, key in zip(blocks, keys, strict=True):
        cut = _CUT_TAIL.search(key)
        if cut is None or id(block) in done or len(article.line_spans(block)) != 1:
            continue
        stem = key[: cut.start()]
        if len(stem) < _SHORTEST_DOUBLED or len(stem.split()) < 4:
            continue
        full = next(
            (
                other
                for other, other_key in zip(blocks, keys, strict=True)
                if other is not block
                and other_key.startswith(stem)
                and len(other_key) > len(stem) + 3
                and not _CUT_TAIL.search(other_key)
            ),
            None,
        )
        if full is None:
            continue
        line = article.source.position(full.mapped.to_source(0, 1)[0])[0]
        start = len(block.text) - len(block.text.lstrip())
        yield Violation(
            block,
            start,
            len(block.text.rstrip()),
            f"a cut copy of line {line}: the same line stands there in full",
        )


def _doubled_half(key: str) -> str | None:
    """The line a text repeats when it is that line twice, else None.

    Joined by a space, by a separator (``|``, a dash), or by nothing at all: a
    scraper that reads a headline twice glues the copies (``… Celebrity
    CoupleCupid's Pulse …``).
    """
    if len(key) < 2 * _SHORTEST_DOUBLED:
        return None
    for gap in _DOUBLING_GAPS:
        rest = len(key) - len(gap)
        if rest % 2:
            continue
        middle = rest // 2
        first, second = key[:middle], key[middle + len(gap) :]
        if key[middle : middle + len(gap)] == gap and first == second:
            return first
    return None


_DOUBLING_GAPS = ("", " ", " | ", " - ", " – ", " — ", "|", " · ", " • ")


def _mostly_links(block: Block) -> bool:
    """Whether over half of a block's text is link text: a promo card or a list of links."""
    return 2 * sum(link.end - link.start for link in block.links) > len(block.text)


def _partial_copy(
    key: str, seen: dict[str, Block], minimum: int, current: Block, whole_lead: bool = False
) -> Block | None:
    """An earlier paragraph this one repeats as its start or its end, or the reverse.

    A standfirst pasted again as the first paragraph (where the paragraph goes
    on past it), a paragraph repeated with a label or a date glued to its start:
    the shorter text must be at least half the longer, so a sentence quoted again
    in a longer paragraph is not a repeat. With ``whole_lead`` (text without
    markup, where no element sets a standfirst apart) a whole earlier paragraph
    of complete sentences that opens a later, longer one is a repeat at any
    length: the standfirst pasted again as the story's first sentences, a
    few blocks below it (``_LEAD_REACH``; a site's tagline that opens its
    "about us" footer is no standfirst).
    """
    for earlier, block in seen.items():
        if earlier == key:
            continue
        short, long = sorted((earlier, key), key=len)
        if len(short) < minimum:
            continue
        if 2 * len(short) >= len(long) and (long.startswith(short) or long.endswith(short)):
            return block
        if (
            whole_lead
            and short is earlier
            and long.startswith(short)
            and _SENTENCE_DONE.search(short)
            and 0 < current.index - block.index <= _LEAD_REACH
        ):
            return block
    return None


#: How many blocks below a standfirst its copy may open a paragraph (a widget or a caption between).
_LEAD_REACH = 5
#: A text that ends a sentence (a full stop in any script, then closing quotes or brackets).
_SENTENCE_DONE = re.compile(r"[.!?。।॥؟]['\"”’)\]]*$")


def _in_repeated_run(position: int, repeated: set[int], shortest: int = 3) -> bool:
    """Whether the paragraph at ``position`` is one of ``shortest`` or more repeats in a row.

    A scraper or a slip doubles a paragraph or a headline; a page that carries
    a whole section twice (a desktop and a mobile layout, the full text and its
    paginated copy) does so by design, and shows the reader one of them.
    """
    start = position
    while start - 1 in repeated:
        start -= 1
    end = position
    while end + 1 in repeated:
        end += 1
    return end - start + 1 >= shortest


@register
class EmptyParagraph(Rule):
    """An empty paragraph in the body: ``<p></p>``, ``<p>&nbsp;</p>``, ``<p><br></p>``.

    Editors use them as spacing; they leave gaps that differ by device and are
    read out as "blank" by some screen readers. A paragraph holding an image or
    an embed is not empty. The finding is the ``<p>`` start tag.
    """

    code = "CD604"
    name = "empty-paragraph"
    category = "structure"
    severity = Severity.INFO
    summary = "An empty paragraph that shows as a blank line (<p>&nbsp;</p>, <p><br></p>, a zero-width space)."
    why = (
        "Empty paragraphs are spacing hacks from the editor: layout belongs to the stylesheet, and the gaps "
        "they leave differ between site, app and syndication partners."
    )
    bad = "<p>The vote was close.</p><p>&nbsp;</p><p>The mayor said she would sign it.</p>"
    good = "<p>The vote was close.</p><p><img src='vote.jpg' alt='The vote'></p><p>The mayor will sign it.</p>"

    def check_article(self, article: Article) -> Iterator[Violation]:
        for paragraph in article.empty_paragraphs:
            message = "empty paragraph: remove it (spacing belongs to the stylesheet)"
            yield Violation(article.anchor(paragraph), 0, 0, message)


@register
class SkippedHeadingLevel(Rule):
    """A heading that skips a level (an ``<h2>`` followed by an ``<h4>``).

    The page's ``<h1>`` counts as the level the body's headings start from.
    Only going deeper by more than one level is flagged; going back up is how
    sections end.
    """

    code = "CD605"
    name = "skipped-heading-level"
    category = "structure"
    severity = Severity.INFO
    default_enabled = False
    opt_in_because = (
        "A skipped heading level is an accessibility nit in the template far more often than in the copy (box"
        " titles, promo headings); turn it on for templates and CMS gates where writers set heading levels."
    )
    summary = "A heading skips a level (e.g. <h2> followed by <h4>)."
    why = (
        "Screen-reader users navigate by heading levels; a skipped level suggests a missing section, and usually "
        "means a heading was chosen for its size, which is the stylesheet's job."
    )
    bad = "<h1>Budget passes</h1><h2>The vote</h2><p>It was close.</p><h4>Who voted no</h4><p>Three members.</p>"
    good = "<h1>Budget passes</h1><h2>The vote</h2><p>It was close.</p><h3>Who voted no</h3><p>Three members.</p>"

    def check_article(self, article: Article) -> Iterator[Violation]:
        previous = 1 if any(_h1_text(h1) for h1 in article.page_h1s) else 0
        for block in article.copy_blocks():
            level = block.level
            if not level or not block.text:
                continue
            if previous and level > previous + 1:
                yield Violation(
                    block,
                    0,
                    len(block.text),
                    f"heading level skipped: <h{level}> follows <h{previous}> (expected <h{previous + 1}>)",
                )
            previous = level


@register
class ShortBody(Rule):
    """An article body too short to be a story (fewer than ``min_words`` words).

    Counts the words of paragraphs, list items, quotes and subheadings of the
    body (Chinese, Japanese and Korean characters count as half a word). A
    body this short is usually a failed import, a teaser published as the
    story, or a page whose body the CMS did not mark (then tune the body
    selector). Fragments are not judged.
    """

    code = "CD606"
    name = "short-body"
    category = "structure"
    severity = Severity.INFO
    default_enabled = False
    opt_in_because = (
        "On a finished page, a body this short usually means the body was not found (a script-built page, a "
        "gallery), not a story that needs more words; turn it on in a CMS gate that lints the story field "
        "alone."
    )
    summary = "The article body is too short to be a story."
    why = (
        "A story of a few lines is usually an import that lost its body, a teaser published as the story, or "
        "a page whose article container was not recognised."
    )
    options = (Option("min_words", 80, "Fewest words an article body needs."),)
    bad = (
        "<html><head><title>Budget</title></head><body><article><h1>Budget passes</h1>"
        "<p>The council approved the budget.</p></article></body></html>"
    )
    good = (
        "<html><head><title>Budget</title></head><body><article><h1>Budget passes</h1>"
        + "<p>The council approved the budget on Tuesday after a long debate about schools and roads.</p>" * 6
        + "</article></body></html>"
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        if article.is_fragment:
            return
        minimum = self.config["min_words"]
        words = 0
        for block in article.copy_blocks(_BODY_ROLES):
            words += word_count(block.text)
            if words >= minimum:  # long enough: no need to count the rest
                return
        if words < minimum:
            message = f"the article body has {words} word{'s' if words != 1 else ''} (fewer than {minimum})"
            yield Violation(article.body_anchor(), 0, 0, message)


#: Words that never end an English sentence: an article, a possessive, a conjunction left
#: last means the text was cut ("waiting for the", "prices rose and"). Prepositions and
#: auxiliaries are left out: English strands them ("what it is made of", "how happy we were").
_NEVER_LAST = frozenset(
    """a an the my your our their and or but nor because although though whereas unless than whether
    every each either neither""".split()
)
#: "There were", "there is": an existential opening whose subject was cut off.
_CUT_EXISTENTIAL = re.compile(r"\b[Tt]here\s+(?:is|are|was|were|will be|have been|has been)\s*$")
_LAST_WORD = re.compile(r"([A-Za-z]+)[\s,;:–—-]*$")


@register
class CutOffParagraph(Rule):
    """A paragraph of English prose that stops mid-sentence on a word no sentence ends with.

    A feed excerpt or a scraped teaser copied into the story ends where the
    feed cut it (``It was a somber red carpet. There were``), and a paragraph
    that lost its link or its last words to a template ends on a bare ``the``
    or ``and``. Flagged: a paragraph of at least ``min_words`` words whose
    last word is an article, a possessive, a conjunction or a determiner, or
    that ends on an existential opening (``There were``), with no closing
    punctuation; prepositions and auxiliaries may end English sentences
    (``what it is made of``, ``how happy we were``) and do not count. Not flagged: a paragraph ending in
    a colon (it introduces what follows), headings, list items and captions
    (labels end as they like), a paragraph a list or a quotation goes on from,
    a byline, pages in other languages, and the last block of
    a text file that stops without a line end (the file was cut, not the
    story).
    """

    code = "CD608"
    name = "cut-off-paragraph"
    category = "structure"
    severity = Severity.INFO
    summary = "A paragraph stops mid-sentence ('There were'): a feed excerpt or a cut the copy kept."
    why = (
        "Copy pasted from a feed or a teaser keeps the feed's cut, and a paragraph that lost a link or its "
        "last words to a template ends on 'the' or 'at'; the reader is left mid-sentence and the fact is gone."
    )
    options = (Option("min_words", 6, "Fewest words a paragraph needs before its ending is judged."),)
    bad = "<p>The stars arrived in black. It was a somber red carpet. There were</p><p>The show began at eight.</p>"
    good = "<p>The stars arrived in black. It was a somber red carpet. There were tributes to Bryant all night.</p>"

    def check_article(self, article: Article) -> Iterator[Violation]:
        if article.language not in ("en", ""):
            return  # the list of words no sentence ends with is English
        for block in article.copy_blocks(frozenset(("paragraph",))):
            text = block.text.rstrip()
            if len(_WORD.findall(text)) < self.config["min_words"] or text.endswith(":"):
                continue
            last = _LAST_WORD.search(text)
            if last is None or not last.group(1).islower():
                continue
            if last.group(1) not in _NEVER_LAST and _CUT_EXISTENTIAL.search(text) is None:
                continue
            if article.file_cut_after(block, len(text)):
                continue  # the file itself stops here: a stored copy cut at a size limit
            following = article.blocks[block.index + 1] if block.index + 1 < len(article.blocks) else None
            if following is not None and following.role in ("list-item", "blockquote"):
                continue  # "your options are: either" + a list: the sentence goes on in the list
            if is_byline(text) or sum(word.islower() for word in _WORD.findall(text)) < 4:
                continue  # "By A, B and" + a name the page styles apart: names, not a sentence
            start = last.start(1)
            yield Violation(block, start, len(text), f"the paragraph stops mid-sentence at '{last.group(1)}'")


#: Blocks whose list markers count: copy that can be a list item or a numbered section heading.
_LIST_ROLES = frozenset(("paragraph", "subheading", "list-item", "heading", "caption"))
#: Most words a line may have to be taken for a list item that lost its number.
_ITEM_WORDS = 15


def _marked(article: Article) -> list[tuple[Block, ListMarker]]:
    """Copy blocks that open with a list marker, with it, in reading order.

    Plain text: the model's markers (:attr:`Block.list_marker`). A page with
    markup numbers its ``<ol>`` itself, so there only markers typed into the
    text count (``<h2>3. Vail</h2>``, ``<p>-</p>`` standing for a bullet): read
    from each block's text, never from a list item's, whose marker is markup.
    """

    def compute() -> list[tuple[Block, ListMarker]]:
        found: list[tuple[Block, ListMarker]] = []
        blocks = list(article.copy_blocks(_LIST_ROLES))
        for position, block in enumerate(blocks):
            if article.body is None:
                marker = block.list_marker
            elif block.role == "list-item":
                continue
            else:
                marker = list_marker(block.text, block.text)
                if marker is None and _BARE_MARKER.fullmatch(block.text.strip()) and position + 1 < len(blocks):
                    # "<p>-</p><p>Poor diet</p>": the bullet's paragraph stands apart from its item's.
                    following = blocks[position + 1]
                    if following.index == block.index + 1 and list_marker(following.text, following.text) is None:
                        found.append((following, ListMarker("bullet", block.text.strip(), 0, 0, 0, "line")))
                    continue
            if marker is not None:
                found.append((block, marker))
        return found

    return article.memo(("structure", "list-markers"), compute)


_BARE_MARKER = re.compile(r"[-•*·▪●◦‣]")


@register
class ListNumbering(Rule):
    """A numbered list in plain text that skips a number or gives two items the same one.

    A page saved as text keeps an ``<ol>``'s numbers as characters (``3.``),
    and a scraper or a careless edit damages them: an item loses its number
    (``3.`` then an unnumbered line, then ``5.``), or a line that is not an
    item gets one (a credit numbered as a second ``6.``). The plain-text model
    reads each block's list marker (:attr:`Block.list_marker`); numbers and
    letters (``a.``, ``b.``) are followed separately, letters restarting under
    each number. Flagged: the same number twice in a row (from 2: two lists
    that each open with ``1.`` are two lists), and a run of two or more items
    that jumps one number, up or down (a countdown counts down); the line in
    between that reads as the lost item (at most fifteen words, one line, no
    marker) is flagged when there is one, else the item after the gap. A list
    that starts again at 1, or jumps further (another list), is not flagged.
    HTML and Markdown number their lists themselves: there only numbers typed
    into paragraphs and headings count (``<h2>3. Vail</h2>``).
    """

    code = "CD609"
    name = "list-numbering"
    category = "structure"
    severity = Severity.WARNING
    summary = "A numbered list skips a number or numbers two items the same (3, then 5; 6, then 6 again)."
    why = (
        "A list that promises seven steps and shows six, or numbers a credit as a second step 6, was damaged "
        "in the copy or the import: an item lost its number (or its text), and readers count."
    )
    bad = (
        "<p>1. Heat the oil.</p><p>2. Add the onions.</p><p>3. Stir in the spices.</p><p>3. Recipe by Chef Lambert</p>"
    )
    good = "<p>1. Heat the oil.</p><p>2. Add the onions.</p><p>3. Stir in the spices.</p><p>Recipe by Chef Lambert</p>"

    def check_article(self, article: Article) -> Iterator[Violation]:
        # Per kind and punctuation ("3." and "3)" are two lists): the last item and the run's length.
        last: dict[tuple[str, str], tuple[Block, int, int, int]] = {}
        for block, marker in _numbered(article):
            if marker.kind == "number":
                for key in [key for key in last if key[0] == "letter"]:
                    del last[key]  # "a." restarts under each numbered section
            key = (marker.kind, marker.text[-1])
            previous = last.get(key)
            run, direction = 1, 0
            if previous is not None:
                before, value, length, going = previous
                label = _label(marker.kind, value)
                step = marker.value - value
                reported = not block.chrome and marker.end > marker.start  # copy, and a marker to point at
                if step == 0 and value >= 2 and length >= 2:
                    if reported:
                        yield Violation(
                            block,
                            marker.start,
                            marker.end,
                            f"numbered list gives {label} twice: the item before is numbered {label} too",
                        )
                    run, direction = length + 1, going
                elif going and step == 2 * going and length >= 2:
                    lost = _label(marker.kind, value + going)
                    after = _label(marker.kind, marker.value)
                    stray = _lost_item(article, before, block)
                    if stray is not None:
                        message = (
                            f"numbered list skips {lost}: this line between {label} and {after} reads as the item "
                            "that lost its number"
                        )
                        yield Violation(stray, 0, len(stray.text), message)
                    elif reported:  # not the site's own numbered rail, nor a number whose item is gone
                        message = f"numbered list skips {lost}: {label} is followed by {after}"
                        yield Violation(block, marker.start, marker.end, message)
                    run, direction = length + 1, going
                elif step in (1, -1) and (not going or step == going):
                    run, direction = length + 1, step
            last[key] = (block, marker.value, run, direction)


#: A block that is nothing but a number marker: an item whose text is gone (an image's, a breadcrumb's).
_BARE_NUMBER = re.compile(r"[*_]{0,2}\(?(\d{1,2})[.)]")


def _numbered(article: Article) -> list[tuple[Block, ListMarker]]:
    """Blocks that open with a number or a letter marker, in reading order, for following a list's count.

    In plain text the site's own blocks count too (an item the site-text
    reader took for a footer line, "21. copyright", still holds its place),
    and so does a number standing alone (an item with no text left); only
    copy is reported. A bare number's marker is empty (``start == end``).
    """
    found: list[tuple[Block, ListMarker]] = []
    if article.body is not None:
        return [(block, marker) for block, marker in _marked(article) if marker.kind != "bullet"]
    for block in article.blocks:
        marker = block.list_marker
        if marker is None:
            bare = _BARE_NUMBER.fullmatch(block.text.strip())
            if bare is not None:
                marker = ListMarker("number", bare.group(), int(bare.group(1)), 0, 0)
        if marker is not None and marker.kind != "bullet":
            found.append((block, marker))
    return found


def _label(kind: str, value: int) -> str:
    return str(value) if kind == "number" else chr(ord("a") + value - 1) if 1 <= value <= 26 else str(value)


def _lost_item(article: Article, before: Block, after: Block) -> Block | None:
    """The line between two numbered items that reads as the item between them: short, one line, no marker."""
    between = [
        block
        for block in article.blocks[before.index + 1 : after.index]
        if not block.chrome and list_marker(block.text, block.text) is None and block.text.strip()
    ]
    candidates = [
        block
        for block in between
        if len(_WORD.findall(block.text)) <= _ITEM_WORDS
        and len(article.line_spans(block)) == 1
        and not block.text.rstrip().endswith(":")
        and not is_byline(block.text)
        and not block.text.lstrip()[:1].isdigit()  # "4. 5G…": an item whose number the marker test left
    ]
    if not candidates:
        return None
    # Items followed by their paragraphs: the lost item is the shortest line between, and no longer
    # than the numbered items around it.
    counts = sorted((len(_WORD.findall(block.text)), block.index) for block in candidates)
    longest_item = max(len(_WORD.findall(block.text)) for block in (before, after))
    if len(counts) > 1 and counts[0][0] == counts[1][0]:
        return None
    if counts[0][0] > longest_item + 2:
        return None
    return article.blocks[counts[0][1]]


@register
class DetachedListMarker(Rule):
    """List markers that stand apart from their items in plain text.

    A page saved as text may keep a list's markers as text of their own: each
    ``-`` on a line by itself with its item on the line below, all through the
    page, or a marker left at the end of a line that is not an item at all (an
    image caption or alt text the scraper dropped into the list, with the next
    item's ``-`` glued to its end). The plain-text model knows where each
    item's marker stood (:attr:`ListMarker.detached`). Reported: the first
    marker alone on its line when items in a row each stand under one (once a
    page: the same damage runs through it; a single dash alone is a
    separator, an empty field's stand-in or a rule under a heading),
    and each line of other text that carries the next item's marker at its end,
    when other items of the page open their lines with that marker.
    """

    code = "CD610"
    name = "detached-list-marker"
    category = "structure"
    severity = Severity.INFO
    summary = "List markers stand apart from their items ('-' alone on a line; a marker glued to a caption)."
    why = (
        "A list whose bullets sit on lines of their own, or whose next bullet hangs off a caption dropped into "
        "the list, was scraped or pasted without its list markup; readers see stray dashes and a list that "
        "no longer reads as one."
    )
    bad = "<p>Causes:</p><p>-</p><p>Poor diet</p><p>-</p><p>Stress</p><p>-</p><p>Lack of sleep</p>"
    good = "<p>Causes:</p><ul><li>Poor diet</li><li>Stress</li><li>Lack of sleep</li></ul>"

    def check_article(self, article: Article) -> Iterator[Violation]:
        marked = _marked(article)
        alone = [(block, marker) for block, marker in marked if marker.detached == "line"]
        # Items in a row, each under its own marker line: one dash alone on a line is a separator, an
        # empty field's stand-in ("Tags: -") or a rule under a heading ("Ingredients", "-", then the list).
        step = 1 if article.body is None else 2  # on a page the marker's own paragraph stands between
        in_a_row = any(b.index - a.index == step for (a, _), (b, _) in itertools.pairwise(alone))
        if len({marker.text for _, marker in alone}) == 1 and in_a_row:
            first, marker = alone[0]
            others = f" ({len(alone)} items so)" if len(alone) > 1 else ""
            if article.body is None:
                yield Violation(
                    first,
                    marker.start,
                    marker.end,
                    f"list marker '{marker.text}' stands on its own line, apart from its item{others}",
                )
            else:
                bullet = article.blocks[first.index - 1]
                yield Violation(
                    bullet,
                    0,
                    len(bullet.text),
                    f"list marker '{marker.text}' stands in a paragraph of its own, apart from its item{others}",
                )
        for block, marker in marked:
            if marker.detached != "glued" or block.index == 0:
                continue
            # The page's items open their lines with this marker ("- Oats"): a "►" that ends every teaser
            # line of a rail is a "more" arrow, not a list the line was dropped into.
            same = sum(1 for other, mark in marked if mark.detached != "glued" and mark.text == marker.text)
            host = article.blocks[block.index - 1]
            if not same or host.chrome:
                continue
            yield Violation(
                host,
                0,
                len(host.text),
                f"the next item's list marker '{marker.text}' is glued to the end of this line: "
                "a line that is no item (a caption?) was dropped into the list",
            )


# "Gingelly oil - ¼ cup Chopped onion": a separator, a quantity (a number or a fraction, its unit and a
# note in brackets), then the next item's capital. Bounded repetitions only (linear time).
_QUANTITY_PAIR = re.compile(
    r"(?:\s[-–]|:)\s[\d¼½¾⅓⅔⅛⅜⅝⅞][\d¼½¾⅓⅔⅛⅜⅝⅞/.,x×–-]{0,8}"
    r"(?:\s(?:[–-]\s)?[\d¼½¾⅓⅔⅛⅜⅝⅞][\d¼½¾⅓⅔⅛⅜⅝⅞/.,–-]{0,8})?"
    r"(?:\s?(?:[A-Za-zµ][A-Za-zµ.]{0,12}|\([^()]{1,50}\))){0,3}\s(?=[A-Z\d])"
)


# "… the oil. 2. Add …", "Method 1.Heat …": a step number after a word or a sentence's end (never after a
# comma, a semicolon or a colon, which set off an inline enumeration), opening a capitalised item.
_INLINE_STEP = re.compile(r"(?:^|(?<=[\w.!?)]\s)|(?<=[\w.!?)]))(\d{1,2})[.)]\s?(?=[A-Z])")


def _inline_steps(text: str, start: int, end: int) -> int:
    """The longest run 1, 2, 3 … of step numbers in ``text[start:end]`` (0 when it does not start at 1)."""
    expected = 1
    for match in _INLINE_STEP.finditer(text, start, end):
        value = int(match.group(1))
        if value == 1 and _FIRST_STEP.search(text, max(start, match.start() - 40), match.start()):
            expected = 2  # "Method 1.", "… the sauce. 1.": a list starts (not "he finished 1.")
        elif value == expected and expected > 1:
            expected += 1
    return expected - 1


# What stands before a list's first number: the line's start, a sentence's end, a colon, or a label word.
_FIRST_STEP = re.compile(r"(?:^|[.!?:]\s?|(?:^|\s)[A-Z][\w-]*\s?)$")


@register
class CollapsedList(Rule):
    """A list run into one line: several ``name - quantity`` items with no line breaks between them.

    A recipe's ingredients or a phone's specifications scraped without their
    list markup come out as one run-on line (``Ingredients Gingelly oil - ¼ cup
    Chopped red onion - 1 cup Chopped coriander - ½ cup …``): each item is a
    name, a separator and a quantity, and the next item's capital follows the
    quantity with nothing between. Flagged: a line with at least
    ``min_items`` such items, or with the numbered items 1, 2, 3 … (at least
    ``min_steps``) one after another, each number opening a capitalised item
    after a word or a sentence's end, the first after the line's start, a
    sentence's end, a colon or a label word (``Method 1. Heat the oil. 2. Add
    the onions. 3. Stir``). Prose with a dash or two before a number, an inline
    enumeration set off by commas (``three steps: 1) cut taxes, 2) raise
    spending``) and a list written one item a line are not.
    """

    code = "CD611"
    name = "collapsed-list"
    category = "structure"
    severity = Severity.INFO
    summary = "A list run into one line ('Oil - ¼ cup Onion - 1 cup Garlic - 5 cloves …')."
    why = (
        "A list that lost its line breaks reads as one run-on sentence: readers cannot tell where an item ends "
        "and a quantity belongs to which name; the list markup was lost on import or scraping."
    )
    options = (
        Option("min_items", 4, "Fewest 'name - quantity' items in one line for it to be a collapsed list."),
        Option("min_steps", 3, "Fewest numbered items (1., 2., 3. …) in one line for it to be a collapsed list."),
    )
    bad = "<p>Ingredients Oil - ¼ cup Onion - 1 cup Garlic - 5 cloves Ginger - 3 tbsp Salt - 1 tsp</p>"
    good = "<ul><li>Oil - ¼ cup</li><li>Onion - 1 cup</li><li>Garlic - 5 cloves</li><li>Salt - 1 tsp</li></ul>"

    def check_article(self, article: Article) -> Iterator[Violation]:
        for block in article.copy_blocks(frozenset(("paragraph", "list-item", "caption"))):
            text = block.text
            if text.count(" ") < 8:
                continue
            for start, end in article.line_spans(block):
                pairs = list(_QUANTITY_PAIR.finditer(text, start, end))
                if len(pairs) >= self.config["min_items"]:
                    yield Violation(
                        block,
                        start,
                        end,
                        f"a list run into one line: {len(pairs)} or more 'name - quantity' items with no line "
                        "breaks between them",
                    )
                    continue
                steps = _inline_steps(text, start, end)
                if steps >= self.config["min_steps"]:
                    yield Violation(
                        block,
                        start,
                        end,
                        f"a numbered list run into one line: items 1 to {steps} with no line breaks between them",
                    )
