"""Running the enabled rules over an article and turning reports into findings.

This is the one place where a rule's plain-text span becomes a source span and
then line:column, and where suppressions apply. A failure while linting one
source becomes that file's error (:func:`lint_source`), never an exception.
"""

from __future__ import annotations

from copydesk.engine.config import Config, ConfigError
from copydesk.engine.finding import FileResult, Finding, Notice, ReadingBlock, ReadingView
from copydesk.engine.rule import Rule, RuleNotice, Violation
from copydesk.engine.suppress import IgnoreAttributes, Suppressions
from copydesk.model.article import Article
from copydesk.model.html import build_article
from copydesk.model.inputs import build_article_for
from copydesk.model.measures import statistics as article_statistics
from copydesk.source.text import SourceText


def _notice(article: Article, notice: RuleNotice) -> Notice:
    """A rule's notice placed in the file: the violation's span when it has one, no position otherwise."""
    violation = notice.violation
    if violation.unit is None and violation.source_span is None:
        return Notice(notice.code, notice.kind, violation.message)
    source = article.source
    if violation.unit is not None:
        unit = violation.unit
        start, end = violation.start, max(violation.end, violation.start)
        src_start, src_end = unit.mapped.to_source(start, end) if unit.text else unit.mapped.source_span
    else:
        src_start, src_end = violation.source_span or (0, 0)
    line, column = source.position(src_start)
    end_line, end_column = source.end_position(src_end) if src_end > src_start else (line, column)
    return Notice(notice.code, notice.kind, violation.message, line, column, end_line, end_column)


def _finding(rule: Rule, config: Config, article: Article, violation: Violation) -> Finding:
    source = article.source
    selector = None
    fix = None
    if violation.unit is not None:
        unit = violation.unit
        selector = unit.element.selector if unit.element is not None else None
        start, end = violation.start, max(violation.end, violation.start)
        src_start, src_end = unit.mapped.to_source(start, end) if unit.text else unit.mapped.source_span
        excerpt = unit.text[start:end]
        if violation.fix is not None and unit.text:
            # The rule edits the text a reader sees; the source map makes it an edit of the file.
            fix = unit.mapped.source_edit(source.text, start, end, violation.fix)
    else:
        src_start, src_end = violation.source_span or (0, 0)
        excerpt = source.text[src_start:src_end]
    line, column = source.position(src_start)
    end_line, end_column = source.end_position(src_end) if src_end > src_start else (line, column)
    return Finding(
        rule=rule.code,
        name=rule.name,
        category=rule.category,
        severity=config.severity_of(rule).value,
        message=violation.message,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        excerpt=excerpt,
        fix=fix,
        fix_safe=rule.safe_fix and fix is not None,
        start=src_start,
        end=src_end,
        selector=selector,
    )


def lint_article(article: Article, config: Config, rules: list[Rule] | None = None) -> list[Finding]:
    """All findings for an article, suppressions applied, precedence settled, in file order.

    The notices (what was left unchecked) are dropped here; :func:`lint_article_with_notices` keeps them.
    """
    return lint_article_with_notices(article, config, rules)[0]


