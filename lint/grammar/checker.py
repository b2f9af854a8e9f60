"""Running the engines over an article once, for all the grammar rules.

CD801 (spelling), CD802 (grammar), CD803 (names spelled two ways) and CD804
(language skipped) all read one :class:`ArticleReport`, built on first use
and remembered per article, so the engines run once per article however many
of the rules are on. The steps, each done here and nowhere else:

1. the language: the page's ``lang``, else the configured dialect;
2. the paragraphs: the article's own copy (bylines and credits are names, not
   prose), long blocks cut at sentence ends and capped, so hostile input
   cannot stall a run;
3. the engines: each paragraph from the cache, or checked and stored;
4. de-duplication: overlapping findings of two engines are kept once (where a
   house rule flags the same span, say a repeated word CD501 reports, the rule
   engine's filter stage drops the grammar finding: see ``Rule.yields_to``; the
   grammar layer knows nothing of the rules above it);
5. quotes: findings inside direct quotes are dropped unless configured;
6. names: spelling findings on names the article teaches, house words and the
   newsroom vocabulary are dropped; names spelled two ways are paired;
7. context (:mod:`.context`): findings in ``<code>``-like elements or another
   language's ``lang`` are dropped, spelling ones in ``<i>``/``<em>``/``<cite>``
   too; so are pieces of larger tokens ("We'|ve", "functions.php", "$2.6bn"),
   name particles, loan phrases, a link's own site name, inflections and
   compounds of known words, words built from known words, and capitalised
   words the article gives no evidence against; grammar rules' known
   misreadings of correct copy are dropped.

An article checked before, unchanged, with the same settings and code, is
read back whole from the cache (:func:`analyse`); the steps above run only on
a miss, and step 3 then still reads unchanged paragraphs from the cache.

The article's budget (:data:`MAX_ARTICLE`, :data:`MAX_BLOCK`) is recorded in the
report (``characters``, ``checked_characters``, ``stopped_at``) so CD804 can say
when an article was checked only in part.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from copydesk.model.article import Article, Block

from . import context, frequency
from .base import (
    FAILED,
    GRAMMAR,
    SPELLING,
    BatchEngine,
    DialectEngine,
    Engine,
    EngineMatch,
    EngineUnavailable,
    MaskingEngine,
    WordEngine,
    notice,
)
from .cache import ParagraphCache, cache_key, report_key
from .context import InlineIndex
from .names import (
    WORD,
    NameVariant,
    base_form,
    learn_names,
    name_spellings,
    name_variants,
    occurrences,
    recurring_words,
    site_name_words,
)
from .settings import GrammarSettings
from .vocabulary import NEWSROOM_WORDS

#: Blocks whose prose is checked. Bylines, credits and datelines are names and places.
CHECKED_ROLES = frozenset(("headline", "dek", "subheading", "paragraph", "list-item", "blockquote", "caption"))
#: Blocks that teach names (everything a reader sees as the article's own copy).
NAME_ROLES = CHECKED_ROLES | {"byline", "credit", "dateline"}
#: Engines see pieces of at most this many characters (cut after a sentence end).
CHUNK = 2_000
#: No block has more than this many characters checked: a real paragraph is a
#: few hundred; a 100,000-character "paragraph" is a scraped wall of text.
MAX_BLOCK = 20_000
#: No article has more than this many characters checked (about 10,000 words,
#: five times a long feature): past it a page is an archive, a transcript or
#: a scraped listing, and checking it would let one page dominate a run.
MAX_ARTICLE = 60_000
_SENTENCE_BREAK = re.compile(r"[.!?…]['\"’”)\]]*\s+")


@dataclass(frozen=True, slots=True)
class BlockMatch:
    """An engine match placed in a block's text (offsets in ``block.text``)."""

    block: Block
    start: int
    end: int
    match: EngineMatch

    @property
    def word(self) -> str:
        return self.block.text[self.start : self.end]


