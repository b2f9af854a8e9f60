"""CD8xx grammar and spelling: engine findings placed on the article's own characters.

The engines (Harper offline by default, LanguageTool when configured) sit
behind :mod:`copydesk.grammar`; these rules only choose which of the shared
per-article findings they report. Each finding's message starts with
``[engine:RuleId]`` — the engine and its own rule id — so a finding is
traceable and stable in every output format without a new JSON field.

The engine runs once per article however many of these rules are on; its
settings come from ``[tool.copydesk.grammar]`` (engine, server URL, house
words, quotes, cache), which the config hands to each rule instance.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from copydesk.engine.rule import Option, Rule, RuleNotice, Severity, Violation, register
from copydesk.grammar.checker import ArticleReport, BlockMatch, report_for
from copydesk.grammar.context import uncorrectable
from copydesk.grammar.frequency import likely_typo, shaped_like_typo
from copydesk.model.article import Article, Block

#: House rules whose findings an engine would repeat (CD501 repeated words, CD502 ellipses,
#: CD503 run-together words, CD504/CD505 spacing, placeholders such as TK and lorem ipsum):
#: where one of them flags, the engine-made findings (CD801, CD802) give way, so one defect
#: gets one finding, the house rule's. Codes, not categories: CD506 (brackets) is typography
#: the engines do not repeat.
HOUSE_RULES = frozenset(("CD101", "CD102", "CD103", "CD104", "CD105", "CD501", "CD502", "CD503", "CD504", "CD505"))


def _violation(rule: Rule, found: BlockMatch) -> Violation:
    match = found.match
    message = f"[{match.engine}:{match.rule_id}] {match.message.strip()}"
    if match.replacements:
        message += " (suggested: " + ", ".join(repr(item) for item in match.replacements) + ")"
    fix = match.replacements[0] if match.replacements else None
    return Violation(found.block, found.start, found.end, message, fix)


@register
class SpellingError(Rule):
    code = "CD801"
    name = "spelling-error"
    category = "spelling"
    severity = Severity.WARNING
    yields_to = HOUSE_RULES
    fixable = True
    summary = "A misspelt word: unknown to the spelling engine and no name or house word ('goverment')."
    why = (
        "A misspelling in a published story costs the reader's trust at once. Names are not misspellings: words "
        "capitalised mid-sentence in the body, byline and captions, names that recur, the house word list "
        "([tool.copydesk.grammar] words or words-file) and the built-in newsroom vocabulary are never flagged. "
        "Words inside direct quotes are left alone by default (check-quotes = true to check them). The message "
        "names the engine and its rule ([harper:SpellCheck]); the fix is the engine's first suggestion. The "
        "engine's dictionary is small next to the language of news, so an unknown word is reported only when it "
        "looks like a typo of a far more common word, weighed with a large English frequency list (wordfreq): "
        "'renin', 'diegetic' and British 'focussing' are words, 'goverment' and 'relavant' are slips."
    )
    bad = "The goverment said it would definately act."
    good = "Prime Minister Fumio Kishida met Antony Blinken in Tokyo. Pneumonitis is rare."
    options = (
        Option(
            "near_misses_only",
            True,
            "Report an unknown word only when it looks like a typo: the engine suggests a common English word "
            "one slip away (two in a long word), its first letter kept, far more common than the word itself in "
            "a large frequency list (wordfreq: 'goverment' 2.7 against 'government' 5.6); a word the list "
            "knows must also have the slip inside it, its ends kept. Other unknown words are usually names, "
            "terms of art or words the engine's dictionary lacks ('renin', 'diegetic', 'modders'). Pages "
            "in other languages: the slip's shape alone decides.",
        ),
    )

    def check_article(self, article: Article) -> Iterator[Violation]:
        near_only = self.config["near_misses_only"]
        report = report_for(article, self.grammar)
        for found in report.spelling:
            if near_only and not likely_typo(found.word, found.match.replacements, report.language):
                continue
            yield _violation(self, found)

    def notices(self, article: Article) -> Iterator[RuleNotice]:
        return grammar_notices(article, report_for(article, self.grammar))


def near_miss(word: str, suggestions: tuple[str, ...]) -> bool:
    """Whether a suggestion is the word with one slip inside it, its ends kept: a typo's shape.

    The check for languages without a frequency list; see
    :func:`copydesk.grammar.frequency.shaped_like_typo`.
    """
    return any(shaped_like_typo(word, suggestion) for suggestion in suggestions)


@register
class GrammarError(Rule):
    code = "CD802"
    name = "grammar-error"
    category = "grammar"
    severity = Severity.WARNING
    yields_to = HOUSE_RULES
    fixable = True
    summary = "A grammar or word-choice slip the grammar engine finds ('He go', 'Their was', 'a apple')."
    why = (
        "Agreement errors, a/an slips and confused words (their/there, its/it's) are what a copy editor fixes "
        "first. The offline engine (Harper) runs with its style advice and the typography copydesk already "
        "checks switched off, so a finding is a slip, not a preference; LanguageTool adds its rules when a "
        "server is configured. Findings inside direct quotes are dropped by default: other people's words "
        "are not ours to correct."
    )
    bad = "Their was a vote on Tuesday. He go to Tokyo every week."
    good = 'There was a vote on Tuesday. "We is ready," he said. (quoted speech is left alone)'

    def check_article(self, article: Article) -> Iterator[Violation]:
        for found in report_for(article, self.grammar).grammar:
            if uncorrectable(found.match.rule_id, found.match.replacements):
                continue  # "He woke up late": flagged, yet the engine has nothing to write instead
            yield _violation(self, found)

    def notices(self, article: Article) -> Iterator[RuleNotice]:
        return grammar_notices(article, report_for(article, self.grammar))


@register
class NameSpelledTwoWays(Rule):
    code = "CD803"
    name = "name-spelled-two-ways"
    category = "spelling"
    severity = Severity.WARNING
    fixable = True
    summary = "A name the article spells two ways ('Kishida' and 'Kishda'): the rarer spelling is flagged."
    why = (
        "Spell checkers cannot judge names, so copydesk learns names from the article itself — which is "
        "exactly what would hide a misspelt name. Within one story a name should be spelled one way: two "
        "capitalised words one letter apart (a substitution, an insertion, a deletion or a swap), at least "
        "five letters long, are paired, and the rarer spelling (the one the dictionary does not know, or the "
        "later one on a tie) is flagged with the other as its fix. Plurals and demonyms (Korea/Korean) and "
        "acronyms are not paired."
    )
    bad = "Blinken arrived on Monday. Later, Blinkin met the prime minister."
    good = "Blinken arrived on Monday. Later, Blinken met the prime minister."

    def check_article(self, article: Article) -> Iterator[Violation]:
        for block, start, end, variant in report_for(article, self.grammar).name_variants:
            times = "once" if variant.preferred_count == 1 else f"{variant.preferred_count} times"
            spelled = f"{variant.variant!r} is also spelled {variant.preferred!r} ({times}) in this article"
            message = f"[names:consistency] {spelled}"
            yield Violation(block, start, end, message, variant.preferred)

    def notices(self, article: Article) -> Iterator[RuleNotice]:
        return grammar_notices(article, report_for(article, self.grammar))


@register
class GrammarLanguageSkipped(Rule):
    """Grammar was not checked (a language no engine checks) or only in part: a notice, never a finding.

    Not a defect of the copy, so it is not reported as one: it is a *notice* in
    the file's result (a ``note:`` line under the file in text, ``notices`` in
    JSON, a ``toolExecutionNotification`` in SARIF), which never counts as a
    finding and never fails the gate. Three kinds: ``language-skipped`` (no
    configured engine checks the page's language), ``partly-checked`` (the
    article is past the budget; the notice points at the first text left
    unchecked) and ``engine-failed`` (an engine failed on a paragraph or the
    page, which was left unchecked). Every grammar rule (CD801–CD804) gives
    these notices when it runs, so ``--select CD801`` still says what was not
    checked; this rule selected alone gives the notices without the checks'
    findings.
    """

    code = "CD804"
    name = "grammar-language-skipped"
    category = "grammar"
    severity = Severity.INFO
    summary = "A notice, not a finding: grammar and spelling left unchecked (language, budget, engine failure)."
    why = (
        "Running an English checker over German or Japanese copy floods the report with false alarms, so a "
        "page in a language no configured engine checks is skipped; configure a LanguageTool server to check "
        "other languages. Grammar and spelling are also checked only up to a budget per article (60,000 "
        "characters, about 10,000 words, and 20,000 per paragraph), so an archive page or a transcript cannot "
        "stall a run; and an engine can fail on a paragraph. Either way a clean report must not read as a clean "
        "article, so the file's result carries a notice saying what was not checked and where. A notice is "
        "not a defect in the copy: it is printed as a note under the file, listed in JSON as the file's "
        "notices and in SARIF as a tool notification, and it never counts as a finding or fails the gate."
    )
    bad = '<html lang="de"> … (with the offline engine only: a notice, not a finding)'
    good = '<html lang="en-GB"> …'

    def check_article(self, article: Article) -> Iterator[Violation]:
        return iter(())  # notices only: see :meth:`notices`

    def notices(self, article: Article) -> Iterator[RuleNotice]:
        return grammar_notices(article, report_for(article, self.grammar))


#: The code every grammar notice is filed under, whichever grammar rule ran.
NOTICE_CODE = "CD804"


def grammar_notices(article: Article, report: ArticleReport) -> Iterator[RuleNotice]:
    """What the grammar check left unchecked in this article, as notices (see :class:`GrammarLanguageSkipped`)."""
    if report.skipped_language is not None:
        message = f"grammar and spelling not checked: no configured engine checks language {report.skipped_language!r}"
        where = Violation(None, 0, 0, message, source_span=_lang_span(article))
        yield RuleNotice(NOTICE_CODE, "language-skipped", where)
        return
    for failure in report.failures:
        yield RuleNotice(NOTICE_CODE, "engine-failed", _at_word(failure.block, failure.start, failure.match.message))
    if report.engines and report.cut_short and report.stopped_at is not None:
        yield RuleNotice(NOTICE_CODE, "partly-checked", _partly_checked(report))


def _at_word(block: Block, offset: int, message: str) -> Violation:
    """A violation on the first word at or after ``offset`` in the block (the text left unchecked)."""
    word = _FIRST_WORD.search(block.text, offset)
    start, end = (word.start(), word.end()) if word else (offset, offset)
    return Violation(block, start, end, message)


def _partly_checked(report: ArticleReport) -> Violation:
    """The notice's place and message for an article past the budget: the first word left unchecked."""
    share = 100 * report.checked_characters / report.characters
    message = (
        f"grammar and spelling checked only {report.checked_characters:,} of the article's "
        f"{report.characters:,} characters ({share:.0f}%), the budget per article; the first text left "
        "unchecked starts here"
    )
    assert report.stopped_at is not None
    block, offset = report.stopped_at
    return _at_word(block, offset, message)


_FIRST_WORD = re.compile(r"\S{1,40}")


def _lang_span(article: Article) -> tuple[int, int]:
    """The ``<html …>`` start tag (where ``lang`` is declared), else the start of the file."""
    html = article.body.find_parent("html") if article.body is not None else None
    if html is not None:
        start = article.tag_span(html)[0]
        return (start, start)  # a point: the finding is about the page, not the tag's characters
    return (0, 0)
