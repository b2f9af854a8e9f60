"""Placeholders (CD1xx): copy that stands in for copy that was never written.

A placeholder that reaches readers is the clearest sign that a story went live
unfinished: a fact is missing (``TK``, ``XX people``), a template was never
filled in (``{{author}}``), a scraper or CMS left its filler (``Update soon…``)
or a desk note slipped through (``[INSERT QUOTE]``, ``EMBARGOED UNTIL``).
They are errors: a reader sees them and trusts the page less, and a missing
fact may mean a wrong one went out around it.

The word lists are data (:mod:`copydesk.engine.kinds`); the code in each rule is only
the context that data cannot express. The guiding principle, from the copy
desk (NEWSROOM.md): the same letters are often legitimate (``Atkins``,
``Super Bowl XXX``, ``[sic]``, "More details to follow."), and a false alarm
costs an editor's trust faster than a miss, so each rule asks for the
*signature* of a placeholder (a standalone token, a number context, a bracket
addressed to the desk), not merely the letters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from copydesk.engine.kinds import CompiledPhrase, ExistenceRule, Hit, Phrase, at_sentence_start, check_linear
from copydesk.engine.rule import Option, Rule, Scope, Severity, Violation, register
from copydesk.model.article import Article, Block

from ._lines import line_spans

# A filler phrase must end its clause: followed by punctuation, the end of the
# block, or a capital glued on by a scraper; never by a lower-case word that
# continues a sentence ("updates soon followed").
_ENDS_CLAUSE = r"(?=\s{0,2}(?:[.…!:;,)\]|\-–—\"”’]|\Z|(?-i:[A-Z])))"


@register
class PlaceholderText(ExistenceRule):
    """Scraper and CMS filler left in the copy.

    Flags filler text that a scraper, CMS template or author left in place of
    real copy: "Update soon…", "Updating soon", "More updates soon", "(Story to
    be updated)", "Caption here", "Headline goes here", "Add caption", lorem
    ipsum, ``FIXME``/``TODO`` notes, and the default content a CMS or theme
    ships with, published in place of the story ("This is your first post",
    "Add Your Heading Text Here", "Your content goes here", a headline that is
    "Auto Draft" or "(no title)"). Newsroom-specific filler can be added with
    ``extra_patterns``.

    Not flagged: Developing-story language is journalism, not filler: "More details to
    follow.", "This story is developing and will be updated.", "Check back for
    updates.", "The company will update its guidance soon", "coming soon".
    "update soon" in running prose ("expects an update soon") is left alone:
    the filler form is capitalised or opens a sentence, and ends its clause.
    A quoted mention ("the phrase "Update soon"") is not flagged.

    Options: ``extra_patterns``: regular expressions (case-sensitive; start one with
    ``(?i)`` to ignore case) for a newsroom's own filler. Patterns that nest
    repeats, like ``(a+)+``, are rejected because they can take exponential time.
    """

    code = "CD101"
    name = "placeholder-text"
    category = "placeholder"
    severity = Severity.ERROR
    summary = "Scraper or CMS filler such as 'Update soon', 'Caption here' or lorem ipsum left in the copy"
    why = (
        "Filler text stands in for copy that was never written. On a published page it shows the story "
        "went out unfinished, or was copied from a site that publishes stubs."
    )
    bad = "<p>More about the launch Update soon&#8230;.</p>"
    good = "<p>This story is developing and will be updated. More details to follow.</p>"
    options = (Option("extra_patterns", [], "Extra regular expressions for filler your CMS or desk leaves behind."),)

    phrases: ClassVar[tuple[Phrase, ...]] = (
        # "Update soon" as a label: capital U mid-sentence (the scraper signature) ...
        Phrase(
            rf"(?:More updates|Updat(?:e|es|ing)|UPDAT(?:E|ES|ING)|MORE UPDATES) (?:soon|SOON){_ENDS_CLAUSE}",
            "filler {text!r} left in the copy",
            case_sensitive=True,
            triggers=("soon",),
        ),
        # ... or any case when it opens a sentence and ends its clause.
        Phrase(
            rf"(?:more updates|updat(?:e|es|ing)) soon{_ENDS_CLAUSE}",
            "filler {text!r} left in the copy",
            position="sentence-start",
            triggers=("soon",),
        ),
        Phrase(
            r"(?:this )?story to be updated",
            "filler {text!r} left in the copy",
            position="sentence-start",
            triggers=("updated",),
        ),
        Phrase(
            r"(?:(?:the |your |image |photo )?(?:headline|caption|title|sub-?head(?:line|ing)?|dek|byline|"
            r"body (?:text|copy)|text|copy|summary|excerpt|description|quote|image|photo|content|paragraph|"
            r"story|article|heading) goes here)"
            r"|your (?:headline|caption|title|text|copy|content) here",
            "template filler {text!r} left in the copy",
            triggers=("here",),
        ),
        Phrase(
            rf"(?:image |photo )?(?:caption|headline|title|subhead|byline|credit|alt text) here{_ENDS_CLAUSE}",
            "template filler {text!r} left in the copy",
            position="block-start",
            triggers=("here",),
        ),
        Phrase(
            rf"(?:add|insert|enter|write) (?:an? |the )?(?:caption|headline|title|subhead|byline|credit|alt text|"
            rf"description|excerpt){_ENDS_CLAUSE}",
            "CMS prompt {text!r} left in the copy",
            position="block-start",
        ),
        Phrase(r"lorem ipsum|dolor sit amet", "dummy text {text!r} left in the copy", triggers=("lorem", "dolor")),
        # The default content a CMS or a theme ships with, published as if it were the story.
        Phrase(
            r"welcome to wordpress\. this is your first post|this is your first post(?=\s?[.!]|\s?\Z)|"
            r"edit or delete it, then start writing|just another wordpress site|"
            r"this is an? (?:example|sample|demo|dummy|test) (?:page|post|article|text)(?=\s?[.!,]|\s?\Z)|"
            r"this is (?:some )?(?:sample|dummy|placeholder|demo) (?:text|content|copy)|"
            r"click (?:the )?edit button to change this text|i am (?:a )?text block|"
            r"add your heading text here|(?:enter|type|write|insert|add) your (?:text|content|story|copy|title|"
            r"headline) here|your content goes here",
            "CMS or theme default content {text!r} left in the copy",
            triggers=("wordpress", "first post", "start writing", "this is", "edit button", "text block", " here"),
        ),
        Phrase(
            r"as an AI language model|as of my (?:last )?knowledge (?:cutoff|cut-off|update)|regenerate response|"
            r"I cannot fulfil+ (?:this|that|your) request|certainly! here(?:'|’)s (?:a|an|the) (?:rewritten|revised|"
            r"article|news article|blog post)",
            "chatbot boilerplate {text!r} left in the copy",
            triggers=("ai language", "knowledge", "regenerate", "fulfil", "certainly"),
        ),
        Phrase(
            r"Hello world!",
            "WordPress's default post {text!r} left where a story belongs",
            case_sensitive=True,
            position="whole-block",
            triggers=("hello",),
        ),
        Phrase(
            r"Auto Draft|\(no title\)|Untitled|Sample Page|Sample Post|Post Title|Page Title|Article Title|"
            r"Your Title Here|Headline Here",
            "CMS default title {text!r} left where a headline belongs",
            case_sensitive=True,
            position="whole-block",
            triggers=("draft", "title", "untitled", "sample", "here"),
        ),
        Phrase(
            r"FIXME", "note to self {text!r} left in the copy", case_sensitive=True, in_quotes=True, triggers=("fixme",)
        ),
        Phrase(
            r"TODO(?=\s{0,2}[:\])\-–—]|\s{0,2}\Z)|(?<=[\[(])TODO",
            "note to self {text!r} left in the copy",
            case_sensitive=True,
            in_quotes=True,
            triggers=("todo",),
        ),
    )

    def __init__(self, options: dict[str, object] | None = None, **settings: Any) -> None:
        super().__init__(options, **settings)
        extra: list[CompiledPhrase] = []
        for pattern in self.config["extra_patterns"]:
            check_linear(pattern)
            extra.append(
                Phrase(
                    pattern,
                    "filler {text!r} matches a configured placeholder pattern",
                    case_sensitive=True,
                    word_boundaries=False,
                ).compile()
            )
        self._active = (*self.compiled, *extra)

    def active_phrases(self) -> Sequence[CompiledPhrase]:
        return self._active


# A TK inside a multi-word desk note ("[PHOTO TK]") is CD103's finding.
_DESK_NOTE_AROUND = re.compile(r"\[[^\[\]]{0,40}\Z")
_CODE_NEIGHBOUR_BEFORE = re.compile(r"(?<![\w])[A-Z]{2}\s?[,/;|]\s?\Z")
_CODE_NEIGHBOUR_AFTER = re.compile(r"\A\s?[,/;|]\s?[A-Z]{2}(?!\w)")
_DEFINITION_AFTER = re.compile(r"\A\s?[–—:=\-]\s?[A-Z][a-z]")
_NAME_AFTER = re.compile(r"\A [A-Z][a-z]")
_NUMBER_AFTER = re.compile(r"\A ?\d")
_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w.’'-]*\s\Z")
_FLIGHT_BEFORE = re.compile(r"(?i:flights?|airlines?)\s\Z")


@register
class ToComeMark(ExistenceRule):
    """A TK ("to come") mark: a fact the writer meant to add later.

    Flags ``TK``, ``TKTK``, ``[TK]`` and ``TK minutes`` as standalone,
    upper-case tokens, inside quotes too (a missing fact inside a quote is
    still missing).

    Not flagged: TK inside words and names (Atkins, TKO, Watkins, outkast, ``TK-421``,
    ``TK's``), lower-case ``tk``, web addresses (``example.tk``), codes
    (``flight TK 1980``, ``Tokelau (TK)``, ``TK – Tokelau``, ``TO, TK, TV``),
    a name written with TK (``TK Maxx``, ``TK Elevator``: TK followed by a
    capitalised word), the letters quoted as a mention (``editors write "TK"``)
    and TK inside a bracketed desk note such as ``[PHOTO TK]`` (CD103 reports
    the whole note). A block that is just ``TK`` (a list item still to come) is
    flagged: a list of codes would give the code a name.
    """

    code = "CD102"
    name = "to-come-mark"
    category = "placeholder"
    severity = Severity.ERROR
    summary = "A TK ('to come') mark: a fact the writer meant to fill in later"
    why = (
        "TK marks a fact still missing. Published, it tells readers the story went out unfinished, and "
        "the sentence around it may be wrong without the fact."
    )
    bad = "<p>The fire burned for TK hours before crews arrived.</p>"
    good = "<p>Atkins won by TKO in the third round.</p>"

    phrases: ClassVar[tuple[Phrase, ...]] = (
        Phrase(
            r"(?<![.@/#&\-])(?:\[\s?TK(?:\s?TK){0,3}\s?\]|TK(?:TK){0,3})(?![\-'’]\w)",
            "TK mark {text!r}: a fact is still to come",
            case_sensitive=True,
            in_quotes=True,
            triggers=("tk",),
        ),
    )

    def accept(self, hit: Hit, block: Block) -> Hit | None:
        text = block.text
        before = text[max(0, hit.start - 12) : hit.start]
        after = text[hit.end : hit.end + 12]
        if self.quote_index(block).alone(text, hit.start, hit.end):
            return None
        if hit.matched.startswith("TK"):
            in_note = _DESK_NOTE_AROUND.search(text[max(0, hit.start - 40) : hit.start])
            if in_note and "]" in text[hit.end : hit.end + 40]:
                return None
            if _NAME_AFTER.match(after) or _NUMBER_AFTER.match(after) or _DEFINITION_AFTER.match(after):
                return None
            if _FLIGHT_BEFORE.search(before):
                return None
            if before.endswith("(") and after.startswith(")") and _CAPITALISED_BEFORE.search(before[:-1]):
                return None
            if _CODE_NEIGHBOUR_BEFORE.search(before) or _CODE_NEIGHBOUR_AFTER.match(after):
                return None
        return hit


# Words a desk note in brackets opens with: an instruction to the desk.
_NOTE_VERBS = r"insert|add|check(?! out)|confirm|verify|fill in|fill|needs?|fix|fact-?check|to come|pending"
# Words that alone, in capitals, make a bracket a note: "[LINK]", "[QUOTE]", "[HED]".
_NOTE_NOUNS = frozenset(
    "TBD TBC TK TKTK LINK LINKS URL QUOTE QUOTES NAME NAMES DATE HED DEK CAPTION CREDIT SOURCE CITE CITATION "
    "NUMBER NUMBERS BYLINE CHECK CONFIRM VERIFY TODO FIXME NOTE NOTES XX XXX FACT-CHECK FACTCHECK".split()
)
_NOTE_START = re.compile(rf"(?:{_NOTE_VERBS})\b", re.IGNORECASE)
_PENDING_TOKEN = re.compile(r"\b(?:TK|TKTK|TBD|TBC|XX|XXX)\b")
_FIELD_NAMES = frozenset(
    "name first_name last_name firstname lastname full_name author author_name byline title headline subtitle "
    "date time city state country location url link image photo caption credit source company price amount "
    "number count year month day summary category tag slug email username user site site_name sitename "
    "description excerpt body content quote sep page".split()
)
_TOKEN_NOTE = "template token {text!r} was never filled in"
# A block that talks about templates or code: there "{name}" and "%s" are mentions, not leftovers.
_TEMPLATE_TALK = re.compile(
    r"(?i:\btemplat|\bplaceholder|\bvariables?\b|\bsyntax\b|\bformat string|\bf-string|\bprintf|\bjinja|"
    r"\bhandlebars|\bmustache|\bliquid\b|\bpython\b|\bjavascript\b|\bregex|\bstring format|\binterpolat|"
    r"\bshortcode|\bmarkdown\b|\bcode\b|\bfunction\b|\bparameter|\bargument)"
)
# WordPress and page-builder shortcodes: "[ad_1]", "[caption id=…]", "[/embed]", "[vc_row]".
_SHORTCODE_NAMES = (
    r"caption|gallery|embed|audio|video|playlist|ads?|adsense|contact-form(?:-7)?|wpforms|mc4wp_form|tweet|"
    r"youtube|instagram|facebook|googlemaps|button|toggle|tabs?|accordion|column|row|quote|pullquote|"
    r"vc_\w+|et_pb_\w+|su_\w+|fusion_\w+|av_\w+|tie_\w+|td_\w+|cs_\w+"
)
_SHORTCODE = (
    r"\[(?:[a-z][a-z0-9]*_[a-z0-9_]+(?:\s[^\[\]]{0,200})?"
    rf"|/(?:{_SHORTCODE_NAMES}|[a-z][a-z0-9]*_[a-z0-9_]+)"
    rf"|(?:{_SHORTCODE_NAMES})\s+[a-z_]+=[^\[\]]{{0,200}}"
    r"|[a-z][a-z0-9-]{2,30}\s+[a-z_-]+=[\"“”'][^\[\]]{0,200})\]"
)
# Words that name the field a bracketed fill-in stands for: "[Suspect's Name]", "[Time of Arrest]", "[date]".
_FILL_IN_FIELDS = frozenset(
    "name names age date dates time location city town country state place venue address phone email website "
    "company brand product title number amount price figure percentage year month day age job position role "
    "organization organisation team school hospital jail prison court street "
    "district county region area neighborhood neighbourhood keyword topic occupation nationality".split()
)
_FIELD_OF = frozenset("name time date location place age number title amount".split())
_FIELD_QUALIFIERS = frozenset(
    "your my his her their company product brand event victim suspect author business person contact first last "
    "full website store user customer client candidate official".split()
)
_FILL_IN_SKIP = re.compile(r"(?i:withheld|redacted|removed|omitted|deleted|changed|illegible|inaudible|sic\b)")
_PROMPT_START = re.compile(
    r"(?:mention|describe|explain|include|list|provide|specify|summari[sz]e|elaborate|discuss|highlight|"
    r"briefly|add\s+(?:a|an|the|some|more|details?|quotes?|information)|link\s+to)\b",
)


def _line_length(article: Article, block: Block, index: int) -> int:
    """Length of the line of ``block`` holding ``index`` (a text file's line; an HTML block is one line)."""
    return next((end - start for start, end in line_spans(article, block) if start <= index < end), len(block.text))


def _teaches_shortcodes(article: Article) -> bool:
    """Whether the article's copy talks about shortcodes (a tutorial), computed once per article."""
    return article.memo(
        ("placeholder", "teaches-shortcodes"),
        lambda: any("shortcode" in block.text.lower() for block in article.copy_blocks()),
    )


def _is_fill_in(content: str, quoted: bool) -> bool:
    """Whether a bracket's text is a form's fill-in never filled: ``Suspect's Name``, ``date``, ``mention …``.

    A fill-in names the field it stands for: a field word alone (``[date]``),
    a possessive (``[Victim 1's Name]``), a field "of" something (``[Time of
    Arrest]``), a field after a generic qualifier (``[Company Name]``, ``[Your
    Name]``) or two fields as alternatives (``[Town/City]``); a writing prompt
    opens with an instruction in lower case (``[mention the charges, e.g. …]``).
    An editorial insertion names a thing, not a field (``[the company]``,
    ``[New York City]``, ``[Biden]``); ``[Name withheld]`` is the desk's own
    note to readers. Inside a quotation only the possessive, "of" and
    qualifier shapes count: a lone word there is an insertion.
    """
    if _FILL_IN_SKIP.search(content):
        return False
    words = content.split()
    if not words or not content[0].isalpha():
        return False
    last = words[-1].lower()
    if len(words) == 1:
        parts = [part for part in re.split(r"/", last) if part]
        return not quoted and bool(parts) and all(part in _FILL_IN_FIELDS for part in parts)
    capitalised = content[0].isupper()
    if len(words) <= 6 and capitalised:
        last_parts = last.split("/")
        if re.search(r"[’']s$", words[-2]) and last_parts[0] in _FILL_IN_FIELDS:
            return True  # "[Suspect's Name]", "[Victim 1's Name]", "[Suspect's Town/City]"
        if words[0].lower() in _FIELD_OF and words[1] == "of":
            return True  # "[Time of Arrest]", "[Name of Jail/Prison]"
        if words[-2].lower() in _FIELD_QUALIFIERS and last_parts[0] in _FILL_IN_FIELDS:
            return True  # "[Company Name]", "[Your Name]", "[Event Date]"
        if len(last_parts) == 2 and all(part in _FILL_IN_FIELDS for part in last_parts):
            return True  # "[Suspect Town/City]"
    return not quoted and len(words) >= 3 and _PROMPT_START.match(content) is not None


@register
class TemplateToken(ExistenceRule):
    """A template token or a bracketed note to the desk left in the copy.

    Flags CMS/template tokens (``{{author}}``, ``{% if %}``, ``${name}``,
    ``%%title%%``, ``%FIRSTNAME%``, ``*|FNAME|*``, ``[[name]]``,
    ``{first_name}``, ``$HEADLINE``) and bracketed desk notes: ``[INSERT
    QUOTE]``, ``[TBD]``, ``[CHECK]``, ``[LINK]``, ``[PHOTO TK]``, ``[confirm
    spelling]``. A note is a bracket that opens with an instruction (insert,
    add, check, confirm, verify, need, fill in, …), holds a pending token (TK,
    TBD, TBC, XX), or is one desk word in capitals (``[LINK]``, ``[QUOTE]``).
    Also what a template or a writing tool leaves unfilled: a bracketed
    fill-in that names its field (``[Suspect's Name]``, ``[Time of Arrest]``,
    ``[Company Name]``, ``[Town/City]``, a lone ``[date]``), a writing prompt
    (``[mention the charges, e.g. …]``), a WordPress or page-builder shortcode
    left as text (``[ad_1]``, ``[caption id="…"]``, ``[/embed]``), a printf
    hole (``%s``, ``%d``) and a lower-case field token (``{message}``).

    Not flagged: Brackets that belong in copy: ``[sic]``, ``[Updated]``, ``[Video]``,
    ``[…]``, footnote numbers, and editorial insertions inside quotes ("He
    [the mayor] agreed"); inside a quotation only a note in capitals counts.
    ``{x}`` or ``{n}`` (maths, one letter) and ``$TSLA``-style tickers (short,
    no underscore) are not template tokens. The joke idiom "[insert your name
    here]" / "[insert buzzword here]" is left alone: a lower- or mixed-case
    bracket that addresses the reader ("your") or ends in "here" is a
    figure of speech; the desk writes notes in capitals (``[INSERT NAME HERE]``
    is flagged). Code in ``<code>``/``<pre>`` is not body copy, and in a
    paragraph that talks about templates or code (template, placeholder,
    variable, format string, code, …) ``{name}`` and ``%s`` are mentions. An
    editorial insertion names a thing, not a field (``[New York City]``); a
    link's text in brackets (``[Email]``, ``[PDF]``) is navigation, and in an
    article that talks about shortcodes a shortcode is what the tutorial
    teaches.
    """

    code = "CD103"
    name = "template-token"
    category = "placeholder"
    severity = Severity.ERROR
    summary = "A template token ({{author}}, %%title%%) or a bracketed desk note ([INSERT QUOTE]) left in"
    why = (
        "Template tokens and notes to the desk are instructions, not copy. Published, they show the "
        "template was never filled in or the story was never finished."
    )
    bad = "<p>The mayor said [INSERT QUOTE] before the vote.</p>"
    good = "<p>“He [the mayor] agreed to the plan,” the aide said. [Updated]</p>"

    phrases: ClassVar[tuple[Phrase, ...]] = (
        Phrase(
            r"\{\{[^{}]{1,60}\}\}|\{%[^{}]{1,60}%\}",
            _TOKEN_NOTE,
            in_quotes=True,
            word_boundaries=False,
            triggers=("{{", "{%"),
        ),
        Phrase(r"\$\{[A-Za-z_][\w.]{0,40}\}", _TOKEN_NOTE, in_quotes=True, word_boundaries=False, triggers=("${",)),
        Phrase(r"%%[A-Za-z_][\w\-]{0,40}%%", _TOKEN_NOTE, in_quotes=True, word_boundaries=False, triggers=("%%",)),
        Phrase(
            r"(?<![\w%])%[A-Z][A-Z_]{2,30}%(?![\w%])|\*\|[A-Z][A-Z0-9_:]{1,30}\|\*",
            _TOKEN_NOTE,
            case_sensitive=True,
            in_quotes=True,
            word_boundaries=False,
            triggers=("%", "*|"),
        ),
        Phrase(
            r"\[\[[^\[\]]{1,60}\]\]", _TOKEN_NOTE, in_quotes=True, word_boundaries=False, kind="wiki", triggers=("[[",)
        ),
        Phrase(r"(?<![{\w$])\{[A-Za-z_]\w{0,30}\}(?!\})", _TOKEN_NOTE, in_quotes=True, kind="brace", triggers=("{",)),
        Phrase(
            r"(?<![\w$])\$[A-Z][A-Z0-9_]{2,30}(?![\w$])",
            _TOKEN_NOTE,
            case_sensitive=True,
            in_quotes=True,
            word_boundaries=False,
            kind="dollar",
            triggers=("$",),
        ),
        Phrase(
            r"(?<![\w%])%[a-z][a-z_]{2,30}%(?![\w%])",
            _TOKEN_NOTE,
            case_sensitive=True,
            in_quotes=True,
            word_boundaries=False,
            kind="printf",
            triggers=("%",),
        ),
        Phrase(
            r"(?<![\w%\\])%(?:\d\$)?(?:s|d|i|u|ld|lu|\.\d?f)(?![\w%])",
            "printf hole {text!r} was never filled in",
            case_sensitive=True,
            in_quotes=True,
            word_boundaries=False,
            kind="printf",
            triggers=("%",),
        ),
        Phrase(
            _SHORTCODE,
            "shortcode {text!r} left as text: the CMS never ran it",
            case_sensitive=True,
            in_quotes=True,
            word_boundaries=False,
            kind="shortcode",
            triggers=("[",),
        ),
        Phrase(
            r"(?<!\[)\[[^\[\]]{2,160}\](?!\])",
            "desk note {text!r} left in the copy",
            in_quotes=True,
            word_boundaries=False,
            kind="note",
            triggers=("[",),
        ),
    )

    def accept(self, hit: Hit, block: Block) -> Hit | None:
        kind = hit.phrase.kind
        matched = hit.matched
        if kind == "brace":
            name = matched[1:-1]
            if self._about_templates(block):
                return None  # "In a template, {name} is replaced …": a mention
            if "_" in name or name.lower() in _FIELD_NAMES or re.search(r"[a-z][A-Z]", name):
                return hit
            if name.isalpha() and (name.islower() or name.istitle()) and len(name) >= 4:
                return hit  # "{message}", "{Postdate}": a field name no template filled in
            return None
        if kind == "printf":
            return None if self._about_templates(block) else hit
        if kind == "shortcode":
            return hit
        if kind == "dollar":
            name = matched[1:]
            if "_" not in name and self.shouting(block) and " " in block.text.strip():
                return None
            return hit if "_" in name or len(name) >= 7 or name.lower() in _FIELD_NAMES else None
        if kind == "note":
            if any(
                link.start <= hit.start + 1 and link.end >= hit.end - 1
                for link in self.link_index(block).starting_between(hit.start, hit.start + 1)
            ):
                return None  # "[Email]", "[PDF]": a link's text in brackets, a navigation label
            return hit if self._is_desk_note(hit, self.quote_index(block).inside(hit.start, hit.end)) else None
        return hit

    def check_block(self, block: Block, article: Article) -> Iterator[Violation]:
        for hit in self.hits(block):
            if hit.phrase.kind == "shortcode" and _teaches_shortcodes(article):
                continue  # a tutorial shows the reader the shortcode to type: a mention
            yield self.violation(block, hit.start, hit.end, self.message(hit))

    def message(self, hit: Hit) -> str:
        if hit.phrase.kind == "note" and _is_fill_in(hit.matched[1:-1].strip(), quoted=False):
            return f"fill-in {hit.matched!r} was never filled in"
        return super().message(hit)

    def _about_templates(self, block: Block) -> bool:
        """Whether the block talks about templates or code, where a token is a mention, not a leftover."""
        return self.per_block(block, "about-templates", lambda b: _TEMPLATE_TALK.search(b.text) is not None)

    @staticmethod
    def _is_desk_note(hit: Hit, quoted: bool) -> bool:
        content = hit.matched[1:-1].strip()
        if not any(char.isalpha() for char in content) or re.fullmatch(r"(?:TK\s?){1,4}", content):
            return False  # "[…]", "[1]"; a bare "[TK]" is CD102's mark
        if _is_fill_in(content, quoted):
            return True
        letters = [char for char in content if char.isalpha()]
        capitals = all(char.isupper() for char in letters)
        if capitals:
            words = content.replace(":", " ").split()
            return bool(
                _NOTE_START.match(content)
                or _PENDING_TOKEN.search(content)
                or (len(words) <= 2 and " ".join(words) in _NOTE_NOUNS)
                or (len(words) == 1 and words[0] in _NOTE_NOUNS)
            )
        if quoted:
            # Inside speech, lower-case brackets are editorial insertions ("[the mayor]").
            return False
        if not _NOTE_START.match(content):
            return bool(_PENDING_TOKEN.search(content))
        lowered = content.lower().rstrip(" .!?")
        # "[insert your name here]" is a figure of speech, not a note to the desk.
        return not (re.search(r"\byou(?:r|rs)?\b", lowered) or lowered.endswith(" here"))


# Proper nouns that take a Roman numeral ("Super Bowl XXX", "Chapter XX").
_ROMAN_HEADS = frozenset(
    "bowl pope king queen louis henry edward george charles william pius john paul benedict gregory leo "
    "clement innocent chapter article title part act book volume vol section episode phase olympiad games "
    "wrestlemania century dynasty stage round".split()
)
_CHROMOSOME = re.compile(r"(?i:chromosom)|\bX{1,2}Y{1,2}\b|\bXO\b")
_RATING_NEAR = re.compile(r"(?i:rated|rating|porn|adult|movies?|films?|videos?|sites?|content|magazines?)\b")
_PREVIOUS_WORD = re.compile(r"([A-Za-z][\w.’'-]*)\s\Z")
_NUMBER_NOTE = "number placeholder {text!r}: a figure is still missing"


@register
class NumberPlaceholder(ExistenceRule):
    """``XX``/``XXX`` standing for a number not yet known.

    Flags XX or XXX where a figure belongs: after a currency sign (``$XX
    million``), before a percent sign or word (``XX%``, ``XX percent``), in a
    number format (``X,XXX``, ``XX.X``, ``XX:XX``), before a unit in a compound
    (``XX-year-old``), and before a lower-case word it counts (``XX people``,
    ``XXX miles``: a plural or a number word), inside quotes too.

    Not flagged: Sizes (``XXL``), chromosome notation (``XX``, ``XXY``, or any block that
    talks of chromosomes or XY), Roman numerals in names (``Super Bowl XXX``,
    ``Pope Pius XII``, ``Chapter XX``: a capitalised word that is not the first
    of its sentence comes before), explicit ratings (``rated XXX``, ``XXX
    movies``), lower-case ``xx`` outside a currency or percent context (the
    band The xx), the ``XXX`` note of programmers (``# XXX this link does
    not work``), and the letters quoted as a mention.
    """

    code = "CD104"
    name = "number-placeholder"
    category = "placeholder"
    severity = Severity.ERROR
    summary = "XX or XXX standing in for a number that was never filled in ('XX people', '$XX million')"
    why = (
        "XX marks a figure the writer did not have yet. Published, the sentence states nothing, and "
        "figures around it may be unchecked."
    )
    bad = "<p>The plan will cost $XX million and affect XX people.</p>"
    good = "<p>Super Bowl XXX was played in Tempe; the shirt came in XXL.</p>"

    phrases: ClassVar[tuple[Phrase, ...]] = (
        Phrase(
            r"[$£€¥]\s?(?:XXX?|xxx?|X{1,3}(?:,XXX){1,3})(?:[.,]X{1,3}){0,2}",
            _NUMBER_NOTE,
            case_sensitive=True,
            in_quotes=True,
            word_boundaries=False,
            kind="sure",
            triggers=("xx",),
        ),
        Phrase(
            r"(?<![\w$£€¥])(?:XXX?|xxx?)(?:[.,]XX?){0,1}(?=\s?%|\s(?:percent|per cent|pct)\b)",
            _NUMBER_NOTE,
            case_sensitive=True,
            in_quotes=True,
            word_boundaries=False,
            kind="sure",
            triggers=("xx",),
        ),
        Phrase(
            r"X{1,3}(?:,XXX){1,3}|XX[.:]XX?|X[.:]XX|XXX?-(?:year|month|week|day|hour|minute|second|mile|yard|foot|feet|"
            r"metre|meter|point|game|percent|acre|page|story|storey|member|seat|vote)s?\b",
            _NUMBER_NOTE,
            case_sensitive=True,
            in_quotes=True,
            kind="sure",
            triggers=("xx",),
        ),
        Phrase(
            r"(?<![#/] )XXX?(?= (?:[a-z]{2,20}s|million|billion|trillion|thousand|hundred|dozen|people|children|"
            r"men|women|staff|police|personnel|feet|per ?cent)\b)",
            _NUMBER_NOTE,
            case_sensitive=True,
            in_quotes=True,
            kind="count",
            triggers=("xx",),
        ),
    )

    def accept(self, hit: Hit, block: Block) -> Hit | None:
        text = block.text
        if self.quote_index(block).alone(text, hit.start, hit.end):
            return None
        if hit.phrase.kind != "count":
            return hit
        if self.per_block(block, "chromosomes", lambda b: _CHROMOSOME.search(b.text) is not None):
            return None
        after = text[hit.end : hit.end + 16]
        before = text[max(0, hit.start - 24) : hit.start]
        if _RATING_NEAR.match(after.lstrip()) or re.search(r"(?i:rated|rating)\s\Z", before):
            return None
        previous = _PREVIOUS_WORD.search(before)
        if previous is not None:
            word = previous.group(1)
            if word.lower().rstrip(".") in _ROMAN_HEADS:
                return None
            word_start = hit.start - len(previous.group(0))
            if word[0].isupper() and not at_sentence_start(text, word_start):
                return None
        return hit


@register
class DeskMark(ExistenceRule):
    """Wire end marks and embargo/hold lines left in a published body.

    Flags end marks from wire copy and old desks (``###``, ``-30-``,
    ``ENDS``, ``END``, ``(END)``) when they make up a whole block or end one
    after a sentence, and embargo and hold lines meant for editors:
    ``EMBARGOED UNTIL …``, ``HOLD FOR RELEASE``, ``NOT FOR PUBLICATION``,
    ``FOR IMMEDIATE RELEASE``, ``EDITORS NOTE:``, ``NOTE TO EDITORS``,
    ``Eds:``, in capitals anywhere, or in sentence case when they open a block.

    Not flagged: The reader-facing ``Editor's note:``/``EDITOR'S NOTE —`` (with its
    apostrophe), prose ("the report, embargoed until Tuesday, …", "the
    remarks were not for publication"), "The End", capitals in an all-caps
    headline ("SEASON ENDS", "EMBARGOED REPORT LEAKS"), and quoted speech.
    """

    code = "CD105"
    name = "desk-mark"
    category = "placeholder"
    severity = Severity.ERROR
    summary = "A wire end mark (###, -30-, ENDS) or an embargo/hold line left in the published copy"
    why = (
        "End marks and embargo lines are messages between wire, desk and press office. Published, they "
        "show copy went live unedited, and an embargo line may mean it went live too early."
    )
    bad = "<p>The agency will publish its findings next year.</p><p>###</p>"
    good = "<p>Editor's note: This story has been updated to correct the date.</p>"

    phrases: ClassVar[tuple[Phrase, ...]] = (
        Phrase(
            r"#{3,4}|-\s?30\s?-|—\s?30\s?—|ENDS?|\(ENDS?\)|-\s?ENDS?\s?-|—\s?ENDS?\s?—|\*\*\*ENDS?\*\*\*",
            "end mark {text!r} left from the wire or desk",
            case_sensitive=True,
            position="whole-block",
            triggers=("#", "30", "end"),
        ),
        Phrase(
            r"(?<=[.!?”\"’)] )(?:#{3,4}|-30-|\(ENDS?\)|ENDS|-ENDS?-)",
            "end mark {text!r} left from the wire or desk",
            case_sensitive=True,
            position="block-end",
            triggers=("#", "30", "end"),
        ),
        Phrase(
            r"EMBARGOED(?: (?:UNTIL|TILL|TO|FOR))?|EMBARGO(?: UNTIL|:)|HOLD FOR RELEASE|"
            r"NOT FOR (?:PUBLICATION|BROADCAST|DISTRIBUTION)|FOR IMMEDIATE RELEASE|"
            r"EDITORS'? NOTE|NOTES? TO EDITORS?|ADVANCE FOR (?:RELEASE|USE)",
            "editors' line {text!r} left in the copy",
            case_sensitive=True,
            kind="caps",
            triggers=("embargo", "release", "publication", "broadcast", "distribution", "editor", "advance"),
        ),
        Phrase(
            r"EDS?:|Eds:",
            "editors' line {text!r} left in the copy",
            case_sensitive=True,
            position="block-start",
            triggers=("ed",),
        ),
        Phrase(
            r"(?:embargoed (?:until|till|to|for)|hold for release|not for (?:publication|broadcast|distribution)|"
            r"for immediate release|notes? to editors?)(?=\s{0,2}(?:[:\-–—.]|\Z|[A-Z0-9]))",
            "editors' line {text!r} left in the copy",
            position="block-start",
            triggers=("embargoed", "release", "publication", "broadcast", "distribution", "editor"),
        ),
    )

    def accept(self, hit: Hit, block: Block) -> Hit | None:
        if hit.phrase.kind == "caps" and self.shouting(block):
            return None
        return hit


_UNITS = (
    r"tbsp|tsp|tbs|tablespoons?|teaspoons?|cups?|grams?|gms?|kgs?|ml|litres?|liters?|oz|ounces?|lbs?|pounds?|"
    r"pinch(?:es)?|cloves?|g|kg|l"
)
_MULTIPLIERS = r"million|billion|trillion|thousand|crores?|lakhs?|mn|bn"
_EMPTY_SLOT_WORDS = r"in|on|at|by|from|for|of|with|under|into"
#: An empty slot is judged only in short lines: a meta line, a caption, a list's line.
_SLOT_BLOCK_MAX = 60


@register
class MissingValue(ExistenceRule):
    """A template slot left empty: a number or a name missing where the sentence needs one.

    Flags what a template or a scraper leaves when a field comes out empty:
    a quantity with no number (``Lemon juice - tbsp``), a currency with no
    amount (``$ million``, ``Rs crore``), a percentage with no figure (``rose
    by % in``), a preposition whose object is missing before a comma or a
    full stop (``Posted in , by``; ``in ,`` where a category list was empty),
    and a source that is missing (``According to, his net worth…``, where the
    link naming it was lost).

    Not flagged: units and currencies with their numbers (``2 tbsp``,
    ``$5 million``), a unit heading a table column (``(Rs crore)``, ``in $
    million``), "Salt - to taste", a preposition that ends a phrasal verb
    before its punctuation with no space ("logged in,"), and quoted speech.
    """

    code = "CD106"
    name = "missing-value"
    category = "placeholder"
    severity = Severity.WARNING
    summary = "A template slot left empty: 'Lemon juice - tbsp', '$ million', 'rose by % in', 'Posted in , by'."
    why = (
        "A quantity, amount or name missing from its slot is a template field or a scraper's extraction that came "
        "out empty; the sentence around it states nothing, and a reader may act on a recipe or a figure that is "
        "not there."
    )
    bad = "<p>Ingredients: Salt - 1 tsp, Lemon juice - tbsp, Garam masala - 1 tbsp</p>"
    good = "<p>Ingredients: Salt - 1 tsp, Lemon juice - 2 tbsp, Chili powder - to taste</p>"

    phrases: ClassVar[tuple[Phrase, ...]] = (
        Phrase(
            rf"(?<=[-–—:] )(?:{_UNITS})(?=\s?[,;)]|\s?\Z|\s[A-Z])",
            "quantity missing: the unit {text!r} has no number before it",
            kind="unit",
            case_sensitive=True,
            word_boundaries=False,
        ),
        Phrase(
            rf"(?<![\w(])(?:[$£€₹¥]|Rs\.?|INR|USD)\s?(?:{_MULTIPLIERS})\b",
            "amount missing: {text!r} has no number",
            kind="money",
            word_boundaries=False,
        ),
        Phrase(
            r"(?:by|of|to|at|from|about|nearly|over|around|than|just|some) %(?!\w)",
            "figure missing: {text!r} has no number before the percent sign",
            word_boundaries=False,
            triggers=("%",),
        ),
        Phrase(
            rf"(?:^|(?<=[•·*▪◦] ))(?:{_UNITS})(?= [a-z]{{3,}})",
            "quantity missing: the unit {text!r} has no number before it",
            kind="unit",
            case_sensitive=True,
            word_boundaries=False,
        ),
        Phrase(
            r"(?<=[a-z] )(?:[$£€₹]|Rs\.?|INR)\s?(?=[,;]|\.\s|\s?\Z|\s(?:per|only|and|to)\b)",
            "amount missing: {text!r} has no number",
            kind="money",
            case_sensitive=True,
            word_boundaries=False,
        ),
        Phrase(
            r"(?:Posted|Published|Written|Filed|Updated)(?:\s(?:by|on|in|under|at))+"
            r"(?=\s(?:by|on|in|under|at)\b|\s?[,|•·]|\s?\Z)",
            "empty template slot: nothing follows {text!r}",
            kind="slot",
            case_sensitive=True,
        ),
        Phrase(
            r"(?<![\w’'-])(?:on|since|until|from|by|dated)\s,(?=\s?(?:19|20)\d\d\b)",
            "date missing: {text!r} has no day or month before the year",
            case_sensitive=True,
            word_boundaries=False,
        ),
        Phrase(
            r"(?<![\w’'-])according to(?=\s?[,.;:](?:\s|\Z))",
            "source missing: nothing follows {text!r} (a link or name that was lost)",
            kind="source",
        ),
        Phrase(
            rf"(?<![\w’'-])(?:{_EMPTY_SLOT_WORDS})(?= [,;]| \.(?:\s|\Z))",
            "empty template slot: nothing follows {text!r} before the punctuation",
            kind="slot",
            case_sensitive=True,
        ),
    )

    def accept(self, hit: Hit, block: Block) -> Hit | None:
        text = block.text
        before = text[max(0, hit.start - 4) : hit.start].lower()
        if hit.phrase.kind == "money" and (before.endswith(("in ", "(")) or re.search(r"\d\s?\Z", before)):
            return None  # "(Rs crore)", "in $ million": a column's unit
        return hit

    def check_block(self, block: Block, article: Article) -> Iterator[Violation]:
        for hit in self.hits(block):
            if hit.phrase.kind == "slot" and (
                _line_length(article, block, hit.start) > _SLOT_BLOCK_MAX
                or article.tags_at(block, hit.end)
                or article.tags_at(block, hit.end + 1)
                or (article.body is not None and not block.text[hit.end :].strip())
            ):
                # In running prose a gap before punctuation is mostly a dropped formula or image; or
                # markup stood in the gap (a formula, an image, a link the text does not show), or the
                # value of an HTML label is in the next element ("Posted by" + the author's link).
                continue
            yield self.violation(block, hit.start, hit.end, self.message(hit))


# Words of a news event: who acted, what happened, what follows.
_EVENT_WORDS = re.compile(
    r"\b(?:police|suspects?|investigators?|investigation|authorities|officials|arrest(?:ed|s)?|charged|charges|"
    r"victims?|robbery|robberies|shooting|murder|crash|accident|fire|court|trial|witness(?:es)?|evidence|incident|"
    r"burglar(?:y|ies)|officers?|detectives?|firefighters?|rescuers?|casualt(?:y|ies)|injured|killed)\b",
    re.IGNORECASE,
)
# A capitalised word inside a sentence: a name, a place, an organisation (what a real report is made of).
_INNER_CAPITAL = re.compile(r"(?<=[^.!?:\"“‘(\s]\s)[A-Z][\w’'-]*")
# Capitals that name nothing in particular.
_GENERIC_CAPITALS = frozenset("I DNA CCTV ID GPS TV SUV ATM OK".split())


@register
class FactlessStory(Rule):
    """Stock filler in place of a report: a news paragraph with no name, place, date or number.

    Template and auto-written sites publish paragraphs that have the shape of a
    news report and none of its facts ("a significant development in the
    investigation regarding the bank robbery downtown. Police have released
    new details…"): where the name, the place, the date and the figures
    should be, generic words stand in. How it decides: a paragraph of 50
    words or more that speaks of a news event (police, suspects, a court, an
    accident: four such words or more) and names nothing — no capitalised
    word inside a sentence, no digit.

    Not flagged: a report that names a place, a person, a date or a number
    anywhere in the paragraph; short paragraphs (a transition, a summary);
    paragraphs that are not about an event. Severity is *info*: an explainer
    may legitimately speak in general terms.
    """

    code = "CD107"
    name = "factless-story"
    category = "placeholder"
    severity = Severity.INFO
    summary = "Stock filler in place of a report: a news paragraph that names no person, place, date or number."
    why = (
        "A report whose facts are all generic stand-ins ('the bank robbery downtown', 'the suspect', 'new "
        "details') is filler written to a template: it tells the reader nothing that can be checked."
    )
    bad = (
        "<p>There has been a significant development in the ongoing investigation into the bank robbery "
        "downtown. Police have released new details, including potential leads based on recovered evidence. "
        "Investigators are examining surveillance footage and interviewing witnesses. The suspect, described as "
        "wearing a dark hoodie, remains at large, and officers urge anyone with information to come forward.</p>"
    )
    good = (
        "<p>Police in Dayton released new details on Tuesday in the investigation into the robbery of a "
        "downtown bank on Main Street. Investigators are examining surveillance footage and interviewing "
        "witnesses. The suspect, described as wearing a dark hoodie, remains at large, and officers urge anyone "
        "with information to call 937-555-0100.</p>"
    )
    scope = Scope.blocks(("paragraph",))

    def check_block(self, block: Block, article: Article) -> Iterator[Violation]:
        text = block.prose_text
        if len(text.split()) < 50 or any(char.isdigit() for char in text):
            return
        if len({match.group().lower() for match in _EVENT_WORDS.finditer(text)}) < 4:
            return
        if any(match.group() not in _GENERIC_CAPITALS for match in _INNER_CAPITAL.finditer(text)):
            return
        yield self.violation(
            block, 0, len(block.text), "a news paragraph with no name, place, date or number: stock filler"
        )