@dataclass
class ArticleReport:
    """What the grammar rules report for one article."""

    language: str
    #: Engines that ran, by name (empty when none could).
    engines: list[str] = field(default_factory=list)
    #: Set when the page's language is one no configured engine can check.
    skipped_language: str | None = None
    spelling: list[BlockMatch] = field(default_factory=list)
    grammar: list[BlockMatch] = field(default_factory=list)
    #: Spelling findings before names, house words and vocabulary were applied (for the benchmark).
    spelling_before_names: int = 0
    #: Occurrences of rarer name spellings, with the variant each one is.
    name_variants: list[tuple[Block, int, int, NameVariant]] = field(default_factory=list)
    #: Words of body text that were checked.
    words: int = 0
    #: Characters of the article's checked copy, and how many of them the engines
    #: saw: fewer when :data:`MAX_ARTICLE` or :data:`MAX_BLOCK` cut the check short.
    characters: int = 0
    checked_characters: int = 0
    #: Where the first text left unchecked by the budgets starts (block, offset in its text).
    stopped_at: tuple[Block, int] | None = None
    #: Paragraphs an engine failed on (a panic, an exception): empty matches of category
    #: :data:`~.base.FAILED` at the start of the text left unchecked, for the file's notices.
    failures: list[BlockMatch] = field(default_factory=list)

    @property
    def cut_short(self) -> bool:
        """Whether the budgets left part of the article's copy unchecked."""
        return self.checked_characters < self.characters

    def to_json(self, article: Article) -> dict[str, Any]:
        """The report as JSON, blocks named by their position in ``article.blocks``."""
        position = {id(block): index for index, block in enumerate(article.blocks)}

        def matches(found: list[BlockMatch]) -> list[list[Any]]:
            return [[position[id(m.block)], m.start, m.end, m.match.to_json()] for m in found]

        return {
            "language": self.language,
            "engines": self.engines,
            "skipped_language": self.skipped_language,
            "spelling": matches(self.spelling),
            "grammar": matches(self.grammar),
            "spelling_before_names": self.spelling_before_names,
            "name_variants": [
                [position[id(block)], start, end, [v.variant, v.preferred, v.variant_count, v.preferred_count]]
                for block, start, end, v in self.name_variants
            ],
            "words": self.words,
            "characters": self.characters,
            "checked_characters": self.checked_characters,
            "stopped_at": [position[id(self.stopped_at[0])], self.stopped_at[1]] if self.stopped_at else None,
            "failures": matches(self.failures),
        }

    @classmethod
    def from_json(cls, data: Any, article: Article) -> ArticleReport:
        """Rebuild from :meth:`to_json` against the same article; ValueError/TypeError/KeyError if malformed."""
        blocks = article.blocks

        def block_at(index: Any) -> Block:
            if not isinstance(index, int) or not 0 <= index < len(blocks):
                raise ValueError("bad block index")
            return blocks[index]

        def span(block: Block, start: Any, end: Any) -> tuple[int, int]:
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(block.text)):
                raise ValueError("bad span")
            return start, end

        def matches(rows: Any) -> list[BlockMatch]:
            found = []
            for index, start, end, match in rows:
                block = block_at(index)
                found.append(BlockMatch(block, *span(block, start, end), EngineMatch.from_json(match)))
            return found

        variants = []
        for index, start, end, (variant, preferred, variant_count, preferred_count) in data["name_variants"]:
            block = block_at(index)
            variants.append(
                (
                    block,
                    *span(block, start, end),
                    NameVariant(str(variant), str(preferred), int(variant_count), int(preferred_count)),
                )
            )
        stopped = data["stopped_at"]
        skipped = data["skipped_language"]
        return cls(
            language=str(data["language"]),
            engines=[str(name) for name in data["engines"]],
            skipped_language=None if skipped is None else str(skipped),
            spelling=matches(data["spelling"]),
            grammar=matches(data["grammar"]),
            spelling_before_names=int(data["spelling_before_names"]),
            name_variants=variants,
            words=int(data["words"]),
            characters=int(data["characters"]),
            checked_characters=int(data["checked_characters"]),
            stopped_at=None if stopped is None else (block_at(stopped[0]), int(stopped[1])),
            failures=matches(data.get("failures", [])),
        )


def resolve_language(page_lang: str | None, configured: str) -> str:
    """The page's ``lang`` wins; a bare ``en`` takes the configured English dialect."""
    lang = (page_lang or "").strip().replace("_", "-")
    if not lang:
        return configured
    if lang.lower() == "en" and configured.lower().startswith("en"):
        return configured
    return lang


def chunks(text: str) -> Iterator[tuple[int, str]]:
    """Pieces of at most :data:`CHUNK` characters, cut after sentence ends, up to :data:`MAX_BLOCK`."""
    limit = min(len(text), MAX_BLOCK)
    start = 0
    while start < limit:
        end = min(start + CHUNK, limit)
        if end < len(text):
            last = None
            for match in _SENTENCE_BREAK.finditer(text, start + CHUNK // 4, end):
                last = match.end()
            if last is not None:
                end = last
        yield start, text[start:end]
        start = end


# --- engines, built once per process ---------------------------------------

_ENGINES: dict[tuple[object, ...], Engine | None] = {}
_ENGINE_LOCK = threading.Lock()


def _forget_engines_in_child() -> None:
    """A forked worker (``-j``) builds its own engines: a Harper linter's threads do not survive fork."""
    global _ENGINE_LOCK
    _ENGINES.clear()
    _ENGINE_LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_engines_in_child)


