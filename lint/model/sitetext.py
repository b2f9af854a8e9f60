"""Site text: is a line of a page the story, or the site around it?

A scraped page's text holds more than the story: navigation and breadcrumbs,
widget headings ("Trending Now", "Popular Posts"), related-story lines
("Also read …"), counters ("0 Comments", "51 views"), buttons ("Back to top",
"Loading..."), prompts (newsletter, notifications, "Follow us on …"), comment
forms, tag lists and footers. A phrase list catches the strings it was given
and nothing else; this module judges a line by the *kind of text* it is, in
the manner of jusText and trafilatura's boilerplate classifiers:

* **shape** — how long the line is, whether it is a sentence (end punctuation,
  enough words) or a label (a few capitalised words, no verb, no full stop);
* **vocabulary** — the small, closed vocabulary sites use for their own
  furniture, in several languages: widget nouns (*news, posts, stories,
  videos*) with widget modifiers (*related, popular, trending, latest, most,
  top, must, more*), counter nouns after a number (*comments, views, likes*),
  button words, call-to-action verbs addressed to the reader about the site
  itself (*follow us, subscribe to our, keep an eye on our website*);
* **repetition** — a keyword line that repeats one word in every segment
  (``Bitcoin news today – Bitcoin falls – Bitcoin latest update``).

Where a line stands (above the headline, after the story's last sentence) is
the reader's job (:mod:`copydesk.model.plaintext`): this module only says what
a line *is* when read alone, and where in it the site text lies.

Why not jusText itself: its classifier reads an lxml DOM and judges short
blocks by their neighbours, so a widget heading between two story paragraphs
comes out "good" — the very line an editor wants flagged — and it has no notion
of a label glued to a paragraph. Its idea (length, stop-word density, link
density, context) is kept; the vocabulary here is what tells site text apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: A metadata date stamp in front of a line (``2024-01-05 Home``): not part of what the line is.
_DATE_PREFIX = re.compile(
    r"^\s*(?:(?:date|published|updated)\s*:?\s*)?\d{4}-\d{2}(?:-\d{2})?(?:[ T]\d{2}:\d{2}\S*)?\s+", re.I
)
_TOKEN = re.compile(r"[\s/|–—]+")
_EDGE_PUNCTUATION = "\"'“”‘’()[]{}<>.,;:!?¡¿…-–—*•·|/\\#@%&+=~^_`"
_SENTENCE_END = re.compile(r"[.!?。।॥؟]['\"”’)\]]*$")
_CUT_END = re.compile(r"(?:\.\.\.|…)\s*$")

# --- vocabulary -----------------------------------------------------------------

# Widget modifiers and nouns: a short line made only of these (and small words) is a widget heading.
_MODIFIERS = frozenset(
    "related popular trending latest top most recent recommended featured other more similar suggested "
    "editor's editors' editor’s editors’ must don't dont don’t also next previous breaking hot viral sponsored "
    "great new more read view see".split()
)
_NOUNS = frozenset(
    "news stories story posts post articles article videos video reads read picks links topics recipes photos "
    "galleries gallery headlines updates content miss shorts today now pick items reading watch viewed shared "
    "commented all popular".split()
)
_SMALL = frozenset(
    "a an the to of on in for from you your this that our us we may might also like and or with at by".split()
)
# Headings and labels in other languages (and English idioms the word test cannot see).
_WIDGET_PHRASES = re.compile(
    r"^(?:"
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in)(?: to read| reading)?|"
    r"what to (?:click|read|watch) next|up next|read next|editor'?s'? (?:picks|choice)|in case you missed it|"
    r"don[’']?t miss(?: this| out)?|view all|see all|show more|load more|more from .{1,30}|"
    r"stay in the know|stay informed|never miss a (?:story|thing|post)|"
    r"(?:যা )?(?:আরও|আরো) (?:পড়ুন|খবর)|সর্বাধিক পঠিত|জনপ্রিয়(?: খবর)?|"
    r"(?:यह|ये|इसे) भी पढ़ें|और पढ़ें|ज़?रूर पढ़ें|जरूर पढ़ें|संबंधित (?:खबरें|ख़बरें|लेख)|ट्रेंडिंग(?: न्यूज़?)?|"
    r"lesen sie auch|auch interessant|mehr zum thema|das könnte sie auch interessieren|meistgelesen|"
    r"weitere (?:artikel|nachrichten|meldungen)|top-themen|empfehlungen(?: der redaktion)?|"
    r"(?:à )?lire aussi|à lire (?:aussi|également)|sur le même (?:sujet|thème)|les plus lus|articles similaires|"
    r"voir aussi|lee también|te puede interesar|lo más leído|leia também|leia mais|mais lidas|"
    r"notícias relacionadas|artículos relacionados"
    r")\W*$",
    re.I,
)
# Ad slot labels, alone on a line.
_AD_LABEL = re.compile(
    r"^\W*(?:advertisements?|advertisment|advertising|ads?|sponsored(?: content| post)?|promoted(?: content)?|"
    r"paid (?:content|partnership)|anzeige|werbung|publicité|publicidad|publicidade|विज्ञापन|বিজ্ঞাপন)\W*$",
    re.I,
)
# Buttons and controls that survive as text: alone on a line.
_BUTTON = re.compile(
    r"^\W*(?:loading|please wait|x|×|close|menu|search|back to top(?: button)?|scroll to top|go to top|"
    r"skip to (?:main )?content|got it|press esc to close|print|email|e-mail|bookmark|shortlink|copy link|"
    r"share|tweet|pin it|whatsapp|save|reply|cancel reply|read more|continue reading|view comments|"
    r"show comments|comments?|report an error|listen to this article|listen|play video|watch video|"
    r"click to (?:load|play|expand)|tap to (?:load|play|expand)|log ?in|sign ?in|sign ?up|register|subscribe|"
    r"scroll to continue(?: with content)?|continue reading below|advertisement - continue reading below|"
    r"privacy policy|terms (?:of use|of service|and conditions|& conditions)|contact us|about us|"
    r"advertise with us|sitemap|weiterlesen|mehr lesen|lire la suite|leer más|ler mais|आगे पढ़ें|और भी पढ़ें|"
    r"हमें फॉलो करें|फॉलो करें|शेयर करें|শেয়ার করুন|আমাদের ফলো করুন)\W*$",
    re.I,
)
# Counters: a number with a counter noun (``0 Comments``, ``51 views``, ``1 Save``, ``13,688 likes``).
_COUNTER_NOUN = r"(?:comments?|views?|shares?|likes?|saves?|retweets?|reposts?|reactions?|replies|reads?|votes?)"
_COUNTER = re.compile(rf"(?<![\w$£€₹.,])\d[\d,.]*[kKmM]?\s*{_COUNTER_NOUN}(?!(?-i:[a-z])):?", re.I)
# An icon and a number: a view or like counter whose word is a picture ("🔥13518"); the icon is an emoji
# (Unicode "other symbol"), not a currency sign or "#", so prices and post numbers are no counters.
_ICON_COUNTER = re.compile(r"^\s*([^\w\s]{1,2})\s?\d[\d,.]*[kKmM]?\s*$")
_COUNTER_LINE = re.compile(rf"^\W{{0,3}}(?:(?:\d[\d,.]*[kKmM]?\s*)?{_COUNTER_NOUN}\W*\s*)+$", re.I)
# Comment forms.
_COMMENT_FORM = re.compile(
    r"^\W*(?:(?:post|leave|add|write|submit|share) (?:a|your|the) (?:comments?|reply|response|review|thoughts)|"
    r"(?:no|\d+) (?:comments?|responses|replies)(?: yet)?|your email address will not be published|"
    r"required fields are marked|comments are closed|be the first to comment|join the (?:discussion|conversation)|"
    r"you must be logged in to post a comment|comments? ?\(\d+|enter your e-?mail(?: address)?|"
    r"kommentare|kommentar schreiben|commentaires|laisser un commentaire|टिप्पणियाँ|মন্তব্য)\b.{0,40}$",
    re.I,
)
# Share prompts.
_SHARE = re.compile(
    r"^\W*(?:share (?:this|the) (?:story|article|post|page|video)|share (?:on|via) \w+|"
    r"click to share on \w+.*|spread the love|like this|share(?: this)?:|teilen|artikel teilen|"
    r"partager(?: sur \w+| l'article| cet article)?|compartir|compartilhe)\W*$",
    re.I,
)
# A copyright or rights line.
_COPYRIGHT = re.compile(r"(?:copyright\s*)?(?:©|\(c\)|copyright)\s*\d{0,4}.{0,80}$|all rights? reserved", re.I)
# Where the text came from, as an auto-blog stamps it.
_SOURCE_FOOTER = re.compile(
    r"^\W*(?:source\s*:?\s*link|source url|from\s+\S.{0,40}?\s+https?://\S+|via\s+https?://\S+|"
    r"the post .{1,120} appeared first on .{1,60}|originally published (?:at|on|by) .{1,80})\W*$",
    re.I,
)
# Breadcrumbs: "Home", "Home / News / World", "HomeCURRENT AFFAIRS…" (items glued where tags were).
_BREADCRUMB = re.compile(
    r"^(?:you are here:?\s*)?(?:home|startseite|accueil|inicio|início|होम|হোম)"
    r"(?:\s*[/›»>|]\s*\S.*)?$",
    re.I,
)
_CRUMB_SEPARATED = re.compile(r"^(?:[^/›»>|]{1,25}\s[/›»>]\s){2,}[^/›»>|]{1,80}$")
# A weather widget: ``| 12.2°C Dublin``, ``21.5 C``.
_WEATHER = re.compile(r"^\W{0,3}-?\d{1,2}(?:[.,]\d)?\s?°?\s?[CF]\b(?:\s+[A-Z][\w .-]{0,30})?$")
# Field labels of page metadata standing in the text: ``Tags: …``, ``COUNTRY : India``, ``Categories: …``.
_FIELD = re.compile(
    r"^\W*(?:(?i:tags?|categories|category|filed under|posted in|topics|related topics|labels|keywords|"
    r"schlagwörter|themen|catégories|étiquettes)\s*:|[A-Z]{4,} :)\s*\S.{0,100}$"
)
# Embed fallbacks: what an embedded post says when its script did not run.
_EMBED = re.compile(
    r"^\W*(?:view this (?:post|profile|photo|video) on (?:instagram|facebook|tiktok|twitter)|"
    r"a post shared by .{1,60}|watch on youtube|embed from getty images|"
    r"this content is (?:not available|blocked)|to view this content.{0,60})",
    re.I,
)
# Related-story labels that open a line and are followed by the other story's headline.
_RELATED_LABEL = re.compile(
    r"(?:also read|read also|see also|also see|read more|more to read|related(?: (?:story|article|news|post))?|"
    r"recommended|must read|don[’']?t miss|(?:यह|ये|इसे) भी पढ़ें|और पढ़ें|ज़?रूर पढ़ें|"
    r"(?:আরও|আরো) পড়ুন|lesen sie auch|auch interessant|mehr zum thema|(?:à )?lire aussi|à lire également|"
    r"voir aussi|lee también|leia também|leia mais)",
    re.I,
)
# Labels that are ordinary title words too: a label only with a separator mark after it ("Related: …").
_NEEDS_MARK = re.compile(r"read more|related(?: \w+)?|recommended|must read|don[’']?t miss", re.I)
_LABEL_SEPARATOR = re.compile(r"\s*(?:[:|»›>–—→▶►-]+\s*|\s)")
# Calls to action: an imperative opening a sentence, about the site itself.
_CTA_VERB = re.compile(
    r"(?:follow|like|join|subscribe|sign up|signup|register|download|install|bookmark|visit|trust|"
    r"stay tuned|keep (?:an eye on|checking|visiting|reading|following)|check back|connect|get|click|tap|"
    r"turn on|enable|become a fan|don'?t forget to|make sure to|be sure to)\b",
    re.I,
)
_ABOUT_THE_SITE = re.compile(
    r"\b(?:us\b|our (?:website|site|page|channel|app|newsletter|blog|group|community|notifications?|alerts?|feed|"
    r"telegram|whatsapp|youtube|instagram|facebook|twitter)|this (?:website|site|blog|page)|(?:on|via) "
    r"(?:twitter|facebook|instagram|telegram|whatsapp|youtube|linkedin|google news|threads|tiktok|x)|"
    r"notifications?|newsletters?|(?:breaking )?news alerts?|(?:in|to) your (?:browser|inbox)|"
    r"[a-z0-9-]+\.(?:com|net|org|in|co|uk|info|news|io)\b)",
    re.I,
)
# The verb's object is the site's own thing within a few words ("Join our Space Forums", "Visit our website").
_OUR = re.compile(
    r"^(?:follow|join|subscribe to|visit|bookmark|download|install|sign up (?:for|to))\s+(?:\S+\s+){0,2}?our\b", re.I
)
_TEMPLATE_TOKEN = re.compile(r"\{[^{}]{1,40}\}|\[[^\[\]]{1,40}\]|%%?\w{1,30}%%?")
_SPACES = re.compile(r"\s*")
_AFTER_SENTENCE = re.compile(r"(?<=[.!?।”\"])\s+")
# A cookie banner's sentence: the site telling the reader what it stores.
_COOKIES = re.compile(
    r"\b(?:we|this (?:site|website)|our (?:site|website)) uses? cookies\b|\baccept (?:all )?cookies\b|"
    r"\bcookie (?:policy|settings|preferences|consent)\b",
    re.I,
)
_READING_TIME = re.compile(r"\W*\d{1,3}\s*(?:min(?:ute)?s?|mins?)\.?\s+read\W*", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_RIGHTS = re.compile(r"copyright|rights? reserved", re.I)
_CLICK_HERE = re.compile(r"\b(?:click|tap) here\b", re.I)
_IF_YOU_LIKE = re.compile(r"^if you (?:like|liked|enjoy|enjoyed|love|loved) (?:it|this|something|our|what)", re.I)
_SENTENCES = re.compile(r".+?(?:[.!?।]+['\"”’)]*(?=\s|$)|$)", re.S)
_KEYWORD_SEPARATORS = re.compile(r"\s[–—|·•]\s|\s-\s")
_FUNCTION_WORDS = frozenset(
    "the a an of to in on for and or but is are was were be been it its this that with as at by from he she they "
    "we i you his her their our has have had not will would can could said says".split()
)


@dataclass(frozen=True)
class SiteSpan:
    """Site text found in a line: where it lies in the text, and what kind of site text it is.

    ``whole`` is True when the line is nothing but site text (a block of its
    own, which is chrome); False for site text inside a line of story copy
    (a counter after a byline, a prompt sentence inside a paragraph).
    """

    start: int
    end: int
    kind: str
    whole: bool


def words(text: str) -> list[str]:
    """The words of a text, in any script: runs between spaces and dashes that hold a letter or digit.

    Split at spaces (not at ``\\W``), so the vowel signs of Devanagari or
    Bengali, which are not word characters to ``re``, stay inside their word.
    """
    found = []
    for token in _TOKEN.split(text):
        core = token.strip(_EDGE_PUNCTUATION)
        if any(char.isalnum() for char in core):
            found.append(core)
    return found


def strip_date_prefix(text: str) -> int:
    """How many leading characters are a metadata date stamp (``2024-01-05 ``), 0 when none."""
    match = _DATE_PREFIX.match(text)
    return match.end() if match is not None else 0


def is_sentence(text: str) -> bool:
    """Whether a text reads as story prose: enough words and a sentence's end (a cut teaser is not one)."""
    stripped = text.strip()
    count = len(words(stripped))
    if _CUT_END.search(stripped) and count < 25:
        return False
    if count >= 25:
        return True
    return count >= 8 and _SENTENCE_END.search(stripped) is not None


