"""The offline engine's speed levers keep its answers: batching paragraphs, late dialect probes, house spans.

These run Harper for real (it is what CI has); they compare the fast paths with
the plain per-paragraph ones rather than timing anything.
"""

from __future__ import annotations

import pytest
from copydesk.engine.config import Config
from copydesk.engine.lint import lint_text
from copydesk.grammar import checker, harper
from copydesk.grammar.settings import GrammarSettings

PARAGRAPHS = [
    "The mayor said the council could of approved the plan last year.",
    "Residents say their going to protest outside city hall on Monday, Kowalczyk said.",
    "The company said it's profits fell sharply, and the goverment was not consulted.",
    "She bought a apple at the market. The delay was longer then expected.",
    "Nothing is wrong with this sentence at all.",
    "It was 1:35 a.m.",
]


@pytest.fixture(scope="module")
def engine() -> harper.HarperEngine:
    built = checker._engine("offline", GrammarSettings())
    assert isinstance(built, harper.HarperEngine)
    return built


def _spans(matches):
    return [(m.start, m.end, m.rule_id, m.replacements) for m in matches]


def test_paragraphs_checked_together_match_paragraphs_checked_alone(engine):
    known = frozenset({"Kowalczyk"})
    together = engine.check_many(PARAGRAPHS, "en-US", known=known)
    alone = [engine.check(text, "en-US", known=known) for text in PARAGRAPHS]
    assert len(together) == len(PARAGRAPHS)
    assert [_spans(m) for m in together] == [_spans(m) for m in alone]
    # "It was 1:35 a.m." ends a text: Harper once read that "a" as an article missing its noun.
    assert _spans(together[-1]) == [] and _spans(alone[-1]) == []
    rules = {m.rule_id for matches in together for m in matches}
    assert {"ModalOf", "TheirToTheyre", "ItsPossessive", "AnA", "ThenThan", "SpellCheck"} <= rules
    assert not any(PARAGRAPHS[1][m.start : m.end].startswith("Kowalczyk") for m in together[1])


def test_a_batch_harper_panics_on_is_checked_paragraph_by_paragraph(engine, monkeypatch):
    real = harper._organised_lints

    def panics_on_batches(linter, text, mask):
        return None if harper.SEPARATOR in text else real(linter, text, mask)

    monkeypatch.setattr(harper, "_organised_lints", panics_on_batches)
    together = engine.check_many(PARAGRAPHS[:4], "en-US")
    monkeypatch.setattr(harper, "_organised_lints", real)
    assert [_spans(m) for m in together] == [_spans(engine.check(text, "en-US")) for text in PARAGRAPHS[:4]]


def test_batches_stay_under_the_size_limit_and_keep_order():
    texts = [f"Paragraph {index}. " * 80 for index in range(40)]  # about 1,300 characters each
    batches = list(harper._batches(texts))
    assert [text for batch in batches for text in batch] == texts
    assert len(batches) > 1
    assert all(sum(len(text) + len(harper.SEPARATOR) for text in batch) <= harper.BATCH + 2 for batch in batches)
    huge = ["x " * (harper.BATCH // 2 + 10)]
    assert list(harper._batches(huge)) == [huge]  # one text over the limit is its own batch


def test_other_dialects_are_asked_about_words_and_remembered(engine, monkeypatch):
    assert engine.spelled_right_elsewhere({"colour", "organisation", "goverment"}, "en-US") == {
        "colour",
        "organisation",
    }
    assert engine.spelled_right_elsewhere({"color", "organization", "goverment"}, "en-GB") == {"color", "organization"}
    assert engine.spelled_right_elsewhere({"color", "colour", "goverment"}, "en-AU") >= {"color", "colour"}

    def no_more_probes(dialect):
        raise AssertionError("asked Harper again about a word it already answered")

    monkeypatch.setattr(engine, "_speller", no_more_probes)
    assert engine.spelled_right_elsewhere({"colour", "goverment"}, "en-US") == {"colour"}


ARTICLE = """<html lang="en-US"><body><article>
<h1>Council votes on the centre</h1>
<p>Councillor Zbigniewa Wrzesniewska said the colour of the new centre had been criticised.</p>
<p>Wrzesniewska said the goverment would pay, and the the plan was approved.</p>
</article></body></html>"""


def test_only_words_still_flagged_after_the_filters_are_probed(tmp_path, monkeypatch):
    asked: list[set[str]] = []
    engine = checker._engine("offline", GrammarSettings())
    original = type(engine).spelled_right_elsewhere

    def spy(self, words, language):
        asked.append(set(words))
        return original(self, words, language)

    monkeypatch.setattr(type(engine), "spelled_right_elsewhere", spy)
    config = Config(select=("CD801", "CD802", "CD501"), grammar=GrammarSettings(cache_dir=tmp_path / "cache"))
    findings = lint_text(ARTICLE, config)
    # Names the article teaches never reach the probe; the dialect words and the slip do.
    assert asked and not any(word.startswith(("Wrzesniewska", "Zbigniewa")) for words in asked for word in words)
    assert {"colour", "goverment"} <= set().union(*asked)
    assert [(f.rule, f.excerpt) for f in findings if f.rule == "CD801"] == [("CD801", "goverment")]
    # The repeated "the the" is CD501's alone: the house span still silences the engine there.
    assert [f.rule for f in findings if f.excerpt.lower() in ("the the", "the")] == ["CD501"]


def test_a_warm_run_answers_dialect_questions_from_the_cache(tmp_path, monkeypatch):
    engine = checker._engine("offline", GrammarSettings())
    config = Config(select=("CD801",), grammar=GrammarSettings(cache_dir=tmp_path / "cache"))
    cold = [(f.rule, f.excerpt) for f in lint_text(ARTICLE, config)]

    def must_not_ask(self, words, language):
        raise AssertionError(f"asked the engine again about {sorted(words)}")

    monkeypatch.setattr(type(engine), "spelled_right_elsewhere", must_not_ask)
    # A new article: its grammar report is computed afresh (kept on the article), from the warm cache.
    assert [(f.rule, f.excerpt) for f in lint_text(ARTICLE, config)] == cold == [("CD801", "goverment")]


def test_the_engines_offer_what_the_checker_asks_of_them(engine):
    """The checker uses a capability only where ``isinstance`` says the engine has it (see grammar.base)."""
    from copydesk.grammar import base
    from copydesk.grammar.languagetool import LanguageToolEngine

    capabilities = (base.MaskingEngine, base.BatchEngine, base.WordEngine, base.DialectEngine)
    assert isinstance(engine, base.Engine) and all(isinstance(engine, kind) for kind in capabilities)
    languagetool = LanguageToolEngine("http://127.0.0.1:9")  # built lazily: nothing connects
    assert isinstance(languagetool, base.Engine) and not any(isinstance(languagetool, kind) for kind in capabilities)
