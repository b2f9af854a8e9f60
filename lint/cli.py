"""The ``copydesk`` command line: it only wires the pieces together.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 a usage, configuration or input error (a file that could not be read,
decoded or parsed), even when other files were linted.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .article import Article, build_article
from .config import Config, ConfigError, ConfigFinder, resolve_selector
from .engine import STDIN, lint_paths, read_input
from .finding import FileResult
from .reporters import json as json_reporter
from .reporters.text import TextReporter
from .rule import Rule, Severity, all_rules, find_rule
from .source import DecodeError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FAIL_LEVELS = ("error", "warning", "info", "never")


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--select CD1,CD2 --select typography`` → ("CD1", "CD2", "typography")."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _fails(result: FileResult, threshold: str) -> bool:
    if threshold == "never":
        return False
    rank = Severity(threshold).rank
    return any(Severity(f.severity).rank >= rank for f in result.findings)


def _use_colour(option: bool | None, stream: Any) -> bool:
    if option is not None:
        return option
    if os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="copydesk")
def main() -> None:
    """copydesk: a copy desk for article HTML.

    Finds what a writer, a CMS or a scraper left behind: placeholders, broken
    credits, unattributed quotes, scraped widgets, typographic slips.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--select", multiple=True, help="Only these rules: codes, prefixes (CD1), slugs or categories.")
@click.option("--ignore", multiple=True, help="Skip these rules (same forms as --select).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Config file to use.")
@click.option("--body-selector", help="CSS selector of the article body (overrides detection).")
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), help="Lowest severity that makes the exit code 1.")
@click.option("-q", "--quiet", is_flag=True, help="Only the finding lines: no source excerpts, no summary.")
@click.option("--statistics", is_flag=True, help="Counts per rule instead of each finding.")
@click.option("--color/--no-color", "colour", default=None, help="Colour output (default: on a terminal).")
def check(
    paths: tuple[str, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: Path | None,
    body_selector: str | None,
    fail_on: str | None,
    quiet: bool,
    statistics: bool,
    colour: bool | None,
) -> None:
    """Lint article files (.html/.htm), directories of them, or - for stdin."""
    try:
        finder = ConfigFinder(config_path)
        cli = {"select": _split(select) or None, "ignore": _split(ignore), "body_selector": body_selector}
        for selector in (*(cli["select"] or ()), *cli["ignore"]):
            resolve_selector(selector, "the command line")
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc

    out = sys.stdout
    text_reporter = None
    if output_format == "text":
        text_reporter = TextReporter(out, colour=_use_colour(colour, out), quiet=quiet, statistics=statistics)
    collected: list[FileResult] = []
    status = EXIT_CLEAN
    for result in lint_paths(paths, finder, cli):
        if result.error is not None:
            status = EXIT_ERROR
            click.echo(f"{result.path}: error: {result.error}", err=True)
        elif status != EXIT_ERROR:
            threshold = fail_on or _file_fail_on(finder, result.path)
            if _fails(result, threshold):
                status = EXIT_FINDINGS
        if text_reporter is not None:
            text_reporter.file(result, result.path)
            out.flush()
        else:
            result.source_text = None  # keep only what the report needs
            collected.append(result)
    if text_reporter is not None:
        text_reporter.finish()
    else:
        json_reporter.write(collected, out)
    sys.exit(status)


def _file_fail_on(finder: ConfigFinder, path: str) -> str:
    try:
        config = finder.for_path(None if path in (STDIN, "<stdin>") else Path(path))
    except ConfigError:
        return "warning"
    return config.fail_on or "warning"


@main.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text")
def list_rules(output_format: str) -> None:
    """List every rule with its code, slug, category, severity and summary."""
    rules = list(all_rules().values())
    if output_format == "json":
        click.echo(json.dumps([_rule_json(rule) for rule in rules], indent=2, ensure_ascii=False))
        return
    if output_format == "markdown":
        click.echo(rules_markdown(rules), nl=False)
        return
    width = max(len(rule.name) for rule in rules)
    for rule in rules:
        default = "" if rule.default_enabled else " (off by default)"
        fix = " fix" if rule.fixable else ""
        click.echo(
            f"{rule.code}  {rule.name:<{width}}  {rule.category:<13} {rule.severity.value:<7}{fix:4} "
            f"{rule.summary}{default}"
        )


def rules_markdown(rules: list[type[Rule]]) -> str:
    """The README's rules table, rendered from rule metadata."""
    lines = ["| code | name | category | severity | fix | what it flags |", "|---|---|---|---|---|---|"]
    for rule in rules:
        summary = rule.summary.replace("|", "\\|") + ("" if rule.default_enabled else " *(off by default)*")
        fix = "yes" if rule.fixable else ""
        lines.append(f"| {rule.code} | `{rule.name}` | {rule.category} | {rule.severity.value} | {fix} | {summary} |")
    return "\n".join(lines) + "\n"


def _rule_json(rule: type[Rule]) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "category": rule.category,
        "severity": rule.severity.value,
        "summary": rule.summary,
        "why": rule.why,
        "bad": rule.bad,
        "good": rule.good,
        "fixable": rule.fixable,
        "default_enabled": rule.default_enabled,
        "options": [{"name": o.name, "default": o.default, "description": o.description} for o in rule.options],
    }