def _engine(kind: str, settings: GrammarSettings) -> Engine | None:
    """The engine instance for ``kind``; None (after one notice) when it cannot be built."""
    if kind == "offline":
        key: tuple[object, ...] = ("offline",)
    else:
        key = ("languagetool", settings.url, settings.public_api, settings.timeout)
    with _ENGINE_LOCK:
        if key in _ENGINES:
            return _ENGINES[key]
        engine: Engine | None
        try:
            if kind == "offline":
                from .harper import HarperEngine

                engine = HarperEngine()
            else:
                from .languagetool import LanguageToolEngine

                engine = LanguageToolEngine(settings.url, settings.public_api, settings.timeout)
        except EngineUnavailable as exc:
            notice(f"engine:{kind}", f"{exc}; grammar and spelling checks are off")
            engine = None
        _ENGINES[key] = engine
        return engine


def engines_for(settings: GrammarSettings) -> list[Engine]:
    """The engines the newsroom chose: Harper (``offline``), LanguageTool alone, or LanguageTool then Harper.

    ``languagetool`` means that server and nothing else: a desk that chose its
    LanguageTool did not ask for a second engine's findings. Harper stands in
    only when LanguageTool cannot answer (:func:`fallback_for`), which for a
    client that cannot even be built is known here already.
    """
    kinds = {"offline": ["offline"], "languagetool": ["languagetool"], "both": ["languagetool", "offline"]}
    found = []
    for kind in kinds[settings.engine]:
        engine = _engine(kind, settings)
        if engine is not None:
            found.append(engine)
    if not found and settings.engine == "languagetool":
        return fallback_for(settings)
    return found


def fallback_for(settings: GrammarSettings) -> list[Engine]:
    """The engine that carries on when a chosen one is unreachable: Harper, for ``engine = "languagetool"``.

    ``both`` runs Harper anyway, and ``offline`` has nothing to fall back to.
    """
    if settings.engine != "languagetool":
        return []
    engine = _engine("offline", settings)
    return [engine] if engine is not None else []


#: Misspellings, and a word far from every word in the dictionary: for that one Harper builds its widest
#: edit-distance automaton (about 55 MB and two to four seconds here), once per thread, kept for the thread's life.
_WARM_UP = "The goverment announcd a comprehensve programe for zzzzzzzzz."


def prepare(settings: GrammarSettings) -> None:
    """Load now, on this thread, what the offline engine and the frequency list otherwise load on first need.

    A long-running process (``copydesk lsp``) calls this once, on the thread
    that runs its checks: else the first word of a draft that is far from
    every dictionary word (a long typo, a name) stalls that keystroke's check
    for seconds, and the server's memory steps up by a quarter at that edit
    instead of starting at its working set. Harper keeps the automaton per
    thread, so another thread would not do. The sentence goes to the engine
    directly, not through the paragraph cache, which would answer it without
    the engine from the second start on. LanguageTool is not asked: a remote
    server keeps its own state.
    """
    offline = _engine("offline", settings) if settings.engine in ("offline", "both") else None
    if offline is not None:
        offline.check(_WARM_UP, settings.language)
    frequency.zipf("government")


_CACHES: dict[str, ParagraphCache] = {}


def _cache(settings: GrammarSettings) -> ParagraphCache | None:
    directory = settings.resolved_cache_dir()
    if directory is None:
        return None
    with _ENGINE_LOCK:
        return _CACHES.setdefault(str(directory), ParagraphCache(directory))


# --- the analysis ---------------------------------------------------------


def report_for(article: Article, settings: GrammarSettings) -> ArticleReport:
    """The article's grammar report, computed once per (article, settings) and kept on the article."""
    return article.memo((report_for, settings), lambda: analyse(article, settings))


def hidden_words(pieces: list[str], known: KnownWords) -> frozenset[str]:
    """The known words of the pieces to hide from the engine.

    A word after "a" or "an" anywhere in the pieces stays visible everywhere,
    so Harper still checks the article ("a Uber", "an NBC" are slips whatever
    the word).
    """
    words: set[str] = set()
    after_article: set[str] = set()
    for piece in pieces:
        for word in set(_WORDS.findall(piece)):
            if word in known.exact or word.lower() in known.lower:
                words.add(word)
        after_article.update(_AFTER_ARTICLE.findall(piece))
    return frozenset(words - after_article)


@dataclass(frozen=True, slots=True)
class KnownWords:
    """Words right by definition in this article: names it teaches, house words, vocabulary."""

    exact: frozenset[str] = frozenset()
    #: Matched whatever the case (lower-case house and vocabulary words).
    lower: frozenset[str] = frozenset()


