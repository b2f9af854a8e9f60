"""``copydesk lsp`` driven by a real client over stdio, as an editor drives it (issue #23, item 4).

pytest-lsp starts ``python -m copydesk lsp`` as a subprocess and speaks LSP to
it with the capabilities VS Code announces (UTF-16 positions, versioned
workspace edits); it also checks each answer against those capabilities. One
server serves the module (the grammar engine loads once); the tests that need
other capabilities or a fresh process start their own. Documents live in
temporary folders, so the config they get is found exactly as the CLI would
find it.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import Any, Union

import pytest

pytest.importorskip("pytest_lsp")

import pytest_lsp
from copydesk.engine.config import Config
from copydesk.engine.lint import lint_source
from copydesk.pipeline.fix import apply_edits, plan_edits
from copydesk.source.text import SourceText
from lsprotocol import types
from pygls.protocol import default_converter
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from .conftest import FIXTURES

SERVER = [sys.executable, "-m", "copydesk", "lsp"]
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
SEED = (FIXTURES / "articles" / "nasa-japan-seed.html").read_text(encoding="utf-8")
pytestmark = pytest.mark.asyncio(loop_scope="module")


def _record(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)  # type: ignore[attr-defined]


def _register(client: LanguageClient, params: types.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)  # type: ignore[attr-defined]


def _converter() -> Any:
    """pygls's converter, except that a code action carrying a command stays a code action.

    lsprotocol (2025.0.0) takes any result object with a ``command`` key for a bare ``Command``,
    so a ``CodeAction`` whose ``command`` is an object would arrive mangled; editors tell the two
    apart by the key's type (a string in a ``Command``), and so does this client.
    """
    converter = default_converter()

    def action_or_command(value: Any, _: type) -> types.Command | types.CodeAction:
        if isinstance(value.get("command"), str):
            return converter.structure(value, types.Command)
        return converter.structure(value, types.CodeAction)

    converter.register_structure_hook(Union[types.Command, types.CodeAction], action_or_command)  # noqa: UP007
    return converter


def _client() -> LanguageClient:
    """pytest-lsp's test client, also keeping every publishDiagnostics (uri, version) in order.

    It accepts ``client/registerCapability`` (the server asks to watch config files), as VS Code does.
    """
    client = LanguageClient(converter_factory=_converter)
    features = {**DEFAULT_CLIENT_FEATURES, PUBLISH: _record, types.CLIENT_REGISTER_CAPABILITY: _register}
    register_lsp_features(client, features)
    client.published = []  # type: ignore[attr-defined]
    client.registrations = []  # type: ignore[attr-defined]
    return client


CONFIG = ClientServerConfig(server_command=SERVER, client_factory=_client)


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: LanguageClient):
    result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
    )
    lsp_client.initialize_result = result  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


# --- helpers: what an editor does ---


async def published(client: LanguageClient, uri: str, version: int | None, timeout: float = 90) -> list[Any]:
    """The diagnostics the server published for ``uri`` at ``version`` (waits for them)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for params in reversed(client.published):  # type: ignore[attr-defined]
            if params.uri == uri and params.version == version:
                return list(params.diagnostics)
        await asyncio.sleep(0.01)
    raise AssertionError(f"no diagnostics for {uri} version {version} within {timeout}s")


