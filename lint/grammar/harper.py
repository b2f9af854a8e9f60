"""The offline engine: Harper (Rust, through harper-py). No Java, no network.

Harper ships ~900 rules; many are style advice (long sentences, Oxford comma,
"very good" → "excellent") or typography that copydesk's own CD5xx rules
already own. Those are switched off, so a grammar finding means a slip a copy
editor would fix, and fewer rules also make Harper several times cheaper per
paragraph. A ``Linter`` takes about a second to build and is not thread-safe:
one per dialect per thread, built on first use.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import itertools
import os
import re
import sys
import threading
from collections.abc import Iterable, Iterator
from importlib import metadata
from typing import TYPE_CHECKING, Any

from .base import FAILED, GRAMMAR, SPELLING, EngineMatch, EngineUnavailable

if TYPE_CHECKING:
    import harper

    from .base import BatchEngine, DialectEngine, MaskingEngine, WordEngine


@contextlib.contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """Send anything the native library prints to stderr, not into a report.

    harper-py's Rust core prints debug lines straight to file descriptor 1 on
    some inputs (seen on a corpus page), which would corrupt JSON or SARIF
    written to stdout. Redirecting ``sys.stdout`` cannot catch native writes,
    so the descriptor itself is pointed at stderr for the call.
    """
    try:
        stdout_fd = sys.stdout.fileno()
        stderr_fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):  # captured streams (tests, embedding apps)
        yield
        return
    sys.stdout.flush()
    saved = os.dup(stdout_fd)
    try:
        os.dup2(stderr_fd, stdout_fd)
        yield
    finally:
        os.dup2(saved, stdout_fd)
        os.close(saved)


NAME = "harper"
#: Harper's rule groups that run whole: the general grammar a copy editor
#: fixes. Agreement (subject-verb, "there is"/"are", "has went"), and pronouns
#: and possession (its/it's, their/there/they're, your/you're, "whom was").
#: Off, because they are not slips or because copydesk's own rules own them:
#: "Proper Nouns" (capitalisation lists of brands and places, mostly wrong on
#: names the article defines), "Initialisms" (chat abbreviations), "Closed
#: Compounds", "Compounds and Hyphenation", "Numbers and Units",
#: "Capitalization and Case", "Punctuation and Spacing" (CD5xx typography),
#: "Style and Redundancy" and "Regionalisms and Dialect" (house-style packs),
#: and either-or choices such as Oxford comma.
ALLOWED_GROUPS = frozenset(("Grammar and Agreement", "Pronouns and Possession"))
#: From Harper's set-phrase groups ("Word Choice and Usage", "Phrase
#: Corrections", "Spelling and Orthography", "Miscellaneous": about 450 rules,
#: most of them one rule per idiom and many of them style advice), only these:
#: the a/an rule, the spell check, the slips and malapropisms a copy desk
#: actually catches (tests/test_grammar_slips.py plants each one: "payed",
#: "suppose to", "for all intensive purposes", "free reign", "make due with",
#: "damp squid" …) and the rules that fired on published news copy in
#: ../shared/corpus and were not false alarms there (see :data:`DISABLED_RULES`).
#: Why not all of them: Harper's time grows with every rule
#: it runs, about 3 ms per rule per 80 KB of text here; the 450 cost two
#: thirds of the engine's time on the corpus, and over its 358 English pages
#: all but 28 of them never fired once.
PHRASE_RULES = frozenset(
    """
    AnA SpellCheck Payed SupposedTo ByAccident AllIntentsAndPurposes MootPoint BatedBreath CaseInPoint ScapeGoat
    FreeRein HomeInOn SneakPeekPreview WreakHavoc StatuteOfLimitations OldWivesTale MakeDoWith DampSquib
    TongueInCheek Ado BareInMind
    AWhile AllOfASudden ArriveTo BackInTheDay ChickenAndEgg CriteriaPhenomena NotIn NowKnownAs RightClick The
    TheEntiretyOf ThisTypeOfThing ViceVersa
    """.split()
)
#: Rules switched off even where the lists above would run them: style advice, house-style choices, typography
#: owned by copydesk's own rules (CD501 repeated words, CD502 ellipses, CD505
#: spaces before punctuation, CD303 unbalanced quotes, CD901 long sentences),
#: and rules whose findings on the corpus were mostly false alarms on news copy
#: (SplitWords on technical terms, WrongNegative on Spanish quotes). VeryUnique
#: is usage advice that house style packs own.
#:
#: The second block: rules whose findings over the corpus's 270,000 words of
#: published English copy were all (or all but one) false alarms, on constructions
#: that are correct in news copy — "to Best Buy to find" (ToTo), "expect rates to
#: remain" (MissingTo), "the White House" once the name is masked (TheHowWhy),
#: "in August while in custody" (InAWhile), "wants to let supply and demand"
#: (LetsConfusion), "how many of an estimated" (AdjectiveOfA), "the Buckeyes
#: this year" (ThatThis), "everyday lives" (Everyday), "linked to contaminated
#: tools" (InflectedVerbAfterTo), "both of whom" (WhomSubjectOfVerb), "there
#: were few" (ThereIsAgreement), "is seemingly out of date" (OutOfDate),
#: "resulted in mass arrests" (EnMasse), "people of good will should"
#: (DoubleModal), "what it is is" (SingleBe) —
#: or usage advice a style pack owns ("nerve-wracking", "somewhat of a",
#: "till date", "how large of a").
DISABLED_RULES = frozenset(
    """
    LongSentences OxfordComma NumericRangeEnDash Dashes Spaces UseEllipsisCharacter EllipsisLength
    SentenceCapitalization SplitWords OrthographicConsistency CompoundNouns DisjointPrefixes AvoidCurses
    FillerWords OkToOkay DiscourseMarkers UpdatePlaceNames Regionalisms Excellent LitotesDirectPositive
    CondenseAllThe AvoidAndAlso RoadMap CurrencyPlacement NotablePlaces BoringWords UnclosedQuotes CommaFixes
    RepeatedWords WrongNegative TransposedSpace MergeWords RegularIrregulars PhrasalVerbAsCompoundNoun
    QuantifierNumeralConflict QuantifierNeedsOf MassNouns HaveTakeALook FindOut HowTo OneOfTheSingular
    AllowTo MissingPreposition ThatThan ToTwoToo Hedging ExplanationMark SpelledNumbers VeryUnique

    ToTo MissingTo TheHowWhy LetsConfusion AdjectiveOfA InAWhile ForAWhile ModalBeAdjective NotTo
    ThatThis VerbToAdjective GoodAt TheyToThem MissingDeterminer YourPredicateAdjective
    EnRoute OutOfDate AdjectiveDoubleDegree ToAdverb PronounKnew InflectedVerbAfterTo WereWhere Everyday
    TillDate EnMasse ThereIsAgreement WhomSubjectOfVerb NerveRacking ProgressiveNeedsBe SingleBe AndTheLike
    APart DoubleModal SomewhatSomething
    """.split()
)
#: Prefixes of rule families that are style advice (``ExpandGovt``: write "government" out).
DISABLED_PREFIXES = ("Expand",)
#: Harper's rule for unknown words; everything else is grammar or word choice.
SPELL_RULE = "SpellCheck"
#: Text Harper never sees: URLs, e-mail addresses, handles, tokens over 40
#: characters, and letters glued to digits ("Mumbai3029", "RX100", "1990s").
#: Harper's cost grows faster than linearly with token length, so a
#: 100,000-character "word" would stall a run; no real word is that long. A
#: glued token is a model number or a scraped table cell, never a misspelling
#: copydesk reports, yet each one cost Harper a suggestion search: a page with a
#: table of 500 district names and case counts took 9.5 s instead of 0.3 s.
MASK = r"\S{40,}|https?://\S+|www\.\S+|\S+@\S+\.\S+|[@#]\w+|\b(?:[^\W\d_]+\d|\d+[^\W\d_])\w*"
_DIALECTS = {"US": 0, "GB": 1, "UK": 1, "AU": 2, "CA": 3, "IN": 4}


def dialect_of(language: str) -> int | None:
    """Harper's dialect for a BCP 47 tag (``en``, ``en-GB``…); None for a language it cannot check."""
    parts = re.split(r"[-_]", language.strip())
    if not parts or parts[0].lower() != "en":
        return None
    for part in parts[1:]:
        if part.upper() in _DIALECTS:
            return _DIALECTS[part.upper()]
    return 0


