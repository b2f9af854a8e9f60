"""Credit family (CD2xx): exact positions of the key cases, and the seed article."""

from __future__ import annotations

import pytest

from .conftest import FIXTURES, lint, spans
from .text_fixtures import check_text_fixture, text_fixtures

SEED = (FIXTURES / "articles" / "nasa-japan-seed.html").read_text(encoding="utf-8")


def test_seed_has_exactly_its_credit_defects():
    found = spans(lint(SEED, "CD2"))
    assert found == [
        ("CD204", 34, 137, 34, 169, "NASA strengthens ties with Japan"),  # the alt
        ("CD204", 34, 265, 34, 297, "NASA strengthens ties with Japan"),  # the caption, credit excluded
        ("CD201", 34, 298, 34, 313, "(Credit –"),  # the credit's own characters, entity included
    ]


def test_broken_credit_flags_the_credit_not_the_caption():
    html = '<figure><img src="a.jpg" alt="x"><figcaption>Storm damage (Credit &#8211;</figcaption></figure>'
    assert spans(lint(html, "CD201")) == [("CD201", 1, 59, 1, 74, "(Credit –")]


def test_broken_credit_label_alone_and_unclosed_paren():
    html = (
        '<figure><img src="a.jpg" alt="x"><figcaption>Harbour. Photo:</figcaption></figure>\n'
        '<figure><img src="b.jpg" alt="x"><figcaption>Bridge (Photo: Jane Doe/Reuters</figcaption></figure>\n'
        '<figure><img src="c.jpg" alt="x"><span class="credit">Credit:</span></figure>'
    )
    assert spans(lint(html, "CD201")) == [
        ("CD201", 1, 55, 1, 61, "Photo:"),
        ("CD201", 2, 53, 2, 77, "(Photo: Jane Doe/Reuters"),
        ("CD201", 3, 55, 3, 62, "Credit:"),
    ]


def test_complete_credits_are_not_broken():
    for credit in (
        "(Photo: Jane Doe/Reuters)",
        "Credit: Jane Doe for The Ledger",
        "Jane Doe/Getty Images",
        "(AP Photo/Jane Doe)",
        "Courtesy of the Museum",
        "Image: NASA",
        "File photo",
        "Handout",
        "Illustration by Jane Doe",
    ):
        html = f'<figure><img src="a.jpg" alt="x"><figcaption>The scene. {credit}</figcaption></figure>'
        assert lint(html, "CD201", "CD202") == [], credit


def test_label_whose_name_is_in_the_next_element_is_not_broken():
    html = (
        '<figure><img src="a.jpg" alt="x"><figcaption>The court '
        '<span class="credit-label">Credit:</span> <span class="credit">Jane Doe</span></figcaption></figure>'
    )
    assert lint(html, "CD201") == []


def test_placeholder_credit_positions():
    html = (
        '<figure><img src="a.jpg" alt="x"><figcaption>Flood. Credit: TBD</figcaption></figure>\n'
        '<figure><img src="b.jpg" alt="x"><figcaption>Flood. Photo: [name]</figcaption></figure>'
    )
    assert spans(lint(html, "CD202")) == [
        ("CD202", 1, 53, 1, 64, "Credit: TBD"),
        ("CD202", 2, 53, 2, 66, "Photo: [name]"),
    ]


def test_placeholder_tokens_inside_names_are_not_placeholders():
    html = '<figure><img src="a.jpg" alt="x"><figcaption>Flood. Photo: TKO Studios</figcaption></figure>'
    assert lint(html, "CD202") == []


CREDITED = '<figure><img src="{0}.jpg" alt="{0}"><figcaption>The {0}. (Photo: Jane Doe/Reuters)</figcaption></figure>'
UNCREDITED = '<figure><img src="{0}.jpg" alt="{0}"><figcaption>The {0} after the flood.</figcaption></figure>'


def test_missing_credit_flags_the_one_uncredited_figure():
    html = "\n".join((CREDITED.format("dam"), CREDITED.format("river"), UNCREDITED.format("town")))
    assert spans(lint(html, "CD203")) == [("CD203", 3, 52, 3, 77, "The town after the flood.")]


