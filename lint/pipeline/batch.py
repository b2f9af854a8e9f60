"""Linting files and batches: reading inputs, limits, worker processes, memory.

Failure is per file: a file that cannot be read, decoded or parsed yields a
:class:`FileResult` with an error and the batch goes on.
"""

from __future__ import annotations

import errno
import gc
import multiprocessing
import multiprocessing.context
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pathspec
from copydesk.engine.config import Config, ConfigError, ConfigFinder
from copydesk.engine.finding import FileResult
from copydesk.engine.lint import lint_source
from copydesk.model.inputs import ARTICLE_SUFFIXES, missing_file_reason, open_article
from copydesk.source.text import DecodeError, SourceText

STDIN = "-"


DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
"""Files above this are skipped: ten times the largest real article page we have seen."""
DEFAULT_TIME_LIMIT = 60.0
"""Seconds one file may take before it is given up, so one pathological page cannot stall a batch."""


@dataclass(frozen=True)
class Limits:
    """Bounds on the work one file may cause (``None`` = unbounded).

    ``time_limit`` is enforced with ``SIGALRM``, so only where that exists
    and only on a process's main thread (the CLI and its worker processes);
    native code (the grammar engine) is interrupted when it returns to Python.
    """

    max_file_size: int | None = DEFAULT_MAX_FILE_SIZE
    time_limit: float | None = DEFAULT_TIME_LIMIT


UNLIMITED = Limits(None, None)


class FileTooLargeError(Exception):
    """The input is bigger than ``--max-file-size``."""

    def __init__(self, size: int | None, limit: int) -> None:
        """``size`` is None when it is unknown (standard input is only read up to the limit)."""
        shown, cap = ("the input" if size is None else _size(size)), _size(limit)
        if size is not None and shown == cap:  # "10 MB is larger than 10 MB" would read as nonsense
            shown, cap = f"{size:,} bytes", f"{limit:,}-byte"
        super().__init__(f"skipped: {shown} is larger than the {cap} limit (--max-file-size)")


class _OutOfTime(BaseException):
    """Raised by the alarm inside a file that took longer than its time limit.

    A BaseException, so no ``except Exception`` in rule or library code can swallow it.
    """


