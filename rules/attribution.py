"""Attribution family (CD3xx): quotes without a speaker, blockquotes without a
source, quotation marks left unbalanced, and speech that lost its marks.

All four read the quote spans the model detects once (``block.quotes``) and
look for attribution *outside* the quoted words, since a verb inside a quote
is the speaker's, not the writer's. The vocabulary is English (NEWSROOM.md),
so the rules that depend on it run only on pages in the configured languages
(or pages that declare none).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from copydesk.engine.rule import Option, Rule, Scope, Severity, Violation, register
from copydesk.model.article import Article, Block
from copydesk.model.measures import sentences
from copydesk.model.quotes import QuoteSpan, inside_quote

from ._attribution_words import (
    DASH_LINE,
    FIRST_PERSON,
    FIRST_PERSON_SPEAKER,
    ends_in_open_quote,
    first_person,
    has_attribution,
    looks_english,
    mask_quotes,
    opens_with_quote,
)

#: Blocks that carry running copy, in reading order (what a speaker carries across).
_FLOW_ROLES = frozenset(("paragraph", "list-item", "blockquote", "subheading"))
_PROSE_ROLES = frozenset(("paragraph", "list-item"))
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_SMALL_WORDS = frozenset(
    "a an the of and or for nor but in on at to by with from as into onto upon between among over under "
    "vs via per than de la le du des von van der".split()
)
# "the word", "a sign that read", "titled", "dubbed": what follows is not speech.
_NOT_SPEECH_LEAD = re.compile(
    r"\b(?:words?|terms?|phrases?|slogans?|motto|hashtags?|headlines?|titles?|titled|entitled|called|"
    r"dubbed|nicknamed|named|known\s+as|labell?ed|marked|stamped|reads?|reading|signs?|banners?|captions?|"
    r"songs?|books?|films?|movies?|albums?|shows?|series|episodes?|articles?|essays?|poems?|plays?|novels?|"
    r"columns?|op-eds?|editorials?|campaigns?|programmes?|programs?|initiatives?|acts?|bills?|laws?|"
    r"reports?\s+(?:titled|called)|so-called)\W{0,3}$",
    re.IGNORECASE,
)
_COLON_LEAD = re.compile(r"[:：]\s?$")
_DASH_AFTER = re.compile(r"^[,.]?\s?[—–―]\s?[A-Z]")
_QUOTE_CHARS = '"“”„'
_ENDINGS = (".", "!", "?", "…", '"', "”", "’", "'", ")")
# Text this rule cannot judge: German/Polish „…“ or French «…» pairing (the
# model pairs English marks), and markup or shortcode attributes (name="value")
# quoted as code, whose marks are syntax, not quotation.
_OTHER_CONVENTION = re.compile(r"[„«»]|[\w\]]=[\"“”]")


def _english(article: Article, languages: tuple[str, ...]) -> bool:
    """Whether the page is in one of the languages whose attribution words we know.

    A declared ``lang`` decides; without one, the text must read as English
    (when English is among the languages), since many pages declare nothing.
    """
    if article.language:
        return article.language in {code.lower().split("-")[0] for code in languages}
    if "en" not in languages:
        return True
    # Four rules ask about the same undeclared page: read its text once.
    return article.memo(_reads_english, lambda: _reads_english(article))


def _reads_english(article: Article) -> bool:
    """Whether an article's prose reads as English (asked once per article, see :meth:`Memo.memo`)."""
    return looks_english(block.text for block in article.copy_blocks(_PROSE_ROLES))


def _flow(article: Article) -> list[Block]:
    return [block for block in article.copy_blocks(_FLOW_ROLES)]


def _is_title(inner: str) -> bool:
    """Title Case quoted text (a work's or an agreement's title), not speech."""
    words = [word for word in _WORD.findall(inner) if word.lower() not in _SMALL_WORDS]
    if len(words) < 2:
        return False
    capitalised = sum(1 for word in words if word[0].isupper())
    return capitalised == len(words)


def _last_sentences(masked: str, count: int) -> tuple[int, int]:
    spans = sentences(masked)
    if not spans:
        return 0, 0
    return spans[max(0, len(spans) - count)][0], len(masked)


