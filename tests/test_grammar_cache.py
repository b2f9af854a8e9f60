"""The per-paragraph grammar cache (SQLite): round trips, damage, concurrency, fork.

No engine runs here: entries are made by hand, so these tests are about the
store itself. The engine's use of it (warm re-runs, edited paragraphs) is in
tests/test_grammar.py.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from copydesk.grammar import base, cache
from copydesk.grammar.cache import FILENAME, ParagraphCache, cache_key


def _match(index: int) -> base.EngineMatch:
    return base.EngineMatch(index, index + 5, f"message {index}", "Rule", "spelling", (f"fix{index}",), "harper")


def _key(index: int) -> str:
    return cache_key("harper", "1.0", "opts", "en-US", f"Paragraph number {index}.")


def test_entries_round_trip_in_order_with_misses(tmp_path):
    cache = ParagraphCache(tmp_path / "c")
    cache.put_many([(_key(1), [_match(1)]), (_key(2), []), (_key(3), [_match(3), _match(30)])])
    assert cache.get_many([_key(3), _key(9), _key(1), _key(2), _key(1)]) == [
        [_match(3), _match(30)],
        None,
        [_match(1)],
        [],  # "checked, nothing found" is a hit, not a miss
        [_match(1)],
    ]
    assert (cache.hits, cache.misses) == (4, 1)
    assert cache.get(_key(2)) == [] and cache.get(_key(4)) is None


def test_reading_never_creates_the_cache(tmp_path):
    cache = ParagraphCache(tmp_path / "c")
    assert cache.get_many([_key(1), _key(2)]) == [None, None]
    assert not (tmp_path / "c").exists()


def test_more_keys_than_one_query_takes(tmp_path):
    cache = ParagraphCache(tmp_path)
    cache.put_many([(_key(index), [_match(index)]) for index in range(1_200)])
    found = ParagraphCache(tmp_path).get_many([_key(index) for index in range(1_250)])
    assert found[:1_200] == [[_match(index)] for index in range(1_200)]
    assert found[1_200:] == [None] * 50


def test_corrupt_entry_is_a_miss_and_is_rewritten(tmp_path):
    cache = ParagraphCache(tmp_path)
    cache.put(_key(1), [_match(1)])
    database = sqlite3.connect(tmp_path / FILENAME)
    for garbage in ("{not json", "{}", '[{"start": "x"}]', '[{"start": 1, "end": 0}]', "[1]"):
        with database:
            database.execute("UPDATE entries SET matches = ? WHERE key = ?", (garbage, _key(1)))
        assert cache.get(_key(1)) is None, garbage
    database.close()
    cache.put(_key(1), [_match(1)])
    assert cache.get(_key(1)) == [_match(1)]


def test_a_damaged_database_is_moved_aside_with_one_notice(tmp_path, capsys):
    (tmp_path / FILENAME).write_bytes(b"this is not an SQLite database, it was truncated by a full disk" * 20)
    base.reset_notices()
    cache = ParagraphCache(tmp_path)
    assert cache.get(_key(1)) is None  # no traceback: a miss
    cache.put(_key(1), [_match(1)])
    assert cache.get(_key(1)) == [_match(1)]
    assert "damaged" in capsys.readouterr().err
    assert [path.name for path in tmp_path.iterdir() if ".corrupt-" in path.name]  # the old bytes are kept


def test_an_unwritable_directory_turns_the_cache_off_with_one_notice(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    base.reset_notices()
    cache = ParagraphCache(blocker / "sub")
    cache.put(_key(1), [_match(1)])
    cache.put(_key(2), [_match(2)])
    assert cache.get(_key(1)) is None and not cache.writable
    assert capsys.readouterr().err.count("not writable") == 1


def _writer(directory: str, first: int, count: int) -> None:
    cache = ParagraphCache(Path(directory))
    for index in range(first, first + count, 10):
        cache.put_many([(_key(i), [_match(i)]) for i in range(index, index + 10)])
        assert cache.writable


def test_concurrent_processes_write_one_cache_without_losing_entries(tmp_path):
    context = multiprocessing.get_context("spawn")  # separate interpreters, as separate CLI runs are
    workers = [context.Process(target=_writer, args=(str(tmp_path), start, 300)) for start in (0, 300, 600)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [worker.exitcode for worker in workers] == [0, 0, 0]
    found = ParagraphCache(tmp_path).get_many([_key(index) for index in range(900)])
    assert found == [[_match(index)] for index in range(900)]


def test_threads_share_a_cache_object(tmp_path):
    cache = ParagraphCache(tmp_path)
    errors: list[BaseException] = []

    def work(start: int) -> None:
        try:
            for index in range(start, start + 50):
                cache.put(_key(index), [_match(index)])
                assert cache.get(_key(index)) == [_match(index)]
        except BaseException as exc:  # reported below: a thread's assertion would otherwise vanish
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(start,)) for start in (0, 50, 100, 150)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert cache.get_many([_key(index) for index in range(200)]) == [[_match(index)] for index in range(200)]


def test_a_set_up_that_finds_the_file_locked_is_tried_again(tmp_path, monkeypatch):
    """Two first connections racing to switch a new database to WAL get "database is locked" at once
    (SQLite skips the busy timeout there): that must cost a retry, not the cache for the whole run."""
    set_up = ParagraphCache._set_up
    calls: list[int] = []

    def locked_twice(connection: sqlite3.Connection) -> None:
        calls.append(1)
        if len(calls) <= 2:
            raise sqlite3.OperationalError("database is locked")
        set_up(connection)

    monkeypatch.setattr(ParagraphCache, "_set_up", staticmethod(locked_twice))
    cache = ParagraphCache(tmp_path)
    with base.collect_notices() as notices:
        cache.put(_key(1), [_match(1)])
    assert len(calls) == 3 and notices == []
    assert cache.writable and cache.get(_key(1)) == [_match(1)]


def test_a_set_up_error_that_is_not_a_lock_turns_the_cache_off_at_once(tmp_path, monkeypatch):
    calls: list[int] = []

    def broken(connection: sqlite3.Connection) -> None:
        calls.append(1)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(ParagraphCache, "_set_up", staticmethod(broken))
    cache = ParagraphCache(tmp_path)
    with base.collect_notices() as notices:
        cache.put(_key(1), [_match(1)])
    assert len(calls) == 1  # tried once per write attempt: the first attempt turns the cache off
    assert not cache.writable and "disk I/O error" in notices[0][1]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX-only")
def test_a_forked_child_opens_its_own_connection(tmp_path):
    cache = ParagraphCache(tmp_path)
    cache.put(_key(1), [_match(1)])  # the parent holds an open connection across the fork
    pid = os.fork()
    if pid == 0:  # the child: reads the parent's entry and adds one through a connection of its own
        try:
            ok = cache.get(_key(1)) == [_match(1)]
            cache.put(_key(2), [_match(2)])
            os._exit(0 if ok and cache.writable else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert cache.get_many([_key(1), _key(2)]) == [[_match(1)], [_match(2)]]
    cache.put(_key(3), [_match(3)])  # the parent's connection still works
    assert cache.get(_key(3)) == [_match(3)]


def test_answers_round_trip_beside_entries(tmp_path):
    cache = ParagraphCache(tmp_path)
    cache.put_answers([("yes-key", True), ("no-key", False)])
    cache.put(_key(1), [_match(1)])
    assert cache.get_answers(["yes-key", "no-key", "unknown"]) == {"yes-key": True, "no-key": False}
    assert ParagraphCache(tmp_path).get(_key(1)) == [_match(1)]


# --- the code fingerprint of whole-article reports ------------------------------------


def test_the_fingerprint_covers_the_layers_a_report_is_made_by_and_only_those():
    import copydesk.grammar
    import copydesk.model
    import copydesk.source

    folders = dict(cache.report_folders())
    assert folders == {
        "source": Path(copydesk.source.__file__).parent.resolve(),
        "model": Path(copydesk.model.__file__).parent.resolve(),
        "grammar": Path(copydesk.grammar.__file__).parent.resolve(),
    }
    # The rules, the rule engine and the front ends make no report: editing them keeps stored reports.
    assert not any(name in ("rules", "engine", "frontends") for name in folders)


def test_the_fingerprint_imports_nothing(monkeypatch):
    """Folders from the import system's specs, library versions from metadata: no ``import`` at all."""
    import builtins

    real_import = builtins.__import__

    def guarded(name, *args, **kwargs):
        if name.split(".")[0] in ("copydesk", "bs4", "markdown_it"):
            raise AssertionError(f"code_fingerprint imported {name}")
        return real_import(name, *args, **kwargs)

    cache.code_fingerprint.cache_clear()
    monkeypatch.setattr(builtins, "__import__", guarded)
    try:
        assert len(cache.code_fingerprint()) == 64
    finally:
        monkeypatch.undo()
        cache.code_fingerprint.cache_clear()


def test_the_fingerprint_follows_the_parsers_versions(monkeypatch):
    cache.code_fingerprint.cache_clear()
    before = cache.code_fingerprint()
    real_version = cache.metadata.version
    for library in cache.REPORT_LIBRARIES:
        cache.code_fingerprint.cache_clear()
        monkeypatch.setattr(
            cache.metadata, "version", lambda name, lib=library: "0.0-other" if name == lib else real_version(name)
        )
        assert cache.code_fingerprint() != before, library
        monkeypatch.undo()
    cache.code_fingerprint.cache_clear()
    assert cache.code_fingerprint() == before
