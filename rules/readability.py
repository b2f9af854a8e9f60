"""Readability family (CD901–CD903), info by default: long sentences, long
paragraphs, and how hard the article as a whole is to read.

These are editors' prompts, not defects: a 45-word sentence can be right, a
long paragraph can be a quoted document. So every rule is *info* and every
limit an option.

The article-level figure is Flesch reading ease (206.835 − 1.015 × words per
sentence − 84.6 × syllables per word; 60–70 is plain English, below 30 is
very difficult). Syllables are counted by a small vowel-group heuristic
rather than a dependency: the formula is itself a rough proxy, the heuristic
lands within a point or two of dictionary counts on news prose, and a library
would bring global language state and megabytes of hyphenation dictionaries
for one number. The score is computed for English copy only, where the
formula means something. :func:`statistics` is what a report's summary shows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from copydesk.engine.rule import BlockRule, Option, Rule, Severity, Violation, register
from copydesk.model.article import Article, Block

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d[\d.,:]{0,30}")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
# A sentence ends at . ! ? … (with closing quotes or brackets) followed by a space.
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]{0,3}(?=\s)")
_VOWELS = re.compile(r"[aeiouy]+")
#: Common English function words: how English-looking a text without ``lang`` is.
_ENGLISH = frozenset("the and of to a in is that for it was on with as he she said by at from his are be".split())
_PROSE_ROLES = frozenset(("paragraph", "list-item", "dek"))
_SCORE_ROLES = frozenset(("paragraph", "list-item", "dek", "blockquote", "subheading"))
#: Fewest words before an article-level score means anything.
MIN_SCORED_WORDS = 100


def syllables(word: str) -> int:
    """English syllables of one word, by vowel groups (silent final e, -le and -ed handled)."""
    word = word.lower().strip("'’")
    if len(word) <= 3:
        return 1
    count = len(_VOWELS.findall(word))
    silent_e = word.endswith("e") and not word.endswith(("le", "ee", "ye"))
    silent_ed = word.endswith("ed") and not word.endswith(("ted", "ded"))
    if (silent_e or silent_ed) and count > 1:
        count -= 1
    if word.endswith(("ia", "io", "eo")):
        count += 1
    return max(1, count)


#: Abbreviations that end in a full stop: dotted ones ("U.S.", "a.m.", "e.g.")
#: and common short forms. Before a lower-case word ("the U.S. military") the
#: full stop is the abbreviation's, not a sentence end.
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Za-z]\.){2,}|\b(?:etc|vs|Inc|Corp|Co|Ltd|Jr|Sr|approx|No|Nos|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.)$"
)
#: Titles before a name: their full stop never ends a sentence ("Mr. Smith", "Sen. Warren").
_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|St|Rev|Hon)\.$")
_NEXT_WORD = re.compile(r"\s+([\"“‘'(]*)(\S)")


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether a candidate end really ends the sentence (abbreviations and titles do not)."""
    if match.group() != ".":
        return True
    head = text[max(0, match.start() - 12) : match.end()]
    if _TITLE.search(head):
        return False
    following = _NEXT_WORD.match(text, match.end())
    return not (following and following.group(2).islower() and _ABBREVIATION.search(head))


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of a block, whitespace trimmed."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if not _ends_sentence(text, match):
            continue
        end = match.end()
        yield from _trimmed(text, start, end)
        start = end
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _block_words(block: Block) -> int:
    """A block's word count, counted once: CD901 and CD902 both read it, on every block of every page."""
    count = block.__dict__.get("_cd_words")
    if count is None:
        count = block.__dict__["_cd_words"] = _words(block.text)
    return count  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Readability:
    """Counts behind the Flesch reading ease of an article's copy."""

    words: int
    sentences: int
    syllables: int
    english: bool

    @property
    def flesch(self) -> float | None:
        """Flesch reading ease, or None when the copy is not English or too short to score."""
        if not self.english or self.words < MIN_SCORED_WORDS or not self.sentences:
            return None
        score = 206.835 - 1.015 * (self.words / self.sentences) - 84.6 * (self.syllables / self.words)
        return round(score, 1)


def _is_english(article: Article, words: list[str]) -> bool:
    lang = article.lang or article.meta.get("content-language") or article.meta.get("og:locale") or ""
    if lang:
        return lang.strip().lower()[:2] == "en"
    if not words:
        return False
    common = sum(1 for word in words[:2000] if word.lower() in _ENGLISH)
    return common >= 0.08 * min(len(words), 2000)


def _syllables_of(words: list[str]) -> int:
    """Syllables of all the words, each distinct word counted once per article.

    Not a process-wide ``lru_cache``: with far more distinct words in a run
    than any cache size, it evicted and re-stored words all along, each new
    entry a long-lived object among a page's short-lived ones, and those
    pinned the allocator's pages: a run's memory crept with every file.
    """
    return sum(syllables(word) * count for word, count in Counter(words).items())


def readability(article: Article) -> Readability:
    """Word, sentence and syllable counts of the article's copy (computed once per article)."""
    cached = getattr(article, "_cd_readability", None)
    if isinstance(cached, Readability):
        return cached
    words: list[str] = []
    sentence_count = 0
    for block in article.copy_blocks(_SCORE_ROLES):
        text = block.text
        found = _LATIN_WORD.findall(text)
        if not found:
            continue
        words.extend(found)
        sentence_count += sum(1 for _ in sentences(text))
    english = _is_english(article, words)
    result = Readability(
        words=len(words),
        sentences=sentence_count,
        syllables=_syllables_of(words) if english else 0,
        english=english,
    )
    article._cd_readability = result  # type: ignore[attr-defined]
    return result


