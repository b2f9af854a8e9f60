"""``--changed``: the article files that differ from a git ref.

A CI job on an archive of years should lint what a pull request touched, not
everything. The default ref is the merge base with the repository's default
branch (``origin/HEAD``, else ``main`` or ``master``), which is what a pull
request changes. Deleted files are skipped; added, copied, modified and
renamed ones are linted, plus untracked article files in the work tree.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from copydesk.model.inputs import ARTICLE_SUFFIXES


class ChangedError(Exception):
    """Git could not say what changed (not a repository, unknown ref)."""


def _git(*args: str, cwd: Path) -> str:
    try:
        completed = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ChangedError(f"cannot run git: {exc}") from exc
    if completed.returncode != 0:
        raise ChangedError(completed.stderr.strip() or f"git {' '.join(args)} failed")
    return completed.stdout


def default_base(cwd: Path) -> str:
    """The merge base of HEAD with the default branch."""
    for branch in ("origin/HEAD", "main", "master", "origin/main", "origin/master"):
        try:
            return _git("merge-base", "HEAD", branch, cwd=cwd).strip()
        except ChangedError:
            continue
    raise ChangedError("no default branch to compare with (origin/HEAD, main or master); name a ref: --changed REF")


def changed_articles(ref: str | None, cwd: Path | None = None) -> list[str]:
    """Paths (relative to ``cwd``) of article files that differ from ``ref``."""
    cwd = cwd or Path.cwd()
    top = Path(_git("rev-parse", "--show-toplevel", cwd=cwd).strip())
    base = ref or default_base(cwd)
    listed = _git("diff", "--name-only", "--diff-filter=ACMR", "-z", base, "--", cwd=top).split("\0")
    listed += _git("ls-files", "--others", "--exclude-standard", "-z", cwd=top).split("\0")
    paths: list[str] = []
    for name in sorted({name for name in listed if name}):
        if Path(name).suffix.lower() in ARTICLE_SUFFIXES and (top / name).is_file():
            absolute = top / name
            try:
                paths.append(str(absolute.relative_to(cwd.resolve())))
            except ValueError:
                paths.append(str(absolute))
    return paths
