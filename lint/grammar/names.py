"""Names are not misspellings: words the article itself teaches, and names spelled two ways.

A spell checker's dictionary has no "Kishida" and no "Blinken"; a news story is
full of such names. The article says which capitalised words are names: a
word capitalised in the middle of a sentence of body copy, a byline or a
caption is a name (or an acronym, a brand), and so is a capitalised word that
recurs. Headlines, decks and subheadings are often in title case, where
capitals prove nothing, so they teach names only by recurrence. Lower-case
words are never learnt: "goverment" is a misspelling however often it appears.

The flip side: a name the article spells two ways ("Kishida" and "Kishda") is
exactly the slip learning would hide, so :func:`name_variants` pairs learnt
names one edit apart and reports the rarer spelling.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from copydesk.model.article import Block

from .vocabulary import COMMON_WORDS

#: A word: letters, inner apostrophes and hyphens (linear: one class, then one class).
WORD = re.compile(r"[^\W\d_][^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*['’]?")
_POSSESSIVE = re.compile(r"['’]s?$")
#: Roles whose capitals are evidence of a name (title-case roles are not).
SENTENCE_ROLES = frozenset(("paragraph", "list-item", "caption", "byline", "credit", "dateline", "blockquote"))
#: Marks after which a capital proves nothing (a semicolon is not one: "Hamel, P.; Eck, D.").
_SENTENCE_END = frozenset(".!?:")
#: Words written with a full stop that do not end a sentence ("Dr. Harold Bornstein",
#: "Sen. Elizabeth Warren"): the capital after them is a name's.
_TITLE_ABBREVIATIONS = frozenset(
    """Mr Mrs Ms Dr Drs Prof Sen Sens Rep Reps Gov Lt Gen Col Sgt Capt Cmdr Adm Maj Gen Rev Msgr Hon
    St Ste Mt Ft Jr Sr Sir Fr Pres Supt Atty Insp Det Vs vs""".split()
)
_OPENERS = frozenset(" \t\xa0\"'“‘«([{—–-")
#: Endings that make a different word, not a misspelling ("Korea"/"Korean", "Trump"/"Trumps").
_SUFFIXES = ("s", "n", "an", "es", "ese", "ian", "er", "ers", "ed", "i")
MAX_NAMES = 20_000
MAX_NAME_LENGTH = 40


def base_form(word: str) -> str:
    """The word without a possessive (``Kishida’s`` → ``Kishida``) or trailing hyphens/apostrophes."""
    if word[-1:] not in _STRIPPED_ENDS and word[:1] not in _STRIPPED_ENDS:
        return word  # most words: nothing to take off (called for every word of an article)
    return _POSSESSIVE.sub("", word).strip("-'’")


_STRIPPED_ENDS = frozenset("-'’s")


def sentence_initial(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence (or the block), skipping quotes and brackets."""
    position = start - 1
    while position >= 0 and text[position] in _OPENERS:
        position -= 1
        if start - position > 8:  # a run of openers: treat as a boundary, bounded work
            return True
    if position < 0:
        return True
    if text[position] != ".":
        return text[position] in _SENTENCE_END
    # A full stop after an initial ("Steny H. Hoyer", "G. Petit") or a title
    # ("Dr. Harold Bornstein") belongs to the abbreviation, not to a sentence end.
    word_start = position
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    before = text[word_start:position]
    if len(before) == 1 and before.isupper():
        return False
    return before not in _TITLE_ABBREVIATIONS


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A capitalised word in a block: where it is and whether it opens a sentence."""

    block: Block
    start: int
    end: int
    word: str
    initial: bool


def occurrences(blocks: Iterable[Block]) -> list[Occurrence]:
    """Every capitalised word of the blocks, possessives stripped."""
    found = []
    for block in blocks:
        text = block.text
        for match in WORD.finditer(text):
            # A word starts with a letter, which base_form never strips: test the
            # capital first and skip the other three words in four at once.
            if not text[match.start()].isupper():
                continue
            word = base_form(match.group())
            if len(word) > MAX_NAME_LENGTH:
                continue
            initial = block.role not in SENTENCE_ROLES or sentence_initial(text, match.start())
            found.append(Occurrence(block, match.start(), match.start() + len(word), word, initial))
    return found


def learn_names(found: list[Occurrence]) -> set[str]:
    """Names the article teaches: capitalised mid-sentence in copy, capitalised more
    than once, or opening a sequence of capitalised words ("Tulsi Gabbard said")."""
    counts = Counter(occurrence.word for occurrence in found)
    learnt = {occurrence.word for occurrence in found if not occurrence.initial}
    for previous, current in zip(found, found[1:], strict=False):  # noqa: RUF007 - 3.10 has no pairwise
        if (
            previous.block is current.block
            and previous.block.role in SENTENCE_ROLES
            and not current.initial
            and previous.block.text[previous.end : current.start].strip(" \xa0'’s") == ""
        ):
            learnt.add(previous.word)
    learnt |= {word for word, count in counts.items() if count >= 2}
    # "Wi-Fi", "Jean-Claude": engines see the parts.
    learnt |= {part for word in list(learnt) if "-" in word for part in word.split("-") if part}
    return learnt


#: Page metadata that names the publication itself ("Ars Technica", "The Verge").
SITE_NAME_META = ("og:site_name", "application-name", "apple-mobile-web-app-title")


def site_name_words(meta: dict[str, str]) -> set[str]:
    """The capitalised words of the publication's own name, from the page's metadata.

    A story names its publication ("Ars is asking Mojang…"), often only at the
    start of a sentence, where a capital proves nothing; the page says the name
    in ``og:site_name``. Only the site name is read, not the ``<title>``: a
    title is set in title case, where a misspelt headline word would pass as a
    name.
    """
    words: set[str] = set()
    for key in SITE_NAME_META:
        for match in WORD.finditer(meta.get(key) or ""):
            word = base_form(match.group())
            if word[:1].isupper() and len(word) <= MAX_NAME_LENGTH:
                words.add(word)
    return words


def recurring_words(blocks: Iterable[Block], times: int = 3) -> set[str]:
    """Words the article uses at least ``times`` times, in lower case: its own jargon
    ("pneumonic", "canner"), which a one-off typo is not.

    A capital opening a sentence does not make another word ("Pneumonic plague
    is…" counts with "pneumonic plague"); all-capital words are acronyms and
    do not count.
    """
    counts: Counter[str] = Counter()
    for block in blocks:
        counts.update(
            word.lower()
            for word in WORD.findall(block.text)
            if word.islower() or (word[:1].isupper() and word[1:].islower())
        )
    return {word for word, count in counts.items() if count >= times}


def edit_distance_one(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one substitution, insertion, deletion or adjacent swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    prefix = 0
    while prefix < len(a) and a[prefix] == b[prefix]:
        prefix += 1
    if len(a) == len(b):
        if a[prefix + 1 :] == b[prefix + 1 :]:
            return True
        return (
            prefix + 1 < len(a)
            and a[prefix] == b[prefix + 1]
            and a[prefix + 1] == b[prefix]
            and a[prefix + 2 :] == b[prefix + 2 :]
        )
    return a[prefix:] == b[prefix + 1 :]


def doubled_letter(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one letter written once or twice ("until"/"untill",
    "occured"/"occurred"); the letters compared as written."""
    if abs(len(a) - len(b)) != 1:
        return False
    short, long = sorted((a, b), key=len)
    index = 0
    while index < len(short) and short[index] == long[index]:
        index += 1
    if long[:index] + long[index + 1 :] != short:
        return False
    return (index > 0 and long[index - 1] == long[index]) or (index + 1 < len(long) and long[index + 1] == long[index])


def _different_word(a: str, b: str) -> bool:
    """Pairs one edit apart that are different words, not one name misspelt.

    British and American spellings ("Theatre"/"Theater") are not judged here:
    whether they are one word spelt two ways needs the engine (see
    :func:`dialect_spellings` and :func:`name_variants`).
    """
    short, long = sorted((a, b), key=len)
    if long.startswith(short) and long[len(short) :].lower() in _SUFFIXES:
        return True
    # The edit is a capital letter: a brand's own spelling ("TrustE" and "Trust").
    prefix = 0
    while prefix < len(short) and short[prefix] == long[prefix]:
        prefix += 1
    if any(char.isupper() for char in long[prefix : prefix + 2] + short[prefix : prefix + 1]):
        return True
    if short.isupper() or long.isupper():  # acronyms: "NASA"/"NASDA" are organisations, not slips
        return True
    return a.lower() == b.lower()


def dialect_spellings(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are British and American spellings of one word ("Theatre"/"Theater",
    "Aluminium"/"Aluminum", "Travelled"/"Traveled").

    A doubled l is a dialect's only before a suffix ("Travelled", "Jeweller",
    "Fulfillment"); elsewhere it is a name's own ("Quintanilla", "Castillo",
    "Campbell"), and one l less is a misspelling of it.
    """
    short, long = sorted((a, b), key=len)
    return any(_dialect(short, long, x, y) or _dialect(long, short, x, y) for x, y in _DIALECT_PAIRS)


_DIALECT_PAIRS = (("tre", "ter"), ("our", "or"), ("ise", "ize"), ("ium", "um"), ("ll", "l"), ("ae", "e"), ("oe", "e"))
#: What follows a doubled l that British and American spelling double differently.
_LL_SUFFIXES = ("ed", "ing", "er", "ers", "or", "ors", "ous", "ery", "ation", "ations", "ment", "ments", "ful", "ness")


def _dialect(a: str, b: str, british: str, american: str) -> bool:
    lower = a.lower()
    index = lower.find(british)
    while index >= 0:
        rest = lower[index + len(british) :]
        if (lower[:index] + american + rest) == b.lower() and (british != "ll" or rest in _LL_SUFFIXES):
            return True
        index = lower.find(british, index + 1)
    return False


@dataclass(frozen=True, slots=True)
class NameVariant:
    """A rarer spelling ``variant`` of the name ``preferred`` in the same article."""

    variant: str
    preferred: str
    variant_count: int
    preferred_count: int


#: Words before a name that are no part of it: "President Zelenskyy" and
#: "Volodymyr Zelensky" may be one man; "Russell Crowe" and "Jim Croce" are two.
_TITLES = frozenset(
    """President Prime Minister Secretary Chancellor King Queen Prince Princess Pope Judge Justice Senator
    Governor Mayor General Colonel Captain Lieutenant Sergeant Ambassador Chairman Chairwoman Director Coach
    Professor Doctor Dr Mr Mrs Ms Miss Sir Dame Lady Lord Rep Sen Gov Gen Col Lt Sgt Capt Adm Rev Pres
    Vice Deputy Foreign Defence Defense State Minister Premier Speaker Leader Chief Officer Agent Detective
    Former Late Saint St The A An Of And In On At By For To With Said Says Later""".split()
)


def _companions(found: list[Occurrence]) -> dict[str, set[str]]:
    """For each name, the capitalised words written right next to it ("Russell" for "Crowe"), titles aside."""
    companions: dict[str, set[str]] = {}
    for previous, current in zip(found, found[1:], strict=False):  # noqa: RUF007 - 3.10 has no pairwise
        if previous.block is not current.block:
            continue
        gap = previous.block.text[previous.end : current.start]
        if gap.strip(" \xa0") != "":
            continue
        # A capital opening a sentence of copy ("Later Kishda said") is no part of a name.
        opens_sentence = previous.initial and previous.block.role in SENTENCE_ROLES
        if previous.word not in _TITLES and not opens_sentence:
            companions.setdefault(current.word, set()).add(previous.word)
        if current.word not in _TITLES:
            companions.setdefault(previous.word, set()).add(current.word)
    return companions


@dataclass(frozen=True, slots=True)
class NameSpellings:
    """The article's names one edit apart, found once; :func:`name_variants` judges them.

    The grammar checker asks twice — before the engines run (which names to
    keep visible to them) and after (with the engine's word on which
    spellings are unknown) — and finding the pairs is the costly half.
    """

    counts: Counter[str]
    first: dict[str, int]
    pairs: tuple[tuple[str, str], ...]
    companions: dict[str, set[str]]
    #: The pairs that are British and American spellings of one word (:func:`dialect_spellings`).
    dialect: frozenset[tuple[str, str]] = frozenset()
    #: For each paired name, the capitalised words written right before it ("Gandhi" for "Nagar").
    heads: dict[str, set[str]] = field(default_factory=dict)
    #: For each paired name, how many of its occurrences are the last part of a longer name.
    last_parts: Counter[str] = field(default_factory=Counter)


def name_spellings(found: list[Occurrence], min_length: int = 5) -> NameSpellings:
    """Pairs of names one edit apart that are not two different words (see :func:`name_variants`).

    Candidates are found through single-deletion keys (every name and each of
    its one-letter deletions), so the work is linear in the number of names
    rather than quadratic.
    """
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for index, occurrence in enumerate(found):
        counts[occurrence.word] += 1
        first.setdefault(occurrence.word, index)
    # Capitalised words with a lower-case second letter: names, McDonald, DeSantis (not acronyms).
    names = [name for name in counts if len(name) >= min_length and name[1:2].islower()]
    names = names[:MAX_NAMES]
    keys: dict[str, list[str]] = {}
    for name in names:
        for key in {name, *(name[:i] + name[i + 1 :] for i in range(1, len(name)))}:
            keys.setdefault(key, []).append(name)
    pairs: set[tuple[str, str]] = set()
    for bucket in keys.values():
        if len(bucket) < 2 or len(bucket) > 50:
            continue
        for i, a in enumerate(bucket):
            for b in bucket[i + 1 :]:
                if a[0] == b[0] and edit_distance_one(a, b) and not _different_word(a, b):
                    pairs.add((min(a, b), max(a, b)))
    if not pairs:
        return NameSpellings(counts, first, (), {})
    dialect = frozenset(pair for pair in pairs if dialect_spellings(*pair))
    heads, last_parts = _name_parts(found, {word for pair in pairs for word in pair})
    return NameSpellings(counts, first, tuple(sorted(pairs)), _companions(found), dialect, heads, last_parts)


#: A word right before a name, with only spaces between ("Gandhi Nagar", "sbs Nagar").
_WORD_BEFORE = re.compile(r"(?<![\w'’\-])([^\W\d_][^\W\d_'’\-]*)[ \xa0]+$")


def _name_parts(found: list[Occurrence], words: set[str]) -> tuple[dict[str, set[str]], Counter[str]]:
    """For each of ``words``: the capitalised words written right before it (titles aside, a
    sentence's first word included: "Gandhi Nagar" may open a list item), and how many of its
    occurrences follow a word that makes it the last part of a longer name (a capitalised word,
    or a lower-case one that is not a common English word: "Nawanshahr (sbs Nagar)")."""
    heads: dict[str, set[str]] = {}
    last_parts: Counter[str] = Counter()
    for occurrence in found:
        if occurrence.word not in words:
            continue
        text = occurrence.block.text
        before = _WORD_BEFORE.search(text, max(0, occurrence.start - MAX_NAME_LENGTH - 2), occurrence.start)
        if before is None:
            continue
        head = base_form(before.group(1))
        if head[:1].isupper():
            if head in _TITLES:
                continue
            heads.setdefault(occurrence.word, set()).add(head)
        elif head.lower() in COMMON_WORDS:
            continue
        last_parts[occurrence.word] += 1
    return heads, last_parts


#: A name element that is the last part of at least this many different longer names
#: ("Gandhi Nagar", "Kabir Nagar", "Ram Nagar": "Nagar" is "town") is a common noun of names.
NAME_ELEMENT_HEADS = 3


def _name_element(spellings: NameSpellings, common: str, rare: str) -> bool:
    """Whether ``common`` is only ever the last part of longer names, after at least
    :data:`NAME_ELEMENT_HEADS` different capitalised words, and ``rare`` is written beside no other
    capitalised word: "Nagaur" (a district) beside "Gandhi Nagar", "Kabir Nagar" and "Ram Nagar"
    is another name, not "Nagar" misspelt."""
    return (
        not spellings.companions.get(rare)
        and len(spellings.heads.get(common, ())) >= NAME_ELEMENT_HEADS
        and spellings.last_parts[common] == spellings.counts[common]
    )


def name_variants(
    found: list[Occurrence] | NameSpellings,
    unknown: set[str] | None = None,
    min_length: int = 5,
    seen: set[str] | None = None,
) -> dict[str, NameVariant]:
    """Rarer spellings of names that appear another way too, by variant.

    ``found`` is the article's occurrences, or their :func:`name_spellings`
    already worked out. ``unknown`` is the set of words the spelling engine
    did not know, ``seen`` the words it checked (a word it never saw, past the
    article's budget, is not thereby known). With them, a pair of two
    dictionary words ("Bonds" and "Bands") is never reported, nor a name once
    beside a dictionary word once ("Sidon" and "Simon", "Franka" and "Frank"):
    nothing says which is the slip.

    The rarer spelling is the variant (the article's usual spelling is its
    house spelling, "Zelenskiy" four times and "Zelensky" once); on a tie, the
    one the dictionary does not know, else the later one. Two names each
    written beside a different first or last name are two people ("Russell
    Crowe" and "Jim Croce", "Carl Bernstein" and "Harold Bornstein"); a
    name only ever written as the last part of several longer names is a
    name element, not a lone name misspelt (see :func:`_name_element`).

    British and American spellings of one word ("Theatre"/"Theater") are
    not paired when the engine knows one of them; two spellings the engine
    knows neither of are one name spelt two ways ("Quintanilla" and
    "Quintanila"). Without the engine's word (``unknown`` None: before the
    engines run, which names to keep visible to them) such pairs are kept.
    """
    spellings = found if isinstance(found, NameSpellings) else name_spellings(found, min_length)
    counts, first, companions = spellings.counts, spellings.first, spellings.companions
    variants: dict[str, NameVariant] = {}
    for a, b in spellings.pairs:
        with_a, with_b = companions.get(a, set()), companions.get(b, set())
        if with_a and with_b and not (with_a & with_b):
            continue  # each beside its own first or last name: two people
        if _name_element(spellings, a, b) or _name_element(spellings, b, a):
            continue
        a_known = b_known = False
        if unknown is not None:
            a_known = a not in unknown and (seen is None or a in seen)
            b_known = b not in unknown and (seen is None or b in seen)
            if a_known and b_known:
                continue
            if (a_known or b_known) and (a, b) in spellings.dialect:
                continue  # "Theatre" and "Theater": one word, one of its spellings the engine's own
        if counts[a] != counts[b]:
            variant, preferred = (a, b) if counts[a] < counts[b] else (b, a)
        elif a_known != b_known:
            continue  # once each, one of them a dictionary word: no evidence which is the slip
        else:
            variant, preferred = (a, b) if first[a] > first[b] else (b, a)
        variants.setdefault(variant, NameVariant(variant, preferred, counts[variant], counts[preferred]))
    return variants
