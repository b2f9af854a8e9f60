"""Data-driven rule kinds: word lists and patterns declared as data, not loops.

Placeholder, boilerplate and house-style rules all share one shape: "these
phrases must not appear in the copy, except where context says otherwise".
Writing that loop again for every rule is how subtle differences creep in (one
rule skips quoted speech, its neighbour forgets to; one respects word
boundaries, another flags ``Atkins`` for ``TK``). This module declares the
shape once, as proselint and Vale do:

* :class:`Phrase` is one entry of a word list: a regex or a literal phrase, the
  message, case sensitivity, word boundaries, whether matches inside quoted
  speech count, and where in a block it must sit (anywhere, opening a
  sentence, opening the block, the whole block, ending the block);
* :class:`ExistenceRule` is a :class:`~copydesk.engine.rule.Rule` over blocks whose
  ``phrases`` are compiled **once, when the class is created** (not per block
  or per file). A rule adds judgement only where data cannot express it, by
  overriding :meth:`ExistenceRule.accept`.
* :class:`SubstitutionRule` is the *substitution* kind: each phrase carries
  its ``replacement``, offered as a safe fix (the first letter's case kept);
* :class:`ConsistencyRule` is the *consistency* kind: of several spellings
  of one thing (``COVID-19``/``Covid-19``), an article should use one; the
  minority spellings are flagged, each where it stands.

Linear time is part of the contract: every built-in pattern must avoid nested
quantifiers and bound its open-ended repeats, because Python's ``re`` engine
backtracks and a rule runs on whatever a scraper produced (a later test feeds
each rule 100,000 adversarial characters). Position checks are done in Python
on a bounded window around a match, never by a regex that rescans the block.
Patterns from configuration are checked by :func:`check_linear` and rejected
when they nest quantifiers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar, Literal, TypeVar

from copydesk.engine.rule import Rule, Scope, Violation
from copydesk.model.article import Article, Block, Link
from copydesk.model.quotes import QuoteSpan

T = TypeVar("T")
Position = Literal["anywhere", "sentence-start", "block-start", "whole-block", "block-end"]
POSITIONS: tuple[str, ...] = ("anywhere", "sentence-start", "block-start", "whole-block", "block-end")

#: Characters that may open a block before the phrase proper (bullets, brackets, quotes).
OPENERS = frozenset(" ([{\"“‘'*•·–—-»›>|")
#: Characters that may close a block after the phrase proper (punctuation, arrows).
TRAILERS = frozenset(" .…:;!?)]}\"”’'–—-»›>|/")
_SENTENCE_END = frozenset(".!?…")
_CLOSERS = frozenset("\"”’')]")
_OPENING_MARKS = frozenset("([\"“‘'")
# How far around a match position checks look: keeps every check O(1).
_WINDOW = 6


@dataclass(frozen=True)
class Phrase:
    """One entry of a word list.

    ``pattern`` is a regular expression, or a literal phrase when ``literal``
    (then any run of spaces in it matches one to three whitespace characters);
    in a regex, a space matches any one whitespace character (``&nbsp;`` too).
    ``message`` may use ``{text}``, the matched text. ``word_boundaries`` puts
    ``(?<!\\w)`` and ``(?!\\w)`` around the pattern, which also works for
    phrases that start or end with punctuation (``[TK]``, ``-30-``).
    ``in_quotes`` says whether a match inside quoted speech counts: desk marks
    do (a missing fact inside a quote is still missing), filler phrases and
    widget labels do not (a quoted mention is talk about the phrase).
    ``kind`` is a free label the owning rule can use in :meth:`ExistenceRule.accept`.
    ``replacement`` is what a :class:`SubstitutionRule` offers instead (``{replacement}``
    in the message).
    """

    pattern: str
    message: str
    literal: bool = False
    case_sensitive: bool = False
    word_boundaries: bool = True
    in_quotes: bool = False
    position: Position = "anywhere"
    kind: str = ""
    replacement: str | None = None
    #: Lower-case words one of which every match contains: a block whose lower-cased
    #: text holds none of them is skipped without running the regex (a speed hint;
    #: the rule fixtures would catch a trigger that misses a case).
    triggers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.position not in POSITIONS:
            raise ValueError(f"unknown phrase position {self.position!r} (one of {', '.join(POSITIONS)})")

    def compile(self) -> CompiledPhrase:
        """The phrase with its regex compiled (raises ``re.error`` for a bad pattern)."""
        return CompiledPhrase(self, _compile(self.pattern, self.literal, self.case_sensitive, self.word_boundaries))


@lru_cache(maxsize=512)
def _compile(pattern: str, literal: bool, case_sensitive: bool, word_boundaries: bool) -> re.Pattern[str]:
    # Reader text keeps no-break spaces (HTML does not collapse them), so a
    # space written in a regex matches any one whitespace character.
    words = (re.escape(word) for word in pattern.split())
    body = r"\s{1,3}".join(words) if literal else pattern.replace(" ", r"\s")
    if word_boundaries:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    return re.compile(body, 0 if case_sensitive else re.IGNORECASE)


@dataclass(frozen=True)
class CompiledPhrase:
    """A :class:`Phrase` and its compiled regex."""

    phrase: Phrase
    regex: re.Pattern[str]

    def spans(self, text: str) -> Iterator[re.Match[str]]:
        """Matches in ``text`` that sit where the phrase's ``position`` demands."""
        position = self.phrase.position
        if position in ("block-start", "whole-block"):
            # Try the very start first: a mark may itself begin with an opener ("-30-", "(END)").
            for start in sorted({0, opening_end(text) or 0}):
                match = self.regex.match(text, start)
                if match is None or match.end() == match.start():
                    continue
                if position == "whole-block" and not only_trailers(text, match.end()):
                    continue
                yield match
                return
            return
        for match in self.regex.finditer(text):
            if match.end() == match.start():
                continue
            if position == "sentence-start" and not at_sentence_start(text, match.start()):
                continue
            if position == "block-end" and not only_trailers(text, match.end()):
                continue
            yield match


