"""copydesk.model.boilerplate_lines: site text in plain text that generalises past the tuned strings (issue #21)."""

from __future__ import annotations

import pytest
from copydesk.model.boilerplate_lines import (
    classify_more,
    function_word_density,
    glued_tail,
    story_lead_in,
    vocabulary,
)


def test_vocabulary_is_one_data_file_with_every_kind():
    vocab = vocabulary()
    for kind in ("related", "headings", "ads", "read_more", "buttons", "contents", "media", "comments", "links"):
        assert vocab[kind], kind
    assert "reklama" in vocab["ads"] and "читайте также" in vocab["related"]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Reklama", "ad label"),
        ("PUBBLICITÀ", "ad label"),
        ("Читайте также:", "related-story label"),
        ("Leggi anche", "related-story label"),
        ("Most popular posts from our site", None),  # not a known heading with a known qualifier
        ("Popular posts from this blog", "widget heading"),
        ("Latest news with #floods", "widget heading"),
        ("Tabla de contenidos:", "table of contents"),
        ("Inhaltsverzeichnis", "table of contents"),
        ("VÍDEO (ARCHIVO)", "embed label"),
        ("Please enter your comment!", "comment form"),
        ("Deja un comentario", "comment form"),
        ("Direct link to download the admit card", "link button"),
        ("Read more about Leo weekly horoscope", "call to action"),
        ("STORY CONTINUES BELOW THIS AD", "widget heading"),
        ("Tracking pixel", "tracking pixel label"),
        ("Diesen Beitrag auf Instagram ansehen", "embed fallback text"),
        ("Una publicación compartida por Ana (@ana)", "embed fallback text"),
        ("Nous utilisons des cookies pour améliorer votre expérience.", "cookie notice"),
        ("Udostępnij", "button or control text"),
        ("Подробнее →", "read-more link"),
        ("Leer más", "read-more link"),
        ("Details", None),  # one Latin word may be a subheading
        ("Ascolta ora 00:00 00:00", "audio or video player"),
        ("Official Website Link", "link button"),
        ("Check Admit Card Status Here", "link button"),
        ("The Missing Link", None),  # a subheading: no word says what the link would do
        ("Why winter is finally here", None),
        ("The results are here", None),
        ("ఇవి కూడా చదవండి: రైతుల ఖాతాల్లోకి కొత్త విడత", "related-story line"),  # Telugu "read these also"
        ("Listen 12:30", "audio or video player"),
        ("Etiquetas: pollo, horno, receta", "tag or category field"),
        ("ADVERTISEMENT - SCROLL TO CONTINUE", "ad label"),
        ("Abonnez-vous à notre newsletter !", "call to action"),
        ("Follow us for updates. Klik untuk follow WhatsApp Channel", "call to action"),
    ],
)
def test_whole_line_labels(line, kind):
    found = classify_more(line)
    assert (found.kind if found is not None else None) == kind


@pytest.mark.parametrize(
    "line",
    [
        "Read more about the study in Nature.",  # prose: a whole sentence
        "Contents of the council report were published on Friday.",
        "VIDEO GAMES ARE BOOMING IN THE CITY CENTRE",  # a capitals subheading, not an embed label
        "Click here to read the full report, the council said.",
        "{comments}",  # a template token: the placeholder rules' to report
        "Comments from residents were mostly positive, the survey found.",
        "The mayor said she had read the plan twice. Getty Images",
        "She said she would read more about it. More",
        "Tag: Montag",  # the German word for day, not a tag field
        "Label: Sony Music",
        "Anuncio: el gobierno subirá las pensiones",  # an announcement, not an ad label
        "Advertisement revenue fell 5% in the quarter",
        "He began to follow the band on Instagram in 2019.",  # the verb does not open the sentence
    ],
)
def test_prose_and_near_misses_are_not_site_text(line):
    assert classify_more(line) is None


def test_related_label_opening_a_line_reports_the_label_with_its_colon():
    line = "ЧИТАЙТЕ ТАКЖЕ: Певица впервые рассказала о новом альбоме"
    found = classify_more(line)
    assert found is not None and line[found.start : found.end] == "ЧИТАЙТЕ ТАКЖЕ:" and found.whole


@pytest.mark.parametrize(
    ("paragraph", "tail"),
    [
        (
            "The fair opens on Friday and runs for ten days across the old town. Tickets are free. Read more",
            "Read more",
        ),
        ("Die Messe beginnt am Freitag und dauert zehn Tage in der ganzen Altstadt. Weiterlesen", "Weiterlesen"),
        ("মেলা শুক্রবার শুরু হবে এবং দশ দিন ধরে পুরোনো শহরে চলবে আর টিকিট... বিস্তারিত", "বিস্তারিত"),
        ("Der Minister besuchte am Montag die neue Schule in der Stadt. (Foto) Teilen", "(Foto) Teilen"),
        ("The council met on Monday and agreed the budget for the coming year […] Read more", "Read more"),
    ],
)
def test_link_label_glued_after_the_last_sentence(paragraph, tail):
    found = glued_tail(paragraph)
    assert found is not None and paragraph[found[0] : found[1]] == tail


