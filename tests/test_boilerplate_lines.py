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
