"""Benchmark of ``copydesk lsp`` as a writer uses it (issue #23, item 6; a script, not a timed test).

Starts ``python -m copydesk lsp`` and drives it over stdio like an editor:

* **latency**: a 2,000-word Markdown article is opened and checked once (the
  grammar engine loads, the paragraph cache fills), then warmed with a few
  edits; then, ``--trials`` times, a word is typed into a paragraph one
  keystroke every ``--keystroke-ms`` (each keystroke an incremental
  ``didChange``) and the time from the *last* keystroke to the
  ``publishDiagnostics`` of that version is measured. Median and 95th
  percentile; targets: median under 150 ms, 95th percentile under 400 ms.
* **memory**: the server's resident set size (``/proc/PID/status`` VmRSS)
  after 10 checked edits and after ``--edits`` (default 1,000), each edit
  waited for; target: within 10% (flat).

Usage: ``python bench/lsp.py [--trials 60] [--edits 1000] [--keystroke-ms 80] [--json FILE]``.
The grammar cache goes to a fresh temporary directory (``COPYDESK_CACHE_DIR``)
so a run never reads or pollutes the user's. Absolute times depend on the
machine's load; the load average is printed with the results.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "articles" / "nasa-japan-seed.txt"


def article(words: int = 2000) -> str:
    """A 2,000-word Markdown story built from the seed's paragraphs (numbered, so none repeats)."""
    paragraphs = [p.replace("\n", " ") for p in SEED.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 12]
    out = ["# NASA strengthens ties with Japan to work together in space", ""]
    count, index = 0, 0
    while count < words:
        text = f"In the {index + 1}th part of the report, " + paragraphs[index % len(paragraphs)]
        out += [text, ""]
        count += len(text.split())
        index += 1
    return "\n".join(out)


class Bench:
    """A client holding one open document, with the arrival time of each version's diagnostics."""

    def __init__(self) -> None:
        self.client = LanguageClient("copydesk-bench", "1")
        self.arrived: dict[int, float] = {}
        self.waiting: dict[int, asyncio.Future[None]] = {}
        self.version = 1
        self.text = ""
        self.uri = ""

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            if params.version is not None:
                self.arrived[params.version] = time.perf_counter()
                waiter = self.waiting.pop(params.version, None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(None)

    async def start(self, folder: Path, env: dict[str, str], debounce_ms: int | None) -> None:
        await self.client.start_io(sys.executable, "-m", "copydesk", "lsp", env=env)
        capabilities = types.ClientCapabilities(
            general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf16])
        )
        options = {"debounceMs": debounce_ms} if debounce_ms is not None else None
        await self.client.initialize_async(
            types.InitializeParams(capabilities=capabilities, initialization_options=options)
        )
        self.client.initialized(types.InitializedParams())
        self.text = article()
        path = folder / "story.md"
        path.write_text(self.text, encoding="utf-8")
        self.uri = from_fs_path(str(path))
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(self.uri, "markdown", 1, self.text))
        )

    @property
    def pid(self) -> int:
        server = getattr(self.client, "_server", None)
        assert server is not None
        return int(server.pid)

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def position(self, offset: int) -> types.Position:
        before = self.text[:offset]
        return types.Position(line=before.count("\n"), character=offset - (before.rfind("\n") + 1))

    def type(self, offset: int, text: str) -> float:
        """Insert ``text`` at ``offset`` as one keystroke; returns when it was sent."""
        where = self.position(offset)
        self.text = self.text[:offset] + text + self.text[offset:]
        self.version += 1
        change = types.TextDocumentContentChangePartial(range=types.Range(start=where, end=where), text=text)
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(self.version, self.uri), [change])
        )
        return time.perf_counter()

    async def diagnostics(self, version: int, timeout: float = 120) -> float:
        """When the diagnostics of ``version`` arrived (stamped by the handler that received them).

        Awaited on a future the handler resolves, not polled: a client that
        woke every millisecond would take CPU from the server it measures.
        """
        if version not in self.arrived:
            waiter = self.waiting.setdefault(version, asyncio.get_running_loop().create_future())
            try:
                await asyncio.wait_for(waiter, timeout)
            except asyncio.TimeoutError:
                raise TimeoutError(f"no diagnostics for version {version}") from None
        return self.arrived[version]

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await asyncio.sleep(0.2)
        await self.client.stop()


async def check_ms(bench: Bench) -> int:
    """How long the server's last check took inside the server (from its ``copydesk.stats`` command)."""
    stats = await bench.client.workspace_execute_command_async(types.ExecuteCommandParams(command="copydesk.stats"))
    return int(stats["last_check_ms"])