def mask_for(known: frozenset[str]) -> str:
    """:data:`MASK` plus the known words as whole words, with a possessive ("Nowak's") taken along.

    The possessive goes too: masking "Nowak" alone would leave "'s" for the
    spell check to flag.
    """
    if not known:
        return MASK
    words = "|".join(re.escape(word) for word in sorted(known, key=lambda w: (-len(w), w)))
    return MASK + r"|\b(?:" + words + r")(?:['’]s)?\b"


def rule_groups(linter: Any) -> dict[str, str]:
    """Each rule's group label, from Harper's own structured configuration."""
    groups: dict[str, str] = {}
    for setting in linter.get_structured_lint_config().get("settings", []):
        group = setting.get("Group") if isinstance(setting, dict) else None
        if not group:
            continue
        for child in group.get("child", {}).get("settings", []):
            if isinstance(child, dict) and "Bool" in child:
                groups[child["Bool"]["name"]] = group.get("label", "")
    return groups


def enabled_rules(linter: Any) -> dict[str, bool | None]:
    """The configuration copydesk runs: default-on rules of :data:`ALLOWED_GROUPS` and :data:`PHRASE_RULES`,
    less :data:`DISABLED_RULES`."""
    groups = rule_groups(linter)
    return {
        rule: bool(enabled)
        and (groups.get(rule) in ALLOWED_GROUPS or rule in PHRASE_RULES)
        and rule not in DISABLED_RULES
        and not rule.startswith(DISABLED_PREFIXES)
        for rule, enabled in linter.get_default_lint_config().items()
    }


