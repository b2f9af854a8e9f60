"""An editor end to end: headless Neovim opens the seed article, shows its findings, applies a fix (issue #23).

The writer's loop from the issue: open an article with the seed's defects,
see them as diagnostics, apply a fix through a code action, watch the
diagnostic go. Neovim's own LSP client does all of it (``vim.lsp``), with a
minimal Lua script in place of a config; the test reads what Neovim saw from a
JSON file the script writes. Skipped where ``nvim`` is not installed (Debian's
``neovim`` package: 0.7, which predates ``vim.lsp.start``, so the script uses
``start_client``/``buf_attach_client``, which later versions still have).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .editor_drive import drive

pytest.importorskip("pygls")

SCRIPT = r"""
local path, out, python = vim.env.STORY, vim.env.OUT, vim.env.PYTHON
vim.cmd("edit " .. vim.fn.fnameescape(path))
vim.bo.filetype = "html"
local client = vim.lsp.start_client({
  name = "copydesk", cmd = { python, "-m", "copydesk", "lsp" }, root_dir = vim.fn.fnamemodify(path, ":h"),
})
vim.lsp.buf_attach_client(0, client)

local function codes()
  local seen = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(seen, d.code) end
  return seen
end
local function find(code)
  for _, d in ipairs(vim.diagnostic.get(0)) do if d.code == code then return d end end
end

local result = { shown = vim.wait(120000, function() return find("CD502") ~= nil end, 20) }
result.before = codes()
local target = find("CD502")
if target then
  result.position = { target.lnum, target.col }
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(0) },
    range = { start = { line = target.lnum, character = target.col },
              ["end"] = { line = target.end_lnum, character = target.end_col } },
    context = { diagnostics = {} },
  }
  local answers = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 30000) or {}
  for _, answer in pairs(answers) do
    for _, action in ipairs(answer.result or {}) do
      if action.title:find("^Fix CD502") then
        vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
        result.applied = action.title
      end
    end
  end
  result.gone = vim.wait(60000, function() return find("CD502") == nil and #vim.diagnostic.get(0) > 0 end, 20)
end
result.after = codes()
result.line = vim.api.nvim_buf_get_lines(0, target and target.lnum or 0, (target and target.lnum or 0) + 1, false)[1]
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
vim.lsp.stop_client(client)
vim.wait(3000, function() return vim.lsp.client_is_stopped(client) end, 20)
vim.cmd("qa!")
"""


@pytest.mark.slow  # Neovim and a server process: ten seconds or so
@pytest.mark.skipif(shutil.which("nvim") is None, reason="Neovim is not installed (apt-get install neovim)")
def test_neovim_shows_the_seed_findings_and_a_fix_makes_one_go(tmp_path: Path):
    seen = drive(tmp_path, SCRIPT, "drive.lua", ["nvim", "--headless", "--clean", "-n", "-c", "luafile {script}"])
    assert seen["shown"], seen
    assert seen["applied"].startswith("Fix CD502")
    assert "soon&#8230;</p>" in seen["line"]
