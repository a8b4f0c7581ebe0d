-- reportlint in Neovim 0.11+ (built-in vim.lsp.config; nvim-lspconfig is not needed for it).
-- Put this file in ~/.config/nvim/lsp/reportlint.lua, or paste the table into
-- vim.lsp.config('reportlint', {...}) in init.lua; then call vim.lsp.enable('reportlint').
return {
  cmd = { 'reportlint', 'lsp' },
  filetypes = { 'markdown', 'text' },
  root_markers = { '.reportlint.yaml', '.reportlint.yml', 'pyproject.toml', '.git' },
  init_options = {
    debounceMs = 250,
    -- crossFile = true,                      -- copies across the workspace's documents
    -- rulesUrl = 'https://…/docs/rules.md',  -- where each finding's rule link points
  },
}
