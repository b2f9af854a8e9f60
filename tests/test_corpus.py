"""Robustness on real third-party pages (../shared/corpus, read-only).

By default a sample runs: the first pages of every source folder plus every
page whose bytes are not valid UTF-8. ``python -m pytest -m corpus`` runs all
482 pages. Each page must get a result without an internal error, and its
findings must point inside the file with the excerpt's text at its position.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from copydesk.engine.config import Config
from copydesk.pipeline.batch import lint_path

from .conftest import SHARED

CORPUS = SHARED / "corpus"
PAGES = sorted(CORPUS.rglob("*.html")) if CORPUS.is_dir() else []
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"[ \t\n\r\f]+")


def _not_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _sample() -> list[Path]:
    by_folder: dict[str, list[Path]] = {}
    for page in PAGES:
        by_folder.setdefault(page.parent.name, []).append(page)
    chosen = {page for pages in by_folder.values() for page in pages[:4]}
    chosen |= {page for page in PAGES if _not_utf8(page)}
    return sorted(chosen)


def _check_page(path: Path) -> None:
    result = lint_path(str(path), Config())
    assert result.error is None or "internal error" not in result.error, result.error
    text = result.source_text or ""
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert finding.line >= 1 and finding.column >= 1
        raw = _SPACE.sub(" ", html.unescape(_TAG.sub("", text[finding.start : finding.end])))
        assert _SPACE.sub(" ", finding.excerpt) == raw or "<" in text[finding.start : finding.end], (
            path.name,
            finding,
        )


needs_corpus = pytest.mark.skipif(not PAGES, reason="../shared/corpus is not present beside the repository")


@needs_corpus
@pytest.mark.parametrize("path", _sample(), ids=lambda p: f"{p.parent.name}/{p.name[:40]}")
def test_corpus_sample(path: Path):
    _check_page(path)


@needs_corpus
@pytest.mark.corpus
def test_whole_corpus():
    for path in PAGES:
        _check_page(path)