def is_title_like(text: str) -> bool:
    """A headline-shaped line: 5–25 words, no sentence end, a capital (or uncased letter) first, few numbers.

    Sentence case counts ("Statiq to set up charging points in India"): many
    sites write headlines so. Table rows and prices ("99.9 Purity Rs. 52715")
    are mostly numbers and do not.
    """
    stripped = text.strip()
    found = words(stripped)
    if not 5 <= len(found) <= 25 or _SENTENCE_END.search(stripped) or _CUT_END.search(stripped):
        return False
    if sum(1 for word in found if word[0].isdigit()) * 4 > len(found):
        return False
    first = found[0][0]
    return first.isupper() or first.isdigit() or (first.isalpha() and not first.islower())


def _split_glued(text: str) -> str:
    """Separate words a lost tag glued together (``MissView`` → ``Miss View``) for the word tests."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)


def _widget_heading(text: str) -> bool:
    """A short label made of widget vocabulary only ("Trending Now", "More Great Recipes:", "Most Read")."""
    if _WIDGET_PHRASES.match(text):
        return True
    found = [word.lower() for word in words(_split_glued(text))]
    if not 1 <= len(found) <= 6:
        return False
    content = [word for word in found if word not in _SMALL]
    if not content or any(word not in _MODIFIERS and word not in _NOUNS for word in content):
        return False
    if len(content) == 1:
        return content[0] in ("trending", "popular", "recommended", "related")
    return any(word in _MODIFIERS for word in content) and any(word in _NOUNS for word in content)


def _tag_list(text: str) -> bool:
    """A run of lower-case Latin keywords with no punctuation and hardly a function word (a tag cloud)."""
    if not re.fullmatch(r"[a-z][a-z' ]+", text):
        return False
    found = words(text)
    if len(found) < 6:
        return False
    function = sum(1 for word in found if word in _FUNCTION_WORDS)
    return function / len(found) <= 0.1


def _keyword_line(text: str) -> bool:
    """An SEO keyword line: three or more short segments that all repeat one word."""
    segments = [segment for segment in _KEYWORD_SEPARATORS.split(text) if segment.strip()]
    if len(segments) < 3 or any(len(words(segment)) > 6 for segment in segments):
        return False
    counts: dict[str, int] = {}
    for segment in segments:
        for word in {word.lower() for word in words(segment) if len(word) > 2}:
            counts[word] = counts.get(word, 0) + 1
    return any(count >= len(segments) - 1 and count >= 3 for count in counts.values())


def _call_to_action(sentence: str) -> bool:
    """An imperative addressed to the reader about the site itself ("Follow us on …", "Keep an eye on our website")."""
    stripped = sentence.strip().lstrip("-–—•*·>» ")
    if _IF_YOU_LIKE.match(stripped):
        return True
    if _CTA_VERB.match(stripped) is None:
        return False
    if _CLICK_HERE.search(stripped) or _OUR.match(stripped):
        return True
    return len(words(stripped)) <= 20 and _ABOUT_THE_SITE.search(stripped) is not None


def classify_line(text: str) -> SiteSpan | None:
    """What site text a line is or holds, read alone; None when it reads as story copy.

    ``text`` is one line or block as a reader sees it. Whole-line kinds are
    tried first (the line is a widget), then site text inside a line of copy.
    """
    offset = strip_date_prefix(text)
    body = text[offset:].strip()
    if not body:
        return None
    lead = offset + (len(text[offset:]) - len(text[offset:].lstrip()))
    end = lead + len(body)
    whole = _whole_line_kind(body)
    if whole is not None:
        return SiteSpan(lead, end, whole, True)
    related = _related_line(body)
    if related is not None:
        return SiteSpan(lead + related[0], lead + related[1], "related-story line", True)
    return _inline(text)


def has_template_token(text: str) -> bool:
    """Whether text holds a template token (``{comments}``, ``[date]``, ``%title%``).

    Such a line is a placeholder the placeholder rules judge, never site text.
    """
    return _TEMPLATE_TOKEN.search(text) is not None


def _whole_line_kind(body: str) -> str | None:
    """The kind of site text a whole line is, or None.

    A template token (``{comments}``, ``[date]``, ``%title%``) is a placeholder, not site text: the
    placeholder rules judge it.
    """
    if has_template_token(body):
        return None
    count = len(words(body))
    if count > 40:
        return None
    short = count <= 8
    checks: tuple[tuple[bool, re.Pattern[str] | None, str], ...] = (
        (short, _AD_LABEL, "ad label"),
        (short, _BUTTON, "button or control text"),
        (short, _COUNTER_LINE, "counter"),
        (True, _COMMENT_FORM, "comment form"),
        (short, _SHARE, "share prompt"),
        (True, _SOURCE_FOOTER, "source footer"),
        (short, _BREADCRUMB, "breadcrumb"),
        (short, _CRUMB_SEPARATED, "breadcrumb"),
        (short, _WEATHER, "weather widget"),
        (True, _FIELD, "tag or category field"),
        (True, _EMBED, "embed fallback text"),
    )
    if count <= 25 and re.match(r"^(?:Home|HOME)(?=[A-Z]{2}|[A-Z][a-z]+[A-Z])", body):
        return "breadcrumb"  # "HomeCURRENT AFFAIRSBUSINESSGold Price…": crumbs glued where tags were
    for applies, pattern, kind in checks:
        if applies and pattern is not None and pattern.match(body):
            return kind
    icon = _ICON_COUNTER.match(body)
    if icon is not None and all(unicodedata.category(char) == "So" for char in icon.group(1)):
        return "counter"
    if count <= 20 and _COPYRIGHT.search(body) and (_YEAR.search(body) or _RIGHTS.search(body)):
        return "copyright line"
    if short and not _SENTENCE_END.search(body.rstrip(":")) and _widget_heading(body):
        return "widget heading"
    if count <= 40 and _COOKIES.search(body):
        return "cookie notice"
    if short and _READING_TIME.fullmatch(body):
        return "counter"
    if _truncated_button(body):
        return "button or control text"
    if _tag_list(body):
        return "tag list"
    if _keyword_line(body):
        return "keyword line"
    if count <= 25 and all(_call_to_action(sentence) for sentence in _sentences(body)):
        return "call to action"
    return None


def _truncated_button(body: str) -> bool:
    """A lone control label cut short by a page's excerpt (``Read M``): at least six letters of it."""
    lowered = body.lower()
    return len(lowered) >= 6 and any(
        label.startswith(lowered) and label != lowered for label in ("read more", "continue reading", "load more")
    )


