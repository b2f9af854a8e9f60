"""Prove a refactor changed no finding: record every finding, then compare two records.

    python scripts/compare_findings.py record before.json      # on the old commit
    python scripts/compare_findings.py record after.json       # on the new one
    python scripts/compare_findings.py diff before.json after.json

``record`` runs ``copydesk check --format json --fail-on never`` (default rules,
grammar included) over ../shared/corpus, ``fixtures/`` and the seed article
(../shared/seed-article.txt, when that folder is beside the checkout), and
saves one entry per file: its error, if any, and its findings with every
field the JSON contract carries. ``diff`` prints each file whose findings or
error differ, finding by finding, and exits 1 when anything differs, so a
refactor that claims "no behaviour change" can show it.

Not a test: the corpus run takes a few minutes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _inputs() -> list[str]:
    """Every path the record covers: the corpus, the fixtures and the seed."""
    paths = [str(ROOT / "fixtures")]
    corpus = SHARED / "corpus"
    if corpus.is_dir():
        paths.append(str(corpus))
    seed = SHARED / "seed-article.txt"
    if seed.is_file():
        paths.append(str(seed))
    return paths


def _key(path: str) -> str:
    """A path relative to what holds it, so two checkouts' records compare."""
    for base in (ROOT, SHARED):
        try:
            return str(Path(path).resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return path


def record(out: Path, jobs: int) -> int:
    """Lint every input and write ``{file: {"error": …, "findings": […]}}`` to ``out``."""
    command = [
        sys.executable,
        "-m",
        "copydesk",
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "-j",
        str(jobs),
        *_inputs(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 2):
        sys.stderr.write(done.stderr)
        print(f"copydesk check exited {done.returncode}", file=sys.stderr)
        return 2
    report = json.loads(done.stdout)
    files: dict[str, Any] = {}
    for entry in report["files"]:
        files[_key(entry["path"])] = {"error": entry.get("error"), "findings": entry.get("findings", [])}
    out.write_text(json.dumps(files, indent=0, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    count = sum(len(f["findings"]) for f in files.values())
    print(f"recorded {count} findings in {len(files)} files to {out}")
    return 0


def _line(finding: dict[str, Any]) -> str:
    return (
        f"{finding['line']}:{finding['column']}-{finding.get('end_line')}:{finding.get('end_column')} "
        f"{finding['rule']} [{finding['severity']}] {finding['message']}"
    )


def diff(before_path: Path, after_path: Path) -> int:
    """Print every file whose record differs; exit 1 if any does."""
    before = json.loads(before_path.read_text(encoding="utf-8"))
    after = json.loads(after_path.read_text(encoding="utf-8"))
    differing = 0
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        differing += 1
        print(f"== {name}")
        if old is None or new is None:
            print("   only in", "after" if old is None else "before")
            continue
        if old["error"] != new["error"]:
            print(f"   error: {old['error']!r} -> {new['error']!r}")
        old_set = [json.dumps(f, sort_keys=True) for f in old["findings"]]
        new_set = [json.dumps(f, sort_keys=True) for f in new["findings"]]
        for gone in (f for f in old_set if f not in new_set):
            print("   -", _line(json.loads(gone)))
        for came in (f for f in new_set if f not in old_set):
            print("   +", _line(json.loads(came)))
        if sorted(old_set) == sorted(new_set) and old_set != new_set:
            print("   same findings, other order")
    total_before = sum(len(f["findings"]) for f in before.values())
    total_after = sum(len(f["findings"]) for f in after.values())
    print(f"{differing} files differ; findings {total_before} before, {total_after} after")
    return 1 if differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("record", help="lint every input and save the findings")
    rec.add_argument("out", type=Path)
    rec.add_argument("-j", "--jobs", type=int, default=2)
    cmp_ = commands.add_parser("diff", help="compare two records")
    cmp_.add_argument("before", type=Path)
    cmp_.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "record":
        return record(args.out, args.jobs)
    return diff(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
