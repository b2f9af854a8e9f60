"""``copydesk serve``: the linter as an HTTP service for CMSs (``pip install 'copydesk[server]'``).

Endpoints (every answer is JSON):

- ``POST /v1/check``: the page as the body (``Content-Type: text/html``,
  optional ``?path=`` to name it) or JSON ``{"html": "…", "path": "…",
  "config": {…}}``; answers the same report as ``copydesk check --format json``,
  with ``"gate": {"fail_on": …, "passed": …}``: the verdict of the same gate
  (:mod:`copydesk.pipeline.gate`) that sets ``copydesk check``'s exit code.
- ``GET /v1/rules``: rule metadata, as ``copydesk rules --format json``.
- ``GET /healthz``: ``{"status": "ok", "version": "…"}`` (never needs the token,
  so a load balancer can probe it).

The service reads nothing from disk on a request's behalf: ``path`` only names
the page, and a request's ``config`` may not name files (``styles``,
``grammar.words-file``, ``grammar.cache-dir``) or make the server call out to
other hosts (``grammar.url``, ``grammar.public-api``, engines other than
``offline``).

``copydesk serve --config FILE`` gives the server a config of its own (a
copydesk.toml, or a pyproject.toml's ``[tool.copydesk]``): the house style
every check uses. That file may name style packs, a words file and a cache
directory (the operator chose them); it is read once, at start-up. A
request's ``config`` is laid on top: tables merge key by key, ``ignore``,
``extend-select`` and ``grammar.words`` add to the house's, anything else
replaces it.

Limits: bodies over ``max_body_bytes`` get 413 (checked against
``Content-Length`` first, then while reading, so a lying or chunked client
cannot make the server buffer more); a body that has not fully arrived
``read_timeout`` seconds after the request began gets 408 and the connection
is closed (a client sending a byte a second cannot hold it); each check runs in a bounded pool of
worker threads and gets 504 when it takes longer than ``timeout`` seconds; when
``max_pending`` checks are already queued or running, 503 at once instead of
an ever-growing queue. A timed-out check cannot be killed inside a thread: it
finishes in the background and keeps its slot until then, so runaway pages
cannot pile up beyond ``max_pending``.

Built on Starlette and served by uvicorn: both are widely used and actively
maintained, uvicorn parses HTTP (h11) and handles many slow clients on one
event loop, while the CPU-bound linting runs in the thread pool.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import threading
from collections.abc import AsyncIterator, Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from copydesk import __version__
from copydesk.engine.config import Config, ConfigError, layered, parse_config, read_config_table
from copydesk.engine.finding import FileResult
from copydesk.engine.lint import lint_source
from copydesk.engine.rule import all_rules
from copydesk.engine.ruledocs import rule_json
from copydesk.pipeline.gate import Gate
from copydesk.reporters import json as json_reporter
from copydesk.source.text import DecodeError, SourceText, without_lone_surrogates
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024
DEFAULT_TIMEOUT = 10.0
#: Seconds a client has to send its whole body: a client that trickles it (one byte a
#: second) would otherwise hold a connection and its buffer for as long as it likes.
DEFAULT_READ_TIMEOUT = 30.0
DEFAULT_THREADS = 4
DEFAULT_MAX_PENDING = 64
DEFAULT_PATH = "<request>"

#: ``config`` keys a request may not use: they name files on the server.
_FORBIDDEN_CONFIG_KEYS = {"styles"}
#: ``config.grammar`` keys a request may use; the others read files or reach other hosts.
_ALLOWED_GRAMMAR_KEYS = {"engine", "language", "words", "check-quotes", "cache", "timeout"}

Linter = Callable[[SourceText, Config], FileResult]


def _lint(source: SourceText, config: Config) -> FileResult:
    result = lint_source(source, config, statistics=True)
    result.source_text = None
    return result


class RequestError(Exception):
    """A request the service refuses, with its HTTP status and a machine-readable code."""

    def __init__(self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, dict(headers or {})


def error_response(status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


class HouseConfig:
    """The server's own config (``copydesk serve --config``): the base every request's ``config`` is laid on.

    Read and validated once, at start-up, so a broken file stops the server
    before it answers anything, and so no request makes the server read a
    file: its style packs are loaded now, its ``words-file`` is read into
    ``words`` and its ``cache-dir`` made absolute. A request's ``config``
    then layers on top (:func:`copydesk.engine.config.layered`): it may ignore more
    rules or change a severity without dropping the house's own settings.
    """

    def __init__(self, path: Path) -> None:
        table = read_config_table(path)
        self.path = path
        self.config = parse_config(table, path)
        prepared = {key: value for key, value in table.items() if key != "styles"}
        grammar = {key.replace("_", "-"): value for key, value in table.get("grammar", {}).items()}
        if "words-file" in grammar:
            grammar.pop("words-file")
            grammar["words"] = list(self.config.grammar.words)
        if "cache-dir" in grammar and self.config.grammar.cache_dir is not None:
            grammar["cache-dir"] = str(self.config.grammar.cache_dir.resolve())
        if grammar:
            prepared["grammar"] = grammar
        self._table = prepared

    def with_request(self, data: dict[str, Any]) -> Config:
        """The house config with a request's (already validated) ``config`` on top."""
        combined = parse_config(layered(self._table, data), self.path)
        return replace(combined, styles=self.config.styles, style_rules=self.config.style_rules)


