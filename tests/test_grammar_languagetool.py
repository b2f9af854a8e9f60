"""The LanguageTool path, through language-tool-python's real client.

LanguageTool itself cannot be downloaded on these machines, so the client
talks to a local HTTP server that replays LanguageTool ``/v2/languages`` and
``/v2/check`` responses stored in ``tests/data/languagetool/`` (written in
LanguageTool's documented response format, with the fields a 6.4 server
returns). What is tested for real: language-tool-python's request and parsing,
copydesk's mapping of categories and offsets, timeouts, the one notice on an
unreachable server, and the offline engine carrying on.

``test_real_server`` runs against a real LanguageTool server when
``COPYDESK_LANGUAGETOOL_URL`` is set (e.g. ``http://localhost:8081``) and is
skipped otherwise.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from copydesk.engine.config import Config
from copydesk.engine.lint import lint_text
from copydesk.grammar import base, checker
from copydesk.grammar.base import EngineUnavailable
from copydesk.grammar.languagetool import LanguageToolEngine
from copydesk.grammar.settings import GrammarSettings

DATA = Path(__file__).parent / "data" / "languagetool"
TEXT = "The goverment said their was a vote."


class Replay(BaseHTTPRequestHandler):
    """Serves the recorded responses; records the texts it was asked to check."""

    checked: ClassVar[list[str]] = []

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, payload: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:
        if self.path.startswith("/v2/languages"):
            self._send((DATA / "languages.json").read_bytes())
        else:
            self.send_error(404)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
        text = form.get("text", [""])[0]
        Replay.checked.append(text)
        recorded = json.loads((DATA / "check-budget.json").read_text(encoding="utf-8"))
        if text != TEXT:
            recorded["matches"] = []
        self._send(json.dumps(recorded).encode("utf-8"))


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Replay)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Replay.checked = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def fresh_engines():
    checker._ENGINES.clear()
    base.reset_notices()
    yield
    checker._ENGINES.clear()


def test_client_against_replayed_server(server):
    engine = LanguageToolEngine(server, timeout=5)
    assert engine.supports("en-US") and engine.supports("de-DE") and not engine.supports("ja")
    matches = engine.check(TEXT, "en-US")
    assert engine.version == "6.4"
    assert [(m.rule_id, m.category, TEXT[m.start : m.end], m.replacements[0]) for m in matches] == [
        ("MORFOLOGIK_RULE_EN_US", "spelling", "goverment", "government"),
        ("THEIR_IS", "grammar", "their", "there"),
    ]


def test_languagetool_findings_in_the_report(server, tmp_path):
    html = f"<html lang='en-US'><article><p>{TEXT}</p></article></html>"
    config = Config(
        select=("CD801", "CD802"),
        grammar=GrammarSettings(engine="both", url=server, cache_dir=tmp_path / "cache"),
    )
    findings = lint_text(html, config)
    # Both engines find "goverment" and "their": each is reported once, LanguageTool's first.
    assert [(f.rule, f.excerpt, f.message.split("]")[0]) for f in findings] == [
        ("CD801", "goverment", "[languagetool:MORFOLOGIK_RULE_EN_US"),
        ("CD802", "their", "[languagetool:THEIR_IS"),
    ]
    Replay.checked.clear()
    assert lint_text(html, config) == findings  # warm cache: no request with the paragraph
    assert TEXT not in Replay.checked


def test_unreachable_server_is_one_notice_and_offline_carries_on(tmp_path, capsys):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    html = f"<html lang='en-US'><article><p>{TEXT}</p></article></html>"
    config = Config(
        select=("CD801",),
        grammar=GrammarSettings(engine="languagetool", url=f"http://127.0.0.1:{port}", cache_dir=tmp_path),
    )
    first = lint_text(html, config)
    second = lint_text(html, config)
    assert [f.message.split("]")[0] for f in first] == ["[harper:SpellCheck"] and first == second
    err = capsys.readouterr().err
    assert err.count("LanguageTool at") == 1 and "Traceback" not in err


def test_silent_server_times_out():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts connections, never answers
    try:
        engine = LanguageToolEngine(f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=0.5)
        started = time.monotonic()
        with pytest.raises(EngineUnavailable):
            engine.check(TEXT, "en-US")
        assert time.monotonic() - started < 5
        with pytest.raises(EngineUnavailable):  # and it stays off: no second wait
            engine.check(TEXT, "en-US")
        assert time.monotonic() - started < 5
    finally:
        listener.close()


def test_local_mode_without_languagetool_installed(monkeypatch, tmp_path):
    monkeypatch.setenv("LTP_PATH", str(tmp_path))  # an empty download folder: nothing installed
    monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    engine = LanguageToolEngine(None)
    with pytest.raises(EngineUnavailable, match="not installed"):
        engine.check(TEXT, "en-US")


@pytest.mark.skipif(not os.environ.get("COPYDESK_LANGUAGETOOL_URL"), reason="COPYDESK_LANGUAGETOOL_URL is not set")
def test_real_server():
    engine = LanguageToolEngine(os.environ["COPYDESK_LANGUAGETOOL_URL"], timeout=30)
    matches = engine.check(TEXT, "en-US")
    assert any(m.category == "spelling" and TEXT[m.start : m.end] == "goverment" for m in matches)


# A slip Harper reports and the stand-in LanguageTool does not (it answers only ``TEXT``).
HARPER_ONLY = "He go to the store on Monday."


@pytest.mark.parametrize(
    ("engine", "expected"),
    [
        # The newsroom's LanguageTool answers: its findings, and no second engine's.
        ("languagetool", [("goverment", "languagetool"), ("their", "languagetool")]),
        # ``both`` asks for Harper too: its slip in the second paragraph is reported.
        ("both", [("goverment", "languagetool"), ("their", "languagetool"), ("go", "harper")]),
    ],
)
def test_languagetool_alone_runs_no_second_engine(server, tmp_path, engine, expected):
    html = f"<html lang='en-US'><article><p>{TEXT}</p><p>{HARPER_ONLY}</p></article></html>"
    config = Config(
        select=("CD801", "CD802"),
        grammar=GrammarSettings(engine=engine, url=server, cache_dir=tmp_path / "cache"),
    )
    findings = lint_text(html, config)
    assert [(f.excerpt, f.message[1:].split(":")[0]) for f in findings] == expected
    assert TEXT in Replay.checked and HARPER_ONLY in Replay.checked  # LanguageTool read both paragraphs
