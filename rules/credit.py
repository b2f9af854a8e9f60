"""Credit family (CD2xx): photo credits cut off, left as placeholders or missing,
and captions/alt text that are the headline pasted again.

Credits are contractual (agencies license photos on condition of a credit) and
a caption is the reader's explanation of a picture, so these defects matter
more than their size suggests. Where a credit can be is house style — a
``<figcaption>``, a ``<span class="credit">`` (the model gives it the role
``credit``), or a short paragraph right after the figure — so the rules look
in all three and nowhere else.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

from copydesk.engine.rule import Option, Rule, Severity, Violation, register
from copydesk.model.article import Article, Block, Figure, TextUnit

from ._attribution_words import CREDIT_LABEL
from ._lines import Line, copy_lines, is_prose, truncated_end
from ._shared import CREDIT_PAREN, MONTH_NAME, credit_start

#: Reader text where a credit may sit is short; a longer paragraph is story copy.
_SHORT_PARAGRAPH = 100
#: Only the tail of a text is searched for a dangling label, which keeps the
#: end-anchored search linear however long the caption is.
_TAIL = 80

_BOUNDARY_BEFORE = frozenset(" (|[–—-•·,.;:/")
# A credit parenthesis with no name in it: "(Photo by)", "(Photo: )", "(Image courtesy)".
# A bare "(Video)" or "(Photos)" is a marker, not a credit: the label must call for a name.
_EMPTY_PAREN = re.compile(
    r"\(\s?(?:(?:photo(?:graph)?s?|images?|pictures?|illustrations?|graphics?|video)\s+(?:by|credits?|courtesy(?:\s+of)?)"
    r"(?:\s?[:：–—|/-])?|photographed\s+by|courtesy\s+of|"
    rf"(?:{CREDIT_LABEL})\s?[:：–—|/-])\s?\)",
    re.IGNORECASE,
)
# A capitalised credit label ending a line, with its separator or its "by": "Photo by", "Image:", "(Photo by".
_LINE_END_LABEL = re.compile(
    r"(?:^|(?<=[\s|–—-]))(?P<open>\(\s?)?"
    r"(?P<label>(?:Photo(?:graph)?s?|Images?|Pictures?|Illustrations?|Graphics?|Video|PHOTOS?|IMAGES?)"
    r"(?:\s+(?:by|BY|credits?|Credits?|CREDITS?|courtesy(?:\s+of)?|[Ss]ource))?|Credits?|CREDITS?|"
    r"Courtesy(?:\s+of)?|Photographed\s+by)"
    r"(?P<sep>\s?[:：–—|©-])?\s?$"
)
# A line that could be the name a label on the line before is waiting for: short, capitalised, no sentence.
_NAME_LINE = re.compile(r"^[@A-Z\u00c0-\u024f][^.!?]{0,60}$")
# A credit label with its separator and nothing after it (end of the text).
_DANGLING = re.compile(
    rf"(?P<open>\(\s?)?(?P<label>{CREDIT_LABEL})(?P<sep>\s?[:：–—|-])?\s?\)?$",
    re.IGNORECASE,
)
_PLACEHOLDER_TOKEN = (
    r"(?:TBD|TBC|TKTK|TK|X{2,}|x{3,}|\?{2,}|\[[^\]\n]{0,40}\]|\{\{?[^{}\n]{0,40}\}\}?|"
    r"NAME|PHOTOGRAPHER|name\s+here|credit\s+here|insert\s+credit|placeholder)"
)
_PLACEHOLDER = re.compile(
    rf"(?<![\w])(?P<label>{CREDIT_LABEL})\s?(?:[:：–—-]\s?|\s)(?P<token>{_PLACEHOLDER_TOKEN})(?![\w])",
    re.IGNORECASE,
)
_BARE_PLACEHOLDER = re.compile(rf"\(?{_PLACEHOLDER_TOKEN}\)?", re.IGNORECASE)
# Signs that a caption or paragraph carries a credit (for CD203's consistency test).
_CREDIT_SIGN = re.compile(
    rf"(?<![\w])(?:{CREDIT_LABEL})\s?[:：–—-]\s?\S|©|\(c\)\s|\bcourtesy\b|\bhandout\b|\bfile\s+photo\b",
    re.IGNORECASE,
)
# Agencies and "Name/Agency" credits are matched case-sensitively ("and/or" is not a credit).
_AGENCY_SIGN = re.compile(
    r"\b(?:AP|AFP|EPA|Reuters|Getty|Shutterstock|iStock|Alamy|Bloomberg|Xinhua|NurPhoto|Sipa|"
    r"Associated Press|Wikimedia|Unsplash|Flickr)\b|[a-z]\s?/\s?[A-Z][\w.&]+"
)
_DECORATIVE_SRC = re.compile(
    r"logo|icon|avatar|emoji|spacer|pixel|badge|sprite|button|gravatar|\.svg\b|^data:", re.IGNORECASE
)
_TOKEN = re.compile(r"[^\W_]+")
_TITLE_SEPARATOR = re.compile(r"\s[|–—-]\s|\s::\s|\s»\s")


# Picture services whose name, cut mid-word at the end of a credit, shows the credit was cut.
_SERVICE_NAMES = (
    "Getty Images",
    "Reuters",
    "Shutterstock",
    "Associated Press",
    "Bloomberg",
    "Xinhua",
    "Alamy",
    "NurPhoto",
    "Anadolu Agency",
    "Pacific Press",
    "SOPA Images",
    "Hindustan Times",
    "Wikimedia Commons",
)
_CREDIT_TAIL_NAME = re.compile(r"(?:/|\bvia\s|\bby\s|:\s)(?P<tail>[A-Za-z][\w]*(?:\s[A-Za-z]\w*)?)\s?$")


def _cut_service(text: str) -> int | None:
    """Where a credit ending in a service's name cut mid-word starts (``…/Getty Ima``), or None."""
    match = _CREDIT_TAIL_NAME.search(text, max(0, len(text) - 40))
    if match is None:
        return None
    tail = match.group("tail")
    for name in _SERVICE_NAMES:
        if len(tail) >= 3 and len(tail) < len(name) and name.startswith(tail) and name[len(tail)].isalpha():
            return match.start("tail")
    return None