#: A prefix tree of words: each letter leads to the rest; the key "" marks a word's end.
_Trie = dict[str, "_Trie"]


def word_alternation(words: Iterable[str]) -> str:
    """A regex matching exactly the given words, written as a prefix tree.

    ``said|says|saying`` becomes ``sa(?:id|y(?:ing|s))``. Python's regex
    engine tries the branches of an alternation one by one at every position,
    so a plain list of 200 attribution verbs cost 200 tries per character;
    the tree costs one per letter of the word being read (4x faster over the
    corpus's text, the same matches). Words are literal text.
    """
    tree: _Trie = {}
    for word in set(words):
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def render(node: _Trie) -> str:
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")

    return render(tree)


def compile_phrases(phrases: Iterable[Phrase]) -> tuple[CompiledPhrase, ...]:
    return tuple(phrase.compile() for phrase in phrases)


# --- position helpers: each looks at a bounded window, so a rule stays linear ---


def opening_end(text: str) -> int | None:
    """Where a block's text proper starts after leading bullets/brackets, if within the window."""
    index = 0
    limit = min(len(text), _WINDOW)
    while index < limit and text[index] in OPENERS:
        index += 1
    return index if index < len(text) and text[index] not in OPENERS else None


def only_trailers(text: str, end: int) -> bool:
    """Whether only a few punctuation marks or spaces follow ``end`` to the end of the block."""
    rest = len(text) - end
    return rest <= _WINDOW and all(char in TRAILERS for char in text[end:])


def at_block_start(text: str, start: int) -> bool:
    """Whether only opening punctuation precedes ``start`` in the block."""
    return start <= _WINDOW and all(char in OPENERS for char in text[:start])


def at_sentence_start(text: str, start: int) -> bool:
    """Whether ``start`` opens the block or a sentence (after ``.!?…``, closers and a space)."""
    if at_block_start(text, start):
        return True
    index = start
    floor = max(0, start - _WINDOW)
    while index > floor and text[index - 1] in _OPENING_MARKS:
        index -= 1
    if index == start and index > 0 and text[index - 1] != " ":
        return False
    spaces = 0
    while index > floor and text[index - 1].isspace():
        index -= 1
        spaces += 1
    if not spaces:
        return False
    while index > floor and text[index - 1] in _CLOSERS:
        index -= 1
    return index > 0 and text[index - 1] in _SENTENCE_END


def is_shouting(text: str) -> bool:
    """Whether a block is written in capitals (so capitals are no evidence of anything)."""
    letters = [char for char in text if char.isalpha()]
    if len(letters) < 8:
        return False
    upper = sum(1 for char in letters if char.isupper())
    return upper >= 0.8 * len(letters)