class _Masked:
    """Per-block masked text and sentences, computed once per check."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[str, list[tuple[int, int]]]] = {}

    def of(self, block: Block) -> tuple[str, list[tuple[int, int]]]:
        cached = self._cache.get(block.index)
        if cached is None:
            masked = mask_quotes(block.text, block.quotes)
            cached = (masked, sentences(masked))
            self._cache[block.index] = cached
        return cached


@register
class UnattributedQuote(Rule):
    """A direct quote of several words with no speaker in reach.

    Reach, as a copy editor reads it: the quote's paragraph up to the end of
    the sentence after the quote; a colon lead-in (``The mayor put it
    bluntly:``); a dash attribution after it; the last sentences of the
    previous paragraph when the paragraph opens with the quote; and every
    paragraph of a multi-paragraph quote. Not speech, so never flagged: quotes
    shorter than ``min_words`` (scare quotes, nicknames), Title Case quoted text
    (titles of works and agreements), words as words (``the word "fair"``),
    quotes nested in another quote, and blockquotes (CD302's job).
    """

    code = "CD301"
    name = "unattributed-quote"
    category = "attribution"
    severity = Severity.WARNING
    summary = "A direct quote has no speaker in its sentence, the next one, or the paragraph before."
    why = (
        "Readers must know who said the words in quotation marks; a quote with no speaker in reach is the "
        "classic missing attribution, often left when a paragraph is cut or moved."
    )
    options = (
        Option("min_words", 4, "Fewest words in a quote for it to need a speaker (shorter ones are scare quotes)."),
        Option(
            "max_phrase_words",
            8,
            "Most words in a paragraph that is only a quote for it to read, in a piece the writer tells in the "
            "first person (a column, a how-to), as a typified phrase (“It’s all going to hell!”), not reported speech.",
        ),
        Option("languages", ("en",), "Page languages whose attribution words the rule knows (pages without lang too)."),
        Option(
            "partial_quotes",
            False,
            "Also flag quotes inside a sentence (partial quotes) with no speaker in reach; off by default because "
            "on published pages such a sentence's subject is usually the source.",
        ),
    )
    bad = "<p>The council met on Tuesday.</p><p>“We cannot keep raising taxes on families.” The vote was close.</p>"
    good = "<p>The council met on Tuesday.</p><p>“We cannot keep raising taxes on families,” the mayor said.</p>"

    def check_article(self, article: Article) -> Iterator[Violation]:
        if not _english(article, self.config["languages"]):
            return
        flow = _flow(article)
        masked = _Masked()
        chains = _chains(flow)
        texts = [block.text for block in article.copy_blocks()]
        piece = article.memo(_first_person_piece, lambda: _first_person_piece(article))
        checked = 0
        for position, block in enumerate(flow):
            # List items quoting things people say are examples, not reporting.
            if block.role != "paragraph" or block.blockquote is not None:
                continue
            for quote in block.quotes:
                if not self._needs_speaker(block, quote, piece):
                    continue
                if self._attributed(article, flow, position, quote, masked, chains):
                    continue
                checked += 1  # bounded: each look-up reads the whole article
                if checked <= 50 and _repeated_elsewhere(block, quote, texts):
                    continue
                yield self.violation(block, quote.start, quote.end, "quotation has no speaker: say who said it")

    def _needs_speaker(self, block: Block, quote: QuoteSpan, first_person_piece: bool) -> bool:
        text = block.text
        if not quote.opened:
            return False
        inner = quote.inner(text)
        if len(_WORD.findall(inner)) < self.config["min_words"] or _is_title(inner):
            return False
        others = [span for span in block.quotes if span is not quote]
        if inside_quote(others, quote.start, quote.end):
            return False
        # Only a quote that is an utterance of its own: it opens a sentence and
        # starts with a capital. A partial quote inside a sentence ("the goal is to
        # "help millions…"") is attributed by that sentence's subject; one led in
        # by a comma ("ask yourself, "…"", "e.g., "…"") is an example, not speech.
        # A run of quotes ("I'm not an expert." "I don't know how.") shares one lead-in:
        # judge only its first quote.
        if any(span.opened and span.end <= quote.start for span in others):
            return False  # a later quote of the paragraph: the speaker of its first quote goes on
        if first_person_piece and _quote_only(block) and len(_WORD.findall(inner)) <= self.config["max_phrase_words"]:
            return False  # in a column or how-to, a short quoted line on its own is a typified phrase
        if _NOUN_USE.match(text, quote.end):
            return False  # "“You look great” is not a compliment": the quote is the sentence's subject
        if not _opens_sentence(text, quote.start):
            return bool(self.config["partial_quotes"]) and not _COMMA_LEAD.search(text, 0, quote.start)
        first_letter = next((char for char in inner if char.isalpha()), "")
        if not first_letter.isupper():
            return False
        # A quoted link text is the title of the linked article (reference lists, "Read: …").
        if any(link.start <= quote.start + 1 and quote.end - 1 <= link.end for link in block.links):
            return False
        return _NOT_SPEECH_LEAD.search(text, max(0, quote.start - 40), quote.start) is None

    def _attributed(
        self,
        article: Article,
        flow: list[Block],
        position: int,
        quote: QuoteSpan,
        masked: _Masked,
        chains: list[tuple[int, int]],
    ) -> bool:
        block = flow[position]
        text, spans = masked.of(block)
        index = next((i for i, (start, end) in enumerate(spans) if start <= quote.start < end), len(spans) - 1)
        window_end = spans[index + 1][1] if index + 1 < len(spans) else len(text)
        if has_attribution(text, 0, window_end) or _COLON_LEAD.search(text, 0, quote.start):
            return not _unnamed_speaker(flow, position, text, window_end)
        if _DASH_AFTER.match(text[quote.end : quote.end + 4]) or _SPEECH_TAG.match(block.text, quote.end):
            return True
        first, last = chains[position]
        # A multi-paragraph quote: the speaker may be named in any of its paragraphs.
        if last > first and any(has_attribution(masked.of(flow[i])[0]) for i in range(first, last + 1)):
            return True
        if index + 1 >= len(spans) and last + 1 < len(flow):
            following, following_spans = masked.of(flow[last + 1])
            if DASH_LINE.match(following):
                return True
            if following_spans and has_attribution(following, 0, following_spans[0][1]):
                return not _unnamed_speaker(flow, last + 1, following, following_spans[0][1])
        opens_block = text[: quote.start].strip(" x•*·-–—" + _QUOTE_CHARS) == "" or position > first
        if not opens_block:
            # A quote closing a paragraph about someone: the paragraph's subject speaks.
            return _names_someone(text[max(0, quote.start - 300) : quote.start])
        if first == 0 or _told_by(article):
            # The story opens with the quote, or is one person's account: the dek, headline or
            # description names the speaker ("A grocery-store manager shares her tips").
            return _told_by(article)
        # Quote-only paragraphs in a row (a list of quoted messages) share the lead-in before them.
        lead = first - 1
        while lead > 0 and first - lead < 10 and _quote_only(flow[lead]):
            lead -= 1
        previous = flow[lead]
        if previous.role == "subheading":
            return _names_someone(previous.text, pair=True)  # "Donated by Gina McVey" above the quote
        prev_text, _ = masked.of(previous)
        if prev_text.rstrip().endswith("?"):
            return True  # the question the quote answers: an interview or a "what is it?" lead
        start, end = _last_sentences(prev_text, 2)
        return has_attribution(prev_text, start, end) or _COLON_LEAD.search(prev_text) is not None


_COMMA_LEAD = re.compile(r",\s?$")
_LEAD_ROLES = frozenset(("dek", "headline"))
# A quote ending in a comma (inside or just after the mark) followed by a short clause that ends the
# sentence: the speech tag's place, whatever its verb ("…,” the letter began.", "…,” write Ruiz and Lee.").
_SPEECH_TAG = re.compile(r"(?<=[,]”|[,]\"|[,]’)[ \xa0]{1,2}[^.!?\"“”]{2,50}?[.!?:]")
# A verb right after the closing mark makes the quote a noun: words as words.
_NOUN_USE = re.compile(
    r"[\s\xa0]+(?:is|was|are|were|isn[’']t|wasn[’']t|aren[’']t|has|had|may|might|can|could|would|will|should|"
    r"sounds?|seems?|means?|becomes?|became|remains?|does|doesn[’']t|did|didn[’']t)\b"
)
_NOT_NAMES = frozenset(
    "The A An This That These Those It Its He She They We I You His Her Their Our My Your But And Or So Yet "
    "In On At For From With By To Of As If When While After Before Then There Here What Who Why How Some Many "
    "Most All One Two Three Now Today Yesterday Last Next Also Still Even Just Like Mr Mrs Ms Dr "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December".split()
)
_SENTENCE_START = re.compile(r"(?:^|[.!?…:]\s*)[\s\"“‘'(]*$")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)?\b")


# "said the Portuguese footballer", "the star says": a speaker described, not named.
_VAGUE = (
    r"(?:footballer|player|star|actor|actress|singer|rapper|athlete|striker|midfielder|defender|winger|"
    r"goalkeeper|celebrity|influencer|youtuber|man|woman|boy|girl|fan|source|insider|user)"
)
# "said the Portuguese footballer", "the star says": a speaker described, not named. Offices
# ("the mayor said") name one person; these words could be anyone. "said a woman" is a passer-by
# quoted as one, which news copy does on purpose: only "the" points at someone the story should name.
_DESCRIBED_SPEAKER = re.compile(
    # "told the girl" names the one spoken to, not the speaker: "told" only counts before the description's verb.
    rf"\b(?:said|says|added|confessed|explained)\s+the\s+(?:[\w-]+\s+){{0,3}}?{_VAGUE}\b|"
    rf"\b[Tt]he\s+(?:[\w-]+\s+){{0,3}}?{_VAGUE}\s+(?:said|says|told|added|confessed|explained)\b"
)
_NAME_PAIR = re.compile(r"\b[A-Z][\w’'.-]+\s+[A-Z][\w’'-]+")
_PRONOUN_SPEAKER = re.compile(r"\b(?:he|she|they|He|She|They|his|her|their)\b")


def _unnamed_speaker(flow: list[Block], position: int, masked: str, end: int) -> bool:
    """Whether the only attribution in reach describes the speaker and nobody is named near it.

    "“…,” said the Portuguese footballer" in a round-up that names no
    footballer: the attribution is there, the speaker is not. A name (two
    capitalised words) or a pronoun in the paragraph, or a name in the two
    paragraphs before, is a speaker the description refers to.
    """
    window = masked[:end]
    if _DESCRIBED_SPEAKER.search(window) is None or _PRONOUN_SPEAKER.search(window):
        return False
    if any(
        _NAME_PAIR.search(masked[match.start() + 1 : end]) for match in [_DESCRIBED_SPEAKER.search(window)] if match
    ):
        return False
    if _NAME_PAIR.search(window):
        return False
    for earlier in flow[max(0, position - 2) : position]:
        if _NAME_PAIR.search(mask_quotes(earlier.text, earlier.quotes)):
            return False
    return True


def _told_by(article: Article) -> bool:
    """Whether the dek, headline or page description attributes the story to a speaker ("… shares …")."""

    def compute() -> bool:
        texts = [block.text for block in article.copy_blocks(_LEAD_ROLES)] + [article.description or ""]
        return any(has_attribution(text) for text in texts)

    return article.memo(_told_by, compute)


def _reports_speech(article: Article) -> bool:
    """Whether the story reports speech: three or more of its paragraphs attribute words to someone."""
    count = 0
    for block in article.copy_blocks(_PROSE_ROLES):
        if block.blockquote is None and block.quotes and has_attribution(mask_quotes(block.text, block.quotes)):
            count += 1
            if count >= 3:
                return True
    return False


def _first_person_piece(article: Article) -> bool:
    """Whether the writer speaks in the first person (two or more first-person sentences outside quotes
    with no attribution): a column, blog post or how-to, where quoted lines are often typified speech."""
    count = 0
    for block in article.copy_blocks(_PROSE_ROLES):
        if block.blockquote is not None or FIRST_PERSON.search(block.text) is None:
            continue
        masked = mask_quotes(block.text, block.quotes)
        for start, end in sentences(masked):
            if first_person(masked, start, end) and not has_attribution(masked, start, end):
                count += 1
                if count >= 2:
                    return True
    return False


def _names_someone(text: str, pair: bool = False) -> bool:
    """Whether ``text`` names someone: a capitalised word that is no sentence opener
    (with ``pair``, two capitalised words in a row, as in a heading "Donated by Gina McVey")."""
    words = [
        match
        for match in _CAPITALISED.finditer(text)
        if match.group() not in _NOT_NAMES and (pair or not _SENTENCE_START.search(text, 0, match.start()))
    ]
    if not pair:
        return bool(words)
    return any(b.start() - a.end() == 1 for a, b in pairwise(words))


def _repeated_text(block: Block, texts: list[str]) -> bool:
    """Whether a blockquote paragraph's words (its first 60 letters) also stand in the story's copy."""
    core = block.text.strip(" “”\"'‘’.,…\xa0")[:40]
    return len(core) >= 20 and any(core in text for text in texts)


def _repeated_elsewhere(block: Block, quote: QuoteSpan, texts: list[str]) -> bool:
    """Whether the quote's words also stand in another block: a pull quote repeating a quote of the story."""
    inner = quote.inner(block.text).strip(" .,!?…\xa0")
    if len(inner) < 20:
        return False
    return sum(1 for text in texts if inner in text) > 1


_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?…:][\"”’')\]]*)[\s\-–—•*]*$")


