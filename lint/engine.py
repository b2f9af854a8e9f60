"""Running the enabled rules over an article and turning reports into findings.

This is the one place where a rule's plain-text span becomes a source span and
then line:column, and where suppressions apply. Failure is per file: a file
that cannot be read, decoded or parsed yields a :class:`FileResult` with an
error and the batch goes on.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .article import Article, build_article, css_path
from .config import Config, ConfigError, ConfigFinder
from .finding import FileResult, Finding
from .inputs import ARTICLE_SUFFIXES, build_article_for
from .rule import Rule, Violation
from .source import DecodeError, SourceText
from .suppress import IgnoreAttributes, Suppressions

STDIN = "-"


def _finding(rule: Rule, config: Config, article: Article, violation: Violation) -> Finding:
    source = article.source
    selector = None
    if violation.unit is not None:
        unit = violation.unit
        selector = css_path(unit.element) if unit.element is not None else None
        start, end = violation.start, max(violation.end, violation.start)
        src_start, src_end = unit.mapped.to_source(start, end) if unit.text else unit.mapped.source_span
        excerpt = unit.text[start:end]
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
        fix=violation.fix,
        fix_safe=rule.safe_fix and violation.fix is not None,
        start=src_start,
        end=src_end,
        selector=selector,
    )


def lint_article(article: Article, config: Config, rules: list[Rule] | None = None) -> list[Finding]:
    """All findings for an article, suppressions applied, in file order."""
    suppressions = Suppressions.of(article)
    ignores = IgnoreAttributes()
    findings: dict[tuple[str, int, int, str], Finding] = {}
    for rule in rules if rules is not None else config.enabled_rules():
        for violation in rule.check(article):
            if ignores.covers(rule.code, violation.unit):
                continue
            finding = _finding(rule, config, article, violation)
            if suppressions.covers(rule.code, finding.start):
                continue
            findings.setdefault((finding.rule, finding.start, finding.end, finding.message), finding)
    problems = suppressions.problems + ignores.problems
    if problems:
        raise ConfigError("; ".join(problems))
    return sorted(findings.values(), key=lambda f: (f.start, f.end, f.rule))


def lint_text(text: str, config: Config | None = None, path: str = "<string>") -> list[Finding]:
    """Lint HTML given as text (the in-process API for a CMS)."""
    config = config or Config()
    article = build_article(SourceText(text, path), config.body_selector)
    return lint_article(article, config)


def lint_source(source: SourceText, config: Config, *, statistics: bool = False) -> FileResult:
    """Lint decoded source; any failure becomes the file's error, not an exception.

    ``statistics`` also computes article-level figures (readability) for
    reports that show them; they cost a pass over the text, so only on request.
    """
    result = FileResult(
        source.path, source_text=source.text, encoding=source.encoding, bom=source.bom, lossless=source.lossless
    )
    try:
        article = build_article_for(source, source.path, config.body_selector)
        result.findings = lint_article(article, config)
        if statistics:
            from .rules.readability import statistics as article_statistics

            result.statistics = article_statistics(article)
    except ConfigError as exc:
        result.error = str(exc)
    except ValueError as exc:
        result.error = str(exc)
    except RecursionError:
        result.error = "the page nests elements too deeply to analyse"
    except Exception as exc:
        result.error = f"internal error while linting ({type(exc).__name__}: {exc}); please report it"
    return result


def read_input(path: str) -> SourceText:
    """Read and decode one input (``-`` is standard input)."""
    if path == STDIN:
        data = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as handle:
            data = handle.read()
    return SourceText.from_bytes(data, "<stdin>" if path == STDIN else path)


def lint_path(path: str, config: Config, *, statistics: bool = False) -> FileResult:
    """Read, decode and lint one file, turning every failure into an error record."""
    try:
        source = read_input(path)
    except FileNotFoundError:
        return FileResult(path, error="no such file")
    except IsADirectoryError:
        return FileResult(path, error="is a directory")
    except PermissionError:
        return FileResult(path, error="permission denied")
    except OSError as exc:
        return FileResult(path, error=f"cannot read: {exc.strerror or exc}")
    except DecodeError as exc:
        return FileResult(path, error=f"cannot decode: {exc}")
    return lint_source(source, config, statistics=statistics)


@dataclass(frozen=True)
class InputError:
    path: str
    message: str


def expand_paths(paths: Iterable[str]) -> Iterator[str | InputError]:
    """Files to lint: files as given, directories recursively (HTML, Markdown and ``.txt`` files).

    Hidden folders and files are skipped inside directories; symlinked
    directories are not followed, so a link loop cannot make a walk endless.
    """
    for path in paths:
        if path == STDIN:
            yield path
            continue
        if os.path.isdir(path):
            found: list[str] = []
            for directory, folders, files in os.walk(path, onerror=None):
                folders[:] = sorted(folder for folder in folders if not folder.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                        found.append(os.path.join(directory, name))
            yield from found
        elif os.path.exists(path) or os.path.islink(path):
            yield path
        else:
            yield InputError(path, "no such file or directory")


def lint_paths(
    paths: Iterable[str], finder: ConfigFinder, cli: dict[str, object] | None = None, *, statistics: bool = False
) -> Iterator[FileResult]:
    """Lint many inputs in order, each with the config that applies to it."""
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield FileResult(item.path, error=item.message)
            continue
        try:
            config = finder.for_path(None if item == STDIN else Path(item))
            if cli:
                config = config.merged_with_cli(**cli)  # type: ignore[arg-type]
        except ConfigError as exc:
            yield FileResult(item, error=str(exc))
            continue
        yield lint_path(item, config, statistics=statistics)