def _boundary_ok(text: str, index: int) -> bool:
    return index == 0 or text[index - 1] in _BOUNDARY_BEFORE


def _next_block(article: Article, block: Block) -> Block | None:
    following = article.blocks[block.index + 1 : block.index + 2]
    return following[0] if following else None


def _figure_blocks(article: Article) -> Iterator[tuple[Block, Figure | None]]:
    """Blocks where a credit may be: captions, credit blocks, short paragraphs after a figure."""
    seen: set[int] = set()
    by_element = {id(figure.element): figure for figure in article.figures}
    for block in article.copy_blocks(frozenset(("caption", "credit"))):
        seen.add(block.index)
        yield block, by_element.get(id(block.figure)) if block.figure is not None else None
    for figure in article.figures:
        start = article.tag_start(figure.element)
        if start is None:
            continue
        after = next(
            (
                b
                for b in article.blocks
                if b.figure is not figure.element and b.mapped.source_span[0] > start and b.role != "aside"
            ),
            None,
        )
        if (
            after is not None
            and after.index not in seen
            and not after.chrome
            and after.role == "paragraph"
            and len(after.text) <= _SHORT_PARAGRAPH
        ):
            seen.add(after.index)
            yield after, figure


@register
class BrokenCredit(Rule):
    """A photo credit cut off: a label with nothing after it, or a credit paren never closed.

    Scrapers and CMS templates that lose the photographer's name leave a label
    dangling (``(Credit –``, ``Photo:``). The finding covers the credit's own
    characters, not the whole caption. Looked for in captions, credit
    elements and the short paragraph after a figure; anywhere in the copy for
    an empty credit parenthesis (``(Photo by)``, ``(Image: )``); and, in plain
    text, where a caption is a line, a credit label or credit parenthesis
    ending a line with no name (unless the next line carries it: ``Photo:`` /
    ``Jane Doe/Reuters``). A credit that ends in a picture service's name cut
    mid-word (``…/Getty Ima``) is cut off too.

    Not flagged: a bare ``(Video)`` or ``(Photos)`` marker, a label whose name
    sits in the next element of the figure, and the last line of a text file
    that stops mid-line (a file cut at a size limit, not the writer's slip).
    """

    code = "CD201"
    name = "broken-credit"
    category = "credit"
    severity = Severity.ERROR
    summary = "A photo credit is cut off: a label with nothing after it, or an unclosed credit parenthesis."
    why = (
        "A credit that ends at its label ('Photo:', '(Credit –') tells the reader nothing and breaks the "
        "agency's licence condition; it is the signature of a CMS field or scraper that lost the name."
    )
    bad = (
        '<figure><img src="a.jpg" alt="Flooded street"><figcaption>Flooded street (Credit &#8211;</figcaption></figure>'
    )
    good = (
        '<figure><img src="a.jpg" alt="Flooded street">'
        "<figcaption>Flooded street (Photo: Jane Doe/Reuters)</figcaption></figure>"
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        checked: set[int] = set()
        for block, _figure in _figure_blocks(article):
            checked.add(block.index)
            yield from self._check_text(block, article)
        lines = copy_lines(article)
        for position, line in enumerate(lines):
            if line.block.index in checked:
                continue
            yield from self._check_line(article, lines, position)

    def _check_line(self, article: Article, lines: Sequence[Line], position: int) -> Iterator[Violation]:
        """A credit label with nothing after it anywhere in the copy: ``(Photo by)``, a line ending ``Image:``.

        An empty credit parenthesis is a credit whatever surrounds it. A label
        ending a *line* (plain text, where a caption is a line) is one only when
        the next line does not carry the name (``Photo:`` / ``Jane Doe/Reuters``),
        and a file cut mid-line at its end is not judged.
        """
        line = lines[position]
        text = line.text
        for match in _EMPTY_PAREN.finditer(text):
            yield self.violation(
                line.block,
                line.start + match.start(),
                line.start + match.end(),
                f"credit '{match.group()}' is empty: the label has no name after it",
            )
            return
        if truncated_end(article, line):
            return
        cut = _cut_service(text.rstrip(")"))
        if cut is not None and (line.block.role in ("caption", "credit") or CREDIT_PAREN.search(text) is not None):
            yield self.violation(
                line.block,
                line.start + cut,
                line.start + len(text),
                f"credit '{text[cut:]}' is cut off mid-name",
            )
            return
        if article.body is not None:
            return
        tail = _LINE_END_LABEL.search(text, max(0, len(text) - _TAIL))
        if tail is None:
            last_open = text.rfind("(")
            following = lines[position + 1].text if position + 1 < len(lines) else ""
            wrapped = ")" in following[:60] and "(" not in following[: following.find(")")]
            if last_open != -1 and ")" not in text[last_open:] and CREDIT_PAREN.match(text, last_open) and not wrapped:
                yield self.violation(
                    line.block,
                    line.start + last_open,
                    line.start + len(text),
                    "credit parenthesis is never closed: the credit may be cut off",
                )
            return
        label = tail.group("label")
        named_label = re.search(r"\b(?:by|of|credits?|courtesy)$", label, re.IGNORECASE) is not None
        if tail.group("sep") is None and tail.group("open") is None and not named_label:
            return
        following = lines[position + 1].text if position + 1 < len(lines) else ""
        if following and _NAME_LINE.match(following) and not is_prose(following):
            return
        start = tail.start("open") if tail.group("open") is not None else tail.start("label")
        yield self.violation(
            line.block,
            line.start + start,
            line.start + len(text),
            f"credit '{text[start:].strip()}' is cut off: the label has no name after it",
        )

    def _check_text(self, block: Block, article: Article) -> Iterator[Violation]:
        text = block.text
        cut = _cut_service(text.rstrip(")"))
        if cut is not None:
            yield self.violation(block, cut, len(text), f"credit '{text[cut:]}' is cut off mid-name")
            return
        tail_start = max(0, len(text) - _TAIL)
        dangling = _DANGLING.search(text, tail_start)
        if dangling is not None:
            start = dangling.start()
            opened = dangling.group("open") is not None
            label = dangling.group("label")
            separated = dangling.group("sep") is not None or label.lower().endswith((" by", " of"))
            closed = dangling.group().rstrip().endswith(")")
            label_first = label[0]
            whole = text[:start].strip() == ""
            if (
                _boundary_ok(text, start)
                and (label_first.isupper() or whole)
                and (separated or (opened and not closed) or (whole and block.role == "credit"))
                and not self._continued(article, block)
            ):
                end = len(text.rstrip(" )")) if not closed else len(text)
                yield self.violation(
                    block,
                    start,
                    end,
                    f"credit '{text[start:end].strip()}' is cut off: the label has no name after it",
                )
                return
        last_open = text.rfind("(")
        if (
            last_open != -1
            and text.find(")", last_open) == -1
            and CREDIT_PAREN.match(text, last_open)
            and not self._continued(article, block)
        ):
            end = len(text.rstrip())
            yield self.violation(block, last_open, end, "credit parenthesis is never closed: the credit may be cut off")

    @staticmethod
    def _continued(article: Article, block: Block) -> bool:
        """A label whose name sits in the next element of the same figure (``Credit:`` + ``<span>``)."""
        following = _next_block(article, block)
        if following is not None and article.body is None:
            # Plain text has no figures: the name may stand on the next line ("Photo:" / "Jane Doe/Reuters").
            text = following.text.strip()
            return bool(_NAME_LINE.match(text)) and not is_prose(text)
        return (
            following is not None
            and block.figure is not None
            and following.figure is block.figure
            and following.role in ("credit", "caption")
            and len(following.text) <= _SHORT_PARAGRAPH
        )


@register
class PlaceholderCredit(Rule):
    """A credit that is a desk placeholder (``Credit: TBD``, ``Photo: TK``, ``Photo: [name]``)."""

    code = "CD202"
    name = "placeholder-credit"
    category = "credit"
    severity = Severity.ERROR
    summary = "A photo credit is a placeholder (TBD, TK, XXX, [name]) instead of a name."
    why = (
        "A credit left as 'TBD' or '[name]' was meant to be filled in before publication; published, it "
        "credits nobody and shows readers the desk's unfinished work."
    )
    bad = '<figure><img src="a.jpg" alt="Flooded street"><figcaption>Flooded street. Photo: TK</figcaption></figure>'
    good = (
        '<figure><img src="a.jpg" alt="Flooded street">'
        "<figcaption>Flooded street. Photo: Tom Kent</figcaption></figure>"
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        for block, _figure in _figure_blocks(article):
            text = block.text
            found = False
            for match in _PLACEHOLDER.finditer(text):
                token = match.group("token")
                if token.isalpha() and token.lower() in ("name", "photographer") and not token.isupper():
                    continue  # "Photo: Name of the ship" is prose; only NAME in capitals is a token
                found = True
                yield self.violation(
                    block, match.start(), match.end(), f"credit '{match.group()}' is a placeholder, not a name"
                )
            if not found and block.role == "credit" and _BARE_PLACEHOLDER.fullmatch(text):
                yield self.violation(block, 0, len(text), f"credit '{text}' is a placeholder, not a name")


def _is_story_figure(figure: Figure) -> bool:
    """A figure of the story: captioned or in a figure container, and not a logo or icon."""
    image = figure.image
    if image is None:
        return False
    if image.get("role") == "presentation" or image.get("aria-hidden") == "true":
        return False
    if figure.alt is not None and figure.alt.text == "" and figure.caption is None:
        return False
    src = figure.src or ""
    if _DECORATIVE_SRC.search(src) or any(_DECORATIVE_SRC.search(c) for c in image.classes):
        return False
    for size in ("width", "height"):
        value = image.get(size)
        if isinstance(value, str) and value.isdigit() and int(value) < 100:
            return False
    return figure.caption is not None or bool(figure.credits) or figure.element is not image


def _has_credit_sign(text: str) -> bool:
    return _CREDIT_SIGN.search(text) is not None or _AGENCY_SIGN.search(text) is not None


def _is_credited(article: Article, figure: Figure) -> bool:
    if any(block.text.strip() for block in figure.credits):
        return True
    if figure.caption is not None and _has_credit_sign(figure.caption.text):
        return True
    return any(
        owner is figure and block.role == "paragraph" and _has_credit_sign(block.text)
        for block, owner in _figure_blocks(article)
    )


@register
class MissingCredit(Rule):
    """One figure without a credit in an article whose other figures are credited.

    Not judged: logos, icons, presentational images, and a picture the
    article repeats (the same image shown at every chapter is a series logo or
    a divider, decoration rather than a figure of the story).

    Severity is *info*: the rule infers a missing credit from consistency, and
    legitimate exceptions exist (a newsroom's own chart or map, a credit carried
    in the image file, a page-level "Photos by …" line it cannot see). What it
    does catch — a credit field left empty on one picture — is worth a look, not
    a failed build.
    """

    code = "CD203"
    name = "missing-credit"
    category = "credit"
    severity = Severity.INFO
    summary = "A figure has no credit while the article's other figures are credited."
    why = (
        "Figures within one article are credited consistently; one uncredited picture among credited ones "
        "usually means a credit field was left empty. Logos, icons and single-figure articles are not judged."
    )
    options = (
        Option("min_credited", 2, "How many credited figures the article needs before an uncredited one is flagged."),
    )
    bad = (
        '<figure><img src="a.jpg" alt="Dam"><figcaption>The dam. (Photo: Jane Doe/Reuters)</figcaption></figure>'
        '<figure><img src="b.jpg" alt="River"><figcaption>The river. (Photo: Jane Doe/Reuters)</figcaption></figure>'
        '<figure><img src="c.jpg" alt="Town"><figcaption>The town after the flood.</figcaption></figure>'
    )
    good = (
        '<figure><img src="a.jpg" alt="Dam"><figcaption>The dam. (Photo: Jane Doe/Reuters)</figcaption></figure>'
        '<figure><img src="b.jpg" alt="River"><figcaption>The river. (Photo: Jane Doe/Reuters)</figcaption></figure>'
        '<figure><img src="c.jpg" alt="Town"><figcaption>The town. (AP Photo/John Roe)</figcaption></figure>'
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        sources: dict[str, int] = {}
        for figure in article.figures:
            if figure.src:
                sources[figure.src] = sources.get(figure.src, 0) + 1
        # A picture the article shows again and again (a series logo, a chapter bug) is decoration.
        figures = [
            figure
            for figure in article.figures
            if _is_story_figure(figure) and not (figure.src and sources[figure.src] > 1)
        ]
        credited = [figure for figure in figures if _is_credited(article, figure)]
        uncredited = [figure for figure in figures if figure not in credited]
        if not uncredited or len(credited) < self.config["min_credited"] or len(uncredited) >= len(credited):
            return
        for figure in uncredited:
            message = (
                f"figure has no credit, while {len(credited)} of the article's {len(figures)} figures are credited"
            )
            if figure.caption is not None and figure.caption.text:
                yield self.violation(figure.caption, 0, len(figure.caption.text), message)
            elif figure.image is not None:
                yield Violation(None, 0, 0, message, source_span=article.tag_span(figure.image))


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().casefold(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _headlines(article: Article) -> list[list[str]]:
    """The headline as the page gives it: the ``<h1>``, ``og:title`` and the title's first part."""
    found: list[str] = []
    if article.headline:
        found.append(article.headline)
    og_title = article.meta.get("og:title")
    if og_title:
        found.append(og_title)
    if article.title:
        found.append(_TITLE_SEPARATOR.split(article.title)[0])
    result: list[list[str]] = []
    for text in found:
        tokens = [token for token, _, _ in _tokens(text)]
        if tokens and tokens not in result:
            result.append(tokens)
    return result


@register
class HeadlineAsCaption(Rule):
    """A caption or ``alt`` that is the headline reused, word for word.

    Matched on words (case, punctuation and dashes ignored) against the ``<h1>``,
    ``og:title`` and the title's part before the site name. Three shapes count:
    the same words; a caption that *starts* with the whole headline; and a
    truncated headline — the first ``min_words`` or more of its words, at least
    ``min_share`` of them — because a cut-off headline is still not a
    description. A caption that merely shares a few words is fine, and so is
    a caption or alt equal to a headline that is only a name (under 20
    letters: "Leandra-Lou", "Wurmkiste"), which names the picture's subject.
    """

    code = "CD204"
    name = "headline-as-caption"
    category = "credit"
    severity = Severity.WARNING
    summary = "A figure's caption or alt text repeats the headline instead of describing the picture."
    why = (
        "A caption or alt text that is the headline again is a CMS or scraping artefact: it tells readers "
        "(and screen-reader users) nothing about what the picture shows."
    )
    options = (
        Option("min_words", 4, "Fewest headline words a caption or alt must repeat to count as the headline."),
        Option("min_share", 0.4, "Least share of the headline's words a truncated headline must keep."),
    )
    bad = (
        "<h1>Council approves new budget for city schools</h1>"
        '<figure><img src="a.jpg" alt="Council approves new budget for city schools"></figure>'
    )
    good = (
        "<h1>Council approves new budget for city schools</h1>"
        '<figure><img src="a.jpg" alt="Council members vote in the chamber on Tuesday"></figure>'
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        headlines = _headlines(article)
        if not headlines:
            return
        seen_pictures: set[str] = set()
        for figure in article.figures:
            if figure.src:
                if figure.src in seen_pictures:
                    continue  # the same picture again (a series logo on each chapter): reported once
                seen_pictures.add(figure.src)
            if figure.alt is not None and figure.alt.text:
                yield from self._compare(figure.alt, figure.alt.text, headlines, "alt text")
            caption = figure.caption
            if caption is not None and caption.text and caption is not article.headline_block:
                main = caption.text[: credit_start(caption.text)]
                yield from self._compare(caption, main, headlines, "caption")

    def _compare(self, unit: TextUnit, text: str, headlines: list[list[str]], what: str) -> Iterator[Violation]:
        words = _tokens(text)
        if not words:
            return
        tokens = [token for token, _, _ in words]
        min_words = self.config["min_words"]
        for shape in ("is the headline", "starts with the whole headline", "is the headline cut short"):
            for headline in headlines:
                count = _headline_words(tokens, headline, shape, min_words, self.config["min_share"])
                if count:
                    start, end = words[0][1], words[count - 1][2]
                    yield self.violation(unit, start, end, f"{what} {shape}; describe what the picture shows instead")
                    return


#: A headline shorter than this (characters of its words) is a name — a person, a place, a dish — and a
#: picture of that subject may rightly carry the name as its caption or alt.
_NAME_HEADLINE_CHARS = 20


def _headline_words(tokens: list[str], headline: list[str], shape: str, min_words: int, min_share: float) -> int:
    """How many leading words of ``tokens`` are the headline in the given shape (0 if not)."""
    if shape == "is the headline":
        return len(tokens) if tokens == headline and sum(map(len, headline)) >= _NAME_HEADLINE_CHARS else 0
    if shape == "starts with the whole headline":
        return len(headline) if len(headline) >= min_words and tokens[: len(headline)] == headline else 0
    if min_words <= len(tokens) < len(headline) and headline[: len(tokens)] == tokens:
        return len(tokens) if len(tokens) >= min_share * len(headline) else 0
    return 0


# --- labels and credits standing alone in the copy (plain text and scraped pages) ---

# What a date label's value starts with: a number, a month or weekday, a relative time.
_DATE_START = re.compile(
    rf"^(?:on\s+)?(?:\d|(?:{MONTH_NAME})\b|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|today|yesterday|"
    r"an?\s+(?:hour|minute|day|week|month)|just\s+now)",
    re.IGNORECASE,
)
# A byline label, at the start of a line: "By", "BY", "by:", "Written by", "Author:".
_BYLINE_LABEL = re.compile(
    r"^(?P<label>(?:(?:Written|Posted|Reported|Words|Story|Text|Edited)\s+)?(?:By|BY|by)|Author|AUTHOR|Byline|BYLINE"
    # The same labels in other languages: German, French, Spanish/Portuguese, Dutch.
    r"|(?:(?:Erstellt|Geschrieben|Verfasst)\s+)?(?:[Vv]on|VON)|Autor(?:in)?|Par|PAR|Por|POR|Auteur|Door)"
    r"(?P<colon>\s?[:：])?(?=\s|$)"
)
# A date label, at the start of a line: "Published", "UPDATED:", "Last updated on".
_DATE_LABEL = re.compile(
    r"(?P<label>(?:(?:Last|First)\s+)?(?:[Pp]ublished|PUBLISHED|[Uu]pdated(?=\s?[:：]|\s+(?:on|at)\b)|"
    r"UPDATED(?=\s?[:：]|\s+(?:ON|AT)\b)|[Pp]osted|POSTED|LAST UPDATED|Last [Mm]odified(?=\s?[:：])|"
    r"FIRST PUBLISHED)(?:\s+(?:on|On|ON|at|At|AT))?|Date(?=\s?[:：])|DATE(?=\s?[:：]))(?P<colon>\s?[:：])?(?=\s|$)"
)
# Separators a template puts between byline fields: "By • January 21", "By | name@site.com".
_SEPARATOR = re.compile(r"\s*[•·|/,–—-]\s*")
_CUT_NAMES = re.compile(r"^(?:and|&)\s|\s(?:and|&|AND)$")
_EMAIL_OR_HANDLE = re.compile(r"^[\w.+-]+@[\w-]+\.\w|^@\w")


# A date and nothing else (a time, a comment count may follow): "March 3, 2024", "on 03/03/2024 10:15 am".
_PURE_DATE = re.compile(
    rf"^(?:on\s+)?(?:(?:{MONTH_NAME})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{MONTH_NAME})\.?,?\s+\d{{4}}|"
    r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})(?:[\s,|•·]+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|IST|ET|GMT|UTC)?)?"
    r"(?:[\s|•·]+\d+\s+[Cc]omments?)?\s*$",
    re.IGNORECASE,
)


#: A time's unit with no time before it: "Erstellt von - Uhr" (German "o'clock"), "By - h".
_BARE_TIME_UNIT = re.compile(r"(?:Uhr|h|hrs?)\.?")


def _empty_value(rest: str) -> bool:
    """Whether what follows a byline label is no name: nothing, a bare date, or a separator then a date,
    an address or nothing."""
    if not rest or _PURE_DATE.match(rest) or re.match(r"on\s", rest):
        return True
    separator = _SEPARATOR.match(rest)
    if separator is None:
        return False
    after = rest[separator.end() :]
    return (
        not after
        or _DATE_START.match(after) is not None
        or _EMAIL_OR_HANDLE.match(after) is not None
        or _DATE_LABEL.match(after) is not None
        or _BARE_TIME_UNIT.fullmatch(after) is not None
    )


@register
class EmptyByline(Rule):
    """A byline or date label with nothing after it (``By •``, ``by:``, ``Published`` alone, ``UPDATED: |``).

    How it decides: a line (in plain text) or a short block that opens with a
    byline label (``By``, ``Written by``, ``Author:``) or a date label
    (``Published``, ``Updated``, ``Posted on``) and where the value should be
    has nothing, another label, or only a template separator followed by a
    date or an e-mail address (the name is what is missing).

    Not flagged: a label whose value is on the next line (``By`` / ``Jane
    Doe``, ``Published`` / ``March 3, 2024``), a label followed by a name or a
    date on its own line, prose that starts with "By" ("By noon the roads
    were closed"), and "published" inside a sentence.
    """

    code = "CD205"
    name = "empty-byline"
    category = "credit"
    severity = Severity.WARNING
    summary = "A byline or date label has nothing after it ('By •', 'by:', 'Published' with no date)."
    why = (
        "A byline or dateline that stops at its label is a template field the CMS or the scraper left empty: "
        "readers see an unfinished page, and the story's author or date is lost."
    )
    bad = "<h1>Storm closes schools</h1><p class='byline'>By •</p><p>Schools across the county closed.</p>"
    good = "<h1>Storm closes schools</h1><p class='byline'>By Jane Doe • January 21, 2018</p>"

    def check_article(self, article: Article) -> Iterator[Violation]:
        lines = copy_lines(article)
        for position, line in enumerate(lines):
            text = line.text
            if len(text) > 80:
                continue
            following = lines[position + 1].text if position + 1 < len(lines) else ""
            byline = _BYLINE_LABEL.match(text)
            if byline is not None:
                rest = text[byline.end() :].strip()
                if _CUT_NAMES.search(rest):
                    # "By and Jane Doe", "By HOWARD SCHNEIDER and": one of the names is missing.
                    yield self.violation(
                        line.block, line.start, line.end, f"byline '{text}' is missing a name around 'and'"
                    )
                    continue
                if not _empty_value(rest):
                    continue
                if not rest and (
                    article.body is not None
                    or truncated_end(article, line)
                    or (
                        _NAME_LINE.match(following)
                        and not is_prose(following)
                        and not _BYLINE_LABEL.match(following)
                        and not _DATE_LABEL.match(following)
                    )
                ):
                    # "By" / "Jane Doe": the name is on the next line, or (HTML) in the next element.
                    continue
                separator = _SEPARATOR.match(text, byline.end())
                shown = text[: separator.end() if separator is not None else byline.end()].rstrip()
                yield self.violation(
                    line.block,
                    line.start,
                    line.start + len(shown),
                    f"byline '{shown}' has no name after the label",
                )
                continue
            yield from self._date_labels(article, line, following)

    def _date_labels(self, article: Article, line: Line, following: str) -> Iterator[Violation]:
        """Date labels opening a line, chained by separators (``PUBLISHED: | UPDATED:``), with no date."""
        text = line.text
        labels: list[tuple[int, int]] = []
        position = 0
        while True:
            label = _DATE_LABEL.match(text, position)
            if label is None:
                break
            labels.append((label.start(), label.end()))
            if not text[label.end() :].strip():
                break
            separator = _SEPARATOR.match(text, label.end())
            if separator is None:
                return  # "Published March 3", "Published in Nature": a value, or prose
            after = text[separator.end() :]
            if not after:
                break
            if _DATE_LABEL.match(after) is None:
                return  # "Published | March 3": something follows the separator
            position = separator.end()
        if not labels:
            return
        # A label alone on its line: the date may be on the next line, or (HTML) in the next element.
        alone = len(labels) == 1 and not text[labels[0][1] :].strip()
        if alone and (
            article.body is not None or truncated_end(article, line) or _DATE_START.match(following) is not None
        ):
            return
        start, end = labels[0][0], labels[-1][1]
        shown = text[start:end]
        yield self.violation(
            line.block, line.start + start, line.start + end, f"date label '{shown}' has no date after it"
        )


# Wire and picture services whose name alone in parentheses is a credit or a distribution tag.
_SERVICES = (
    r"AP|AFP|EPA|ANI|PTI|IANS|UNI|Reuters|REUTERS|Getty(?: Images)?|Shutterstock|iStock(?:photo)?|Alamy|Xinhua|"
    r"PRNewswire|PR Newswire|Business Wire|BUSINESS WIRE|GLOBE NEWSWIRE|Globe Newswire|ACCESSWIRE|Newswire|"
    r"NurPhoto|Sipa|SIPA|Bloomberg|WENN|Splash News|Backgrid|BACKGRID|Handout|HANDOUT"
)
_PAREN = re.compile(r"\((?P<inside>[^()]{1,100})\)")
_CREDIT_INSIDE = re.compile(
    rf"^\s?(?:(?i:{CREDIT_LABEL})\s?(?:[:：–—|/-]|\s+by\b)|(?:AP|AFP|EPA|Reuters|Getty|PTI|ANI|IANS)\b(?:\s+Photo)?\s?/|"
    rf"(?:Photo|Image|Picture)s?\s+by\b|(?:{_SERVICES})\s?\)?$)"
    r"|^[A-Z][\w.&'’ -]{1,40}/[A-Z][\w.&'’ -]{1,40}$",
)
# A credit label glued to the end of a credit before it: "…/Getty ImagesPhoto by …".
_GLUED_LABEL = re.compile(r"(?<=[a-z)])(?P<label>\s?(?:Photo|Image|Picture)s?(?:\s+(?:by|credit)\b|\s?:)|Credit:)")
# The same credit label twice with only a name between: "Photo: Jane Doe Photo: John Roe".
_LABEL_TWICE = re.compile(
    r"(?<![\w])(?P<label>Photo(?:graph)?s?\s?:|Photo by|Credit\s?:|Image\s?:|Image by)\s"
    r"[A-Z][^.;,()\n]{1,50}?\s(?P=label)(?=\s?\S)"
)
_CREDIT_END_BEFORE = re.compile(rf"(?:{_SERVICES}|Images|Photography)\)?$")


def _credit_like(inside: str) -> bool:
    return _CREDIT_INSIDE.search(inside.strip()) is not None


@register
class DoubledCredit(Rule):
    """Two credits run together where one belongs: ``(Photo by …/Getty Images)(Photo by …)``.

    How it decides: two parenthesised credits side by side with nothing
    between them but a space (each a credit label, an ``Agency/Name`` or
    ``Name/Agency`` pair, or a wire or picture service's name), or a credit
    label glued to the end of a credit before it (``…/Getty ImagesPhoto by``).

    Not flagged: one credit naming two sources inside one pair of parentheses
    (``(Photo: Jane Doe/Reuters, John Roe/AP)``), a credit followed by prose in
    parentheses, and two credits in two captions.
    """

    code = "CD206"
    name = "doubled-credit"
    category = "credit"
    severity = Severity.WARNING
    summary = "Two credits run together where one belongs: '(Photo by …/Getty Images)(Photo by …)'."
    why = (
        "Credits run together are two captions' credits scraped into one, or a credit pasted twice: "
        "the reader cannot tell which picture each names, and the licence's credit line is garbled."
    )
    bad = "<p>Lizzo on stage. (Photo by Kevin Winter/Getty Images)(Photo by Kevin Winter/Getty Images)</p>"
    good = "<p>Lizzo on stage. (Photo by Kevin Winter/Getty Images for The Recording Academy)</p>"

    def check_article(self, article: Article) -> Iterator[Violation]:
        for line in copy_lines(article):
            text = line.text
            if "(" not in text and "Photo" not in text and "Credit" not in text:
                continue
            yield from self._check(line, text)

    def _check(self, line: Line, text: str) -> Iterator[Violation]:
        previous: re.Match[str] | None = None
        for paren in _PAREN.finditer(text):
            if (
                previous is not None
                and text[previous.end() : paren.start()].strip() == ""
                and _credit_like(previous.group("inside"))
                and _credit_like(paren.group("inside"))
            ):
                yield self.violation(
                    line.block,
                    line.start + previous.start(),
                    line.start + paren.end(),
                    f"two credits run together: '{text[previous.start() : paren.end()]}'",
                )
                return
            previous = paren
        twice = _LABEL_TWICE.search(text)
        if twice is not None:
            yield self.violation(
                line.block,
                line.start + twice.start(),
                line.start + twice.end(),
                f"two credits run together: '{twice.group()}'",
            )
            return
        for glued in _GLUED_LABEL.finditer(text):
            before = text[max(0, glued.start() - 40) : glued.start()]
            if _CREDIT_END_BEFORE.search(before) is not None:
                yield self.violation(
                    line.block,
                    line.start + glued.start(),
                    line.start + glued.end(),
                    f"credit label '{glued.group()}' is glued to the credit before it: two credits run together",
                )
                return


# A credit with no label, standing alone: a service's name, "Handout", "File photo".
_BARE_CREDIT = re.compile(
    rf"^\(?(?:(?:{_SERVICES})(?:\s(?:Photo|photo|PHOTO|Image|image|Images))?|File|FILE|(?i:file|handout)\s(?i:photo|image))"
    r"(?:\s?/\s?(?:File|Handout|HANDOUT|FILE))?\)?\.?$"
)
# An agency or photo site, a slash, then the photographer: "globallookpress.com / Armando Gallo", "AFP / Jane Doe".
_AGENCY_SLASH_PHOTOGRAPHER = re.compile(
    rf"^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|ru|de|fr|it|es|in|co\.uk|com\.au)|{_SERVICES})"
    r"\s?/\s?[A-Z][a-z’'-]+(?: [A-Z][a-z’'-]+){1,2}$"
)
# A newspaper's name alone: "The New Indian Express", "The Daily Star".
_MASTHEAD = re.compile(
    r"^(?:The(?: [A-Z][a-z]+){0,3} (?:Express|Times|Post|Herald|Tribune|Journal|Chronicle|Guardian|Telegraph|"
    r"Gazette|Standard|Observer|Mail|Mirror|Independent|Hindu|Statesman|Examiner|Inquirer|Courier|Bulletin|Star|"
    r"Sun|Dispatch|Register|Record|Recorder|Sentinel|Enquirer|Daily|Age|Australian|Globe|Nation|Citizen)"
    r"|(?:[A-Z][a-z]+ ){1,2}(?:Times|Express|Herald|Tribune|Chronicle|Gazette|Telegraph|Post))"
    r"(?: of [A-Z][a-z]+)?$"
)


@register
class OrphanCredit(Rule):
    """A credit standing alone between paragraphs, its picture gone (``Handout``, ``The Daily Herald``).

    How it decides: a line or paragraph of the copy that is only a bare
    credit — a picture or wire service's name (``Getty Images``, ``AFP``),
    ``Handout``, ``File photo``, a newspaper's name, or an agency or photo
    site with its photographer (``globallookpress.com / Armando Gallo``) — with story
    paragraphs on both sides: the picture it credited is not there (a
    scraper dropped it), and the reader meets a stray name in the story.

    Not flagged: a labelled credit (``Photo: Getty Images``, ``Image via
    Instagram``), which reads as a credit, a credit right after a caption line
    or under a figure, a newspaper's name as the first or last line (a
    masthead or a source line), and the names inside sentences.
    """

    code = "CD207"
    name = "orphan-credit"
    category = "credit"
    severity = Severity.INFO
    summary = "A bare credit ('Handout', 'Getty Images', a paper's name) stands alone between paragraphs."
    why = (
        "A credit between two paragraphs with no picture is what a scraper leaves when it drops the image: "
        "the reader meets a stray name in the story, and whatever the credit was for is gone."
    )
    bad = (
        "<p>The phone is expected to launch next month at a price under Rs 10,000, the report said.</p>"
        "<p>Handout</p><p>The company has not confirmed the date of the launch or the price of the phone.</p>"
    )
    good = (
        '<p>The phone is expected to launch next month.</p><figure><img src="a.jpg" alt="The phone">'
        "<figcaption>Handout</figcaption></figure><p>The company has not confirmed the date.</p>"
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        near_figure = {block.index for block, _ in _figure_blocks(article)}
        lines = copy_lines(article)
        for position in range(1, len(lines) - 1):
            line = lines[position]
            text = line.text
            if len(text) > 40 or line.block.index in near_figure or line.block.role in ("caption", "credit"):
                continue
            if not any(pattern.match(text) for pattern in (_BARE_CREDIT, _MASTHEAD, _AGENCY_SLASH_PHOTOGRAPHER)):
                continue
            if not (is_prose(lines[position - 1].text) and is_prose(lines[position + 1].text)):
                continue
            yield self.violation(
                line.block,
                line.start,
                line.end,
                f"credit '{text}' stands alone between paragraphs: the picture it credits is missing",
            )


# A spinner's rewording of a credit: "via X" spun to "through X", "Getty Images" to "Getty Pictures".
_SPUN_VIA = re.compile(
    r"^(?:through|Through|by way of|By way of)\s+(?P<source>[@\w][\w.@'’&-]{1,30})"
    r"(?:\s+(?:and|&)\s+[@\w][\w.@'’&-]{1,30})?$"
)
_SPUN_WORDS = re.compile(
    r"\bGetty (?:Pictures|Photographs|Photos|Pics)\b|\b(?:Picture|Image|Photo(?:graph)?)\s+[Cc]redit\s+[Ss]core\b"
)
_NOT_SOURCES = frozenset("the a an this that these those his her their our my your its it them him me us".split())


@register
class GarbledCredit(Rule):
    """A credit reworded by an article spinner: ``through Instagram`` for "via Instagram", ``Getty Pictures``.

    Spinners swap words for synonyms to pass copied text off as new, and
    credits come out garbled: "via" becomes "through", "Getty Images" becomes
    "Getty Pictures", "Photo credit" becomes "Picture credit score". How it
    decides: a line of its own that is "through" and a source of one or two
    names (where a caption's "via …" sits), or one of the spun credit phrases
    anywhere in the copy.

    Not flagged: "through" in a sentence, a heading such as "Through the
    years" (an article or pronoun follows), and a correct ``via Instagram``.
    """

    code = "CD208"
    name = "garbled-credit"
    category = "credit"
    severity = Severity.INFO
    summary = "A credit garbled by a spinner: 'through people' for 'via People', 'Getty Pictures'."
    why = (
        "A garbled credit no longer names its source clearly, breaks the licence's credit line, and marks "
        "the page as spun copy of someone else's story."
    )
    bad = "<p>The couple on the beach in the Hamptons last summer.</p><p>through people</p>"
    good = "<p>The couple on the beach in the Hamptons last summer.</p><p>via People</p>"

    def check_article(self, article: Article) -> Iterator[Violation]:
        for line in copy_lines(article):
            text = line.text
            spun = _SPUN_VIA.match(text)
            if spun is not None and spun.group("source").lower() not in _NOT_SOURCES:
                yield self.violation(
                    line.block, line.start, line.end, f"credit '{text}' is garbled: 'through' where 'via' belongs"
                )
                continue
            for match in _SPUN_WORDS.finditer(text):
                yield self.violation(
                    line.block,
                    line.start + match.start(),
                    line.start + match.end(),
                    f"credit '{match.group()}' is garbled: a spinner reworded it",
                )


_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+){3,}(?:\.(?:jpe?g|png|gif|webp|avif))?$")
_LOWER_LINE = re.compile(r"^[a-z0-9][a-z0-9 '’-]*[a-z0-9]$")


@register
class SlugAsCaption(Rule):
    """A URL slug, file name or lower-case headline fragment standing as a picture's caption.

    How it decides: a line of its own that is a slug or an image file name
    (``youths-die-in-accident.jpg``), or an all-lower-case phrase of three to
    twelve words with no closing punctuation that repeats three or more words
    of the headline in a row (``youths die in accident in kalahandi``): the
    image's ``alt`` or file slug, scraped where a caption should be.

    Not flagged: a caption in sentence case, a lower-case line that shares no
    run of the headline's words (a tag list), and slugs inside sentences or links.
    """

    code = "CD209"
    name = "slug-as-caption"
    category = "credit"
    severity = Severity.INFO
    summary = "A URL slug, file name or lower-case headline fragment stands where a caption belongs."
    why = (
        "A slug or an alt text scraped as a caption describes nothing and shows the page was assembled by a "
        "scraper; the picture's real caption and credit are missing."
    )
    bad = (
        "<h1>Three youths die in accident after cricket match</h1>"
        "<p>youths die in accident after match</p><p>Three youths died on Sunday.</p>"
    )
    good = (
        "<h1>Three youths die in accident after cricket match</h1>"
        "<p>The wreck on the highway near the village on Sunday.</p><p>Three youths died on Sunday.</p>"
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        headlines = _headlines(article)
        for line in copy_lines(article):
            text = line.text
            if line.block is article.headline_block or len(text) > 100 or line.block.role in ("headline", "list-item"):
                continue
            if _SLUG.match(text):
                message = f"'{text}' is a slug or file name, not a caption"
                yield self.violation(line.block, line.start, line.end, message)
                continue
            if not _LOWER_LINE.match(text):
                continue
            tokens = [token for token, _, _ in _tokens(text)]
            if 3 <= len(tokens) <= 12 and any(_shared_run(tokens, headline) >= 3 for headline in headlines):
                yield self.violation(
                    line.block,
                    line.start,
                    line.end,
                    f"'{text}' is a lower-case piece of the headline (an alt text or slug), not a caption",
                )


def _shared_run(tokens: list[str], headline: list[str]) -> int:
    """The longest run of consecutive words ``tokens`` shares with ``headline``."""
    best = 0
    for i in range(len(tokens)):
        for j in range(len(headline)):
            k = 0
            while i + k < len(tokens) and j + k < len(headline) and tokens[i + k] == headline[j + k]:
                k += 1
            best = max(best, k)
    return best


# A line that opens with a few capitalised words run into the next capitalised word, and a sentence goes on
# ("Recording AcademyPrince is …"; not a name list such as "Get HuffPost Business").
_FUSED_START = re.compile(
    r"^(?P<credit>(?:[A-Z][\w.&'’-]*\s){0,3}[A-Z][a-z]{2,})(?P<word>[A-Z][a-z]{2,})(?=\s[a-z]|[,’'])"
)
_NAME_PREFIXES = ("Mc", "Mac", "De", "Di", "Da", "La", "Le", "Van", "Von", "O")


@register
class FusedCredit(Rule):
    """A picture's credit run into the first word of the story: ``Recording AcademyPrince is one of…``.

    A scraper that drops the picture keeps its credit, and with no line break
    between them the credit runs into the paragraph that follows. How it
    decides: a line opens with one to four capitalised words whose last runs
    straight into a capitalised word (``AcademyPrince``), and that second
    word appears on its own elsewhere in the article (the story's own word),
    while the fused form appears nowhere else.

    Not flagged: names written in camel case (``McDonald``, ``DeSantis``,
    ``YouTube``, ``PlayStation``: the part after the join is not a word the
    article uses on its own), run-together words in mid-sentence and, in HTML,
    a join at a tag (a lost space between two elements: CD503's), bylines,
    and credits on a line of their own.
    """

    code = "CD210"
    name = "fused-credit"
    category = "credit"
    severity = Severity.INFO
    summary = "A credit runs into the first word of the story ('Recording AcademyPrince is one of…')."
    why = (
        "A credit fused to the story's first word is what a scraper leaves when it drops the picture but keeps "
        "its credit: the paragraph opens with a garbled word and the credit credits nothing."
    )
    bad = (
        "<h1>Prince tribute set for Grammys</h1>"
        "<p>Recording AcademyPrince is one of her idols, so the tribute was a surreal moment.</p>"
    )
    good = (
        "<h1>Prince tribute set for Grammys</h1>"
        "<p>Prince is one of her idols, so the tribute to him was a surreal moment, she said.</p>"
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        lines = copy_lines(article)
        counts: Counter[str] | None = None
        for line in lines:
            match = _FUSED_START.match(line.text)
            if match is None or line.block.role in ("headline", "byline") or _BYLINE_LABEL.match(line.text):
                continue
            credit, word = match.group("credit"), match.group("word")
            last = credit.split()[-1]
            if last.startswith(_NAME_PREFIXES) and len(last) <= 4:
                continue
            join = line.start + match.start("word")
            if article.body is not None and article.tags_at(line.block, join):
                continue  # in HTML a join at a tag is a lost space between elements (CD503's)
            if counts is None:
                counts = _word_counts(article, lines)
            if counts[word] and counts[last + word] <= 1:
                yield self.violation(
                    line.block,
                    line.start,
                    line.start + match.end(),
                    f"credit '{credit}' runs into the story's first word '{word}': the picture is gone",
                )


def _word_counts(article: Article, lines: Sequence[Line]) -> Counter[str]:
    """How often each whole word stands in the headline, the title and the copy (counted once per article)."""
    texts = [article.headline or "", article.title or ""] + [line.text for line in lines]
    return Counter(token for text in texts for token in re.findall(r"(?<![\w])[A-Z]\w+(?![\w])", text))