def request_config(data: Any, house: HouseConfig | None = None) -> Config:
    """A request's ``config`` (shaped like ``[tool.copydesk]``), validated, kept off the file system,
    and laid on the server's own config when it has one."""
    if data is None:
        return house.config if house is not None else Config()
    if not isinstance(data, dict):
        raise RequestError(422, "invalid_config", "config must be an object shaped like [tool.copydesk]")
    forbidden = sorted(_FORBIDDEN_CONFIG_KEYS & set(data))
    grammar = data.get("grammar", {})
    if isinstance(grammar, dict):
        normalised = {key.replace("_", "-") for key in grammar}
        forbidden += [f"grammar.{key}" for key in sorted(normalised - _ALLOWED_GRAMMAR_KEYS)]
        if grammar.get("engine", "offline") != "offline":
            forbidden.append('grammar.engine (only "offline" is served)')
    if forbidden:
        raise RequestError(422, "forbidden_config", f"config key(s) not allowed over HTTP: {', '.join(forbidden)}")
    try:
        own = parse_config(data, None)  # the request's own mistakes, named as the request's
        return own if house is None else house.with_request(data)
    except ConfigError as exc:
        raise RequestError(422, "invalid_config", str(exc)) from exc


def _media_type(request: Request) -> tuple[str, dict[str, str]]:
    header = request.headers.get("content-type", "")
    kind, _, rest = header.partition(";")
    params = {}
    for part in rest.split(";"):
        key, _, value = part.partition("=")
        if key.strip():
            params[key.strip().lower()] = value.strip().strip('"')
    return kind.strip().lower(), params


