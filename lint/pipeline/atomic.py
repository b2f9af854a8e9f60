"""Writing a file so that readers see the old content or the new, never half.

A report that a CI job or a CMS reads must not be left truncated by a crash,
a full disk or Ctrl-C: the text goes to a temporary file in the same directory
(so the final rename stays on one file system and is atomic), is flushed to
disk, and only then replaces the target with :func:`os.replace`. On any error
the temporary file is removed and the previous file is untouched.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


def _new_file_mode() -> int:
    """The mode ``open()`` would give a new file: 0o666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _owner() -> tuple[int, int]:
    """This process's effective (uid, gid): what a file it creates is owned by."""
    return os.geteuid(), os.getegid()


def atomic_write_text(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` atomically (see :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode(encoding))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically.

    A symlink is followed, so the file it points to is updated and the link
    kept; an existing file keeps its permissions, a new one gets the usual
    ones (temporary files are created private, which a report should not be).
    """
    with atomic_writer(path, binary=True) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], *, binary: bool = False, encoding: str = "utf-8") -> Iterator[IO[Any]]:
    """A file handle whose content replaces ``path`` only when the block ends without an error.

    For reports written as they are produced (a batch over an archive must not
    hold the whole report in memory): the text streams into a temporary file
    beside the target, which is synced and renamed over it at the end; an
    exception or Ctrl-C in the block removes the temporary file and leaves the
    previous report as it was.

    A target that is not a regular file (``-o /dev/stdout``, ``/dev/null``, a
    named pipe a CI step reads from) is written to directly instead: renaming
    a file over it would replace the device node or the pipe itself with a
    regular file (as root, ``-o /dev/null`` would have removed ``/dev/null``),
    and there is no previous content to keep. A replaced file keeps its
    permissions and, where the process may set them, its owner and group.
    """
    try:
        status: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        status = None
    if status is not None and not stat.S_ISREG(status.st_mode):
        with _open_stream(path, binary=binary, encoding=encoding) as stream:
            yield stream
        return
    target = Path(os.path.realpath(path))
    mode = stat.S_IMODE(status.st_mode) if status is not None else _new_file_mode()
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb" if binary else "w", encoding=None if binary else encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if status is not None and hasattr(os, "chown") and (status.st_uid, status.st_gid) != _owner():
            with contextlib.suppress(OSError):  # only root (or the owner, for the group) may: best effort
                os.chown(temporary, status.st_uid, status.st_gid)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_directory(target.parent)


def _open_stream(path: str | os.PathLike[str], *, binary: bool, encoding: str) -> IO[Any]:
    """Open a device or a named pipe for writing without waiting for a reader.

    ``open()`` on a pipe nobody reads blocks for ever; with ``O_NONBLOCK`` it
    fails at once (``ENXIO``), which is reported as the clear error it is.
    """
    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OSError(exc.errno, "a named pipe that nobody reads", os.fspath(path)) from exc
        raise
    if hasattr(os, "set_blocking"):
        os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "wb" if binary else "w", encoding=None if binary else encoding)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable where the platform allows it (POSIX)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        handle = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
