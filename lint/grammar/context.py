"""Where a finding sits decides whether it is one: the markup and the words around it.

An engine sees plain text; an editor sees the page. ``index.php`` in
``<code>``, *Tritrichomonas muris* in italics, a Spanish ``<span lang="es">``,
the "ve" of "We've", the "bn" of "$2.6bn", the "di" of "Monte dei Paschi di
Siena": each looks like a misspelling to an engine and is none to an editor.
These checks are general rules about news copy, applied after the engines
ran (so the engines' cache stays valid), each one cheap and local to the
finding.

Positions stay exact: a finding's block offsets are compared with the inline
spans the model recorded in the same block's text (``block.spans``) while it
built that text, so no text is re-derived and no tree is walked again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from copydesk.model.article import Block, Link
from copydesk.model.element import CODE, CODE_TAGS, FOREIGN, ITALIC, ITALIC_TAGS, Element, inline_kind

from .names import WORD, edit_distance_one
from .vocabulary import ABBREVIATIONS, LOAN_PHRASES, NAME_PARTICLES

# The kinds and the elements that make them are the model's; re-exported for the checker.
__all__ = ["CODE", "CODE_TAGS", "FOREIGN", "ITALIC", "ITALIC_TAGS", "InlineIndex"]

_APOSTROPHES = "'’‘"
_CONTRACTION_TAILS = frozenset(("ve", "ll", "re", "d", "m", "s", "t", "nt"))
#: Words written with their first letters dropped ("'tis the season", "rock 'n' roll").
_ELIDED_START = frozenset("tis twas nd n em cause til bout round cos cuz kay ello ere".split())
#: Characters that join a word to a file name, a domain, a path or an identifier.
_JOINERS = "./\\@_=#~("
#: A word's neighbours that say it is not a whole word: a censored expletive
#: ("f***ing"), a soft hyphen inside a word ("emo&shy;tional"), an editor's
#: bracketed change inside a quote ("[S]ome"), markup written out as text ("<img>"),
#: a number it is the unit of ("$2.6bn").
_MARKS = "*\xad[]|<>"
_WORD_AFTER = re.compile(r"[\s\"'“‘(]*([^\W\d_][\w'’\-]*)")


class InlineIndex:
    """The code, foreign-language and italic text of blocks, from the model's inline spans.

    Inside a block the model recorded its inline elements (``block.spans``);
    around it, the block's own element or its nearest ancestor that sets a
    language or code (``<p lang="es">``, ``<pre>``) decides, worked out once per element.
    """

    def __init__(self) -> None:
        self._outer: dict[int, str | None] = {}

    def _around(self, element: Element) -> str | None:
        """The kind of the block's own element or its nearest marked ancestor (``<p lang="es">``)."""
        key = id(element)
        if key not in self._outer:
            kind = None
            node: Element | None = element
            while node is not None and node.name not in ("body", "html", "[document]"):
                kind = inline_kind(node.name, node.attrs)
                if kind in (CODE, FOREIGN) or (kind == ITALIC and node is element):
                    break
                kind = None
                node = node.parent
            self._outer[key] = kind
        return self._outer[key]

    def kinds(self, block: Block, start: int, end: int) -> set[str]:
        """The kinds of inline text the block's ``[start, end)`` lies in."""
        element = block.element
        found = set()
        # Markdown blocks have no element (nothing around them sets a kind), but their spans count.
        around = self._around(element) if element is not None else None
        if around is not None:
            found.add(around)
        for span in block.spans:
            if span.kind in (CODE, FOREIGN, ITALIC) and span.start <= start and end <= span.end:
                found.add(span.kind)
        return found


def _before(text: str, start: int) -> str:
    return text[start - 1] if start > 0 else ""


def _after(text: str, end: int) -> str:
    return text[end] if end < len(text) else ""