def _sentences(text: str) -> list[str]:
    return [sentence for sentence in _SENTENCES.findall(text) if sentence.strip()]


def _related_line(body: str) -> tuple[int, int] | None:
    """A related-story label opening a line, with another story's headline after it (``Also read Is …``).

    Returns the label's span (with its separator mark). The text after the
    label must open like a headline — a capital, a digit or a letter of an
    uncased script — so "Read more about the study in Nature." stays prose.
    """
    match = _RELATED_LABEL.match(body)
    if match is None:
        return None
    label_end = match.end()
    if label_end < len(body) and body[label_end].isalpha() and body[label_end].islower():
        return None  # the label is the start of a longer word
    sep = _LABEL_SEPARATOR.match(body, label_end)
    rest_start = sep.end() if sep is not None else label_end
    marked = any(char in ":|»›>–—→▶►-" for char in body[label_end:rest_start])
    if not marked and _NEEDS_MARK.fullmatch(match.group()):
        return None  # "Related Topics …", "Recommended Daily Intake …": a title, not a label
    rest = body[rest_start:]
    if len(words(rest)) < 3 or not _opens_like_headline(rest):
        return None
    marked_end = label_end
    while marked_end < rest_start and body[marked_end] in ":|»›>–—→▶►-":
        marked_end += 1
    stripped_end = len(body[:marked_end].rstrip())
    return 0, stripped_end


