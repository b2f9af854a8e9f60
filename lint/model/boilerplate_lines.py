"""Site text in plain-text pages that generalises past the strings it was tuned on (issue #21).

:mod:`copydesk.model.sitetext` judges a line by its shape and a mostly
English vocabulary. Pages in other languages, and English pages built on
other templates, bring the same *kinds* of site text in other words. This
module adds what carries over:

* **structure** — a widget label (a short line, no sentence, often ending in
  ``:`` or in capitals) heads a run of title-like lines: the lines under it
  are another story's links, in any language, until prose resumes; a link
  label glued after a paragraph's last sentence (``… outside the city. Read
  more``, ``… ওয়েস্ট... বিস্তারিত``); a date with a weekday alone above the
  headline is the site's date bar;
* **function-word density** — as jusText does, a line whose words are
  largely a language's most frequent words (articles, prepositions,
  auxiliaries) is a sentence of that language, not a label or a title: a
  lead-in such as "If a farmer has not been paid, he can follow these
  steps:" introduces the story's own list, not a related-story rail. The
  lists are wordfreq's top words per language, frozen in
  ``stopwords.json`` by ``scripts/build_stoplists.py`` (jusText's own
  stoplists would bring lxml along for a few word lists);
* **a multilingual vocabulary only where words are the signal** — widget
  labels ("read also", "advertisement", "most read", "comments") in the
  major languages, kept as data in ``widget_labels.toml``, one place.

The functions here read a line alone (:func:`classify_more`) or the page's
blocks (:func:`structural_site_text`); :mod:`copydesk.model.plaintext` calls
them where :func:`~copydesk.model.sitetext.classify_line` found nothing.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Protocol

from copydesk.model.sitetext import (
    SiteSpan,
    classify_line,
    has_template_token,
    is_sentence,
    is_title_like,
    strip_date_prefix,
    words,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

#: Kinds of the vocabulary file and the site-text kind each one reports.
_KINDS = {
    "related": "related-story label",
    "headings": "widget heading",
    "continues": "widget heading",
    "ads": "ad label",
    "contents": "table of contents",
    "media": "embed label",
    "comments": "comment form",
    "links": "link button",
    "cta": "call to action",
    "trackers": "tracking pixel label",
    "embeds": "embed fallback text",
    "cookies": "cookie notice",
    "fields": "tag or category field",
    "buttons": "button or control text",
}
#: Site-text kinds (this module's and sitetext's) that head a list of other stories' links.
LIST_HEADS = frozenset(("widget heading", "related-story label", "widget heading after the story"))
_EDGE = " \t\"'“”‘’()[]{}<>.,;:!?¡¿…-–—*•·|/\\»«›‹→▶►#"
_SEPARATOR = re.compile(r"\s*[:|»›>–—→▶►-]+\s*")
_SPACES = re.compile(r"\s+")
# After a widget heading, what narrows it to the page: "Popular posts from this blog", "Latest news with #tag".
_QUALIFIER = re.compile(
    r"\s+(?:from|on|in|of|with|about|tagged)\s+(?:(?:this|our|the)\s+(?:blog|site|website|page|week|month)|#\S+)$",
    re.I,
)
# The end of the paragraph's last sentence, or of a teaser cut with an ellipsis.
_SENTENCE_BREAK = re.compile(r"(?:[.!?।॥؟]|\.\.\.|…)[\"'”’)\]]*\s+")
_TEASER_CUT = re.compile(r"(?:\.\.\.|…)\s+$")
_TIMECODE = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
_FIELD_LABEL = re.compile(r"^([^\W\d_][^:\n]{0,25}?)\s*:\s*\S")
_AD_WITH_MARK = re.compile(r"^\W*([^\W\d_]+)\s*[-–—|:]\s*\S")
# Call-to-action openers that also open prose sentences ("Read more about the study in Nature."):
# a call to action only without an end mark.
# Ad labels that are also ordinary words before a colon ("Ad: …", "Anuncio: …" an announcement).
_AMBIGUOUS_ADS = frozenset(("ad", "ads", "anuncio", "anúncio", "annonce", "promoted", "sponsored"))
_PROSE_OPENERS = frozenset(("read more about", "click here to", "continue reading"))
_ITEM_MARKS = ("-", "–", "—", "•", "*", "·", "►", "▪")
_NUMBERED = re.compile(r"^\(?\d{1,2}[.)]\s")
_INNER_SENTENCE_END = re.compile(r"\w\w[.!?।]\s+\w")
_PARENTHESES = re.compile(r"\([^()]*\)")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MONTH_DAY = re.compile(r"^[^\W\d_]{3,}$|^\d{1,2}(?:st|nd|rd|th)?$")


def _normal(text: str) -> str:
    """Case-folded, NFC, straight apostrophes, single spaces: the form vocabulary is matched in."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").casefold()
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, frozenset[str]]:
    """The widget labels of every language, by kind (``widget_labels.toml``)."""
    raw = tomllib.loads(resources.files("copydesk.model").joinpath("widget_labels.toml").read_text("utf-8"))
    return {
        kind: frozenset(_normal(label) for labels in table.values() for label in labels) for kind, table in raw.items()
    }


