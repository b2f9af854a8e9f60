"""Shared vocabulary and text helpers for the credit and attribution families.

Word lists are data (DESIGN.md: "rules are data where they can be"): the
attribution verbs of NEWSROOM.md, the labels a photo credit starts with, and
small helpers that every attribution rule needs the same way — masking quoted
speech so a verb *inside* a quote never counts as its attribution. Sentences
come from the model's one splitter (:func:`copydesk.model.measures.sentences`).

Every pattern here is a plain alternation or a bounded repetition, so it runs
in linear time on adversarial input (no nested quantifiers).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from copydesk.engine.kinds import word_alternation
from copydesk.model.article import Block
from copydesk.model.quotes import QuoteSpan

# --- attribution ---------------------------------------------------------

#: Verbs and phrases that attribute speech (NEWSROOM.md "Quotes and attribution").
ATTRIBUTION_VERBS = (
    "said says say saying told tells telling asked asks added adds wrote writes writing explained explains "
    "noted notes stated states declared declares insisted insists argued argues recalled recalls continued "
    "continues replied replies responded responds testified testifies posted posts tweeted tweets announced "
    "announces warned warns claimed claims acknowledged acknowledges admitted admits conceded concedes "
    "confirmed confirms remarked remarks joked jokes quipped quips shouted whispered suggested suggests "
    "observed observes commented comments emailed texted messaged urged urges predicted predicts "
    "described describes cautioned cautions boasted boasts complained complains lamented laments "
    "conceded concede agreed agrees countered counters pointed mused muses exclaimed yelled screamed "
    "answered answers promised promises vowed vows reiterated reiterates summed quoted blogged "
    "sang sings chanted cried reported reports shouts ordered orders demanded demands calls concluded "
    "concludes wondered wonders offered recounted recounts shared shares emails texts "
    # Other verbs of saying and the plural present of the common ones ("…," write Omwansa and Sullivan).
    "confessed confesses revealed reveals explained gushed gushes raved raves teased teases hinted hints "
    "write tell explain note add recall argue insist claim warn reply respond say "
).split()
_VERB_ALTERNATION = word_alternation(ATTRIBUTION_VERBS)
#: Multi-word attributions that name a source without a speech verb.
_PHRASES = (
    r"according\s+to|points?\s+out|pointed\s+out|"
    r"in\s+(?:an?|his|her|their|its|the)\s+(?:\w+\s+)?(?:statement|interview|email|e-mail|post|tweet|letter|speech|video|op-ed|"
    r"podcast|press\s+release|news\s+conference|press\s+conference|message|memo|filing|blog\s+post)|"
    r"(?:told|tells)\s+\w+|quoted\s+as\s+saying|(?:went|goes)\s+on|put\s+it|"
    r"(?:a|an|the|his|her|their|its)\s+(?:\w+\s+){0,2}(?:statement|remarks|response|reply)|"
    r"on\s+(?:twitter|x|facebook|instagram|threads|bluesky|linkedin|tiktok)"
)
ATTRIBUTION = re.compile(rf"\b(?:{_PHRASES}|{_VERB_ALTERNATION})\b", re.IGNORECASE)
# "the said agreement": ``said`` used as an adjective is not an attribution.
_ADJECTIVE_SAID = re.compile(r"\b(?:the|a|an|this|that|such)\s+$", re.IGNORECASE)
#: A dash attribution line: ``— Jane Doe``, ``– Mayor Smith``, ``~ Anon``.
DASH_LINE = re.compile(r"^\s*[—–―~-]{1,2}\s*\w")

#: First-person words of reported speech (case-sensitive; ``US`` is a country).
FIRST_PERSON = re.compile(
    r"\b(?:we|We|us|our|Our|ours|ourselves|me|my|My|mine|myself)\b|"
    # "I" only as a pronoun: followed by a lower-case word or a contraction,
    # never a Roman numeral ("World War I", "Phase I", "Louis I.").
    r"\bI(?=(?:’|')(?:m|ve|d|ll)\b|\s+[a-z])"
)
FIRST_PERSON_SPEAKER = re.compile(r"^(?:I|we|We|me|us)$")
_CAPITALISED_BEFORE = re.compile(r"\b[A-Z][\w.]*\s$")


def first_person(text: str, start: int, end: int) -> re.Match[str] | None:
    """The first first-person word in ``text[start:end]``; "I" after a capitalised word is a numeral."""
    for match in FIRST_PERSON.finditer(text, start, end):
        if match.group() == "I" and _CAPITALISED_BEFORE.search(text, max(0, match.start() - 20), match.start()):
            continue  # "World War I ended", "Phase I trials"
        return match
    return None


# --- credits -------------------------------------------------------------

#: What a photo credit starts with (NEWSROOM.md "Credits and captions").
CREDIT_LABEL = (
    r"(?:photo(?:graph)?s?(?:\s+credits?)?|image(?:\s+credits?)?|images|pictures?|pic|"
    r"credits?|courtesy(?:\s+of)?|illustrations?|graphics?|video|source|"
    r"(?:photo(?:graph)?s?|illustrations?|images?|pictures?|graphics?)\s+by|photographed\s+by)"
)

# --- text helpers ----------------------------------------------------------


def mask_quotes(text: str, quotes: Iterable[QuoteSpan]) -> str:
    """The text with every quote's inner text replaced by ``x``.

    Attribution must be found *outside* the quoted words: "said" inside a
    quote is the speaker's word, not the writer's attribution. Offsets stay
    the same, so spans found in the masked text are spans of the text.
    """
    chars = list(text)
    for span in quotes:
        stop = min(span.inner_end, len(chars))
        if span.closed:
            # Keep the quote's final stop so "“We won.” Next …" still ends a sentence.
            while stop > span.inner_start and chars[stop - 1] in ".?!…":
                stop -= 1
        for index in range(span.inner_start, stop):
            if chars[index] != " ":
                chars[index] = "x"
    return "".join(chars)


def has_attribution(masked: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``masked[start:end]`` attributes speech (a verb or phrase, not adjectival "said")."""
    for match in ATTRIBUTION.finditer(masked, start, len(masked) if end is None else end):
        if match.group().lower() == "said" and _ADJECTIVE_SAID.search(masked, max(0, match.start() - 8), match.start()):
            continue
        return True
    return False


