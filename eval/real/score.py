#!/usr/bin/env python3
"""Score copydesk against the real-defect set in eval/real (issue #21).

What it does
------------
1. Runs ``copydesk check --format json --fail-on never`` on every file in
   ``eval/real/pages/`` (defective pages and the ``clean-*`` controls).
2. Reads the hand labels in ``eval/real/labels.tsv``
   (columns: file, line, category, excerpt, note).
3. Prints
   * recall per label category and overall (labels found / labels made),
   * for every clean control, the findings at severity warning or above
     (a clean control should have none; a finding that matches one of the two
     genuine defects labelled on controls is marked as such),
   * "precision-ish": the findings at warning or above on the defective pages
     that match no label, counted per rule (they are not all false: a label is
     one per defect per line, and only six categories are labelled at all).

Matching rule
-------------
A finding *matches* a label when all three hold:

* same file;
* the label's line lies within the finding's line range widened by one line on
  each side: ``finding.line - 1 <= label.line <= finding.end_line + 1``
  (``end_line`` defaults to ``line``);
* the finding's category (``copydesk rules`` column 3) equals the label's
  category. Labels use six categories: placeholder, credit, attribution,
  boilerplate, typography (run-together words included), structure.
  Findings in other categories (spelling, grammar, metadata, readability,
  accessibility, links) can never match a label.

A label counts as *found* if at least one finding of any severity matches it.
One finding may match several labels (two labels on adjacent lines, say) and
one label may be matched by several findings; neither is penalised.

Usage
-----
    python eval/real/score.py              # human-readable report
    python eval/real/score.py --json       # machine-readable report on stdout
    python eval/real/score.py --missed     # also list every label not found
    python eval/real/score.py --copydesk "python -m copydesk"   # other command
    python eval/real/score.py --set eval/holdout   # another set laid out the same way

``--set DIR`` scores another labelled set with the same layout (``DIR/pages/``,
``DIR/labels.tsv``, controls named ``clean-*``) and the same matching rule, so a
held-out set is scored by this one scorer rather than a copy of it. Without it
the scorer reads ``eval/real`` exactly as before.

Exit status: 0 when the report was produced, 2 when pages, labels or copydesk
are missing or copydesk's output cannot be read.
"""

from __future__ import annotations

import argparse
import csv
import json
import shlex
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
LABELS = HERE / "labels.tsv"
CATEGORIES = ("placeholder", "credit", "attribution", "boilerplate", "typography", "structure")
WARNING_UP = {"warning", "error"}
PAGE_SUFFIXES = {".html", ".htm", ".txt", ".md", ".markdown"}


def die(msg: str) -> None:
    print(f"score.py: {msg}", file=sys.stderr)
    sys.exit(2)


def load_pages(pages_dir: Path = PAGES) -> list[Path]:
    if not pages_dir.is_dir():
        die(
            f"no pages folder at {pages_dir}: the real-defect pages are missing "
            "(check out eval/real/pages from the repository)"
        )
    pages = sorted(p for p in pages_dir.iterdir() if p.suffix.lower() in PAGE_SUFFIXES)
    if not pages:
        die(f"{pages_dir} holds no .html/.txt/.md pages: the real-defect pages are missing")
    return pages


def load_labels(pages: list[Path], labels_path: Path = LABELS) -> list[dict]:
    if not labels_path.is_file():
        die(f"no labels file at {labels_path}")
    names = {p.name for p in pages}
    with labels_path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    missing = sorted({r["file"] for r in rows} - names)
    if missing:
        die(f"{len(missing)} labelled page(s) missing from {pages[0].parent}: " + ", ".join(missing))
    labels: list[dict] = []
    for i, r in enumerate(rows, start=2):
        if r["category"] not in CATEGORIES:
            die(f"labels.tsv line {i}: unknown category {r['category']!r}")
        labels.append(
            {
                "file": r["file"],
                "line": int(r["line"]),
                "category": r["category"],
                "excerpt": r["excerpt"],
                "note": r.get("note", ""),
                "found_by": [],
            }
        )
    return labels


def copydesk_command(arg: str | None) -> list[str]:
    if arg:
        return shlex.split(arg)
    exe = shutil.which("copydesk")
    if exe:
        return [exe]
    return [sys.executable, "-m", "copydesk"]


