"""Accessibility rules (CD701–CD703): body images and their alt text."""

from __future__ import annotations

from .conftest import lint, spans


def test_missing_alt_at_the_img_tag_decorative_accepted():
    html = '<p>Flood.</p>\n<img src="a.jpg">\n<img src="b.jpg" alt="">\n<img src="c.jpg" role="presentation">'
    html += '\n<div class="share"><img src="fb.png"></div>'
    assert spans(lint(html, "CD701")) == [("CD701", 2, 1, 2, 1, "")]


def test_unhelpful_alt_file_name_medium_and_credit():
    html = (
        '<img src="/u/IMG_2041.jpg" alt="IMG_2041.jpg">\n<img src="x.jpg" alt=" Photo ">\n'
        '<figure><img src="y.jpg" alt="Jane Doe/Reuters">'
        "<figcaption>Square. (Photo: Jane Doe/Reuters)</figcaption></figure>\n"
        '<img src="square.jpg" alt="Square">\n'
        '<img src="z.jpg" alt="A photo album rescued from the flood">'
    )
    found = [(f.line, f.excerpt, f.message.split("' ")[1].split(";")[0]) for f in lint(html, "CD702")]
    assert found == [
        (1, "IMG_2041.jpg", "is a file name"),
        (2, "Photo", "names the medium, not the picture"),
        (3, "Jane Doe/Reuters", "is the photo credit"),
    ]


def test_long_alt_option():
    alt = "Water covers the square. " * 12
    assert [f.rule for f in lint(f'<img src="a.jpg" alt="{alt}">', "CD703")] == ["CD703"]
    assert not lint(f'<img src="a.jpg" alt="{alt}">', "CD703", options={"CD703": {"max_chars": 400}})