def statistics(article: Article) -> dict[str, object]:
    """Article-level figures for a report's summary (``--statistics``, JSON ``summary``)."""
    figures = readability(article)
    return {"words": figures.words, "sentences": figures.sentences, "flesch_reading_ease": figures.flesch}


def flesch_label(score: float) -> str:
    """Flesch's own bands."""
    for floor, label in ((90, "very easy"), (70, "easy"), (60, "plain"), (50, "fairly difficult"), (30, "difficult")):
        if score >= floor:
            return label
    return "very difficult"


@register
class LongSentence(BlockRule):
    """A sentence longer than ``max_words`` words (40 by default).

    Sentences are split at ``.``, ``!``, ``?`` and ``…`` followed by a space,
    except after a title ("Mr.") or after an abbreviation ("U.S.") followed by
    a lower-case word; "the U.S. Senate" can still split early, never late,
    so the rule errs towards silence. The finding covers the sentence.
    """

    code = "CD901"
    name = "long-sentence"
    category = "readability"
    severity = Severity.INFO
    summary = "A sentence is very long (over 40 words by default)."
    why = (
        "Comprehension drops sharply past 25–30 words, and very long sentences in news copy usually hide two "
        "facts that read better apart."
    )
    roles = _PROSE_ROLES
    options = (Option("max_words", 40, "Most words a sentence may have before it is flagged."),)
    bad = (
        "<p>The council, which met on Tuesday evening in the old town hall after a delay caused by a power cut "
        "that also closed two schools and the library on the high street, approved the budget for the coming "
        "year by seven votes to six after a debate that lasted almost four hours and ended close to midnight.</p>"
    )
    good = "<p>The council approved the budget on Tuesday. The vote was seven to six. The debate lasted four hours.</p>"

    def check_block(self, block: Block, article: Article) -> Iterator[Violation]:
        limit = self.config["max_words"]
        if _block_words(block) <= limit:
            return
        text = block.text
        for start, end in sentences(text):
            count = _words(text[start:end])
            if count > limit:
                yield Violation(block, start, end, f"sentence has {count} words (over {limit}): consider splitting it")


@register
class LongParagraph(BlockRule):
    """A paragraph longer than ``max_words`` words (150 by default).

    The finding covers the paragraph's first sentence, where an editor would
    look for the place to break it, and the message gives the length.
    """

    code = "CD902"
    name = "long-paragraph"
    category = "readability"
    severity = Severity.INFO
    summary = "A paragraph is very long (over 150 words by default)."
    why = (
        "News paragraphs are short because they are read on phones: a wall of text is skipped. A paragraph past "
        "150 words usually holds two or three ideas."
    )
    roles = frozenset(("paragraph", "list-item", "blockquote"))
    options = (Option("max_words", 150, "Most words a paragraph may have before it is flagged."),)
    bad = "<p>" + "The council approved the budget on Tuesday after a long debate about schools. " * 14 + "</p>"
    good = "<p>" + "The council approved the budget on Tuesday after a long debate about schools. " * 5 + "</p>"

    def check_block(self, block: Block, article: Article) -> Iterator[Violation]:
        limit = self.config["max_words"]
        count = _block_words(block)
        if count > limit:
            start, end = next(sentences(block.text), (0, len(block.text)))
            yield Violation(block, start, end, f"paragraph has {count} words (over {limit}): consider breaking it up")


@register
class HardToRead(Rule):
    """English copy whose Flesch reading ease is below ``min_score`` (30 by default, "very difficult").

    Scored over the article's paragraphs, list items, quotes and subheadings,
    when there are at least 100 words and the page is in English (``lang``, or
    English-looking text when no language is declared). The finding is the
    body's start tag; the score itself is in the report's statistics.
    """

    code = "CD903"
    name = "hard-to-read"
    category = "readability"
    severity = Severity.INFO
    summary = "The article's English copy is very hard to read (Flesch reading ease below 30)."
    why = (
        "A general news audience reads comfortably at Flesch 50–70; below 30 is the level of academic papers, "
        "usually from long sentences and long words that plainer ones could replace."
    )
    options = (Option("min_score", 30.0, "Lowest Flesch reading ease accepted."),)
    bad = (
        "<html lang='en'><body><article><h1>Budget</h1><p>"
        + "Intergovernmental budgetary reconsideration necessitates comprehensive administrative "
        "documentation, notwithstanding considerable organisational disagreement regarding implementation. "
        * 8
        + "</p></article></body></html>"
    )
    good = (
        "<html lang='en'><body><article><h1>Budget</h1><p>"
        + "The council met on Tuesday. It voted on the budget. The vote was close. Seven said yes and six said no. " * 8
        + "</p></article></body></html>"
    )

    def check(self, article: Article) -> Iterator[Violation]:
        score = readability(article).flesch
        minimum = self.config["min_score"]
        if score is not None and score < minimum:
            message = f"Flesch reading ease {score:.1f} ({flesch_label(score)}; below {minimum:g})"
            yield Violation(article.body_anchor(), 0, 0, message)
