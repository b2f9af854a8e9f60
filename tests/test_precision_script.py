"""scripts/precision.py: matching findings to judgments and the report, on a tiny fake run."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "precision.py"


@pytest.fixture(scope="module")
def precision():
    spec = importlib.util.spec_from_file_location("precision_script", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def finding(rule, line, column, excerpt, severity="warning", message="m"):
    return {
        "rule": rule,
        "severity": severity,
        "line": line,
        "column": column,
        "excerpt": excerpt,
        "message": message,
        "name": "x",
        "category": "x",
    }


def fake_run():
    return {
        "version": 1,
        "files": [
            {
                "path": "../shared/corpus/a/one.html",
                "error": None,
                "findings": [
                    finding("CD1", 3, 5, "teh"),
                    finding("CD1", 9, 1, "recieve\tit"),  # a tab in the excerpt
                    finding("CD2", 1, 1, "", severity="info"),
                ],
            },
            {
                "path": "../shared/corpus/a/two.html",
                "error": None,
                "findings": [
                    finding("CD1", 4, 2, "wierd"),
                    finding("CD3", 7, 7, "Also Read"),
                ],
            },
            {"path": "../shared/corpus/a/three.html", "error": None, "findings": []},
            {"path": "../shared/corpus/README.md", "error": None, "findings": [finding("CD1", 1, 1, "md")]},
        ],
    }


def judged_rows():
    return [
        {
            "file": "a/one.html",
            "rule": "CD1",
            "line": "3",
            "column": "5",
            "excerpt": "teh",
            "verdict": "TRUE",
            "reason": "typo",
        },
        {
            "file": "a/one.html",
            "rule": "CD1",
            "line": "9",
            "column": "1",
            "excerpt": "recieve it",
            "verdict": "DEBATABLE",
            "reason": "?",
        },
        {
            "file": "a/two.html",
            "rule": "CD3",
            "line": "7",
            "column": "7",
            "excerpt": "Also Read",
            "verdict": "FALSE",
            "reason": "house promo",
        },
        # judged, but no longer fires
        {
            "file": "a/two.html",
            "rule": "CD3",
            "line": "8",
            "column": "1",
            "excerpt": "Related:",
            "verdict": "FALSE",
            "reason": "house promo",
        },
        # in the sample, not judged yet
        {
            "file": "a/two.html",
            "rule": "CD1",
            "line": "4",
            "column": "2",
            "excerpt": "wierd",
            "verdict": "",
            "reason": "",
        },
    ]


def test_flatten_keeps_pages_only_and_relative_paths(precision):
    findings, pages = precision.flatten(fake_run())
    assert pages == ["a/one.html", "a/two.html", "a/three.html"]
    assert {f["file"] for f in findings} == {"a/one.html", "a/two.html"}
    assert "recieve it" in {f["excerpt"] for f in findings}  # whitespace cleaned


def test_report_counts_verdicts_unjudged_and_stale(precision):
    findings, pages = precision.flatten(fake_run())
    rep = precision.build_report(findings, pages, judged_rows())
    cd1 = rep["rules"]["CD1"]
    assert (cd1["findings"], cd1["pages"], cd1["TRUE"], cd1["FALSE"], cd1["DEBATABLE"], cd1["unjudged"]) == (
        3,
        2,
        1,
        0,
        1,
        1,
    )
    assert cd1["precision"] == 1.0  # DEBATABLE left out
    assert cd1["strict"] == pytest.approx(0.5)
    cd3 = rep["rules"]["CD3"]
    assert cd3["precision"] == 0.0 and cd3["unjudged"] == 0
    assert rep["rules"]["CD2"]["judged"] == 0 and rep["rules"]["CD2"]["precision"] is None
    assert [(r["rule"], r["line"]) for r in rep["stale"]] == [("CD3", "8")]
    # gate: one.html and two.html have warnings; two.html's are CD1 unjudged
    # (CD1 has no FALSE judged: rate 0) and CD3 judged FALSE -> not false-only
    assert rep["failing"] == 2 and rep["pages"] == 3
    assert rep["false_only_certain"] == 0
    assert rep["false_only_expected"] == 0
    text = precision.format_report(rep)
    assert "CD1" in text and "no longer fire (1)" in text
    md = precision.format_report(rep, markdown=True)
    assert md.splitlines()[0].startswith("| rule | severity |")


def test_false_only_estimate_uses_rule_false_share(precision):
    run = {
        "files": [
            {"path": "c/corpus/p1.html", "findings": [finding("CD9", 1, 1, "a")]},
            {"path": "c/corpus/p2.html", "findings": [finding("CD9", 1, 1, "b")]},
            {"path": "c/corpus/p3.html", "findings": [finding("CD9", 1, 1, "c"), finding("CD8", 2, 2, "d")]},
        ]
    }
    findings, pages = precision.flatten(run)
    judged = [
        {"file": "p1.html", "rule": "CD9", "line": "1", "column": "1", "excerpt": "a", "verdict": "FALSE"},
        {"file": "p2.html", "rule": "CD9", "line": "1", "column": "1", "excerpt": "b", "verdict": "TRUE"},
    ]
    rep = precision.build_report(findings, pages, judged)
    # p1 certainly false-only; p2 not; p3: CD9 unjudged (rate 1/2) x CD8 never judged (counted not false)
    assert rep["false_only_certain"] == 1
    assert rep["false_only_expected"] == pytest.approx(1.0)
    assert rep["unknown_rate_pages"] == 1


def test_tsv_round_trip_and_sample_is_extendable(precision, tmp_path):
    path = tmp_path / "j.tsv"
    rows = [dict(r, severity="warning", message="a\tb") for r in judged_rows()]
    precision.write_judged(path, rows)
    back = precision.read_judged(path)
    assert [precision.key_of(r) for r in back] == [precision.key_of(r) for r in rows]
    assert back[0]["verdict"] == "TRUE" and back[4]["verdict"] == ""
    findings = [{"file": f"p{i}.html", "rule": "CD1", "line": i, "column": 1, "excerpt": "x"} for i in range(200)]
    small = {precision.key_of(f) for f in precision.draw_sample(findings, 20, 30)}
    large = {precision.key_of(f) for f in precision.draw_sample(findings, 20, 60)}
    assert len(small) == 30 and len(large) == 60 and small <= large
    assert precision.draw_sample(findings, 20, 30, rules={"CD2"}) == []


def test_missing_corpus_is_a_clear_message(precision, tmp_path):
    with pytest.raises(SystemExit) as exc:
        precision.run_copydesk(tmp_path / "nowhere")
    assert "corpus folder" in str(exc.value)


def test_cli_report_from_json(precision, tmp_path, capsys):
    run = tmp_path / "run.json"
    run.write_text(json.dumps(fake_run()), encoding="utf-8")
    judged = tmp_path / "j.tsv"
    precision.write_judged(judged, [dict(r, severity="", message="") for r in judged_rows()])
    assert precision.main(["report", "--from-json", str(run), "--judged", str(judged)]) == 0
    out = capsys.readouterr().out
    assert "pages failing the default gate" in out and "warnings per page" in out


def test_show_prints_context_of_unjudged_rows(precision, tmp_path, capsys):
    corpus = tmp_path / "corpus"
    (corpus / "a").mkdir(parents=True)
    (corpus / "a" / "p.html").write_bytes(b"<html><body>\r<p>one</p>\r<p>the the cat</p></body></html>")
    judged = tmp_path / "j.tsv"
    precision.write_judged(
        judged,
        [
            {
                "file": "a/p.html",
                "rule": "CD501",
                "severity": "warning",
                "line": "3",
                "column": "4",
                "excerpt": "the the",
                "message": "repeated word",
                "verdict": "",
                "reason": "",
            },
            {
                "file": "a/p.html",
                "rule": "CD501",
                "severity": "warning",
                "line": "2",
                "column": "4",
                "excerpt": "one",
                "message": "x",
                "verdict": "FALSE",
                "reason": "r",
            },
        ],
    )
    assert precision.main(["show", "--corpus", str(corpus), "--judged", str(judged)]) == 0
    out = capsys.readouterr().out
    assert out.count("== a/p.html") == 1  # judged row left out
    assert "'<p>' >>> 'the the cat</p></body></html>'" in out  # lone \r counts as a line end


def test_cohen_kappa_textbook_values(precision):
    # 2x2 table: both yes 20, first yes/second no 5, first no/second yes 10, both no 15
    pairs = [("Y", "Y")] * 20 + [("Y", "N")] * 5 + [("N", "Y")] * 10 + [("N", "N")] * 15
    # p_o = 0.7; p_e = (25*30 + 25*20) / 50**2 = 0.5; kappa = 0.2 / 0.5
    assert precision.cohen_kappa(pairs) == pytest.approx(0.4)
    assert precision.cohen_kappa([("A", "A"), ("B", "B"), ("C", "C")]) == pytest.approx(1.0)
    assert precision.cohen_kappa([("A", "B"), ("B", "A")]) == pytest.approx(-1.0)
    assert precision.cohen_kappa([("A", "A"), ("A", "A")]) is None  # chance agreement 1
    assert precision.cohen_kappa([]) is None


def test_second_sample_is_blind_stratified_and_agreement_joins(precision, tmp_path):
    findings = [
        {"file": f"p{i}.html", "rule": rule, "line": i, "column": 1, "excerpt": "x", "severity": "", "message": ""}
        for rule in ("CD1", "CD2", "CD3")
        for i in range(20)
    ]
    judged = [dict(f, verdict="TRUE" if f["line"] % 2 else "FALSE", reason="first") for f in findings]
    judged.append(dict(findings[0], line=99, verdict="TRUE"))  # no longer fires: never drawn
    rows = precision.draw_second(judged, findings, seed=7, per_rule=4, total=10)
    assert len(rows) == 10 and all(r["verdict"] == "" and r["reason"] == "" for r in rows)
    assert {r["rule"] for r in rows} == {"CD1", "CD2", "CD3"}
    assert max(Counter(r["rule"] for r in rows).values()) <= 4
    assert rows == precision.draw_second(judged, findings, seed=7, per_rule=4, total=10)  # fixed seed
    # the second judge says TRUE throughout: agreement on exactly the first judge's TRUE rows
    second = [dict(r, verdict="TRUE", reason="second") for r in rows]
    ag = precision.agreement(judged, second)
    n_true = sum(r["line"] % 2 for r in rows)
    assert ag["n"] == 10 and ag["raw"] == pytest.approx(n_true / 10)
    assert len(ag["disagree"]) == 10 - n_true
    assert "Cohen's kappa" in precision.format_agreement(ag)


def test_second_judge_folder_is_not_read_by_the_report(precision, tmp_path):
    first = tmp_path / "findings.tsv"
    precision.write_judged(first, [dict(r, severity="", message="") for r in judged_rows()[:1]])
    precision.write_judged(
        tmp_path / "second" / "blind.tsv", [dict(r, severity="", message="") for r in judged_rows()[1:3]]
    )
    assert len(precision.read_all_judged(first)) == 1
