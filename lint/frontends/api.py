"""The Python API: what a CMS (Django, Wagtail, …) calls in-process before publishing.

Two functions, the same engine as the command line:

- :func:`check_html` lints one page held in memory and returns its findings;
  problems the caller must fix (bad configuration) are raised, since there is
  no batch to carry on with. A malformed suppression comment is the page's
  problem, not the caller's: a finding on it (CD607).
- :func:`check_paths` lints files and directories like ``copydesk check`` and
  yields one :class:`FileResult` per file as it goes; a file that cannot be
  read or decoded is a result with ``error`` set, never an exception, so one
  bad file does not stop a batch.

A configuration is a :class:`Config`, or a dict shaped like the
``[tool.copydesk]`` table (``{"ignore": ["CD504"], "body-selector": "div.story"}``),
validated exactly as the file would be: unknown keys, rules and options raise
:class:`ConfigError` rather than being silently ignored.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeAlias

from copydesk.engine.config import Config, ConfigError, ConfigFinder, parse_config
from copydesk.engine.finding import FileResult, Finding
from copydesk.engine.lint import lint_source, lint_text
from copydesk.pipeline.batch import UNLIMITED, Limits, lint_paths
from copydesk.source.text import DecodeError, SourceText, without_lone_surrogates

ConfigLike: TypeAlias = Config | Mapping[str, Any] | None
"""What ``config=`` accepts: a :class:`Config`, a ``[tool.copydesk]``-shaped mapping, or None."""


def _resolve(config: ConfigLike) -> Config | None:
    if config is None or isinstance(config, Config):
        return config
    if isinstance(config, Mapping):
        return parse_config(dict(config), None)
    raise TypeError(f"config must be a copydesk Config, a mapping like [tool.copydesk], or None; not {config!r}")


def check_html(html: str, *, path: str | None = None, config: ConfigLike = None) -> list[Finding]:
    """Findings for one page of HTML, in file order.

    ``path`` only names the page in messages; nothing is read from disk, and
    with ``config=None`` the built-in defaults apply (no config file is looked
    up, so the result does not depend on the server's working directory).

    Raises :class:`ConfigError` for an invalid configuration or a malformed
    inline suppression, and :class:`ValueError` for an invalid body selector.
    A lone surrogate in ``html`` is read as U+FFFD (positions unchanged).
    """
    if not isinstance(html, str):
        raise TypeError(f"html must be str, not {type(html).__name__} (decode bytes first)")
    resolved = _resolve(config)
    # Lone surrogates (a "\ud800" from JSON, surrogateescape'd bytes) cannot be encoded by any
    # later stage; U+FFFD in their place keeps every offset.
    page = without_lone_surrogates(html)
    return lint_text(page, resolved if resolved is not None else Config(), path if path is not None else "<string>")


class _FixedConfig(ConfigFinder):
    """A finder that gives every file the same configuration."""

    def __init__(self, config: Config) -> None:
        super().__init__(None)
        self._config = config

    def for_path(self, path: Path | None) -> Config:
        return self._config


def check_bytes(data: bytes, *, path: str = "<bytes>", config: ConfigLike = None) -> FileResult:
    """Decode and lint one page given as bytes: the per-article function for distributed runs.

    Pure (nothing is read from disk and no config file is looked up; the
    grammar cache is the only side effect) and picklable in and out, so Dask,
    Spark or a job queue can map it over an archive. Like a file in a batch, a
    page that cannot be decoded or linted is a result with ``error`` set, not
    an exception; the decoded text is not kept in the result. An invalid
    ``config`` raises :class:`ConfigError`.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    resolved = _resolve(config)
    try:
        source = SourceText.from_bytes(bytes(data), path)
    except DecodeError as exc:
        return FileResult(path, error=f"cannot decode: {exc}")
    result = lint_source(source, resolved if resolved is not None else Config())
    result.source_text = None
    return result


def check_paths(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    config: ConfigLike = None,
    jobs: int = 1,
    limits: Limits = UNLIMITED,
) -> Iterator[FileResult]:
    """Lint files and directories (recursively, ``.html``/``.htm``), one result per file.

    A generator: results arrive as each file is linted, so a large archive
    never sits in memory; wrap it in ``list()`` to have them all. With
    ``config=None`` each file gets the configuration found by walking up from
    it (``copydesk.toml`` or ``pyproject.toml``), exactly as on the command
    line; a given config applies to every file. An invalid config raises
    :class:`ConfigError` at once, before any file is read.

    ``jobs`` > 1 lints in that many worker processes (results still in input
    order); ``limits`` bounds file size and time per file like the command
    line's ``--max-file-size`` and ``--timeout`` (default: unbounded).
    """
    resolved = _resolve(config)
    finder = _FixedConfig(resolved) if resolved is not None else ConfigFinder()
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    names = [os.fspath(path) for path in paths]
    return lint_paths(names, finder, jobs=jobs, limits=limits)


__all__ = [
    "Config",
    "ConfigError",
    "ConfigLike",
    "FileResult",
    "Finding",
    "Limits",
    "check_bytes",
    "check_html",
    "check_paths",
]
