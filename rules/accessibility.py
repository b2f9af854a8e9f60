"""Accessibility family (CD701–CD703): images of the story and their ``alt`` text.

Judged only on images in the article body (site chrome, logos in the header
and tracking pixels are not the story's). Decorative images are accepted as
HTML defines them: ``alt=""``, ``role="presentation"``/``"none"`` or
``aria-hidden="true"`` — the corpus shows empty ``alt`` is common and usually
right, so it is never treated like a missing attribute.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from copydesk.engine.rule import IMAGES, Option, Rule, Severity, Violation, register
from copydesk.model.article import Article, Figure, TextUnit
from copydesk.model.element import Element

from ._attribution_words import CREDIT_LABEL
from ._shared import credit_start

_IMAGE_EXTENSION = r"(?:jpe?g|png|gif|webp|svg|bmp|tiff?|avif|heic|jfif)"
_FILE_NAME = re.compile(rf"[\w\-.()%+ ]{{0,200}}\.{_IMAGE_EXTENSION}", re.IGNORECASE)
_CAMERA_NAME = re.compile(
    r"(?:IMG|DSC[NF]?|PXL|DJI|GOPR|SAM|P|image|photo|screenshot|untitled)[_\- ]?\d{3,}[\w\-]{0,40}", re.IGNORECASE
)
#: ``alt`` values that name the medium, not the picture.
GENERIC_ALT = frozenset(
    (
        "image",
        "images",
        "photo",
        "photos",
        "picture",
        "img",
        "pic",
        "graphic",
        "photograph",
        "foto",
        "bild",
        "imagen",
        "immagine",
        "untitled",
        "placeholder",
        "thumbnail",
        "thumb",
        "alt",
        "alt text",
        "null",
        "undefined",
        "featured image",
        "image description",
        "header image",
        "main image",
        "article image",
        "photo image",
        "image placeholder",
        "no image",
        "insert image",
        "image here",
        "photo here",
    )
)
_CREDIT_ONLY = re.compile(
    rf"\(?\s?(?:{CREDIT_LABEL})\s?[:：/–—-]\s?[^\n]{{1,80}}|\(?(?:AP|AFP|EPA|Reuters|Getty Images|Shutterstock)"
    r"(?:\s?Photo)?\s?(?:/[^\n]{1,60})?\)?|©[^\n]{1,80}",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
# A file stem rather than a word: it has digits, underscores or hyphens ("flood-square", "img_2041").
_NAME_LIKE = re.compile(r"[\d_\-]")


#: Largest declared width or height, in CSS pixels, of an icon (a status tick,
#: a share button, a bullet): a picture of the story is never this small.
ICON_MAX_PX = 32
_DIMENSION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*", re.IGNORECASE)
# Words in an image's class or file name that say it is template furniture:
# a site logo, a person's avatar in a byline or comment, an icon or badge.
_FURNITURE_WORD = re.compile(
    r"(?:^|[\W_])(?:logo|logos|icon|icons|ico|favicon|avatar|avatars|gravatar|badge|badges|emoji|emoticon|"
    r"smiley|sprite|spinner|loader|loading|spacer|pixel|blank|transparent|bullet|arrow|btn|button)(?:$|[\W_\d])",
    re.IGNORECASE,
)
# The narrower set trusted in a file name, where a story picture may be called
# "pixel-9-review.jpg" or "new-arrow-bridge.jpg".
_FURNITURE_FILE = re.compile(
    r"(?:^|[\W_])(?:logo|icon|icons|favicon|avatar|gravatar|emoji|sprite|spinner|spacer|1px|loading|overlay)"
    r"(?:$|[\W_\d@])",
    re.IGNORECASE,
)
#: Largest side, in pixels, of a crop named in its file name that is still a thumbnail.
THUMBNAIL_MAX_PX = 160
_SIZE_IN_NAME = re.compile(r"[-_](\d{2,4})x(\d{2,4})(?:$|[-_@])")


def _dimension(value: str | None) -> float | None:
    match = _DIMENSION.fullmatch(value) if value else None
    return float(match.group(1)) if match else None


def is_decorative(image: Element) -> bool:
    """Images that are not pictures of the story, so alt rules leave them alone.

    HTML's own marks (``role="presentation"``/``"none"``, ``aria-hidden``);
    icons and tracking pixels by their declared size (``width="20px"`` counts;
    a picture the story shows is far larger than :data:`ICON_MAX_PX`); and
    template furniture named as such in the image's class or file name (a
    logo, an avatar, an icon, a badge, a spacer); and a picture that is a link
    to another page — a teaser in a related-stories rail, a product card, a
    badge, a logo linking home. On the 482 published pages of the corpus, 73 of
    75 images judged in such links were furniture, not the story's pictures
    (a picture linking to its own full-size file still counts).
    """
    if image.get("role") in ("presentation", "none") or image.get("aria-hidden") == "true":
        return True
    sizes = [size for size in (_dimension(image.get("width")), _dimension(image.get("height"))) if size is not None]
    if sizes and max(sizes) <= ICON_MAX_PX:
        return True
    placed_in_story = any(_CONTENT_CLASS.match(token) for token in image.classes)
    if not placed_in_story and any(_FURNITURE_WORD.search(token) for token in image.classes):
        return True  # (a story picture's classes may say "loading": its lazy loader's state)
    if not placed_in_story and _links_elsewhere(image):
        return True
    if image.find_parent("figcaption") is not None:
        return True  # a picture inside a caption is its icon (a camera, a play button), not a picture of its own
    name = _file_name(_source(image))
    stem = name.rsplit(".", 1)[0] if name else ""
    if _FURNITURE_FILE.search(stem):
        return True
    # A size in the file name, as CMSs name their crops ("wall-125x83.jpg"): a
    # thumbnail that small is a related-post card's, not a picture the story shows.
    size = _SIZE_IN_NAME.search(stem)
    return size is not None and max(int(size.group(1)), int(size.group(2))) <= THUMBNAIL_MAX_PX


# Classes CMSs give a picture placed in the story itself (WordPress's wp-image-123,
# size-full, aligncenter; "article-image"): linked or not, it is the story's picture.
_CONTENT_CLASS = re.compile(
    r"(?:wp-image-\d+|size-(?:full|large|medium)|align(?:center|left|right|none)|"
    r"(?:article|story|content|post|entry)[-_]image)$",
    re.IGNORECASE,
)
_IMAGE_FILE = re.compile(rf"\.{_IMAGE_EXTENSION}$", re.IGNORECASE)


def _links_elsewhere(image: Element) -> bool:
    """Whether the image sits in a link to a page (not to an image file, its own enlargement)."""
    link = image.find_parent("a")
    if link is None:
        return False
    href = (link.get("href") or "").strip()
    if not href or href.startswith("#"):
        return False
    path = urlsplit(href).path if "://" in href or href.startswith("/") else href.split("?", 1)[0]
    return not _IMAGE_FILE.search(path)


def _source(image: Element) -> str:
    """Where the picture comes from, as the page gives it.

    Lazy loaders keep the real address in ``data-src`` (or ``srcset``) and a
    placeholder in ``src``, often an inline ``data:`` image; a picture whose
    only source is inline data is an icon or a placeholder, so the inline
    source is returned only when there is nothing else.
    """
    inline = ""
    for attribute in ("src", "data-src", "data-lazy-src", "data-original", "srcset", "data-srcset"):
        value = (image.get(attribute) or "").strip()
        if value.startswith("data:"):
            inline = inline or value
        elif value and value not in ("#", "about:blank"):
            return value
    return inline


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" .()[]").casefold()


@register
class MissingAlt(Rule):
    """An image in the article body with no ``alt`` attribute.

    ``alt=""`` (decorative) is accepted, as are ``role="presentation"``,
    ``aria-hidden="true"``, an ``aria-label``/``aria-labelledby`` naming the
    image, and tracking pixels. The finding is the ``<img>`` tag.
    """

    code = "CD701"
    name = "missing-alt"
    category = "accessibility"
    scope = IMAGES
    severity = Severity.WARNING
    summary = "An image in the article body has no alt attribute."
    why = (
        "Without alt, screen readers read the file name or say 'image', and readers on slow or failed loads see "
        'nothing; a story\'s pictures need a description, decorative ones an explicit alt="".'
    )
    bad = (
        '<p>The flood reached the square.</p><figure><img src="square.jpg"><figcaption>The square</figcaption></figure>'
    )
    good = '<p>The flood reached the square.</p><figure><img src="square.jpg" alt="Water covers the square"></figure>'

    def check_image(self, image: Element, article: Article) -> Iterator[Violation]:
        if image.has_attr("alt") or is_decorative(image):
            return
        src = _source(image)
        if not src or src.startswith("data:"):
            return  # no picture yet (a script fills it in), or an inline icon or placeholder
        if image.get("aria-label") or image.get("aria-labelledby"):
            return
        copies = article.memo(_missing_alt_copies, lambda: _missing_alt_copies(article))
        same = copies.get(src, [])
        if same and same[0] is not image:
            return  # the same picture again (a table's status icon, a noscript copy): reported once
        message = 'image has no alt attribute (use alt="" if it is decorative)'
        if len(same) > 1:
            message += f"; the same image appears {len(same) - 1} more time(s) without alt"
        yield Violation(article.anchor(image), 0, 0, message)


def _missing_alt_copies(article: Article) -> dict[str, list[Element]]:
    """The article's images without ``alt``, grouped by where the picture comes from."""
    groups: dict[str, list[Element]] = {}
    for image in article.images:
        if not image.has_attr("alt"):
            groups.setdefault(_source(image), []).append(image)
    return groups