def _opens_sentence(text: str, start: int) -> bool:
    """Whether nothing but a sentence end (or the block's start) precedes ``start``.

    A colon counts: the lead-in itself is then judged as attribution.
    """
    return _SENTENCE_BEFORE.search(text, max(0, start - 12), start) is not None


def _quote_only(block: Block) -> bool:
    """A paragraph that is just a quotation (after a bullet), with nothing of its own."""
    text = block.text.lstrip(" •*-–—·")
    quotes = [span for span in block.quotes if span.opened]
    return bool(quotes) and quotes[0].start == len(block.text) - len(text) and quotes[0].end >= len(text) - 2


def _chains(flow: list[Block]) -> list[tuple[int, int]]:
    """For each flow block, the first and last index of the multi-paragraph quote it belongs to.

    A block whose quote is left open at its end links to the paragraph that
    continues it (:func:`continued_quote`, past captions and promo lines).
    """
    first = list(range(len(flow)))
    following: dict[int, int] = {}
    for index in range(len(flow)):
        if ends_in_open_quote(flow[index]):
            nxt = continued_quote(flow, index)
            if nxt is not None:
                following[index] = nxt
                first[nxt] = first[index]
    last = list(range(len(flow)))
    for index in range(len(flow) - 1, -1, -1):
        if index in following:
            last[index] = last[following[index]]
    return list(zip(first, last, strict=True))