class QuoteIndex:
    """Which quotation holds a span, in O(log n): a block may hold thousands of quotes.

    Double quotes never overlap one another, nor single quotes one another
    (each opening mark pairs with the next closing one), so the only candidates
    are the last double and the last single quote opening at or before a span.
    """

    def __init__(self, spans: Sequence[QuoteSpan]) -> None:
        self._double = [span for span in spans if span.double and span.opened]
        self._single = [span for span in spans if not span.double and span.opened]
        self._double_starts = [span.start for span in self._double]
        self._single_starts = [span.start for span in self._single]

    def containing(self, start: int, end: int) -> QuoteSpan | None:
        """The quotation whose inner text holds ``[start, end)``, if any."""
        for spans, starts in ((self._double, self._double_starts), (self._single, self._single_starts)):
            index = bisect_right(starts, start) - 1
            if index >= 0:
                span = spans[index]
                if span.inner_start <= start and end <= span.inner_end:
                    return span
        return None

    def inside(self, start: int, end: int) -> bool:
        return self.containing(start, end) is not None

    def alone(self, text: str, start: int, end: int) -> bool:
        """Whether ``[start, end)`` is all a closed quotation holds: a mention (the letters "TK")."""
        span = self.containing(start, end)
        return span is not None and span.closed and span.inner(text).strip(" .,;:!?") == text[start:end]


class LinkIndex:
    """A block's links by start offset, so looking near a match costs O(log n)."""

    def __init__(self, links: Sequence[Link]) -> None:
        self._links = sorted(links, key=lambda link: link.start)
        self._starts = [link.start for link in self._links]

    def starting_between(self, low: int, high: int) -> list[Link]:
        """Links whose start lies in ``[low, high]``."""
        first = bisect_right(self._starts, low - 1)
        last = bisect_right(self._starts, high)
        return self._links[first:last]


# --- linear-time guard for patterns that come from configuration ---


def check_linear(pattern: str) -> None:
    """Raise ValueError when a regex nests repeats (``(a+)+``) and could backtrack for ages.

    Built-in patterns are reviewed by hand; user patterns from config get this
    check, so one careless ``extra_patterns`` entry cannot hang a batch run.
    """
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
    try:
        from re import _parser  # type: ignore[attr-defined,unused-ignore]  # private; typeshed omits it on some versions
    except ImportError:  # pragma: no cover - Python < 3.11 names it sre_parse
        import sre_parse as _parser  # type: ignore[no-redef,unused-ignore]
    if _nested_repeat(_parser.parse(compiled.pattern, compiled.flags), False):
        raise ValueError(
            f"regular expression {pattern!r} nests repeated groups (like (a+)+) and may take exponential time; "
            "rewrite it without a quantifier inside a repeated group"
        )


_REPEATS = frozenset(("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"))


def _nested_repeat(parsed: object, inside_repeat: bool) -> bool:
    for item in parsed:  # type: ignore[attr-defined]
        if not isinstance(item, tuple) or len(item) != 2:
            continue
        op, argument = item
        name = str(op)
        if name in _REPEATS:
            low, high, sub = argument
            unbounded = high > 1 and high - low > 1
            if inside_repeat and unbounded:
                return True
            if _nested_repeat(sub, inside_repeat or unbounded):
                return True
        elif name == "SUBPATTERN":
            if _nested_repeat(argument[-1], inside_repeat):
                return True
        elif name == "BRANCH":
            if any(_nested_repeat(branch, inside_repeat) for branch in argument[1]):
                return True
        elif name in ("ASSERT", "ASSERT_NOT", "ATOMIC_GROUP") and _nested_repeat(
            argument[-1] if isinstance(argument, tuple) else argument, inside_repeat
        ):
            return True
    return False


# --- the existence kind ---


@dataclass(frozen=True)
class Hit:
    """A match of a phrase in a block, before the rule accepts or rejects it."""

    phrase: Phrase
    match: re.Match[str]
    start: int
    end: int
    text: str = field(repr=False)

    @property
    def matched(self) -> str:
        return self.text[self.start : self.end]