def _figure_of(article: Article) -> dict[int, Figure]:
    return {id(figure.image): figure for figure in article.figures if figure.image is not None}


def _credits(figure: Figure | None) -> list[str]:
    """The figure's credit texts: credit blocks and the credit part of its caption."""
    if figure is None:
        return []
    found = [block.text for block in figure.credits if block.text.strip()]
    if figure.caption is not None and figure.caption.text:
        text = figure.caption.text
        start = credit_start(text)
        if start < len(text):
            found.append(text[start:])
    return found


def _file_name(src: object) -> str:
    if not isinstance(src, str) or not src or src.startswith("data:"):
        return ""
    path = urlsplit(src.strip()).path
    return unquote(path.rsplit("/", 1)[-1])


@register
class UnhelpfulAlt(Rule):
    """``alt`` text that describes nothing: a file name, a word for the medium
    ("image", "photo"), or the picture's credit.

    The finding is the ``alt`` value itself.
    """

    code = "CD702"
    name = "unhelpful-alt"
    category = "accessibility"
    scope = IMAGES
    severity = Severity.WARNING
    summary = "An image's alt text is a file name, a word like 'image' or 'photo', or the photo credit."
    why = (
        "A screen-reader user hears the alt text instead of seeing the picture; 'IMG_2041.jpg', 'photo' or "
        "'Jane Doe/Reuters' tells them nothing about what it shows. CMSs fill alt from the file name or credit "
        "field when the editor leaves it empty."
    )
    bad = '<figure><img src="/uploads/IMG_2041.jpg" alt="IMG_2041.jpg"><figcaption>The square</figcaption></figure>'
    good = '<figure><img src="/uploads/IMG_2041.jpg" alt="Water covers the town square"></figure>'

    def check_image(self, image: Element, article: Article) -> Iterator[Violation]:
        if is_decorative(image):
            return
        alt = article.attribute(image, "alt")
        if alt is None or not alt.text.strip():
            return
        problem = self._problem(alt, image, article.memo(_figure_of, lambda: _figure_of(article)).get(id(image)))
        if problem:
            text = alt.text
            start = len(text) - len(text.lstrip())
            end = len(text.rstrip())
            yield Violation(
                alt, start, end, f"alt text '{text.strip()[:80]}' {problem}; describe what the picture shows"
            )

    @staticmethod
    def _problem(alt: TextUnit, image: Element, figure: Figure | None) -> str | None:
        text = alt.text.strip()
        normal = _normal(text)
        if normal in GENERIC_ALT:
            return "names the medium, not the picture"
        name = _file_name(image.get("src") or image.get("data-src"))
        stem = name.rsplit(".", 1)[0].casefold() if name else ""
        if (
            _FILE_NAME.fullmatch(text)
            or _CAMERA_NAME.fullmatch(text)
            or (name and normal == name.casefold())
            or (stem and normal == stem and _NAME_LIKE.search(stem) is not None)
        ):
            return "is a file name"
        for credit in _credits(figure):
            credit = _normal(credit)
            if normal == credit or (len(normal) >= 5 and credit.endswith(normal) and "/" in normal):
                return "is the photo credit"
        if len(text) <= 80 and _CREDIT_ONLY.fullmatch(text):
            return "is a photo credit"
        return None


