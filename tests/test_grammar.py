"""Grammar and spelling (CD8xx): the offline engine for real, the cache, names, quotes, config.

Grammar tests use small texts so the default suite stays fast; the Harper
linter is built once per process (about a second). Each test that could touch
the on-disk cache gets its own temporary cache directory.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from copydesk.engine.config import Config, ConfigError, parse_config
from copydesk.engine.lint import lint_source, lint_text
from copydesk.frontends.cli import main
from copydesk.grammar import base, checker
from copydesk.grammar.cache import cache_key
from copydesk.grammar.names import edit_distance_one, learn_names, name_variants, occurrences
from copydesk.grammar.settings import GrammarSettings
from copydesk.source.text import SourceText

pytest.importorskip("harper")

ARTICLE = """<!DOCTYPE html><html lang="en-US"><head><title>Talks</title></head><body><article>
<h1>Kishida and Blinken hold talks in Tokyo</h1>
<p class="byline">By Hiroko Tabuchi</p>
<p>Prime Minister Fumio Kishida met Secretary of State Antony Blinken on Tuesday at the Kantei.</p>
<p>The goverment said the two men discussed semiconductors, Taiwan and the Quad.</p>
<p>"Our alliance is stronger then ever and we is ready," Kishida said after the meeting.</p>
<p>Later, Kishda told reporters that Yoshimasa Hayashi would travel to Washington.</p>
<p>Their was no word on a visit by President Biden, according to Matsuno.</p>
<figure><img src="a.jpg" alt="Kishida and Blinken">
<figcaption>Fumio Kishida greets Antony Blinken. (Reuters)</figcaption></figure>
</article></body></html>"""


def _config(tmp_path: Path, **grammar: object) -> Config:
    settings = GrammarSettings(cache_dir=tmp_path / "cache", **grammar)  # type: ignore[arg-type]
    return Config(select=("CD8",), grammar=settings)


def test_planted_errors_found_names_and_quotes_left_alone(tmp_path):
    findings = lint_text(ARTICLE, _config(tmp_path))
    flagged = {(f.rule, f.excerpt) for f in findings}
    assert ("CD801", "goverment") in flagged
    assert ("CD802", "Their") in flagged
    assert ("CD803", "Kishda") in flagged
    excerpts = {f.excerpt for f in findings}
    for name in (
        "Kishida",
        "Blinken",
        "Fumio",
        "Antony",
        "Kantei",
        "Hayashi",
        "Yoshimasa",
        "Matsuno",
        "Tabuchi",
        "Quad",
    ):
        assert name not in excerpts
    # Quoted speech is not ours to correct: "then", "we is" inside the quote.
    assert not any(f.excerpt in ("then", "is", "we is") for f in findings)
    spelling = next(f for f in findings if f.excerpt == "goverment")
    assert spelling.fix == "government"
    assert spelling.message.startswith("[harper:SpellCheck] ")
    assert spelling.category == "spelling"
    assert spelling.line == 5


def test_quotes_checked_when_configured(tmp_path):
    findings = lint_text(ARTICLE, _config(tmp_path, check_quotes=True))
    assert any(f.rule == "CD802" and f.excerpt in ("is", "then") for f in findings)


def test_house_words_are_accepted(tmp_path):
    html = "<html lang='en-US'><article><p>The plan was reviewed, said the goverment.</p></article></html>"
    assert [f.excerpt for f in lint_text(html, _config(tmp_path))] == ["goverment"]
    assert lint_text(html, _config(tmp_path, words=("goverment",))) == []


def test_words_file_and_grammar_table(tmp_path):
    (tmp_path / "words.txt").write_text("# house names\nKishda  # a minister\n\nflibbertigibbet\n", encoding="utf-8")
    config = parse_config(
        {"grammar": {"engine": "offline", "words": ["Qux"], "words-file": "words.txt", "check-quotes": True}},
        tmp_path / "copydesk.toml",
    )
    assert config.grammar.words == ("Qux", "Kishda", "flibbertigibbet")
    assert config.grammar.check_quotes is True
    with pytest.raises(ConfigError, match=r"grammar\.engine"):
        parse_config({"grammar": {"engine": "cloud"}}, None)
    with pytest.raises(ConfigError, match="unknown grammar key"):
        parse_config({"grammar": {"egnine": "offline"}}, None)


def test_house_rules_own_their_defects(tmp_path):
    """A repeated word is CD501's; TK is CD102's: the engine does not report them again."""
    html = "<html lang='en-US'><article><p>TK people saw the the launch on Tuesday.</p></article></html>"
    assert lint_text(html, _config(tmp_path)) == []


def test_unsupported_language_is_one_notice_not_a_finding(tmp_path):
    html = "<html lang='ja'><body><article><p>東京で会談が行われた。</p><p>Kishda</p></article></body></html>"
    result = lint_source(SourceText(html, "ja.html"), _config(tmp_path))
    assert result.findings == []
    assert [(n.code, n.kind, n.line, n.column) for n in result.notices] == [("CD804", "language-skipped", 1, 1)]
    assert "'ja'" in result.notices[0].message


def test_spelling_accepts_every_english_dialect(tmp_path):
    html = "<html lang='{}'><article><p>The colour of the centre was criticised by the council.</p></article></html>"
    assert lint_text(html.format("en-GB"), _config(tmp_path)) == []
    # Spelling accepts every English dialect: "colour" in an American story is house style
    # (a style pack's business), not a misspelling.
    assert lint_text(html.format("en-US"), _config(tmp_path)) == []
    assert [f.excerpt for f in lint_text(html.format("en-GB").replace("colour", "coluor"), _config(tmp_path))] == [
        "coluor"
    ]


def test_hostile_paragraph_is_bounded(tmp_path):
    html = "<html lang='en'><article><p>" + "aB" * 50_000 + " " + "word " * 20_000 + "</p></article></html>"
    lint_text(html, _config(tmp_path))  # finishing at all is the test (Harper is superlinear on huge tokens)


# --- names -----------------------------------------------------------------


def test_edit_distance_one():
    assert edit_distance_one("Kishida", "Kishda")
    assert edit_distance_one("Blinken", "Blinkin")
    assert edit_distance_one("Zelensky", "Zelesnky")
    assert not edit_distance_one("Brown", "Braun")
    assert not edit_distance_one("Kishida", "Kishida")


def test_name_learning_and_variants():
    from copydesk.model.html import build_article
    from copydesk.source.text import SourceText

    article = build_article(
        SourceText(
            "<article><p>Blinken met Korea's envoy. The Korean side and Blinken agreed.</p>"
            "<p>Goverment aides said Blinkin left.</p></article>"
        )
    )
    found = occurrences(article.blocks)
    learnt = learn_names(found)
    assert {"Blinken", "Korea", "Korean", "Blinkin"} <= learnt
    assert "Goverment" not in learnt  # capitalised only where a sentence starts
    variants = name_variants(found)
    assert set(variants) == {"Blinkin"}
    assert variants["Blinkin"].preferred == "Blinken"


# --- cache -----------------------------------------------------------------


class CountingEngine:
    """Wraps the real offline engine and counts what it is asked to check."""

    def __init__(self, inner: base.Engine) -> None:
        self.inner = inner
        self.name = inner.name
        self.calls: list[str] = []

    @property
    def version(self) -> str:
        return self.inner.version

    @property
    def options(self) -> str:
        return self.inner.options

    def supports(self, language: str) -> bool:
        return self.inner.supports(language)

    def check(self, text: str, language: str) -> list[base.EngineMatch]:
        self.calls.append(text)
        return self.inner.check(text, language)


@pytest.fixture
def counting(monkeypatch):
    inner = checker._engine("offline", GrammarSettings())
    assert inner is not None
    engine = CountingEngine(inner)
    monkeypatch.setattr(checker, "engines_for", lambda settings: [engine])
    return engine


def test_rerun_checks_only_changed_paragraphs(tmp_path, counting):
    config = _config(tmp_path)
    lint_text(ARTICLE, config)
    cold = len(counting.calls)
    assert cold >= 6
    counting.calls.clear()
    lint_text(ARTICLE, config)
    assert counting.calls == []  # warm: every paragraph from the cache
    edited = ARTICLE.replace("at the Kantei.", "at the Kantei in central Tokyo.")
    lint_text(edited, config)
    assert len(counting.calls) == 1 and "central Tokyo" in counting.calls[0]


def test_no_cache_checks_everything(tmp_path, counting):
    config = Config(select=("CD801",), grammar=GrammarSettings(cache_dir=tmp_path / "c", cache=False))
    lint_text(ARTICLE, config)
    first = len(counting.calls)
    lint_text(ARTICLE, config)
    assert len(counting.calls) == 2 * first
    assert not (tmp_path / "c").exists()


def test_cache_key_covers_every_input():
    keys = {
        cache_key("harper", "1", "o", "en-US", "t"),
        cache_key("languagetool", "1", "o", "en-US", "t"),
        cache_key("harper", "2", "o", "en-US", "t"),
        cache_key("harper", "1", "p", "en-US", "t"),
        cache_key("harper", "1", "o", "en-GB", "t"),
        cache_key("harper", "1", "o", "en-US", "u"),
    }
    assert len(keys) == 6


def test_unwritable_cache_is_a_notice_not_a_crash(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    base.reset_notices()
    findings = lint_text(ARTICLE, Config(select=("CD801",), grammar=GrammarSettings(cache_dir=blocker / "sub")))
    assert any(f.excerpt == "goverment" for f in findings)
    assert "not writable" in capsys.readouterr().err


# --- command line ------------------------------------------------------------


def test_cli_grammar_options(tmp_path):
    page = tmp_path / "story.html"
    page.write_text(ARTICLE, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["check", str(page), "--select", "CD801", "--format", "json", "--cache-dir", str(tmp_path / "cd")],
    )
    data = json.loads(result.stdout)
    assert [f["excerpt"] for f in data["files"][0]["findings"]] == ["goverment"]
    assert (tmp_path / "cd").is_dir()
    result = runner.invoke(main, ["check", str(page), "--select", "CD801", "--no-cache", "-q", "--no-color"])
    assert "goverment" in result.stdout
    assert runner.invoke(main, ["check", str(page), "--grammar-engine", "cloud"]).exit_code == 2


def test_environment_cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path / "env"))
    assert GrammarSettings().resolved_cache_dir() == tmp_path / "env"
    assert GrammarSettings(cache=False).resolved_cache_dir() is None
    monkeypatch.delenv("COPYDESK_CACHE_DIR")
    assert "copydesk" in str(GrammarSettings().resolved_cache_dir())


def test_default_never_uses_the_public_api():
    from copydesk.grammar.languagetool import LanguageToolEngine

    assert not LanguageToolEngine().public
    assert not LanguageToolEngine("http://localhost:8081").public
    assert LanguageToolEngine("public").public
    assert LanguageToolEngine(None, public_api=True).public


@pytest.mark.skipif(os.environ.get("COPYDESK_NO_HARPER") == "1", reason="harper check disabled")
def test_offline_engine_reports_versions():
    engine = checker._engine("offline", GrammarSettings())
    assert engine is not None and engine.version.count(".") >= 1
    assert engine.supports("en-GB") and engine.supports("en") and not engine.supports("de")


def test_native_prints_during_a_harper_call_go_to_stderr_not_reports():
    """harper-py's Rust core can print to fd 1; a JSON report on stdout must stay valid."""
    import subprocess
    import sys

    code = (
        "import os\n"
        "from copydesk.grammar.harper import _stdout_to_stderr\n"
        "with _stdout_to_stderr():\n"
        "    os.write(1, b'native noise\\n')\n"
        "print('report')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout == "report\n"
    assert "native noise" in result.stderr


def test_names_are_not_paired_on_a_page_in_a_language_no_engine_checks():
    """German capitalises nouns: Gesetz/Gesetze is inflection, not a name spelled two ways."""
    html = (
        '<html lang="de"><body><article><h1>Neue Gesetze</h1>'
        "<p>Das neue Gesetz tritt morgen in Kraft. Die Gesetze wurden lange beraten.</p>"
        "<p>Weitere Gesetze folgen im Herbst, sagte die Ministerin in Berlin.</p></article></body></html>"
    )
    result = lint_source(SourceText(html, "de.html"), Config(select=("CD803", "CD804")))
    assert result.findings == []
    assert [n.kind for n in result.notices] == ["language-skipped"]


MASKED = """<!DOCTYPE html><html lang="en-US"><head><title>Ericsson</title></head><body><article>
<h1>Ericsson and Kowalczyk</h1>
<p>Analysts at Ericsson said Marta Kowalczyk led the review of the network.</p>
<p>Kowalczyk's team found the goverment had bought a Ericsson switch last year.</p>
<p>The board thanked Kowalczyk on Friday.</p>
</article></body></html>"""


def test_known_words_are_hidden_from_the_engine_but_slips_around_them_are_found(tmp_path, monkeypatch):
    seen: list[tuple[list[str], frozenset[str]]] = []
    engine = checker._engine("offline", GrammarSettings())
    original = type(engine).check_many

    def spy(self, texts, language, known=frozenset()):
        seen.append((list(texts), known))
        return original(self, texts, language, known)

    monkeypatch.setattr(type(engine), "check_many", spy)
    findings = lint_text(MASKED, _config(tmp_path))
    flagged = {(f.rule, f.excerpt) for f in findings}
    # The article's paragraphs go to the engine in one request.
    assert len(seen) == 1 and any("a Ericsson" in text for text in seen[0][0])
    known = seen[0][1]
    # A learnt name and its possessive are masked up front, not flagged and filtered.
    assert "Kowalczyk" in known
    assert not any(f.excerpt.startswith(("Kowalczyk", "'s", "s")) for f in findings)
    # Slips next to masked names are still found.
    assert ("CD801", "goverment") in flagged
    # Near miss: a name after "a"/"an" stays visible, so the article is still checked.
    assert "Ericsson" not in known
    assert any(f.rule == "CD802" and f.excerpt == "a" for f in findings)


def test_names_that_may_be_one_name_spelled_two_ways_are_not_masked(tmp_path):
    text = ARTICLE.replace("Later, Kishda", "Later, Kishda and Kishda again")
    flagged = {(f.rule, f.excerpt) for f in lint_text(text, _config(tmp_path))}
    assert ("CD803", "Kishda") in flagged


def test_an_article_is_checked_up_to_a_budget():
    blocks = [type("B", (), {"text": "x" * 25_000})() for _ in range(5)]
    # Each block counts at most MAX_BLOCK (20,000): three reach 60,000, the rest wait.
    assert len(checker.within_budget(blocks)) == 3
    # Near miss: an article under the budget is checked whole.
    assert len(checker.within_budget(blocks[:2])) == 2


def test_a_harper_panic_on_a_masked_text_falls_back_to_the_plain_mask(monkeypatch, capsys):
    """Harper 2.13 panics (pyo3 PanicException, a BaseException) on some masked texts."""
    from copydesk.grammar import harper as harper_engine

    class PanicException(BaseException):  # named as pyo3's, which is how copydesk recognises it
        pass

    engine = harper_engine.HarperEngine()
    real = engine._linter(0)
    masks: list[str] = []

    class Fussy:
        def organized_lints(self, text, language, regex_mask):
            masks.append(regex_mask)
            if regex_mask != harper_engine.MASK:
                raise PanicException("range start index 2 out of range")
            return real.organized_lints(text, language=language, regex_mask=regex_mask)

    monkeypatch.setattr(engine, "_linter", lambda dialect: Fussy())
    found = engine.check("Nowak said the goverment agreed.", "en-US", known=frozenset({"Nowak"}))
    assert masks[-1] == harper_engine.MASK and len(masks) == 2
    assert any(text == "goverment" for text in ["Nowak said the goverment agreed."[m.start : m.end] for m in found])

    class Broken:
        def organized_lints(self, text, language, regex_mask):
            raise PanicException("always")

    # A paragraph Harper always panics on is left unchecked, said by a match of category FAILED (which
    # becomes a notice in the file's result, not a line on stderr), and the run goes on.
    from copydesk.grammar import base

    base.reset_notices()
    monkeypatch.setattr(engine, "_linter", lambda dialect: Broken())
    failed = engine.check("Plain text here.", "en-US", known=frozenset({"Here"}))
    assert [(m.category, m.start, m.end) for m in failed] == [(base.FAILED, 0, 0)]
    assert "left unchecked" in failed[0].message
    assert capsys.readouterr().err == ""

    class Interrupted:
        def organized_lints(self, text, language, regex_mask):
            raise KeyboardInterrupt

    # Near miss: anything that is not a Rust panic (Ctrl-C, the per-file time limit) is not swallowed.
    monkeypatch.setattr(engine, "_linter", lambda dialect: Interrupted())
    with pytest.raises(KeyboardInterrupt):
        engine.check("Plain text here.", "en-US")


def test_the_publications_own_name_is_a_name_not_a_misspelling(tmp_path):
    """'Ars is asking…' opens a sentence, where a capital proves nothing; og:site_name says it is the site."""

    def page(head: str) -> str:
        return (
            f"<html lang='en'><head>{head}</head><article><h1>Mojang talks</h1>"
            "<p>The studio answered questions on Monday about the server change, as players asked.</p>"
            "<p>Ars is asking Mojang for comment and will update this post if company officials respond.</p>"
            "<p>The goverment said nothing.</p></article></html>"
        )

    bare = {f.excerpt for f in lint_text(page(""), _config(tmp_path)) if f.rule == "CD801"}
    assert bare == {"Ars", "goverment"}  # without the metadata, 'As' in the story makes 'Ars' look like a slip
    site = '<meta property="og:site_name" content="Ars Technica">'
    named = {f.excerpt for f in lint_text(page(site), _config(tmp_path)) if f.rule == "CD801"}
    assert named == {"goverment"}  # the site name teaches 'Ars', and nothing else is hidden
