"""The distribution is what DEVELOPERS.md promises: one import package, copydesk."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.mark.slow  # the long tier: `python -m pytest -m slow` (issue #22, item 14)
def test_wheel_installs_only_the_copydesk_package(tmp_path: Path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("copydesk-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/", 1)[0] for name in names}
    assert top_level == {"copydesk", next(t for t in top_level if t.endswith(".dist-info"))}
    assert "copydesk/rules/__init__.py" in names
    assert "copydesk/py.typed" in names
    assert "copydesk/styles/us-newsroom.toml" in names  # the bundled style pack, data only
    assert not any(name.startswith(("lint/", "rules/", "tests/")) for name in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "License-Expression: GPL-3.0-or-later" in text
    assert any(n.endswith("licenses/LICENSE") for n in names)


def test_code_is_ruff_clean():
    """The style the project promises, checked where CI runs."""
    for command in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command], cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_version_has_one_home_pyproject():
    """`copydesk.__version__` is read from the installed metadata, which pyproject.toml sets (issue #22, item 5)."""
    import copydesk

    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert copydesk.__version__ == declared
    assert f'"{declared}"' not in (ROOT / "lint" / "__init__.py").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "rev: v0.1.0" not in readme and "@v0.1.0" not in readme, "no such tag exists: pin a commit"


def _clone_beside_a_script(tmp_path: Path) -> Path:
    """A folder holding a ``copydesk/`` clone of the sources and a script that uses the documented API."""
    work = tmp_path / "work"
    clone = work / "copydesk"
    clone.mkdir(parents=True)
    for name in ("lint", "rules"):
        shutil.copytree(ROOT / name, clone / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, clone / name)
    (work / "use.py").write_text(
        "import copydesk\n"
        'findings = copydesk.check_html("<p>More about the launch. Update soon.</p>", config={"ignore": ["CD8"]})\n'
        "print(copydesk.__file__, [f.rule for f in findings])\n",
        encoding="utf-8",
    )
    return work


def _venv_over_the_test_dependencies(where: Path) -> Path:
    """A bare venv that sees this environment's dependencies (a .pth), but not its copydesk install."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=120)
    python = where / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # Only the directory: .pth files are processed in site directories, so this one's editable finder is not.
    Path(purelib, "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python


@pytest.mark.slow
@pytest.mark.parametrize(
    "install",
    [
        pytest.param(["."], id="user: pip install ."),
        pytest.param(["-e", ".", "--config-settings", "editable_mode=strict"], id="developer: strict editable"),
        # The trap itself, so this test is known to reproduce it: the default editable mode loses.
        pytest.param(
            ["-e", "."],
            id="default editable (the trap)",
            marks=pytest.mark.xfail(
                strict=True,
                raises=AssertionError,
                reason="setuptools' default editable finder runs after the path finder",
            ),
        ),
    ],
)
def test_api_imports_from_a_folder_holding_the_clone(tmp_path: Path, install: list[str]):
    """`import copydesk` beside a `copydesk/` clone gets the package, not the clone as a namespace (#22, item 1).

    With setuptools' default (lenient) editable install the package is found by
    a finder that runs after Python's path finder, which has already taken the
    clone folder as an empty namespace package; `compat` mode cannot map
    `lint/` to `copydesk` at all. A regular install, or a `strict` editable one
    (a tree of links put on sys.path), is found by the path finder itself, and a
    regular package wins over a namespace portion. The README documents those.
    """
    work = _clone_beside_a_script(tmp_path)
    python = _venv_over_the_test_dependencies(tmp_path / "venv")
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", *install],
        cwd=work / "copydesk",
        capture_output=True,
        text=True,
        timeout=600,
    )
    if installed.returncode:  # pytest.fail, not assert: the trap's xfail must not swallow a failed install
        pytest.fail(f"pip install failed:\n{installed.stderr}")
    used = subprocess.run([str(python), "use.py"], cwd=work, capture_output=True, text=True, timeout=300)
    assert used.returncode == 0, used.stderr
    location, rules = used.stdout.rsplit(" ", 1)
    assert rules.strip() == "['CD101']"
    assert location != str(work / "copydesk" / "__init__.py")


def test_the_default_run_skips_the_slow_tier_and_ci_runs_it():
    """`python -m pytest` leaves out `slow` tests; `.ci/run` runs them as a second step (issue #22, item 14)."""
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests/test_packaging.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert "test_the_default_run_skips_the_slow_tier_and_ci_runs_it" in collected
    assert "test_wheel_installs_only_the_copydesk_package" not in collected
    steps = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert "python -m pytest" in steps and "python -m pytest -m slow" in steps


def test_users_install_brings_no_development_tools():
    """`pip install .` is the user's set-up; test, lint and benchmark tools live in the dev extra (item 12)."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = " ".join(project["dependencies"]).lower()
    dev = " ".join(project["optional-dependencies"]["dev"]).lower()
    for tool in ("pytest", "hypothesis", "ruff", "playwright", "dask", "pre-commit", "jsonschema"):
        assert tool not in runtime and tool in dev, tool
    assert "uvicorn" not in runtime and "copydesk[server]" in dev
    assert project["requires-python"] == ">=3.10"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "pip install .\n" in quick_start and "[dev]" not in quick_start.split("```")[1]
    assert "Python 3.10 or newer" in quick_start
