"""SARIF 2.1.0: the format code-scanning services (GitHub, Azure DevOps) ingest.

Rendered from the same findings as the JSON report. Choices that matter to a
consumer:

- ``tool.driver.rules`` lists every registered rule with its summary, why it
  matters and its examples as help, so a viewer can explain a result offline;
  results point at their rule by ``ruleId`` and ``ruleIndex``.
- Columns are Unicode code points of the decoded line, exactly as in the JSON
  report, and the run says so (``columnKind: unicodeCodePoints``) instead of
  leaving a viewer to guess UTF-16.
- A file that could not be linted is not dropped: it becomes an error
  ``toolExecutionNotification`` and the invocation is marked unsuccessful, so
  a dashboard never shows "no problems" for a page nobody read.
- A notice (part of a file not checked: a language no engine checks, an
  article past the grammar budget, an engine that failed) is no result: it is
  a ``toolExecutionNotification`` of level ``note`` (``warning`` for an engine
  failure) with the file and, when known, the region where the unchecked text
  starts; ``descriptor.id`` is the notice's kind and ``associatedRule`` the
  rule it is filed under. Notices leave ``executionSuccessful`` true: the run
  did what it was configured to do.
- The excerpt goes in ``properties``, not ``region.snippet``: a snippet must be
  the file's own characters, and the excerpt has entities decoded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path, PurePath
from typing import Any, TextIO
from urllib.parse import quote

from copydesk.engine.finding import FileResult, Finding, Notice
from copydesk.engine.rule import Rule, all_rules

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A URI reference for a linted path: relative paths stay relative.

    Code-scanning services resolve relative URIs against the repository root,
    which is where CI runs copydesk; absolute paths become ``file:`` URIs.
    Characters that are not allowed in a URI (spaces, ``<stdin>``'s brackets)
    are percent-encoded.
    """
    pure = PurePath(path)
    if pure.is_absolute():
        return Path(path).as_uri()
    return quote(pure.as_posix(), safe="/")


def _rule_help(rule: type[Rule]) -> tuple[str, str]:
    """The rule's help as plain text and Markdown, from its metadata only."""
    why, bad, good = rule.why.strip(), rule.bad.strip(), rule.good.strip()
    text = f"{rule.summary}\n\nWhy it matters:\n{why}\n\nFlagged:\n{bad}\n\nFine:\n{good}"
    markdown = (
        f"{rule.summary}\n\n**Why it matters.** {why}\n\n**Flagged:**\n\n```\n{bad}\n```\n\n"
        f'**Fine:**\n\n```\n{good}\n```\n\nTurn it off with `ignore = ["{rule.code}"]` or '
        f"`<!-- copydesk: disable-next {rule.code} -->`."
    )
    return text, markdown


def _descriptor(rule: type[Rule]) -> dict[str, Any]:
    text, markdown = _rule_help(rule)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why.strip()},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity.value], "enabled": rule.default_enabled},
        "properties": {"category": rule.category, "tags": [rule.category], "fixable": rule.fixable},
    }


def _region(finding: Finding) -> dict[str, Any]:
    """A region in code points; an empty span is an insertion point (end == start)."""
    if finding.end_line > finding.line or finding.end_column >= finding.column:
        end_line, end_column = finding.end_line, finding.end_column
    else:
        end_line, end_column = finding.line, finding.column
    return {
        "startLine": max(1, finding.line),
        "startColumn": max(1, finding.column),
        "endLine": max(1, end_line),
        "endColumn": max(1, end_column),
    }


def _result(finding: Finding, uri: str, rule_index: dict[str, int]) -> dict[str, Any]:
    location = {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(finding)}}
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "properties": {
            "name": finding.name,
            "category": finding.category,
            "severity": finding.severity,
            "excerpt": finding.excerpt,
            "selector": finding.selector,
        },
    }
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    if finding.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": f"Replace {finding.excerpt!r} with {finding.fix!r}"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": uri},
                        "replacements": [{"deletedRegion": _region(finding), "insertedContent": {"text": finding.fix}}],
                    }
                ],
            }
        ]
    return result


def _notification(notice: Notice, uri: str, rule_index: dict[str, int]) -> dict[str, Any]:
    """A notice as a SARIF notification: on the file, at the unchecked text when it has a position."""
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if notice.line is not None and notice.column is not None:
        end_line = notice.end_line or notice.line
        end_column = notice.end_column or notice.column
        if end_line == notice.line and end_column < notice.column:
            end_column = notice.column
        physical["region"] = {
            "startLine": max(1, notice.line),
            "startColumn": max(1, notice.column),
            "endLine": max(1, end_line),
            "endColumn": max(1, end_column),
        }
    notification: dict[str, Any] = {
        "level": "warning" if notice.kind == "engine-failed" else "note",
        "message": {"text": notice.message},
        "locations": [{"physicalLocation": physical}],
        "descriptor": {"id": notice.kind},
        "associatedRule": {"id": notice.code},
        "properties": {"kind": notice.kind, "code": notice.code},
    }
    if notice.code in rule_index:
        notification["associatedRule"]["index"] = rule_index[notice.code]
    return notification


def report(results: Iterable[FileResult]) -> dict[str, Any]:
    """The SARIF log for one copydesk run, as a JSON-ready dict."""
    rules = list(all_rules().values())
    rule_index = {rule.code: index for index, rule in enumerate(rules)}
    sarif_results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    failed = False
    for file_result in results:
        uri = artifact_uri(file_result.path)
        if file_result.error is not None:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": f"{file_result.path}: {file_result.error}"},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
                    "descriptor": {"id": "input-error"},
                }
            )
            failed = True
            continue
        sarif_results.extend(_result(finding, uri, rule_index) for finding in file_result.findings)
        notifications.extend(_notification(notice, uri, rule_index) for notice in file_result.notices)
    invocation: dict[str, Any] = {"executionSuccessful": not failed}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "copydesk",
                        "version": version("copydesk"),
                        "semanticVersion": version("copydesk"),
                        "rules": [_descriptor(rule) for rule in rules],
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }


def render(results: Iterable[FileResult]) -> str:
    return json.dumps(report(results), ensure_ascii=False, indent=2) + "\n"


def write(results: Iterable[FileResult], out: TextIO) -> None:
    out.write(render(results))