class Editor:
    """One open document as the editor holds it: its text and version, kept in step with the server."""

    def __init__(self, client: LanguageClient, path: Path, text: str, language: str) -> None:
        self.client, self.uri, self.text, self.version = client, from_fs_path(str(path)), text, 1
        path.write_text(text, encoding="utf-8")
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(self.uri, language, 1, text))
        )

    async def diagnostics(self) -> list[types.Diagnostic]:
        return await published(self.client, self.uri, self.version)

    def offset(self, position: types.Position) -> int:
        """UTF-16 position → offset (the documents here are BMP-only unless a test says otherwise)."""
        lines = self.text.split("\n")
        return sum(len(line) + 1 for line in lines[: position.line]) + position.character

    def position(self, offset: int) -> types.Position:
        before = self.text[:offset]
        return types.Position(line=before.count("\n"), character=offset - (before.rfind("\n") + 1))

    def edit(self, start: int, end: int, new: str) -> None:
        """Type: replace [start, end) with ``new`` and tell the server with a ranged change."""
        change = types.TextDocumentContentChangePartial(
            range=types.Range(start=self.position(start), end=self.position(end)), text=new
        )
        self.text = self.text[:start] + new + self.text[end:]
        self.version += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=self.version, uri=self.uri), [change]
            )
        )

    def apply(self, edit: types.WorkspaceEdit) -> None:
        """Apply a workspace edit as the editor would (edits from the end so offsets hold), then sync."""
        if edit.document_changes:
            (change,) = edit.document_changes
            assert isinstance(change, types.TextDocumentEdit)
            assert change.text_document.uri == self.uri and change.text_document.version == self.version
            edits = list(change.edits)
        else:
            assert edit.changes is not None
            edits = list(edit.changes[self.uri])
        spans = sorted(
            ((self.offset(e.range.start), self.offset(e.range.end), e.new_text) for e in edits), reverse=True
        )
        text = self.text
        for start, end, new in reversed(spans):
            text = text[:start] + new + text[end:]
        self.text = text
        self.version += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=self.version, uri=self.uri),
                [types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    async def actions(self, diagnostic: types.Diagnostic, only: list[str] | None = None) -> list[types.CodeAction]:
        result = await self.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(self.uri),
                range=diagnostic.range,
                context=types.CodeActionContext(diagnostics=[diagnostic], only=only),
            )
        )
        return [action for action in result or [] if isinstance(action, types.CodeAction)]

    def close(self) -> None:
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(self.uri)))


async def stats(client: LanguageClient) -> dict[str, int]:
    return await client.workspace_execute_command_async(types.ExecuteCommandParams(command="copydesk.stats"))


# --- the tests ---


async def test_initialize_announces_what_the_server_does(client: LanguageClient):
    capabilities = client.initialize_result.capabilities  # type: ignore[attr-defined]
    assert capabilities.position_encoding == types.PositionEncodingKind.Utf16  # VS Code offers nothing else
    sync = capabilities.text_document_sync
    assert sync.change == types.TextDocumentSyncKind.Incremental and sync.open_close and sync.save
    assert capabilities.hover_provider
    kinds = capabilities.code_action_provider.code_action_kinds
    assert types.CodeActionKind.QuickFix in kinds and "source.fixAll.copydesk" in kinds
    assert "copydesk.addWord" in capabilities.execute_command_provider.commands
    assert client.initialize_result.server_info.name == "copydesk"  # type: ignore[attr-defined]
    deadline = time.monotonic() + 30
    while not client.registrations and time.monotonic() < deadline:  # type: ignore[attr-defined]
        await asyncio.sleep(0.01)
    (registration,) = client.registrations  # type: ignore[attr-defined]
    globs = [watcher["globPattern"] for watcher in registration.register_options["watchers"]]  # raw JSON
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES and "**/copydesk.toml" in globs


async def test_open_publishes_the_cli_findings_as_diagnostics(client: LanguageClient, tmp_path: Path):
    editor = Editor(client, tmp_path / "seed.html", SEED, "html")
    diagnostics = await editor.diagnostics()
    expected = lint_source(SourceText(SEED, "seed.html"), Config()).findings
    assert [(d.code, d.range.start.line + 1, d.range.start.character + 1) for d in diagnostics] == [
        (f.rule, f.line, f.column) for f in expected
    ]
    assert [(d.range.end.line + 1, d.range.end.character + 1) for d in diagnostics] == [
        (f.end_line, f.end_column) for f in expected
    ]
    credit = next(d for d in diagnostics if d.code == "CD201")
    assert credit.severity == types.DiagnosticSeverity.Error and credit.source == "copydesk"
    assert credit.code_description.href.endswith("docs/rules/CD201.md")
    assert "cut off" in credit.message
    severities = {d.code: d.severity for d in diagnostics}
    assert severities["CD401"] == types.DiagnosticSeverity.Warning
    assert severities["CD503"] == types.DiagnosticSeverity.Information
    editor.close()


async def test_typing_updates_the_diagnostics_incrementally(client: LanguageClient, tmp_path: Path):
    editor = Editor(client, tmp_path / "story.md", "# Launch day\n\nThe rocket left at dawn.\n", "markdown")
    assert [d.code for d in await editor.diagnostics()] == []
    at = editor.text.index("left")
    editor.edit(at, at, "left ")  # "left left": a repeated word
    (diagnostic,) = await editor.diagnostics()
    assert diagnostic.code == "CD501"
    assert diagnostic.range.start == types.Position(line=2, character=at - editor.text.index("The"))
    editor.edit(at, at + len("left "), "")
    assert await editor.diagnostics() == []
    editor.close()


