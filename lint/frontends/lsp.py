"""``copydesk lsp``: copydesk in the writer's editor, as a language server over stdio (pygls).

A writer fixes a slip cheapest while typing, so this front end lints the
unsaved buffer of every HTML, Markdown and plain-text document the editor
opens and publishes the findings as diagnostics. It sits on the same layers as
the CLI, the API and the HTTP service: the same config discovery (the nearest
``copydesk.toml``/``pyproject.toml`` walking up from the file, re-read when it
or a file it names changes), the same article model and rules
(:func:`~copydesk.engine.lint.lint_article`), the same safe-fix planning as
``--fix`` (:mod:`copydesk.pipeline.fix`) and the same fail-on threshold as the
gate (:func:`~copydesk.pipeline.gate.fails`). Nothing imports this module.

How a check runs, and why:

* **Debounced, newest wins.** An edit schedules a check a few tens of
  milliseconds later (``debounceMs``); a newer edit reschedules it and marks
  any check in flight for that document stale. A stale check stops at its next
  rule boundary (rules are wrapped so that they look at a cancellation token
  between violations) and its result is never published, so the editor never
  waits on, or shows, an old buffer's findings. The native grammar engine
  cannot be interrupted mid-call; a stale check waits for it to return.
* **One worker thread.** Checks run off the event loop so the server keeps
  answering (hover, code actions, the next edit) while one runs; one thread
  because the rules and the grammar engine are CPU-bound and the machine's
  other cores belong to the editor.
* **Positions.** copydesk's findings carry code-point offsets into the text;
  the client counts in UTF-16 code units unless it negotiated UTF-8 or UTF-32
  (LSP 3.17 ``positionEncoding``). :class:`TextBuffer` keeps its own line
  index with exactly the line breaks LSP counts (``\\n``, ``\\r\\n``, ``\\r``;
  not U+2028 or form feeds, which :meth:`str.splitlines` would split on) and
  converts both ways; the document store is ours rather than pygls's for the
  same reason.
* **Never a crash.** A broken config is a ``window/showMessage`` (once per
  distinct error) and no diagnostics for the documents it governs; a document
  that cannot be linted (garbled, too deep) says so the same way; a bug in a
  handler is reported by pygls as an error message, and the server goes on.

``lint_source`` is not called directly: it picks the input format from the
path's suffix, while an editor names it with the document's ``languageId``
(an ``untitled:`` buffer has no suffix), and it offers no point at which a
stale check could stop. :func:`lint_buffer` is the same three steps (model,
rules, errors as results) with both.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import re
import sys
import threading
import time
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, cast
from urllib.parse import quote

from copydesk import __version__
from copydesk.engine.config import CONFIG_FILES, Config, ConfigError, ConfigFinder, read_config_table
from copydesk.engine.finding import Finding
from copydesk.engine.kinds import ConsistencyRule
from copydesk.engine.lint import failure_message, is_internal_failure, lint_article
from copydesk.engine.rule import Rule, Violation, all_rules
from copydesk.engine.ruledocs import DOCS_DIR
from copydesk.engine.style import known_style_rules
from copydesk.grammar.checker import prepare
from copydesk.model.article import Article
from copydesk.model.inputs import ARTICLE_SUFFIXES, build_article_for, format_for
from copydesk.pipeline.fix import plan_edits
from copydesk.pipeline.gate import DEFAULT_FAIL_ON, fails
from copydesk.source.text import SourceText, without_lone_surrogates
from lsprotocol import types
from pygls.capabilities import ServerCapabilitiesBuilder
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import from_fs_path, to_fs_path

log = logging.getLogger("copydesk.lsp")

#: Milliseconds between the last edit and its check: long enough to coalesce a burst of keystrokes,
#: short enough that the last one's diagnostics arrive within the issue's 150 ms median.
DEFAULT_DEBOUNCE_MS = 40
#: Where a rule's page lives when no checkout's ``docs/rules`` is at hand: the repository the README names.
DOCS_BASE_URL = "https://git.example.org/newsroom/copydesk/blob/main/" + DOCS_DIR + "/"
ADD_WORD_COMMAND = "copydesk.addWord"
#: Counts of checks started, published and dropped as stale: what the tests and bench/lsp.py read.
STATS_COMMAND = "copydesk.stats"
FIX_ALL_KIND = types.CodeActionKind.SourceFixAll + ".copydesk"
SOURCE = "copydesk"

_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
#: ``languageId`` as editors spell it (VS Code, Neovim filetypes, Helix, eglot's mode names, Zed) → format.
_LANGUAGES = {
    "html": "html",
    "xhtml": "html",
    "htm": "html",
    "mhtml": "html",
    "web": "html",
    "markdown": "markdown",
    "md": "markdown",
    "gfm": "markdown",
    "plaintext": "text",
    "plain text": "text",
    "text": "text",
    "txt": "text",
}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


# --- the document and its positions ---


class TextBuffer:
    """A document's text, its LSP line index, and positions in the negotiated encoding.

    Offsets are code points into :attr:`text` (what copydesk's findings carry);
    positions are (line, character) with character in UTF-8 bytes, UTF-16 code
    units or code points (``encoding``). A position past a line's end means the
    line's end, and one past the last line the text's end, as LSP asks; one
    that falls inside a character (half a surrogate pair) means that
    character's start.
    """

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16) -> None:
        self.encoding = encoding
        self.text = ""
        self.line_starts: list[int] = [0]
        self.set_text(text)

    def set_text(self, text: str) -> None:
        # A lone surrogate (a JSON "\ud800") cannot be encoded by any later stage; U+FFFD keeps
        # every offset and every UTF-8/UTF-16 length (3 bytes, 1 unit either way).
        self.text = without_lone_surrogates(text)
        self.line_starts = [0, *(match.end() for match in _LINE_BREAK.finditer(self.text))]

    def _line_bounds(self, line: int) -> tuple[int, int]:
        """Start and end (before the break) offsets of a 0-based line."""
        start = self.line_starts[line]
        end = self.line_starts[line + 1] if line + 1 < len(self.line_starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return start, end

    def _units(self, text: str) -> int:
        if text.isascii() or self.encoding == types.PositionEncodingKind.Utf32:
            return len(text)
        if self.encoding == types.PositionEncodingKind.Utf8:
            return len(text.encode("utf-8", "surrogatepass"))
        return len(text.encode("utf-16-le", "surrogatepass")) // 2

    def offset_at(self, position: types.Position) -> int:
        """The code-point offset of a client position."""
        if position.line >= len(self.line_starts):
            return len(self.text)
        start, end = self._line_bounds(max(0, position.line))
        line = self.text[start:end]
        units = max(0, position.character)
        if line.isascii() or self.encoding == types.PositionEncodingKind.Utf32:
            return start + min(units, len(line))
        if self.encoding == types.PositionEncodingKind.Utf8:
            encoded = line.encode("utf-8", "surrogatepass")
            return start + len(encoded[:units].decode("utf-8", "ignore"))
        encoded = line.encode("utf-16-le", "surrogatepass")
        return start + len(encoded[: 2 * units].decode("utf-16-le", "ignore"))

    def position_at(self, offset: int) -> types.Position:
        """The client position of a code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.line_starts, offset) - 1
        start, end = self._line_bounds(line)
        return types.Position(line=line, character=self._units(self.text[start : min(offset, end)]))

    def range_of(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position_at(start), end=self.position_at(end))

    def apply(self, change: types.TextDocumentContentChangeEvent) -> None:
        """Apply one ``didChange`` content change (a ranged edit or the whole text)."""
        if isinstance(change, types.TextDocumentContentChangePartial):
            start = self.offset_at(change.range.start)
            end = max(start, self.offset_at(change.range.end))
            self.set_text(self.text[:start] + change.text + self.text[end:])
        else:
            self.set_text(change.text)


