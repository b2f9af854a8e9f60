"""A one-line progress display for long runs, on a terminal only.

Why hand-written: it must share the terminal with findings streaming to
stdout, so before anything else is printed the line is wiped and redrawn
after; ``click.progressbar`` owns the line and cannot step aside like that.
Nothing is drawn when stderr is not a terminal (CI logs, pipes), so machine
output and logs never carry carriage returns.
"""

from __future__ import annotations

import time
from typing import TextIO

_CLEAR = "\r\x1b[K"


class Progress:
    """Files done out of the total, findings so far, rate and time left, redrawn at most 10× a second."""

    def __init__(self, stream: TextIO, total: int, *, enabled: bool) -> None:
        self._stream = stream
        self._total = total
        self._enabled = enabled
        self._done = 0
        self._findings = 0
        self._started = time.monotonic()
        self._drawn_at = 0.0
        self._visible = False

    @classmethod
    def for_run(cls, stream: TextIO, total: int, *, quiet: bool) -> Progress:
        """On for a run of several files with stderr on a terminal, unless ``--quiet``."""
        interactive = hasattr(stream, "isatty") and stream.isatty()
        return cls(stream, total, enabled=interactive and not quiet and total > 1)

    def advance(self, findings: int) -> None:
        """One more file done, with this many findings."""
        self._done += 1
        self._findings += findings
        if not self._enabled:
            return
        now = time.monotonic()
        if now - self._drawn_at >= 0.1 or self._done == self._total:
            self._drawn_at = now
            self._stream.write(_CLEAR + self.line(now - self._started))
            self._stream.flush()
            self._visible = True

    def line(self, elapsed: float) -> str:
        """The text of the display after ``elapsed`` seconds."""
        rate = self._done / elapsed if elapsed > 0 else 0.0
        parts = [
            f"{self._done}/{self._total} files",
            f"{self._findings} finding{'s' if self._findings != 1 else ''}",
            f"{rate:.1f} files/s",
        ]
        if rate > 0 and self._done < self._total:
            left = int((self._total - self._done) / rate)
            parts.append(f"{left // 60}:{left % 60:02d} left")
        return "copydesk: " + " · ".join(parts)

    def clear(self) -> None:
        """Wipe the line so other output starts at column 1; the next :meth:`advance` redraws it."""
        if self._visible:
            self._stream.write(_CLEAR)
            self._stream.flush()
            self._visible = False