_AFTER_ARTICLE = re.compile(r"\b[Aa]n?\s+([^\W\d_]+)")


@dataclass(frozen=True, slots=True)
class _Piece:
    """A piece of a block the engines check: ``block.text[offset:offset + len(text)]``."""

    block: Block
    offset: int
    text: str


def _pieces(blocks: list[Block], language: str) -> list[_Piece]:
    """The pieces of the blocks worth checking: not blank, and English where English is expected."""
    english = language.lower().startswith("en")
    return [
        _Piece(block, offset, piece)
        for block in blocks
        for offset, piece in chunks(block.text)
        if piece.strip() and not (english and not looks_english(piece))
    ]


def _check_pieces(
    engine: Engine, pieces: list[_Piece], language: str, cache: ParagraphCache | None, known: KnownWords | None
) -> list[BlockMatch]:
    """One engine's matches in the pieces: cached pieces read back, the rest checked together and stored.

    A :class:`~.base.BatchEngine` (Harper) gets every uncached piece of the
    article in one request: its fixed cost per call is larger than a short
    paragraph's own check.
    """
    masker = engine if known is not None and isinstance(engine, MaskingEngine) and engine.accepts_known else None
    hidden: frozenset[str] = (
        hidden_words([piece.text for piece in pieces], known)
        if masker is not None and known is not None
        else frozenset()
    )
    hidden_in = [frozenset(hidden.intersection(_WORDS.findall(piece.text))) if hidden else hidden for piece in pieces]
    keys = [
        cache_key(
            engine.name,
            engine.version,
            engine.options,
            language,
            piece.text + "\x00known:" + ",".join(sorted(words)) if words else piece.text,
        )
        if cache
        else ""
        for piece, words in zip(pieces, hidden_in, strict=True)
    ]
    results: list[list[EngineMatch] | None] = cache.get_many(keys) if cache else [None] * len(pieces)
    missing = [index for index, result in enumerate(results) if result is None]
    if missing:
        texts = [pieces[index].text for index in missing]
        computed: list[list[EngineMatch]]
        if isinstance(engine, BatchEngine):
            words = frozenset[str]().union(*(hidden_in[index] for index in missing))
            computed = (
                engine.check_many(texts, language, known=words)
                if masker is not None
                else engine.check_many(texts, language)
            )
        else:
            computed = [
                masker.check(text, language, known=words)
                if masker is not None and words
                else engine.check(text, language)
                for text, words in zip(texts, (hidden_in[index] for index in missing), strict=True)
            ]
        for index, checked in zip(missing, computed, strict=True):
            results[index] = checked
        if cache:
            cache.put_many([(keys[index], matches) for index, matches in zip(missing, computed, strict=True)])
    found = []
    for piece, matches in zip(pieces, results, strict=True):
        for match in matches or ():
            if match.category == FAILED:  # the piece went unchecked: kept, at its start, for a notice
                found.append(BlockMatch(piece.block, piece.offset, piece.offset, match))
                continue
            start, end = piece.offset + match.start, piece.offset + match.end
            if 0 <= start < end <= len(piece.block.text):
                found.append(BlockMatch(piece.block, start, end, match))
    return found


def _run_engines(
    article: Article, blocks: list[Block], language: str, settings: GrammarSettings, known: KnownWords | None = None
) -> tuple[list[str], list[BlockMatch], bool]:
    """Matches of every engine that can check ``language``; the flag says whether any could."""
    cache = _cache(settings)
    pieces = _pieces(blocks, language)
    names: list[str] = []
    found: list[BlockMatch] = []
    any_supported = False
    engines = engines_for(settings)
    for engine in engines:  # grows by the fallback when an engine turns out unreachable
        try:
            if not engine.supports(language):
                continue
            any_supported = True
            own = _check_pieces(engine, pieces, language, cache, known)
        except EngineUnavailable as exc:
            notice(f"engine:{engine.name}", f"{exc}; continuing with the offline engine")
            engines.extend(other for other in fallback_for(settings) if other not in engines)
            continue
        except Exception as exc:  # an engine's bug on one page must not cost the page its other rules
            # The page's grammar check is lost, not the page: a notice in its result says so. The
            # engine's name is not recorded as having run, so this report is never stored.
            if pieces:
                message = (
                    f"the grammar engine {engine.name!r} failed on this page ({type(exc).__name__}: {exc}); "
                    "grammar and spelling were left unchecked"
                )
                failed = EngineMatch(0, 0, message, "Error", FAILED, (), engine.name)
                found.append(BlockMatch(pieces[0].block, pieces[0].offset, pieces[0].offset, failed))
            continue
        names.append(engine.name)
        found.extend(own)
    return names, found, any_supported


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _dedupe(matches: list[BlockMatch]) -> list[BlockMatch]:
    """Keep the first of overlapping matches in a block (engine order: the newsroom's engine wins)."""
    kept: list[BlockMatch] = []
    spans: dict[int, list[tuple[int, int]]] = {}
    for match in matches:
        key = id(match.block)
        if any(_overlaps(match.start, match.end, s, e) for s, e in spans.get(key, ())):
            continue
        spans.setdefault(key, []).append((match.start, match.end))
        kept.append(match)
    return kept