@lru_cache(maxsize=1)
def _stoplists() -> tuple[frozenset[str], ...]:
    raw = json.loads(resources.files("copydesk.model").joinpath("stopwords.json").read_text("utf-8"))
    return tuple(frozenset(_normal(word) for word in listed) for listed in raw.values())


def function_word_density(text: str) -> float:
    """The share of a text's words that are its language's most frequent words (the best-fitting language).

    jusText's test for "a sentence of language X": prose runs at 0.3–0.6, a
    headline or a label well below (few articles, auxiliaries, pronouns).
    """
    found = [_normal(word) for word in words(text)]
    if not found:
        return 0.0
    return max(sum(1 for word in found if word in stoplist) / len(found) for stoplist in _stoplists())


def _core(text: str) -> str:
    return _normal(text.strip(_EDGE))


def _label_kind(text: str) -> str | None:
    """The kind of widget label a whole line is, by the vocabulary; None when it is not one."""
    core = _core(text)
    if not core or len(core) > 120:
        return None
    vocab = vocabulary()
    for kind in ("ads", "related", "headings", "comments", "contents", "media", "trackers"):
        if core in vocab.get(kind, ()):
            return _KINDS[kind]
    untimed = _TIMECODE.sub(" ", core).strip(_EDGE)
    if untimed != core and _normal(untimed) in vocab.get("media", ()):
        return "audio or video player"  # "Ascolta ora 00:00 00:00": a player's label and its clock
    count = len(words(text))
    if core in vocab.get("read_more", ()) and (count >= 2 or not core.isascii()):
        return "read-more link"  # "Lire la suite", "Подробнее" alone; one Latin word ("Details") may head copy
    if count <= 30 and _opens_with(core, vocab.get("embeds", ())):
        return _KINDS["embeds"]  # "Diesen Beitrag auf Instagram ansehen", "Un post condiviso da …"
    if count <= 40 and any(phrase in core for phrase in vocab.get("cookies", ())):
        return _KINDS["cookies"]
    if 1 <= count <= 4 and all(_core(word) in vocab.get("buttons", ()) for word in words(text)):
        return _KINDS["buttons"]  # "Udostępnij", "Bagikan Cetak": buttons left as text
    field = _FIELD_LABEL.match(text.strip())
    if field is not None and count <= 25 and _normal(field.group(1)) in vocab.get("fields", ()):
        return _KINDS["fields"]  # "Etiquetas: pollo, horno", "Теги: кино"
    ad = _AD_WITH_MARK.match(text.strip())
    if ad is not None and count <= 8 and _normal(ad.group(1)) in vocab.get("ads", frozenset()) - _AMBIGUOUS_ADS:
        return _KINDS["ads"]  # "ADVERTISEMENT - SCROLL TO CONTINUE", "Anzeige | Weiterlesen"
    qualified = _QUALIFIER.sub("", core).strip(_EDGE)
    if qualified != core and qualified in vocab.get("headings", ()):
        return _KINDS["headings"]  # "Popular posts from this blog", "Latest news with #planningapproval"
    sentence = is_sentence(text) or text.rstrip().endswith((".", "!", "?", "।"))
    if count <= 6 and text.rstrip().endswith(":") and _opens_with(core, vocab.get("contents", ())):
        return _KINDS["contents"]  # "Contenidos de la publicación:"
    outside = len(words(_PARENTHESES.sub(" ", text)))  # "VIDEO REFERENCIAL (DE TERCERAS PARTES)": 2 outside
    if outside <= 3 and not sentence and _capitals(text) and _opens_with(core, vocab.get("media", ())):
        return _KINDS["media"]  # "VIDEO REFERENCIAL (DE TERCERAS PARTES)"
    if count <= 12 and _opens_with(core, vocab.get("continues", ())):
        return _KINDS["continues"]  # "STORY CONTINUES BELOW THESE … VIDEOS"
    if count <= 15 and not sentence and _opens_with(core, vocab.get("links", ())):
        return _KINDS["links"]  # "Direct Link to Check … Status": a button whose address is gone
    if 2 <= count <= 10 and not sentence and _link_button(text):
        return _KINDS["links"]  # "Official Website Link", "Check Result Here"
    if count <= 30 and _platform_promo(text):
        return _KINDS["cta"]  # "Follow <site> … Klik untuk follow Whatsapp Channel & Google News"
    if count <= 30 and not (sentence and _opens_with(core, _PROSE_OPENERS)) and _opens_with(core, vocab.get("cta", ())):
        # "Read more about Aries daily horoscope predictions", a station's app promo cut from its links;
        # a whole sentence ("Read more about the study in Nature.") is prose, sitetext judges its own kinds
        return _KINDS["cta"]
    return None


