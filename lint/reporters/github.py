"""GitHub Actions workflow commands: findings become annotations on the PR diff.

One line per finding::

    ::error file=story.html,line=12,col=5,endLine=12,endColumn=15,title=CD101::Placeholder text …

Severity maps error→``error``, warning→``warning``, info→``notice``. A file
that could not be linted becomes an ``error`` command on the file, so the
failure shows on the PR too, not only in the log. A notice (part of the file
not checked) is a ``notice`` command titled ``CD804 (not checked)``: shown on
the file, never a finding.

Escaping follows the runner's parser (``@actions/core`` ``command.ts``): the
message escapes ``%``, CR and LF; property values also escape ``:`` and ``,``,
which would otherwise end the property. Without it, a message holding a
newline would end the command and the rest would print as a plain log line.

Columns: GitHub's ``endColumn`` names the annotation's last character (it
defaults to ``col``), whereas copydesk's ``end_column`` points just past it, so
it is converted. GitHub refuses columns on an annotation spanning several
lines, so those carry lines only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from copydesk.engine.finding import FileResult, Finding

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    """A command's message: ``%`` first, so the escapes themselves survive."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A property value (``file=``, ``title=``): also ``:`` and ``,``."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    """One ``::name key=value,…::message`` line; None-valued properties are left out."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def finding_command(path: str, finding: Finding) -> str:
    if finding.end_line == finding.line:
        col: int | None = finding.column
        end_column: int | None = max(finding.column, finding.end_column - 1)
    else:
        col = end_column = None
    return command(
        COMMANDS[finding.severity],
        finding.message,
        file=path,
        line=finding.line,
        col=col,
        endLine=finding.end_line,
        endColumn=end_column,
        title=finding.rule,
    )


def lines(results: Iterable[FileResult]) -> Iterable[str]:
    for result in results:
        if result.error is not None:
            yield command("error", f"could not lint this file: {result.error}", file=result.path, title="copydesk")
            continue
        for finding in result.findings:
            yield finding_command(result.path, finding)
        for notice in result.notices:
            yield command(
                "notice",
                notice.message,
                file=result.path,
                line=notice.line,
                col=notice.column,
                title=f"{notice.code} (not checked)",
            )


def render(results: Iterable[FileResult]) -> str:
    return "".join(line + "\n" for line in lines(results))


def write(results: Iterable[FileResult], out: TextIO) -> None:
    for line in lines(results):
        out.write(line + "\n")