_HEADLINE_SMALL = frozenset("to the of a an in for on and with is at by from your our".split())


def _glued_headline(text: str) -> int | None:
    """Where a headline-cased title glued after the block's last sentence starts, or None.

    Headline case is the mark: five or more words, every word of three letters
    or more capitalised *and* a small word capitalised too ("Your Guide To The
    Jackpot"), which prose and a name cut short ("… said Prime Minister Fumio")
    never have; no end punctuation.
    """
    stripped = text.rstrip()
    if not stripped or _SENTENCE_END.search(stripped) or _CUT_END.search(stripped):
        return None
    last_end = max(stripped.rfind(mark) for mark in (". ", "! ", "? ", "। "))
    if last_end < 0:
        return None
    start = last_end + 2
    tail = words(stripped[start:])
    if len(tail) < 5 or len(tail) > 20:
        return None
    lettered = [word for word in tail if word[0].isalpha()]
    if not all(word[0].isupper() for word in lettered if len(word) >= 3):
        return None
    if not any(word.lower() in _HEADLINE_SMALL and word[0].isupper() for word in lettered[1:]):
        return None
    return start


def _opens_like_headline(rest: str) -> bool:
    first = rest[:1]
    return bool(first) and (first.isupper() or first.isdigit() or (first.isalpha() and not first.islower()))


