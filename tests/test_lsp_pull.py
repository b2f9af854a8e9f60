"""Pull diagnostics (``textDocument/diagnostic``, LSP 3.17) for a client that announces them (issue #23).

Helix, Zed and Neovim 0.10+ pull. Such a client gets the same findings as a
push, for the buffer as it is when it asks; asked again with the result id it
holds, it hears "unchanged"; after an edit, the edit's findings; and nothing is
pushed, so it never shows a finding twice. Driven by pygls's own client with
Neovim 0.11's announced capabilities (from pytest-lsp), in a fresh server.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

pytest.importorskip("pytest_lsp")

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path
from pytest_lsp import client_capabilities


async def _pull_session(folder: Path) -> dict[str, object]:
    client = LanguageClient("pull-test", "1")
    pushed: list[types.PublishDiagnosticsParams] = []

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        pushed.append(params)

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def on_register(params: types.RegistrationParams) -> None:
        return None

    await client.start_io(sys.executable, "-m", "copydesk", "lsp")
    try:
        init = await asyncio.wait_for(
            client.initialize_async(types.InitializeParams(capabilities=client_capabilities("neovim@v0.11.0"))), 60
        )
        client.initialized(types.InitializedParams())
        path = folder / "story.md"
        text = "# Launch day\n\nThe the rocket left at dawn.\n"
        path.write_text(text, encoding="utf-8")
        uri = from_fs_path(str(path))
        client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, text)))
        identifier = types.TextDocumentIdentifier(uri)

        async def pull(previous: str | None = None) -> types.DocumentDiagnosticReport:
            params = types.DocumentDiagnosticParams(identifier, previous_result_id=previous)
            return await asyncio.wait_for(client.text_document_diagnostic_async(params), 120)

        first = await pull()
        again = await pull(first.result_id)
        start = types.Position(line=2, character=0)
        change = types.TextDocumentContentChangePartial(
            range=types.Range(start=start, end=types.Position(line=2, character=4)), text=""
        )  # delete "The "
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(2, uri), [change])
        )
        fixed = await pull(first.result_id)
        await asyncio.wait_for(client.shutdown_async(None), 30)
        client.exit(None)
        return {"init": init, "first": first, "again": again, "fixed": fixed, "pushed": list(pushed)}
    finally:
        await asyncio.sleep(0.2)
        await client.stop()


@pytest.mark.slow  # a server process of its own: seconds
def test_a_client_that_pulls_gets_diagnostics_on_request_and_none_pushed(tmp_path: Path):
    seen = asyncio.run(_pull_session(tmp_path))
    init = seen["init"]
    assert isinstance(init, types.InitializeResult)
    provider = init.capabilities.diagnostic_provider
    assert isinstance(provider, types.DiagnosticOptions) and provider.identifier == "copydesk"
    first, again, fixed = seen["first"], seen["again"], seen["fixed"]
    assert isinstance(first, types.RelatedFullDocumentDiagnosticReport)
    assert [d.code for d in first.items] == ["CD501"]
    assert first.items[0].range.start == types.Position(line=2, character=0)
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport) and again.result_id == first.result_id
    assert isinstance(fixed, types.RelatedFullDocumentDiagnosticReport)
    assert not fixed.items and fixed.result_id != first.result_id
    assert seen["pushed"] == []
