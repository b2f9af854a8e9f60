"""How common a word is in English, to tell a typo from a word the spelling engine's dictionary lacks.

Harper's dictionary is small next to the language of news: it flags real words
("renin", "diegetic", "modders", "prebiotic", British "focussing") as
misspelt. A large frequency list (wordfreq's, built from Wikipedia, news,
books, subtitles and the web) knows them. But such a list knows common
misspellings too ("goverment" has a Zipf frequency of 2.7), so knowing a word
is not enough: a typo is far rarer than the word it misses ("government" is
about 5.6, three orders of magnitude more common). So a word the engine does
not know is judged a typo when one of the engine's suggestions is

* close in spelling: one edit (a letter added, dropped, changed, or two
  neighbours swapped), or two edits in a long word;
* a common word (:data:`MIN_SUGGESTION_ZIPF`) far more common than the word
  itself (:data:`MIN_GAP`, :data:`MIN_GAP_KNOWN` when the list knows the word);

and, for a word the list knows, when the slip has a typo's shape (inside the
word, its ends kept: :func:`shaped_like_typo`), since a known word one letter from
a commoner one is most often a word of its own ("stuffers"/"suffers",
"restos"/"rests"). The first letter is kept, or swapped with the second, in a
word under nine letters: a short word the writer began differently is most
often a different word ("glammed"/"slammed", "ctypes"/"types").

Only English is judged this way; for another language there is no list here,
and the word's shape alone decides (:func:`shaped_like_typo`).

Zipf frequency is log10 of a word's occurrences per billion words: 7 for
"the", 5 for "government", 3 for "archived", 1 for a word seen once in a
hundred million.
"""

from __future__ import annotations

import functools

from .names import doubled_letter, edit_distance_one
from .vocabulary import COMMON_WORDS

#: A suggestion at least this common (Zipf) is a common word a writer meant.
MIN_SUGGESTION_ZIPF = 2.5
#: ... and for a two-edit slip, which could as well be another word, this common.
MIN_SUGGESTION_ZIPF_FAR = 3.5
#: How much more common (Zipf) the suggestion must be than a word the list hardly knows (below :data:`KNOWN`):
#: 2.7 is 500 times as common. Slang and jargon one letter from a common word fall short ("fratty"/"fatty").
MIN_GAP = 2.7
#: ... than a word the list knows: a known word is a typo only of a far commoner word ("goverment", 2.7 / 5.6).
MIN_GAP_KNOWN = 2.0
#: ... for a two-edit slip.
MIN_GAP_FAR = 3.0
#: A word at least this common (Zipf) is known to the list: a word of its own unless far rarer than a close word
#: and slipped inside it. Below it, a word is seen a few times in a hundred million words of web text, as
#: frequent typos are ("knowledg" 1.3, "happends" 1.6).
KNOWN = 1.8
#: A word this long may have its slip at the first letter too ("opproximate", "haracteristic"): few long
#: words are one letter from another, while a short one often is ("glammed"/"slammed", "ctypes"/"types").
MIN_LENGTH_ANY_START = 9
#: Both parts of a run-together compound are at least this common (Zipf): "land" + "share".
MIN_COMPOUND_PART_ZIPF = 3.0
#: Words shorter than this get no two-edit suggestions: too many short words are two edits from a common one.
MIN_LENGTH_FAR = 8


@functools.cache
def _zipf_lookup() -> object | None:
    """wordfreq's ``zipf_frequency``, or None when wordfreq is not installed (then only shapes decide)."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - a dependency; kept optional for trimmed installs
        return None
    return zipf_frequency


@functools.lru_cache(maxsize=65_536)
def zipf(word: str, language: str = "en") -> float:
    """The word's Zipf frequency in ``language`` (0.0 when unknown or when no list is installed)."""
    lookup = _zipf_lookup()
    if lookup is None:
        return 0.0
    return float(lookup(word.lower(), language))  # type: ignore[operator]


def available() -> bool:
    """Whether the frequency list is installed."""
    return _zipf_lookup() is not None


