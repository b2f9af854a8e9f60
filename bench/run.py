"""Benchmark copydesk against the parsing floor, measured in the same run.

Machines here are noisy, so every figure is also given as a ratio to the
floor: BeautifulSoup with the parser copydesk uses (``html.parser``) on the
same decoded pages. Timings are the best of ``--repeat`` passes per page
(the least disturbed one), summed over the pages.

    python bench/run.py                     # the whole ../shared/corpus
    python bench/run.py --limit 100 --repeat 3 --json bench/results.json

Stages: decode (bytes → text), floor (BeautifulSoup parse alone), lxml (lxml.html
alone, if installed, for reference), model (copydesk's parse + article model),
rules (model + every default rule but grammar and spelling), +grammar (warm
cache) (everything ``copydesk check`` runs by default, the cache already
filled; ``bench/grammar.py`` measures the cold cost).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from bs4 import BeautifulSoup
from copydesk.article import build_article
from copydesk.config import Config
from copydesk.engine import lint_article
from copydesk.source import SourceText

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def best_of(repeat: int, function, *args) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function(*args)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (sorted by path)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()

    paths = sorted(args.corpus.rglob("*.html"))
    if args.limit:
        paths = paths[: args.limit]
    try:
        import lxml.html as lxml_html
    except ImportError:
        lxml_html = None

    config = Config()
    everything = config.enabled_rules()
    rules = [rule for rule in everything if rule.category not in ("grammar", "spelling")]
    stages: dict[str, list[float]] = {
        "decode": [],
        "floor": [],
        "lxml": [],
        "model": [],
        "rules": [],
        "+grammar (warm cache)": [],
    }
    total_bytes = 0
    for path in paths:
        data = path.read_bytes()
        total_bytes += len(data)
        stages["decode"].append(best_of(args.repeat, SourceText.from_bytes, data))
        source = SourceText.from_bytes(data, str(path))
        stages["floor"].append(best_of(args.repeat, BeautifulSoup, source.text, "html.parser"))
        if lxml_html is not None:
            stages["lxml"].append(best_of(args.repeat, lxml_html.fromstring, source.text.encode("utf-8")))
        stages["model"].append(best_of(args.repeat, build_article, source))
        stages["rules"].append(best_of(args.repeat, lambda s=source: lint_article(build_article(s), config, rules)))
        # Best of the repeats: the first pass fills the grammar cache, later ones read it.
        stages["+grammar (warm cache)"].append(
            best_of(args.repeat, lambda s=source: lint_article(build_article(s), config, everything))
        )

    floor = sum(stages["floor"])
    results = {"pages": len(paths), "bytes": total_bytes, "repeat": args.repeat, "stages": {}}
    print(f"{len(paths)} pages, {total_bytes / 2**20:.1f} MiB, best of {args.repeat}\n")
    print("| stage | total s | ms/page median | ms/page p95 | pages/s | MB/s | × floor |")
    print("|---|---|---|---|---|---|---|")
    for name, times in stages.items():
        if not times:
            continue
        total = sum(times)
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        row = {
            "total_s": total,
            "median_ms": statistics.median(times) * 1000,
            "p95_ms": p95 * 1000,
            "pages_per_s": len(times) / total,
            "mb_per_s": total_bytes / 1e6 / total,
            "ratio_to_floor": total / floor,
        }
        results["stages"][name] = row
        print(
            f"| {name} | {total:.2f} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} | {row['pages_per_s']:.0f} "
            f"| {row['mb_per_s']:.1f} | {row['ratio_to_floor']:.2f} |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
