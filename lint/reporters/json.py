"""The JSON report: copydesk's stable machine contract (``"version": 1``).

Every other machine format is rendered from the same findings; changing this
shape is a breaking change for every CMS and CI job that reads it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any, TextIO

from copydesk.engine.finding import FileResult

JSON_VERSION = 1


def report(results: Iterable[FileResult]) -> dict[str, Any]:
    files = []
    by_severity: Counter[str] = Counter({"error": 0, "warning": 0, "info": 0})
    findings = errors = 0
    scores: list[float] = []
    for result in results:
        score = flesch_of(result)
        if score is not None:
            scores.append(score)
        files.append(result.to_json())
        errors += result.error is not None
        findings += len(result.findings)
        by_severity.update(finding.severity for finding in result.findings)
    return {
        "version": JSON_VERSION,
        "files": files,
        "summary": _summary(len(files), findings, errors, by_severity, scores),
    }


def _summary(files: int, findings: int, errors: int, by_severity: Counter[str], scores: list[float]) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "files": files,
        "findings": findings,
        "errors": errors,
        "by_severity": {level: by_severity[level] for level in ("error", "warning", "info")},
    }
    if scores:  # additive key, present only when the engine supplied article statistics
        summary["readability"] = {
            "files": len(scores),
            "flesch_reading_ease": round(sum(scores) / len(scores), 1),
        }
    return summary


def flesch_of(result: FileResult) -> float | None:
    """The article's Flesch reading ease, when the engine attached statistics to the result.

    Read with ``getattr``: ``FileResult.statistics`` (a dict from
    ``copydesk.model.measures.statistics``) is filled by the engine hook;
    results without it simply have no figure.
    """
    statistics = getattr(result, "statistics", None)
    score = statistics.get("flesch_reading_ease") if isinstance(statistics, dict) else None
    return float(score) if isinstance(score, (int, float)) else None


def write(results: Iterable[FileResult], out: TextIO) -> None:
    """Write the report as results arrive: one file's entry at a time, the summary last.

    The text is exactly ``json.dump(report(results), indent=2)``, but nothing
    is held beyond the running totals, so a run over an archive streams.
    """
    by_severity: Counter[str] = Counter({"error": 0, "warning": 0, "info": 0})
    files = findings = errors = 0
    scores: list[float] = []
    out.write(f'{{\n  "version": {JSON_VERSION},\n  "files": [')
    for result in results:
        score = flesch_of(result)
        if score is not None:
            scores.append(score)
        entry = json.dumps(result.to_json(), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        out.write(("," if files else "") + "\n    " + entry)
        files += 1
        errors += result.error is not None
        findings += len(result.findings)
        by_severity.update(finding.severity for finding in result.findings)
    summary = _summary(files, findings, errors, by_severity, scores)
    out.write(("\n  ]" if files else "]") + ',\n  "summary": ')
    out.write(json.dumps(summary, ensure_ascii=False, indent=2).replace("\n", "\n  ") + "\n}\n")
