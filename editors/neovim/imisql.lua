-- imisql for Neovim 0.11+: filetype, the language server, and two commands.
-- Put this file in ~/.config/nvim/plugin/ (or require it from init.lua).
-- Neovim 0.8 to 0.10 have no vim.lsp.config: docs/editors.md gives the vim.lsp.start set-up for them.
vim.filetype.add({ extension = { imisql = "imisql" } })
vim.treesitter.language.register("sql", "imisql") -- SQL highlighting if the sql parser is installed

vim.lsp.config("imisql", {
  cmd = { "imisql-lsp" },
  filetypes = { "imisql" },
  root_markers = { ".git" },
  init_options = { imisql = { demo = true } }, -- runs go to the demo data; for a site: { profile = "prod" }
  settings = { imisql = { maxRows = 200 } },
})
vim.lsp.enable("imisql")

local function at_cursor(command, show)
  local client = vim.lsp.get_clients({ bufnr = 0, name = "imisql" })[1]
  if not client then return vim.notify("imisql: the language server is not attached", vim.log.levels.WARN) end
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  client:request("workspace/executeCommand",
    { command = command, arguments = { params.textDocument.uri, params.position } },
    function(err, result) if err then vim.notify(err.message, vim.log.levels.ERROR) else show(result) end end, 0)
end

vim.api.nvim_create_user_command("ImisqlExplain", function()
  at_cursor("imisql.explain", function(text) vim.notify(text) end)
end, {})

vim.api.nvim_create_user_command("ImisqlRun", function()
  at_cursor("imisql.run", function(result)
    if result.error then return vim.notify(result.error, vim.log.levels.ERROR) end
    local lines = { table.concat(result.columns, "\t") }
    for _, row in ipairs(result.rows) do
      local cells = {}
      for i, v in ipairs(row) do cells[i] = v == vim.NIL and "∅" or tostring(v) end
      table.insert(lines, table.concat(cells, "\t"))
    end
    table.insert(lines, ("(%d rows%s)"):format(#result.rows, result.truncated and ", truncated" or ""))
    vim.cmd("botright new")
    vim.api.nvim_buf_set_lines(0, 0, -1, false, lines)
    vim.bo.buftype, vim.bo.modified = "nofile", false
  end)
end, {})
