"""Golden fixtures per rule: ``fixtures/rules/CDnnn.html`` and its ``.expected``.

Each fixture holds cases that must be flagged and near-misses that must not,
one case per line, marked ``data-expect="flag"`` or ``data-expect="ok"``. Two
checks run on each:

* every flag line has at least one finding of the rule, and no ok line has any;
* the exact rendered findings (``line:col-end_line:end_col CODE excerpt message``)
  equal the ``.expected`` snapshot, so any change shows as a diff in review.

Set ``COPYDESK_UPDATE_FIXTURES=1`` to rewrite the snapshots after a deliberate
change, then review the diff.
"""

from __future__ import annotations

import os
import re

import pytest
from copydesk.engine.config import Config
from copydesk.engine.lint import lint_source
from copydesk.source.text import SourceText

from .conftest import FIXTURES

RULE_FIXTURES = sorted((FIXTURES / "rules").glob("CD*.html"))
_EXPECT = re.compile(r'data-expect="(flag|ok)"')


def render(findings, notices=()) -> str:
    return "".join(
        f"{f.line}:{f.column}-{f.end_line}:{f.end_column} {f.rule} {f.excerpt!r} {f.message}\n" for f in findings
    ) + "".join(
        f"{n.line}:{n.column}-{n.end_line}:{n.end_column} {n.code} notice:{n.kind} {n.message}\n" for n in notices
    )


def _lint_fixture(path):
    code = path.stem.split("-")[0]
    source = SourceText.from_bytes(path.read_bytes(), str(path))
    result = lint_source(source, Config(select=(code,)))
    assert result.error is None, result.error
    return code, source, result.findings


def _notices_of(path):
    """The notices filed under the fixture's own rule (CD804 gives notices, not findings)."""
    code = path.stem.split("-")[0]
    result = lint_source(SourceText.from_bytes(path.read_bytes(), str(path)), Config(select=(code,)))
    return [n for n in result.notices if n.code == code and n.line is not None]


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=lambda p: p.stem)
def test_flag_and_near_miss_lines(path):
    code, source, findings = _lint_fixture(path)
    flagged_lines = {line for f in findings for line in range(f.line, f.end_line + 1)}
    flagged_lines |= {line for n in _notices_of(path) for line in range(n.line, (n.end_line or n.line) + 1)}
    expectations = {}
    for number, line in enumerate(source.text.splitlines(), start=1):
        match = _EXPECT.search(line)
        if match:
            expectations[number] = match.group(1)
    assert "flag" in expectations.values(), f"{path.name} has no must-flag case"
    assert "ok" in expectations.values(), f"{path.name} has no near-miss case"
    missed = [n for n, kind in expectations.items() if kind == "flag" and n not in flagged_lines]
    false_alarms = [n for n, kind in expectations.items() if kind == "ok" and n in flagged_lines]
    assert not missed, f"{code} missed must-flag lines {missed} of {path.name}"
    assert not false_alarms, f"{code} flagged near-miss lines {false_alarms} of {path.name}"


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=lambda p: p.stem)
def test_snapshot(path):
    _, _, findings = _lint_fixture(path)
    rendered = render(findings, _notices_of(path))
    expected_path = path.with_suffix(".expected")
    if os.environ.get("COPYDESK_UPDATE_FIXTURES") == "1":
        expected_path.write_text(rendered, encoding="utf-8")
    assert expected_path.exists(), f"missing {expected_path.name}; run with COPYDESK_UPDATE_FIXTURES=1"
    assert rendered == expected_path.read_text(encoding="utf-8")


def test_every_excerpt_is_the_text_at_its_position():
    """In fixtures without entities or tags inside a finding, the excerpt is the source slice."""
    for path in RULE_FIXTURES:
        _, source, findings = _lint_fixture(path)
        for finding in findings:
            raw = source.text[finding.start : finding.end]
            if "&" not in raw and "<" not in raw and finding.excerpt:
                assert raw == finding.excerpt, (path.name, finding)
