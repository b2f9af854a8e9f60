"""Placeholder rules (CD101–CD105) and the existence kind they are built on."""

from __future__ import annotations

import time

import pytest
from copydesk.engine.config import ConfigError
from copydesk.engine.kinds import ExistenceRule, Phrase, check_linear

from .conftest import FIXTURES, lint, spans
from .text_fixtures import check_text_fixture, text_fixtures


def test_seed_update_soon_is_flagged_on_its_exact_characters():
    html = (FIXTURES / "articles" / "nasa-japan-seed.html").read_text(encoding="utf-8")
    assert spans(lint(html, "CD101")) == [("CD101", 42, 48, 42, 59, "Update soon")]


def test_update_soon_split_by_entity_and_tag():
    html = "<p>More about the launch Up<b>date</b> soon&#8230;.</p>"
    assert spans(lint(html, "CD101")) == [("CD101", 1, 26, 1, 44, "Update soon")]


@pytest.mark.parametrize(
    "html",
    [
        "<p>More details to follow.</p>",
        "<p>This story is developing and will be updated.</p>",
        "<p>Check back for updates.</p>",
        "<p>The company will update its guidance soon.</p>",
        "<p>The new terminal is coming soon.</p>",
        "<p>The agency expects an update soon from investigators.</p>",
    ],
)
def test_developing_story_language_is_not_filler(html):
    assert lint(html, "CD101") == []


def test_extra_patterns_option_adds_house_filler():
    html = "<p>The council met. [[WIRE FEED PENDING]] Police said.</p><p>Wire copy pending review</p>"
    options = {"CD101": {"extra_patterns": [r"\[\[WIRE FEED PENDING\]\]", r"(?i)wire copy pending"]}}
    assert spans(lint(html, "CD101", options=options)) == [
        ("CD101", 1, 21, 1, 42, "[[WIRE FEED PENDING]]"),
        ("CD101", 1, 62, 1, 79, "Wire copy pending"),
    ]
    assert lint(html, "CD101") == []


def test_extra_patterns_reject_bad_or_exponential_regexes():
    with pytest.raises(ConfigError, match="invalid regular expression"):
        lint("<p>x</p>", "CD101", options={"CD101": {"extra_patterns": ["(unclosed"]}})
    with pytest.raises(ConfigError, match="nests repeated groups"):
        lint("<p>x</p>", "CD101", options={"CD101": {"extra_patterns": ["(a+)+b"]}})
    with pytest.raises(ConfigError, match="list of strings"):
        lint("<p>x</p>", "CD101", options={"CD101": {"extra_patterns": "Update soon"}})


def test_check_linear_accepts_flat_patterns():
    for pattern in (r"\bTK\b", r"[a-z]{1,30} here", r"(?:ab|cd){1,3}", r"(?:a|b)?c+"):
        check_linear(pattern)


def test_tk_mark_positions_and_brackets():
    html = "<p>The fire burned for TK hours.</p>\n<p>It cost [TK] and took TKTK.</p>"
    assert spans(lint(html, "CD102")) == [
        ("CD102", 1, 24, 1, 26, "TK"),
        ("CD102", 2, 12, 2, 16, "[TK]"),
        ("CD102", 2, 26, 2, 30, "TKTK"),
    ]


def test_tk_inside_words_names_and_codes_is_not_a_mark():
    html = (
        "<p>Atkins won by TKO. Watkins joined Outkast. See example.tk and flight TK 1980.</p>"
        "<p>Tokelau (TK) and TK Maxx; TK-421; codes TO, TK, TV.</p>"
    )
    assert lint(html, "CD102") == []


def test_photo_tk_note_is_reported_once_by_cd103_not_cd102():
    html = "<figcaption>[PHOTO TK]</figcaption>"
    assert spans(lint(html, "CD102", "CD103")) == [("CD103", 1, 13, 1, 23, "[PHOTO TK]")]


def test_template_tokens_exact_spans():
    html = "<p>By {{author}} for %%sitename%%: [INSERT QUOTE]</p>"
    assert spans(lint(html, "CD103")) == [
        ("CD103", 1, 7, 1, 17, "{{author}}"),
        ("CD103", 1, 22, 1, 34, "%%sitename%%"),
        ("CD103", 1, 36, 1, 50, "[INSERT QUOTE]"),
    ]


def test_legitimate_brackets_are_not_desk_notes():
    html = (
        "<p>“He [the mayor] agreed,” she said. Their [sic] house. [Updated] [Video] "
        "Replacing you is so easy [insert your name here].</p>"
    )
    assert lint(html, "CD103") == []


def test_number_placeholders_and_roman_numerals():
    html = "<p>It will cost $XX million and affect XX people.</p><p>Super Bowl XXX was played in XXL heat.</p>"
    assert spans(lint(html, "CD104")) == [
        ("CD104", 1, 17, 1, 20, "$XX"),
        ("CD104", 1, 40, 1, 42, "XX"),
    ]


def test_chromosome_notation_is_not_a_number():
    assert lint("<p>Most women have XX chromosomes and most men XY.</p>", "CD104") == []


