"""``copydesk serve``: the real HTTP server, started on 127.0.0.1 and spoken to over HTTP."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

pytest.importorskip("starlette")
uvicorn = pytest.importorskip("uvicorn")

from copydesk.engine import lint_source  # noqa: E402
from copydesk.server import create_app  # noqa: E402

BAD = "<article><h1>Launch</h1><p>More about the launch. Update soon.</p></article>"
GOOD = "<article><h1>Launch</h1><p>The launch went ahead on Tuesday, officials said.</p></article>"
TOKEN = "s3cret-token"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self):
        return json.loads(self.body)


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 20,
) -> Reply:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = body.encode() if isinstance(body, str) else body
        connection.request(method, path, body=data, headers=headers or {})
        response = connection.getresponse()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()


def post_json(port: int, payload, headers: dict[str, str] | None = None) -> Reply:
    return request(
        port, "POST", "/v1/check", json.dumps(payload), {"Content-Type": "application/json", **(headers or {})}
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(port: int, process: subprocess.Popen | None = None, deadline: float = 20) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited early: {process.stderr.read() if process.stderr else ''}")
        try:
            if request(port, "GET", "/healthz", timeout=1).status == 200:
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not come up")


def start_cli_server(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = [sys.executable, "-m", "copydesk", "serve", "--port", str(port), "--log-level", "warning", *args]
    process = subprocess.Popen(
        command, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_ready(port, process)
    except BaseException:
        process.kill()
        process.wait()
        raise
    return process, port


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def server() -> Iterator[int]:
    """``copydesk serve`` in a subprocess, with a small body limit."""
    process, port = start_cli_server("--max-body-bytes", "65536", "--threads", "4", "--max-pending", "256")
    yield port
    stop(process)


@pytest.fixture(scope="module")
def token_server() -> Iterator[int]:
    """A server that wants a bearer token, given through COPYDESK_TOKEN."""
    process, port = start_cli_server(env={"COPYDESK_TOKEN": TOKEN})
    yield port
    stop(process)


@pytest.fixture
def threaded_server(request_options) -> Iterator[int]:
    """The app with test options, served by uvicorn in a thread (for limits the CLI cannot provoke)."""
    config = uvicorn.Config(create_app(**request_options), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    end = time.monotonic() + 10
    while not server.started and time.monotonic() < end:
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield port
    server.should_exit = True
    thread.join(10)


# --- checks ---


def test_html_body_gets_the_json_contract(server):
    reply = request(server, "POST", "/v1/check?path=launch.html", BAD, {"Content-Type": "text/html; charset=utf-8"})
    assert reply.status == 200, reply.body
    assert reply.headers["content-type"].startswith("application/json")
    data = reply.json
    assert set(data) == {"version", "files", "summary"}
    assert data["version"] == 1
    [file] = data["files"]
    assert file["path"] == "launch.html" and file["error"] is None
    [finding] = file["findings"]
    assert (finding["rule"], finding["excerpt"], finding["line"], finding["column"]) == (
        "CD101",
        "Update soon",
        1,
        BAD.index("Update") + 1,
    )
    assert data["summary"]["by_severity"] == {"error": 1, "warning": 0, "info": 0}


def test_json_body_with_config_and_clean_article(server):
    reply = post_json(server, {"html": GOOD, "path": "good.html"})
    assert reply.status == 200
    assert reply.json["files"][0]["findings"] == [] and reply.json["summary"]["findings"] == 0
    ignored = post_json(server, {"html": BAD, "config": {"ignore": ["placeholder"]}})
    assert ignored.status == 200
    assert ignored.json["files"][0]["path"] == "<request>"
    assert [f["rule"] for f in ignored.json["files"][0]["findings"]] == []


def test_same_report_as_the_cli(server, tmp_path):
    page = tmp_path / "story.html"
    page.write_text(BAD, encoding="utf-8")
    cli = subprocess.run(
        [sys.executable, "-m", "copydesk", "check", "--format", "json", str(page)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    reply = post_json(server, {"html": BAD, "path": str(page)})
    assert reply.json == json.loads(cli.stdout)


def test_path_is_only_a_name_never_read(server, tmp_path):
    secret = tmp_path / "secret.html"
    secret.write_text(BAD, encoding="utf-8")
    reply = post_json(server, {"html": GOOD, "path": str(secret)})
    assert reply.status == 200
    assert reply.json["files"][0]["findings"] == []  # linted the body, not the file


@pytest.mark.parametrize(
    "config",
    [{"styles": ["/etc/house.toml"]}, {"grammar": {"words-file": "/etc/passwd"}}, {"grammar": {"url": "http://x"}}],
)
def test_config_may_not_name_files_or_hosts(server, config):
    reply = post_json(server, {"html": BAD, "config": config})
    assert reply.status == 422
    assert reply.json["error"]["code"] == "forbidden_config"


def test_invalid_config_is_422_with_the_reason(server):
    reply = post_json(server, {"html": BAD, "config": {"ignore": ["CD999"]}})
    assert reply.status == 422
    assert "CD999" in reply.json["error"]["message"]


# --- bad requests ---


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        ("{not json", "application/json", 400, "malformed_json"),
        ("", "application/json", 400, "empty_body"),
        ("", "text/html", 400, "empty_body"),
        ("[1, 2]", "application/json", 422, "invalid_request"),
        ('{"path": "a.html"}', "application/json", 422, "invalid_request"),
        ('{"html": "<p>x</p>", "file": "/etc/passwd"}', "application/json", 422, "invalid_request"),
        (BAD, "text/plain", 415, "unsupported_media_type"),
        (BAD, "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ],
)
def test_bad_requests_get_a_clear_json_error(server, body, content_type, status, code):
    reply = request(server, "POST", "/v1/check", body, {"Content-Type": content_type})
    assert reply.status == status, reply.body
    assert reply.json["error"]["code"] == code
    assert reply.json["error"]["message"]


def test_missing_content_type_is_415(server):
    reply = request(server, "POST", "/v1/check", BAD)
    assert reply.status == 415


def test_body_over_the_limit_is_413(server):
    big = "<p>" + "word " * 20000 + "</p>"  # > 64 KiB
    reply = request(server, "POST", "/v1/check", big, {"Content-Type": "text/html"})
    assert reply.status == 413
    assert reply.json["error"]["code"] == "payload_too_large"


def test_chunked_body_over_the_limit_is_413(server):
    connection = http.client.HTTPConnection("127.0.0.1", server, timeout=20)
    try:
        chunks = (b"<p>" + b"x" * 8192 + b"</p>" for _ in range(20))
        connection.request("POST", "/v1/check", body=chunks, headers={"Content-Type": "text/html"}, encode_chunked=True)
        response = connection.getresponse()
        assert response.status == 413
        assert json.loads(response.read())["error"]["code"] == "payload_too_large"
    finally:
        connection.close()


def test_unknown_route_and_wrong_method_are_json(server):
    missing = request(server, "GET", "/nope")
    assert missing.status == 404 and missing.json["error"]["code"] == "not_found"
    wrong = request(server, "GET", "/v1/check")
    assert wrong.status == 405 and wrong.json["error"]["code"] == "method_not_allowed"


# --- healthz, rules ---


def test_healthz(server):
    reply = request(server, "GET", "/healthz")
    assert reply.status == 200
    assert reply.json["status"] == "ok" and reply.json["version"]


def test_rules_match_the_cli(server):
    reply = request(server, "GET", "/v1/rules")
    assert reply.status == 200
    cli = subprocess.run(
        [sys.executable, "-m", "copydesk", "rules", "--format", "json"], capture_output=True, text=True, check=True
    )
    assert reply.json == json.loads(cli.stdout)
    assert any(rule["code"] == "CD101" for rule in reply.json)


# --- token ---


def test_token_is_required_when_set(token_server):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        reply = post_json(token_server, {"html": BAD}, headers)
        assert reply.status == 401
        assert reply.json["error"]["code"] == "unauthorized"
        assert reply.headers["www-authenticate"].startswith("Bearer")
    assert request(token_server, "GET", "/v1/rules").status == 401
    assert request(token_server, "GET", "/healthz").status == 200  # probes need no token
    ok = post_json(token_server, {"html": BAD}, {"Authorization": f"Bearer {TOKEN}"})
    assert ok.status == 200 and ok.json["summary"]["findings"] == 1
    rules = request(token_server, "GET", "/v1/rules", headers={"Authorization": f"Bearer {TOKEN}"})
    assert rules.status == 200


# --- time limit and load ---


def _slow(source, config):
    time.sleep(0.6)
    return lint_source(source, config)


@pytest.mark.parametrize("request_options", [{"timeout": 0.2, "linter": _slow, "threads": 1, "max_pending": 2}])
def test_slow_check_times_out_and_queue_is_bounded(threaded_server):
    reply = post_json(threaded_server, {"html": BAD})
    assert reply.status == 504
    assert reply.json["error"]["code"] == "timeout"
    # The timed-out check still holds its slot; one more fills the queue, the next is refused at once.
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(post_json, threaded_server, {"html": BAD})
        time.sleep(0.1)
        refused = post_json(threaded_server, {"html": BAD})
        assert first.result().status == 504
    assert refused.status == 503 and refused.json["error"]["code"] == "busy"
    time.sleep(1.5)  # the slow checks drain
    assert request(threaded_server, "GET", "/healthz").status == 200


def test_burst_of_200_concurrent_requests(server):
    def one(index: int) -> tuple[int, Reply]:
        page = BAD if index % 2 else GOOD
        if index % 3:
            return index, post_json(server, {"html": page, "path": f"story-{index}.html"})
        return index, request(server, "POST", f"/v1/check?path=story-{index}.html", page, {"Content-Type": "text/html"})

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=32) as pool:
        replies = list(pool.map(one, range(200)))
    elapsed = time.monotonic() - started
    assert len(replies) == 200
    for index, reply in replies:
        assert reply.status == 200, (index, reply.body)
        [file] = reply.json["files"]
        assert file["path"] == f"story-{index}.html"
        assert [f["rule"] for f in file["findings"]] == (["CD101"] if index % 2 else [])
    assert elapsed < 30
