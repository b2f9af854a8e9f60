"""The pre-commit hook, for real: ``pre-commit try-repo`` installs copydesk from this repository.

pre-commit builds the hook's own virtual environment from the repository at a
commit (``pip install .`` plus dependencies from PyPI), then runs ``copydesk
check`` on the files whose identify tags match. ``try-repo`` on a local
repository picks up changes to tracked files but not new, untracked ones (a new
module, a new ``.pre-commit-hooks.yaml``), so the test first commits a
snapshot of the work tree as it is (tracked and untracked files, minus what
.gitignore excludes) into a temporary repository, and tries that: the code
under test is the code in front of you, whatever has been committed. Nothing
in this repository's git state is changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT

pytest.importorskip("pre_commit", reason="pre-commit is a dev extra: pip install -e '.[dev]'")
if shutil.which("git") is None:  # pragma: no cover - git is everywhere copydesk is developed
    pytest.skip("pre-commit needs git", allow_module_level=True)

BAD = "<article><h1>Launch</h1><p>More about the launch. Update soon.</p></article>\n"
GOOD = "<article><h1>Launch</h1><p>The launch went ahead on Tuesday, officials said.</p></article>\n"


def _git_env(home: Path) -> dict[str, str]:
    """Git and pre-commit isolated from the developer's config and from any enclosing hook."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="copydesk tests",
        GIT_AUTHOR_EMAIL="tests@copydesk.invalid",
        GIT_COMMITTER_NAME="copydesk tests",
        GIT_COMMITTER_EMAIL="tests@copydesk.invalid",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(home / "pre-commit-home"),
        PRE_COMMIT_COLOR="never",
        NO_COLOR="1",
    )
    return env


def _git(cwd: Path, env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True, timeout=120
    ).stdout


def _snapshot(destination: Path, env: dict[str, str]) -> Path:
    """This repository's work tree, committed into a fresh repository at ``destination``."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the work tree is left out
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _git(destination, env, "init", "-q")
    _git(destination, env, "add", "-A")
    _git(destination, env, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "snapshot")
    return destination


def _try_repo(repo: Path, content: Path, env: dict[str, str], *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(repo), "copydesk", "--verbose", "--files", *files],
        cwd=content,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.mark.slow  # the long tier: `python -m pytest -m slow` (issue #22, item 14)
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs this repository's git checkout")
def test_try_repo_passes_a_good_article_and_fails_a_bad_one(tmp_path: Path):
    env = _git_env(tmp_path)
    hook_repo = _snapshot(tmp_path / "copydesk", env)
    content = tmp_path / "content"
    content.mkdir()
    _git(content, env, "init", "-q")
    (content / "good.htm").write_text(GOOD, encoding="utf-8")
    (content / "bad.html").write_text(BAD, encoding="utf-8")
    (content / "notes.txt").write_text("Update soon.\n", encoding="utf-8")  # not HTML: the hook skips it
    _git(content, env, "add", "-A")

    started = time.monotonic()
    good = _try_repo(hook_repo, content, env, "good.htm", "notes.txt")
    report = good.stdout + good.stderr
    assert good.returncode == 0, report
    assert "Passed" in report and "Skipped" not in report, "the hook ran on good.htm"
    assert "Found 0 findings (0 errors, 0 warnings, 0 info) in 1 file." in report, "notes.txt is not HTML"

    bad = _try_repo(hook_repo, content, env, "bad.html")
    report = bad.stdout + bad.stderr
    assert bad.returncode == 1, report
    assert "Failed" in report
    assert "bad.html:1:51: CD101 [error]" in report and "Update soon" in report
    print(f"pre-commit try-repo: two runs in {time.monotonic() - started:.0f} s")