# --- one check of one buffer ---


class Stale(BaseException):
    """Raised inside a check whose buffer has been edited since: nothing it found will be shown.

    A BaseException, so that the engine's per-file error handling (which turns
    any Exception into the file's error) does not swallow it.
    """


class CancelToken:
    """Set by the event loop when a newer edit makes a running check pointless."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Stale


class _Interruptible:
    """A rule that gives up between violations when its check went stale (a transparent proxy)."""

    def __init__(self, rule: Rule, token: CancelToken) -> None:
        self._rule = rule
        self._token = token

    def __getattr__(self, name: str) -> Any:
        return getattr(self._rule, name)

    def check(self, article: Article) -> Iterator[Violation]:
        self._token.check()
        for violation in self._rule.check(article):
            self._token.check()
            yield violation


@dataclass(frozen=True)
class Suppression:
    """Where a ``disable-next`` comment for a finding's block goes, and what it says (less the rule)."""

    offset: int
    before: str
    after: str


@dataclass
class Checked:
    """One check's outcome for one version of a document: findings, or why there are none."""

    version: int | None
    text: str
    findings: list[Finding] = field(default_factory=list)
    #: Per finding (same order): where a suppression comment for its block would go, if anywhere.
    suppressions: list[Suppression | None] = field(default_factory=list)
    error: str | None = None
    #: Which published check this is (counted per server): with the version, the pull result id.
    serial: int = 0


def lint_buffer(text: str, name: str, input_format: str, config: Config, token: CancelToken | None = None) -> Checked:
    """Lint an editor buffer: the model in ``input_format``, the config's rules, failures as ``error``.

    Raises :class:`Stale` when ``token`` is cancelled before the check ends.
    """
    token = token or CancelToken()
    result = Checked(None, text)
    try:
        source = SourceText(text, name)
        article = build_article_for(source, name, config.body_selector, input_format=input_format)
        token.check()
        rules = [cast(Rule, _Interruptible(rule, token)) for rule in config.enabled_rules()]
        result.findings = lint_article(article, config, rules)
        result.suppressions = _suppressions(article, result.findings, input_format)
    except Exception as exc:
        if is_internal_failure(exc):
            log.exception("internal error while linting %s", name)
        result.error = failure_message(exc)
    return result


