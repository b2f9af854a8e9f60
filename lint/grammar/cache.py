"""Per-paragraph cache on disk: editing one paragraph re-checks one paragraph.

Entries live in one SQLite database (``paragraphs-v2.sqlite3`` in the cache
directory), keyed by the SHA-256 of (engine, engine version, engine options,
language, paragraph text). SQLite, not a file per entry, because creating a
file costs about half a millisecond here: with 30 paragraphs an article that
was most of a cold run's overhead beyond the engine, and a warm run opened 30
files to read them back. An article's entries are now read with one query and
written in one transaction.

A second table holds whole-article reports (see :func:`report_key`): an
article checked before, unchanged, with the same settings and the same
copydesk, is read back in one query instead of being tokenised, masked and
filtered again — the common case of a pre-publish hook re-run on a story
whose other file changed. An edited article misses it and falls back to the
paragraphs, so editing one paragraph still re-checks one paragraph.

Concurrent runs (a desk's pre-commit hooks, ``-j`` workers, a CI matrix) are
safe: the database is in WAL mode, so readers never wait for a writer, and
writers queue on SQLite's lock (``busy_timeout``) for the few milliseconds a
transaction takes. The worst case is two runs computing the same entry and the
second ``INSERT OR REPLACE`` winning, with identical content. Like every SQLite
database in WAL mode it needs a local filesystem, not NFS.

Nothing here can crash a run: an entry that does not parse is a miss and is
rewritten; a database file that is not a database is moved aside (one notice)
and started afresh; a directory that cannot be written turns the cache off for
the run with one notice. A connection is opened per thread and per process,
never carried across ``fork``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from .base import EngineMatch, notice

#: Bumped when the entry format changes, so old entries are never misread.
FORMAT = 2
FILENAME = f"paragraphs-v{FORMAT}.sqlite3"
#: Seconds a writer waits for another run's transaction before giving up on this write.
BUSY_TIMEOUT = 30.0
#: Keys per ``SELECT … IN (…)``: well under SQLite's limit on bound parameters.
_QUERY_KEYS = 500
#: Connections a forked child inherited: never used and never closed, because closing
#: them in the child could checkpoint or unlink files the parent is still using.
_INHERITED: list[sqlite3.Connection] = []


def cache_key(engine: str, version: str, options: str, language: str, text: str) -> str:
    """Hex digest naming the entry; every input that can change the result is in it."""
    payload = json.dumps([FORMAT, engine, version, options, language, text], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


#: The packages (under ``copydesk``) whose code makes an article report: this grammar
#: layer and the two it reads through, the model that builds the article (blocks, quotes,
#: inline markup, links) and the source layer beneath it (decoding, the positioned parse).
#: Nothing above them can change a report (precedence between rules is settled after it,
#: in the rule engine), so editing a rule or a reporter leaves stored reports valid.
REPORT_PACKAGES = ("source", "model", "grammar")
#: Distributions that shape the article a report reads: BeautifulSoup builds the HTML
#: tree, markdown-it-py the Markdown one (emphasis and code spans decide context filters).
REPORT_LIBRARIES = ("beautifulsoup4", "markdown-it-py")
#: File kinds hashed in those packages: code, and the data files beside it.
_HASHED_SUFFIXES = (".py", ".toml", ".txt")


def report_folders() -> list[tuple[str, Path]]:
    """The folder of each of :data:`REPORT_PACKAGES`, by package name, found without importing anything.

    Each package's own search locations are used, so any install layout
    works (an editable install maps ``copydesk`` onto ``lint/``); a folder met
    twice is hashed once.
    """
    root = __name__.split(".", 1)[0]
    folders: dict[Path, str] = {}
    for name in REPORT_PACKAGES:
        spec = importlib.util.find_spec(f"{root}.{name}")
        for location in (spec.submodule_search_locations or ()) if spec is not None else ():
            folders.setdefault(Path(location).resolve(), name)
    return [(name, folder) for folder, name in folders.items()]


def _library_version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the code and data an article report depends on, and only those.

    An article report is the output of copydesk's model and grammar filters,
    not only of the engine, so it is valid only for the code that made it:
    the digest covers every module and data file of :data:`REPORT_PACKAGES`
    (an editable install changes it with each edit, not just with each
    release), the versions of :data:`REPORT_LIBRARIES`, and the Python
    version (its ``re`` and Unicode tables decide words). The engines'
    versions and options are in the key separately. Nothing is imported:
    folders come from the import system's specs, versions from the installed
    distributions' metadata. Read once per process: about 30 files.
    """
    libraries = ";".join(f"{name}={_library_version(name)}" for name in REPORT_LIBRARIES)
    digest = hashlib.sha256(f"{sys.version_info[:2]};{libraries}".encode())
    for name, folder in report_folders():
        for path in sorted(folder.rglob("*")):
            if path.suffix in _HASHED_SUFFIXES and "__pycache__" not in path.parts:
                relative = f"{name}/{path.relative_to(folder).as_posix()}"
                digest.update(relative.encode("utf-8", "surrogateescape") + b"\0")
                with contextlib.suppress(OSError):
                    digest.update(path.read_bytes())
    return digest.hexdigest()


