"""The ``copydesk`` command line: it only wires the pieces together.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 a usage, configuration or input error (a file that could not be read,
decoded or parsed), even when other files were linted.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TextIO, TypedDict, cast

import click
from copydesk import __version__
from copydesk.engine.config import FAIL_ON_LEVELS, Config, ConfigError, ConfigFinder, resolve_selector
from copydesk.engine.finding import FileResult
from copydesk.engine.rule import all_rules, find_rule
from copydesk.engine.ruledocs import explain_text, rule_json, rules_markdown
from copydesk.frontends.progress import Progress
from copydesk.model.article import Article
from copydesk.model.inputs import build_article_for, shown_path
from copydesk.pipeline.atomic import atomic_writer
from copydesk.pipeline.batch import (
    DEFAULT_MAX_FILE_SIZE,
    DEFAULT_TIME_LIMIT,
    STDIN,
    Exclusion,
    InputError,
    Limits,
    default_jobs,
    expand_paths,
    lint_paths,
    read_input,
)
from copydesk.pipeline.changed import ChangedError, changed_articles
from copydesk.pipeline.fix import FixError, unified_diff
from copydesk.pipeline.gate import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Gate
from copydesk.reporters import github as github_reporter
from copydesk.reporters import html as html_reporter
from copydesk.reporters import json as json_reporter
from copydesk.reporters import junit as junit_reporter
from copydesk.reporters import sarif as sarif_reporter
from copydesk.reporters.text import TextReporter
from copydesk.source.text import DecodeError

# Every machine format is rendered from the same collected findings as JSON.
WRITERS: dict[str, Callable[[Iterable[FileResult], TextIO], None]] = {
    "json": json_reporter.write,
    "sarif": sarif_reporter.write,
    "github": github_reporter.write,
    "junit": junit_reporter.write,
    "html": html_reporter.write,
}


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--select CD1,CD2 --select typography`` → ("CD1", "CD2", "typography")."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


if TYPE_CHECKING:
    _IntParamType = click.ParamType[int]
else:  # click < 8.2 (the requirement allows 8.1) has no generic ParamType at run time
    _IntParamType = click.ParamType


class _RunOptions(TypedDict):
    """How ``lint_paths`` runs (``**run``): typed so each keyword keeps its own type."""

    jobs: int
    limits: Limits


class ByteSize(_IntParamType):
    """``10MB``, ``512KB``, ``2GB`` or a plain byte count; ``0`` means no limit."""

    name = "size"
    _UNITS: ClassVar[dict[str, int]] = {
        "": 1,
        "B": 1,
        "K": 1 << 10,
        "KB": 1 << 10,
        "M": 1 << 20,
        "MB": 1 << 20,
        "G": 1 << 30,
        "GB": 1 << 30,
    }

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().upper().replace(" ", "").replace("IB", "B")
        number = text.rstrip("KMGB")
        unit = text[len(number) :]
        try:
            amount = float(number)
        except ValueError:
            amount = -1.0
        if amount < 0 or unit not in self._UNITS:
            self.fail(f"{value!r} is not a size such as 10MB, 512KB or 1000000", param, ctx)
        return int(amount * self._UNITS[unit])


def _tolerant_output(stream: TextIO) -> TextIO:
    """``stream`` set to write what it cannot encode as ``\\uXXXX`` escapes instead of raising.

    Only a lone surrogate (a file name's undecodable byte) cannot be encoded
    as UTF-8; in a JSON or SARIF report its escape is exactly the JSON escape
    that reads back as the same surrogate, so the report stays valid UTF-8 and
    names the file precisely. A stream that cannot be reconfigured is left as
    it is.
    """
    with contextlib.suppress(AttributeError, ValueError, OSError):
        stream.reconfigure(errors="backslashreplace")  # type: ignore[attr-defined]
    return stream


def _use_colour(option: bool | None, stream: Any) -> bool:
    if option is not None:
        return option
    if os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="copydesk")
def main() -> None:
    """copydesk: a copy desk for article HTML.

    Finds what a writer, a CMS or a scraper left behind: placeholders, broken
    credits, unattributed quotes, scraped widgets, typographic slips.
    """


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "--output-format",
    "output_format",
    type=click.Choice(["text", *WRITERS]),
    default="text",
    show_default=True,
    help="text for people; json (the stable contract), sarif, github (Actions annotations) or junit for machines; "
    "html, an editor report to open in a browser (use -o).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE (atomically: a reader sees the old report or the new one) instead of stdout.",
)
@click.option("--select", multiple=True, help="Only these rules: codes, prefixes (CD1), slugs or categories.")
@click.option("--ignore", multiple=True, help="Skip these rules (same forms as --select).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    show_default="the nearest copydesk.toml or pyproject.toml with [tool.copydesk], per file",
    help="Config file to use.",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="PATTERN",
    help="Leave out of directory walks what these gitignore-style patterns match (drafts/, *.tmp.md); "
    "replaces the config's exclude. Files named on the command line are always linted.",
)
@click.option(
    "--extend-exclude",
    multiple=True,
    metavar="PATTERN",
    help="Patterns to leave out in addition to the config's exclude.",
)
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=True,
    show_default=True,
    help="Leave out what .gitignore files (and .git/info/exclude) ignore, inside a git work tree.",
)
@click.option("--body-selector", help="CSS selector of the article body (overrides detection).")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON_LEVELS),
    show_default="warning, or the config's fail-on",
    help="Lowest severity that makes the exit code 1.",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when there are findings (a file that cannot be linted still exits 2).",
)
@click.option(
    "--extend-select",
    multiple=True,
    help="Rules to turn on in addition to the selection (same forms as --select), like the config's extend-select.",
)
@click.option("-q", "--quiet", is_flag=True, help="Only the finding lines: no source excerpts, no summary.")
@click.option("--statistics", is_flag=True, help="Counts per rule instead of each finding.")
@click.option(
    "--color/--no-color",
    "colour",
    default=None,
    show_default="on a terminal, unless NO_COLOR is set",
    help="Colour output.",
)
@click.option(
    "--grammar-engine",
    type=click.Choice(["offline", "languagetool", "both"]),
    show_default="offline, or the config's grammar.engine",
    help="Grammar/spelling engine (offline is Harper; see [tool.copydesk.grammar]).",
)
@click.option(
    "--languagetool-url",
    help='LanguageTool server, e.g. http://localhost:8081 ("public" for the public API: copy leaves the machine).',
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    show_default="the user cache directory, or COPYDESK_CACHE_DIR",
    help="Grammar cache directory.",
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the grammar cache.")
@click.option(
    "--changed",
    "changed_ref",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[REF]",
    help="Only article files that differ from REF in git (default: the merge base with the default branch).",
)
@click.option("--fix", is_flag=True, help="Apply the fixes rules mark safe to the files (atomically).")
@click.option("--diff", "show_diff", is_flag=True, help="Print what --fix would change as a diff; write nothing.")
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Leave out findings recorded in FILE (a baseline, or an editor-report waiver list).",
)
@click.option("--update-baseline", is_flag=True, help="Record the current findings in the --baseline FILE; exit 0.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(0),
    default=0,
    show_default="0: one per core",
    help="Worker processes (1: lint in this process). Output is identical for any N.",
)
@click.option(
    "--max-file-size",
    type=ByteSize(),
    default=DEFAULT_MAX_FILE_SIZE,
    show_default="10MB",
    help="Skip (as an error) files larger than this; 0 for no limit.",
)
@click.option(
    "--timeout",
    "time_limit",
    type=click.FloatRange(0),
    default=DEFAULT_TIME_LIMIT,
    show_default=True,
    help="Give up (as an error) on a file that takes longer than this many seconds; 0 for no limit.",
)
def check(
    paths: tuple[str, ...],
    output_format: str,
    output: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: Path | None,
    body_selector: str | None,
    fail_on: str | None,
    quiet: bool,
    statistics: bool,
    colour: bool | None,
    exit_zero: bool = False,
    extend_select: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    extend_exclude: tuple[str, ...] = (),
    respect_gitignore: bool = True,
    grammar_engine: str | None = None,
    languagetool_url: str | None = None,
    cache_dir: Path | None = None,
    no_cache: bool = False,
    fix: bool = False,
    show_diff: bool = False,
    changed_ref: str | None = None,
    baseline_file: Path | None = None,
    update_baseline: bool = False,
    jobs: int = 0,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> None:
    """Lint articles (.html/.htm, .md/.markdown, .txt), directories of them, or - for stdin (HTML).

    With no PATHS, the current directory is linted (as ruff and flake8 do).
    """
    if changed_ref is not None:
        if paths:
            raise click.UsageError("--changed picks the files itself; give no paths with it")
        try:
            paths = tuple(changed_articles(changed_ref or None))
        except ChangedError as exc:
            raise click.UsageError(f"--changed: {exc}") from exc
        if not paths:
            click.echo("No changed article files.", err=True)
            sys.exit(EXIT_CLEAN)
    elif not paths:
        paths = (".",)
    try:
        finder = ConfigFinder(config_path)
        # Load the configs that apply first: house-style packs they list add rule codes (USN001).
        for path in paths:
            finder.for_path(None if path == STDIN else Path(path))
        selected, ignored, extended = _split(select) or None, _split(ignore), _split(extend_select)
        cli: dict[str, Any] = {"select": selected, "ignore": ignored, "body_selector": body_selector}
        cli["extend_select"] = extended
        cli.update(grammar_engine=grammar_engine, languagetool_url=languagetool_url, cache_dir=cache_dir)
        cli.update(no_cache=no_cache)
        for selector in (*(selected or ()), *extended, *ignored):
            resolve_selector(selector, "the command line")
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc
    if (fix or show_diff) and STDIN in paths:
        raise click.UsageError("--fix and --diff work on files, not on standard input")
    if STDIN in paths and sys.stdin is None:  # started with stdin closed (`<&-`)
        raise click.UsageError("standard input is closed: there is nothing to read for -")
    if output is None and sys.stdout is None:  # started with stdout closed (`>&-`)
        raise click.UsageError("standard output is closed: give -o FILE for the report")
    run: _RunOptions = {"jobs": jobs or default_jobs(), "limits": Limits(max_file_size or None, time_limit or None)}
    exclusion = Exclusion(_split(exclude) or None, _split(extend_exclude), respect_gitignore, finder)
    items = list(expand_paths(paths, exclusion))
    if show_diff:
        sys.exit(_diff_only(items, finder, cli, run))
    baseline = _load_baseline(items, finder, cli, run, baseline_file, update_baseline)

    progress = Progress.for_run(sys.stderr, len(items), quiet=quiet)
    # The decoded text is needed by fixes, baselines (fingerprints) and the text
    # reporter's excerpts (not shown with --quiet); otherwise the workers do not
    # even send it back. The editor report gets the linted article's text instead
    # (a reading view: the blocks the engine linted, with their source maps).
    keep_source = fix or baseline is not None or (output_format == "text" and not quiet)
    reading = output_format == "html"
    gate = Gate(fix=fix, baseline=baseline, fail_on=fail_on, finder=finder, exit_zero=exit_zero, note=_say)

    def processed() -> Iterator[FileResult]:
        """Each file's result through the gate (fixes, baseline, threshold), with the progress line kept."""
        for result in lint_paths(
            items,
            finder,
            cli,
            statistics=statistics or output_format == "json",
            keep_source=keep_source,
            reading=reading,
            **run,
        ):
            progress.clear()
            yield gate.apply(result)
            progress.advance(len(result.findings))
        progress.clear()

    # Text, JSON and the editor report stream as files are linted, to stdout or
    # into a temporary file beside -o FILE that replaces it only when the run
    # completes, so an interrupted run leaves the previous report intact and an
    # archive never sits in memory (the editor report keeps one summary row per
    # file). SARIF and JUnit need every result before they start, so they
    # collect them.
    try:
        with contextlib.ExitStack() as stack:
            # A file name's undecodable bytes must not end the report half-written (see _tolerant_output).
            # atomic_writer yields a text stream unless asked for binary=True (typed IO[Any] for both).
            out: TextIO = _tolerant_output(
                cast(TextIO, stack.enter_context(atomic_writer(output))) if output is not None else sys.stdout
            )
            if output_format == "text":
                use_colour = False if output is not None else _use_colour(colour, out)
                text_reporter = TextReporter(out, colour=use_colour, quiet=quiet, statistics=statistics)
                for result in processed():
                    text_reporter.file(result, shown_path(result.path))
                    if output is None:
                        out.flush()
                text_reporter.finish()
            elif output_format in ("json", "html"):
                WRITERS[output_format](processed(), out)
            else:
                WRITERS[output_format](list(processed()), out)
            if output is None:
                out.flush()  # a full disk shows here, not as an exception ignored at exit
    except OSError as exc:
        if output is None and isinstance(exc, BrokenPipeError):  # `| head -1`: the entry point's quiet exit
            raise
        where = "<stdout>" if output is None else shown_path(output)
        click.echo(f"{where}: error: cannot write the report: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(gate.status)


def _say(message: str) -> None:
    """What the gate has to tell a person goes to stderr, beside the report."""
    click.echo(message, err=True)


def _diff_only(paths: list[str | InputError], finder: ConfigFinder, cli: dict[str, Any], run: _RunOptions) -> int:
    """``--diff``: print what ``--fix`` would change; exit 1 when there is something to change."""
    status = EXIT_CLEAN
    for result in lint_paths(paths, finder, cli, **run):
        if result.error is not None:
            click.echo(f"{shown_path(result.path)}: error: {result.error}", err=True)
            status = EXIT_ERROR
            continue
        try:
            diff = unified_diff(result)
        except FixError as exc:
            click.echo(f"{shown_path(result.path)}: {exc}", err=True)
            continue
        if diff:
            _tolerant_output(sys.stdout).write(diff)
            if status == EXIT_CLEAN:
                status = EXIT_FINDINGS
    return status


@main.command("rules")
@click.option(
    "--format",
    "--output-format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text for a terminal; json for scripts; markdown, the README's rules table.",
)
def list_rules(output_format: str) -> None:
    """List every rule with its code, slug, category, severity and summary."""
    rules = list(all_rules().values())
    if output_format == "json":
        click.echo(json.dumps([rule_json(rule) for rule in rules], indent=2, ensure_ascii=False))
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
@click.option(
    "--format",
    "--output-format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people; json for scripts and bug reports.",
)
@click.option("--body-selector", help="CSS selector of the article body (overrides detection).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    show_default="the nearest copydesk.toml or pyproject.toml",
    help="Config file to use (for its body-selector).",
)
@click.option("--full", is_flag=True, help="Show each block's whole text, not its start.")
def inspect(path: str, output_format: str, body_selector: str | None, config_path: Path | None, full: bool) -> None:
    """Show the article model copydesk built: body container, metadata, blocks."""
    try:
        config = ConfigFinder(config_path).for_path(None if path == STDIN else Path(path))
        source = read_input(path)
        article = build_article_for(source, source.path, body_selector or config.body_selector)
    except (ConfigError, ValueError) as exc:
        raise click.UsageError(str(exc)) from exc
    except (OSError, DecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        click.echo(f"{shown_path(path)}: error: {reason}", err=True)
        sys.exit(EXIT_ERROR)
    data = inspect_data(article)
    if output_format == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"{source.path}  ({source.encoding}, {source.encoding_reason})")
    missed = data["body"]["selector_missed"]
    if missed is not None:
        click.echo(f"body selector {missed!r} matched nothing on this page; detected instead:")
    click.echo(f"body: {data['body']['selector']}\n      chosen because: {data['body']['reason']}")
    for key, value in data["meta"].items():
        if value:
            click.echo(f"{key}: {value}")
    click.echo("")
    for block in data["blocks"]:
        text = block["text"] if full or len(block["text"]) <= 100 else block["text"][:99] + "…"
        role = block["role"]
        if block["chrome"]:
            role += f" (chrome: {block['chrome_reason']})" if block["chrome_reason"] else " (chrome)"
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
                # Why the reader took the block for site text ("widget heading", "counter"); "" when not given.
                "chrome_reason": block.chrome_reason,
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
        # selector_missed: the configured body selector when it matched nothing (the body was detected).
        "body": {
            "selector": article.body_path,
            "reason": article.body_reason,
            "selector_missed": article.body_selector_missed,
        },
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
    """Entry point that turns a closed stdout (``| head -1``) into a quiet exit.

    Any other exception that escapes (a bug: files that cannot be linted are
    already per-file errors) ends the run with one ``copydesk: internal
    error`` line and exit code 2 instead of a traceback in a publishing
    pipeline's log; ``COPYDESK_TRACEBACK=1`` shows the traceback for a bug
    report. Tests call :func:`main` directly and still see every exception.
    """
    try:
        main()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_FINDINGS)
    except Exception as exc:
        if os.environ.get("COPYDESK_TRACEBACK"):
            raise
        message = f"copydesk: internal error ({type(exc).__name__}: {exc}); please report it"
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(shown_path(message) + " (COPYDESK_TRACEBACK=1 shows where)\n")
        sys.exit(EXIT_ERROR)


__all__ = ["Config", "main", "run"]


# --- house style packs (copydesk style …) ---


@main.group("style")
def style_group() -> None:
    """House style packs: TOML files of existence, substitution and consistency rules."""


@style_group.command("test")
@click.argument("packs", nargs=-1, required=True, metavar="PACK...")
def style_test(packs: tuple[str, ...]) -> None:
    """Run each pack rule's examples: every bad one must be flagged, no good one.

    A PACK is a pack file (styles/house.toml) or the name of one that ships with
    copydesk (us-newsroom), as in the config's ``styles``. Exit 0 when all pass,
    1 when an example misbehaves, 2 when a pack cannot be loaded.
    """
    from copydesk.engine.style import bundled_style_names, is_style_name, load_style, resolve_style_path, run_examples

    failed = errors = 0
    for entry in packs:
        # An existing file wins over a bundled name, so `style test house` still reads ./house.
        file = Path(entry) if Path(entry).is_file() else resolve_style_path(entry, Path.cwd())
        if is_style_name(entry) and not file.is_file():
            bundled = ", ".join(bundled_style_names())
            click.echo(f"error: no style pack {entry!r}: not a file, nor a bundled pack ({bundled})", err=True)
            errors += 1
            continue
        try:
            pack = load_style(file)
        except ConfigError as exc:
            click.echo(f"error: {exc}", err=True)
            errors += 1
            continue
        results = run_examples(pack)
        click.echo(f"{entry}: style pack {pack.name!r} ({pack.prefix}), {len(pack.rules)} rules")
        for rule in pack.rules:
            own = [result for result in results if result.code == rule.code]
            bad = [result for result in own if not result.passed]
            status = "ok  " if not bad else "FAIL"
            click.echo(f"  {status} {rule.code} {rule.name}: {len(own) - len(bad)}/{len(own)} examples behave")
            for result in bad:
                if result.expect == "bad":
                    click.echo(f"       bad example not flagged: {result.text!r}")
                else:
                    flagged = ", ".join(repr(excerpt) for excerpt in result.findings)
                    click.echo(f"       good example flagged ({flagged}): {result.text!r}")
            failed += len(bad)
    if errors:
        sys.exit(EXIT_ERROR)
    if failed:
        click.echo(f"{failed} example(s) misbehave.")
        sys.exit(EXIT_FINDINGS)
    click.echo("All examples behave.")


# --- baselines (check --baseline / --update-baseline) ---


def _load_baseline(
    paths: list[str | InputError],
    finder: ConfigFinder,
    cli: dict[str, Any],
    run: _RunOptions,
    file: Path | None,
    update: bool,
) -> Any:
    """The baseline to filter with (None without ``--baseline``); ``--update-baseline`` writes it and exits."""
    from copydesk.pipeline.baseline import Baseline, BaselineError, write_baseline

    if file is None:
        if update:
            raise click.UsageError("--update-baseline needs --baseline FILE")
        return None
    if not update:
        try:
            return Baseline.load(file)
        except BaselineError as exc:
            raise click.UsageError(str(exc)) from exc
    results = list(lint_paths(paths, finder, cli, **run))
    failed = [result for result in results if result.error is not None]
    for result in failed:
        click.echo(f"{shown_path(result.path)}: error: {result.error}", err=True)
    if failed:
        click.echo(f"{file}: not written: {len(failed)} file(s) could not be linted", err=True)
        sys.exit(EXIT_ERROR)
    try:
        count = write_baseline(file, results)
    except OSError as exc:
        click.echo(f"{file}: error: cannot write the baseline: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"{file}: recorded {count} finding{'s' if count != 1 else ''} in {len(results)} file(s)", err=True)
    sys.exit(EXIT_CLEAN)


# --- the HTTP service (copydesk serve) ---


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option(
    "--max-body-bytes",
    default=5 * 1024 * 1024,
    show_default=True,
    type=click.IntRange(1),
    help="Largest request body; bigger ones get 413.",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds per check (504 after).",
)
@click.option(
    "--read-timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a client has to send its whole request body (408 after): a trickling client cannot hold a slot.",
)
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1), help="Worker threads running checks.")
@click.option(
    "--max-pending", default=64, show_default=True, type=click.IntRange(1), help="Checks queued or running before 503."
)
@click.option("--token", envvar="COPYDESK_TOKEN", help="Require 'Authorization: Bearer TOKEN' (or set COPYDESK_TOKEN).")
@click.option(
    "--log-level",
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
    default="info",
    show_default=True,
    help="How much the server logs.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The house config every check uses (copydesk.toml or pyproject.toml); a request's config is laid on top.",
)
def serve(
    host: str,
    port: int,
    max_body_bytes: int,
    timeout: float,
    read_timeout: float,
    threads: int,
    max_pending: int,
    token: str | None,
    log_level: str,
    config_path: Path | None,
) -> None:
    """Serve checks over HTTP for a CMS: POST /v1/check, GET /v1/rules, GET /healthz (needs copydesk[server])."""
    try:
        from copydesk.frontends.server import HouseConfig
        from copydesk.frontends.server import serve as run_server
    except ImportError as exc:
        raise click.UsageError(f"the HTTP service needs its extra: pip install 'copydesk[server]' ({exc})") from exc
    house = None
    if config_path is not None:
        try:  # read here, so a broken file is a usage error before the server binds its port
            house = HouseConfig(config_path)
        except ConfigError as exc:
            raise click.UsageError(str(exc)) from exc
    run_server(
        host,
        port,
        log_level=log_level,
        max_body_bytes=max_body_bytes,
        timeout=timeout,
        read_timeout=read_timeout,
        token=token,
        threads=threads,
        max_pending=max_pending,
        house=house,
    )


# --- the language server (copydesk lsp) ---


@main.command()
@click.option("--stdio", is_flag=True, help="Talk LSP over standard input and output (the default and only transport).")
@click.option(
    "--debounce-ms",
    default=None,
    type=click.IntRange(0),
    help="Milliseconds from the last edit to its check (default 40; initializationOptions.debounceMs wins).",
)
def lsp(stdio: bool, debounce_ms: int | None) -> None:
    """Serve diagnostics, fixes and rule help to an editor over the Language Server Protocol (needs copydesk[lsp])."""
    try:
        from copydesk.frontends.lsp import DEFAULT_DEBOUNCE_MS, serve_stdio
    except ImportError as exc:
        raise click.UsageError(f"the language server needs its extra: pip install 'copydesk[lsp]' ({exc})") from exc
    serve_stdio(DEFAULT_DEBOUNCE_MS if debounce_ms is None else debounce_ms)
