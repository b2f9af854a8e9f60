"""--changed lints only the article files a branch changed, found with real git."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from copydesk.frontends.cli import main

BAD = "<p>More about the launch. Update soon.</p>\n"


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t.invalid"}  # fmt: skip
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "old.html").write_text(BAD)
    (tmp_path / "gone.html").write_text(BAD)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "archive")
    git(tmp_path, "checkout", "-q", "-b", "story")
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "new.html").write_text(BAD)
    (tmp_path / "draft.md").write_text("# Draft\n\nUpdate soon.\n")
    (tmp_path / "notes.py").write_text("x = 1\n")
    (tmp_path / "gone.html").unlink()
    git(tmp_path, "add", "desk/new.html", "notes.py")
    git(tmp_path, "rm", "-q", "--cached", "gone.html")
    git(tmp_path, "commit", "-q", "-m", "new story")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_changed_lints_what_the_branch_changed(repo: Path):
    result = CliRunner().invoke(main, ["check", "--format", "json", "--changed"], catch_exceptions=False)
    paths = sorted(f["path"] for f in json.loads(result.stdout)["files"])
    assert paths == ["desk/new.html", "draft.md"]  # committed on the branch, and untracked
    assert result.exit_code == 1


def test_changed_against_an_explicit_ref_and_nothing_changed(repo: Path):
    result = CliRunner().invoke(main, ["check", "--changed", "HEAD", "--format", "json"], catch_exceptions=False)
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == ["draft.md"]
    git(repo, "add", "draft.md")
    git(repo, "commit", "-q", "-m", "draft")
    quiet = CliRunner().invoke(main, ["check", "--changed", "HEAD"], catch_exceptions=False)
    assert quiet.exit_code == 0 and "No changed article files" in quiet.stderr


def test_changed_errors_are_usage_errors(repo: Path, tmp_path_factory: pytest.TempPathFactory):
    unknown = CliRunner().invoke(main, ["check", "--changed", "no-such-ref"])
    assert unknown.exit_code == 2 and "--changed" in unknown.output
    with_paths = CliRunner().invoke(main, ["check", "--changed", "HEAD", "old.html"])
    assert with_paths.exit_code == 2
    os.chdir(tmp_path_factory.mktemp("not-a-repo"))
    outside = CliRunner().invoke(main, ["check", "--changed"])
    assert outside.exit_code == 2 and "Traceback" not in outside.output
