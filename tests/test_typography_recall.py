"""Typography and attribution on scraped pages: the shapes real content farms leave (issue #21).

Plain text is linted through the same reader as a ``.txt`` file; each test pairs
a must-flag case with the near miss that must stay quiet.
"""

from __future__ import annotations

from copydesk.engine.config import Config
from copydesk.engine.finding import Finding
from copydesk.engine.lint import lint_source
from copydesk.source.text import SourceText

from .conftest import lint


def lint_plain(text: str, *select: str) -> list[Finding]:
    result = lint_source(SourceText.from_bytes(text.encode("utf-8"), "page.txt"), Config(select=select))
    assert result.error is None
    return result.findings


def test_cd504_two_typed_spaces_in_plain_text_are_visible():
    text = "A headline\n\nThe rights of  voters were debated.  Then the vote came.\n"
    assert [f.excerpt for f in lint_plain(text, "CD504")] == [" ", " "]


def test_cd504_collapsed_spaces_in_html_are_not():
    assert lint("<p>The rights of  voters were debated.  Then the vote came.</p>", "CD504") == []


def test_cd507_label_line_joins_only_in_plain_text():
    text = "Latest NewsSports\n\nThe match starts at noon, the club said on its website today.\n"
    assert [f.excerpt for f in lint_plain(text, "CD507")] == ["NewsSports"]
    assert lint("<p>Latest NewsSports</p><p>TechCrunch and MailChimp</p>", "CD507") == []


def test_cd507_glued_words_in_a_paragraph_of_plain_text():
    text = "Headline\n\nThe tree in the square was lit treeFor our reporters it was work as usual.\n"
    assert [f.excerpt for f in lint_plain(text, "CD507")] == ["treeFor"]


def test_cd507_a_headline_pasted_twice_with_no_space_between_the_copies():
    doubled = "Top Summer Hotspots If You Are a Celebrity CoupleTop Summer Hotspots If You Are a Celebrity Couple"
    text = f"{doubled}\n\nBy Diamon Hall\n\nCelebrities have very hectic schedules, and they deserve a rest.\n"
    found = lint_plain(text, "CD507")
    assert [(f.line, f.column, f.excerpt) for f in found] == [(1, 44, "CoupleTop")]
    assert "doubled" in found[0].message
    # Near misses: a headline whose camel-case name repeats a word, and two different headlines glued.
    for line in (
        "Top Summer Hotspots If You Are a Celebrity, Says TopGear Magazine",
        "Top Summer Hotspots If You Are a Celebrity CoupleWinter Sales Begin Early This Year",
    ):
        story = "Celebrities have very hectic schedules, and they deserve a rest."
        assert lint_plain(f"{line}\n\n{story}\n", "CD507") == []


def test_cd508_other_languages_are_not_checked():
    html = '<html lang="de"><body><p>Im Jahr 2020 sagte er, dont sei kein Wort.</p></body></html>'
    assert lint(html, "CD508") == []
    assert [f.excerpt for f in lint('<html lang="en"><body><p>They dont know.</p></body></html>', "CD508")] == ["dont"]


def test_cd303_plain_text_lines_reopening_a_quote_are_the_convention():
    text = (
        "Headline\n\n"
        'The minister said the plan was "a first step, and only that.\n'
        '"The next one is harder," she added at the end of the meeting.\n'
    )
    assert lint_plain(text, "CD303") == []


def test_cd303_open_quote_in_a_cut_last_paragraph_is_not_reported():
    text = "Headline\n\nThe vote passed.\n\nThe singer told the crowd, “Here we are together on the\n"
    assert lint_plain(text, "CD303") == []


def test_cd301_quote_paragraph_with_no_speaker_in_plain_text():
    text = (
        "Headline\n\n"
        "The club finished second last season and hopes to go one better.\n\n"
        "'The team is stronger than last year, and I think we can surprise a lot of people.\n\n"
        "'We want to win every game, the fans deserve a trophy after waiting so long.'\n"
    )
    found = lint_plain(text, "CD301")
    assert found and found[0].excerpt.startswith("'The team is stronger")


def test_cd501_an_undeclared_page_in_another_language_may_reduplicate():
    indonesian = (
        "Artis itu terlihat sangat berbeda dari biasanya di video tersebut.\n\n"
        "“Semoga happy happy aja buat mereka berdua. Semoga nanti aku dijadiin MC mereka,” ujar dia bercanda.\n\n"
        "Bukan pertama kali artis Tanah Air terlihat dengan wajah tak mulus di kamera wartawan.\n"
    )
    assert lint_plain(indonesian, "CD501") == []
    english = "The singer said she was happy happy to be back on stage in the city where she began.\n"
    assert [f.excerpt for f in lint_plain(english, "CD501")] == ["happy happy"]