@register
class LongAlt(Rule):
    """``alt`` text longer than ``max_chars`` characters.

    Alt is read out in one go and cannot be skimmed or paused by sentence in
    every screen reader; a long description belongs in the caption or the
    text (or ``aria-describedby``). The finding covers the characters past the limit.
    """

    code = "CD703"
    name = "long-alt"
    category = "accessibility"
    scope = IMAGES
    severity = Severity.INFO
    summary = "An image's alt text is very long (over 250 characters by default)."
    why = (
        "Alt text is heard in one breath; past a sentence or two it becomes a caption that screen-reader users "
        "cannot skim, and often is the caption or article text pasted in."
    )
    options = (Option("max_chars", 250, "Longest alt text, in characters, before it is flagged."),)
    bad = (
        '<figure><img src="a.jpg" alt="'
        + "Water covers the town square after the river burst its banks. " * 5
        + '"></figure>'
    )
    good = '<figure><img src="a.jpg" alt="Water covers the town square after the river burst its banks"></figure>'

    def check_image(self, image: Element, article: Article) -> Iterator[Violation]:
        limit = self.config["max_chars"]
        alt = article.attribute(image, "alt")
        if alt is None:
            return
        text = alt.text.rstrip()
        if len(text) > limit:
            yield Violation(
                alt,
                limit,
                len(text),
                f"alt text is {len(text)} characters long (over {limit}): move detail to the caption",
            )
