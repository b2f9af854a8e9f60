#!/usr/bin/env python3
"""Judged precision of copydesk's rules on the third-party corpus (issue #20).

Three modes (``show`` is a judging aid; ``second`` and ``agreement`` measure
how far the judgments can be trusted):

``sample``
    Run copydesk over the corpus (or read a saved run with ``--from-json``),
    draw a random sample per rule with a fixed seed (``--per-rule N`` findings
    of every rule that fires N times or more, all findings of the others) and
    write it to ``eval/judged/findings.tsv`` with empty ``verdict``/``reason``
    columns for a copy editor to fill in. Rows already in the file keep their
    judgments; only sampled findings not yet in it are appended.

``report``
    Run copydesk over the corpus (or ``--from-json``), match every finding to
    the judgments by (file, rule, line, column, excerpt) and print, per rule:
    default severity, findings, pages, judged, TRUE, FALSE, DEBATABLE and
    precision; and for the run: the share of pages failing the default gate
    (any warning or error), the share failing only for reasons judged false,
    warnings and info per page. ``--markdown`` prints the table for a README.
    Unjudged findings are counted as unjudged; judgments whose finding no
    longer fires are listed as stale.

``show``
    Print the rows still to judge (``--all``: every row, ``--rule CODE``) with
    the source around each finding and the body block copydesk's model puts
    there, the two things a judge reads first.

``second``
    Draw a blind sample of already-judged findings that still fire (up to
    ``--per-rule`` of every judged rule, ``--total`` in all, fixed ``--seed``)
    into ``eval/judged/second/blind.tsv`` with EMPTY verdict and reason, for a
    second judge who has not seen the first verdicts. The report never reads
    that subfolder.

``agreement``
    Join the second judge's rows to the first judgments by the report's key and
    print the 3x3 confusion table, raw agreement, Cohen's kappa (TRUE vs
    not-TRUE, and on the three classes), per-rule agreement and every
    disagreement with both reasons.

Precision is TRUE / (TRUE + FALSE): DEBATABLE judgments are left out of both
numerator and denominator (they are shown in their own column, and the
"strict" column counts them as not TRUE: TRUE / judged).

Only ``.html``/``.htm`` pages count: the corpus folder also holds its own
README.md, which copydesk lints but which is not a published page.

Usage (from the repository root)::

    python scripts/precision.py sample --seed 20 --per-rule 30
    python scripts/precision.py report [--from-json /tmp/run.json] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_JUDGED = REPO / "eval" / "judged" / "findings.tsv"
COLUMNS = ["file", "rule", "severity", "line", "column", "excerpt", "message", "verdict", "reason"]
VERDICTS = ("TRUE", "FALSE", "DEBATABLE")
PAGE_SUFFIXES = (".html", ".htm")
GATE_SEVERITIES = ("warning", "error")


def clean(text: object) -> str:
    """One line, no tabs: how text is stored in the TSV and compared."""
    return " ".join(str(text if text is not None else "").split())


def key_of(row: dict) -> tuple:
    return (row["file"], row["rule"], int(row["line"]), int(row["column"]), clean(row["excerpt"]))


# -- the run -----------------------------------------------------------------


def run_copydesk(corpus: Path, jobs: int = 2) -> dict:
    if not corpus.is_dir():
        sys.exit(
            f"precision.py: corpus folder {corpus} not found; pass --corpus DIR "
            "(the third-party corpus, see /work/shared/corpus/README.md) or --from-json FILE"
        )
    cmd = [
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
        str(corpus),
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except OSError as exc:  # pragma: no cover - environment problem
        sys.exit(f"precision.py: cannot run copydesk: {exc}")
    if proc.returncode not in (0, 1):
        sys.exit(f"precision.py: copydesk exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def load_run(args) -> dict:
    if args.from_json:
        path = Path(args.from_json)
        if not path.is_file():
            sys.exit(f"precision.py: saved run {path} not found")
        return json.loads(path.read_text(encoding="utf-8"))
    return run_copydesk(Path(args.corpus), args.jobs)


def relative_file(path: str) -> str:
    """Path relative to the corpus folder: 'aeb/aeb-x.html'."""
    parts = Path(path).as_posix().split("/")
    if "corpus" in parts:
        i = len(parts) - 1 - parts[::-1].index("corpus")
        return "/".join(parts[i + 1 :])
    return Path(path).as_posix()


def flatten(run: dict) -> tuple[list[dict], list[str]]:
    """(findings, pages) of a copydesk JSON run, pages only (see module doc)."""
    findings: list[dict] = []
    pages: list[str] = []
    for entry in run.get("files", []):
        rel = relative_file(entry["path"])
        if not rel.lower().endswith(PAGE_SUFFIXES):
            continue
        pages.append(rel)
        for f in entry.get("findings") or []:
            findings.append(
                {
                    "file": rel,
                    "rule": f["rule"],
                    "severity": f.get("severity", ""),
                    "line": int(f["line"]),
                    "column": int(f["column"]),
                    "excerpt": clean(f.get("excerpt")),
                    "message": clean(f.get("message")),
                }
            )
    return findings, pages


# -- the judgments -----------------------------------------------------------


def read_judged(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines:
        return []
    head = lines[0].split("\t")
    rows = [dict(zip(head, line.split("\t"), strict=False)) for line in lines[1:] if line.strip()]
    for row in rows:
        row["verdict"] = (row.get("verdict") or "").strip().upper()
        row["excerpt"] = clean(row.get("excerpt"))
    return rows


def read_all_judged(path: Path) -> list[dict]:
    """The judgments in ``path`` and in every other ``*.tsv`` beside it.

    The first sample lives in ``findings.tsv``; judgments of findings that a
    later change made fire go in a file of their own (``findings-<topic>.tsv``)
    so that work in parallel never edits the same file. Where two files judge
    the same finding, the first file in name order wins.
    """
    files = [path, *sorted(p for p in path.parent.glob("*.tsv") if p != path)]
    seen: set[tuple] = set()
    rows: list[dict] = []
    for file in files:
        for row in read_judged(file):
            if key_of(row) not in seen:
                seen.add(key_of(row))
                rows.append(row)
    return rows


def write_judged(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # plain TSV, no quoting: clean() leaves no tab or line break in a field
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            fh.write("\t".join(clean(row.get(c, "")) for c in COLUMNS) + "\n")


def draw_sample(findings: list[dict], seed: int, per_rule: int, rules: set[str] | None = None) -> list[dict]:
    """``per_rule`` findings of each rule at random (all of a smaller rule).

    Each rule has its own generator, seeded with ``"{seed}:{rule}"``, drawing
    from the rule's findings in a fixed order (sorted by key), so the draw of
    one rule does not depend on the others. ``random.Random.sample`` picks
    one element after another from one stream, so for the same seed a larger
    ``per_rule`` returns the smaller sample plus more (checked up to 85): the
    sample can be extended without throwing judgments away.
    """
    by_rule: dict[str, list[dict]] = defaultdict(list)
    for f in findings:
        if rules is None or f["rule"] in rules:
            by_rule[f["rule"]].append(f)
    chosen: list[dict] = []
    for rule in sorted(by_rule):
        pool = sorted(by_rule[rule], key=key_of)
        if len(pool) > per_rule:
            rng = random.Random(f"{seed}:{rule}")
            pool = sorted(rng.sample(pool, per_rule), key=key_of)
        chosen.extend(pool)
    return chosen


def cmd_sample(args) -> int:
    findings, _ = flatten(load_run(args))
    out = Path(args.out)
    existing = read_judged(out)
    have = {key_of(r) for r in existing} | {key_of(r) for r in read_all_judged(Path(args.judged))}
    rules = set(args.rules.split(",")) if args.rules else None
    added = [
        dict(f, verdict="", reason="")
        for f in draw_sample(findings, args.seed, args.per_rule, rules)
        if key_of(f) not in have
    ]
    write_judged(out, existing + added)
    print(f"{len(existing)} rows kept, {len(added)} sampled findings added -> {out}")
    return 0


# -- the report --------------------------------------------------------------


def build_report(findings: list[dict], pages: list[str], judged: list[dict]) -> dict:
    verdict_of = {key_of(r): r["verdict"] for r in judged if r["verdict"] in VERDICTS}
    firing = {key_of(f) for f in findings}
    stale = [r for r in judged if r["verdict"] in VERDICTS and key_of(r) not in firing]

    rules: dict[str, dict] = {}
    for f in findings:
        r = rules.setdefault(
            f["rule"],
            {
                "severity": f["severity"],
                "findings": 0,
                "pages": Counter(),
                "TRUE": 0,
                "FALSE": 0,
                "DEBATABLE": 0,
                "unjudged": 0,
            },
        )
        r["findings"] += 1
        r["pages"][f["file"]] += 1
        v = verdict_of.get(key_of(f))
        r[v if v else "unjudged"] += 1
    for r in rules.values():
        # share of the rule's findings on its busiest page: a sample of such
        # a rule mostly judges that one page
        r["top_page"] = max(r["pages"].values()) / r["findings"]
        r["pages"] = len(r["pages"])
        r["judged"] = r["TRUE"] + r["FALSE"] + r["DEBATABLE"]
        tf = r["TRUE"] + r["FALSE"]
        r["precision"] = r["TRUE"] / tf if tf else None
        r["strict"] = r["TRUE"] / r["judged"] if r["judged"] else None
        # share of this rule's judged findings that are FALSE: the estimate
        # used for its unjudged findings in the gate figure below
        r["false_rate"] = r["FALSE"] / r["judged"] if r["judged"] else None

    # the default gate: a page fails on any warning or error
    gating: dict[str, list[dict]] = defaultdict(list)
    for f in findings:
        if f["severity"] in GATE_SEVERITIES:
            gating[f["file"]].append(f)
    n_pages = len(pages) or 1
    certain_false = 0  # every gating finding judged FALSE
    expected_false = 0.0  # unjudged ones weighted by their rule's FALSE share
    unknown_rate_pages = 0  # pages with a gating finding of a rule with no judgments at all
    for fs in gating.values():
        p = 1.0
        all_judged_false = True
        unknown_rate_pages += any(rules[f["rule"]]["false_rate"] is None and not verdict_of.get(key_of(f)) for f in fs)
        for f in fs:
            v = verdict_of.get(key_of(f))
            if v:
                q = 1.0 if v == "FALSE" else 0.0
                all_judged_false &= v == "FALSE"
            else:
                all_judged_false = False
                rate = rules[f["rule"]]["false_rate"]
                q = 0.0 if rate is None else rate
            p *= q
            if p == 0.0:
                break
        certain_false += all_judged_false
        expected_false += p
    # pages with at least one gating finding judged TRUE: failing for a real reason
    true_pages = sum(any(verdict_of.get(key_of(f)) == "TRUE" for f in fs) for fs in gating.values())
    # estimated TRUE / FALSE / DEBATABLE findings of each severity over the whole
    # run: every rule's judged shares scaled to all its findings (a rule never
    # judged is left out of the estimate)
    est: dict[str, Counter] = defaultdict(Counter)
    for r in rules.values():
        if r["judged"]:
            for v in VERDICTS:
                est[r["severity"]][v] += r["findings"] * r[v] / r["judged"]
    sev = Counter(f["severity"] for f in findings)
    return {
        "true_pages": true_pages,
        "estimate": est,
        "rules": rules,
        "stale": stale,
        "pages": len(pages),
        "failing": len(gating),
        "failing_share": len(gating) / n_pages,
        "false_only_certain": certain_false,
        "false_only_expected": expected_false,
        "false_only_share": expected_false / n_pages,
        "unknown_rate_pages": unknown_rate_pages,
        "warnings_per_page": (sev["warning"] + sev["error"]) / n_pages,
        "errors": sev["error"],
        "info_per_page": sev["info"] / n_pages,
        "findings": len(findings),
        "judged_rows": len(verdict_of),
    }


SEV_ORDER = {"error": 0, "warning": 1, "info": 2}


def _pct(x) -> str:
    return "–" if x is None else f"{100 * x:.0f}%"


def format_report(rep: dict, markdown: bool = False) -> str:
    head = [
        "rule",
        "severity",
        "findings",
        "pages",
        "top page",
        "judged",
        "TRUE",
        "FALSE",
        "DEBATABLE",
        "unjudged",
        "precision",
        "strict",
    ]
    rows = []
    for code, r in sorted(
        rep["rules"].items(), key=lambda kv: (SEV_ORDER.get(kv[1]["severity"], 9), -kv[1]["findings"], kv[0])
    ):
        rows.append(
            [
                code,
                r["severity"],
                r["findings"],
                r["pages"],
                _pct(r["top_page"]),
                r["judged"],
                r["TRUE"],
                r["FALSE"],
                r["DEBATABLE"],
                r["unjudged"],
                _pct(r["precision"]),
                _pct(r["strict"]),
            ]
        )
    tot = {
        k: sum(r[k] for r in rep["rules"].values())
        for k in ("findings", "judged", "TRUE", "FALSE", "DEBATABLE", "unjudged")
    }
    tf = tot["TRUE"] + tot["FALSE"]
    rows.append(
        [
            "sample",
            "",
            tot["findings"],
            "",
            "",
            tot["judged"],
            tot["TRUE"],
            tot["FALSE"],
            tot["DEBATABLE"],
            tot["unjudged"],
            _pct(tot["TRUE"] / tf if tf else None),
            _pct(tot["TRUE"] / tot["judged"] if tot["judged"] else None),
        ]
    )
    out = []
    if markdown:
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "|".join("---" if i < 2 else "---:" for i in range(len(head))) + "|")
        for row in rows:
            out.append("| " + " | ".join(str(c) for c in row) + " |")
    else:
        widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
        for row in [head, *rows]:
            cells = zip(row, widths, strict=True)
            out.append("  ".join(str(c).rjust(w) if i >= 2 else str(c).ljust(w) for i, (c, w) in enumerate(cells)))
    out.append("")
    out.append("precision = TRUE / (TRUE + FALSE), DEBATABLE left out;")
    out.append("strict = TRUE / judged (DEBATABLE counted as not TRUE);")
    out.append("the 'sample' row adds up the judged findings, which over-represents the small rules;")
    out.append(
        "top page = share of the rule's findings on its busiest page (a high share: the sample mostly judges it)."
    )
    n = rep["pages"]
    out.append(f"pages: {n}; findings: {rep['findings']}; judged findings matched: {rep['judged_rows']}")
    out.append(
        f"pages failing the default gate (any warning or error): {rep['failing']} of {n} ({_pct(rep['failing_share'])})"
    )
    out.append(
        f"pages failing only for reasons judged false: {rep['false_only_expected']:.0f} of {n} "
        f"({_pct(rep['false_only_share'])}) estimated; "
        f"{rep['false_only_certain']} with every gating finding judged FALSE"
    )
    out.append(
        "  method: a failing page counts with probability = product over its warnings/errors of "
        "1 if judged FALSE, 0 if judged TRUE or DEBATABLE, else its rule's FALSE share among judged findings "
        "(findings assumed independent)"
        + (
            f"; {rep['unknown_rate_pages']} pages with a gating finding of a rule never judged count as not false"
            if rep["unknown_rate_pages"]
            else ""
        )
    )
    out.append(f"pages failing with at least one gating finding judged TRUE: {rep['true_pages']} of {n}")
    for sv in ("error", "warning", "info"):
        e = rep["estimate"].get(sv)
        if e:
            t, fa, d = e["TRUE"], e["FALSE"], e["DEBATABLE"]
            out.append(
                f"{sv} findings estimated from each rule's judged shares: {t:.0f} TRUE, {fa:.0f} FALSE, "
                f"{d:.0f} DEBATABLE; precision {_pct(t / (t + fa) if t + fa else None)}"
            )
    out.append(
        f"warnings per page: {rep['warnings_per_page']:.2f} (errors: {rep['errors']}); "
        f"info per page: {rep['info_per_page']:.2f}"
    )
    if rep["stale"]:
        out.append("")
        out.append(f"judged findings that no longer fire ({len(rep['stale'])}):")
        for r in rep["stale"]:
            out.append(f"  {r['verdict']:<9} {r['file']}:{r['line']}:{r['column']} {r['rule']} {r['excerpt'][:60]!r}")
    return "\n".join(out)


def cmd_report(args) -> int:
    findings, pages = flatten(load_run(args))
    judged = read_all_judged(Path(args.judged))
    if not judged:
        print(f"precision.py: no judgments at {args.judged}; every finding counts as unjudged", file=sys.stderr)
    rep = build_report(findings, pages, judged)
    print(format_report(rep, markdown=args.markdown))
    return 0


# -- a second, blind judgment ------------------------------------------------

DEFAULT_SECOND = REPO / "eval" / "judged" / "second" / "blind.tsv"


def draw_second(judged: list[dict], findings: list[dict], seed: int, per_rule: int, total: int) -> list[dict]:
    """A blind sample of already-judged rows for a second judge.

    Only rows with a verdict whose finding still fires count. Each rule that
    has judged rows contributes up to ``per_rule`` rows (its own generator,
    seeded ``"second:{seed}:{rule}"``); if that adds up to more than ``total``,
    ``total`` rows are drawn from them with ``"second:{seed}"``, taking rules
    in turn (a round robin over the per-rule draws) so that every rule keeps
    at least one row while the total allows. The returned rows carry the
    finding's columns and an EMPTY verdict and reason.
    """
    firing = {key_of(f): f for f in findings}
    by_rule: dict[str, list[dict]] = defaultdict(list)
    for r in judged:
        if r["verdict"] in VERDICTS and key_of(r) in firing:
            by_rule[r["rule"]].append(firing[key_of(r)])
    per: dict[str, list[dict]] = {}
    for rule in sorted(by_rule):
        pool = sorted(by_rule[rule], key=key_of)
        rng = random.Random(f"second:{seed}:{rule}")
        per[rule] = rng.sample(pool, min(per_rule, len(pool)))
    chosen: list[dict] = []
    depth = 0
    while len(chosen) < total and any(depth < len(v) for v in per.values()):
        layer = [per[rule][depth] for rule in sorted(per) if depth < len(per[rule])]
        if len(chosen) + len(layer) > total:
            layer = random.Random(f"second:{seed}").sample(layer, total - len(chosen))
        chosen.extend(layer)
        depth += 1
    return [dict(f, verdict="", reason="") for f in sorted(chosen, key=lambda f: (f["rule"], *key_of(f)))]


def cmd_second(args) -> int:
    findings, _ = flatten(load_run(args))
    judged = read_all_judged(Path(args.judged))
    out = Path(args.out)
    if out.exists() and not args.force:
        sys.exit(f"precision.py: {out} exists (it may hold a second judge's work); pass --force to redraw")
    rows = draw_second(judged, findings, args.seed, args.per_rule, args.total)
    write_judged(out, rows)
    n_rules = len({r["rule"] for r in rows})
    print(f"{len(rows)} rows of {n_rules} rules, verdict and reason left empty -> {out}")
    return 0


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two judges' labels: (p_o - p_e) / (1 - p_e).

    ``None`` when there is nothing to compare or chance agreement is 1 (both
    judges used one and the same label throughout).
    """
    n = len(pairs)
    if not n:
        return None
    p_o = sum(a == b for a, b in pairs) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    p_e = sum(first[c] * second[c] for c in set(first) | set(second)) / (n * n)
    if p_e >= 1.0:
        return None
    return (p_o - p_e) / (1 - p_e)