def not_a_whole_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a piece of something larger than a prose word.

    The engine splits tokens at characters it does not count as letters; the
    piece it flags is then part of a contraction ("We'|ve"), an elision
    ("'tis", "walkin'"), a file name, domain or identifier ("functions.php",
    "Parse.ly", "preg_replace"), a unit after a number ("226ppi"), a censored
    word, a word broken by a soft hyphen, a bracketed change in a quote, or a
    word in two scripts ("Сolumn" with a Cyrillic C).
    """
    word = text[start:end]
    before, after = _before(text, start), _after(text, end)
    lower = word.lower()
    if (
        before
        and before in _APOSTROPHES
        and (
            (lower in _CONTRACTION_TAILS and start >= 2 and text[start - 2].isalpha())  # "We've", "they'll"
            or lower in _ELIDED_START  # "'tis", "'nd"
        )
    ):
        return True
    if (
        after
        and after in _APOSTROPHES
        and not _after(text, end + 1).isalpha()
        and (lower.endswith("in") or lower in ("ol", "o"))
    ):
        return True  # "walkin'", "ol'": a dropped letter, written as the speaker says it
    if before and before in _JOINERS and start >= 2 and not text[start - 2].isspace():
        return True
    if after and after in _JOINERS and _after(text, end + 1).isalnum():
        return True
    if before.isdigit() or after.isdigit():
        return True
    if (before and before in _MARKS) or (after and after in _MARKS):
        return True
    # A letter the engine did not take as part of the word: another script.
    return bool(before.isalpha() or after.isalpha())


def elongated(word: str) -> bool:
    """A letter written four times or more ("reallllly"), or three times in a short word ("Oooh", "sooo"):
    spelled out for effect, not misspelt.

    A letter tripled in a longer word is a key held too long ("atttacked",
    "sesssion"): that is a typo, left to the spelling check.
    """
    lower = word.lower()
    if re.search(r"([a-z])\1{3,}", lower):
        return True
    tripled = re.search(r"([a-z])\1\1", lower)
    return tripled is not None and len(lower) - 1 < 4


def abbreviation(text: str, start: int, end: int) -> bool:
    """A news abbreviation before its full stop ("Sen.", "W.Va.", "Ep. 1310")."""
    return _after(text, end) == "." and text[start:end] in ABBREVIATIONS


def name_particle(text: str, start: int, end: int) -> bool:
    """A lower-case particle inside a name: "di" in "Monte dei Paschi di Siena"."""
    if text[start:end] not in NAME_PARTICLES:
        return False
    following = _WORD_AFTER.match(text, end)
    return following is not None and following.group(1)[:1].isupper()


_PHRASES = [
    (phrase, re.compile(r"\b" + r"[\s\-]+".join(re.escape(part) for part in phrase.split()) + r"\b", re.IGNORECASE))
    for phrase in LOAN_PHRASES
]


def in_loan_phrase(text: str, start: int, end: int) -> bool:
    """Whether the word is part of a borrowed phrase English uses whole ("bona fide", "per capita")."""
    word = text[start:end].lower()
    window_start = max(0, start - 40)
    window = text[window_start : end + 40]
    for phrase, pattern in _PHRASES:
        if word not in phrase.split():
            continue
        for match in pattern.finditer(window):
            if match.start() + window_start <= start and end <= match.end() + window_start:
                return True
    return False


def _names_of(href: str) -> set[str]:
    """The words a link's address names: its host's labels and whole path segments, not a slug's words."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return set()
    labels = (parts.hostname or "").lower().split(".")
    segments = [segment.lower().rsplit(".", 1)[0] for segment in parts.path.split("/")]
    return {name for name in (*labels, *segments) if name}


def _link_word(word: str) -> str:
    return re.sub(r"['’]s?$", "", word.lower())


def link_names(links: Iterable[Link]) -> frozenset[str]:
    """Words that name the link they are written in, in lower case: "zeux" in a link to
    github.com/zeux/meshoptimizer. Worked out once per article from its links."""
    names: set[str] = set()
    for link in links:
        if not link.href:
            continue
        words = {_link_word(word) for word in WORD.findall(link.text)}
        if words:
            names |= words & _names_of(link.href)
    return frozenset(names)