def _suppressions(article: Article, findings: list[Finding], input_format: str) -> list[Suppression | None]:
    """For each finding in a block, where ``<!-- copydesk: disable-next CODE -->`` silences just that block.

    ``disable-next`` covers the next block that starts after the comment
    (:class:`~copydesk.engine.suppress.Suppressions`), so the comment goes
    right before the block: on a line of its own, indented like the block,
    when the block begins its line (an HTML start tag, a Markdown paragraph,
    item or quote line; a list marker or ``>`` before it is kept as
    indentation or quoting), else inline just before the HTML start tag. Plain
    text has no comments, so no suppression is offered there.
    """
    if input_format == "text" or not findings:
        return [None] * len(findings)
    text = article.source.text
    spans = sorted(
        ((block.mapped.source_span, block) for block in article.blocks if block.mapped.source_span[1] > 0),
        key=lambda pair: pair[0],  # blocks themselves do not compare
    )
    starts = [span[0] for span, _ in spans]
    newline = "\r\n" if "\r\n" in text else ("\r" if "\r" in text and "\n" not in text else "\n")
    out: list[Suppression | None] = []
    for finding in findings:
        index = bisect_right(starts, finding.start) - 1
        if index < 0 or not spans[index][0][0] <= finding.start <= spans[index][0][1]:
            out.append(None)
            continue
        (block_start, _), block = spans[index]
        anchor = block_start
        if input_format == "html" and block.element is not None and block.element.span != (0, 0):
            anchor = min(anchor, block.element.span[0])
        line_start = text.rfind("\n", 0, anchor) + 1
        line_start = max(line_start, text.rfind("\r", 0, anchor) + 1)
        lead = text[line_start:anchor]
        if input_format == "markdown":
            # Keep blockquote markers, turn list markers into the indentation that continues them.
            prefix = "".join(char if char in "> \t" else " " for char in lead)
            out.append(Suppression(line_start, prefix, newline))
        elif lead.strip():
            out.append(Suppression(anchor, "", " "))
        else:
            out.append(Suppression(line_start, lead, newline))
    return out


# --- memory: a server that lints the same story a thousand times must not grow ---

#: Characters checked between two full garbage collections: a quarter of the batch pipeline's figure,
#: because a server's heap should stay at its working set, not at a batch's peak.
COLLECT_EVERY = 250_000


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none (musl, macOS)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


class Housekeeping:
    """Frees dead article models and hands their memory back, every :data:`COLLECT_EVERY` characters checked.

    Each check builds an article model: a tree of parent/child reference
    cycles that only the cyclic collector frees, and whose full collections
    grow rarer as the oldest generation fills with such trees; freed, its many
    small objects leave glibc's heap scattered and resident. Over a thousand
    edits that is a resident size a third larger (``bench/lsp.py``), so, as
    the batch pipeline does, the server collects and trims after enough text,
    on the worker thread after a check has been published, so no keystroke
    waits for it.
    """

    def __init__(self) -> None:
        self._since = 0
        self._frozen = False
        self._trim = _malloc_trim()

    def checked(self, characters: int) -> bool:
        """Count a check; True when it is time to :meth:`collect`."""
        self._since += characters
        return not self._frozen or self._since > COLLECT_EVERY

    def collect(self) -> None:
        """A full collection and a trim; after the first check, also freeze what lives for the whole session.

        Frozen (``gc.freeze``, as the batch pipeline does for a run), the
        modules, rules and grammar engine loaded by the first check are not
        walked by every later collection, which keeps each one to a few
        milliseconds.
        """
        self._since = 0
        gc.collect()
        if not self._frozen:
            gc.freeze()
            self._frozen = True
        if self._trim is not None:
            self._trim(0)


# --- configuration, found as the CLI finds it and re-read when it changes ---


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def words_file_of(config: Config) -> Path | None:
    """The ``grammar.words-file`` the config names (as a path), if any: where "add to house words" writes."""
    if config.path is None:
        return None
    try:
        table = read_config_table(config.path)
    except ConfigError:
        return None
    grammar = table.get("grammar")
    if not isinstance(grammar, dict):
        return None
    value = grammar.get("words-file", grammar.get("words_file"))
    return config.path.parent / value if isinstance(value, str) else None


@dataclass
class _Resolved:
    stamp: tuple[Any, ...]
    config: Config | None
    error: str | None