async def test_a_safe_fix_round_trips_and_fix_all_matches_the_cli(client: LanguageClient, tmp_path: Path):
    editor = Editor(client, tmp_path / "seed.html", SEED, "html")
    diagnostics = await editor.diagnostics()
    dots = next(d for d in diagnostics if d.code == "CD502")
    actions = await editor.actions(dots)
    fix = next(a for a in actions if a.title.startswith("Fix CD502"))
    assert fix.is_preferred and fix.kind == types.CodeActionKind.QuickFix and list(fix.diagnostics or []) == [dots]
    assert any(a.title == "Disable CD502 for this block" for a in actions)
    editor.apply(fix.edit)
    assert "soon…</" in editor.text or "soon&#8230;<" in editor.text
    after = await editor.diagnostics()
    assert "CD502" not in [d.code for d in after]

    # "Fix all safe" gives what `copydesk check --fix` writes.
    editor.apply(
        types.WorkspaceEdit(
            changes={
                editor.uri: [types.TextEdit(types.Range(types.Position(0, 0), editor.position(len(editor.text))), SEED)]
            }
        )
    )
    diagnostics = await editor.diagnostics()
    (fix_all,) = await editor.actions(diagnostics[0], only=[types.CodeActionKind.SourceFixAll])
    assert fix_all.kind == "source.fixAll.copydesk"
    result = lint_source(SourceText(SEED, "seed.html"), Config())
    editor.apply(fix_all.edit)
    assert editor.text == apply_edits(SEED, plan_edits(SEED, result.findings))
    assert not [d for d in await editor.diagnostics() if d.code in ("CD501", "CD502", "CD504", "CD505")]
    editor.close()


async def test_suggestions_suppressions_and_hover(client: LanguageClient, tmp_path: Path):
    page = (
        "<html lang='en'><head><title>Budget</title></head><body><article><h1>Budget vote</h1>\n"
        "<p>The goverment passed the budget on Monday after a long debate in the chamber.</p>\n"
        "<p>Ministers said the the plan would start in spring.</p>\n"
        "</article></body></html>\n"
    )
    editor = Editor(client, tmp_path / "budget.html", page, "html")
    diagnostics = await editor.diagnostics()
    spelling = next(d for d in diagnostics if d.code == "CD801")
    actions = await editor.actions(spelling)
    suggestion = next(a for a in actions if a.title.startswith("Apply suggestion (CD801)"))
    assert not suggestion.is_preferred, "a spelling suggestion is never the preferred (automatic) fix"
    add = next(a for a in actions if a.title.startswith("Add 'goverment'"))
    assert add.command is not None and add.command.command == "copydesk.addWord"

    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(editor.uri), spelling.range.start)
    )
    assert hover is not None and "**CD801**" in hover.contents.value
    assert "Why it matters" in hover.contents.value and "docs/rules/CD801.md" in hover.contents.value
    assert hover.range == spelling.range

    repeated = next(d for d in diagnostics if d.code == "CD501")
    disable = next(a for a in await editor.actions(repeated) if a.title == "Disable CD501 for this block")
    editor.apply(disable.edit)
    assert "<!-- copydesk: disable-next CD501 -->\n<p>Ministers" in editor.text
    codes = [d.code for d in await editor.diagnostics()]
    assert "CD501" not in codes and "CD607" not in codes and "CD801" in codes

    spelling = next(d for d in await editor.diagnostics() if d.code == "CD801")  # the same finding, moved down a line
    editor.apply(next(a for a in await editor.actions(spelling) if a.title.startswith("Apply")).edit)
    assert "The government passed" in editor.text
    assert "CD801" not in [d.code for d in await editor.diagnostics()]
    editor.close()


async def test_a_name_spelled_two_ways_points_at_the_other_spelling(client: LanguageClient, tmp_path: Path):
    text = (
        "# Talks in Tokyo\n\nBlinken arrived on Monday for talks with Japanese officials.\n\n"
        "Later, Blinkin met the prime minister at his residence.\n"
    )
    editor = Editor(client, tmp_path / "talks.md", text, "markdown")
    names = next(d for d in await editor.diagnostics() if d.code == "CD803")
    assert names.range.start.line == 4
    (related,) = names.related_information
    assert related.location.uri == editor.uri
    assert related.location.range.start == types.Position(line=2, character=0) and "Blinken" in related.message
    editor.close()