class ExistenceRule(Rule):
    """Flags every phrase of ``phrases`` found in a block (Vale's *existence* kind).

    Subclasses declare ``phrases`` as data; they are compiled once when the
    class is created. Overlapping accepted matches keep the earliest (and then
    longest), so ``[[name]]`` is one finding, not two.
    """

    scope = Scope.blocks()
    phrases: ClassVar[tuple[Phrase, ...]] = ()
    compiled: ClassVar[tuple[CompiledPhrase, ...]] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "phrases" in cls.__dict__:
            cls.compiled = compile_phrases(cls.phrases)

    def active_phrases(self) -> Sequence[CompiledPhrase]:
        """The phrases this instance looks for; override to add phrases from options."""
        return self.compiled

    def per_block(self, block: Block, key: str, compute: Callable[[Block], T]) -> T:
        """A fact about the block computed once, however many matches ask (keeps ``accept`` O(1)).

        Kept on the block, not on the rule: rule instances live for the whole
        run, so a rule holding "the last block" kept that block's whole page
        (its tree, its text) alive into the next page, beside the next page's
        own tree. On the block, the fact dies with its page, and rules asking
        the same fact (``key`` names it: the same key must always mean the
        same computation) share it.
        """
        return block.memo(("kinds", key), lambda: compute(block))

    def quote_index(self, block: Block) -> QuoteIndex:
        """The block's quotations, indexed once per block (built only when a match needs it)."""
        return self.per_block(block, "quotes", lambda b: QuoteIndex(b.quotes))

    def link_index(self, block: Block) -> LinkIndex:
        """The block's links, indexed once per block."""
        return self.per_block(block, "links", lambda b: LinkIndex(b.links))

    def shouting(self, block: Block) -> bool:
        """Whether the block is written in capitals (computed once per block)."""
        return self.per_block(block, "shouting", lambda b: is_shouting(b.text))

    def accept(self, hit: Hit, block: Block) -> Hit | None:
        """Judge a match in context: return it (possibly re-spanned) or None to drop it."""
        return hit

    def message(self, hit: Hit) -> str:
        return hit.phrase.message.format(text=hit.matched)

    def _screen(self, phrases: Sequence[CompiledPhrase]) -> re.Pattern[str] | None:
        """One regex matching any phrase's trigger word; None when a phrase has none (it always runs).

        Most blocks hold no trigger of a rule at all: one search over the
        block rejects them, instead of a substring test per phrase.
        """
        cached: tuple[Sequence[CompiledPhrase], re.Pattern[str] | None] | None = self.__dict__.get("_trigger_screen")
        if cached is not None and cached[0] is phrases:
            return cached[1]
        screen = None
        if phrases and all(compiled.phrase.triggers for compiled in phrases):
            triggers = sorted({trigger for compiled in phrases for trigger in compiled.phrase.triggers})
            screen = re.compile("|".join(re.escape(trigger) for trigger in triggers))
        self.__dict__["_trigger_screen"] = (phrases, screen)
        return screen

    def hits(self, block: Block) -> list[Hit]:
        """Accepted, non-overlapping hits in a block, in text order."""
        text = block.prose_text  # code spans blanked: a `TK` in code is documentation, not a mark
        found: list[Hit] = []
        lower: str | None = None
        phrases = self.active_phrases()
        screen = self._screen(phrases)
        if screen is not None:
            lower = text.lower()
            if screen.search(lower) is None:
                return found
        for compiled in phrases:
            triggers = compiled.phrase.triggers
            if triggers:
                if lower is None:
                    lower = text.lower()
                if not any(trigger in lower for trigger in triggers):
                    continue
            for match in compiled.spans(text):
                hit = Hit(compiled.phrase, match, match.start(), match.end(), text)
                if not compiled.phrase.in_quotes and self.quote_index(block).inside(hit.start, hit.end):
                    continue
                accepted = self.accept(hit, block)
                if accepted is not None:
                    found.append(accepted)
        found.sort(key=lambda hit: (hit.start, -hit.end))
        kept: list[Hit] = []
        for hit in found:
            if kept and hit.start < kept[-1].end:
                continue
            kept.append(hit)
        return kept

    def check_block(self, block: Block, article: Article) -> Iterator[Violation]:
        for hit in self.hits(block):
            yield self.violation(block, hit.start, hit.end, self.message(hit))


# --- the substitution kind ---


