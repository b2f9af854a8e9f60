"""Attribution family (CD3xx): exact positions of the key cases, and the seed article."""

from __future__ import annotations

from .conftest import FIXTURES, lint, spans

SEED = (FIXTURES / "articles" / "nasa-japan-seed.html").read_text(encoding="utf-8")


def test_seed_has_exactly_its_attribution_defect():
    # The first-person "us" of Nelson's unquoted words; Kishida's paraphrase (no
    # first person), the Title Case agreement name and Nelson's quoted line are fine.
    assert spans(lint(SEED, "CD3")) == [("CD304", 38, 109, 38, 111, "us")]


def test_unattributed_quote_position_with_entities():
    html = "<p>The vote was close.</p>\n<p>&#8220;This is the worst flooding in decades.&#8221;</p>"
    assert spans(lint(html, "CD301")) == [
        ("CD301", 2, 4, 2, 56, "“This is the worst flooding in decades.”"),
    ]


def test_attributed_quotes_are_fine():
    cases = (
        "<p>“We cannot keep raising taxes on families,” the mayor said.</p>",
        "<p>The mayor put it bluntly: “We cannot keep raising taxes on families.”</p>",
        "<p>“We cannot keep raising taxes on families.” That is how Mayor Ruiz put it.</p>",
        "<p>The mayor said taxes would not rise.</p><p>“We cannot keep raising taxes on families.”</p>",
        "<p>Its name is “The Framework Agreement Between the Governments of Japan and the United States.”</p>",
        "<p>The so-called “reforms” were dropped.</p>",
        "<blockquote><p>“We cannot keep raising taxes on families.”</p></blockquote>",
    )
    for html in cases:
        assert lint(html, "CD301") == [], html


def test_multi_paragraph_quote_speaker_in_first_paragraph():
    html = (
        "<p>“We were told the water would never reach us,” said Tom Baker. “Then it came in.</p>"
        "<p>“By midnight the ground floor was under a metre of water.</p>"
        "<p>“We lost everything we had, and nobody has come to help.”</p>"
    )
    assert lint(html, "CD301", "CD303") == []


def test_unsourced_blockquote_position():
    html = "<p>The hearing ran late.</p>\n<blockquote><p>We will not back down on this. Ever.</p></blockquote>"
    assert spans(lint(html, "CD302")) == [("CD302", 2, 16, 2, 46, "We will not back down on this.")]


def test_sourced_and_embedded_blockquotes_are_fine():
    cases = (
        '<blockquote cite="https://example.org"><p>We will not back down on this at all.</p></blockquote>',
        "<blockquote><p>We will not back down on this at all.</p><footer>Sen. Doe</footer></blockquote>",
        "<blockquote><p>We will not back down on this at all.</p><p>&#8212; Sen. Doe</p></blockquote>",
        '<blockquote class="twitter-tweet"><p>We will not back down on this at all.</p></blockquote>',
        "<p>The senator said:</p><blockquote><p>We will not back down on this at all.</p></blockquote>",
    )
    for html in cases:
        assert lint(html, "CD302") == [], html


def test_unbalanced_quotes_positions():
    html = "<p>&#8220;We will rebuild by spring, the mayor said.</p>\n<p>The bridge reopens.&#8221;</p>"
    assert spans(lint(html, "CD303")) == [
        ("CD303", 1, 4, 1, 11, "“"),
        ("CD303", 2, 23, 2, 30, "”"),
    ]


def test_apostrophes_and_inch_marks_are_not_quotes():
    html = '<p>NASA’s ’90s rock ’n’ roll revival, and a 55" TV for the 6\'2" forward.</p>'
    assert lint(html, "CD303") == []


def test_unquoted_first_person_speech():
    html = "<p>The plan will let us hire more nurses, according to the hospital&#8217;s director.</p>"
    assert spans(lint(html, "CD304")) == [("CD304", 1, 22, 1, 24, "us")]


def test_paraphrase_quoted_speech_and_the_writers_own_voice_are_fine():
    cases = (
        "<p>The alliance would benefit from the agreement, according to Kishida.</p>",
        "<p>“This agreement will enable us to work together,” according to Nelson.</p>",
        "<p>We visited the site.</p>",
        "<p>The US will join next year, according to the State Department.</p>",
        "<p>World War I ended in 1918, according to the textbook.</p>",
    )
    for html in cases:
        assert lint(html, "CD304") == [], html


def test_partial_quotes_are_flagged_only_when_asked():
    html = "<p>The plan was dropped as a &#8220;reckless gamble with public money and public trust.&#8221;</p>"
    assert lint(html, "CD301") == []
    options = {"CD301": {"partial_quotes": True}}
    assert spans(lint(html, "CD301", options=options)) == [
        ("CD301", 1, 30, 1, 95, "“reckless gamble with public money and public trust.”")
    ]


def test_quote_led_in_by_a_comma_is_an_example_not_speech():
    html = "<p>Before you buy, ask yourself, &#8220;Will this just end up in the picture?&#8221;</p>"
    assert lint(html, "CD301", options={"CD301": {"partial_quotes": True}}) == []


def test_a_run_of_quotes_shares_one_lead_in():
    html = (
        "<p>Newcomers voice the same fears about speaking: &#8220;I&#8217;m not an expert.&#8221; "
        "&#8220;I don&#8217;t know how to write a proposal.&#8221; &#8220;I have never spoken to a crowd.&#8221;</p>"
    )
    assert lint(html, "CD301") == []


def test_quote_only_paragraphs_after_a_colon_share_the_lead_in():
    html = (
        "<p>The memo lists the key messages, which include:</p>\n"
        "<p>&#8226; &quot;Republicans promise once again to cut your Social Security benefits.&quot;</p>\n"
        "<p>&#8226; &quot;Social Security has been a bedrock of retirement security for decades.&quot;</p>\n"
        "<p>The vote is expected next week.</p>\n"
        "<p>&quot;Nobody told us the levee was failing until the water came in.&quot;</p>"
    )
    assert [(f.rule, f.line) for f in lint(html, "CD301")] == [("CD301", 5)]
