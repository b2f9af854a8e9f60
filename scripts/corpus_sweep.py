"""Lint every page of ../shared/corpus and report findings per rule.

Not a test: a tool for reviewing false alarms on real published pages.

    python scripts/corpus_sweep.py                      # counts per rule
    python scripts/corpus_sweep.py --select CD3 --show  # every finding of a family
    python scripts/corpus_sweep.py --show --rule CD301 --context 60
    python scripts/corpus_sweep.py --select CD801 --select CD802 --select CD803 --words

``--words`` also prints the words of body text the grammar engines checked
(``ArticleReport.words``) and each rule's findings per 1,000 of them, over
the pages checked as English only (a page skipped for its language checks no
words and raises no spelling or grammar findings).

Exits non-zero if any file produced an internal error (a traceback caught by
the engine), so it doubles as a robustness check.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from copydesk.engine.config import Config
from copydesk.engine.finding import FileResult
from copydesk.engine.lint import lint_article
from copydesk.model.inputs import build_article_for
from copydesk.pipeline.batch import lint_path, read_input

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _lint(args: tuple[str, tuple[str, ...] | None, bool]) -> tuple[FileResult, int | None]:
    """The file's result and, with ``words``, the words the grammar engines checked
    (None when the page was not checked as English)."""
    path, select, words = args
    config = Config(select=select)
    if not words:
        return lint_path(path, config), None
    from copydesk.grammar.checker import report_for

    result = FileResult(path)
    try:
        source = read_input(path)
        article = build_article_for(source, path)
        result.source_text = source.text
        result.findings = lint_article(article, config)
        report = report_for(article, config.grammar)
    except Exception as exc:  # the same record lint_path makes, so a failure is counted, not fatal
        result.error = f"internal error while linting ({type(exc).__name__}: {exc})"
        return result, None
    english = report.skipped_language is None and report.language.lower().startswith("en") and bool(report.engines)
    return result, report.words if english else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--select", action="append", help="rule code, prefix, slug or category (repeatable)")
    parser.add_argument("--show", action="store_true", help="print every finding")
    parser.add_argument("--rule", help="with --show: only this rule code")
    parser.add_argument("--context", type=int, default=40, help="characters of source around a shown finding")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--words", action="store_true", help="words checked and findings per 1,000 words")
    args = parser.parse_args()

    paths = sorted(str(p) for p in args.corpus.rglob("*.html"))
    select = tuple(args.select) if args.select else None
    started = time.perf_counter()
    per_rule: Counter[str] = Counter()
    pages_per_rule: Counter[str] = Counter()
    english_per_rule: Counter[str] = Counter()
    words = 0
    english_pages = 0
    errors = 0
    internal = 0
    with ProcessPoolExecutor(args.jobs) as pool:
        for result, checked in pool.map(_lint, [(p, select, args.words) for p in paths], chunksize=4):
            if result.error:
                errors += 1
                internal += "internal error" in result.error
                print(f"ERROR {result.path}: {result.error}", file=sys.stderr)
                continue
            seen = set()
            if checked is not None:
                words += checked
                english_pages += 1
            for finding in result.findings:
                per_rule[finding.rule] += 1
                if checked is not None:
                    english_per_rule[finding.rule] += 1
                seen.add(finding.rule)
                if args.show and (not args.rule or finding.rule == args.rule):
                    text = result.source_text or ""
                    before = text[max(0, finding.start - args.context) : finding.start].replace("\n", " ")
                    after = text[finding.end : finding.end + args.context].replace("\n", " ")
                    rel = Path(result.path).relative_to(args.corpus)
                    print(f"{rel}:{finding.line}:{finding.column} {finding.rule} {finding.excerpt!r} {finding.message}")
                    print(f"    …{before}⟦{text[finding.start : finding.end]}⟧{after}…")
            pages_per_rule.update(seen)
    elapsed = time.perf_counter() - started
    print(f"\n{len(paths)} pages, {errors} errors ({internal} internal), {elapsed:.1f}s")
    print("| rule | findings | pages |\n|---|---|---|")
    for code in sorted(per_rule):
        print(f"| {code} | {per_rule[code]} | {pages_per_rule[code]} |")
    if args.words:
        print(f"\n{english_pages} pages checked as English, {words:,} words of body text checked")
        print("| rule | findings on English pages | per 1,000 words |\n|---|---|---|")
        for code in sorted(english_per_rule):
            print(f"| {code} | {english_per_rule[code]} | {1000 * english_per_rule[code] / max(words, 1):.2f} |")
        both = english_per_rule["CD801"] + english_per_rule["CD802"]
        print(f"| CD801+CD802 | {both} | {1000 * both / max(words, 1):.2f} |")
    return 1 if internal else 0


if __name__ == "__main__":
    sys.exit(main())