def binary(verdict: str) -> str:
    return "TRUE" if verdict == "TRUE" else "not-TRUE"


def agreement(first: list[dict], second: list[dict]) -> dict:
    """Join the second judge's rows to the first judgments by the report's key."""
    by_key = {key_of(r): r for r in first if r["verdict"] in VERDICTS}
    joined = [(by_key[key_of(r)], r) for r in second if r["verdict"] in VERDICTS and key_of(r) in by_key]
    pairs = [(a["verdict"], b["verdict"]) for a, b in joined]
    per_rule: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for a, b in joined:
        per_rule[a["rule"]].append((a["verdict"], b["verdict"]))
    return {
        "n": len(pairs),
        "unjudged": sum(1 for r in second if r["verdict"] not in VERDICTS),
        "unmatched": sum(1 for r in second if r["verdict"] in VERDICTS and key_of(r) not in by_key),
        "confusion": Counter(pairs),
        "raw": sum(a == b for a, b in pairs) / len(pairs) if pairs else None,
        "raw_binary": sum(binary(a) == binary(b) for a, b in pairs) / len(pairs) if pairs else None,
        "kappa_binary": cohen_kappa([(binary(a), binary(b)) for a, b in pairs]),
        "kappa3": cohen_kappa(pairs),
        "per_rule": per_rule,
        "disagree": [(a, b) for a, b in joined if a["verdict"] != b["verdict"]],
    }