def _is_name_line(text: str) -> bool:
    """A short last line of capitalised words ("Michael Shadlen, Ph.D."): a source line without a dash."""
    words = _WORD.findall(text)
    if not words or len(words) > 8 or text.rstrip().endswith(("!", "?")):
        return False
    return all(word[0].isupper() or word.lower() in _SMALL_WORDS for word in words)


@register
class UnsourcedBlockquote(Rule):
    """A ``<blockquote>`` with nothing naming its source.

    A source is a ``cite`` attribute, a ``<cite>`` or ``<footer>`` inside, a last
    line starting with a dash (``— Jane Doe``), an attribution verb in its last
    paragraph or the paragraph right after it, or a lead-in right before it
    (``The mayor said in a statement:``). Social embeds carry their own source
    and pull quotes are asides, so neither is flagged.
    """

    code = "CD302"
    name = "unsourced-blockquote"
    category = "attribution"
    severity = Severity.WARNING
    summary = "A blockquote has no cite, <cite>, <footer>, dash line or attribution naming its source."
    why = (
        "A blockquote sets someone's words apart from the writer's; without a source line the reader cannot "
        "tell whose words they are, and the quote cannot be checked."
    )
    options = (
        Option("languages", ("en",), "Page languages whose attribution words the rule knows (pages without lang too)."),
    )
    bad = "<p>The hearing ran late.</p><blockquote><p>We will not back down on this.</p></blockquote>"
    good = "<blockquote><p>We will not back down on this.</p><footer>— Sen. Jane Doe</footer></blockquote>"

    def check_article(self, article: Article) -> Iterator[Violation]:
        if not _english(article, self.config["languages"]):
            return
        texts = [block.text for block in article.copy_blocks() if block.blockquote is None]
        for quote in article.blockquotes:
            if quote.chrome or quote.embed or quote.cite or quote.source_text:
                continue
            blocks = [block for block in quote.blocks if not block.chrome and block.text.strip()]
            if not blocks or not self._is_speech(blocks, article):
                continue
            if any(_repeated_text(block, texts) for block in blocks):
                continue  # a pull quote repeating words the story quotes and attributes
            if self._sourced(article, blocks, True):
                continue
            first = blocks[0]
            spans = sentences(mask_quotes(first.text, first.quotes))
            end = spans[0][1] if spans and len(_WORD.findall(first.text[: spans[0][1]])) >= 2 else len(first.text)
            yield self.violation(
                first, 0, len(first.text[:end].rstrip()), "blockquote does not say whose words these are"
            )

    @staticmethod
    def _is_speech(blocks: list[Block], article: Article) -> bool:
        """Someone's words: set in quotation marks, or spoken in the first person.

        Blogs also use ``<blockquote>`` for summaries, tips and emphasis in the
        writer's own voice; those have no one else to credit. In a piece the
        writer tells in the first person, a first-person blockquote is the
        writer's own line (a tagline, a callout), not someone else's words.
        """
        text = " ".join(block.text for block in blocks)
        if len(_WORD.findall(text)) < 6:
            return False
        first = blocks[0]
        if opens_with_quote(first):
            return True
        if article.memo(_first_person_piece, lambda: _first_person_piece(article)):
            return False
        if re.search(r"\b(?:you|your)\b", text, re.IGNORECASE):
            return False  # advice addressed to the reader: the writer's own tip box
        # In a news story, one that quotes people in its own paragraphs, a blockquote
        # holds someone's words even without quotation marks or a first person.
        return FIRST_PERSON.search(text) is not None or article.memo(_reports_speech, lambda: _reports_speech(article))

    @staticmethod
    def _sourced(article: Article, blocks: list[Block], english: bool) -> bool:
        last = blocks[-1]
        if DASH_LINE.match(last.text) or re.search(r"(?:^|\s)[—―]\s?[A-Z]", last.text[-80:]):
            return True
        if len(blocks) > 1 and _is_name_line(last.text):
            return True
        if not english:
            return False
        if has_attribution(mask_quotes(last.text, last.quotes)):
            return True
        index_after = blocks[-1].index + 1
        after = next(
            (b for b in article.blocks[index_after:] if not b.chrome and b.blockquote is not blocks[0].blockquote),
            None,
        )
        if after is not None and after.role in _PROSE_ROLES:
            masked = mask_quotes(after.text, after.quotes)
            spans = sentences(masked)
            if DASH_LINE.match(after.text) or (spans and has_attribution(masked, 0, spans[0][1])):
                return True
        before = next(
            (b for b in reversed(article.blocks[: blocks[0].index]) if not b.chrome and b.blockquote is None),
            None,
        )
        if before is not None and before.role in _PROSE_ROLES:
            masked = mask_quotes(before.text, before.quotes)
            start, end = _last_sentences(masked, 1)
            if _COLON_LEAD.search(masked) or has_attribution(masked, start, end):
                return True
        return False