def test_missing_credit_needs_a_credited_majority_and_several_figures():
    single = UNCREDITED.format("town")
    tie = "\n".join((CREDITED.format("dam"), UNCREDITED.format("town")))
    half = "\n".join((CREDITED.format("dam"), CREDITED.format("river"), UNCREDITED.format("a"), UNCREDITED.format("b")))
    logo = "\n".join(
        (CREDITED.format("dam"), CREDITED.format("river"), '<figure><img src="logo.png" alt="Ledger"></figure>')
    )
    for html in (single, tie, half, logo):
        assert lint(html, "CD203") == [], html


def test_headline_as_alt_and_caption():
    html = (
        "<h1>Council approves new budget for city schools</h1>\n"
        '<figure><img src="a.jpg" alt="Council approves new budget">'
        "<figcaption>Council approves new budget for city schools (Photo: Jane Doe)</figcaption></figure>"
    )
    assert spans(lint(html, "CD204")) == [
        ("CD204", 2, 31, 2, 58, "Council approves new budget"),
        ("CD204", 2, 72, 2, 116, "Council approves new budget for city schools"),
    ]


def test_descriptions_sharing_words_with_the_headline_are_fine():
    html = (
        "<h1>Council approves new budget for city schools</h1>\n"
        '<figure><img src="a.jpg" alt="Council approves"><figcaption>Council approves, 7 to 2</figcaption></figure>\n'
        '<figure><img src="b.jpg" alt="City schools will get the budget the council approved"></figure>'
    )
    assert lint(html, "CD204") == []


# --- plain text and scraped pages: labels, credits and slugs standing alone (CD201, CD205-CD210) ---


@pytest.mark.parametrize("path", text_fixtures("CD2"), ids=lambda p: p.stem)
def test_plain_text_fixture(path):
    check_text_fixture(path)


def test_plain_text_credit_and_byline_lines():
    from copydesk.engine.config import Config
    from copydesk.engine.lint import lint_source
    from copydesk.source.text import SourceText

    text = (
        "Fans cheered as the striker arrived at the stadium in the rain on Tuesday. (Photo by)\r\n"
        "By \u2022 March 4, 2024\r\n"
        "\r\n"
        "Published\r\n"
        "March 4, 2024\r\n"
    )
    source = SourceText.from_bytes(text.encode("utf-8"), "story.txt")
    findings = lint_source(source, Config(select=("CD2",))).findings
    assert spans(findings) == [
        ("CD201", 1, 76, 1, 86, "(Photo by)"),
        ("CD205", 2, 1, 2, 5, "By \u2022"),
    ]


def test_file_cut_mid_credit_is_not_judged():
    from copydesk.engine.config import Config
    from copydesk.engine.lint import lint_source
    from copydesk.source.text import SourceText

    text = "The singer on stage at the awards on Sunday night. (Photo by Kevin Win"
    source = SourceText.from_bytes(text.encode("utf-8"), "cut.txt")
    assert lint_source(source, Config(select=("CD2",))).findings == []


@pytest.mark.parametrize(
    "text",
    [
        "Recording AcademyPrince is here.\n" * 5_000,
        "(Photo by)(Photo by)" * 5_000,
        "By •\nPublished\n" * 5_000,
        "youths die in accident in town\n" * 5_000,
        "Photo: Jane Doe Photo: " * 5_000,
    ],
    ids=lambda t: repr(t[:12]),
)
def test_credit_rules_run_in_linear_time_on_adversarial_text(text):
    import time

    from copydesk.engine.config import Config
    from copydesk.engine.lint import lint_source
    from copydesk.source.text import SourceText

    started = time.perf_counter()
    lint_source(SourceText.from_bytes(text.encode("utf-8"), "hostile.txt"), Config(select=("CD2",)))
    lint(f"<p>{text}</p>", "CD2")
    assert time.perf_counter() - started < 20  # quadratic behaviour would take minutes


def test_headline_as_alt_on_a_repeated_picture_is_reported_once():
    """A series logo repeated on each chapter carries one slip, not one per copy."""
    figure = '<figure><img src="series-logo.png" alt="Seven wonders of the modern world"></figure>'
    html = "<article><h1>Seven wonders of the modern world</h1><p>The first wonder is the bridge.</p>"
    html += (figure + "<p>The next wonder is the tunnel under the sea.</p>") * 3 + "</article>"
    assert len(lint(html, "CD204")) == 1