class ConfigCache:
    """The config for each directory, as ``copydesk check`` finds it, re-read when any file it came from changes.

    The stamp of a directory is the modification time and size of every config
    file name in it and its ancestors, plus the files the config names (style
    packs, the words file): a few dozen ``stat`` calls per check, cheap next to
    the check, and correct without any help from the client (a client that
    watches files only makes the re-check happen sooner).
    """

    def __init__(self) -> None:
        self._by_directory: dict[Path, _Resolved] = {}
        # The worker thread looks configs up for checks, the event loop for hover and commands.
        self._lock = threading.Lock()

    def _stamp(self, directory: Path, extra: Sequence[Path]) -> tuple[Any, ...]:
        parts: list[Any] = []
        for folder in (directory, *directory.parents):
            parts.extend(_stat(folder / name) for name in CONFIG_FILES)
        parts.extend((str(path), _stat(path)) for path in extra)
        return tuple(parts)

    @staticmethod
    def _dependencies(config: Config | None) -> list[Path]:
        if config is None:
            return []
        files = list(config.styles)
        words = words_file_of(config)
        if words is not None:
            files.append(words)
        return files

    def lookup(self, directory: Path) -> tuple[Config | None, str | None]:
        """(config, None), or (None, the error) when the config that applies is broken."""
        with self._lock:
            return self._lookup(directory)

    def _lookup(self, directory: Path) -> tuple[Config | None, str | None]:
        cached = self._by_directory.get(directory)
        if cached is not None and cached.stamp == self._stamp(directory, self._dependencies(cached.config)):
            return cached.config, cached.error
        config: Config | None = None
        error: str | None = None
        try:
            config = ConfigFinder().for_path(directory / "_")
        except ConfigError as exc:
            error = str(exc)
        except (OSError, ValueError) as exc:
            error = f"cannot read the configuration: {exc}"
        self._by_directory[directory] = _Resolved(self._stamp(directory, self._dependencies(config)), config, error)
        return config, error

    def clear(self) -> None:
        with self._lock:
            self._by_directory.clear()


# --- the server ---


def _format_for(language_id: str, path: str | None) -> str | None:
    """The input format of a document: by ``languageId``, else by the file's suffix; None: not an article."""
    known = _LANGUAGES.get(language_id.strip().lower())
    if known is not None:
        return known
    if path is not None and Path(path).suffix.lower() in ARTICLE_SUFFIXES:
        return format_for(path)
    return None


@dataclass
class Document:
    """An open document: its buffer, its version, its latest published check and its pending one."""

    uri: str
    path: str | None
    input_format: str | None
    buffer: TextBuffer
    version: int | None
    checked: Checked | None = None
    timer: asyncio.TimerHandle | None = None
    token: CancelToken | None = None
    waiters: list[asyncio.Future[None]] = field(default_factory=list)


class CopydeskProtocol(LanguageServerProtocol):
    """pygls's protocol, minus its own document store: :class:`CopydeskServer` keeps the documents.

    pygls would keep a second copy of every buffer, indexed by
    :meth:`str.splitlines` (which breaks lines LSP does not), and fail an
    out-of-range change before our handler saw it. These overrides only hand
    the notification on.
    """

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams) -> Iterator[Any]:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> Iterator[Any]:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> Iterator[Any]:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


def _local_docs_base() -> str | None:
    """``file://…/docs/rules/`` of the checkout this copydesk runs from, when there is one."""
    here = Path(__file__).resolve()
    for folder in here.parents:
        if (folder / DOCS_DIR / "CD101.md").is_file():
            return from_fs_path(str(folder / DOCS_DIR)) + "/"
    return None


