"""Per-paragraph cache on disk: editing one paragraph re-checks one paragraph.

One small JSON file per entry, named by the SHA-256 of (engine, engine
version, engine options, language, paragraph text), under a two-character
fan-out directory. Files are written to a temporary name in the same
directory and renamed over the target, so concurrent runs (a desk's pre-commit
hooks, a CI matrix) never see half an entry: the worst case is two runs
computing the same entry and one rename winning, with identical content. A
file that cannot be read or parsed is treated as a miss and rewritten, never
a crash; a cache directory that cannot be written turns the cache off for the
run with one notice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

from .base import EngineMatch, notice

#: Bumped when the entry format changes, so old entries are never misread.
FORMAT = 1


def cache_key(engine: str, version: str, options: str, language: str, text: str) -> str:
    """Hex digest naming the entry; every input that can change the result is in it."""
    payload = json.dumps([FORMAT, engine, version, options, language, text], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ParagraphCache:
    """Engine results per paragraph in ``directory`` (created on first write)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.writable = True
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key[2:]}.json"

    def get(self, key: str) -> list[EngineMatch] | None:
        """The stored matches, or None for a miss (absent, unreadable or corrupt entry)."""
        path = self._path(key)
        try:
            with path.open("r", encoding="utf-8") as handle:
                data = json.load(handle)
            if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("matches"), list):
                raise ValueError("not a cache entry")
            matches = [EngineMatch.from_json(item) for item in data["matches"]]
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            # Corrupt (truncated by a full disk, edited by hand): a miss, rewritten by put().
            self.misses += 1
            return None
        self.hits += 1
        return matches

    def put(self, key: str, matches: list[EngineMatch]) -> None:
        """Store matches atomically; failures to write only turn the cache off (one notice)."""
        if not self.writable:
            return
        path = self._path(key)
        payload = json.dumps({"key": key, "matches": [match.to_json() for match in matches]}, ensure_ascii=False)
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(prefix=".entry.", suffix=".tmp", dir=path.parent)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(payload)
            os.replace(temporary, path)
            temporary = None
        except OSError as exc:
            self.writable = False
            notice(
                f"cache:{self.directory}", f"grammar cache {self.directory} is not writable ({exc}); running without it"
            )
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
