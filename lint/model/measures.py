"""Readability measures of an article's copy: sentences, words, syllables, Flesch reading ease.

Facts about the text, not judgments: the readability rules (CD901–CD903) read
them, and so do the reports' statistics, which is why they live in the model
rather than in a rule module.

The article-level figure is Flesch reading ease (206.835 − 1.015 × words per
sentence − 84.6 × syllables per word; 60–70 is plain English, below 30 is
very difficult). Syllables are counted by a small vowel-group heuristic
rather than a dependency: the formula is itself a rough proxy, the heuristic
lands within a point or two of dictionary counts on news prose. The score is
computed for English copy only, where the formula means something.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from copydesk.model.article import Article

_LATIN_WORD = re.compile(r"[A-Za-z]+")
# A sentence ends at . ! ? … (with closing quotes or brackets) followed by a space.
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]{0,3}(?=\s)")
_VOWELS = re.compile(r"[aeiouy]+")
#: Common English function words: how English-looking a text without ``lang`` is.
_ENGLISH = frozenset("the and of to a in is that for it was on with as he she said by at from his are be".split())
_SCORE_ROLES = frozenset(("paragraph", "list-item", "dek", "blockquote", "subheading"))
#: Fewest words before an article-level score means anything.
MIN_SCORED_WORDS = 100
#: Most words per sentence, on average, of text that has sentences at all: edited prose
#: averages 15-30; past this the text has lost or never had its full stops (lyrics, verse,
#: a changelog), and a reading-ease score of it says nothing.
MAX_WORDS_PER_SENTENCE = 60


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


# --- sentences ---------------------------------------------------------------
# One splitter for every rule that reads sentences (long sentences, the Flesch
# score, attribution). Measured against pysbd, syntok, sentencex, blingfire and
# a Punkt model on 44 hard cases and 3,000 corpus paragraphs (bench/sentences.py):
# the libraries either do not end a sentence inside a quotation ("“We won.” Next…"),
# which both uses need, or cost 10–150 times as much per paragraph.

#: A run of stops with its closing quotes and brackets, followed by white space. The
#: lookbehind starts a match only where a run begins (no quadratic rescans of "....").
_STOP = re.compile(r"(?<![.?!…])[.?!…]+[\"”’')\]]*(?:\[\w{1,4}\])*\*{0,3}(?=\s)")
#: (The stop may carry citation marks and a footnote star: "the code.[10] When", "restored.* This".)
#: Titles before a name: their full stop never ends a sentence ("Mr. Smith", "the Rev. Mike").
_TITLES = frozenset("mr mrs ms dr prof sen rep gov gen col lt sgt capt st rev hon fr sr jr".split()) - {"sr", "jr"}
#: Abbreviations that end in a full stop and usually sit mid-sentence ("the U.S. military",
#: "10 a.m. Friday", "Apple Inc. said"): they end a sentence only before a word that
#: opens sentences ("… signed in the U.S. It takes effect …").
_ABBREVIATIONS = frozenset(
    "etc vs inc corp co ltd jr sr approx dept ft mt jan feb mar apr jun jul aug sep sept oct nov dec "
    "e.g i.e a.m p.m u.s u.k u.n".split()
)
#: Words that open a sentence far more often than they follow an abbreviation mid-sentence.
_SENTENCE_OPENERS = frozenset(
    """a an the it its he she they we i you this that these those there here his her their our my but and so
    yet or in on at for after before when while if as by with from to not no one some many most all both
    then now however meanwhile still also later today yesterday instead what who why how where""".split()
)
_WORD_BEFORE = re.compile(r"([\w.’']+)$")
_WORD_AFTER = re.compile(r"\s+[\"“‘'(\[¿¡]*([^\W_][\w’'-]*)")


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether a candidate stop ends its sentence; only a full stop can be an abbreviation's."""
    following = text[match.end() :].lstrip()[:1]
    stop = match.group()
    if not stop.startswith(".") or stop.startswith(".."):
        # ? ! … and ellipses end a sentence unless it goes on in lower case ("“Are you sure?” she asked").
        return not following.islower()
    before = _WORD_BEFORE.search(text, max(0, match.start() - 12), match.start())
    word = before.group(1).lower().rstrip(".") if before else ""
    if "’" in word or "'" in word:  # "didn’t." : the t after an apostrophe is no initial
        return True
    if word in _TITLES:  # "Dr. Goodall"
        return False
    if len(word) == 1 and word.isalpha():  # "J. K. Rowling", but "the Xbox One X. So it runs …"
        after = _WORD_AFTER.match(text, match.end())
        return after is not None and after.group(1).lower() in _SENTENCE_OPENERS - {"a", "i"}
    if word in ("no", "nos"):  # "No. 5" numbers; "She said no." ends
        return not following.isdigit()
    if word in _ABBREVIATIONS or ("." in word and all(len(part) <= 2 for part in word.split("."))):
        after = _WORD_AFTER.match(text, match.end())
        return after is not None and after.group(1)[0].isupper() and after.group(1).lower() in _SENTENCE_OPENERS
    return True  # a full stop after a word ends the sentence, whatever follows ("She said no. the …")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a block's text, white space trimmed.

    Works on quote-masked text too (attribution masks quoted words but keeps
    their final stops), where the offsets are the same as in the text.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _STOP.finditer(text):
        if _ends_sentence(text, match):
            spans.extend(_trimmed(text, start, match.end()))
            start = match.end()
    spans.extend(_trimmed(text, start, len(text)))
    return spans


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


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
        if self.words / self.sentences > MAX_WORDS_PER_SENTENCE:
            return None  # too few sentence ends to score: lyrics, verse, a changelog, a list
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
    return article.memo(readability, lambda: _readability(article))


def _readability(article: Article) -> Readability:
    words: list[str] = []
    sentence_count = 0
    for block in article.copy_blocks(_SCORE_ROLES):
        text = block.text
        found = _LATIN_WORD.findall(text)
        if not found:
            continue
        words.extend(found)
        sentence_count += len(sentences(text))
    english = _is_english(article, words)
    result = Readability(
        words=len(words),
        sentences=sentence_count,
        syllables=_syllables_of(words) if english else 0,
        english=english,
    )
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
