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
from collections.abc import Sequence
from typing import Any, ClassVar

from copydesk.engine.kinds import CompiledPhrase, ExistenceRule, Hit, Phrase, at_sentence_start, check_linear
from copydesk.engine.rule import Option, Severity, register
from copydesk.model.article import Block

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
    ipsum, and ``FIXME``/``TODO`` notes. Newsroom-specific filler can be added
    with ``extra_patterns``.

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
            r"body (?:text|copy)|text|copy|summary|excerpt|description|quote|image|photo) goes here)"
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

    Not flagged: Brackets that belong in copy: ``[sic]``, ``[Updated]``, ``[Video]``,
    ``[…]``, footnote numbers, and editorial insertions inside quotes ("He
    [the mayor] agreed"); inside a quotation only a note in capitals counts.
    ``{x}`` or ``{n}`` (maths, one letter) and ``$TSLA``-style tickers (short,
    no underscore) are not template tokens. The joke idiom "[insert your name
    here]" / "[insert buzzword here]" is left alone: a lower- or mixed-case
    bracket that addresses the reader ("your") or ends in "here" is a
    figure of speech; the desk writes notes in capitals (``[INSERT NAME HERE]``
    is flagged). Code in ``<code>``/``<pre>`` is not body copy.
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
            r"(?<!\[)\[[^\[\]]{2,60}\](?!\])",
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
            if "_" in name or name.lower() in _FIELD_NAMES or re.search(r"[a-z][A-Z]", name):
                return hit
            return None
        if kind == "dollar":
            name = matched[1:]
            if "_" not in name and self.shouting(block) and " " in block.text.strip():
                return None
            return hit if "_" in name or len(name) >= 7 or name.lower() in _FIELD_NAMES else None
        if kind == "note":
            return hit if self._is_desk_note(hit, self.quote_index(block).inside(hit.start, hit.end)) else None
        return hit

    @staticmethod
    def _is_desk_note(hit: Hit, quoted: bool) -> bool:
        content = hit.matched[1:-1].strip()
        if not any(char.isalpha() for char in content) or re.fullmatch(r"(?:TK\s?){1,4}", content):
            return False  # "[…]", "[1]"; a bare "[TK]" is CD102's mark
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