def match_case(replacement: str, matched: str) -> str:
    """``replacement`` in the case of ``matched``: capitals kept, a capital first letter kept.

    ``Programme`` → ``Program``, ``PER CENT`` → ``PERCENT``, ``towards`` → ``toward``.
    """
    letters = [char for char in matched if char.isalpha()]
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return replacement.upper()
    if matched[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


class SubstitutionRule(ExistenceRule):
    """Flags each phrase and offers its ``replacement`` (Vale's *substitution* kind).

    The fix replaces the flagged reader text with the replacement in the same
    case; it is offered only where the flagged text's source is that very text
    (no entity or tag inside it), so applying it can never break the markup.
    """

    fixable = True
    safe_fix = True

    def message(self, hit: Hit) -> str:
        replacement = match_case(hit.phrase.replacement or "", hit.matched)
        return hit.phrase.message.format(text=hit.matched, replacement=replacement)

    def check_block(self, block: Block, article: Article) -> Iterator[Violation]:
        source = article.source.text
        for hit in self.hits(block):
            fix = None
            if hit.phrase.replacement is not None:
                src_start, src_end = block.mapped.to_source(hit.start, hit.end)
                if source[src_start:src_end] == hit.matched:
                    fix = match_case(hit.phrase.replacement, hit.matched)
            yield self.violation(block, hit.start, hit.end, self.message(hit), fix)


# --- the consistency kind ---


class ConsistencyRule(Rule):
    """Flags the minority spellings of one thing in an article (Vale's *consistency* kind).

    ``variants`` lists the spellings (``("COVID-19", "Covid-19")``); a match is
    counted as the variant it spells exactly, or, when the rule is not case
    sensitive, the first variant it equals ignoring case (``Email`` at a
    sentence start is ``email``). The spelling used most wins (on a tie, the
    one the article used first) and every other occurrence is flagged.
    ``message`` may use ``{text}``, ``{preferred}`` and ``{count}``.
    """

    scope = Scope.article()
    variants: ClassVar[tuple[str, ...]] = ()
    literal: ClassVar[bool] = True
    case_sensitive: ClassVar[bool] = False
    word_boundaries: ClassVar[bool] = True
    in_quotes: ClassVar[bool] = False
    template: ClassVar[str] = "{text!r} here but {preferred!r} elsewhere in the article ({count}×): use one spelling"
    _compiled: ClassVar[tuple[re.Pattern[str], ...]] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "variants" in cls.__dict__:
            cls._compiled = tuple(
                _compile(variant, cls.literal, cls.case_sensitive, cls.word_boundaries) for variant in cls.variants
            )

    def _variant_of(self, matched: str, index: int) -> int:
        """Which variant a match spells (see the class docs)."""
        if matched in self.variants:
            return self.variants.index(matched)
        folded = " ".join(matched.split()).casefold()
        for position, variant in enumerate(self.variants):
            if " ".join(variant.split()).casefold() == folded:
                return position
        return index

    def check_article(self, article: Article) -> Iterator[Violation]:
        found: list[tuple[int, int, Block, int, int]] = []  # (block index, start, block, end, variant)
        for block in article.copy_blocks(self.scope.roles):
            quotes: QuoteIndex | None = None
            spans: list[tuple[int, int, int]] = []
            for index, regex in enumerate(self._compiled):
                for match in regex.finditer(block.text):
                    if match.end() == match.start():
                        continue
                    if not self.in_quotes:
                        quotes = quotes or QuoteIndex(block.quotes)
                        if quotes.inside(match.start(), match.end()):
                            continue
                    spans.append((match.start(), match.end(), self._variant_of(match.group(), index)))
            spans.sort(key=lambda span: (span[0], -span[1]))
            last_end = -1
            for start, end, variant in spans:
                if start < last_end:
                    continue  # a variant that is part of another ("Covid" in "Covid-19")
                last_end = end
                found.append((block.index, start, block, end, variant))
        counts: dict[int, int] = {}
        first_use: dict[int, int] = {}
        for order, (_, _, _, _, variant) in enumerate(found):
            counts[variant] = counts.get(variant, 0) + 1
            first_use.setdefault(variant, order)
        if len(counts) < 2:
            return
        preferred = min(counts, key=lambda variant: (-counts[variant], first_use[variant]))
        for _, start, block, end, variant in found:
            if variant != preferred:
                message = self.template.format(
                    text=block.text[start:end], preferred=self.variants[preferred], count=counts[preferred]
                )
                yield self.violation(block, start, end, message)