@register
class UnbalancedQuotes(Rule):
    """Quotation marks left unbalanced in a paragraph.

    Flags the mark itself: a closing mark with no opening one, or an opening
    mark never closed. The news convention for a quote running over several
    paragraphs (no closing mark at the end of a paragraph when the next one
    opens with a quotation mark) is correct and not flagged; apostrophes and
    inch marks (``6'2"``, ``a 55" TV``) are not quotation marks.
    """

    code = "CD303"
    name = "unbalanced-quotes"
    category = "attribution"
    severity = Severity.WARNING
    summary = "A paragraph has a quotation mark with no partner (stray closing or never-closed opening)."
    why = (
        "An unbalanced quotation mark leaves readers unsure where someone's words end and the writer's begin; "
        "it usually means a quote was cut or pasted in pieces."
    )
    bad = "<p>“We will rebuild the bridge by spring, the mayor said.</p>"
    good = "<p>“We will rebuild the bridge by spring,” the mayor said.</p>"
    scope = Scope.article(("paragraph", "list-item", "blockquote", "caption", "headline", "dek", "subheading"))
    options = (
        Option(
            "languages",
            ("en",),
            'Page languages whose quotation-mark convention (“…” and "…") applies (pages without lang too).',
        ),
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        if not _english(article, self.config["languages"]):
            return
        flow = [block for block in article.copy_blocks(self.scope.roles)]
        for position, block in enumerate(flow):
            text = block.text
            if _OTHER_CONVENTION.search(text):
                continue
            # The model pairs a mark set the wrong way round (”Bird flu…”, ‘…for him,“ Jerry says’) by
            # where it stands; report that mark, once, and not its partner.
            wrong_way = sorted(
                [span.start for span in block.quotes if span.double and span.opened and text[span.start] == "”"]
                + [span.end - 1 for span in block.quotes if span.double and span.closed and text[span.end - 1] == "“"]
            )
            for index in wrong_way:
                yield self.violation(block, index, index + 1, "quotation mark set the wrong way round")
            if _nested_straight_balanced(text):
                continue  # "Title "nested" words": a citation's title quoting a title, balanced
            stray_reported = False
            for quote in block.quotes:
                if not quote.double:
                    continue
                if not quote.opened:
                    if stray_reported or _closes_earlier_quote(flow, position, quote) or _glyph_before(article, block):
                        # A second stray mark in a paragraph is the partner of the first (a misplaced
                        # opening mark), or the mark closes a quote opened paragraphs up.
                        continue
                    stray_reported = True
                    message = (
                        "closing quotation mark ends a quote opened paragraphs up, but the paragraphs between "
                        "do not reopen it"
                        if _opened_earlier(flow, position)
                        else "closing quotation mark has no opening mark"
                    )
                    yield self.violation(block, quote.start, quote.start + 1, message)
                elif not quote.closed:
                    if quote.end == len(text):
                        if continued_quote(flow, position) is not None or _closed_later(flow, position, quote):
                            continue  # the quote runs on into the next paragraph
                        if position == len(flow) - 1 and not text.rstrip().endswith(_ENDINGS):
                            continue  # the text stops mid-sentence: a cut page, not an open quote
                        if _TEASER_CUT.search(text):
                            continue  # "…run by Meg & Th...more": an excerpt cut by design, its quote with it
                        message = "opening quotation mark is never closed"
                    else:
                        if (
                            "\n" in article.source_between(block, quote.end - 1, quote.end)
                            and text[quote.end] in _QUOTE_CHARS
                        ):
                            continue  # a line break, then the quote reopens: paragraphs of a plain-text file
                        message = "opening quotation mark is not closed before the next quotation opens"
                    yield self.violation(block, quote.start, quote.start + 1, message)


#: A teaser cut off mid-word by the page, then a link to the rest ("…run by Meg & Th...more").
_TEASER_CUT = re.compile(r"[^\W\d_](?:\.\.\.|…)\s*(?:(?:read\s+|see\s+|view\s+)?more|continue\s+reading)\W*$", re.I)


def _nested_straight_balanced(text: str) -> bool:
    """Whether the block's straight double marks balance when read as nested quotes.

    Reference lists quote a title that itself quotes a title
    (``"The "Big" Deal". Retrieved …``): each mark faces the way its
    neighbours say, the depth never goes below zero and ends at zero. Curly
    marks are left to the ordinary pairing.
    """
    if "“" in text or "”" in text or text.count('"') < 4 or text.count('"') % 2:
        return False
    depth = 0
    index = text.find('"')
    while index != -1:
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        opening = (before.isspace() or before in "([{—–'\"") and (after.isalnum() or after in "'‘“\"(¿¡")
        closing = not opening and (after.isspace() or after in ".,;:!?)]}—–…'\"’”")
        if not (opening or closing):
            return False  # a mark that faces neither way: not a clean nesting
        depth += 1 if opening else -1
        if depth < 0:
            return False
        index = text.find('"', index + 1)
    return depth == 0


#: Blocks a quote runs past: captions, credits, and short lines without a final
#: stop (a photo's caption set as a paragraph, a "SEE MORE: …" promo).
_PASSED_ROLES = frozenset(("caption", "credit", "headline", "dek", "subheading"))


def _passable(block: Block) -> bool:
    if block.role in _PASSED_ROLES:
        return True
    text = block.text.strip()
    return len(_WORD.findall(text)) <= 15 and not text.endswith((".", "!", "?", "…", "”", '"', "’", "'"))


def continued_quote(flow: list[Block], position: int) -> int | None:
    """The position of the paragraph that continues the quote left open at the end of ``flow[position]``.

    The multi-paragraph convention: the next paragraph of copy opens with a
    quotation mark. Captions, credits and short promo lines laid out between
    the two (a photo in the middle of a long quote) are passed over, at most
    three of them. None when no paragraph continues the quote.
    """
    for offset in range(position + 1, min(len(flow), position + 5)):
        following = flow[offset]
        if following.role in _FLOW_ROLES - {"subheading"} and opens_with_quote(following):
            return None if _opens_with_title(following) else offset
        if not _passable(following):
            return None
    return None


def _opens_with_title(block: Block) -> bool:
    """Whether a paragraph opens with a short quoted title closed inside it (“Dune” is a novel…),
    which does not continue a quote left open above it."""
    first = block.quotes[0]
    if not first.closed:
        return False
    inner = first.inner(block.text).strip()
    short = len(_WORD.findall(inner)) <= 4 and not inner.endswith((".", ",", "!", "?", "…"))
    return (short or _is_title(inner)) and first.end < len(block.text.rstrip()) - 1


def _closes_earlier_quote(flow: list[Block], position: int, quote: QuoteSpan) -> bool:
    """Whether a closing mark with no opening one ends a quote left open up to three paragraphs before.

    Inside one blockquote (a long quotation set in several paragraphs that do
    not reopen it), the mark closes that quote; a lone quote glyph in an element
    of its own (a pull quote's decoration) opens one too. Between paragraphs of
    running copy the convention reopens each paragraph, so there the mark is
    stray, and a mark cut off from its words (“the name “” … “” and …”) closes nothing.
    """
    block = flow[position]
    if len(_WORD.findall(block.text[max(0, quote.start - 100) : quote.start])) < 3:
        return False
    if block.blockquote is not None and _blockquote_opens_with_quote(flow, position):
        return True  # “We received… (two paragraphs) …on the 77.” — one quotation set as one blockquote
    for offset in range(position - 1, max(-1, position - 4), -1):
        earlier = flow[offset]
        if ends_in_open_quote(earlier):
            same_quote = block.blockquote is not None and earlier.blockquote is block.blockquote
            return same_quote or earlier.text.strip() in _QUOTE_CHARS
        if earlier.quotes or earlier.role not in _PROSE_ROLES:
            return False
    return False


def _glyph_before(article: Article, block: Block) -> bool:
    """Whether the blockquote holding ``block`` follows a lone quotation-mark glyph in an element of its
    own (a pull quote's decoration), which its last mark closes."""
    if block.blockquote is None:
        return False
    index = block.index
    while index > 0 and article.blocks[index - 1].blockquote is block.blockquote:
        index -= 1
        if article.blocks[index].text.strip() in _QUOTE_CHARS:
            return True  # the glyph sits inside the blockquote, in an element of its own
    return index > 0 and article.blocks[index - 1].text.strip() in _QUOTE_CHARS


def _bulleted(block: Block) -> bool:
    """Whether a block is an item of a list: a list item, or a paragraph opening with a bullet glyph."""
    return block.role == "list-item" or block.text.lstrip()[:1] in _BULLETS


_BULLETS = frozenset("•·*–—-▪●◦")


def _opened_earlier(flow: list[Block], position: int) -> bool:
    """Whether a paragraph two or three before ``flow[position]`` ends in an open quote, with only
    quote-free paragraphs of copy between (the convention's reopening marks left off)."""
    for offset in range(position - 1, max(-1, position - 4), -1):
        earlier = flow[offset]
        if ends_in_open_quote(earlier):
            return offset < position - 1
        if earlier.quotes or earlier.role not in _PROSE_ROLES:
            return False
    return False


def _blockquote_opens_with_quote(flow: list[Block], position: int) -> bool:
    """Whether the blockquote holding ``flow[position]`` starts, in an earlier paragraph, with a quotation mark."""
    blockquote = flow[position].blockquote
    offset = position
    while offset > 0 and flow[offset - 1].blockquote is blockquote:
        offset -= 1
    return offset < position and opens_with_quote(flow[offset])


def _closed_later(flow: list[Block], position: int, quote: QuoteSpan) -> bool:
    """Whether a quote left open at a paragraph's end is closed by a stray mark a few paragraphs on.

    In a quoted list (a memo's talking points, each a bulleted paragraph)
    whose middle bullets forgot to reopen the quote, the last bullet's mark
    closes it: "never closed" would be wrong, and the closing mark is reported
    instead. In running copy, the opening and closing marks are both reported
    (see :func:`_closes_earlier_quote`).
    """
    for offset in range(position + 1, min(len(flow), position + 4)):
        later = flow[offset]
        strays = [span for span in later.quotes if span.double and not span.opened]
        if strays:
            if offset > position + 1 and all(_bulleted(item) for item in flow[position : offset + 1]):
                before = later.text[max(0, strays[0].start - 100) : strays[0].start]
                return all(span.start >= strays[0].start for span in later.quotes) and len(_WORD.findall(before)) >= 3
            return _closes_earlier_quote(flow, offset, strays[0])
        if later.quotes or later.role not in _PROSE_ROLES:
            return False
        if later.quotes or later.role not in _PROSE_ROLES:
            return False
    return False


_REPORT_VERBS = (
    r"said|says|added|adds|told\s+[\w.]+(?:\s[A-Z][\w.]*){0,3}|explained|explains|noted|notes|stated|states|"
    r"insisted|insists|argued|argues|wrote|writes|recalled|recalls|continued|claimed|claims|warned|warns"
)
# ", according to Nelson" / ", Nelson said" / ", said Nelson" at the end of a sentence.
_TRAILING = re.compile(
    rf",\s(?:according\s+to\s+(?P<who1>[^,;()]{{1,80}})|(?:{_REPORT_VERBS})\s+(?P<who2>[^,;()]{{1,80}})|"
    rf"(?P<who3>[^,;()]{{1,60}}?)\s(?:{_REPORT_VERBS})(?:\s[^,;()]{{0,60}})?)$"
)
# "According to Nelson, …" / "Nelson said (that) …" at the start of a sentence.
_LEADING = re.compile(
    rf"^(?:[Aa]ccording\s+to\s+(?P<who1>[^,;()]{{1,80}}),\s|(?P<who2>[A-Z][^,;()]{{0,60}}?)\s(?:{_REPORT_VERBS})(?:,|\sthat)?\s)"
)
# "That being said, we …" is an idiom, not an attribution; "said to us" makes us the listener.
_BEING_SAID = re.compile(r"\bbeing said\b", re.IGNORECASE)
_RECIPIENT = re.compile(r"\b(?:to|told|tells|asked|asks)\s$")
_SENTENCE_TAIL_CHARS = frozenset(" \t\n\r\f\v\xa0.!?…\"”’')]")


@register
class UnquotedSpeech(Rule):
    """Reported speech in the first person with an attribution but no quotation marks.

    ``…will enable us to work together…, according to Nelson.`` — indirect
    speech would say *them*; a first-person word next to "according to X" or
    "X said" means the words are the speaker's own and the quotation marks were
    lost. The finding covers the first first-person word of the clause: it is
    the evidence, and the message names the attribution. Not flagged: first
    person inside quotation marks, a first-person speaker ("I said we …"), and
    the writer's own first person in a column without attribution.
    """

    code = "CD304"
    name = "unquoted-speech"
    category = "attribution"
    severity = Severity.WARNING
    summary = "First-person speech attributed with 'according to X' or 'X said' has no quotation marks."
    why = (
        "Indirect speech turns 'we' into 'they'; a first-person clause credited to someone else is their "
        "direct words with the quotation marks lost, and readers cannot tell quote from paraphrase."
    )
    options = (
        Option("languages", ("en",), "Page languages whose attribution words the rule knows (pages without lang too)."),
        Option(
            "max_writer_first_person",
            2,
            "Unattributed first-person sentences that mark a first-person piece (column, Q&A) the rule skips.",
        ),
    )
    bad = "<p>The new plan will let us hire more nurses, according to the hospital's director.</p>"
    good = "<p>“The new plan will let us hire more nurses,” according to the hospital's director.</p>"

    def check_article(self, article: Article) -> Iterator[Violation]:
        if not _english(article, self.config["languages"]):
            return
        found: list[Violation] = []
        writer_first_person = 0
        for block in article.copy_blocks(_PROSE_ROLES):
            if block.blockquote is not None or FIRST_PERSON.search(block.text) is None:
                # Both counts below need a first-person word, and masking quotes
                # only hides words: a block without one has nothing to judge.
                continue
            masked = mask_quotes(block.text, block.quotes)
            for start, end in sentences(masked):
                violation = self._check_sentence(block, masked, start, end)
                if violation is not None:
                    found.append(violation)
                elif first_person(masked, start, end) and not has_attribution(masked, start, end):
                    writer_first_person += 1
        # A column, blog post or Q&A where the writer (or interviewee) speaks in
        # the first person: "we" next to "X said" is their own voice, not a lost quote.
        if writer_first_person < self.config["max_writer_first_person"]:
            yield from found

    def _check_sentence(self, block: Block, masked: str, start: int, end: int) -> Violation | None:
        # Strip the sentence's closing stops and spaces by hand: a regex ``[…]+$``
        # would rescan a long run of spaces from every position (quadratic).
        stop = end
        while stop > start and (masked[stop - 1] in _SENTENCE_TAIL_CHARS or masked[stop - 1].isspace()):
            stop -= 1
        sentence = masked[start:stop]
        clause: tuple[int, int] | None = None
        who = ""
        trailing = _TRAILING.search(sentence)
        if trailing is not None:
            who = (trailing.group("who1") or trailing.group("who2") or trailing.group("who3") or "").strip()
            clause = (start, start + trailing.start())
        else:
            leading = _LEADING.match(sentence)
            if leading is not None:
                who = (leading.group("who1") or leading.group("who2") or "").strip()
                clause = (start + leading.end(), stop)
        if clause is None or not who or FIRST_PERSON_SPEAKER.match(who) or FIRST_PERSON.search(who):
            return None
        if _BEING_SAID.search(sentence):
            return None
        found = first_person(masked, clause[0], clause[1])
        if found is None or _RECIPIENT.search(masked, max(0, found.start() - 12), found.start()):
            return None
        return self.violation(
            block,
            found.start(),
            found.end(),
            f"first-person '{found.group()}' in speech attributed to {who} without quotation marks",
        )


#: The writer's own "we" and "I": reporting, not speech ("We reached out to the club", "we will update
#: this story", "Below we leave you the latest news"), and the writer addressed ("told us").
_WRITER_VOICE = re.compile(
    r"\b(?:[Ww]e|I)\s+(?:have\s+|had\s+|’ve\s+|'ve\s+|will\s+|’ll\s+|'ll\s+|would\s+|could\s+|also\s+)?"
    r"(?:reached|contacted|asked|emailed|e-mailed|requested|update|updated|leave|bring|brought|tell|told|spoke|"
    r"talked|interviewed|wrote|reported|covered|reviewed|tested|tried|compiled|listed|rounded|looked|found|"
    r"spotted|noticed|know|knew|learned|learnt|hear|heard|saw|watched|recommend|think|believe|expect)\b"
    r"|\b(?:told|tells|telling|asked|asks|wrote\s+to|said\s+to|says\s+to)\s+(?:us|me)\b"
    r"|\b(?:[Ll]et\s+us|[Ll]et’s|[Ll]et's|[Bb]elow\s+we|[Hh]ere\s+we)\b"
)
_SPEAKER_SUBJECT = re.compile(r"\b(?:[Ww]e|I)\b(?!\s*[.’']\w)|\b(?:[Ww]e|I)(?=[’']\w)")


@register
class LostQuoteMarks(Rule):
    """A paragraph in the first person, with no quotation marks, right after a quoted speaker.

    A scraped or machine-translated story that loses a quote's marks and its
    speech tag leaves the speaker's own words as a bare paragraph (``“I still
    enjoy being on the pitch,” he told BILD.`` then ``In June we will either
    have a new contract at Bayern Munich or as a free agent at another
    club.``): in a story the writer tells in the third person, "we" or "I"
    there can only be the speaker's. Flagged: the paragraph's first sentence
    whose subject is "we" or "I", when the paragraph has no quotation mark and
    no attribution of its own (with one, CD304 judges it), the paragraph just
    before quotes a speaker (a quotation and a speech verb), and the writer
    uses the first person nowhere else more than once. Not flagged: the
    writer's own "we" (``We reached out to the club``, ``we will update this
    story``, ``Below we leave you …``), first person only as an object
    (``told us``), a pull quote whose source stands on the line below
    (``— Jane Doe``, ``Boris Kingma``), first-person pieces (columns, Q&As),
    pages in other languages.
    """

    code = "CD305"
    name = "lost-quote-marks"
    category = "attribution"
    severity = Severity.INFO
    summary = "A first-person paragraph right after a quote has no quotation marks: the speaker's words lost them."
    why = (
        "Readers cannot tell whose 'we' or 'I' a bare paragraph speaks in: after a quote, in a story told in "
        "the third person, it is the speaker's, and without quotation marks and a speech tag it reads as the "
        "writer's claim."
    )
    options = (
        Option("languages", ("en",), "Page languages whose attribution words the rule knows (pages without lang too)."),
    )
    bad = (
        "<p>Müller will stay at Bayern for one more season, the club said.</p>"
        "<p>“I still enjoy being on the pitch, I hope it shows,” he told BILD.</p>"
        "<p>In June we will either have a new contract at Bayern or move to another club as a free agent.</p>"
    )
    good = (
        "<p>Müller will stay at Bayern for one more season, the club said.</p>"
        "<p>“I still enjoy being on the pitch, I hope it shows,” he told BILD.</p>"
        "<p>“In June we will either have a new contract at Bayern or move to another club as a free agent.”</p>"
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        if not _english(article, self.config["languages"]):
            return
        flow = _flow(article)
        candidates: list[tuple[Block, int, int]] = []
        writer = 0
        for position, block in enumerate(flow):
            if block.role != "paragraph" or block.blockquote is not None or FIRST_PERSON.search(block.text) is None:
                continue
            masked = mask_quotes(block.text, block.quotes)
            spans = sentences(masked)
            writer += sum(
                1
                for start, end in spans
                if first_person(masked, start, end) and not has_attribution(masked, start, end)
            )
            if (
                block.quotes
                or any(char in block.text for char in _QUOTE_CHARS)
                or block.text.lstrip()[:1] in "'‘’"
                or has_attribution(masked)
                or not spans
            ):
                continue
            start, end = spans[0]
            sentence = block.text[start:end]
            if _SPEAKER_SUBJECT.search(sentence) is None or _WRITER_VOICE.search(block.text):
                continue
            if position == 0 or not _quotes_a_speaker(flow[position - 1]):
                continue
            following = flow[position + 1].text if position + 1 < len(flow) else ""
            if DASH_LINE.match(following) or (following and _is_name_line(following)):
                continue  # a pull quote with its source on the line below ("Boris Kingma")
            candidates.append((block, start, end))
        # The writer's own first person elsewhere (two sentences or more beside the candidates'):
        # a column or a Q&A, where a bare "we" is the writer's or the interviewee's.
        if writer - len(candidates) >= 2:
            return
        for block, start, end in candidates:
            yield self.violation(
                block,
                start,
                end,
                "first-person words right after a quote, with no quotation marks or speaker: if they are the "
                "speaker's, quote and attribute them",
            )


def _quotes_a_speaker(block: Block) -> bool:
    """Whether a paragraph holds a closed quotation of several words and a speech verb outside it."""
    if block.role != "paragraph" or not any(span.closed and span.opened for span in block.quotes):
        return False
    if not any(len(_WORD.findall(span.inner(block.text))) >= 4 for span in block.quotes):
        return False
    return has_attribution(mask_quotes(block.text, block.quotes))