def _in_quote(match: BlockMatch) -> bool:
    return any(quote.inner_start <= match.start and match.end <= quote.inner_end for quote in match.block.quotes)


_HAS_DIGIT_OR_MARK = re.compile(r"[\d@#/_=+&*<>\\]")
#: Initials and acronyms with dots ("T.", "U.N.", "A.A."), all-capital words
#: (acronyms, "WASHINGTON" datelines), single letters and words with an inner
#: capital (brands: "iReport", "McAfee", "TechMeme") are not prose words.
_NOT_A_WORD = re.compile(r"(?:[A-Za-z]\.)+|[A-Z][A-Z'’.\-]+|\w|[A-Za-z][a-z]*[A-Z][\w'’\-]*")
#: Common English words; a stretch of prose with almost none of them is in another language.
_ENGLISH = frozenset(
    """the of and to in is was for on that with as by at it he she they his her their from this be are
    has have had not but or an which who will would said says were been its after about more than
    also into over when one two new we you i our there what can could after before up out if no
    """.split()
)
_WORDS = re.compile(r"[^\W\d_]+")
#: Words the grammar rules read to find a slip (pronouns, determiners, auxiliaries): never
#: masked, even when sentence starts make them recur capitalised like a name.
_FUNCTION_WORDS = _ENGLISH | frozenset(
    """a my your him them us me these those here whom whose every each some any all both either neither
    such much many most few own do does did is am being having shall should may might must""".split()
)


def looks_english(text: str) -> bool:
    """Whether a piece of text reads as English: enough of its words are common English words.

    Pages mix languages (a Spanish quote in an English story, a page with no
    ``lang`` at all); an English checker on Spanish flags every word. Short
    pieces (under eight words) are given the benefit of the doubt.
    """
    words = _WORDS.findall(text[:CHUNK].lower())
    if len(words) < 8:
        return True
    common = sum(1 for word in words if word in _ENGLISH)
    return common / len(words) >= 0.12


def _accepted(word: str, names: set[str], house: set[str], house_lower: set[str]) -> bool:
    """A spelling match the article or the desk vouches for: names, house words, vocabulary.

    ``names`` holds the names the article teaches (as written) and the
    lower-case words it uses again and again (its own jargon, "pneumonic"),
    which count whatever their capitals ("Pneumonic" opening a sentence).
    """
    if _HAS_DIGIT_OR_MARK.search(word) or _NOT_A_WORD.fullmatch(word):
        return True  # "9to5Mac", "5G", handles, "U.N.", "NASA": not prose words
    base = base_form(word)
    for candidate in (word, base):
        if candidate in names or candidate in house or candidate in NEWSROOM_WORDS:
            return True
        if candidate.lower() in house_lower or candidate.lower() in names:
            return True
    return False


#: Characters that join the parts of a compound word: hyphens, and the en dash some copy uses as one.
_COMPOUND_JOINERS = "-‐‑–"


def _compound_part(match: BlockMatch) -> bool:
    """Part of a hyphenated word ("plug-ins", "sci-fi", "neo–payday"): engines split them, the whole is fine.

    A dash with a space on either side is punctuation, not a joiner.
    """
    text = match.block.text
    start, end = match.start, match.end
    if start > 0 and text[start - 1] in _COMPOUND_JOINERS and (start == 1 or not text[start - 2].isspace()):
        return True
    if start > 1 and text[start - 1] == "-" and text[start - 2].isspace() and (end == len(text) or text[end] in " )"):
        return True  # a suffix cited as one ("the -zilla suffix")
    return end + 1 < len(text) and text[end] in _COMPOUND_JOINERS and not text[end + 1].isspace()


def _evidenced(match: BlockMatch, article_words: set[str]) -> bool:
    """Whether a capitalised unknown word is shown to be a slip by the article itself.

    A capitalised word the dictionary lacks is, in news copy, a name far more
    often than a misspelling (and one capitalised mid-sentence was learnt as a
    name already): "Volker", "Starc", "Feedly" opening a sentence or in a
    title-case headline. It is reported only when the article itself uses the
    word the engine suggests ("Aquired" in a story that says "acquired",
    "Volker" in one that says "Volcker"), so the evidence is the writer's own.
    """
    word = match.word
    if not word[:1].isupper():
        return True
    lower = word.lower()
    return any(
        suggestion.lower() != lower and suggestion.lower() in article_words for suggestion in match.match.replacements
    )