def _organised_lints(linter: Any, text: str, mask: str) -> dict[str, Any] | None:
    """Harper's lints by rule, or None when Harper panicked on this text.

    A Rust panic reaches Python as pyo3's ``PanicException``, a BaseException
    that no ``except Exception`` catches: one bad paragraph would end the
    whole run. Anything else (Ctrl-C, copydesk's per-file time limit) passes.
    """
    try:
        # A paragraph break after the text: Harper reads a text's very end as a word missing,
        # so "It ended at 9 a.m." alone had its "a" flagged as an article with no noun.
        return dict(linter.organized_lints(text + SEPARATOR, language="plaintext", regex_mask=mask))
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":
            raise
        return None


def _replacement(problem: str, suggestion: harper.Suggestion) -> str:
    """The text that replaces the span: Harper's REPLACE, REMOVE or INSERT_AFTER as one string."""
    kind = int(suggestion.kind)
    if kind == 1:
        return ""
    if kind == 2:
        return problem + suggestion.replacement_text
    return str(suggestion.replacement_text)


def _matches(organised: dict[str, Any]) -> list[EngineMatch]:
    """Harper's lints as engine matches (offsets in the text Harper was given)."""
    matches = []
    for rule_id, lints in organised.items():
        for lint in lints:
            span = lint.span
            replacements = tuple(dict.fromkeys(_replacement(lint.problem_text, s) for s in lint.suggestions))
            category = SPELLING if rule_id == SPELL_RULE else GRAMMAR
            matches.append(EngineMatch(span.start, span.end, lint.message, rule_id, category, replacements[:3], NAME))
    return matches


#: What a paragraph Harper panicked on says in the file's notices.
PANIC_MESSAGE = "the offline grammar engine (Harper) failed on this paragraph; it was left unchecked"
#: What joins paragraphs checked in one call: a blank line is a paragraph break to Harper.
SEPARATOR = "\n\n"
#: Characters per call into Harper when paragraphs are checked together.
BATCH = 16_000


