"""Plain-text rule fixtures: ``fixtures/rules/CDnnn-*.txt`` with a ``.expected`` snapshot.

A text file has no attributes to carry ``data-expect``, so a ``.txt``
fixture names its cases in one line of its own: ``flag lines 5 7; ok lines 9
11``. The checks are those of the HTML fixtures (tests/test_rule_fixtures.py):
every flag line is flagged, no ok line is, and the rendered findings equal
the snapshot (``COPYDESK_UPDATE_FIXTURES=1`` rewrites it).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from copydesk.engine.config import Config
from copydesk.engine.lint import lint_source
from copydesk.source.text import SourceText

from .conftest import FIXTURES

_CASES = re.compile(r"flag lines ([\d ]+); ok lines ([\d ]+)")


def text_fixtures(prefix: str) -> list[Path]:
    """The ``.txt`` fixtures of rules whose code starts with ``prefix`` (``CD1``, ``CD2``)."""
    return sorted((FIXTURES / "rules").glob(f"{prefix}*.txt"))


def check_text_fixture(path: Path) -> None:
    code = path.stem.split("-")[0]
    source = SourceText.from_bytes(path.read_bytes(), str(path))
    result = lint_source(source, Config(select=(code,)))
    assert result.error is None, result.error
    cases = _CASES.search(source.text)
    assert cases is not None, f"{path.name} names no 'flag lines …; ok lines …'"
    flag = {int(n) for n in cases.group(1).split()}
    ok = {int(n) for n in cases.group(2).split()}
    assert flag and ok, f"{path.name} needs must-flag and near-miss cases"
    flagged = {line for f in result.findings for line in range(f.line, f.end_line + 1)}
    assert not flag - flagged, f"{code} missed must-flag lines {sorted(flag - flagged)} of {path.name}"
    assert not ok & flagged, f"{code} flagged near-miss lines {sorted(ok & flagged)} of {path.name}"
    rendered = "".join(
        f"{f.line}:{f.column}-{f.end_line}:{f.end_column} {f.rule} {f.excerpt!r} {f.message}\n" for f in result.findings
    )
    expected = path.with_suffix(".expected")
    if os.environ.get("COPYDESK_UPDATE_FIXTURES") == "1":
        expected.write_text(rendered, encoding="utf-8")
    assert expected.exists(), f"missing {expected.name}; run with COPYDESK_UPDATE_FIXTURES=1"
    assert rendered == expected.read_text(encoding="utf-8")