class CheckService:
    """The application state: limits, token, worker pool."""

    def __init__(
        self,
        *,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        timeout: float = DEFAULT_TIMEOUT,
        token: str | None = None,
        threads: int = DEFAULT_THREADS,
        max_pending: int = DEFAULT_MAX_PENDING,
        linter: Linter = _lint,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        house: HouseConfig | None = None,
    ) -> None:
        self.house = house
        self.max_body_bytes = max_body_bytes
        self.timeout = timeout
        self.read_timeout = read_timeout
        self.token = token or None
        self.linter = linter
        self.max_pending = max_pending
        self._pending = 0
        self._lock = threading.Lock()
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="copydesk-check")
        self.rules = [rule_json(rule) for rule in all_rules().values()]

    @property
    def base_config(self) -> Config:
        """What a request without its own ``config`` is checked with: the server's config, or the defaults."""
        return request_config(None, self.house)

    # --- helpers ---

    def authorise(self, request: Request) -> None:
        if self.token is None:
            return
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), self.token.encode()):
            raise RequestError(
                401, "unauthorized", "a valid 'Authorization: Bearer <token>' header is required",
                {"WWW-Authenticate": 'Bearer realm="copydesk"'},
            )  # fmt: skip

    async def read_body(self, request: Request) -> bytes:
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
            raise RequestError(413, "payload_too_large", f"the body is over {self.max_body_bytes} bytes")
        try:
            return await asyncio.wait_for(self._read_stream(request), self.read_timeout)
        except asyncio.TimeoutError as exc:
            # "Connection: close": uvicorn then drops the connection after answering, so the
            # trickling client loses it instead of keeping it for the rest of its body.
            raise RequestError(
                408,
                "request_timeout",
                f"the body did not arrive within {self.read_timeout:g} s",
                {"Connection": "close"},
            ) from exc

    async def _read_stream(self, request: Request) -> bytes:
        chunks: list[bytes] = []
        size = 0
        try:
            async for chunk in request.stream():
                size += len(chunk)
                if size > self.max_body_bytes:
                    raise RequestError(413, "payload_too_large", f"the body is over {self.max_body_bytes} bytes")
                chunks.append(chunk)
        except ClientDisconnect as exc:
            raise RequestError(400, "client_disconnected", "the client went away before sending the body") from exc
        return b"".join(chunks)

    def parse(self, request: Request, body: bytes) -> tuple[SourceText, Config]:
        kind, params = _media_type(request)
        if not body:
            raise RequestError(400, "empty_body", 'the body is empty: send the page as text/html or JSON {"html": …}')
        if kind in ("text/html", "application/xhtml+xml"):
            path = request.query_params.get("path") or DEFAULT_PATH
            charset = params.get("charset")
            try:
                if charset:
                    # Any codec name can arrive here: some raise plain UnicodeError (punycode,
                    # "undefined"), others yield lone surrogates (raw_unicode_escape).
                    return SourceText(without_lone_surrogates(body.decode(charset)), path), self.base_config
                return SourceText.from_bytes(body, path), self.base_config
            except (LookupError, UnicodeError, ValueError) as exc:
                raise RequestError(400, "undecodable_body", f"cannot decode the body as {charset}: {exc}") from exc
            except DecodeError as exc:
                raise RequestError(400, "undecodable_body", f"cannot decode the body: {exc}") from exc
        if kind == "application/json" or kind.endswith("+json"):
            try:
                data = json.loads(body)
            except (UnicodeDecodeError, ValueError) as exc:
                raise RequestError(400, "malformed_json", f"the body is not valid JSON: {exc}") from exc
            except RecursionError as exc:  # [[[[… nested deeper than the parser's stack
                raise RequestError(400, "malformed_json", "the body is JSON nested too deeply to read") from exc
            if not isinstance(data, dict):
                raise RequestError(422, "invalid_request", 'the JSON body must be an object {"html": …}')
            unknown = sorted(set(data) - {"html", "path", "config"})
            if unknown:
                raise RequestError(
                    422, "invalid_request", f"unknown key(s) {', '.join(unknown)} (known: config, html, path)"
                )
            html, page_path = data.get("html"), data.get("path")
            if not isinstance(html, str) or not html:
                raise RequestError(422, "invalid_request", '"html" must be a non-empty string')
            if page_path is not None and not isinstance(page_path, str):
                raise RequestError(422, "invalid_request", '"path" must be a string naming the page')
            # JSON may carry lone surrogates ("\ud800"), which cannot be encoded back into the
            # report or by the grammar cache: U+FFFD in their place keeps every position.
            page, name = without_lone_surrogates(html), without_lone_surrogates(page_path or DEFAULT_PATH)
            return SourceText(page, name), request_config(data.get("config"), self.house)
        raise RequestError(
            415, "unsupported_media_type",
            f"Content-Type must be text/html or application/json, not {kind or 'missing'!r}",
        )  # fmt: skip

    async def run_check(self, source: SourceText, config: Config) -> FileResult:
        with self._lock:
            if self._pending >= self.max_pending:
                raise RequestError(503, "busy", "too many checks in progress; retry shortly", {"Retry-After": "1"})
            self._pending += 1
        try:
            future: Future[FileResult] = self.executor.submit(self.linter, source, config)
        except RuntimeError as exc:  # the pool is shutting down
            self._release(None)
            raise RequestError(503, "shutting_down", "the server is shutting down") from exc
        future.add_done_callback(self._release)
        try:
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), self.timeout)
        except asyncio.TimeoutError as exc:
            raise RequestError(
                504, "timeout", f"the check took longer than {self.timeout:g} s; the page may be too large or complex"
            ) from exc

    def _release(self, _future: Future[FileResult] | None) -> None:
        with self._lock:
            self._pending -= 1

    # --- endpoints ---

    async def check(self, request: Request) -> Response:
        try:
            self.authorise(request)
            body = await self.read_body(request)
            source, config = self.parse(request, body)
            result = await self.run_check(source, config)
        except RequestError as exc:
            return error_response(exc.status, exc.code, exc.message, exc.headers)
        report = json_reporter.report([result])
        # The verdict copydesk check would give this page, from the same gate (additive key).
        gate = Gate(fail_on=config.fail_on)
        report["gate"] = {"fail_on": gate.threshold_for(result.path), "passed": not gate.fails(result)}
        return JSONResponse(report)

    async def rules_endpoint(self, request: Request) -> Response:
        try:
            self.authorise(request)
        except RequestError as exc:
            return error_response(exc.status, exc.code, exc.message, exc.headers)
        return JSONResponse(self.rules)

    async def healthz(self, request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__})


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    codes = {404: "not_found", 405: "method_not_allowed"}
    return error_response(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail), exc.headers)


async def _internal_error(request: Request, exc: Exception) -> Response:
    return error_response(500, "internal_error", f"internal error ({type(exc).__name__}); please report it")


def _lifespan(service: CheckService) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            service.executor.shutdown(wait=False, cancel_futures=True)

    return lifespan


def create_app(**options: Any) -> Starlette:
    """The ASGI application; ``options`` are :class:`CheckService`'s (limits, token, threads)."""
    service = CheckService(**options)
    app = Starlette(
        routes=[
            Route("/v1/check", service.check, methods=["POST"]),
            Route("/v1/rules", service.rules_endpoint, methods=["GET"]),
            Route("/healthz", service.healthz, methods=["GET"]),
        ],
        exception_handlers={HTTPException: _http_error, Exception: _internal_error},
        lifespan=_lifespan(service),
    )
    app.state.service = service
    return app


def serve(host: str = "127.0.0.1", port: int = 8080, *, log_level: str = "info", **options: Any) -> None:
    """Run the service with uvicorn until interrupted (SIGINT/SIGTERM)."""
    import uvicorn

    uvicorn.run(create_app(**options), host=host, port=port, log_level=log_level, server_header=False)