def _inline(text: str) -> SiteSpan | None:
    """Site text inside a line of copy: a counter, a prompt sentence, a related label glued on."""
    stripped = text.strip()
    count = len(words(stripped))
    # A counter in a short meta line ("By Jane Doe 0 Comments", "by Jane Doe 51 views"), or two in a row.
    meta_line = count <= 14 and not is_sentence(stripped)
    for match in _COUNTER.finditer(text):
        pair = _COUNTER.match(text, _SPACES.match(text, match.end()).end())  # type: ignore[union-attr]
        if meta_line or pair is not None:
            return SiteSpan(match.start(), pair.end() if pair is not None else match.end(), "counter", False)
    # A byline that ends in a lone number: a comment counter that lost its word ("By Jane Doe 0").
    byline_count = re.match(r"^(?:by|BY|By)\s+\D{3,60}?\s(\d{1,5})\s*$", stripped)
    if byline_count is not None:
        start = text.index(stripped) + byline_count.start(1)
        return SiteSpan(start, start + len(byline_count.group(1)), "counter", False)
    # A call-to-action sentence inside a paragraph.
    position = 0
    for sentence in _SENTENCES.findall(text):
        if sentence.strip() and _call_to_action(sentence):
            start = position + (len(sentence) - len(sentence.lstrip()))
            return SiteSpan(start, position + len(sentence.rstrip()), "call to action", False)
        position += len(sentence)
    # Another story's headline glued after the paragraph's last sentence, with no label at all
    # ("… let's dive in! Powerball Winning Numbers: Your Guide To The Jackpot").
    glued = _glued_headline(text)
    if glued is not None:
        return SiteSpan(glued, len(text.rstrip()), "related-story line", False)
    # A related-story label glued after the paragraph's last sentence ("… लॉन्च किया है। Also Read - …").
    for match in _AFTER_SENTENCE.finditer(text):
        if _RELATED_LABEL.match(text, match.end()) is None:
            continue  # slice only where a label opens: keeps the scan linear
        tail = text[match.end() :]
        related = _related_line(tail)
        if related is not None and _RELATED_LABEL.match(tail) and tail[:1].isupper():
            return SiteSpan(match.end() + related[0], match.end() + related[1], "related-story line", False)
    return None
