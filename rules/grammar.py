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

from collections.abc import Iterator

from copydesk.article import Article
from copydesk.grammar.checker import BlockMatch, report_for
from copydesk.grammar.names import edit_distance_one
from copydesk.grammar.settings import GrammarSettings
from copydesk.rule import Option, Rule, Severity, Violation, register


class GrammarRule(Rule):
    """A rule reading the article's grammar report; ``settings`` come from the config."""

    settings: GrammarSettings = GrammarSettings()

    def use_grammar_settings(self, settings: GrammarSettings) -> None:
        """Called by the config with ``[tool.copydesk.grammar]`` (and CLI overrides)."""
        self.settings = settings


def _violation(rule: Rule, found: BlockMatch) -> Violation:
    match = found.match
    message = f"[{match.engine}:{match.rule_id}] {match.message.strip()}"
    if match.replacements:
        message += " (suggested: " + ", ".join(repr(item) for item in match.replacements) + ")"
    fix = match.replacements[0] if match.replacements else None
    return Violation(found.block, found.start, found.end, message, fix)


@register
class SpellingError(GrammarRule):
    code = "CD801"
    name = "spelling-error"
    category = "spelling"
    severity = Severity.WARNING
    fixable = True
    summary = "A misspelt word: unknown to the spelling engine and no name or house word ('goverment')."
    why = (
        "A misspelling in a published story costs the reader's trust at once. Names are not misspellings: words "
        "capitalised mid-sentence in the body, byline and captions, names that recur, the house word list "
        "([tool.copydesk.grammar] words or words-file) and the built-in newsroom vocabulary are never flagged. "
        "Words inside direct quotes are left alone by default (check-quotes = true to check them). The message "
        "names the engine and its rule ([harper:SpellCheck]); the fix is the engine's first suggestion."
    )
    bad = "The goverment said it would definately act."
    good = "Prime Minister Fumio Kishida met Antony Blinken in Tokyo. Pneumonitis is rare."
    options = (
        Option(
            "near_misses_only",
            True,
            "Report an unknown word only when the engine suggests a word one edit away (a typo: 'goverment' → "
            "'government'); an unknown word with no close suggestion is usually a name or a term of art.",
        ),
    )

    def check(self, article: Article) -> Iterator[Violation]:
        near_only = self.config["near_misses_only"]
        for found in report_for(article, self.settings).spelling:
            if near_only and not near_miss(found.word, found.match.replacements):
                continue
            yield _violation(self, found)


def near_miss(word: str, suggestions: tuple[str, ...]) -> bool:
    """Whether a suggestion is one edit (or a change of case) from the word: the mark of a typo."""
    lower = word.lower()
    return any(
        edit_distance_one(lower, suggestion.lower()) for suggestion in suggestions if suggestion.lower() != lower
    )


@register
class GrammarError(GrammarRule):
    code = "CD802"
    name = "grammar-error"
    category = "grammar"
    severity = Severity.WARNING
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

    def check(self, article: Article) -> Iterator[Violation]:
        for found in report_for(article, self.settings).grammar:
            yield _violation(self, found)


@register
class NameSpelledTwoWays(GrammarRule):
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

    def check(self, article: Article) -> Iterator[Violation]:
        for block, start, end, variant in report_for(article, self.settings).name_variants:
            times = "once" if variant.preferred_count == 1 else f"{variant.preferred_count} times"
            spelled = f"{variant.variant!r} is also spelled {variant.preferred!r} ({times}) in this article"
            message = f"[names:consistency] {spelled}"
            yield Violation(block, start, end, message, variant.preferred)


@register
class GrammarLanguageSkipped(GrammarRule):
    code = "CD804"
    name = "grammar-language-skipped"
    category = "grammar"
    severity = Severity.INFO
    summary = "The page's language is one no configured grammar engine can check: grammar was skipped."
    why = (
        "Running an English checker over German or Japanese copy floods the report with false alarms. "
        "The page's lang attribute (or [tool.copydesk.grammar] language) picks the language; when no engine "
        "can check it, this one finding says so instead. Configure a LanguageTool server to check other languages."
    )
    bad = '<html lang="de"> … (with the offline engine only)'
    good = '<html lang="en-GB"> …'

    def check(self, article: Article) -> Iterator[Violation]:
        report = report_for(article, self.settings)
        if report.skipped_language is None:
            return
        span = _lang_span(article)
        yield Violation(
            None,
            0,
            0,
            f"grammar and spelling not checked: no configured engine checks language {report.skipped_language!r}",
            source_span=span,
        )


def _lang_span(article: Article) -> tuple[int, int]:
    """The ``<html …>`` start tag (where ``lang`` is declared), else the start of the file."""
    html = article.body.find_parent("html") if article.body is not None else None
    if html is not None:
        start = article.tag_span(html)[0]
        return (start, start)  # a point: the finding is about the page, not the tag's characters
    return (0, 0)
