"""The second review of CD801–CD803: false alarms on correct copy, and planted slips that were missed.

Every case pairs a must-flag text with a must-not-flag one, and where the
exclusion works on an engine finding the test also asserts that the raw
engine (Harper) flags the correct text, so it fails if the exclusion stops
working. The sentences are written for these tests; none comes from a real
article.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from copydesk.engine.config import Config
from copydesk.engine.lint import lint_text
from copydesk.grammar import checker, context
from copydesk.grammar.names import (
    dialect_spellings,
    doubled_letter,
    name_spellings,
    name_variants,
    occurrences,
)
from copydesk.grammar.settings import GrammarSettings
from copydesk.rules.grammar import near_miss

pytest.importorskip("harper")

ROOT = Path(__file__).resolve().parent.parent


def _page(*paragraphs: str, lang: str = "en-US") -> str:
    body = "\n".join(paragraphs)
    head = f'<!DOCTYPE html><html lang="{lang}"><head><title>T</title></head><body><article>'
    return f"{head}\n<h1>Council meets</h1>\n{body}\n</article></body></html>"


def _flagged(html: str, tmp_path: Path, *select: str) -> set[tuple[str, str]]:
    config = Config(select=select or ("CD8",), grammar=GrammarSettings(cache_dir=tmp_path / "cache"))
    return {(f.rule, f.excerpt) for f in lint_text(html, config)}


def _raw(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """What the engine itself flags in ``text``: (rule, words, suggestions)."""
    engine = checker._engine("offline", GrammarSettings())
    assert engine is not None
    return [(m.rule_id, text[m.start : m.end], m.replacements) for m in engine.check(text, "en-US")]


def _misfire(rule: str, text: str, word: str, suggestions: tuple[str, ...] | None = None) -> bool:
    start = text.index(word)
    return context.grammar_misfire(rule, text, start, start + len(word), suggestions)


# --- C: grammar rules misfiring on correct English --------------------------------------


def test_agreement_finding_without_a_correction_is_dropped(tmp_path):
    """ "He woke up late": Harper flags the past tense and has nothing to write instead."""
    assert ("PronounVerbAgreement", "woke", ()) in _raw("He woke up late.")
    assert ("PronounVerbAgreement", "woke", ()) in _raw("When he woke him, he saw a beard.")
    assert context.uncorrectable("PronounVerbAgreement", ())
    assert not context.uncorrectable("PronounVerbAgreement", ("goes",))
    assert not context.uncorrectable("AnA", ())  # only rules that always owe a correction
    assert _misfire("PronounVerbAgreement", "He woke up late.", "woke", ())
    assert not _misfire("PronounVerbAgreement", "He go to school.", "go", ("goes",))
    page = _page("<p>He woke up late.</p>", "<p>When he woke him, he saw a beard.</p>", "<p>He go to Tokyo.</p>")
    assert _flagged(page, tmp_path, "CD802") == {("CD802", "go")}


@pytest.mark.parametrize(
    ("text", "word", "misfire"),
    [
        ("a MacBook Pro with an i9 processor", "an", True),  # "an eye-nine"
        ("the laptop with an M1 chip", "an", True),  # "an em-one"
        ("the server has an i7 inside", "an", True),
        ("they signed an B2B deal", "an", False),  # "a bee-two-bee": the slip stays
        ("visiting a AAA office", "a", True),  # "a triple-A"
        ("she bought a AA battery", "a", True),
        ("connect a HDMI monitor", "a", False),  # an initialism sounded with a vowel: still a slip
        ("she ate a apple", "a", False),
    ],
)
def test_a_an_before_model_names_and_repeated_capitals(text, word, misfire):
    assert _misfire("AnA", text, word) is misfire


def test_a_an_before_masked_model_names_in_a_page(tmp_path):
    assert ("AnA", "an", ("a",)) in _raw("a MacBook Pro with an i9 processor")
    assert ("AnA", "a", ("an",)) in _raw("visiting a AAA office")
    page = _page(
        "<p>It is a laptop with an i9 processor and an M1 rival.</p>",
        "<p>The trip meant visiting a AAA office first.</p>",
        "<p>She ate a apple.</p>",
    )
    assert _flagged(page, tmp_path, "CD802") == {("CD802", "a")}


@pytest.mark.parametrize(
    ("text", "misfire"),
    [
        ("the deck of cards which most of us now know as the tarot", True),  # a subject: "we now know"
        ("The city, now know as Mumbai, grew.", False),
        ("The city was now know as Mumbai.", False),
    ],
)
def test_now_known_as_only_where_it_describes_a_name(text, misfire):
    assert any(rule == "NowKnownAs" for rule, _, _ in _raw(text))
    assert _misfire("NowKnownAs", text, "now know as") is misfire


# --- R4: "We was", "He were" ---------------------------------------------------------


def test_be_agreement_slips_are_found_and_subjunctives_left_alone(tmp_path):
    page = _page(
        "<p>We was told the vote would wait.</p>",
        "<p>They was there on Monday.</p>",
        "<p>He were gone by noon.</p>",
        "<p>If I were the mayor, I would wait.</p>",
        "<p>She said that if he were elected he would act.</p>",
    )
    flagged = _flagged(page, tmp_path, "CD802")
    assert flagged == {("CD802", "was"), ("CD802", "were")}
    lines = [f.line for f in lint_text(page, Config(select=("CD802",), grammar=GrammarSettings(cache=False)))]
    assert len(lines) == 3
    # After an object pronoun the verb opens a clause of its own ("asked them was it true").
    assert _misfire("PronounInflectionBe", "She asked them was it true.", "was")
    assert not _misfire("PronounInflectionBe", "We was told.", "was")


# --- B: words built from known words -------------------------------------------------


def test_a_prefix_and_a_known_word_is_a_word(tmp_path):
    known = {"lists", "docking", "clone", "till", "known", "grate", "cede", "occur", "begin", "transfer", "broke"}
    assert context.coinage("sublists", ("subsists", "stylists", "sublets"), known)
    assert context.coinage("undocking", ("unlocking", "unblocking"), known)
    assert context.coinage("reclone", ("recline", "recon"), known)
    # Near misses: a letter too many ("un|till"), a prefix the nearest word breaks, a short stem.
    assert not context.coinage("untill", ("until", "uphill"), known)
    assert not context.coinage("reknown", ("renown", "regrown"), known)
    assert not context.coinage("intergrate", ("integrate",), known)
    assert not context.coinage("supercede", ("supersede",), known)
    # Known words with a suffix, or two known words, still need the edge test.
    for word, suggestion in (("transfered", "transferred"), ("begining", "beginning"), ("occured", "occurred")):
        assert not context.coinage(word, (suggestion,), known), word
    assert not context.coinage("brokeness", ("brokenness",), known | {"ness"})
    text = "Each list has ten sublists, and the crew began undocking at dawn; the office is shut untill noon."
    assert {"sublists", "undocking", "untill"} <= {word for _, word, _ in _raw(text)}
    assert _flagged(_page(f"<p>{text}</p>"), tmp_path, "CD801") == {("CD801", "untill")}


# --- D: a word named by a link of its page ----------------------------------------------


def test_a_word_named_by_a_link_is_a_name_across_the_article(tmp_path):
    page = _page(
        '<p>The library by <a href="https://github.com/zeux/meshoptimizer">zeux</a> is fast.</p>',
        "<p>In zeux's meshoptimizer the goverment found a speed-up.</p>",
        '<p>Read the <a href="https://example.com/news/goverment-report">goverment</a> report.</p>',
    )
    assert ("SpellCheck", "zeux's") in {(rule, word) for rule, word, _ in _raw("In zeux's meshoptimizer it ran.")}
    flagged = _flagged(page, tmp_path, "CD801")
    # "goverment" names no link (a slug's words do not count), so it is flagged in the link and out of it.
    assert flagged == {("CD801", "goverment")}
    assert len([f for f in lint_text(page, Config(select=("CD801",), grammar=GrammarSettings(cache=False)))]) == 2


# --- E, R0: names spelled two ways -------------------------------------------------------


def _found(*paragraphs: str):
    from copydesk.model.inputs import build_article_for
    from copydesk.source.text import SourceText

    html = _page(*paragraphs)
    article = build_article_for(SourceText(html, "t.html"), "t.html")
    return occurrences(article.copy_blocks(frozenset(checker.NAME_ROLES)))


def test_a_name_element_of_longer_names_is_not_a_lone_name_misspelt():
    districts = ["Gandhi Nagar 17", "Sant Kabir Nagar 1", "Kanshi Ram Nagar 3", "Nawanshahr (sbs Nagar) 19"]
    found = _found(*(f"<li>{item}</li>" for item in districts), "<li>Nagaur 58</li>")
    unknown = {"Nagar", "Nagaur", "Nawanshahr", "Kanshi"}
    seen = {o.word for o in found}
    assert "Nagaur" not in name_variants(found, unknown, seen=seen)
    # Near misses: the usual spelling also stands alone, or follows only two different words.
    alone = _found(*(f"<li>{item}</li>" for item in districts), "<p>Officials in Nagar said so.</p>", "<p>Nagaur</p>")
    assert "Nagaur" in name_variants(alone, unknown, seen={o.word for o in alone})
    two = _found("<li>Gandhi Nagar 17</li>", "<li>Sant Kabir Nagar 1</li>", "<li>Nagaur 58</li>")
    assert "Nagaur" in name_variants(two, unknown, seen={o.word for o in two})


def test_doubled_l_names_are_paired_and_dialect_spellings_are_not():
    found = _found(
        "<p>Officials said Maria Quintanilla spoke first. Quintanilla later left.</p>",
        "<p>Aides said Quintanila would return, and the Globe Theatre and the Theater Guild met.</p>",
        "<p>Fans travelled far; Travelled Roads and Traveled Roads are two books.</p>",
    )
    seen = {o.word for o in found}
    unknown = {"Quintanilla", "Quintanila", "Theatre", "Travelled"}  # as the US dictionary answers
    variants = name_variants(found, unknown, seen=seen)
    assert variants["Quintanila"].preferred == "Quintanilla"
    assert not {"Theatre", "Theater", "Travelled", "Traveled"} & set(variants)
    assert dialect_spellings("Theatre", "Theater") and dialect_spellings("Travelled", "Traveled")
    assert dialect_spellings("Fulfillment", "Fulfilment")
    assert not dialect_spellings("Quintanilla", "Quintanila") and not dialect_spellings("Campbell", "Campbel")
    # Before the engine ran, a dialect pair stays visible to it (it may be one name misspelt).
    assert ("Theater", "Theatre") in name_spellings(found).dialect


def test_true_name_pairs_stay_paired(tmp_path):
    page = _page(
        "<p>Researchers Wendy Garrett and Michael Howitt led the study. Garrett said it was new.</p>",
        "<p>Howitt and Garett’s work suggested more. Mayor Luis Quintanilla agreed.</p>",
        "<p>Quintanilla said the city would pay, and later Quintanila signed the order.</p>",
        "<p>Jessica Chastain starred. Chastain said so. Isaac and Chastian, 37, met at school.</p>",
    )
    flagged = _flagged(page, tmp_path, "CD803")
    assert {("CD803", "Garett"), ("CD803", "Quintanila"), ("CD803", "Chastian")} <= flagged


# --- R1, R2: near misses -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "suggestions", "typo"),
    [
        ("untill", ("until", "uphill"), True),  # a doubled letter at the end
        ("occured", ("occurred",), True),
        ("wich", ("wish", "which", "wick"), True),  # a short word, its second letter
        ("untilk", ("until",), False),  # a letter added at the end that doubles nothing
        ("bhang", ("bang",), False),  # second letter, but not one of the commonest words
        ("lakh", ("lake", "lash"), False),
    ],
)
def test_near_miss_doubled_letters_and_short_words(word, suggestions, typo):
    assert near_miss(word, suggestions) is typo


def test_doubled_letter():
    assert doubled_letter("untill", "until") and doubled_letter("occurred", "occured")
    assert not doubled_letter("untilk", "until") and not doubled_letter("renown", "reknown")


def test_planted_slips_in_an_unseen_article_are_found(tmp_path):
    """An article written for this test: every planted slip found, every name and quote left alone."""
    page = _page(
        "<p>Mayor Luis Quintanilla said on Tuesday the office would stay shut untill March.</p>",
        "<p>Quintanilla, wich has led the city since 2019, met Gov. Ana Villarreal.</p>",
        "<p>We was told the budget would wait, an aide to Quintanila said.</p>",
        "<p>Villarreal said the state has an M1-class laptop program and a AAA bond rating.</p>",
        '<p>"We was never asked," said Ana Villarreal, who woke up late.</p>',
    )
    flagged = _flagged(page, tmp_path)
    assert {("CD801", "untill"), ("CD801", "wich"), ("CD802", "was"), ("CD803", "Quintanila")} <= flagged
    assert len(flagged) == 4, flagged


# --- bench/grammar.py: "before name learning" counts with nothing masked --------------------


def test_bench_counts_before_learning_with_nothing_masked(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_grammar", ROOT / "bench" / "grammar.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    from copydesk.model.inputs import build_article_for
    from copydesk.source.text import SourceText

    html = _page("<p>Officials said Kishida met Zelenskyy and Blinken. Kishida left.</p>")
    settings = GrammarSettings(cache_dir=tmp_path / "cache")
    article = build_article_for(SourceText(html, "t.html"), "t.html")
    masked = checker.analyse_fresh(article, settings).spelling_before_names
    with bench.nothing_masked():
        unmasked = checker.analyse_fresh(article, settings).spelling_before_names
    assert checker.KnownWords is not None and checker.KnownWords().exact == frozenset()
    assert masked == 0 and unmasked >= 3  # the names, which the masked run never showed the engine