def _batches(texts: list[str]) -> Iterator[list[str]]:
    """The texts in order, grouped into runs of about :data:`BATCH` characters."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and size + len(text) > BATCH:
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text) + len(SEPARATOR)
    if batch:
        yield batch


class HarperEngine:
    """Harper through harper-py, configured for news copy."""

    name = NAME

    def __init__(self) -> None:
        try:
            import harper  # noqa: F401 - checked here so a missing install is one notice
        except ImportError as exc:
            raise EngineUnavailable("the offline grammar engine needs harper-py (pip install harper-py)") from exc
        self._local = threading.local()
        try:
            self._version = metadata.version("harper-py")
        except metadata.PackageNotFoundError:  # pragma: no cover - imported but not installed as a dist
            self._version = "unknown"

    @property
    def version(self) -> str:
        return self._version

    @property
    def options(self) -> str:
        return (
            "plaintext;any-dialect-spelling;failures-reported;groups="
            + ",".join(sorted(ALLOWED_GROUPS))
            + ";rules="
            + ",".join(sorted(PHRASE_RULES))
            + ";off="
            + ",".join(sorted(DISABLED_RULES))
            + ";prefix-off="
            + ",".join(DISABLED_PREFIXES)
        )

    def supports(self, language: str) -> bool:
        return dialect_of(language) is not None

    def _linter(self, dialect: int) -> Any:
        linters: dict[int, Any] = self._local.__dict__.setdefault("linters", {})
        linter = linters.get(dialect)
        if linter is None:
            import harper

            linter = harper.Linter(harper.Dialect(dialect))
            linter.set_lint_config(enabled_rules(linter))
            linters[dialect] = linter
        return linter

    def _speller(self, dialect: int) -> Any:
        """A linter with only the spell check on, for asking whether other dialects know a word.

        Separate from :meth:`_linter` because a Harper linter's working memory
        grows with every rule it runs: a full linter per probed dialect cost
        about 70 MB more over a corpus than a spell-only one.
        """
        spellers: dict[int, Any] = self._local.__dict__.setdefault("spellers", {})
        speller = spellers.get(dialect)
        if speller is None:
            import harper

            speller = harper.Linter(harper.Dialect(dialect))
            speller.set_lint_config({rule: rule == SPELL_RULE for rule in speller.get_default_lint_config()})
            spellers[dialect] = speller
        return speller

    #: :meth:`check` takes ``known``: words to hide from Harper up front.
    accepts_known = True

    def check(self, text: str, language: str, known: frozenset[str] = frozenset()) -> list[EngineMatch]:
        """Findings in ``text``; words in ``known`` (and their possessives) are masked.

        The article's names, house words and vocabulary are right by
        definition: hiding them from Harper spares the spell check's
        suggestion search, most of its cost on news copy, instead of
        filtering its findings afterwards.
        """
        dialect = dialect_of(language)
        if dialect is None:
            return []
        with _stdout_to_stderr():
            return self._check(text, dialect, known)

    def check_many(
        self, texts: list[str], language: str, known: frozenset[str] = frozenset()
    ) -> list[list[EngineMatch]]:
        """Findings for several paragraphs, as :meth:`check` would give each, in far fewer calls.

        Every call into Harper has a fixed cost (building the document,
        compiling the mask: about 1.5 ms, more than a short paragraph's own
        check), so an article's paragraphs go in together, joined by blank
        lines (a paragraph break to Harper, which no rule reads across), in
        batches of at most :data:`BATCH` characters so the per-file time limit
        still gets a say between batches. ``known`` is masked wherever it
        occurs. A batch Harper panics on is checked paragraph by paragraph.
        """
        dialect = dialect_of(language)
        if dialect is None:
            return [[] for _ in texts]
        results: list[list[EngineMatch]] = []
        with _stdout_to_stderr():
            for batch in _batches(texts):
                results.extend(self._check_batch(batch, dialect, known))
        return results

    def _check_batch(self, texts: list[str], dialect: int, known: frozenset[str]) -> list[list[EngineMatch]]:
        if len(texts) == 1:
            return [self._check(texts[0], dialect, known)]
        joined = SEPARATOR.join(texts)
        organised = _organised_lints(self._linter(dialect), joined, mask_for(known))
        if organised is None:
            return [self._check(text, dialect, known) for text in texts]
        starts = list(itertools.accumulate((len(text) + len(SEPARATOR) for text in texts[:-1]), initial=0))
        per_text: list[list[EngineMatch]] = [[] for _ in texts]
        for match in _matches(organised):
            index = bisect.bisect_right(starts, match.start) - 1
            offset = starts[index]
            if match.end - offset > len(texts[index]):
                continue  # across a paragraph break: not a finding in either paragraph
            per_text[index].append(dataclasses.replace(match, start=match.start - offset, end=match.end - offset))
        for matches in per_text:
            matches.sort(key=lambda m: (m.start, m.end, m.rule_id))
        return per_text

    def _check(self, text: str, dialect: int, known: frozenset[str] = frozenset()) -> list[EngineMatch]:
        linter = self._linter(dialect)
        organised = _organised_lints(linter, text, mask_for(known))
        if organised is None and known:
            # Harper 2.13 panics on some masked texts (a slice out of range in
            # char_string.rs, seen on a corpus page): check the text unmasked.
            organised = _organised_lints(linter, text, MASK)
        if organised is None:
            # Not a line on stderr: the file's result says which paragraph went unchecked (a notice).
            return [EngineMatch(0, 0, PANIC_MESSAGE, "Panic", FAILED, (), NAME)]
        matches = [match for match in _matches(organised) if match.end <= len(text)]
        matches.sort(key=lambda m: (m.start, m.end, m.rule_id))
        return matches

    def unknown_words(self, words: Iterable[str], language: str) -> set[str]:
        """Which of ``words`` the spell check of ``language`` does not know, asked in one call.

        A spell-only linter: the full one would also run every grammar rule
        over the word list, a third of the cost of the probes for nothing.
        """
        asked = sorted(set(words))
        dialect = dialect_of(language)
        if dialect is None or not asked:
            return set()
        probe = "\n".join(asked)
        with _stdout_to_stderr():
            try:
                lints = self._speller(dialect).lint(probe, language="plaintext")
            except BaseException as exc:  # a Rust panic: see _organised_lints
                if type(exc).__name__ != "PanicException":
                    raise
                return set(asked)
        return {probe[lint.span.start : lint.span.end] for lint in lints} & set(asked)

    def spelled_right_elsewhere(self, words: Iterable[str], language: str) -> set[str]:
        """The words that American or British spelling (whichever the page is not in) accepts.

        Spelling is dialect-tolerant: "programme" in an American story is a
        house-style question (style packs such as us-newsroom own it), not a
        misspelling. The checker asks only about the words still flagged after
        names and house words are set aside (a handful per article), because
        each unknown word costs the probe a suggestion search of several
        milliseconds. Australian, Canadian and Indian spellings are American
        or British ones in Harper's dictionary: probing those dialects too
        tripled the cost and, over the corpus, accepted no further word.
        """
        own = dialect_of(language)
        probes = [dialect for dialect in (0, 1) if dialect != own]
        memo: dict[tuple[int, str], bool] = self._local.__dict__.setdefault("elsewhere", {})
        still = {word for word in words if word}
        accepted: set[str] = set()
        with _stdout_to_stderr():
            for dialect in probes:
                ask = sorted(word for word in still if (dialect, word) not in memo)
                if ask:
                    probe = "\n".join(ask)
                    flagged = {
                        probe[lint.span.start : lint.span.end]
                        for lint in self._speller(dialect).lint(probe, language="plaintext")
                    }
                    for word in ask:
                        memo[(dialect, word)] = word not in flagged
                known = {word for word in still if memo[(dialect, word)]}
                accepted |= known
                still -= known
        if len(memo) > 100_000:  # a long-running service: forget rather than grow without bound
            memo.clear()
        return accepted


if TYPE_CHECKING:

    def _offers_every_capability(engine: HarperEngine) -> tuple[MaskingEngine, BatchEngine, WordEngine, DialectEngine]:
        """Never called: mypy proves here that Harper matches each capability the checker asks for."""
        return engine, engine, engine, engine