def _spelling_in_context(match: BlockMatch, inline: InlineIndex, link_names: frozenset[str]) -> bool:
    """Whether the words and markup around a spelling match show it is no misspelling (see :mod:`.context`);
    ``link_names`` are the article's words that name their links (:func:`.context.link_names`)."""
    text, start, end = match.block.text, match.start, match.end
    return (
        context.not_a_whole_word(text, start, end)
        or context.elongated(match.word)
        or context.abbreviation(text, start, end)
        or context.name_particle(text, start, end)
        or context.signature(text, start, end)
        or context.in_loan_phrase(text, start, end)
        or context.named_by_its_link(match.block, start, end, link_names)
        or context.inflection_or_compound(match.word, match.match.replacements)
        or bool(inline.kinds(match.block, start, end) & {context.CODE, context.FOREIGN, context.ITALIC})
    )


def _grammar_in_context(match: BlockMatch, inline: InlineIndex) -> bool:
    """Whether a grammar match is in code or another language, or a rule's known misreading."""
    if inline.kinds(match.block, match.start, match.end) & {context.CODE, context.FOREIGN}:
        return True
    return context.grammar_misfire(match.match.rule_id, match.block.text, match.start, match.end)


def within_budget(blocks: list[Block], budget: int = MAX_ARTICLE) -> list[Block]:
    """The blocks, in order, until ``budget`` characters are taken (each block counted up to :data:`MAX_BLOCK`)."""
    taken: list[Block] = []
    for block in blocks:
        if budget <= 0:
            break
        taken.append(block)
        budget -= min(len(block.text), MAX_BLOCK)
    return taken


def _unknown_to_engine(words: list[str], language: str, settings: GrammarSettings) -> set[str]:
    """Which of ``words`` the first spelling engine does not know, asked in one call (a few names at most)."""
    if not words:
        return set()
    probe = "\n".join(words)
    cache = _cache(settings)
    engines = engines_for(settings)
    for engine in engines:  # grows by the fallback when an engine turns out unreachable
        try:
            if not engine.supports(language):
                continue
            if isinstance(engine, WordEngine):  # answered word by word and cached like the dialect answers
                return _cached_answers(engine, "unknown", words, language, settings, engine.unknown_words)
            key = cache_key(engine.name, engine.version, engine.options, language, "\x00probe:" + probe)
            matches = cache.get(key) if cache else None
            if matches is None:
                matches = engine.check(probe, language)
                if cache:
                    cache.put(key, matches)
            return {probe[m.start : m.end] for m in matches if m.category == SPELLING} & set(words)
        except EngineUnavailable:
            engines.extend(other for other in fallback_for(settings) if other not in engines)
            continue
    return set(words)


def _first_unchecked(blocks: list[Block], checked: list[Block]) -> tuple[Block, int] | None:
    """The first text the budgets left out: the rest of a block past :data:`MAX_BLOCK`, or the first block past
    :data:`MAX_ARTICLE` (``checked`` is a prefix of ``blocks``)."""
    for block in checked:
        if len(block.text) > MAX_BLOCK:
            return block, MAX_BLOCK
    if len(checked) < len(blocks):
        return blocks[len(checked)], 0
    return None


