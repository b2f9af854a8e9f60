"""Readability rules (CD901–CD903) and the article-level statistics."""

from __future__ import annotations

import io

import pytest
from copydesk.engine.finding import FileResult
from copydesk.model.html import build_article
from copydesk.model.measures import sentences, statistics, syllables
from copydesk.reporters import json as json_report
from copydesk.reporters.text import TextReporter
from copydesk.source.text import SourceText

from .conftest import lint

PLAIN = "The council met on Tuesday. It voted on the budget. The vote was close. Seven said yes and six said no. "


def test_long_sentence_is_the_sentence_span():
    long = " ".join(["word"] * 55) + "."
    html = f"<p>Short one. {long} Done.</p>"
    findings = lint(html, "CD901")
    assert [(f.column, f.end_column, f.severity) for f in findings] == [(15, 15 + len(long), "info")]
    assert not lint(html, "CD901", options={"CD901": {"max_words": 60}})
    assert len(lint(f"<p>{' '.join(['word'] * 45)}.</p>", "CD901", options={"CD901": {"max_words": 40}})) == 1


def test_long_paragraph_and_hard_to_read_are_info():
    assert [f.severity for f in lint("<p>" + PLAIN * 10 + "</p>", "CD902")] == ["info"]
    assert not lint(
        "<html lang='en'><body><article><h1>B</h1><p>" + PLAIN * 8 + "</p></article></body></html>", "CD903"
    )


def test_syllables_and_statistics():
    assert [syllables(w) for w in ("the", "council", "budget", "approved", "library", "make")] == [1, 2, 2, 2, 3, 1]
    page = "<html lang='en'><body><article><h1>B</h1><p>" + PLAIN * 8 + "</p></article></body></html>"
    figures = statistics(build_article(SourceText(page)))
    assert figures["words"] == 168 and figures["sentences"] == 32
    assert 90 < figures["flesch_reading_ease"] < 110
    german = "<html lang='de'><body><article><p>" + PLAIN * 8 + "</p></article></body></html>"
    assert statistics(build_article(SourceText(german)))["flesch_reading_ease"] is None


def test_reporters_show_the_figure_when_the_engine_attaches_statistics():
    result = FileResult("a.html")
    result.statistics = {"flesch_reading_ease": 61.25}  # type: ignore[attr-defined]
    plain = FileResult("b.html")
    report = json_report.report([result, plain])
    assert report["summary"]["readability"] == {"files": 1, "flesch_reading_ease": 61.2}
    assert "readability" not in json_report.report([plain])["summary"]
    out = io.StringIO()
    reporter = TextReporter(out, colour=False, quiet=False, statistics=True)
    reporter.file(result, "a.html")
    reporter.finish()
    assert "Flesch reading ease: 61.2 (mean over 1 file of English copy)" in out.getvalue()
    two = FileResult("c.html")
    two.statistics = {"flesch_reading_ease": 40.75}  # type: ignore[attr-defined]
    out = io.StringIO()
    reporter = TextReporter(out, colour=False, quiet=False, statistics=True)
    for each in (result, plain, two):
        reporter.file(each, each.path)
    reporter.finish()
    assert "Flesch reading ease: 51.0 (mean over 2 files of English copy)" in out.getvalue()


def _split(text: str) -> list[str]:
    return [text[start:end] for start, end in sentences(text)]


def test_abbreviation_before_a_lower_case_word_does_not_end_the_sentence():
    assert _split("The U.S. military said no. It left.") == ["The U.S. military said no.", "It left."]
    assert _split("At 9 a.m. the team met. Then it ate.") == ["At 9 a.m. the team met.", "Then it ate."]
    assert _split("He met Mr. Smith. Then he left.") == ["He met Mr. Smith.", "Then he left."]


def test_abbreviation_before_a_capital_still_ends_the_sentence():
    # Near miss: "U.S." closing a sentence, then a new one.
    assert _split("It moved to the U.S. Then it left.") == ["It moved to the U.S.", "Then it left."]
    assert _split("She said no. the lower-case start is still a new sentence.")[0] == "She said no."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # One splitter serves long sentences, the Flesch score and attribution (bench/sentences.py).
        (
            "The deal was signed in the U.S. It takes effect in May.",
            ["The deal was signed in the U.S.", "It takes effect in May."],
        ),
        ("The U.S. Senate passed the bill.", ["The U.S. Senate passed the bill."]),
        ("The books by J. K. Rowling sold well.", ["The books by J. K. Rowling sold well."]),
        ("Thomas M. Hoenig said no. Rates stayed.", ["Thomas M. Hoenig said no.", "Rates stayed."]),
        ("The tariffs began on Sept. 1 this year.", ["The tariffs began on Sept. 1 this year."]),
        ("It is No. 1 in the world. Fans agree.", ["It is No. 1 in the world.", "Fans agree."]),
        ("He met the Rev. Mike Walrond.", ["He met the Rev. Mike Walrond."]),
        ("It didn’t. All my friends came.", ["It didn’t.", "All my friends came."]),
        (
            "The shares belong to Apple Inc. The company declined.",
            ["The shares belong to Apple Inc.", "The company declined."],
        ),
        ("Apple Inc. said sales rose.", ["Apple Inc. said sales rose."]),
        ("“Are you sure?” she asked. Nobody was.", ["“Are you sure?” she asked.", "Nobody was."]),
        ("“We won.” Next came the parade.", ["“We won.”", "Next came the parade."]),
        ("Wait… What happened?", ["Wait…", "What happened?"]),
        ("Il a dit non. Élise est partie.", ["Il a dit non.", "Élise est partie."]),
    ],
)
def test_one_splitter_for_news_copy(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_text_without_sentence_ends_gets_no_reading_ease_score():
    """Lyrics or a changelog with no full stops is one 'sentence' of hundreds of words: no score."""
    from copydesk.model.html import build_article
    from copydesk.model.measures import readability
    from copydesk.source.text import SourceText

    lines = "<br>".join(["Walking down the river road tonight with you beside me"] * 30)
    page = f"<html lang='en'><body><article><h1>Song</h1><p>{lines}</p></article></body></html>"
    assert readability(build_article(SourceText(page))).flesch is None
    assert not lint(page, "CD903")