async def run(trials: int, edits: int, keystroke: float, debounce_ms: int | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        env = dict(os.environ, COPYDESK_CACHE_DIR=str(folder / "cache"))
        bench = Bench()
        await bench.start(folder, env, debounce_ms)
        started = time.perf_counter()
        first = await bench.diagnostics(1) - started
        paragraphs = [i for i in range(len(bench.text)) if bench.text.startswith("In the ", i)]

        async def burst(index: int, word: str) -> float:
            at = bench.text.find(" of the report", paragraphs[index % len(paragraphs)])
            sent = 0.0
            for n, char in enumerate(" " + word):
                if n:
                    await asyncio.sleep(keystroke)
                sent = bench.type(at + n, char)
            return await bench.diagnostics(bench.version) - sent

        for n in range(5):  # warm: the paragraphs' grammar is cached, the rules are built
            await burst(n, "warm")
            paragraphs = [i for i in range(len(bench.text)) if bench.text.startswith("In the ", i)]
        latencies, checks = [], []
        for n in range(trials):
            latencies.append(await burst(n, "draft") * 1000)
            checks.append(await check_ms(bench))
            paragraphs = [i for i in range(len(bench.text)) if bench.text.startswith("In the ", i)]

        # Memory: one checked edit at a time (type a letter, wait; delete it, wait).
        async def edits_done(count: int) -> None:
            for n in range(count):
                at = bench.text.find(" of the report", paragraphs[n % len(paragraphs)])
                if n % 2 == 0:
                    bench.type(at, "x")
                else:
                    where = bench.position(at - 1)
                    bench.text = bench.text[: at - 1] + bench.text[at:]
                    bench.version += 1
                    change = types.TextDocumentContentChangePartial(
                        range=types.Range(start=where, end=bench.position(at)), text=""
                    )
                    bench.client.text_document_did_change(
                        types.DidChangeTextDocumentParams(
                            types.VersionedTextDocumentIdentifier(bench.version, bench.uri), [change]
                        )
                    )
                await bench.diagnostics(bench.version)

        await edits_done(10)
        after_10 = bench.rss_mb()
        curve = {10: round(after_10, 1)}
        done = 10
        for mark in (100, 250, 500, 750, edits):
            if done < mark <= edits:
                await edits_done(mark - done)
                done = mark
                curve[mark] = round(bench.rss_mb(), 1)
        after_all = bench.rss_mb()
        await bench.stop()
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    return {
        "words": len(article().split()),
        "first_check_s": round(first, 2),
        "trials": trials,
        "keystroke_ms": keystroke * 1000,
        "median_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(latencies[-1], 1),
        "server_check_median_ms": statistics.median(checks),
        "debounce_ms": debounce_ms,
        "rss_after_10_edits_mb": round(after_10, 1),
        f"rss_after_{edits}_edits_mb": round(after_all, 1),
        "rss_growth_pct": round(100 * (after_all - after_10) / after_10, 1),
        "rss_curve_mb": curve,
        "rss_growth_after_warmup_pct": round(100 * (after_all - curve[100]) / curve[100], 1) if 100 in curve else None,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--trials", type=int, default=60, help="typed words timed (default 60)")
    parser.add_argument("--edits", type=int, default=1000, help="checked edits before the second memory reading")
    parser.add_argument("--keystroke-ms", type=float, default=80, help="time between keystrokes (default 80)")
    parser.add_argument("--debounce-ms", type=int, help="the server's debounce (default: the server's own, 40)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    result = asyncio.run(run(args.trials, max(args.edits, 11), args.keystroke_ms / 1000, args.debounce_ms))
    median_ok = "pass" if result["median_ms"] < 150 else "FAIL"
    p95_ok = "pass" if result["p95_ms"] < 400 else "FAIL"
    memory_ok = "pass" if abs(result["rss_growth_pct"]) <= 10 else "FAIL"
    print(f"article: {result['words']} words; first check (cold, grammar engine loading) {result['first_check_s']} s")
    print(
        f"last keystroke -> diagnostics, warm, {result['trials']} typed words at {result['keystroke_ms']:.0f} ms "
        f"a keystroke: median {result['median_ms']} ms [{median_ok} < 150], "
        f"p95 {result['p95_ms']} ms [{p95_ok} < 400], max {result['max_ms']} ms"
    )
    print(f"  of which the check itself (inside the server, median): {result['server_check_median_ms']} ms")
    edits = next(key for key in result if key.startswith("rss_after_") and not key.startswith("rss_after_10_"))
    print(
        f"server RSS: {result['rss_after_10_edits_mb']} MB after 10 edits, {result[edits]} MB after "
        f"{edits.split('_')[2]} ({result['rss_growth_pct']:+.1f}%) [{memory_ok} within 10%]"
    )
    print("  resident size by edits: " + ", ".join(f"{n}: {mb} MB" for n, mb in result["rss_curve_mb"].items()))
    if result["rss_growth_after_warmup_pct"] is not None:
        print(f"  from 100 edits on (working set reached): {result['rss_growth_after_warmup_pct']:+.1f}%")
    print(f"load average {result['load_average']} on {result['cpus']} CPUs (other jobs share the machine)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