def _report_key(article: Article, settings: GrammarSettings) -> str | None:
    """The key of the article's stored report; None when a report must not be stored or read.

    Everything the report depends on is in it: the code that makes it, the
    grammar, model and source layers (:func:`.cache.code_fingerprint`; not
    the rules, whose precedence is settled after the report), each engine's
    name, version and options, the settings that change findings, and the
    article — its source text, the body chosen and every block's role and
    text (the same text read as Markdown or plain text is another article).
    An engine whose version is not known yet (LanguageTool before its first
    answer) means no key: a report keyed on "unknown" could outlive a server
    upgrade.
    """
    identities = []
    for engine in engines_for(settings):
        if engine.version == "unknown":
            return None
        identities.append([engine.name, engine.version, engine.options])
    blocks = "\x1e".join(f"{block.role}\x1f{int(block.chrome)}\x1f{block.text}" for block in article.blocks)
    page = _digest(article.source.text)
    return report_key(
        [
            identities,
            [settings.engine, settings.url, settings.public_api, settings.language, list(settings.words)],
            settings.check_quotes,
            [page, article.body_path, article.body_reason, article.lang, _digest(blocks)],
        ]
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _complete(report: ArticleReport, settings: GrammarSettings) -> bool:
    """Whether every configured engine that checks the report's language ran (none was unreachable).

    A page skipped as undeclared and not English is incomplete by this test
    (no engine ran) and so is never stored: that path stops before any engine
    work, so there is nothing to save.
    """
    try:
        wanted = [engine.name for engine in engines_for(settings) if engine.supports(report.language)]
    except EngineUnavailable:
        return False
    return all(name in report.engines for name in wanted)


def analyse(article: Article, settings: GrammarSettings) -> ArticleReport:
    """The article's report: read back when this article was checked before with the same settings
    and code, else computed (:func:`analyse_fresh`) and stored.

    A report made while an engine was unreachable is not stored: the next run,
    with the engine back, must check with it.
    """
    cache = _cache(settings)
    key = _report_key(article, settings) if cache is not None else None
    if cache is not None and key is not None:
        stored = cache.get_report(key)
        if stored is not None:
            try:
                return ArticleReport.from_json(stored, article)
            except (ValueError, TypeError, KeyError, IndexError):
                pass  # a damaged entry is a miss, and is rewritten below
    report = analyse_fresh(article, settings)
    if cache is not None and key is not None and _complete(report, settings):
        cache.put_report(key, report.to_json(article))
    return report


def analyse_fresh(article: Article, settings: GrammarSettings) -> ArticleReport:
    """Run the engines over the article and apply every filter (see the module docstring)."""
    language = resolve_language(article.lang, settings.language)
    report = ArticleReport(language)
    blocks = list(article.copy_blocks(CHECKED_ROLES))
    sample = " ".join(block.text for block in blocks)[:CHUNK]
    if not article.lang and len(sample.split()) >= 20 and not looks_english(sample):
        # No ``lang`` and the copy is not English: say so once rather than flag every word.
        report.skipped_language = "undeclared (the text does not look like English)"
        return report
    checked = within_budget(blocks)
    report.words = sum(len(block.text[:MAX_BLOCK].split()) for block in checked if block.role == "paragraph")
    report.characters = sum(len(block.text) for block in blocks)
    report.checked_characters = sum(min(len(block.text), MAX_BLOCK) for block in checked)
    report.stopped_at = _first_unchecked(blocks, checked)
    found = occurrences(article.copy_blocks(frozenset(NAME_ROLES)))
    names = learn_names(found) | site_name_words(article.meta)
    learnt = names | recurring_words(blocks)
    house = set(settings.words)
    house_lower = {word.lower() for word in settings.words if word.islower()}
    house_lower |= {word.lower() for word in NEWSROOM_WORDS if word.islower()}
    # Names that may be one name spelled two ways stay visible: CD803 needs
    # the engine's word on which spelling is unknown.
    spellings = name_spellings(found)
    paired_names = [(variant.variant, variant.preferred) for variant in name_variants(spellings, None).values()]
    paired = {word for pair in paired_names for word in pair}
    # Only names (capitalised, then lower case) are masked: a recurring common word
    # ("they", "their") hidden from Harper would hide the grammar around it too.
    # Nor is a capitalised function word ("The", "He" opening many sentences can recur like a
    # name): hiding "He" would hide "He don't" from the agreement rules.
    names_only = {
        word
        for word in names | house
        if word[:1].isupper() and word[1:2].islower() and word.lower() not in _FUNCTION_WORDS
    }
    known = KnownWords(frozenset(names_only - paired))
    engines, matches, supported = _run_engines(article, checked, language, settings, known)
    report.engines = engines
    if not supported and engines_for(settings):
        # Name pairing is English-specific too: German capitalises every noun, so its
        # inflections (Gesetz/Gesetze) would read as one name spelled two ways.
        report.skipped_language = language
        return report
    report.failures = [match for match in matches if match.match.category == FAILED]
    matches = _dedupe([match for match in matches if match.match.category != FAILED])
    if not settings.check_quotes:
        matches = [match for match in matches if not _in_quote(match)]
    inline = InlineIndex()
    spelling = [match for match in matches if match.match.category == SPELLING]
    report.grammar = [
        match for match in matches if match.match.category == GRAMMAR and not _grammar_in_context(match, inline)
    ]
    report.spelling_before_names = len(spelling)

    unknown = {base_form(match.word) for match in spelling} if engines else None
    seen = {base_form(word) for word in {word for block in checked for word in WORD.findall(block.text[:MAX_BLOCK])}}
    if unknown is not None:
        # Names the engine never saw (in credits, past the budget) are asked about on their own,
        # so "German" beside "Germany" is known rather than presumed unknown.
        unseen = sorted({word for pair in paired_names for word in pair} - seen)
        unknown |= _unknown_to_engine(unseen, language, settings)
        seen |= set(unseen)
    variants = name_variants(spellings, unknown, seen=seen if engines else None)
    variant_spans: dict[int, list[tuple[int, int]]] = {}
    for occurrence in found:
        variant = variants.get(occurrence.word)
        if variant is not None:
            report.name_variants.append((occurrence.block, occurrence.start, occurrence.end, variant))
            variant_spans.setdefault(id(occurrence.block), []).append((occurrence.start, occurrence.end))
    article_words = {word.lower() for word in seen}
    names_of_links = context.link_names(article.links)
    candidates = [
        match
        for match in spelling
        if not _accepted(match.word, learnt, house, house_lower)
        and not _compound_part(match)
        and match.word.isascii()  # loanwords and names with accents ("entrée", "Décor")
        and not any(_overlaps(match.start, match.end, s, e) for s, e in variant_spans.get(id(match.block), ()))
        and not _spelling_in_context(match, inline, names_of_links)
        and _evidenced(match, article_words)
    ]
    report.spelling = spelled_wrong_everywhere(_without_coinages(candidates, language, settings), language, settings)
    return report


def _without_coinages(candidates: list[BlockMatch], language: str, settings: GrammarSettings) -> list[BlockMatch]:
    """Drop words built from words the engine knows ("recompress", "sunbaked"): see :func:`context.coinage`.

    The parts of every candidate are asked about in one engine call.
    """
    parts = sorted(
        {
            part
            for match in candidates
            if match.word.islower()
            for parts in context.derivations(match.word)
            for part in parts
        }
    )
    if not parts:
        return candidates
    known = set(parts) - _unknown_to_engine(parts, language, settings)
    return [
        match
        for match in candidates
        if not context.coinage(match.word, match.match.replacements, known) or _slip_inside(match, language)
    ]


def _slip_inside(match: BlockMatch, language: str) -> bool:
    """Whether a word that reads as a coinage is rather one slip inside a far commoner word.

    "coresponding" reads as "co-" and "responding", "gilty" as "gilt" and "-y";
    each is one letter from a common word, inside it (:func:`.frequency.likely_typo`).
    Not a suggestion that is the coinage's own base ("rescheduler" from
    "reschedule" is a word), nor one that differs at the word's edge, where
    a suffix sits ("rescheduler" → "rescheduled").
    """
    word = match.word
    bases = {parts[0] for parts in context.derivations(word) if len(parts) == 1}
    inside = tuple(
        suggestion
        for suggestion in match.match.replacements
        if suggestion.lower() not in bases and not context.edit_at_the_edge(word, suggestion)
    )
    return bool(inside) and frequency.likely_typo(word, inside, language, max_edits=1)


def spelled_wrong_everywhere(spelling: list[BlockMatch], language: str, settings: GrammarSettings) -> list[BlockMatch]:
    """The spelling matches no other English dialect accepts, asked of the engine that made each one.

    Last of the filters, because asking costs a suggestion search per word:
    only the few words still flagged after names and house words are asked.
    The answers are cached like paragraphs, so a warm run never builds the
    engine's second (other-dialect) linter.
    """
    if not spelling:
        return spelling
    accepted: dict[str, set[str]] = {}
    engines = engines_for(settings)
    if any(match.match.engine not in {engine.name for engine in engines} for match in spelling):
        engines += [engine for engine in fallback_for(settings) if engine not in engines]  # the fallback's matches
    for engine in engines:
        words = sorted({match.word for match in spelling if match.match.engine == engine.name})
        if not isinstance(engine, DialectEngine) or not words:
            continue
        accepted[engine.name] = _cached_answers(
            engine, "spelled-right-elsewhere", words, language, settings, engine.spelled_right_elsewhere
        )
    return [match for match in spelling if match.word not in accepted.get(match.match.engine, ())]


def _cached_answers(
    engine: Engine,
    question: str,
    words: list[str],
    language: str,
    settings: GrammarSettings,
    ask: Callable[[set[str], str], set[str]],
) -> set[str]:
    """The words for which ``ask`` (an engine's yes/no question about words) says yes.

    Answers are cached per word, so a warm run never asks, and a word asked
    about in one article is not asked again in the next.
    """
    cache = _cache(settings)
    keys = {word: cache_key(engine.name, engine.version, question, language, word) for word in words}
    stored = cache.get_answers(list(keys.values())) if cache else {}
    answers = {word: stored[key] for word, key in keys.items() if key in stored}
    unasked = [word for word in words if word not in answers]
    if unasked:
        yes = ask(set(unasked), language)
        answers.update((word, word in yes) for word in unasked)
        if cache:
            cache.put_answers([(keys[word], answers[word]) for word in unasked])
    return {word for word, answer in answers.items() if answer}