def _k(x) -> str:
    return "–" if x is None else f"{x:.2f}"


def format_agreement(ag: dict) -> str:
    out = [
        f"rows compared: {ag['n']} (second-judge rows without a verdict: {ag['unjudged']}; "
        f"with a verdict but no first judgment: {ag['unmatched']})",
        "",
        "confusion (rows: first judge, columns: second judge):",
        f"  {'':<10}" + "".join(f"{v:>10}" for v in VERDICTS),
    ]
    for a in VERDICTS:
        out.append(f"  {a:<10}" + "".join(f"{ag['confusion'][(a, b)]:>10}" for b in VERDICTS))
    out += [
        "",
        f"raw agreement, 3 classes: {_pct(ag['raw'])}; TRUE vs not-TRUE: {_pct(ag['raw_binary'])}",
        f"Cohen's kappa, TRUE vs not-TRUE: {_k(ag['kappa_binary'])}; 3 classes: {_k(ag['kappa3'])}",
        "",
        "per rule: rows, agree (3 classes), agree (TRUE vs not-TRUE)",
    ]
    for rule, pairs in sorted(ag["per_rule"].items()):
        n = len(pairs)
        same = sum(a == b for a, b in pairs)
        same_b = sum(binary(a) == binary(b) for a, b in pairs)
        out.append(f"  {rule:<7} {n:>3}  {same:>3} ({_pct(same / n)})  {same_b:>3} ({_pct(same_b / n)})")
    out += ["", f"disagreements ({len(ag['disagree'])}):"]
    for a, b in sorted(ag["disagree"], key=lambda ab: key_of(ab[0])[1:2] + key_of(ab[0])):
        out.append(f"  {a['rule']} {a['file']}:{a['line']}:{a['column']} {a['excerpt'][:60]!r}")
        out.append(f"    first  {a['verdict']:<9} {a.get('reason', '')}")
        out.append(f"    second {b['verdict']:<9} {b.get('reason', '')}")
    return "\n".join(out)