def named_by_its_link(block: Block, start: int, end: int, article_link_names: frozenset[str] = frozenset()) -> bool:
    """A word that names the site or page a link of its article points to.

    "Gadling" linking to gadling.com, "wasmer" to wasmer.io, "vlc" to
    videolan.org/vlc/: the link says what the word is, so the word is a name
    wherever the article writes it ("in zeux's meshoptimizer", after a link
    "zeux" to github.com/zeux/…; ``article_link_names`` from
    :func:`link_names`). Only the host's labels and whole path segments
    count, not a slug's words, which copy the headline and its typos.
    """
    word = _link_word(block.text[start:end])
    if word in article_link_names:
        return True
    return any(
        link.start <= start and end <= link.end and link.href and word in _names_of(link.href) for link in block.links
    )


#: A letter's closing before the writer's name ("Cheers, fijal", "Thanks, -- dmitri").
_SIGN_OFF = re.compile(
    r"\b(?:cheers|thanks|thank you|regards|best regards|kind regards|best|best wishes|yours|sincerely|"
    r"yours truly|all the best|love|ta)\s*(?:,\s*(?:[-–—~]+\s*)?|[-–—~]+\s*)$",
    re.IGNORECASE,
)


def signature(text: str, start: int, end: int) -> bool:
    """The writer's name or handle after a letter's closing, ending the block ("… Cheers, fijal").

    Letters, forum posts and issue threads end so; the name is often a lower-case
    handle, which the name rules (capitals) cannot see.
    """
    if text[end:].strip(" .!\n\t") != "":
        return False
    return _SIGN_OFF.search(text[:start]) is not None


def inflection_or_compound(word: str, suggestions: Iterable[str]) -> bool:
    """Whether the engine's suggestion is the same word inflected or split.

    "retellings" → "retelling", "airspaces" → "airspace's", "storyline" →
    "storylines": a dictionary's missing plural is no misspelling. "webpages"
    → "web pages", "videogame" → "video game": a closed compound is a house
    style choice (CD503 and style packs own it), not a misspelling. Irregular
    plurals stay checked: "childrens", "womens" are slips.
    """
    lower = word.lower()
    for suggestion in suggestions:
        candidate = suggestion.lower()
        if candidate.replace(" ", "").replace("-", "") == lower and candidate != lower:
            return True
        if lower.endswith("s") and candidate in (lower[:-1], lower[:-1] + "'s", lower[:-1] + "’s"):
            stem = lower[:-1]
            if not stem.endswith(("ren", "men")):
                return True
        if candidate == lower + "s":
            return True
    return False


# --- grammar: when a rule's finding is right ----------------------------------------

_BE_HAVE_MODAL = frozenset(
    """is was are were be been being has have had will would shall should can could may might must
    seems seemed appears appeared 's""".split()
)
_AUXILIARIES = frozenset("is was are were am do does did has have had will would can could shall should".split())
_SUBJECT_PRONOUNS = frozenset(("he", "she", "it"))
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")
#: Initialisms whose first letter is sounded with a vowel ("an FBI agent", "an SEO problem", "an MRI").
_VOWEL_SOUNDED_LETTERS = frozenset("FHLMNRSX")


def _next_token(text: str, end: int) -> str:
    match = _TOKEN.search(text, end)
    return match.group() if match else ""


def _previous_tokens(text: str, start: int, count: int = 1) -> list[str]:
    """The last ``count`` tokens before ``start`` (fewer at the start of the text), nearest last."""
    tokens = _TOKEN.findall(text[max(0, start - 60) : start])
    return tokens[-count:]


def _previous_token(text: str, start: int) -> str:
    tokens = _previous_tokens(text, start)
    return tokens[-1] if tokens else ""


#: Letters whose names start with a vowel sound when read out ("an F", "an R", "an X"); "U" is "you".
_VOWEL_NAMED_LETTERS = frozenset("AEFHILMNORSX")
_LETTERS_THEN_DIGIT = re.compile(r"([^\W\d_]{1,3})\d")


def _article_for_letters(token: str) -> str | None:
    """The article before a model name read letter by letter ("i9", "M1", "B2B", "RX100"), or None
    when the token is not read that way (a number, a word glued to digits)."""
    letters = _LETTERS_THEN_DIGIT.match(token)
    if letters is None:
        return None
    prefix = letters.group(1)
    if len(prefix) > 1 and not prefix.isupper():
        return None  # "Pixel3": a word, not letters
    return "an" if prefix[0].upper() in _VOWEL_NAMED_LETTERS else "a"