async def test_rapid_edits_publish_only_the_newest_and_cancel_a_check_in_flight(client: LanguageClient, tmp_path: Path):
    paragraph = "The council met on Tuesday to discuss the new budget for schools and roads in the district. "
    text = "# Council\n\n" + "\n\n".join(f"Item {n}. " + paragraph * 6 for n in range(60)) + "\n"
    editor = Editor(client, tmp_path / "council.md", text, "markdown")
    await editor.diagnostics()
    before = await stats(client)
    first_version = editor.version + 1
    for n in range(40):  # a burst of keystrokes, faster than the debounce
        at = editor.text.index("Tuesday")
        editor.edit(at, at, "x" if n % 2 == 0 else "")
        editor.edit(at, at + (1 if n % 2 == 0 else 0), "")
    await editor.diagnostics()
    after = await stats(client)
    versions = [p.version for p in client.published if p.uri == editor.uri]  # type: ignore[attr-defined]
    assert [v for v in versions if v is not None and first_version <= v < editor.version] == []
    assert after["started"] - before["started"] <= 3, "the burst was debounced into (almost) one check"

    # A check already running when the next edit comes is abandoned, not published.
    at = editor.text.index("Tuesday")
    editor.edit(at, at, "the ")
    stale_version = editor.version
    deadline = time.monotonic() + 30
    while (await stats(client))["started"] == after["started"] and time.monotonic() < deadline:
        await asyncio.sleep(0.005)
    editor.edit(at, at + len("the "), "")
    await editor.diagnostics()
    final = await stats(client)
    versions = [p.version for p in client.published if p.uri == editor.uri]  # type: ignore[attr-defined]
    assert stale_version not in versions
    assert final["stale"] > after["stale"]
    editor.close()


@pytest.mark.slow  # a second or two of pathological pages; test_lsp_units.py lints garbage in process by default
async def test_a_garbled_buffer_never_takes_the_server_down(client: LanguageClient, tmp_path: Path):
    garbage = (
        "\x00\x01\ufffe<p>\ud800 the the</p>\x1b[31m" + "<div>" * 5000 + "\u2028" + bytes(range(256)).decode("latin-1")
    )
    editor = Editor(client, tmp_path / "garbled.html", "x", "html")
    editor.apply(
        types.WorkspaceEdit(
            changes={editor.uri: [types.TextEdit(types.Range(types.Position(0, 0), types.Position(0, 1)), garbage)]}
        )
    )
    await editor.diagnostics()
    for language, name in (("markdown", "garbled.md"), ("plaintext", "garbled.txt")):
        other = Editor(client, tmp_path / name, garbage.replace("\ud800", "?"), language)
        await other.diagnostics()
        other.close()
    # Out-of-range positions are clamped, as LSP says, not fatal.
    change = types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(9999, 5), end=types.Position(99999, 0)), text="<p>end the the</p>"
    )
    editor.version += 1
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(editor.version, editor.uri), [change])
    )
    assert "CD501" in [d.code for d in await editor.diagnostics()]
    editor.close()
    fine = Editor(client, tmp_path / "after.md", "# Fine\n\nStill the the same.\n", "markdown")
    assert [d.code for d in await fine.diagnostics()] == ["CD501"]
    fine.close()


async def test_a_broken_config_is_a_message_and_fixing_it_brings_diagnostics_back(
    client: LanguageClient, tmp_path: Path
):
    (tmp_path / "copydesk.toml").write_text('ignore = ["CD999"]\n', encoding="utf-8")
    editor = Editor(client, tmp_path / "story.md", "# Story\n\nIt was the the end.\n", "markdown")
    assert await editor.diagnostics() == []
    message = next(m for m in client.messages if "CD999" in m.message)
    assert message.type == types.MessageType.Error and "copydesk.toml" in message.message
    shown = len(client.messages)
    editor.edit(0, 0, "")  # typing on does not repeat the message
    await editor.diagnostics()
    assert len(client.messages) == shown

    (tmp_path / "copydesk.toml").write_text('ignore = ["CD504"]\n', encoding="utf-8")
    editor.edit(0, 0, "")  # the next check sees the new file, whether or not the client watches files
    assert [d.code for d in await editor.diagnostics()] == ["CD501"]
    (tmp_path / "copydesk.toml").write_text('ignore = ["CD504", "CD501"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            [types.FileEvent(uri=from_fs_path(str(tmp_path / "copydesk.toml")), type=types.FileChangeType.Changed)]
        )
    )
    deadline = time.monotonic() + 60
    while client.diagnostics.get(editor.uri) and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    assert list(client.diagnostics[editor.uri]) == []
    editor.close()