def cmd_agreement(args) -> int:
    second = read_judged(Path(args.second))
    if not second:
        sys.exit(f"precision.py: no second-judge rows at {args.second}")
    print(format_agreement(agreement(read_all_judged(Path(args.judged)), second)))
    return 0


# -- judging aid -------------------------------------------------------------


def _inspect(path: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "copydesk", "inspect", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return json.loads(proc.stdout)
    except ValueError:
        return {}


def cmd_show(args) -> int:
    """Print each selected row's context: the source around line:column (lines
    counted as copydesk counts them: \\r\\n, \\r and \\n) and the body block
    copydesk's model puts there (none: outside every block)."""
    corpus = Path(args.corpus)
    rows = [
        r
        for r in read_all_judged(Path(args.judged))
        if (not args.rule or r["rule"] == args.rule) and (args.all or not r["verdict"])
    ]
    cache: dict[str, dict] = {}
    for row in rows[: args.limit]:
        path = corpus / row["file"]
        model = cache.setdefault(row["file"], _inspect(path))
        enc = model.get("encoding") or "utf-8"
        try:
            text = path.read_bytes().decode(enc, errors="replace")
        except (LookupError, OSError):
            text = path.read_bytes().decode("utf-8", errors="replace") if path.exists() else ""
        lines = re.split(r"\r\n|\r|\n", text)
        line, col = int(row["line"]), int(row["column"])
        src = lines[line - 1] if 0 < line <= len(lines) else ""
        print(f"== {row['file']}:{line}:{col} {row['rule']} {row['verdict'] or '(unjudged)'}: {row['message'][:160]}")
        print(f"   source: {src[max(0, col - 1 - args.width) : col - 1]!r} >>> {src[col - 1 : col - 1 + args.width]!r}")
        blocks = [
            b
            for b in model.get("blocks", [])
            if (b["line"], b["column"]) <= (line, col) <= (b["end_line"], b["end_column"])
        ]
        body = (model.get("body") or {}).get("selector", "?")
        shown = "; ".join(
            f"{b['role']}{' (chrome)' if b.get('chrome') else ''}: {b['text'][:200]!r}" for b in blocks[:2]
        )
        print(f"   body {body}: {shown or 'no block (outside the body text, e.g. an image or metadata)'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="mode", required=True)
    for name in ("sample", "report", "show", "second", "agreement"):
        s = sub.add_parser(name)
        s.add_argument(
            "--corpus",
            default=os.environ.get("COPYDESK_CORPUS", str(DEFAULT_CORPUS)),
            help="corpus folder (default: ../shared/corpus beside the repository)",
        )
        s.add_argument("--from-json", metavar="FILE", help="reuse a saved `copydesk check --format json` run")
        s.add_argument("-j", "--jobs", type=int, default=2)
        s.add_argument("--judged", default=str(DEFAULT_JUDGED), help="judgments TSV")
        if name == "sample":
            s.add_argument("--seed", type=int, default=20)
            s.add_argument("--per-rule", type=int, default=30)
            s.add_argument("--out", default=None, help="TSV to extend (default: --judged)")
            s.add_argument(
                "--rules",
                default=None,
                metavar="CODES",
                help="comma-separated rule codes to sample (default: every rule)",
            )
        elif name == "report":
            s.add_argument("--markdown", action="store_true")
        elif name == "second":
            s.add_argument("--seed", type=int, default=2026)
            s.add_argument("--per-rule", type=int, default=8, help="at most this many rows of each rule")
            s.add_argument("--total", type=int, default=120, help="rows in all")
            s.add_argument("--out", default=str(DEFAULT_SECOND))
            s.add_argument("--force", action="store_true", help="overwrite an existing blind sample")
        elif name == "agreement":
            s.add_argument("--second", default=str(DEFAULT_SECOND), help="the second judge's TSV")
        else:
            s.add_argument("--rule", help="only this rule code")
            s.add_argument("--all", action="store_true", help="judged rows too (default: unjudged only)")
            s.add_argument("--limit", type=int, default=30)
            s.add_argument("--width", type=int, default=150, help="characters of source each side")
    args = p.parse_args(argv)
    if args.mode == "sample":
        args.out = args.out or args.judged
        return cmd_sample(args)
    if args.mode == "show":
        return cmd_show(args)
    if args.mode == "second":
        return cmd_second(args)
    if args.mode == "agreement":
        return cmd_agreement(args)
    return cmd_report(args)


if __name__ == "__main__":
    sys.exit(main())
