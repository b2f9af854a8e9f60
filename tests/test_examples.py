"""The scale-out example runs for real: Dask's local process scheduler over fixture pages.

The process scheduler pickles the per-article function, its config and its
results exactly as a distributed cluster would, so this is the check that
``copydesk.check_bytes`` can be mapped over an archive.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from copydesk.frontends.cli import main

from .conftest import FIXTURES, ROOT

pytest.importorskip("dask.bag", reason="the Dask example needs dask[bag] (in the dev extra)")


def _example():
    spec = importlib.util.spec_from_file_location("dask_archive", ROOT / "examples" / "dask_archive.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    (root / "2024").mkdir(parents=True)
    (root / "2025").mkdir()
    for number, page in enumerate(sorted((FIXTURES / "rules").glob("CD[1-4]*.html"))):
        shutil.copy(page, root / ("2024" if number % 2 else "2025") / page.name)
    (root / "2025" / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return root


def test_dask_archive_matches_the_command_line(archive, tmp_path):
    """Run as a user would, with the process scheduler: everything crosses a pickle boundary."""
    options = ["--scheduler", "processes", "--partitions", "3", "--ignore", "CD8", "--jsonl", str(tmp_path / "out")]
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "dask_archive.py"), str(archive), *options],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 2, done.stderr  # the PNG named .html is an error file
    assert "Traceback" not in done.stderr
    summary = json.loads(done.stdout)

    cli = CliRunner().invoke(main, ["check", "-j", "1", "--format", "json", "--ignore", "CD8", str(archive)])
    report = json.loads(cli.stdout)
    expected_rules = Counter(f["rule"] for file in report["files"] for f in file["findings"])
    assert summary["files"] == report["summary"]["files"]
    assert summary["findings"] == report["summary"]["findings"] > 100
    assert summary["by_rule"] == dict(sorted(expected_rules.items()))
    assert [path for path, _ in summary["errors"]] == [f["path"] for f in report["files"] if f["error"]]

    # The JSON lines are the JSON contract's file objects, one per page, none lost or doubled.
    lines = [json.loads(line) for part in sorted((tmp_path / "out").glob("*.jsonl")) for line in part.open()]
    assert sorted(lines, key=lambda f: f["path"]) == sorted(report["files"], key=lambda f: f["path"])


def test_dask_archive_command_exits_2_when_a_file_failed(archive, capsys):
    example = _example()
    assert example.main([str(archive), "--scheduler", "synchronous", "--ignore", "CD8"]) == 2
    summary = json.loads(capsys.readouterr().out)
    assert summary["errors"] and summary["errors"][0][0].endswith("binary.html")


def test_dask_archive_wrong_path_is_an_error_not_an_empty_archive(tmp_path, capsys):
    """A mistyped archive path used to report "files": 0 and exit 0 (issue #22, item 4)."""
    example = _example()
    assert example.main([str(tmp_path / "no-such-archive"), "--scheduler", "synchronous"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "error: no such file or directory: " in captured.err and "no-such-archive" in captured.err
    (tmp_path / "empty").mkdir()
    assert example.main([str(tmp_path / "empty"), "--scheduler", "synchronous"]) == 2
    assert "no article files" in capsys.readouterr().err


def test_bench_without_the_corpus_says_how_to_name_one(tmp_path):
    """`bench/run.py` beside no ../shared/corpus stops with a message naming --corpus, not a traceback (item 4)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--corpus", str(tmp_path / "corpus"), "--stages", "floor"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "no corpus directory" in done.stderr and "--corpus DIR" in done.stderr
    assert "Traceback" not in done.stderr
