"""Drive a real editor headless over the seed article: the shared half of the Neovim and Emacs tests.

Each editor test writes its own script (Lua for Neovim, Emacs Lisp for
eglot) that opens the story, waits for copydesk's diagnostics, applies the
CD502 fix and writes what it saw to ``$OUT`` as JSON; this module runs it
and checks what every editor must have seen.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from .conftest import FIXTURES


def drive(tmp_path: Path, script_text: str, script_name: str, argv: list[str]) -> dict[str, Any]:
    """Run ``argv`` (``{script}`` stands for the script's path) over a copy of the seed; return what it saw."""
    story = tmp_path / "seed.html"
    shutil.copy(FIXTURES / "articles" / "nasa-japan-seed.html", story)
    script = tmp_path / script_name
    script.write_text(script_text, encoding="utf-8")
    out = tmp_path / "seen.json"
    env = {**os.environ, "STORY": str(story), "OUT": str(out), "PYTHON": sys.executable, "HOME": str(tmp_path)}
    done = subprocess.run(
        [part.replace("{script}", str(script)) for part in argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert out.exists(), done.stdout[-2000:] + done.stderr[-2000:]
    seen: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    assert {"CD101", "CD201", "CD401", "CD502"} <= set(seen["before"]), seen
    assert seen["position"] == [41, 58]  # the CLI's 42:59, 0-based
    assert seen["gone"], seen
    assert "CD502" not in seen["after"] and "CD101" in seen["after"]
    return seen
