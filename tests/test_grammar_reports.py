"""Whole-article grammar reports in the cache: an unchanged article is read back, anything else is not.

The real offline engine runs (small texts); ``analyse_fresh`` is replaced by
a tripwire where a test must prove the report came from the cache.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from copydesk.engine.lint import lint_text
from copydesk.grammar import base, checker
from copydesk.grammar.settings import GrammarSettings
from copydesk.model.inputs import build_article_for
from copydesk.source.text import SourceText

from .test_grammar import ARTICLE, _config

pytest.importorskip("harper")


def _article(html: str = ARTICLE):
    return build_article_for(SourceText(html, "story.html"), "story.html")


def _tripwire(*args: object, **kwargs: object) -> checker.ArticleReport:
    raise AssertionError("the article was analysed again instead of read back")


def _findings(html: str, config) -> list[dict[str, object]]:
    return [finding.to_json() for finding in lint_text(html, config)]


def test_an_unchanged_article_is_read_back_whole(tmp_path, monkeypatch):
    config = _config(tmp_path)
    cold = _findings(ARTICLE, config)
    assert {"CD801", "CD802", "CD803"} <= {finding["rule"] for finding in cold}
    monkeypatch.setattr(checker, "analyse_fresh", _tripwire)
    assert _findings(ARTICLE, config) == cold


def test_the_report_survives_json_with_every_field(tmp_path):
    settings = GrammarSettings(cache_dir=tmp_path / "cache")
    long_article = ARTICLE.replace("</article>", "<p>" + "The talks went on. " * 4000 + "</p></article>")
    article = _article(long_article)
    report = checker.analyse_fresh(article, settings)
    assert report.spelling and report.grammar and report.name_variants and report.stopped_at is not None
    again = checker.ArticleReport.from_json(json.loads(json.dumps(report.to_json(article))), article)
    assert again == report
    # Against a new build of the same page (new Block objects), it names the same places.
    other = _article(long_article)
    assert checker.ArticleReport.from_json(report.to_json(article), other).to_json(other) == report.to_json(article)


@pytest.mark.parametrize(
    "change",
    [
        lambda html, settings: (html.replace("at the Kantei.", "at the Kantei in Tokyo."), settings),
        lambda html, settings: (html, GrammarSettings(cache_dir=settings.cache_dir, words=("Kishda",))),
        lambda html, settings: (html, GrammarSettings(cache_dir=settings.cache_dir, check_quotes=True)),
        lambda html, settings: (html, GrammarSettings(cache_dir=settings.cache_dir, language="en-GB")),
        lambda html, settings: (html.replace('lang="en-US"', 'lang="en-GB"'), settings),
        # Same text, another element: the inline context (code, lang) may differ.
        lambda html, settings: (html.replace("<p>The goverment", '<p class="x">The goverment'), settings),
    ],
    ids=["edited", "house-words", "check-quotes", "dialect", "page-lang", "markup"],
)
def test_anything_that_could_change_the_report_misses(tmp_path, monkeypatch, change):
    settings = GrammarSettings(cache_dir=tmp_path / "cache")
    checker.analyse(_article(), settings)
    html, changed = change(ARTICLE, settings)
    fresh = []
    real = checker.analyse_fresh
    monkeypatch.setattr(checker, "analyse_fresh", lambda a, s: fresh.append(1) or real(a, s))
    checker.analyse(_article(html), changed)
    assert fresh == [1]


class _Unreachable:
    """An engine that is configured but cannot be reached (LanguageTool's server down)."""

    name = "languagetool"
    version = "6.4"
    options = "o"

    def supports(self, language: str) -> bool:
        return True

    def check(self, text: str, language: str) -> list[base.EngineMatch]:
        raise base.EngineUnavailable("server down")


def test_a_report_made_while_an_engine_was_unreachable_is_not_kept(tmp_path, monkeypatch, capsys):
    offline = checker._engine("offline", GrammarSettings())
    monkeypatch.setattr(checker, "engines_for", lambda settings: [_Unreachable(), offline])
    settings = GrammarSettings(cache_dir=tmp_path / "cache", engine="both")
    article = _article()
    report = checker.analyse(article, settings)
    assert report.engines == ["harper"]
    key = checker._report_key(article, settings)
    assert key is not None and checker._cache(settings).get_report(key) is None


def test_an_engine_of_unknown_version_gets_no_report(monkeypatch):
    class Unversioned(_Unreachable):
        version = "unknown"

    monkeypatch.setattr(checker, "engines_for", lambda settings: [Unversioned()])
    assert checker._report_key(_article(), GrammarSettings()) is None


def test_a_damaged_report_is_recomputed_and_rewritten(tmp_path):
    settings = GrammarSettings(cache_dir=tmp_path / "cache")
    article = _article()
    good = checker.analyse(article, settings).to_json(article)
    key = checker._report_key(article, settings)
    cache = checker._cache(settings)
    for damage in ({"language": "en"}, {**good, "spelling": [[999, 0, 1, {}]]}, [1, 2]):
        cache.put_report(key, damage)
        rebuilt = _article()
        assert checker.analyse(rebuilt, settings).to_json(rebuilt) == good
        assert cache.get_report(key) == good


def test_no_cache_directory_means_no_report(tmp_path, monkeypatch):
    settings = GrammarSettings(cache_dir=tmp_path / "cache", cache=False)
    checker.analyse(_article(), settings)
    calls = []
    real = checker.analyse_fresh
    monkeypatch.setattr(checker, "analyse_fresh", lambda a, s: calls.append(1) or real(a, s))
    checker.analyse(_article(), settings)
    assert calls == [1] and not Path(tmp_path / "cache").exists()
