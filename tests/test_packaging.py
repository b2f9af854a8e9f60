"""The distribution is what DEVELOPERS.md promises: one import package, copydesk."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import ROOT


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