def _link_button(text: str) -> bool:
    """A short line ending in a link word ("link", "here") and naming what the link does ("check", "download")."""
    vocab = vocabulary()
    found = [_normal(word) for word in words(text)]
    cues = vocab.get("link_cues", frozenset())
    if found[-1] in ("link", "links", "लिंक"):
        return any(word in cues for word in found[:-1])
    if found[-1] in vocab.get("link_words", ()) or " ".join(found[-2:]) in vocab.get("link_words", ()):
        return found[0] in cues  # "Check Result Here"; "The results are here" is a subheading
    return False


def _platform_promo(text: str) -> bool:
    """A sentence that opens with a call-to-action verb and names a social platform: the site's follow promo.

    The verb must open a sentence (the imperative), so "He began to follow the band on Instagram." stays prose.
    """
    vocab = vocabulary()
    platforms, verbs = vocab.get("platforms", frozenset()), vocab.get("cta_verbs", frozenset())
    for sentence in _SENTENCE_BREAK.split(text):
        found = [_normal(word) for word in words(sentence)]
        if not found or found[0] not in verbs or len(found) > 25:
            continue
        joined = " " + " ".join(found) + " "
        if any(f" {platform} " in joined for platform in platforms):
            return True
    return False


def _opens_with(core: str, labels: frozenset[str] | tuple[()]) -> bool:
    """Whether a normalised line opens with one of the labels, ending at a word's end."""
    for label in labels:
        if core.startswith(label) and (len(core) == len(label) or not core[len(label)].isalnum()):
            return True
    return False


