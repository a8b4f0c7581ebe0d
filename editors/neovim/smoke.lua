-- Headless check of `reportlint lsp` with Neovim's built-in client (tried with Neovim 0.7.2 and 0.12-dev):
--   nvim --headless --clean -c "luafile editors/neovim/smoke.lua" DRAFT.md
-- or, to try the configuration of a user's init.lua (0.11+: vim.lsp.enable('reportlint') with
-- editors/neovim/reportlint.lua in the config's lsp/ folder), without --clean and with
-- REPORTLINT_SMOKE_ENABLED=1: the client is the one that configuration started for the buffer.
-- Prints one line per diagnostic and the titles of the code actions on the first one, then replaces
-- the first finding's text with a full-width comma as typing would and waits for one diagnostic
-- fewer (exit code 1 when no diagnostics arrived, or did not update, within 20 s).
local buf = vim.api.nvim_get_current_buf()
local client
if os.getenv("REPORTLINT_SMOKE_ENABLED") then
  local attached = vim.wait(20000, function()
    return #vim.lsp.get_clients({ bufnr = buf, name = "reportlint" }) > 0
  end, 50)
  if not attached then
    io.stdout:write("the configuration started no reportlint client\n")
    vim.cmd("cquit 1")
  end
  client = vim.lsp.get_clients({ bufnr = buf, name = "reportlint" })[1].id
  io.stdout:write("started by the configuration\n")
else
  client = vim.lsp.start_client({
    name = "reportlint",
    cmd = { os.getenv("REPORTLINT") or "reportlint", "lsp" },
    root_dir = vim.fn.getcwd(),
    init_options = { debounceMs = 0 },
  })
  vim.lsp.buf_attach_client(buf, client)
end
local ok = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
if not ok then
  io.stdout:write("no diagnostics\n")
  vim.cmd("cquit 1")
end
for _, d in ipairs(vim.diagnostic.get(buf)) do
  io.stdout:write(string.format("%d:%d-%d:%d %s %s\n", d.lnum, d.col, d.end_lnum, d.end_col,
    d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?", d.message))
end
-- the first diagnostic's whole line (Neovim's columns are bytes; the protocol's are UTF-16 units)
local first = vim.diagnostic.get(buf)[1]
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = first.lnum, character = 0 }, ["end"] = { line = first.lnum + 1, character = 0 } },
  context = { diagnostics = {} },
}
local res = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 10000) or {}
for _, r in pairs(res) do
  for _, a in ipairs(r.result or {}) do io.stdout:write("action: " .. a.title .. "\n") end
end
-- type as a writer does: Neovim sends the edit as an incremental change (a UTF-16 range)
local before = #vim.diagnostic.get(buf)
vim.api.nvim_buf_set_text(buf, first.lnum, first.col, first.lnum, first.end_col, { "，" })
local fixed = vim.wait(20000, function() return #vim.diagnostic.get(buf) == before - 1 end, 50)
io.stdout:write(string.format("after typing: %d -> %d diagnostics\n", before, #vim.diagnostic.get(buf)))
vim.lsp.stop_client(client)
vim.cmd(fixed and "qall!" or "cquit 1")