def _article_right(text: str, start: int, end: int) -> bool:
    """Whether an "a"/"an" finding is a misreading: not an article, or an article the engine misjudges.

    Not an article: the letter of "USB-A", "4A", "Texas A&M", "a.m.", a
    middle initial ("Patricia A O'Gorman"), a variable ("A = Aᴴ", "A is
    Hermitian"). Misjudged: a censored word ("a f***ing insult"), a
    capitalised word read as letters ("a STRANGER"), an initialism whose
    first letter sounds like a vowel ("an SEO problem", "an http:// site"),
    a run of one capital ("a AAA office": "a triple-A"), a model name the
    engine never saw because it holds a digit ("an i9", "an M1").
    """
    word = text[start:end]
    before, after = _before(text, start), _after(text, end)
    if before.isalnum() or (before and before in "-/&") or (after and after in ".&'’-"):
        return True
    following = _next_token(text, end)
    if not following or not following[0].isalpha():
        return True  # "A =", "A," : a letter, not an article
    if word == "A":
        previous = _previous_token(text, start)
        if following in ("and", "is", "or", "are") or (previous[:1].isupper() and following[:1].isupper()):
            return True
    rest = text[end : end + 60].lstrip()
    if "*" in rest[: len(following) + 3]:
        return True
    if following.isupper() and len(following) >= 5:
        return True
    if len(following) >= 2 and following.isupper() and len(set(following)) == 1:
        return True  # "a AAA office", "a AA battery": "a triple-A", "a double-A"
    if any(char.isdigit() for char in following):
        # Letters glued to digits are masked from the engine ("i9", "M1"), so it judged a
        # word it never saw. A model name is read letter by letter: "an i9" ("an eye-nine"),
        # "an M1", "a B2B deal". Kept only when that reading says the article is wrong.
        expected = _article_for_letters(following)
        return expected is None or word.lower() == expected
    sounded_as_letters = (following.isupper() and following[0] in _VOWEL_SOUNDED_LETTERS) or following.lower() in (
        "http",
        "https",
        "html",
        "mp3",
        "mp4",
        "sms",
        "faq",
    )
    return word.lower() == "an" and sounded_as_letters


#: What may come before a sentence's first word: nothing, a sentence end, or an opening quote or bracket.
_SENTENCE_END = re.compile(r"(?:^|[.!?:…]['\"’”)\]]*|[\"“‘(\[—–-])\s*$")


def capitalised_mid_sentence(text: str, start: int, end: int) -> bool:
    """Whether a capitalised word other than "I" sits in the span anywhere but a sentence's start.

    Grammar rules read words by their parts of speech; a capitalised word
    inside a sentence is a name ("Will Smith made", "Vitamin A is") or a
    title-case headline ("Here's How She Picked Her Top 10", "What Are Bit
    Flags?"), and the rules misread both.
    """
    for word in re.finditer(r"[^\W\d_][\w'’]*", text[start:end]):
        token = word.group()
        if not token[0].isupper() or token == "I" or token.startswith(("I'", "I’")):
            continue
        if word.start() == 0 and _SENTENCE_END.search(text[max(0, start - 40) : start]):
            continue  # the first word of a sentence (or of the block)
        return True
    return False


#: Rules whose finding is a misreading when the engine has no correction to offer:
#: "He woke up late", "when he woke him" (a past tense, which has no other form
#: to agree in; the engine flags it and can suggest nothing).
NEEDS_A_CORRECTION = frozenset(("PronounVerbAgreement",))
#: Object pronouns: a form of "be" right after one belongs to a clause of its own
#: ("asked them were they ready"), not to the pronoun.
_OBJECT_PRONOUNS = frozenset(("him", "her", "them", "me", "us"))
#: Where "now known as" reads as a description of the name before it: after a form of
#: "be" ("The city was now know as") or a comma ("Bombay, now know as Mumbai").
_KNOWN_AS_BEFORE = frozenset((",", "is", "was", "are", "were", "be", "been", "being"))