def explain_text(rule: type[Rule]) -> str:
    """``copydesk explain``: the rule's documentation, from its metadata only."""
    flags = [rule.category, f"default severity {rule.severity.value}"]
    if rule.fixable:
        flags.append("has a safe fix")
    if not rule.default_enabled:
        flags.append("off by default")
    sections = [
        f"{rule.code} {rule.name} ({', '.join(flags)})",
        rule.summary,
        "Why it matters:\n" + _indent(rule.why),
        "Flagged:\n" + _indent(rule.bad),
        "Fine:\n" + _indent(rule.good),
    ]
    if rule.options:
        options = "\n".join(f"{o.name} = {_toml_value(o.default)}\n    {o.description}" for o in rule.options)
        sections.append(f"Options ([tool.copydesk.rules.{rule.name}]):\n{_indent(options)}")
    sections.append(
        f'Turn it off: ignore = ["{rule.code}"] in config, --ignore {rule.code}, '
        f"or <!-- copydesk: disable-next {rule.code} --> before a block."
    )
    return "\n\n".join(sections) + "\n"


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.strip().splitlines())


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(json.dumps(item) for item in value) + "]"
    return json.dumps(value)


@main.command()
@click.argument("rule_key", metavar="CODE|SLUG")
def explain(rule_key: str) -> None:
    """Explain a rule: what it flags, why it matters, examples and options."""
    rule = find_rule(rule_key)
    if rule is None:
        raise click.UsageError(f"no rule {rule_key!r}; `copydesk rules` lists them")
    click.echo(explain_text(rule), nl=False)


@main.command()
@click.argument("path")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.option("--body-selector", help="CSS selector of the article body (overrides detection).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--full", is_flag=True, help="Show each block's whole text, not its start.")
def inspect(path: str, output_format: str, body_selector: str | None, config_path: Path | None, full: bool) -> None:
    """Show the article model copydesk built: body container, metadata, blocks."""
    try:
        config = ConfigFinder(config_path).for_path(None if path == STDIN else Path(path))
        source = read_input(path)
        article = build_article(source, body_selector or config.body_selector)
    except (ConfigError, ValueError) as exc:
        raise click.UsageError(str(exc)) from exc
    except (OSError, DecodeError) as exc:
        click.echo(f"{path}: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    data = inspect_data(article)
    if output_format == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"{source.path}  ({source.encoding}, {source.encoding_reason})")
    click.echo(f"body: {data['body']['selector']}\n      chosen because: {data['body']['reason']}")
    for key, value in data["meta"].items():
        if value:
            click.echo(f"{key}: {value}")
    click.echo("")
    for block in data["blocks"]:
        text = block["text"] if full or len(block["text"]) <= 100 else block["text"][:99] + "…"
        role = block["role"] + (" (chrome)" if block["chrome"] else "")
        click.echo(f"{block['line']:>5}:{block['column']:<4} {role:<18} {text}")
    for figure in data["figures"]:
        click.echo(f"figure {figure['line']}:{figure['column']} src={figure['src']!r} alt={figure['alt']!r}")


def inspect_data(article: Article) -> dict[str, Any]:
    source = article.source
    blocks = []
    for block in article.blocks:
        start, end = block.mapped.source_span
        line, column = source.position(start)
        end_line, end_column = source.end_position(end)
        blocks.append(
            {
                "index": block.index,
                "role": block.role,
                "chrome": block.chrome,
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "text": block.text,
            }
        )
    figures = []
    for figure in article.figures:
        line, column = source.position(article.tag_span(figure.image)[0]) if figure.image else (0, 0)
        figures.append(
            {
                "line": line,
                "column": column,
                "src": figure.src,
                "alt": figure.alt.text if figure.alt is not None else None,
                "caption": figure.caption.text if figure.caption else None,
                "credits": [credit.text for credit in figure.credits],
            }
        )
    return {
        "path": source.path,
        "encoding": source.encoding,
        "body": {"selector": article.body_path, "reason": article.body_reason},
        "meta": {
            "title": article.title,
            "headline": article.headline,
            "byline": article.byline,
            "published": article.published,
            "modified": article.modified,
            "description": article.description,
            "lang": article.lang,
            "canonical": article.canonical,
        },
        "blocks": blocks,
        "figures": figures,
        "links": [{"href": link.href, "text": link.text} for link in article.links],
    }


def run() -> None:
    """Entry point that turns a closed stdout (``| head -1``) into a quiet exit."""
    try:
        main()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_FINDINGS)


__all__ = ["Config", "main", "run"]