def report_key(parts: list[Any]) -> str:
    """The key of an article report: :func:`code_fingerprint` and ``parts`` (engines, settings, article)."""
    payload = json.dumps([FORMAT, "article-report", code_fingerprint(), *parts], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


class ParagraphCache:
    """Engine results per paragraph, in a SQLite database under ``directory`` (created on first write)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / FILENAME
        self.writable = True
        self.hits = 0
        self.misses = 0
        self._local = threading.local()

    # --- connection -------------------------------------------------------

    def _connection(self, create: bool) -> sqlite3.Connection | None:
        """This thread's connection; None when there is no database yet and ``create`` is false."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is not None and self._local.pid == os.getpid():
            return connection
        if connection is not None:  # opened before a fork: the parent's, not ours
            _INHERITED.append(connection)
            self._local.connection = None
        if not create and not self.path.exists():
            return None
        self.directory.mkdir(parents=True, exist_ok=True)
        connection = self._open()
        self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    def _open(self) -> sqlite3.Connection:
        """A new connection with the tables in place, waiting out another connection's set-up.

        Two first connections at once (``-j`` workers, a server's threads,
        on a new cache directory) race to switch the file to WAL: SQLite then
        answers "database is locked" at once, without waiting for
        ``busy_timeout``, and that one worker ran the whole batch without a
        cache. The set-up only creates what is missing, so it is simply tried
        again, for up to :data:`BUSY_TIMEOUT` seconds.
        """
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=True)
        deadline = time.monotonic() + BUSY_TIMEOUT
        pause = 0.002
        try:
            while True:
                try:
                    self._set_up(connection)
                    return connection
                except sqlite3.OperationalError as exc:
                    if not _is_busy(exc) or time.monotonic() + pause > deadline:
                        raise
                time.sleep(pause)
                pause = min(pause * 2, 0.1)
        except BaseException:
            connection.close()
            raise

    @staticmethod
    def _set_up(connection: sqlite3.Connection) -> None:
        """WAL mode and the three tables; every statement is a no-op where it is already done."""
        connection.execute("PRAGMA journal_mode=WAL")
        # WAL with synchronous=NORMAL: a power cut may lose the last entries, never corrupt the file.
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(
            "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, matches TEXT NOT NULL) WITHOUT ROWID"
        )
        # Yes/no answers about single words (does another dialect spell it so?): asking the
        # engine means building a second linter, which a warm run should never pay for.
        connection.execute(
            "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, answer INTEGER NOT NULL) WITHOUT ROWID"
        )
        # Whole-article reports, JSON (see report_key).
        connection.execute(
            "CREATE TABLE IF NOT EXISTS reports (key TEXT PRIMARY KEY, report TEXT NOT NULL) WITHOUT ROWID"
        )

    def _recover(self, exc: sqlite3.Error) -> None:
        """A database that is not one (or is damaged): move it aside once and start afresh."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            with contextlib.suppress(sqlite3.Error):
                connection.close()
            self._local.connection = None
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
            aside = self.path.with_name(f"{self.path.name}.corrupt-{os.getpid()}")
            try:
                os.replace(self.path, aside)
                for suffix in ("-wal", "-shm"):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(f"{self.path}{suffix}")
            except OSError:
                self._disable(exc)
                return
            notice(
                f"cache-corrupt:{self.directory}",
                f"grammar cache {self.path} was damaged ({exc}); moved aside to {aside.name}, starting afresh",
            )
            return
        self._disable(exc)

    def _disable(self, exc: BaseException) -> None:
        self.writable = False
        notice(f"cache:{self.directory}", f"grammar cache {self.directory} is not writable ({exc}); running without it")

    # --- entries ----------------------------------------------------------

    def get(self, key: str) -> list[EngineMatch] | None:
        """The stored matches, or None for a miss (absent or corrupt entry)."""
        return self.get_many([key])[0]

    def get_many(self, keys: list[str]) -> list[list[EngineMatch] | None]:
        """Each key's stored matches, or None where it is a miss; one query per 500 keys."""
        stored = self._read("SELECT key, matches FROM entries WHERE key IN ({})", keys)
        results = [_parse(stored.get(key)) for key in keys]
        found = sum(result is not None for result in results)
        self.hits += found
        self.misses += len(keys) - found
        return results

    def put(self, key: str, matches: list[EngineMatch]) -> None:
        """Store one entry (see :meth:`put_many`)."""
        self.put_many([(key, matches)])

    def put_many(self, entries: Iterable[tuple[str, list[EngineMatch]]]) -> None:
        """Store entries in one transaction; failures to write only turn the cache off (one notice)."""
        rows = [
            (key, json.dumps([match.to_json() for match in matches], ensure_ascii=False)) for key, matches in entries
        ]
        self._write("INSERT OR REPLACE INTO entries (key, matches) VALUES (?, ?)", rows)

    def get_answers(self, keys: list[str]) -> dict[str, bool]:
        """The stored yes/no answers among ``keys`` (absent keys are left out)."""
        stored = self._read("SELECT key, answer FROM answers WHERE key IN ({})", keys)
        return {key: bool(answer) for key, answer in stored.items() if answer in (0, 1)}

    def put_answers(self, answers: Iterable[tuple[str, bool]]) -> None:
        """Store yes/no answers in one transaction."""
        self._write("INSERT OR REPLACE INTO answers (key, answer) VALUES (?, ?)", [(k, int(a)) for k, a in answers])

    def get_report(self, key: str) -> Any:
        """A stored article report, parsed from JSON; None when absent or not JSON."""
        raw = self._read("SELECT key, report FROM reports WHERE key IN ({})", [key]).get(key)
        if not isinstance(raw, str):
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return None

    def put_report(self, key: str, report: Any) -> None:
        """Store an article report (anything ``json.dumps`` takes)."""
        self._write(
            "INSERT OR REPLACE INTO reports (key, report) VALUES (?, ?)",
            [(key, json.dumps(report, ensure_ascii=False, separators=(",", ":")))],
        )

    def _read(self, query: str, keys: list[str]) -> dict[str, Any]:
        """Rows ``(key, value)`` of ``query`` (its ``{}`` is filled with placeholders), 500 keys at a time."""
        stored: dict[str, Any] = {}
        if not self.writable or not keys:
            return stored
        try:
            connection = self._connection(create=False)
            if connection is None:
                return stored
            wanted = list(dict.fromkeys(keys))
            for start in range(0, len(wanted), _QUERY_KEYS):
                part = wanted[start : start + _QUERY_KEYS]
                stored.update(connection.execute(query.format(",".join("?" * len(part))), part))
        except sqlite3.Error as exc:
            self._recover(exc)
            return {}
        except OSError as exc:
            self._disable(exc)
            return {}
        return stored

    def _write(self, statement: str, rows: list[tuple[str, Any]]) -> None:
        if not self.writable or not rows:
            return
        for attempt in (1, 2):
            try:
                connection = self._connection(create=True)
                assert connection is not None
                with connection:  # BEGIN … COMMIT, or ROLLBACK on error
                    connection.execute("BEGIN IMMEDIATE")
                    connection.executemany(statement, rows)
                return
            except sqlite3.Error as exc:
                self._recover(exc)
                if not self.writable or attempt == 2:
                    return
            except OSError as exc:
                self._disable(exc)
                return


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED: another connection holds the file for a moment."""
    name = getattr(exc, "sqlite_errorname", "")  # Python 3.11+; the message before that
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) if name else "locked" in str(exc)


def _parse(raw: str | None) -> list[EngineMatch] | None:
    """The matches stored as ``raw``; None when absent or not a valid entry (then it is rewritten)."""
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        if not isinstance(data, list):
            return None
        return [EngineMatch.from_json(item) for item in data]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