def uncorrectable(rule_id: str, suggestions: tuple[str, ...]) -> bool:
    """Whether a finding of ``rule_id`` with these ``suggestions`` is a misreading: a rule of
    :data:`NEEDS_A_CORRECTION` that offers nothing to write instead."""
    return rule_id in NEEDS_A_CORRECTION and not any(s.strip() for s in suggestions)


def grammar_misfire(rule_id: str, text: str, start: int, end: int, suggestions: tuple[str, ...] | None = None) -> bool:
    """Whether a grammar rule's finding is one of its known misreadings of correct news copy.

    Each rule here finds real slips ("Their was", "their going", "He go",
    "a apple", "these sort of") and also fires on correct constructions;
    the finding is kept only where the construction is the slip. With the
    engine's ``suggestions``, a finding with no correction where one is due
    is a misreading too (:func:`uncorrectable`).
    """
    if suggestions is not None and uncorrectable(rule_id, suggestions):
        return True
    if capitalised_mid_sentence(text, start, end):
        return True
    following = _next_token(text, end).lower()
    previous = _previous_token(text, start).lower()
    if rule_id == "AnA":
        return _article_right(text, start, end)
    if rule_id == "TheirToThere":
        # "Their was a vote", "went their to vote" — not "in their right mind", "claim their right".
        return following not in _BE_HAVE_MODAL and following not in ("to", ".", ",", "")
    if rule_id == "TheirToTheyre":
        # "their going", "their not" — not "their very spirited opinion", "their <name>".
        return not (following.endswith("ing") or following in ("not", "gonna", "all"))
    if rule_id == "ThereToTheir":
        # "Were there things…", "Is there money": inversion, where "there" is right.
        return previous in _AUXILIARIES or previous in ("isn't", "aren't", "wasn't", "weren't")
    if rule_id == "PronounVerbAgreement":
        # "He go", "She don't" — not "was he able", "Is he good?", "do you guys", "bring you numbers".
        if previous not in _SUBJECT_PRONOUNS:
            return True
        tokens = _previous_tokens(text, start, 2)
        before_pronoun = tokens[0].lower() if len(tokens) == 2 else ""
        # "He further noted": an adverb before the verb, not a verb.
        return before_pronoun in _AUXILIARIES or text[start:end].endswith("ly") or following.endswith("ed")
    if rule_id == "ItsContraction":
        # "Although its a" is the slip; "wants its proposed stadium" is a possessive before a participle.
        return following.endswith("ed")
    if rule_id == "TheMy":
        # "the her" is the slip; "the Nationals his entire career" has a name between.
        return len(text[start:end].split()) != 2
    if rule_id == "The":
        # "T he": a drop cap set apart from the rest of its word.
        return re.fullmatch(r"[A-Z]\s+[a-z]+", text[start:end]) is not None
    if rule_id == "ThisTypeOfThing":
        # "these sort of" — not "this kind of data", "kind of nuts".
        return text[start:end].lower() not in ("kind", "sort", "type", "kinds", "sorts", "types")
    if rule_id == "AWhile":
        # "For awhile" is the slip; "a while ago" is always right.
        return text[start:end].lower() != "awhile"
    if rule_id == "NowKnownAs":
        # "The city, now know as Mumbai" is the slip; "which most of us now know as" has a subject.
        return previous not in _KNOWN_AS_BEFORE
    if rule_id == "PronounInflectionBe":
        # "We was", "He were" are slips; after an object pronoun the verb opens a clause of its own.
        return previous in _OBJECT_PRONOUNS
    return False


# --- spelling: words made from known words -----------------------------------------

_PREFIXES = (
    "re",
    "un",
    "sub",
    "pre",
    "non",
    "over",
    "under",
    "out",
    "co",
    "anti",
    "super",
    "multi",
    "micro",
    "semi",
    "inter",
    "post",
    "de",
    "auto",
)
_SUFFIXES = ("ers", "er", "ors", "or", "less", "ness", "ally", "ly", "y", "ing", "ed", "like", "ish", "able", "ees")