@pytest.mark.parametrize(
    "paragraph",
    [
        "The fair opens on Friday and runs for ten days across the old town, organisers said.",
        "The fair opens on Friday and runs for ten days. Photo: Jane Doe/Reuters",
        "Read more",  # too short to be a paragraph with a tail: the whole-line tests judge it
        "The fair opens on Friday and runs for ten days across the old town. Then",
    ],
)
def test_no_glued_tail(paragraph):
    assert glued_tail(paragraph) is None


def test_function_word_density_tells_prose_from_a_label():
    assert function_word_density("If a farmer has not been paid, he can follow these steps:") >= 0.3
    assert function_word_density("Lesen Sie auch") < 0.7
    assert function_word_density("") == 0.0


def test_a_story_lead_in_is_not_a_widget_label():
    assert story_lead_in("If a farmer has not received a payment, he or she can follow these steps:")
    assert not story_lead_in("Lesen Sie auch:")
    assert not story_lead_in("The council will vote in June.")


def _cd401_lines(text: str) -> list[int]:
    from copydesk.engine.config import Config
    from copydesk.engine.lint import lint_source
    from copydesk.source.text import SourceText

    result = lint_source(SourceText.from_bytes(text.encode("utf-8"), "page.txt"), Config(select=("CD401",)))
    return [finding.line for finding in result.findings]


def test_the_storys_own_list_after_a_label_is_not_a_related_rail():
    """A capitals label over the story's own bullet list, at the page's end, is the story's."""
    text = (
        "How to renew your library card\n\n"
        "The city library now lets members renew their cards online, a spokeswoman said on Monday. "
        "The change takes effect next week.\n\n"
        "Members who prefer to visit in person can still do so at any branch during opening hours, she said.\n\n"
        "KEY STEPS:\n\n"
        "- Log in to the library website with your member number\n"
        "- Choose the renewal option on your account page\n"
    )
    assert _cd401_lines(text) == []


def test_a_lead_in_and_its_steps_after_the_story_are_the_storys_own():
    text = (
        "Farmers wait for the next instalment\n\n"
        "The government has set a timeline for each instalment, officials said on Tuesday. "
        "The actual date may vary with verification.\n\n"
        "3. What should I do if I have not received a payment?\n"
        "If a farmer has not received a payment despite being eligible, he or she can follow these steps:\n"
        "– Check the payment status on the official website\n"
        "– Contact the district agriculture office\n"
        "– Call the helpline number given on the website\n"
    )
    assert _cd401_lines(text) == []


_STORY = (
    "Harbour bridge closes for repairs\n\n"
    "The harbour bridge will close for three weeks of repairs from Monday, the council said. "
    "Ferries will run every ten minutes while the bridge is shut.\n\n"
    "Engineers found corrosion in the bridge deck during an inspection in May, a council engineer said.\n\n"
)


def test_two_headlines_on_other_topics_ending_the_page_are_other_stories_links():
    rail = "Singer announces world tour dates for next summer\n\nLocal bakery wins national award for sourdough\n"
    text = _STORY + rail
    assert _cd401_lines(text) == [7, 9]


def test_a_subheading_and_a_cut_paragraph_on_the_storys_topic_are_the_storys():
    text = _STORY + "What the repairs will cost the harbour\n\nThe council expects the bridge repairs to cost\n"
    assert _cd401_lines(text) == []


def test_a_weekday_date_under_the_headline_is_the_storys_date_line():
    story = "The harbour bridge will close for three weeks of repairs from Monday, the council said on Friday.\n"
    assert _cd401_lines("Harbour bridge closes for repairs\n\nFriday, June 6, 2025\n\n" + story) == []
    assert _cd401_lines("Friday, June 6, 2025\n\nHarbour bridge closes for repairs\n\n" + story) == [1]


def test_a_label_above_the_headline_does_not_take_the_headline_as_a_link():
    text = "Breaking News\n\n" + _STORY
    assert _cd401_lines(text) == [1]


def test_a_label_glued_after_three_paragraphs_is_a_link_label_in_any_language():
    paragraph = (
        "Bugün iş hayatında yeni fırsatlar kapınızı çalabilir ve sevdiklerinizle güzel vakit geçireceksiniz. "
        "Maddi konularda acele kararlar vermekten kaçının, akşam saatlerinde eski bir dostunuzdan haber alabilir "
        "ve uzun zamandır ertelediğiniz bir planı hayata geçirebilirsiniz. "
    )
    text = "Günlük burç yorumları\n\n" + "\n\n".join(paragraph + "Devamını okuyun" for _ in range(3)) + "\n"
    assert _cd401_lines(text) == [3, 5, 7]


def test_a_credit_or_a_single_tail_is_not_a_repeated_label():
    caption = "The mayor opens the new bridge over the river on Monday morning. Getty Images"
    assert _cd401_lines("Bridge opens\n\n" + "\n\n".join([caption] * 3) + "\n") == []
    one = "The council met on Monday and agreed the budget for the coming year. Then"
    assert _cd401_lines("Budget agreed\n\n" + one + "\n") == []
