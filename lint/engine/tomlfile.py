"""Reading copydesk's TOML files (config and style packs) with one error mapping.

Every problem with such a file is a :class:`ConfigError` naming the file: the
user must fix it (exit code 2), and a traceback would tell them nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


class ConfigError(Exception):
    """A configuration problem the user must fix (exit code 2)."""


def read_toml(path: Path, what: str, error: type[ConfigError] = ConfigError) -> dict[str, Any]:
    """The whole TOML document at ``path``; a file that cannot be read or parsed raises ``error``.

    ``what`` names the file's purpose in the message ("config", "style pack").
    """
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise error(f"{path}: cannot read {what}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: invalid TOML: {exc}") from exc