def opens_with_quote(block: Block) -> bool:
    """Whether a block's text starts with an opening quotation mark (a quote paragraph)."""
    if not block.quotes or not block.quotes[0].opened:
        return False
    # A bullet or dash may precede the mark in a quoted list ("• “Social Security …").
    return block.text[: block.quotes[0].start].strip(" •·*–—-") == ""


def ends_in_open_quote(block: Block) -> bool:
    """Whether a block's last double quote is left open to its end (a quote continuing)."""
    # Single quotes are paired only when closed, except a paragraph opening with ' (British
    # style), so an open single quote here is such a paragraph's quote running on.
    spans = [span for span in block.quotes if span.double or not span.closed]
    return bool(spans) and not spans[-1].closed and spans[-1].end == len(block.text)


_ENGLISH_WORDS = frozenset("the and of to a in is was that for it with as on said he she they his her".split())
_LETTERS = re.compile(r"[^\W\d_]+")


def looks_english(texts: Iterable[str], sample: int = 3000) -> bool:
    """Whether text reads as English: common function words make up a fair share of its words.

    Pages often declare no ``lang``; attribution vocabulary is English, so a
    Spanish or Korean page must not be judged by it.
    """
    words: list[str] = []
    for text in texts:
        words.extend(word.lower() for word in _LETTERS.findall(text))
        if len(words) >= sample:
            break
    if len(words) < 20:
        return True
    common = sum(1 for word in words if word in _ENGLISH_WORDS)
    return common >= 0.08 * len(words)