def distance(a: str, b: str) -> int:
    """Edits from ``a`` to ``b`` (insert, delete, substitute, swap two neighbours), case-insensitive.

    The optimal-string-alignment distance: a swap counts as one edit, as
    typists make it ("recieve").
    """
    a, b = a.lower(), b.lower()
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def shaped_like_typo(word: str, suggestion: str) -> bool:
    """Whether ``suggestion`` is ``word`` with one slip inside it: the shape of a typo.

    One edit that leaves at least the first two and the last two letters alone
    ("goverment" → "government"; in a word of five letters or fewer, the last
    one when the suggestion is one of the commonest words: "sayd" → "said", or
    the first one and the last two: "wich" → "which"), two neighbouring letters
    swapped after the first two ("recieve" → "receive"), or a letter doubled
    or undoubled anywhere after the first two ("untill" → "until"). Writers
    anchor a word on its ends, so typos fall inside it; a word the dictionary
    lacks whose nearest word differs at an end is usually a word of its own
    ("nitride" and "nitrite"). A capitalised word reaches this check only when
    the article itself uses the suggested word, so for it one edit anywhere is
    enough ("Aquired" in a story that says "acquired").
    """
    lower, candidate = word.lower(), suggestion.lower()
    if candidate == lower or not edit_distance_one(lower, candidate):
        return False
    if word[:1].isupper():
        return True
    prefix = 0
    while prefix < min(len(lower), len(candidate)) and lower[prefix] == candidate[prefix]:
        prefix += 1
    suffix = 0
    limit = min(len(lower), len(candidate)) - prefix
    while suffix < limit and lower[-1 - suffix] == candidate[-1 - suffix]:
        suffix += 1
    swap = len(lower) == len(candidate) and sorted(lower) == sorted(candidate)
    short_of_common = len(lower) <= 5 and suffix >= 1 and candidate in COMMON_WORDS
    if prefix >= 2 and (suffix >= 2 or swap or short_of_common or doubled_letter(lower, candidate)):
        return True
    return len(lower) <= 5 and prefix == 1 and suffix >= 2 and candidate in COMMON_WORDS


def _same_start(word: str, suggestion: str) -> bool:
    """The first letter is kept, or swapped with the second ("hte" → "the")."""
    a, b = word.lower(), suggestion.lower()
    if a[:1] == b[:1]:
        return True
    return len(a) > 1 and len(b) > 1 and a[0] == b[1] and a[1] == b[0]


def compound_of_words(word: str) -> bool:
    """Whether the word is two common words run together ("landshare", "upkeeping", "titlebar").

    Such a word is two edits from many words and is usually a compound the
    dictionary lacks, so a two-edit suggestion is not taken as its spelling.
    """
    lower = word.lower()
    return any(
        zipf(lower[:cut]) >= MIN_COMPOUND_PART_ZIPF and zipf(lower[cut:]) >= MIN_COMPOUND_PART_ZIPF
        for cut in range(2, len(lower) - 2)
    )


def likely_typo(word: str, suggestions: tuple[str, ...], language: str = "en", max_edits: int = 2) -> bool:
    """Whether a word the engine does not know is a typo of one of its suggestions (see the module docstring).

    For English, by frequency and shape; for another language, or without the
    frequency list, by shape alone (:func:`shaped_like_typo`). ``max_edits``
    1 asks for one-edit slips only.
    """
    english = language.lower().startswith("en")
    if not english or not available():
        return any(shaped_like_typo(word, suggestion) for suggestion in suggestions)
    own = zipf(word)
    known = own >= KNOWN
    for suggestion in suggestions:
        if not suggestion or suggestion.lower() == word.lower() or " " in suggestion or "'" in suggestion:
            continue  # a possessive or a phrase is no spelling of the word ("zeux's" → "Zeus's")
        edits = distance(word, suggestion)
        if not _same_start(word, suggestion) and (edits > 1 or min(len(word), len(suggestion)) < MIN_LENGTH_ANY_START):
            continue
        if edits > max_edits:
            continue
        if edits == 1:
            common, gap = MIN_SUGGESTION_ZIPF, (MIN_GAP_KNOWN if known else MIN_GAP)
        elif (
            edits == 2
            and not known
            and min(len(word), len(suggestion)) >= MIN_LENGTH_FAR
            and not compound_of_words(word)
        ):
            common, gap = MIN_SUGGESTION_ZIPF_FAR, MIN_GAP_FAR
        else:
            continue
        frequency = zipf(suggestion)
        if frequency < common or frequency - own < gap:
            continue
        if known and not shaped_like_typo(word, suggestion):
            continue
        return True
    return False
