"""Every shell and Python example in the README runs, as written, on bundled fixtures (issue #22, item 16).

Each command of a ```sh block (and each ```python block) is one test, run in a
scratch copy of the fixtures laid out as the README assumes (``stories/``,
``content/``, ``articles/``, ``styles/house.toml`` from the README's own pack,
a git history for ``--changed``), with the installed ``copydesk`` on PATH. A
command passes when it exits 0 or 1 (1 is "findings", as documented) without a
traceback. The few that cannot run here are skipped by name, each with its
reason; a new README command runs unless it is added to ``SKIPS``, so the
README cannot drift from the code unnoticed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT

README = ROOT / "README.md"
_BLOCK = re.compile(r"^```(sh|python)\n(.*?)^```", re.MULTILINE | re.DOTALL)

# (pattern searched in the command, why it is not run here). Keep each reason true.
SKIPS: list[tuple[str, str]] = [
    (r"^python3 -m venv|^pip install", "installs from PyPI into a new environment; test_packaging installs offline"),
    (r"^python -m pytest", "the test suite itself"),
    (r"copydesk serve|^curl ", "needs a running HTTP service (tests/test_server.py starts one)"),
    (r"\bsc\.binaryFiles", "needs a Spark cluster (`sc`)"),
    (r"bench/peers\.py setup", "downloads the peer linters from PyPI"),
    (r"bench/run\.py( --limit| --stages|\s*$)", "over the maintainers' ../shared/corpus, for minutes"),
]
# Placeholders the README uses for "your own folder".
PLACEHOLDERS = {"ARCHIVE": "fixtures/rules"}
# Minutes-long examples (worker processes, the grammar engine over every fixture): the slow tier.
SLOW = (r"examples/dask_archive\.py", r"bench/run\.py --corpus")


def readme_examples() -> list[tuple[int, str, str]]:
    """(line, language, code): each shell command (continuations joined, comments cut) and each Python block."""
    text = README.read_text(encoding="utf-8")
    examples = []
    for block in _BLOCK.finditer(text):
        first = text[: block.start()].count("\n") + 2
        language, body = block.group(1), block.group(2)
        if language == "python":
            examples.append((first, language, body))
            continue
        pending, start = "", first
        for number, line in enumerate(body.splitlines(), start=first):
            if not pending:
                start = number
            if line.rstrip().endswith("\\"):
                pending += line.rstrip()[:-1] + " "
                continue
            command = re.sub(r"\s+#\s.*$", "", pending + line).strip()
            pending = ""
            if command:
                examples.append((start, language, command))
    return examples


def _param(line: int, language: str, code: str) -> object:
    marks = [pytest.mark.slow] if any(re.search(pattern, code) for pattern in SLOW) else []
    label = f"README:{line} " + (code if language == "sh" else "python block")
    return pytest.param(language, code, marks=marks, id=label[:90])


def _git(sandbox: Path, *args: str) -> None:
    identity = ["-c", "user.name=README test", "-c", "user.email=readme@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=sandbox, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A content folder as the README's examples assume, under git with six commits (for ``main~5``)."""
    root = tmp_path_factory.mktemp("readme")
    shutil.copytree(FIXTURES, root / "fixtures")
    for name in ("examples", "bench"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    seed = FIXTURES / "articles" / "nasa-japan-seed.html"
    for folder in ("stories", "content", "articles"):
        (root / folder).mkdir()
        shutil.copy(seed, root / folder / "seed.html")
        shutil.copy(FIXTURES / "markdown" / "story.md", root / folder / "story.md")
    pack = next(block.group(1) for block in re.finditer(r"^```toml\n(.*?)^```", README.read_text(), re.M | re.S)
                if block.group(1).startswith("[style]"))  # fmt: skip
    (root / "styles").mkdir()
    (root / "styles" / "house.toml").write_text(pack, encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "articles")
    for number in range(5):
        (root / "NOTES").write_text(f"edit {number}\n", encoding="utf-8")
        _git(root, "add", "NOTES")
        _git(root, "commit", "-q", "-m", f"edit {number}")
    return root


def test_the_examples_are_found():
    """Guard against a parser that finds nothing, which would make every test below vacuous."""
    commands = [code for _, language, code in readme_examples() if language == "sh"]
    assert "copydesk check fixtures/articles/nasa-japan-seed.html" in commands
    assert any(code.startswith("curl ") and "--data-binary" in code for code in commands), "continuations joined"
    assert sum(language == "python" for _, language, _ in readme_examples()) >= 2
    assert len(commands) >= 20


@pytest.mark.parametrize(("language", "code"), [_param(*example) for example in readme_examples()])
def test_readme_example_runs(sandbox: Path, language: str, code: str):
    for pattern, reason in SKIPS:
        if re.search(pattern, code):
            pytest.skip(reason)
    for placeholder, value in PLACEHOLDERS.items():
        code = re.sub(rf"\b{placeholder}\b", value, code)
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("NO_COLOR", None)
    argv = ["bash", "-c", code] if language == "sh" else [sys.executable, "-c", code]
    done = subprocess.run(argv, cwd=sandbox, env=env, capture_output=True, text=True, timeout=900)
    # `copydesk check` exits 1 for findings, as documented; everything else must succeed outright.
    allowed = (0, 1) if code.startswith("copydesk check") else (0,)
    assert done.returncode in allowed, f"exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    assert "Traceback" not in done.stderr, done.stderr