async def test_adding_a_word_to_the_house_words_file(client: LanguageClient, tmp_path: Path):
    (tmp_path / "copydesk.toml").write_text('[grammar]\nwords-file = "words.txt"\n', encoding="utf-8")
    (tmp_path / "words.txt").write_text("# house words\nKantei", encoding="utf-8")
    text = "# Budget\n\nThe goverment passed the budget on Monday after a long debate in the chamber.\n"
    editor = Editor(client, tmp_path / "budget.md", text, "markdown")
    spelling = next(d for d in await editor.diagnostics() if d.code == "CD801")
    add = next(a for a in await editor.actions(spelling) if a.command is not None)
    assert await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=add.command.command, arguments=add.command.arguments)
    )
    assert (tmp_path / "words.txt").read_text(encoding="utf-8") == "# house words\nKantei\ngoverment\n"
    deadline = time.monotonic() + 60
    while any(d.code == "CD801" for d in client.diagnostics[editor.uri]) and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    assert not any(d.code == "CD801" for d in client.diagnostics[editor.uri])
    editor.close()


@pytest.mark.slow  # a second server process: seconds; the encodings themselves are in test_lsp_units.py
async def test_utf8_positions_when_the_client_asks_for_them(tmp_path: Path):
    """A second client (Neovim-like: UTF-8 first) gets UTF-8 byte columns; shutdown/exit ends the process cleanly."""
    (tmp_path / "copydesk.toml").write_text('ignore = ["CD8"]\n', encoding="utf-8")  # positions only: no grammar
    lsp = await ClientServerConfig(server_command=SERVER, client_factory=_client).start()
    try:
        capabilities = types.ClientCapabilities(
            general=types.GeneralClientCapabilities(position_encodings=["utf-8", "utf-16"])
        )
        result = await lsp.initialize_session(types.InitializeParams(capabilities=capabilities))
        assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
        line = "Caf\u00e9 😀 e\u0301 the the end."
        uri = from_fs_path(str(tmp_path / "cafe.md"))
        lsp.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, f"# Title\n\n{line}\n"))
        )
        (diagnostic,) = await published(lsp, uri, 1)
        start = len(line[: line.index("the the")].encode("utf-8"))
        assert diagnostic.range.start == types.Position(line=2, character=start)
        assert diagnostic.range.end == types.Position(line=2, character=start + len("the the"))
        # An incremental edit in UTF-8 units after the astral character: delete one "the ".
        change = types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(2, start), end=types.Position(2, start + 4)), text=""
        )
        lsp.text_document_did_change(
            types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(2, uri), [change])
        )
        assert await published(lsp, uri, 2) == []
        await lsp.shutdown_session()
        assert lsp._server is not None and lsp._server.returncode == 0
    finally:
        await lsp.stop()


@pytest.mark.slow  # about 6 s cold and 2 s per edit on the project's loaded 2-core machine
async def test_a_50000_word_document(client: LanguageClient, tmp_path: Path):
    """A book-length buffer is checked, and an edit to it is checked again, without the server stalling."""
    paragraph = "The council met on Tuesday to discuss the new budget for schools and roads in the district. "
    text = "# Council\n\n" + "\n\n".join(f"Item {n}. " + paragraph * 6 for n in range(520)) + "\n"
    assert len(text.split()) > 50_000
    editor = Editor(client, tmp_path / "long.md", text, "markdown")
    started = time.monotonic()
    await editor.diagnostics()
    opened = time.monotonic() - started
    at = editor.text.index("Item 300.")
    editor.edit(at, at, "the the ")
    started = time.monotonic()
    diagnostics = await editor.diagnostics()
    edited = time.monotonic() - started
    assert any(d.code == "CD501" and d.range.start.line == editor.text[:at].count("\n") for d in diagnostics)
    hover = await client.text_document_hover_async(  # the server answers while it holds the long document
        types.HoverParams(types.TextDocumentIdentifier(editor.uri), editor.position(at))
    )
    assert hover is not None and "CD501" in hover.contents.value
    print(f"50,000 words: first diagnostics {opened:.1f}s, after an edit {edited:.1f}s")
    assert edited < 60
    editor.close()