class CopydeskServer(LanguageServer):
    """The language server: documents, checks, and the answers built from their findings."""

    def __init__(self, debounce_ms: int = DEFAULT_DEBOUNCE_MS) -> None:
        super().__init__("copydesk", __version__, protocol_cls=CopydeskProtocol)
        self.debounce = max(0, debounce_ms) / 1000
        self.documents: dict[str, Document] = {}
        self.configs = ConfigCache()
        self.encoding: str = types.PositionEncodingKind.Utf16
        self.docs_base = _local_docs_base() or DOCS_BASE_URL
        self.root: Path | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="copydesk-lint")
        self._shown: set[str] = set()
        self._tasks: set[asyncio.Future[None]] = set()
        self._housekeeping = Housekeeping()
        self._prepared = False
        self._shut_down = False
        #: The client pulls diagnostics (``textDocument/diagnostic``, LSP 3.17) rather than taking pushed ones.
        self.pull = False
        self._pull_refresh = False
        self._serial = 0
        self._versioned_edits = False
        #: How many checks were started, finished and thrown away as stale (for tests and the benchmark).
        self.stats = {"started": 0, "published": 0, "stale": 0, "last_check_ms": 0}
        self._register()

    # -- wiring --

    def _register(self) -> None:
        """Register the handlers (as plain functions: pygls tags them with attributes, which methods refuse)."""

        def handler(method: Callable[[Any], Any]) -> Callable[[Any], Any]:
            if asyncio.iscoroutinefunction(method):

                async def call_async(params: Any) -> Any:
                    return await method(params)

                return call_async

            def call(params: Any) -> Any:
                return method(params)

            return call

        feature = self.feature
        feature(types.INITIALIZE)(handler(self.on_initialize))
        feature(types.INITIALIZED)(handler(self.on_initialized))
        feature(types.SHUTDOWN)(handler(self.on_shutdown))
        feature(types.EXIT)(handler(self.on_exit))
        feature(types.TEXT_DOCUMENT_DID_OPEN)(handler(self.on_open))
        feature(types.TEXT_DOCUMENT_DID_CHANGE)(handler(self.on_change))
        feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))(handler(self.on_save))
        feature(types.TEXT_DOCUMENT_DID_CLOSE)(handler(self.on_close))
        feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(handler(self.on_watched_files))
        feature(types.TEXT_DOCUMENT_HOVER)(handler(self.on_hover))
        feature(
            types.TEXT_DOCUMENT_DIAGNOSTIC,
            types.DiagnosticOptions(identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=False),
        )(handler(self.on_pull))
        feature(
            types.TEXT_DOCUMENT_CODE_ACTION,
            types.CodeActionOptions(
                code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=False
            ),
        )(handler(self.on_code_action))

        def add_word(uri: str, word: str) -> bool:
            return self.add_word(uri, word)

        def stats() -> dict[str, int]:
            return dict(self.stats)

        self.command(ADD_WORD_COMMAND)(add_word)
        self.command(STATS_COMMAND)(stats)

    def on_initialize(self, params: types.InitializeParams) -> None:
        self.encoding = str(ServerCapabilitiesBuilder.choose_position_encoding(params.capabilities))
        workspace = params.capabilities.workspace
        edit = workspace.workspace_edit if workspace is not None else None
        self._versioned_edits = bool(edit is not None and edit.document_changes)
        text_document = params.capabilities.text_document
        self.pull = text_document is not None and text_document.diagnostic is not None
        refresh = workspace.diagnostics if workspace is not None else None
        self._pull_refresh = bool(refresh is not None and refresh.refresh_support)
        options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        debounce = options.get("debounceMs")
        if isinstance(debounce, (int, float)) and not isinstance(debounce, bool) and debounce >= 0:
            self.debounce = debounce / 1000
        docs = options.get("docsBaseUrl")
        if isinstance(docs, str) and docs:
            self.docs_base = docs if docs.endswith("/") else docs + "/"
        folders = params.workspace_folders or []
        root_uri = folders[0].uri if folders else params.root_uri
        root = to_fs_path(root_uri) if root_uri else None
        self.root = Path(root) if root else None

    async def on_initialized(self, params: types.InitializedParams) -> None:
        """Ask the client to tell us when a config file changes, if it can watch files."""
        workspace = self.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace is not None else None
        if watched is None or not watched.dynamic_registration:
            return
        watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILES]
        registration = types.Registration(
            id="copydesk-config-files",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
        )
        with contextlib.suppress(Exception):  # a client that refuses keeps the stat-based re-read
            await self.client_register_capability_async(types.RegistrationParams(registrations=[registration]))

    def on_shutdown(self, params: None) -> None:
        """No more checks: pending ones are dropped, running ones made stale."""
        self._shut_down = True
        for document in self.documents.values():
            self._stop(document)

    def on_exit(self, params: None) -> None:
        """Leave now, with the exit code LSP asks for (0 after ``shutdown``, else 1).

        Not through the interpreter's exit, which joins the worker thread: a
        call into the grammar engine cannot be interrupted (the start-up
        :meth:`_prepare` takes seconds), and an editor that sees its server
        outlive ``exit`` kills it. Nothing is lost: the answers are flushed,
        and the grammar cache's SQLite transactions survive an abrupt end.
        """
        with contextlib.suppress(Exception):
            sys.stderr.flush()
            if self.protocol.writer is not None:
                self.protocol.writer.close()
        os._exit(0 if self._shut_down else 1)

    # -- documents --

    def on_open(self, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        path = to_fs_path(item.uri) if item.uri.startswith("file:") else None
        document = Document(
            uri=item.uri,
            path=path,
            input_format=_format_for(item.language_id, path),
            buffer=TextBuffer(item.text, self.encoding),
            version=item.version,
        )
        self.documents[item.uri] = document
        self.schedule(document, delay=0)

    def on_change(self, params: types.DidChangeTextDocumentParams) -> None:
        document = self.documents.get(params.text_document.uri)
        if document is None:
            return
        for change in params.content_changes:
            document.buffer.apply(change)
        document.version = params.text_document.version
        self.schedule(document)

    def on_save(self, params: types.DidSaveTextDocumentParams) -> None:
        document = self.documents.get(params.text_document.uri)
        if document is not None:
            self.schedule(document, delay=0)

    def on_close(self, params: types.DidCloseTextDocumentParams) -> None:
        document = self.documents.pop(params.text_document.uri, None)
        if document is None:
            return
        self._stop(document)
        for waiter in document.waiters:
            if not waiter.done():
                waiter.set_result(None)
        if not self.pull:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=document.uri, diagnostics=[]))

    def on_watched_files(self, params: types.DidChangeWatchedFilesParams) -> None:
        self.recheck_all()

    def recheck_all(self) -> None:
        """Check every open document again (a config or the words file changed)."""
        self.configs.clear()
        self._shown.clear()
        for document in self.documents.values():
            self.schedule(document, delay=0)
        if self.pull and self._pull_refresh:  # a pulling client learns only if told to ask again
            self.workspace_diagnostic_refresh(None)

    # -- checks --

    def _stop(self, document: Document) -> None:
        if document.timer is not None:
            document.timer.cancel()
            document.timer = None
        if document.token is not None:
            document.token.cancel()
            document.token = None

    def schedule(self, document: Document, delay: float | None = None) -> None:
        """Check the document's current buffer after ``delay`` (the debounce); older checks are stale."""
        self._stop(document)
        loop = asyncio.get_running_loop()
        wait = self.debounce if delay is None else delay
        document.timer = loop.call_later(wait, lambda: self._start(document))

    def _start(self, document: Document) -> None:
        document.timer = None
        if self.documents.get(document.uri) is not document:
            return
        token = CancelToken()
        document.token = token
        self.stats["started"] += 1
        task = asyncio.ensure_future(self._run(document, token, document.version, document.buffer.text))
        self._tasks.add(task)  # held until done: the loop keeps only a weak reference to a task
        task.add_done_callback(self._tasks.discard)

    def _config_for(self, document: Document) -> tuple[Config | None, str | None]:
        if document.path is not None:
            directory = Path(document.path).parent
        elif self.root is not None:
            directory = self.root
        else:
            return Config(), None
        return self.configs.lookup(directory)

    async def _run(self, document: Document, token: CancelToken, version: int | None, text: str) -> None:
        loop = asyncio.get_running_loop()
        try:
            checked = await loop.run_in_executor(self._executor, self._timed_check, document, token, text)
        except Stale:
            self.stats["stale"] += 1
            return
        except Exception as exc:  # a bug outside the lint itself (config lookup): said, never fatal
            log.exception("checking %s failed", document.uri)
            checked = Checked(None, text, error=f"internal error ({type(exc).__name__}: {exc}); please report it")
        if token.cancelled or document.version != version or self.documents.get(document.uri) is not document:
            self.stats["stale"] += 1
            return
        checked.version = version
        self._serial += 1
        checked.serial = self._serial
        document.checked = checked
        document.token = None
        if checked.error is not None:
            self.tell(f"copydesk: {document.path or document.uri}: {checked.error}", types.MessageType.Error)
        self.publish(document)
        for waiter in document.waiters:
            if not waiter.done():
                waiter.set_result(None)
        document.waiters.clear()
        if not self._prepared:
            self._prepared = True
            await loop.run_in_executor(self._executor, self._prepare, document)
        if self._housekeeping.checked(len(text)):
            await loop.run_in_executor(self._executor, self._housekeeping.collect)

    def _prepare(self, document: Document) -> None:
        """The worker thread's start-up, run once the first diagnostics are out (so they are not delayed).

        The grammar engine loads what it otherwise loads on the first word far
        from its dictionary (:func:`~copydesk.grammar.checker.prepare`): a
        stall of seconds, and a step of a quarter in the server's memory, at
        whichever keystroke brings that word. On the worker thread, because
        the engine keeps it per thread.
        """
        config, _ = self._config_for(document)
        try:
            prepare((config or Config()).grammar)
        except Exception:  # a start-up nicety: never worth a failed session
            log.exception("preparing the grammar engine failed")

    def _timed_check(self, document: Document, token: CancelToken, text: str) -> Checked:
        started = time.perf_counter()
        checked = self._check(document, token, text)
        self.stats["last_check_ms"] = round((time.perf_counter() - started) * 1000)
        return checked

    def _check(self, document: Document, token: CancelToken, text: str) -> Checked:
        """The worker thread's part: config (re-read if changed), then the lint."""
        token.check()
        if document.input_format is None:
            return Checked(None, text)
        config, error = self._config_for(document)
        if config is None:
            return Checked(None, text, error=error)
        name = document.path or document.uri
        return lint_buffer(text, name, document.input_format, config, token)

    def tell(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        """``window/showMessage``, once per distinct message until the config changes (no nagging per keystroke)."""
        self.window_log_message(types.LogMessageParams(type=kind, message=message))
        if message in self._shown:
            return
        self._shown.add(message)
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def publish(self, document: Document) -> None:
        checked = document.checked
        self.stats["published"] += 1
        if self.pull:  # the client asks (on_pull), and the answer waits for this check
            return
        diagnostics = [] if checked is None else self.diagnostics(document, checked)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=document.uri, diagnostics=diagnostics, version=document.version)
        )

    # -- what the findings become --

    def docs_url(self, code: str) -> str | None:
        return f"{self.docs_base}{quote(code)}.md" if code in all_rules() else None

    def diagnostics(self, document: Document, checked: Checked) -> list[types.Diagnostic]:
        buffer = document.buffer
        out = []
        for index, finding in enumerate(checked.findings):
            url = self.docs_url(finding.rule)
            out.append(
                types.Diagnostic(
                    range=buffer.range_of(finding.start, finding.end),
                    message=finding.message,
                    severity=_SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
                    code=finding.rule,
                    code_description=types.CodeDescription(href=url) if url else None,
                    source=SOURCE,
                    related_information=self._related(document, finding) or None,
                    data={"version": checked.version, "index": index},
                )
            )
        return out

    def _related(self, document: Document, finding: Finding) -> list[types.DiagnosticRelatedInformation]:
        """The other spelling's places, for a finding about a name (or house term) spelled two ways."""
        rule = all_rules().get(finding.rule) or known_style_rules().get(finding.rule)
        two_ways = finding.rule == "CD803" or (rule is not None and issubclass(rule, ConsistencyRule))
        if not two_ways or not finding.fix:
            return []
        places: list[types.DiagnosticRelatedInformation] = []
        pattern = re.compile(rf"(?<!\w){re.escape(finding.fix)}(?!\w)")
        for match in pattern.finditer(document.buffer.text):
            if len(places) == 3:
                break
            places.append(
                types.DiagnosticRelatedInformation(
                    location=types.Location(uri=document.uri, range=document.buffer.range_of(*match.span())),
                    message=f"spelled {finding.fix!r} here",
                )
            )
        return places

    def _finding_at(self, document: Document, start: int, end: int) -> list[tuple[int, Finding]]:
        checked = document.checked
        if checked is None:
            return []
        return [
            (index, finding)
            for index, finding in enumerate(checked.findings)
            if finding.start <= end and start <= max(finding.end, finding.start)
        ]

    async def fresh(self, document: Document, timeout: float = 10.0) -> bool:
        """Wait (a little) for the check of the current buffer; False when it did not come."""
        if document.checked is not None and document.checked.version == document.version:
            return True
        if document.timer is None and document.token is None:
            self.schedule(document, delay=0)
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        document.waiters.append(waiter)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(waiter, timeout)
        return document.checked is not None and document.checked.version == document.version

    async def on_pull(self, params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        """``textDocument/diagnostic``: the findings of the buffer as it is now, for clients that pull.

        Helix, Zed and Neovim 0.10+ announce pull support; such a client gets
        no pushed diagnostics (it would show both). The answer waits for the
        check of the current version (debounce included), so a client pulling
        right after an edit gets that edit's findings. The result id names the
        check the findings come from (version and serial): a client that already holds it
        is told "unchanged" instead of receiving the list again. A document
        never opened has no findings.
        """
        document = self.documents.get(params.text_document.uri)
        if document is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        await self.fresh(document)
        checked = document.checked
        if checked is None:  # no check finished in time: nothing to show yet, and nothing to compare with
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        result_id = f"{checked.version}-{checked.serial}"  # a re-check of one version (a config change) is news
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(items=self.diagnostics(document, checked), result_id=result_id)

    async def on_hover(self, params: types.HoverParams) -> types.Hover | None:
        document = self.documents.get(params.text_document.uri)
        if document is None or not await self.fresh(document):
            return None
        offset = document.buffer.offset_at(params.position)
        found = self._finding_at(document, offset, offset)
        if not found:
            return None
        config, _ = self._config_for(document)
        threshold = (config.fail_on if config is not None else None) or DEFAULT_FAIL_ON
        parts = [self._hover_text(finding, threshold) for _, finding in found]
        first = found[0][1]
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
            range=document.buffer.range_of(first.start, first.end),
        )

    def _hover_text(self, finding: Finding, threshold: str) -> str:
        rule = all_rules().get(finding.rule) or known_style_rules().get(finding.rule)
        lines = [f"**{finding.rule}** `{finding.name}` · {finding.severity}", "", finding.message]
        if rule is not None:
            lines += ["", rule.summary.strip()]
            why = " ".join(rule.why.split())
            if why:
                lines += ["", f"*Why it matters:* {why}"]
        if fails([finding], threshold):
            lines += ["", f"Fails the pre-publish gate (fail-on = {threshold})."]
        url = self.docs_url(finding.rule)
        if url:
            lines += ["", f"[{finding.rule} documentation]({url}) · `copydesk explain {finding.rule}`"]
        return "\n".join(lines)

    def _edit(self, document: Document, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
        if self._versioned_edits:
            identifier = types.OptionalVersionedTextDocumentIdentifier(uri=document.uri, version=document.version)
            change = types.TextDocumentEdit(text_document=identifier, edits=list(edits))
            return types.WorkspaceEdit(document_changes=[change])
        return types.WorkspaceEdit(changes={document.uri: edits})

    async def on_code_action(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        document = self.documents.get(params.text_document.uri)
        if document is None or not await self.fresh(document):
            return None
        checked = document.checked
        assert checked is not None
        buffer = document.buffer
        only = params.context.only
        wanted_quickfix = only is None or any(types.CodeActionKind.QuickFix.startswith(kind) for kind in only)
        wanted_fix_all = only is None or any(FIX_ALL_KIND.startswith(kind) for kind in only)
        actions: list[types.CodeAction] = []
        diagnostics = {
            (d.data or {}).get("index"): d for d in self.diagnostics(document, checked) if isinstance(d.data, dict)
        }
        if wanted_quickfix:
            start = buffer.offset_at(params.range.start)
            end = buffer.offset_at(params.range.end)
            for index, finding in self._finding_at(document, start, end):
                diagnostic = diagnostics.get(index)
                actions.extend(self._actions_for(document, checked, index, finding, diagnostic))
        if wanted_fix_all:
            planned = plan_edits(checked.text, checked.findings)
            if planned:
                edits = [types.TextEdit(range=buffer.range_of(e.start, e.end), new_text=e.replacement) for e in planned]
                actions.append(
                    types.CodeAction(
                        title=f"copydesk: fix all safe findings ({len(planned)})",
                        kind=FIX_ALL_KIND,
                        edit=self._edit(document, edits),
                    )
                )
        return actions

    def _actions_for(
        self,
        document: Document,
        checked: Checked,
        index: int,
        finding: Finding,
        diagnostic: types.Diagnostic | None,
    ) -> list[types.CodeAction]:
        buffer = document.buffer
        related = [diagnostic] if diagnostic is not None else None
        actions = []
        if finding.fix is not None:
            change = types.TextEdit(range=buffer.range_of(finding.start, finding.end), new_text=finding.fix)
            if finding.fix_safe:
                what = (
                    f"replace {finding.excerpt!r} with {finding.fix!r}"
                    if finding.fix
                    else f"delete {finding.excerpt!r}"
                )
                title = f"Fix {finding.rule}: {what}"
            else:
                title = f"Apply suggestion ({finding.rule}): {finding.excerpt!r} → {finding.fix!r}"
            actions.append(
                types.CodeAction(
                    title=title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=related,
                    is_preferred=finding.fix_safe or None,
                    edit=self._edit(document, [change]),
                )
            )
        suppression = checked.suppressions[index] if index < len(checked.suppressions) else None
        if suppression is not None:
            comment = f"{suppression.before}<!-- copydesk: disable-next {finding.rule} -->{suppression.after}"
            where = buffer.position_at(suppression.offset)
            insert = types.TextEdit(range=types.Range(start=where, end=where), new_text=comment)
            actions.append(
                types.CodeAction(
                    title=f"Disable {finding.rule} for this block",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=related,
                    edit=self._edit(document, [insert]),
                )
            )
        if finding.rule == "CD801" and finding.excerpt.strip():
            word = finding.excerpt.strip()
            actions.append(
                types.CodeAction(
                    title=f"Add {word!r} to the house words file",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=related,
                    command=types.Command(
                        title=f"Add {word!r} to the house words file",
                        command=ADD_WORD_COMMAND,
                        arguments=[document.uri, word],
                    ),
                )
            )
        return actions

    # -- commands --

    def add_word(self, uri: str, word: str) -> bool:
        """Append ``word`` to the ``grammar.words-file`` of the document's config; re-check everything.

        Written by the server rather than sent as an edit, because the client
        might leave an edited words file unsaved, and the grammar engine reads
        the file on disk. Without a words file configured, the user is told how
        to name one: editing their TOML for them could reorder or lose comments.
        """
        word = " ".join(str(word).split())
        document = self.documents.get(str(uri))
        if not word or document is None:
            return False
        config, error = self._config_for(document)
        if config is None:
            self.tell(f"copydesk: cannot add {word!r}: {error}", types.MessageType.Error)
            return False
        words_file = words_file_of(config)
        if words_file is None:
            where = str(config.path) if config.path is not None else "a copydesk.toml beside your articles"
            self.tell(
                f"copydesk: no house words file to add {word!r} to: set grammar.words-file "
                f'(e.g. words-file = "newsroom-words.txt" under [grammar]) in {where}',
                types.MessageType.Warning,
            )
            return False
        try:
            existing = words_file.read_text(encoding="utf-8") if words_file.exists() else ""
            if word not in {line.split("#", 1)[0].strip() for line in existing.splitlines()}:
                lead = "" if not existing or existing.endswith("\n") else "\n"
                with words_file.open("a", encoding="utf-8") as handle:
                    handle.write(f"{lead}{word}\n")
                    handle.flush()
                    os.fsync(handle.fileno())
        except OSError as exc:
            self.tell(f"copydesk: cannot write {words_file}: {exc.strerror or exc}", types.MessageType.Error)
            return False
        self.recheck_all()
        return True


def protocol_output() -> BinaryIO:
    """The LSP channel: a private copy of standard output; file descriptor 1 itself then goes to stderr.

    The channel must be the only thing written to standard output, and stay
    there. The grammar engine's native code prints debug lines to descriptor 1
    on some inputs, so :mod:`copydesk.grammar.harper` points descriptor 1 at
    stderr around each call into it; that is process-wide, so an answer the
    event loop wrote meanwhile (a code action while the worker thread ran the
    engine) went to stderr and the editor waited for it in vain. On its own
    descriptor the channel is out of reach of any redirection, and anything
    else printed (native or Python) lands in the editor's log.
    """
    stdout_fd, stderr_fd = sys.stdout.fileno(), sys.stderr.fileno()
    sys.stdout.flush()
    channel = os.fdopen(os.dup(stdout_fd), "wb")
    os.dup2(stderr_fd, stdout_fd)
    return channel


def serve_stdio(debounce_ms: int = DEFAULT_DEBOUNCE_MS) -> None:
    """Run the server on standard input and output until the client says ``exit``."""
    logging.basicConfig(level=logging.WARNING, format="copydesk lsp: %(levelname)s: %(message)s")
    CopydeskServer(debounce_ms).start_io(sys.stdin.buffer, protocol_output())


__all__ = [
    "DEFAULT_DEBOUNCE_MS",
    "CancelToken",
    "Checked",
    "ConfigCache",
    "CopydeskServer",
    "Stale",
    "TextBuffer",
    "lint_buffer",
    "protocol_output",
    "serve_stdio",
]
