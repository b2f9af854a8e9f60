"""CD801 tells a typo from a word the engine's dictionary lacks, by frequency and shape.

Harper's dictionary is small next to news English: it flags real words
(terms of art, slang, British forms) and a filter that kept only one-edit
slips with the word's ends intact threw real typos away. A large English
frequency list (wordfreq) now weighs the word against its suggestion: a typo
is far rarer than the word it misses. The cases are written from the pattern,
not taken from corpus pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from copydesk.engine.config import Config
from copydesk.engine.lint import lint_text
from copydesk.grammar import context, frequency
from copydesk.grammar.settings import GrammarSettings


def _config(tmp_path: Path) -> Config:
    return Config(select=("CD801",), grammar=GrammarSettings(cache_dir=tmp_path / "cache"))


def _flagged(tmp_path: Path, text: str, lang: str = "en-US") -> set[str]:
    head = f'<!DOCTYPE html><html lang="{lang}"><head><title>T</title></head>'
    page = f"{head}<body><article><p>{text}</p></article></body></html>"
    return {finding.excerpt for finding in lint_text(page, _config(tmp_path))}


def test_the_frequency_list_is_installed_and_offline():
    """wordfreq's English list ships in its wheel: no download, no network."""
    assert frequency.available()
    assert frequency.zipf("government") > 5 > frequency.zipf("goverment") > 2


@pytest.mark.parametrize(
    ("word", "suggestions"),
    [
        ("goverment", ("government", "governments")),  # known to the list (2.7), but far rarer than its word
        ("definately", ("definitely", "defiantly")),
        ("immidately", ("immediately",)),  # a vowel changed: the old ends-kept filter let it pass
        ("relavant", ("relevant", "relevance")),
        ("multple", ("multiple",)),
        ("golbal", ("global", "goal")),  # a swap just after the first letter
        ("kowledge", ("knowledge",)),  # a letter dropped just after the first
        ("knowledg", ("knowledge",)),  # ... or at the end
        ("esle", ("else", "isle")),  # the first two letters swapped
        ("neccsessarily", ("necessarily",)),  # two slips in a long word
        ("Aquired", ("Acquired",)),  # capitalised: reaches CD801 only when the article uses the suggestion
    ],
)
def test_typos_of_common_words_are_typos(word, suggestions):
    assert frequency.likely_typo(word, suggestions, "en-US")


@pytest.mark.parametrize(
    ("word", "suggestions"),
    [
        ("renin", ("rein", "rennin", "resin")),  # a hormone: known to the list, near nothing far commoner
        ("diegetic", ("dietetic", "diabetic")),
        ("modders", ("madders", "molders")),
        ("prebiotic", ("probiotic", "probiotics")),
        ("triaging", ("trialing", "trimming")),
        ("focussing", ("focusing", "fussing")),  # British double s: a variant, not a slip
        ("restos", ("rests",)),  # slang one letter from a common word, slipped at its end
        ("glammed", ("slammed", "glommed")),  # another first letter: another word
        ("pthreads", ("threads",)),
        ("zeux", ("Zeus's", "zeal's")),  # possessives are no spellings of the word
        ("landshare", ("landscape", "handshake")),  # two common words run together, two slips from a third
        ("lakh", ("lake", "lash")),
    ],
)
def test_words_the_dictionary_lacks_are_not_typos(word, suggestions):
    assert not frequency.likely_typo(word, suggestions, "en-US")


def test_only_english_pages_are_judged_by_the_english_list():
    """Another language has no list here: the slip's shape alone decides (ends kept, a slip inside)."""
    assert frequency.likely_typo("knowledg", ("knowledge",), "en-GB")
    assert not frequency.likely_typo("knowledg", ("knowledge",), "fr")  # a slip at the end: not a typo's shape
    assert frequency.likely_typo("goverment", ("government",), "fr")


def test_one_edit_only_when_asked():
    assert frequency.likely_typo("neccsessarily", ("necessarily",), "en")
    assert not frequency.likely_typo("neccsessarily", ("necessarily",), "en", max_edits=1)


@pytest.mark.parametrize(
    ("a", "b", "edits"),
    [
        ("recieve", "receive", 1),
        ("goverment", "government", 1),
        ("golbal", "global", 1),
        ("ab", "ba", 1),
        ("neccsessarily", "necessarily", 2),
        ("kitten", "sitting", 3),
        ("same", "same", 0),
    ],
)
def test_distance_counts_a_swap_as_one_edit(a, b, edits):
    assert frequency.distance(a, b) == edits


@pytest.mark.parametrize(
    ("word", "expressive"),
    [("sooo", True), ("Oooh", True), ("reallllly", True), ("atttacked", False), ("sesssion", False), ("see", False)],
)
def test_a_tripled_letter_in_a_long_word_is_a_typo_not_emphasis(word, expressive):
    assert context.elongated(word) is expressive


def test_planted_typos_are_flagged_in_a_page(tmp_path):
    flagged = _flagged(
        tmp_path,
        "Crews will immidately start, though the notice was not relavant to the multple golbal sites "
        "and few had kowledge of the plan; the sesssion ran late.",
    )
    assert {"immidately", "relavant", "multple", "golbal", "kowledge", "sesssion"} <= flagged


def test_words_of_news_copy_the_engine_lacks_are_not_flagged(tmp_path):
    text = (
        "Doctors measured renin in the blood, the film's diegetic score was praised, game modders sell "
        "prebiotic snacks, nurses were triaging patients and the squad was focussing on defence."
    )
    assert _flagged(tmp_path, text) == set()
    assert _flagged(tmp_path, text, lang="en-GB") == set()


def test_a_coinage_that_is_one_slip_inside_a_common_word_is_a_typo(tmp_path):
    """'coresponding' reads as 'co-' + 'responding' to the coinage filter; it is one slip inside 'corresponding'."""
    assert "coresponding" in _flagged(tmp_path, "The coresponding figures for last year were lower.")
    assert "gilty" in _flagged(tmp_path, "The jury found him gilty on all three counts.")
    # Near misses: words built from a known word by a suffix, 'corrected' at their edge, stay words.
    assert _flagged(tmp_path, "The crew began undocking at dawn and the lists had sublists.") == set()
    assert _flagged(tmp_path, "Engineers nudged the cluster rescheduler before the outage.") == set()


@pytest.mark.parametrize(
    ("text", "signed"),
    [
        ("We will start small and move on from there. Cheers, fijal", True),
        ("That is all for now. Thanks, -- dmitri", True),
        ("Best regards, kowalsky.", True),
        ("Cheers, fijal said the crowd as it left.", False),  # the word does not end the block
        ("The crowd cheered the goverment", False),  # no closing before it
    ],
)
def test_a_name_after_a_letters_closing_is_a_signature(text, signed):
    word = text.rstrip(".").split()[-1] if signed else ("fijal" if "fijal" in text else "goverment")
    start = text.index(word)
    assert context.signature(text, start, start + len(word)) is signed


def test_a_slip_after_best_without_a_comma_is_no_signature():
    text = "It was the best goverment"
    assert not context.signature(text, text.index("goverment"), len(text))