def derivations(word: str) -> list[tuple[str, ...]]:
    """Ways to read ``word`` as known words put together: a prefix and a word ("recompress"),
    a word and a suffix ("rainless", "techy", "capper" with its doubled consonant), or two
    words of three letters or more ("sunbaked", "chairlike")."""
    lower = word.lower()
    if not lower.isalpha() or len(lower) < 5:
        return []
    found: list[tuple[str, ...]] = []
    for prefix in _PREFIXES:
        if lower.startswith(prefix) and len(lower) - len(prefix) >= 4:
            found.append((lower[len(prefix) :],))
    for suffix in _SUFFIXES:
        stem = lower[: -len(suffix)]
        if not lower.endswith(suffix) or len(stem) < 3:
            continue
        found.append((stem,))
        if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
            found.append((stem[:-1],))  # "capper" → "cap", "kiddy" → "kid"
        if suffix in ("ing", "ed", "er", "ers", "able", "ish"):
            found.append((stem + "e",))  # "triaging" → "triage", "rescheduler" → "reschedule"
    for cut in range(3, len(lower) - 2):
        found.append((lower[:cut], lower[cut:]))
    return found


def edit_at_the_edge(word: str, suggestion: str) -> bool:
    """Whether ``suggestion`` differs from ``word`` at its start or its end, not inside.

    A typo usually sits inside a word ("brokeness" → "brokenness",
    "transfered" → "transferred", "contine" → "continue"); a new word made
    from known ones is "corrected" at its edge ("rainless" → "brainless",
    "capper" → "capped", "techy" → "tech").
    """
    a, b = word.lower(), suggestion.lower()
    if not a or not b:
        return False
    return a[0] != b[0] or a[-1] != b[-1]


#: A prefix read on its own needs a word of at least this many letters after it:
#: "un|till", "super|cede" are chance readings of misspellings, not new words.
MIN_PREFIXED_STEM = 5


def prefixed(word: str) -> list[tuple[str, str]]:
    """Ways to read ``word`` as a prefix and a word of :data:`MIN_PREFIXED_STEM` letters or more
    ("sub|lists", "un|docking", "re|clone"), as (prefix, word) pairs."""
    lower = word.lower()
    if not lower.isalpha():
        return []
    return [
        (prefix, lower[len(prefix) :])
        for prefix in _PREFIXES
        if lower.startswith(prefix) and len(lower) - len(prefix) >= MIN_PREFIXED_STEM
    ]


def _prefix_and_word(word: str, suggestions: tuple[str, ...], known_words: set[str]) -> bool:
    """A prefix put to a known word, which is a word of its own whatever the engine's nearest guess
    ("sublists" → "subsists", "undocking" → "unlocking") — unless a guess is the word with a letter
    too many taken out ("untill" → "until", "reknown" → "renown": a typed extra letter, the
    commonest slip) or the nearest guess breaks the prefix ("intergrate" → "integrate":
    "inter|grate" is chance)."""
    lower = word.lower()
    close = [s.lower() for s in suggestions if edit_distance_one(lower, s.lower())]
    if any(len(candidate) == len(lower) - 1 for candidate in close):
        return False
    return any(stem in known_words and (not close or close[0].startswith(prefix)) for prefix, stem in prefixed(word))


def coinage(word: str, suggestions: tuple[str, ...], known: Iterable[str]) -> bool:
    """A lower-case word the dictionary lacks but builds from words it knows: a prefix and a
    word ("recompress", "sublists", see :func:`_prefix_and_word`), or a word and a suffix or two
    words ("sunbaked", "techy") whose nearest suggestion is not the same word spelt right inside
    ("brokeness" → "brokenness", "transfered" → "transferred" stay misspellings)."""
    if not word.islower():
        return False
    known_words = set(known)
    nearest = next((s for s in suggestions if edit_distance_one(word.lower(), s.lower())), None)
    if _prefix_and_word(word, suggestions, known_words):
        return True
    if nearest is None or not edit_at_the_edge(word, nearest):
        return False
    return any(all(part in known_words for part in parts) for parts in derivations(word))