def _capitals(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    cased = [char for char in letters if char.isupper() or char.islower()]
    return bool(cased) and all(char.isupper() for char in cased)


@lru_cache(maxsize=1)
def _related_longest_first() -> tuple[str, ...]:
    return tuple(sorted(vocabulary().get("related", ()), key=len, reverse=True))


def _related_opening(body: str) -> int | None:
    """Where a related-story label that opens a line ends, with another story's title after it.

    ``ЧИТАЙТЕ ТАКЖЕ: Дженнифер Лопес …``, ``Czytaj także: …``: the label is
    from the vocabulary; a separator mark follows it (or the label is in
    capitals), and the rest opens like a headline and is no sentence of prose.
    """
    norm = _normal(body)
    if len(norm) != len(body.strip()):
        return None  # a normalisation changed the length: offsets would not map back
    lead = len(body) - len(body.lstrip())
    for label in _related_longest_first():
        if not norm.startswith(label):
            continue
        end = lead + len(label)
        if end < len(body) and body[end].isalnum():
            continue
        sep = _SEPARATOR.match(body, end)
        if sep is None and not (_capitals(body[lead:end]) and body[end : end + 1] == " "):
            continue
        rest = body[sep.end() if sep is not None else end :].strip()
        first = rest[:1]
        if len(words(rest)) < 3 or not first or (first.isalpha() and first.islower()):
            continue
        if body[end : end + 1] == ":":
            end += 1  # the label's own colon, as "Also Read:" is reported
        return end
    return None


def _after_last_sentence(text: str) -> tuple[int, str, str] | None:
    """What a paragraph of eight or more words holds after its last sentence's end, when that has no
    end mark of its own: ``(start, the paragraph stripped, the tail)``; None otherwise."""
    stripped = text.rstrip()
    if len(words(stripped)) < 8:
        return None
    breaks = list(_SENTENCE_BREAK.finditer(stripped))
    if not breaks:
        return None
    start = breaks[-1].end()
    tail = stripped[start:]
    if tail.rstrip()[-1:] in ".!?।؟:":
        return None
    return start, stripped, tail


def glued_tail(text: str) -> tuple[int, int, str] | None:
    """A link label glued after a paragraph's last sentence: ``… the city. Read more``, ``… (Foto) Suche``.

    The tail is one to four words after the last sentence's end (or a teaser
    cut with ``...``), with no end mark of its own, and it is a read-more label
    or a row of page buttons from the vocabulary. Returns its span.
    """
    after = _after_last_sentence(text)
    if after is None:
        return None
    start, stripped, tail = after
    found = words(tail)
    if not 1 <= len(found) <= 4:
        return None
    vocab = vocabulary()
    core = _core(tail)
    if core in vocab.get("read_more", ()):
        return start, len(stripped), "read-more link"
    if all(_core(word) in vocab.get("buttons", ()) for word in found) and len(found) >= 2:
        return start, len(stripped), "button labels"  # "(Foto) Suche": a picture's buttons glued to its caption
    return None


def classify_more(text: str) -> SiteSpan | None:
    """What site text a line is or holds by this module's tests; None when it reads as copy.

    Called for lines :func:`~copydesk.model.sitetext.classify_line` left alone.
    """
    offset = strip_date_prefix(text)  # a store's " date 2024-09 " stamp is no part of the line
    body = text[offset:].strip()
    if not body or has_template_token(body):
        return None  # "{comments}": a placeholder the placeholder rules judge
    lead = offset + len(text[offset:]) - len(text[offset:].lstrip())
    kind = _label_kind(body)
    if kind is not None:
        return SiteSpan(lead, lead + len(body), kind, True)
    related = _related_opening(body)
    if related is not None:
        return SiteSpan(lead, lead + related, "related-story line", True)
    tail = glued_tail(text)
    if tail is not None:
        return SiteSpan(tail[0], tail[1], tail[2], False)
    return None


def story_lead_in(text: str) -> bool:
    """A sentence of the story that introduces its own list ("…, he can follow these steps:").

    A related-story rail is headed by a label (a few words, hardly a
    function word); the story's own list by a lead-in of six or more words
    that reads as a sentence of its language and ends in a colon.
    """
    stripped = text.strip()
    return stripped.endswith(":") and len(words(stripped)) >= 6 and function_word_density(stripped) >= 0.25


def _weekday_date(text: str) -> bool:
    """A date with its weekday and year and nothing else ("Saturday, June 15, 2024"): the site's date bar."""
    found = [_normal(word) for word in words(text)]
    if not 3 <= len(found) <= 6 or _YEAR.search(text) is None:
        return False
    weekdays = vocabulary().get("weekdays", frozenset())
    if not any(word in weekdays for word in found):
        return False
    rest = [word for word in found if word not in weekdays and not word.isdigit()]
    return len(rest) <= 1 and all(_MONTH_DAY.match(word) for word in rest)


class _BlockLike(Protocol):
    @property
    def index(self) -> int: ...
    @property
    def text(self) -> str: ...


def _list_item(text: str) -> bool:
    """A line of a link list: a title or a cut teaser, not a sentence of prose, not a lead-in."""
    stripped = text.strip()
    if is_sentence(stripped) or story_lead_in(stripped):
        return False
    if _INNER_SENTENCE_END.search(stripped) and function_word_density(stripped) >= 0.2:
        return False  # two sentences of prose with a glued tail, not a title
    if stripped.endswith(("...", "…")):
        return True
    return is_title_like(stripped) or (2 <= len(words(stripped)) < 15 and not stripped.endswith(":"))


def _generic_label(text: str) -> bool:
    """A widget label in any language: one to four words, in capitals or ending in a colon, not a lead-in."""
    stripped = text.strip()
    count = len(words(stripped))
    if not 1 <= count <= 4 or is_sentence(stripped) or stripped[:1] in _ITEM_MARKS:
        return False
    return (stripped.endswith(":") or _capitals(stripped)) and not story_lead_in(stripped)


def _headline_item(text: str) -> bool:
    """Another story's headline in a list: title-shaped, no list number or bullet of the story's own list."""
    stripped = text.strip()
    return stripped[:1] not in _ITEM_MARKS and not _NUMBERED.match(stripped) and is_title_like(stripped)


def structural_site_text(
    blocks: Sequence[_BlockLike], reasons: dict[int, str], first: int, last: int | None = None
) -> list[tuple[int, str]]:
    """Blocks that are site text by where they stand, as ``(index, kind)``; ``reasons`` is what is marked so far.

    * under a widget heading or related-story label, anywhere: the title-like
      lines up to the next prose or site text are its links;
    * above the headline: a weekday date standing alone is the site's date bar
      (under the headline it is the story's own date line).
    """
    found: list[tuple[int, str]] = []
    # The headline: the first line of four or more words above the story that is not site text. A label
    # above it ("Breaking News") is a bar of the site's, and the headline under it is no link of its list.
    headline = next(
        (b.index for b in blocks[:first] if b.index not in reasons and len(words(b.text)) >= 4),
        first,
    )
    for block in blocks:
        if reasons.get(block.index) not in LIST_HEADS or block.index < headline:
            continue
        for item in blocks[block.index + 1 :]:
            if item.index in reasons or not _list_item(item.text) or classify_line(item.text) is not None:
                break
            found.append((item.index, "related-story list under a widget label"))
    for block in blocks[:first]:
        # Above the headline only: a date between the headline and the story is the story's own date line.
        headline_below = any(
            len(words(later.text)) >= 4 and later.index not in reasons and not _weekday_date(later.text)
            for later in blocks[block.index + 1 : first]
        )
        if block.index not in reasons and headline_below and _weekday_date(block.text):
            found.append((block.index, "site date bar"))
    if last is not None:
        # After the story's last prose, a label in any language over two or more headlines that end the
        # page ("ЧИТАЙТЕ ТАКЖЕ" over two titles): a related-story rail whose label the vocabulary lacks.
        marked = {index for index, _ in found}
        rest = [b for b in blocks[last + 1 :] if b.index not in reasons and b.index not in marked]
        for position, block in enumerate(rest[:-2]):
            items = rest[position + 1 :]
            if _generic_label(block.text) and all(_headline_item(item.text) for item in items):
                found.append((block.index, "widget heading after the story"))
                found.extend((item.index, "related-story list after the story") for item in items)
                rest = []
                break
        # Two headlines ending the page with no label, on other topics than the story's: other stories' links.
        # (Three or more are the reader's own rule; two alone may be a subheading and a cut paragraph,
        # which share the story's words.)
        if len(rest) == 2 and all(_headline_item(item.text) for item in rest):
            story = _content_words(" ".join(block.text for block in blocks[first : last + 1]))
            if all(not (_content_words(item.text) & story) for item in rest):
                found.extend((item.index, "related-story list after the story") for item in rest)
    return found


def _content_words(text: str) -> set[str]:
    """A text's words of four letters or more that are no language's function words: what it is about."""
    stoplists = _stoplists()
    found = set()
    for word in words(text):
        norm = _normal(word)
        if len(norm) >= 4 and not any(norm in stoplist for stoplist in stoplists):
            found.add(norm)
    return found


# Words that make a repeated tail a credit or a dateline, never a link label.
_CREDIT_WORDS = frozenset(
    "photo photos foto image images picture credit credits getty reuters ap afp epa dpa pti ani ians file "
    "courtesy bild source quelle fuente".split()
)


def _bare_tail(text: str) -> tuple[int, int, str] | None:
    """One to three words after a paragraph's last sentence, with no end mark: a tail that may be a label."""
    after = _after_last_sentence(text)
    if after is None:
        return None
    start, stripped, tail = after
    found = [_normal(word) for word in words(tail)]
    if not 1 <= len(found) <= 3 or any(char.isdigit() for char in tail):
        return None
    if "/" in tail or "©" in tail or any(word in _CREDIT_WORDS for word in found):
        return None
    return start, len(stripped), " ".join(found)


def repeated_tails(blocks: Sequence[_BlockLike], reasons: dict[int, str]) -> list[tuple[int, int, int]]:
    """The same few words glued after the last sentence of three or more paragraphs: a link label, any language.

    A template's "Read more" (or "Devamını oku", "อ่านต่อ") under every teaser
    repeats word for word; a story's own words do not end three paragraphs
    alike without a full stop. Returns ``(block index, start, end)`` spans.
    """
    tails: dict[str, list[tuple[int, int, int]]] = {}
    for block in blocks:
        if block.index in reasons:
            continue
        tail = _bare_tail(block.text)
        if tail is not None:
            tails.setdefault(tail[2], []).append((block.index, tail[0], tail[1]))
    return [span for spans in tails.values() if len(spans) >= 3 for span in spans]
