"""Lint every page of ../shared/corpus and report findings per rule.

Not a test: a tool for reviewing false alarms on real published pages.

    python scripts/corpus_sweep.py                      # counts per rule
    python scripts/corpus_sweep.py --select CD3 --show  # every finding of a family
    python scripts/corpus_sweep.py --show --rule CD301 --context 60

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

from copydesk.config import Config
from copydesk.engine import lint_path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _lint(args: tuple[str, tuple[str, ...] | None]):
    path, select = args
    return lint_path(path, Config(select=select))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--select", action="append", help="rule code, prefix, slug or category (repeatable)")
    parser.add_argument("--show", action="store_true", help="print every finding")
    parser.add_argument("--rule", help="with --show: only this rule code")
    parser.add_argument("--context", type=int, default=40, help="characters of source around a shown finding")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    paths = sorted(str(p) for p in args.corpus.rglob("*.html"))
    select = tuple(args.select) if args.select else None
    started = time.perf_counter()
    per_rule: Counter[str] = Counter()
    pages_per_rule: Counter[str] = Counter()
    errors = 0
    internal = 0
    with ProcessPoolExecutor(args.jobs) as pool:
        for result in pool.map(_lint, [(p, select) for p in paths], chunksize=4):
            if result.error:
                errors += 1
                internal += "internal error" in result.error
                print(f"ERROR {result.path}: {result.error}", file=sys.stderr)
                continue
            seen = set()
            for finding in result.findings:
                per_rule[finding.rule] += 1
                seen.add(finding.rule)
                if args.show and (not args.rule or finding.rule == args.rule):
                    text = result.source_text or ""
                    before = text[max(0, finding.start - args.context) : finding.start].replace("\n", " ")
                    after = text[finding.end : finding.end + args.context].replace("\n", " ")
                    rel = Path(result.path).relative_to(args.corpus)
                    print(f"{rel}:{finding.line}:{finding.column} {finding.rule} {finding.excerpt!r}")
                    print(f"    …{before}⟦{text[finding.start : finding.end]}⟧{after}…")
            pages_per_rule.update(seen)
    elapsed = time.perf_counter() - started
    print(f"\n{len(paths)} pages, {errors} errors ({internal} internal), {elapsed:.1f}s")
    print("| rule | findings | pages |\n|---|---|---|")
    for code in sorted(per_rule):
        print(f"| {code} | {per_rule[code]} | {pages_per_rule[code]} |")
    return 1 if internal else 0


if __name__ == "__main__":
    sys.exit(main())
