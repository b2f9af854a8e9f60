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
from collections.abc import Iterator

from copydesk.engine.rule import Option, Rule, Severity, Violation, register
from copydesk.model.article import Article, Block, Figure, TextUnit

from ._attribution_words import CREDIT_LABEL
from ._shared import CREDIT_PAREN, credit_start

#: Reader text where a credit may sit is short; a longer paragraph is story copy.
_SHORT_PARAGRAPH = 100
#: Only the tail of a text is searched for a dangling label, which keeps the
#: end-anchored search linear however long the caption is.
_TAIL = 80

_BOUNDARY_BEFORE = frozenset(" (|[–—-•·,.;:/")
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
    characters, not the whole caption.
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
        for block, _figure in _figure_blocks(article):
            yield from self._check_text(block, article)

    def _check_text(self, block: Block, article: Article) -> Iterator[Violation]:
        text = block.text
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
        figures = [figure for figure in article.figures if _is_story_figure(figure)]
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
    description. A caption that merely shares a few words is fine.
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
        for figure in article.figures:
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


def _headline_words(tokens: list[str], headline: list[str], shape: str, min_words: int, min_share: float) -> int:
    """How many leading words of ``tokens`` are the headline in the given shape (0 if not)."""
    if shape == "is the headline":
        return len(tokens) if tokens == headline else 0
    if shape == "starts with the whole headline":
        return len(headline) if len(headline) >= min_words and tokens[: len(headline)] == headline else 0
    if min_words <= len(tokens) < len(headline) and headline[: len(tokens)] == tokens:
        return len(tokens) if len(tokens) >= min_share * len(headline) else 0
    return 0
