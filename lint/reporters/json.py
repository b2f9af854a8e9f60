"""The JSON report: copydesk's stable machine contract (``"version": 1``).

Every other machine format is rendered from the same findings; changing this
shape is a breaking change for every CMS and CI job that reads it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any, TextIO

from ..finding import FileResult

JSON_VERSION = 1


def report(results: Iterable[FileResult]) -> dict[str, Any]:
    files = []
    by_severity: Counter[str] = Counter({"error": 0, "warning": 0, "info": 0})
    findings = errors = 0
    for result in results:
        files.append(result.to_json())
        errors += result.error is not None
        findings += len(result.findings)
        by_severity.update(finding.severity for finding in result.findings)
    return {
        "version": JSON_VERSION,
        "files": files,
        "summary": {
            "files": len(files),
            "findings": findings,
            "errors": errors,
            "by_severity": {level: by_severity[level] for level in ("error", "warning", "info")},
        },
    }


def write(results: Iterable[FileResult], out: TextIO) -> None:
    json.dump(report(results), out, ensure_ascii=False, indent=2)
    out.write("\n")