def _size(count: int) -> str:
    for unit, factor in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= factor:
            return f"{count / factor:.1f} {unit}".replace(".0 ", " ")
    return f"{count} bytes"


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`_OutOfTime` in this thread after ``seconds`` (a no-op where alarms cannot work)."""
    usable = (
        seconds is not None
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable or seconds is None:  # (None already makes it unusable: said again for mypy)
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_input(path: str, max_size: int | None = None) -> SourceText:
    """Read and decode one input (``-`` is standard input), refusing more than ``max_size`` bytes.

    The size is checked before reading (and while reading, for standard input
    and files that grow), so an oversized file never sits in memory.
    """
    if path == STDIN:
        data = sys.stdin.buffer.read() if max_size is None else sys.stdin.buffer.read(max_size + 1)
    else:
        with open_article(path) as handle:  # a pipe or a device is refused, never waited on
            if max_size is not None:
                size = os.fstat(handle.fileno()).st_size
                if size > max_size:
                    raise FileTooLargeError(size, max_size)
            data = handle.read() if max_size is None else handle.read(max_size + 1)
    if max_size is not None and len(data) > max_size:
        raise FileTooLargeError(None if path == STDIN else len(data), max_size)
    return SourceText.from_bytes(data, "<stdin>" if path == STDIN else path)


def lint_path(
    path: str, config: Config, *, statistics: bool = False, limits: Limits = UNLIMITED, reading: bool = False
) -> FileResult:
    """Read, decode and lint one file, turning every failure into an error record."""
    name = "<stdin>" if path == STDIN else path
    try:
        with _time_limit(limits.time_limit):
            try:
                source = read_input(path, limits.max_file_size)
            except FileNotFoundError:
                return FileResult(name, error=missing_file_reason(path))
            except IsADirectoryError:
                return FileResult(name, error="is a directory")
            except PermissionError:
                return FileResult(name, error="permission denied")
            except FileTooLargeError as exc:
                return FileResult(name, error=str(exc))
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    return FileResult(name, error="cannot read: a loop of symbolic links")
                return FileResult(name, error=f"cannot read: {exc.strerror or exc}")
            except DecodeError as exc:
                return FileResult(name, error=f"cannot decode: {exc}")
            _note_read(len(source.text))
            return lint_source(source, config, statistics=statistics, reading=reading)
    except _OutOfTime:
        return FileResult(
            name, error=f"skipped: took longer than the {limits.time_limit:g} s limit per file (--timeout)"
        )


@dataclass(frozen=True)
class InputError:
    path: str
    message: str


@dataclass(frozen=True)
class Exclusion:
    """What a directory walk leaves out besides hidden files: patterns and ``.gitignore`` (``--exclude``…).

    Patterns are gitignore-style (``drafts/``, ``*.tmp.md``, ``/archive/**/old-*.html``,
    ``!keep.md``), matched with pathspec's ``GitIgnoreSpec`` rather than by hand:
    git's rules (anchoring, ``**``, directory-only patterns, negation, the last
    match winning) have corner cases that black, mypy and hatch already rely on
    pathspec to get right. ``exclude`` (the command line's ``--exclude``)
    replaces each config's ``exclude``; ``extend_exclude`` adds to it. Command
    line patterns are relative to the working directory, a config's to its file.
    Only walks are filtered: a file named on the command line is always linted,
    as ruff does.
    """

    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    finder: ConfigFinder | None = None

    def specs_for(self, root: Path) -> list[tuple[Path, pathspec.GitIgnoreSpec]]:
        """(base directory, patterns) of the config that applies in ``root``, then of the command line."""
        specs: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
        if self.finder is not None:
            try:
                config = self.finder.for_path(root / "_")
            except ConfigError:
                config = None  # each file reports its broken config when it is linted
            if config is not None:
                base = config.path.parent if config.path is not None else Path.cwd()
                patterns = (config.exclude if self.exclude is None else ()) + config.extend_exclude
                if patterns:
                    specs.append((base.resolve(), pathspec.GitIgnoreSpec.from_lines(patterns)))
        own = (self.exclude or ()) + self.extend_exclude
        if own:
            specs.append((Path.cwd().resolve(), pathspec.GitIgnoreSpec.from_lines(own)))
        return specs


def _read_ignore_file(path: Path) -> pathspec.GitIgnoreSpec | None:
    try:
        return pathspec.GitIgnoreSpec.from_lines(path.read_text(encoding="utf-8", errors="replace").splitlines())
    except OSError:
        return None


def _git_top(directory: Path) -> Path | None:
    """The top of the git work tree holding ``directory`` (a folder with ``.git``), or None outside one."""
    for folder in (directory, *directory.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _gitignores_above(root: Path) -> list[tuple[Path, pathspec.GitIgnoreSpec]]:
    """``.git/info/exclude``, then the ``.gitignore`` files from the work tree's top down to ``root``.

    Outside a git work tree there are none, as with git (and ruff's walker).
    """
    directory = root.resolve()
    top = _git_top(directory)
    if top is None:
        return []
    found: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
    if (spec := _read_ignore_file(top / ".git" / "info" / "exclude")) is not None:
        found.append((top, spec))
    for folder in reversed((directory, *directory.parents)[: len(directory.relative_to(top).parts) + 1]):
        if (spec := _read_ignore_file(folder / ".gitignore")) is not None:
            found.append((folder, spec))
    return found


def _excluded(path: Path, is_dir: bool, specs: list[tuple[Path, pathspec.GitIgnoreSpec]]) -> bool:
    """Whether the last pattern that speaks about ``path`` (of all ``specs``, in order) excludes it."""
    verdict = False
    for base, spec in specs:  # usually none or one or two: the walk's cost is the directory listing
        try:
            relative = path.relative_to(base).as_posix()
        except ValueError:
            continue  # a pattern file below or beside the walk says nothing about this path
        result = spec.check_file(relative + "/" if is_dir else relative)
        if result.include is not None:
            verdict = result.include
    return verdict


def _walk(root: str, exclusion: Exclusion | None) -> list[str]:
    """Article files under ``root``, sorted, without hidden or excluded files and folders."""
    found: list[str] = []
    base = Path(root).resolve()
    patterns = exclusion.specs_for(Path(root)) if exclusion is not None else []
    gitignores = exclusion is not None and exclusion.respect_gitignore and _git_top(base) is not None
    # The .gitignore chain grows as the walk goes down; a folder's own file applies to what is below it. It is
    # judged apart from the patterns, so a `!` line of a .gitignore cannot bring back what --exclude left out.
    ignores_in: dict[str, list[tuple[Path, pathspec.GitIgnoreSpec]]] = {
        root: _gitignores_above(base) if gitignores else []
    }

    def excluded(path: Path, is_dir: bool, ignores: list[tuple[Path, pathspec.GitIgnoreSpec]]) -> bool:
        return _excluded(path, is_dir, ignores) or _excluded(path, is_dir, patterns)

    for directory, folders, files in os.walk(root, onerror=None):
        ignores = ignores_in.pop(directory, [])
        at = base / os.path.relpath(directory, root)
        if gitignores and directory != root and (spec := _read_ignore_file(Path(directory) / ".gitignore")):
            ignores = [*ignores, (at, spec)]
        folders[:] = sorted(
            folder for folder in folders if not folder.startswith(".") and not excluded(at / folder, True, ignores)
        )
        for folder in folders:
            ignores_in[os.path.join(directory, folder)] = ignores
        for name in sorted(files):
            if name.startswith(".") or Path(name).suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            if not excluded(at / name, False, ignores):
                found.append(os.path.join(directory, name))
    return found


def expand_paths(paths: Iterable[str], exclusion: Exclusion | None = None) -> Iterator[str | InputError]:
    """Files to lint: files as given, directories recursively (HTML, Markdown and ``.txt`` files).

    Hidden folders and files are skipped inside directories, and with an
    :class:`Exclusion` what its patterns and ``.gitignore`` files exclude;
    symlinked directories are not followed, so a link loop cannot make a walk
    endless.
    """
    for path in paths:
        if path == STDIN:
            yield path
            continue
        if os.path.isdir(path):
            yield from _walk(path, exclusion)
        elif os.path.exists(path) or os.path.islink(path):
            yield path
        else:
            yield InputError(path, "no such file or directory")


def default_jobs() -> int:
    """The cores this process may use (what ``-j`` defaults to)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class _Task:
    """What one file needs besides its path; the same for every file of a run."""

    finder: ConfigFinder
    cli: dict[str, object] | None
    statistics: bool
    limits: Limits
    keep_source: bool
    reading: bool = False


def _lint_item(item: str | InputError, task: _Task) -> FileResult:
    if isinstance(item, InputError):
        return FileResult(item.path, error=item.message)
    try:
        config = task.finder.for_path(None if item == STDIN else Path(item))
        if task.cli:
            config = config.merged_with_cli(**task.cli)  # type: ignore[arg-type]
    except ConfigError as exc:
        return FileResult(item, error=str(exc))
    result = lint_path(item, config, statistics=task.statistics, limits=task.limits, reading=task.reading)
    if not task.keep_source:
        result.source_text = None
    return result


def lint_paths(
    paths: Iterable[str | InputError],
    finder: ConfigFinder,
    cli: dict[str, object] | None = None,
    *,
    statistics: bool = False,
    jobs: int = 1,
    limits: Limits = UNLIMITED,
    keep_source: bool = True,
    reading: bool = False,
) -> Iterator[FileResult]:
    """Lint many inputs, each with the config that applies to it, yielding results in input order.

    ``paths`` are files and directories (expanded here), or the already
    expanded items of :func:`expand_paths`. With ``jobs`` > 1 the files are
    linted by a pool of worker processes; results still come out in input
    order, one at a time, so the output is identical to ``jobs=1`` and memory
    holds at most a few files' results at once. ``keep_source=False`` drops
    each result's decoded text (only ``--fix`` and the editor report need it),
    which also saves shipping it back from the workers. ``reading=True``
    keeps each article's text for the editor report instead
    (:func:`reading_view`, a fraction of the source's size); other formats
    leave it off and pay nothing for it.
    """
    items = list(expand_paths_lazily(paths))
    task = _Task(finder, cli, statistics, limits, keep_source, reading)
    with _long_lived_frozen():
        if jobs > 1 and len(items) > 1 and STDIN not in items:
            yield from _lint_in_pool(items, task, min(jobs, len(items)))
            return
        for item in items:
            result = _lint_item(item, task)
            _give_back_memory()
            yield result


def expand_paths_lazily(paths: Iterable[str | InputError]) -> Iterator[str | InputError]:
    """:func:`expand_paths` that passes already expanded items (InputErrors) through."""
    for path in paths:
        if isinstance(path, InputError):
            yield path
        else:
            yield from expand_paths([path])


# --- the worker pool behind ``-j`` ---

_WORKER_TASK: _Task | None = None


def _init_worker(task: _Task) -> None:
    """Runs once in each worker: keep the run's settings; leave Ctrl-C to the parent."""
    global _WORKER_TASK
    _WORKER_TASK = task
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(item: str | InputError) -> tuple[FileResult, list[tuple[str, str]]]:
    """Lint one file in a worker; notices come back with the result so the parent prints each once."""
    from copydesk.grammar import base

    assert _WORKER_TASK is not None
    with base.collect_notices() as notices:
        result = _lint_item(item, _WORKER_TASK)
    _give_back_memory()
    return result, notices


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None on other C libraries (musl, macOS) where it does not exist."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


_TRIM = _malloc_trim()


@contextmanager
def _long_lived_frozen() -> Iterator[None]:
    """Exempt what lives for the whole run (modules, rules, config) from garbage collection.

    Every automatic collection of the oldest generation, and each of
    :func:`_give_back_memory`'s, walks every tracked object: about 7 ms for
    the ~30,000 a loaded copydesk holds; frozen, those are skipped (a run
    over the corpus: 19.4 s → 18.5–19.0 s). Collected first, so no garbage
    is frozen with them, and unfrozen at the end, so a program calling the
    Python API gets its collector back as it was. Pool workers fork inside
    this and inherit it.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


#: Characters of pages read by this process since its last full garbage collection.
_read_since_collection = 0
#: Dead pages plus the page being linted stay under this many characters of HTML (unless that page alone is more).
COLLECT_EVERY = 1_000_000


def _note_read(characters: int) -> None:
    """Count a page just read, first freeing the pages before it if, with this one, they pass the limit.

    A parsed page is a tree whose nodes point at their parents and children:
    reference cycles, which only Python's cyclic collector frees, and its
    full collections grow rarer as the oldest generation fills with exactly
    such trees, so dead pages pile up between them. A process peaks while it
    holds a big page, so the collection comes *before* a page, whenever the
    dead pages and this one together pass :data:`COLLECT_EVERY` characters:
    a 1.6 MB page never starts with megabytes of dead pages beside it.

    Measured over the corpus, ``copydesk check -j 1``, warm cache, runs
    alternated: with a 4 MB limit, 20.7–22.5 s and 87–88 MB peak; with 1 MB,
    20.5–22.2 s and 75 MB. Over the corpus four times with ``-j 2``, the
    largest worker peaked at 77 MB instead of 86. (A collection after every
    page was 10–20% slower: each full collection also empties the
    interpreter's free lists.)
    """
    global _read_since_collection
    if _read_since_collection and _read_since_collection + characters > COLLECT_EVERY:
        _read_since_collection = 0
        gc.collect()
        if _TRIM is not None:
            _TRIM(0)
    _read_since_collection += characters


def _give_back_memory() -> None:
    """Hand what the file just linted freed back to the system, so a process's size stays bounded.

    ``malloc_trim``: freed, a page's few hundred thousand small objects leave
    glibc's heap scattered, and the free pages stay resident unless returned;
    it costs well under a millisecond per file. (The page's tree, a web of
    reference cycles, is freed later, by :func:`_note_read`'s collection.)
    """
    if _TRIM is not None:
        _TRIM(0)


def _pool_context() -> multiprocessing.context.BaseContext:
    """``fork`` where it exists: workers inherit the run's settings (house-style rule classes
    are built at run time and cannot be pickled) and start without re-importing anything."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform != "darwin" else "spawn")


def _lint_in_pool(items: list[str | InputError], task: _Task, jobs: int) -> Iterator[FileResult]:
    """Stream results in input order from ``jobs`` worker processes, a bounded window ahead.

    A worker that dies (a crash in native code, the OOM killer) breaks the
    whole pool; the file at the head of the queue is then retried alone in a
    fresh worker: if that crashes too it is that file's error, and the rest
    of the batch carries on in a new pool.
    """
    from copydesk.grammar import base

    window = jobs * 4
    pending: deque[tuple[str | InputError, Future[tuple[FileResult, list[tuple[str, str]]]]]] = deque()
    queue = iter(items)
    pool = _new_pool(task, jobs)
    try:
        while True:
            while len(pending) < window:
                item = next(queue, None)
                if item is None:
                    break
                pending.append((item, _submit(pool, item)))
            if not pending:
                return
            item, future = pending.popleft()
            try:
                result, notices = future.result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                result, notices = _lint_alone(item, task)
                pool = _new_pool(task, jobs)
                pending = deque((waiting, _submit(pool, waiting)) for waiting, _ in pending)
            for key, message in notices:
                base.notice(key, message)
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, item: str | InputError) -> Future[tuple[FileResult, list[tuple[str, str]]]]:
    """Queue one file; a pool already broken by a crash yields a failed future, handled in order."""
    try:
        return pool.submit(_work, item)
    except BrokenProcessPool as exc:
        failed: Future[tuple[FileResult, list[tuple[str, str]]]] = Future()
        failed.set_exception(exc)
        return failed


def _new_pool(task: _Task, jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(jobs, mp_context=_pool_context(), initializer=_init_worker, initargs=(task,))


def _lint_alone(item: str | InputError, task: _Task) -> tuple[FileResult, list[tuple[str, str]]]:
    path = item.path if isinstance(item, InputError) else item
    with _new_pool(task, 1) as solo:
        try:
            return solo.submit(_work, item).result()
        except BrokenProcessPool:
            return FileResult(path, error="copydesk's worker process crashed on this file; please report it"), []