def lint_article_with_notices(
    article: Article, config: Config, rules: list[Rule] | None = None
) -> tuple[list[Finding], list[Notice]]:
    """All findings for an article (see :func:`lint_article`) and the rules' notices, each notice once.

    Notices are asked for after the rules' checks, so a rule can report what
    its check left out; several rules may give the same notice (the grammar
    rules share one engine report), which is kept once. Suppressions do not
    apply to notices: they silence defects, and a notice is none.

    Precedence (:attr:`~copydesk.engine.rule.Rule.yields_to`) is settled here,
    among the rules that ran, so no rule has to run another: a finding of a
    rule that yields is dropped where its source span overlaps a span a rule
    it yields to flagged. A span counts as flagged even when a suppression or
    ``data-copydesk-ignore`` silences that finding, because the suppression is
    the editor's verdict on that very span ("had had" is meant) and an engine
    repeating the complaint would need a second one. A rule that is not
    enabled flags nothing, so nothing yields to it: a user who turns CD501 off
    still hears the grammar engine about a repeated word.
    """
    active = rules if rules is not None else config.enabled_rules()
    yielded_to = frozenset().union(*(rule.yields_to for rule in active))
    suppressions = Suppressions.of(article)
    ignores = IgnoreAttributes()
    findings: dict[tuple[str, int, int, str], Finding] = {}
    # Source spans flagged by the rules some rule yields to: (code, category, start, end).
    flagged: list[tuple[str, str, int, int]] = []
    for rule in active:
        claims = rule.code in yielded_to or rule.category in yielded_to
        for violation in rule.check(article):
            ignored = ignores.covers(rule.code, violation.unit)
            if ignored and not claims:
                continue
            finding = _finding(rule, config, article, violation)
            if claims:
                flagged.append((rule.code, rule.category, finding.start, finding.end))
            if ignored or suppressions.covers(rule.code, finding.start):
                continue
            findings.setdefault((finding.rule, finding.start, finding.end, finding.message), finding)
    # A directive naming no known rule silences nothing; it is not the file's error but a
    # finding of its own (CD607, which reads :func:`~copydesk.engine.suppress.suppression_problems`).
    kept = list(findings.values())
    if flagged:
        yields = {rule.code: rule.yields_to for rule in active if rule.yields_to}
        kept = [finding for finding in kept if not _gives_way(finding, yields.get(finding.rule), flagged)]
    notices: dict[Notice, None] = {}
    for rule in active:
        for notice in rule.notices(article):
            notices.setdefault(_notice(article, notice), None)
    return sorted(kept, key=lambda f: (f.start, f.end, f.rule)), list(notices)


def _gives_way(finding: Finding, yields_to: frozenset[str] | None, flagged: list[tuple[str, str, int, int]]) -> bool:
    """Whether ``finding`` overlaps (shares a source character with) a span flagged by a rule it yields to.

    A rule never gives way to itself, even when it names its own category.
    """
    if not yields_to:
        return False
    return any(
        code != finding.rule
        and (code in yields_to or category in yields_to)
        and finding.start < end
        and start < finding.end
        for code, category, start, end in flagged
    )


def lint_text(text: str, config: Config | None = None, path: str = "<string>") -> list[Finding]:
    """Lint HTML given as text (the in-process API for a CMS)."""
    config = config or Config()
    article = build_article(SourceText(text, path), config.body_selector)
    return lint_article(article, config)


def reading_view(article: Article) -> ReadingView:
    """The article's non-chrome blocks in reading order, copied out of the model for the editor report.

    Only plain data is kept (role, text, source map), not the parse tree, so
    it is small, pickles from a worker and outlives the article it came from.
    """
    blocks = tuple(
        ReadingBlock(
            role=block.role,
            text=block.text,
            out_starts=tuple(block.mapped.out_starts),
            src_starts=tuple(block.mapped.src_starts),
            src_ends=tuple(block.mapped.src_ends),
            linear=tuple(block.mapped.linear),
        )
        for block in article.blocks
        if not block.chrome
    )
    return ReadingView(headline=article.headline, blocks=blocks, title=article.title)


def lint_source(source: SourceText, config: Config, *, statistics: bool = False, reading: bool = False) -> FileResult:
    """Lint decoded source; any failure becomes the file's error, not an exception.

    ``statistics`` also computes article-level figures (readability) for
    reports that show them; they cost a pass over the text, so only on request.
    ``reading`` keeps the linted article's text (:func:`reading_view`) for the
    editor report, which places findings in the very blocks that were linted.
    """
    result = FileResult(
        source.path, source_text=source.text, encoding=source.encoding, bom=source.bom, lossless=source.lossless
    )
    try:
        article = build_article_for(source, source.path, config.body_selector)
        result.findings, result.notices = lint_article_with_notices(article, config)
        if statistics:
            result.statistics = article_statistics(article)
        if reading:
            result.reading = reading_view(article)
    except Exception as exc:
        result.error = failure_message(exc)
    return result


def is_internal_failure(exc: Exception) -> bool:
    """Whether a failure is copydesk's own bug rather than bad input or configuration."""
    return not isinstance(exc, (ConfigError, ValueError, RecursionError))


def failure_message(exc: Exception) -> str:
    """What a file's result says when linting it failed: one line, never a traceback.

    Every front end that lints (the batch, the API, the language server) shows
    the same words for the same failure.
    """
    if isinstance(exc, RecursionError):
        return "the page nests elements too deeply to analyse"
    if not is_internal_failure(exc):
        return str(exc)
    return f"internal error while linting ({type(exc).__name__}: {exc}); please report it"
