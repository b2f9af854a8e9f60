"""Shared helpers: lint HTML in memory with a chosen set of rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from copydesk.engine.config import Config
from copydesk.engine.finding import Finding
from copydesk.engine.lint import lint_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


def lint(html: str, *select: str, options: dict | None = None) -> list[Finding]:
    """Findings for ``html`` with only the selected rules (all defaults if none)."""
    config = Config(select=select or None, options=options or {})
    return lint_text(html, config)


def spans(findings: list[Finding]) -> list[tuple[str, int, int, int, int, str]]:
    """Compact (rule, line, column, end_line, end_column, excerpt) tuples for asserts."""
    return [(f.rule, f.line, f.column, f.end_line, f.end_column, f.excerpt) for f in findings]


@pytest.fixture(scope="session", autouse=True)
def _private_grammar_cache(tmp_path_factory: pytest.TempPathFactory):
    """Keep the grammar cache of test runs out of the user's own cache directory."""
    import os

    previous = os.environ.get("COPYDESK_CACHE_DIR")
    os.environ["COPYDESK_CACHE_DIR"] = str(tmp_path_factory.mktemp("grammar-cache"))
    yield
    if previous is None:
        os.environ.pop("COPYDESK_CACHE_DIR", None)
    else:
        os.environ["COPYDESK_CACHE_DIR"] = previous


@pytest.fixture
def lint_html():
    return lint
