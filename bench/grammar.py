"""Benchmark of the grammar engines over ../shared/corpus (a script, not a timed test).

Reports, for the offline engine (or the one configured with ``--engine``):

* cost per article with a cold cache (every paragraph checked), with a warm
  one (every paragraph read back, the article's filters run again: an edited
  article), and with the whole article's report read back (an unchanged one);
* spelling and grammar findings per 1,000 words of body text, before and after
  name learning (names, house words, newsroom vocabulary). "Before" is counted
  in a run of its own with nothing masked from the engine: the checker hides
  the article's names from Harper up front, so the masked run's raw count is
  already after most of the learning; both are printed;
* a random sample of findings written to a file for review by hand.

Usage: ``python bench/grammar.py [--corpus DIR] [-n PAGES] [--sample FILE] [--seed N]``.
Only pages whose ``lang`` is English or absent are timed; other pages get CD804.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from copydesk.grammar import checker
from copydesk.grammar.context import uncorrectable
from copydesk.grammar.settings import GrammarSettings
from copydesk.model.inputs import build_article_for
from copydesk.rules.grammar import near_miss
from copydesk.source.text import SourceText

ROOT = Path(__file__).resolve().parent.parent


def load(corpus: Path, limit: int | None) -> list:
    articles = []
    for path in sorted(corpus.rglob("*.html")):
        try:
            source = SourceText.from_bytes(path.read_bytes(), str(path))
            article = build_article_for(source, str(path), None)
        except Exception:
            continue
        lang = (article.lang or "").lower()
        if lang and not lang.startswith("en"):
            continue
        articles.append(article)
        if limit and len(articles) >= limit:
            break
    return articles


@contextlib.contextmanager
def nothing_masked() -> Iterator[None]:
    """Run the checker with no word hidden from the engine: what it finds before any name learning.

    The checker masks the names the article teaches (``KnownWords``) before the
    engine runs; here that set is empty, so the engine sees every name and the
    report's ``spelling_before_names`` counts the spelling findings of the
    unlearnt text.
    """
    original = checker.KnownWords
    checker.KnownWords = lambda *args, **kwargs: original()  # type: ignore[assignment,misc]
    try:
        yield
    finally:
        checker.KnownWords = original  # type: ignore[misc]


def run(
    articles: list, settings: GrammarSettings, whole: bool = False
) -> tuple[list[float], list[checker.ArticleReport]]:
    """Time each article's analysis: paragraph by paragraph, or (``whole``) through the article-report cache."""
    analyse = checker.analyse if whole else checker.analyse_fresh
    times, reports = [], []
    for article in articles:
        start = time.perf_counter()
        reports.append(analyse(article, settings))
        times.append(time.perf_counter() - start)
    return times, reports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("-n", type=int, default=None, help="at most this many pages")
    parser.add_argument("--engine", default="offline", choices=("offline", "languagetool", "both"))
    parser.add_argument("--url", default=None)
    parser.add_argument("--sample", type=Path, default=None, help="write a random sample of findings here")
    parser.add_argument("--sample-size", type=int, default=50)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()

    articles = load(args.corpus, args.n)
    print(f"{len(articles)} English (or unlabelled) pages from {args.corpus}")
    with tempfile.TemporaryDirectory() as directory:
        settings = GrammarSettings(engine=args.engine, url=args.url, cache_dir=Path(directory))
        checker.engines_for(settings)  # build the engines outside the timing (Harper: ~1 s once per process)
        cold, reports = run(articles, settings, whole=True)  # stores the article reports too
        warm, _ = run(articles, settings)
        whole, _ = run(articles, settings, whole=True)
        with nothing_masked():
            _, unmasked = run(articles, settings)
    words = sum(report.words for report in reports)
    before = sum(report.spelling_before_names for report in unmasked)
    masked = sum(report.spelling_before_names for report in reports)
    learnt_only = sum(len(report.spelling) for report in reports)
    for report in reports:  # what CD801 and CD802 report (near_misses_only = true; a correction due)
        report.spelling = [item for item in report.spelling if near_miss(item.word, item.match.replacements)]
        report.grammar = [
            item for item in report.grammar if not uncorrectable(item.match.rule_id, item.match.replacements)
        ]
    spelling = sum(len(report.spelling) for report in reports)
    grammar = sum(len(report.grammar) for report in reports)
    names = sum(len(report.name_variants) for report in reports)
    skipped = sum(1 for report in reports if report.skipped_language)
    per_k = 1000 / max(words, 1)
    print(f"body words checked: {words:,}; pages skipped for language: {skipped}")
    print(
        f"cold: {1000 * statistics.mean(cold):.1f} ms/article (median {1000 * statistics.median(cold):.1f}, "
        f"max {1000 * max(cold):.0f}); total {sum(cold):.1f} s"
    )
    slowest = sorted(zip(cold, articles, strict=True), key=lambda pair: -pair[0])[:3]
    print("slowest cold: " + "; ".join(f"{seconds:.2f} s {article.source.path}" for seconds, article in slowest))
    speed_up = sum(cold) / max(sum(warm), 1e-9)
    print(f"warm: {1000 * statistics.mean(warm):.2f} ms/article; total {sum(warm):.2f} s; speed-up {speed_up:.1f}x")
    print(
        f"warm, whole report read back: {1000 * statistics.mean(whole):.2f} ms/article; "
        f"speed-up {sum(cold) / max(sum(whole), 1e-9):.0f}x"
    )
    print(f"spelling findings before name learning (nothing masked): {before} ({before * per_k:.2f} per 1,000 words)")
    print(
        f"engine's spelling findings with the article's names masked from it: {masked} "
        f"({masked * per_k:.2f} per 1,000 words)"
    )
    print(
        f"after name learning (names, house words, vocabulary): {learnt_only} "
        f"({learnt_only * per_k:.2f} per 1,000 words)"
    )
    print(f"after near-miss filter (CD801 as reported): {spelling} ({spelling * per_k:.2f} per 1,000 words)")
    print(f"grammar findings:                        {grammar} ({grammar * per_k:.2f} per 1,000 words)")
    print(f"spelling + grammar after learning:       {(spelling + grammar) * per_k:.2f} per 1,000 words")
    print(f"names spelled two ways (CD803):          {names}")
    if args.sample:
        found = []
        for report in reports:
            for kind, items in (("spelling", report.spelling), ("grammar", report.grammar)):
                for item in items:
                    text = item.block.text
                    context = text[max(0, item.start - 60) : item.end + 60].replace("\n", " ")
                    found.append(
                        f"{kind}\t{item.match.rule_id}\t{item.word!r}\t{context}\t{item.block.mapped.source_span}"
                    )
            for block, start, end, variant in report.name_variants:
                found.append(
                    f"name\tconsistency\t{variant.variant!r}->{variant.preferred!r}\t"
                    f"{block.text[max(0, start - 60) : end + 60]}"
                )
        random.Random(args.seed).shuffle(found)
        args.sample.write_text("\n".join(found[: args.sample_size]) + "\n", encoding="utf-8")
        print(f"wrote {min(len(found), args.sample_size)} of {len(found)} findings to {args.sample}", file=sys.stderr)


if __name__ == "__main__":
    main()