def test_desk_marks_whole_block_and_block_end():
    html = "<p>The agency will publish its findings. (END)</p>\n<p>-30-</p>\n<p>EMBARGOED UNTIL 0001 GMT</p>"
    assert spans(lint(html, "CD105")) == [
        ("CD105", 1, 42, 1, 47, "(END)"),
        ("CD105", 2, 4, 2, 8, "-30-"),
        ("CD105", 3, 4, 3, 19, "EMBARGOED UNTIL"),
    ]


def test_reader_facing_editors_note_is_fine():
    html = "<p>Editor's note: This story was updated.</p><p>EDITOR’S NOTE — This story contains violence.</p>"
    assert lint(html, "CD105") == []


def test_placeholders_in_chrome_are_not_copy():
    html = (
        "<html><body><nav><a href='/'>Update soon</a></nav><article><h1>Launch</h1>"
        "<p>" + "The launch went ahead on time. " * 10 + "</p></article>"
        "<footer>Lorem ipsum dolor sit amet</footer></body></html>"
    )
    assert lint(html, "CD1") == []


def test_phrases_compile_once_at_class_creation():
    class Demo(ExistenceRule):
        code = "CD999"
        name = "demo"
        phrases = (Phrase("foo bar", "demo {text!r}", literal=True),)

    compiled = Demo.compiled
    assert len(compiled) == 1 and compiled[0].regex.search("a foo  bar b")
    assert Demo().active_phrases() is compiled
    with pytest.raises(ValueError, match="unknown phrase position"):
        Phrase("x", "y", position="middle")  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["CD101", "CD102", "CD103", "CD104", "CD105"])
@pytest.mark.parametrize(
    "attack",
    ["[" * 100_000, "{" * 100_000, "X" * 100_000, "TK " * 33_000, "Update " * 14_000, "%" * 100_000, "$" * 100_000],
    ids=lambda attack: f"{attack[:8].strip()!r}x{len(attack)}",
)
def test_linear_time_on_adversarial_input(code, attack):
    """Catastrophic backtracking on 100,000 characters takes minutes; a linear scan takes about a second.

    "TK " × 33,000 is 33,000 real findings (about 1.7 s on an idle 2-core
    machine, most of it building findings), so the bound is generous enough
    for a loaded CI machine and still far below any superlinear pattern.
    """
    started = time.perf_counter()
    lint(f"<p>{attack}</p>", code)
    assert time.perf_counter() - started < 15.0


# --- plain text: template tokens, fill-ins and shortcodes as a scraper saves them ---


@pytest.mark.parametrize("path", text_fixtures("CD1"), ids=lambda p: p.stem)
def test_plain_text_fixture(path):
    check_text_fixture(path)


def test_fill_in_is_flagged_on_the_bracket_and_editorial_insertions_are_not():
    html = (
        "<p>Police arrested [Suspect's Name] on Friday.</p>\n"
        "<p>“[The suspect] fled,” the officer said of [Victim 1's Name].</p>"
    )
    assert spans(lint(html, "CD103")) == [
        ("CD103", 1, 20, 1, 36, "[Suspect's Name]"),
        ("CD103", 2, 46, 2, 63, "[Victim 1's Name]"),
    ]


def test_template_talk_makes_tokens_mentions():
    assert lint("<p>The template fills {message} and %s before sending.</p>", "CD103") == []
    assert [f.excerpt for f in lint("<p>{message}</p><p>Sent %s times.</p>", "CD103")] == ["{message}", "%s"]


def test_missing_value_spans_the_unit_or_slot():
    html = "<p>Lemon juice - tbsp</p>\n<p>Posted in , by</p>\n<p>Lemon juice - 2 tbsp</p>"
    assert spans(lint(html, "CD106")) == [("CD106", 1, 18, 1, 22, "tbsp"), ("CD106", 2, 4, 2, 13, "Posted in")]


def test_empty_slot_in_long_prose_is_left_alone():
    prose = "The committee met on Tuesday and voted in , which surprised nobody who had followed the long debate."
    assert lint(f"<p>{prose} {prose}</p>", "CD106") == []


def test_factless_story_needs_an_event_and_no_facts():
    filler = (
        "There has been a significant development in the ongoing investigation into the robbery downtown. "
        "Police have released new details, including potential leads based on recovered evidence. Investigators "
        "are examining footage and interviewing witnesses. The suspect remains at large, and officers urge anyone "
        "with information to come forward, officials said on the evening news as the search went on."
    )
    assert [f.rule for f in lint(f"<p>{filler}</p>", "CD107")] == ["CD107"]
    assert lint(f"<p>{filler.replace('downtown', 'in downtown Dayton')}</p>", "CD107") == []
    assert lint(f"<p>{filler.replace('a significant', 'a 3rd')}</p>", "CD107") == []


@pytest.mark.parametrize(
    "text",
    ["[Suspect's Name] " * 10_000, "{message} %s [ad_1] " * 5_000, "in , " * 20_000, "Lemon juice - tbsp, " * 10_000],
    ids=lambda t: repr(t[:12]),
)
def test_placeholder_rules_run_in_linear_time_on_adversarial_text(text):
    started = time.perf_counter()
    lint(f"<p>{text}</p>", "CD1")
    assert time.perf_counter() - started < 20  # quadratic behaviour would take minutes