def run_copydesk(cmd: list[str], pages: list[Path]) -> dict[str, list[dict]]:
    full = [*cmd, "check", "--format", "json", "--fail-on", "never", *map(str, pages)]
    try:
        proc = subprocess.run(full, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        die(f"cannot run {cmd[0]!r}: install copydesk (pip install -e '.[dev]') or pass --copydesk")
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        die(f"copydesk gave no JSON (exit {proc.returncode}): {proc.stderr.strip()[:500]}")
    out: dict[str, list[dict]] = {}
    for f in data.get("files", []):
        name = Path(f["path"]).name
        if f.get("error"):
            print(f"score.py: warning: copydesk could not read {name}: {f['error']}", file=sys.stderr)
        out[name] = f.get("findings") or []
    return out


def matches(finding: dict, label: dict) -> bool:
    if finding.get("category") != label["category"]:
        return False
    start = finding.get("line") or 0
    end = finding.get("end_line") or start
    return start - 1 <= label["line"] <= end + 1


def score(pages: list[Path], labels: list[dict], findings: dict[str, list[dict]]) -> dict:
    by_file: dict[str, list[dict]] = defaultdict(list)
    for lab in labels:
        by_file[lab["file"]].append(lab)
    unmatched_rules: Counter = Counter()
    unmatched_list: list[dict] = []
    controls: dict[str, list[dict]] = {}
    for page in pages:
        name = page.name
        fs = findings.get(name, [])
        is_control = name.startswith("clean-")
        if is_control:
            controls[name] = []
        for f in fs:
            hit = [lab for lab in by_file.get(name, []) if matches(f, lab)]
            for lab in hit:
                lab["found_by"].append(f"{f['rule']}@{f.get('line')}")
            if f.get("severity") not in WARNING_UP:
                continue
            row = {
                "file": name,
                "rule": f["rule"],
                "name": f.get("name"),
                "category": f.get("category"),
                "severity": f["severity"],
                "line": f.get("line"),
                "excerpt": (f.get("excerpt") or "")[:80],
                "matches_label": bool(hit),
            }
            if is_control:
                controls[name].append(row)
            elif not hit:
                unmatched_rules[f["rule"]] += 1
                unmatched_list.append(row)
    recall = {}
    for cat in CATEGORIES:
        labs = [lab for lab in labels if lab["category"] == cat]
        found = sum(1 for lab in labs if lab["found_by"])
        recall[cat] = {"found": found, "labelled": len(labs), "recall": round(found / len(labs), 3) if labs else None}
    total = len(labels)
    found_all = sum(1 for lab in labels if lab["found_by"])
    recall["overall"] = {
        "found": found_all,
        "labelled": total,
        "recall": round(found_all / total, 3) if total else None,
    }
    n_controls = sum(1 for p in pages if p.name.startswith("clean-"))
    return {
        "pages": len(pages) - n_controls,
        "controls": n_controls,
        "labels": total,
        "recall": recall,
        "controls_warning_up": {k: {"count": len(v), "findings": v} for k, v in sorted(controls.items())},
        "unmatched_warning_up_on_defective_pages": {
            "total": sum(unmatched_rules.values()),
            "per_rule": dict(unmatched_rules.most_common()),
            "findings": unmatched_list,
        },
        "missed_labels": [
            {k: lab[k] for k in ("file", "line", "category", "excerpt", "note")}
            for lab in labels
            if not lab["found_by"]
        ],
        "matching_rule": "same file; finding.line-1 <= label.line <= finding.end_line+1; same category",
    }


def print_report(rep: dict, show_missed: bool, set_name: str = "eval/real") -> None:
    print(
        f"copydesk on {set_name}: {rep['pages']} defective pages, {rep['controls']} clean controls, "
        f"{rep['labels']} labels"
    )
    print(f"matching: {rep['matching_rule']}\n")
    print("Recall (labels found / labelled)")
    for cat, r in rep["recall"].items():
        pct = "  n/a" if r["recall"] is None else f"{100 * r['recall']:5.1f}%"
        print(f"  {cat:<12} {r['found']:>3}/{r['labelled']:<3} {pct}")
    ctl = rep["controls_warning_up"]
    total_ctl = sum(v["count"] for v in ctl.values())
    print(f"\nClean controls: {total_ctl} finding(s) at warning or above on {len(ctl)} controls")
    for name, v in ctl.items():
        print(f"  {name:<48} {v['count']}")
        for f in v["findings"]:
            tag = "  [labelled defect]" if f["matches_label"] else ""
            print(f"      {f['rule']} {f['severity']:<7} line {f['line']}: {f['excerpt']!r}{tag}")
    un = rep["unmatched_warning_up_on_defective_pages"]
    print(f"\nFindings at warning or above on defective pages matching no label: {un['total']}")
    for rule, n in un["per_rule"].items():
        print(f"  {rule:<6} {n}")
    if show_missed:
        print(f"\nMissed labels ({len(rep['missed_labels'])})")
        for lab in rep["missed_labels"]:
            print(f"  {lab['category']:<12} {lab['file']}:{lab['line']}  {lab['excerpt'][:60]!r}  — {lab['note']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--missed", action="store_true", help="list every label copydesk did not find")
    ap.add_argument("--copydesk", metavar="CMD", help="command that runs copydesk (default: copydesk on PATH)")
    ap.add_argument(
        "--set",
        metavar="DIR",
        help="score another labelled set laid out like eval/real (DIR/pages/, DIR/labels.tsv); default eval/real",
    )
    args = ap.parse_args(argv)
    set_dir = Path(args.set) if args.set else HERE
    set_name = args.set.rstrip("/") if args.set else "eval/real"
    pages = load_pages(set_dir / "pages")
    labels = load_labels(pages, set_dir / "labels.tsv")
    findings = run_copydesk(copydesk_command(args.copydesk), pages)
    rep = score(pages, labels, findings)
    if args.json:
        json.dump(rep, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_report(rep, args.missed, set_name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
