-- Driven by test_neovim.py inside a headless Neovim that has the documented set-up loaded and an
-- .imisql file open: waits for imisql-lsp to attach, then records what the editor got (diagnostics,
-- completion, hover, formatting, and the :Imisql* commands when the set-up defines them) as JSON in
-- $IMISQL_NVIM_RESULT, and quits. Every wait is bounded by WAIT_MS.
local WAIT_MS = 60000
local at = vim.json.decode(os.getenv("IMISQL_NVIM_POSITIONS")) -- { completion = { line, col }, hover = ... }
local out = { steps = {} }
local notes = {}
vim.notify = function(message) table.insert(notes, message) end

local function wait_for(what, condition)
  local ok = vim.wait(WAIT_MS, condition, 20)
  table.insert(out.steps, what .. (ok and " ok" or " timed out"))
  return ok
end

local function request(client, method, position)
  vim.api.nvim_win_set_cursor(0, { position[1] + 1, position[2] })
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local reply = client:request_sync(method, params, WAIT_MS, 0)
  return reply and reply.result or vim.NIL
end

local function session()
  out.version = tostring(vim.version())
  out.filetype = vim.bo.filetype
  local client
  if not wait_for("attach", function()
    client = vim.lsp.get_clients({ bufnr = 0, name = "imisql" })[1]
    return client ~= nil and client.initialized
  end) then return end
  out.server = client.server_info
  wait_for("diagnostics", function() return #vim.diagnostic.get(0) > 0 end)
  out.diagnostics = vim.tbl_map(function(d)
    return { line = d.lnum, col = d.col, code = d.code, message = d.message, source = d.source }
  end, vim.diagnostic.get(0))

  local items = request(client, "textDocument/completion", at.completion)
  out.completion = vim.tbl_map(function(i) return i.label end, items.items or items)
  out.hover = request(client, "textDocument/hover", at.hover)

  if vim.fn.exists(":ImisqlExplain") == 2 then
    vim.api.nvim_win_set_cursor(0, { 1, 0 })
    vim.cmd("ImisqlExplain")
    wait_for("explain", function() return #notes > 0 end)
    out.explain = notes[1]
    local windows = #vim.api.nvim_list_wins()
    vim.cmd("ImisqlRun")
    if wait_for("run", function() return #vim.api.nvim_list_wins() > windows end) then
      out.run = vim.api.nvim_buf_get_lines(0, 0, -1, false)
      vim.cmd("close")
    end
  end

  vim.lsp.buf.format({ timeout_ms = WAIT_MS })
  out.formatted = vim.api.nvim_buf_get_lines(0, 0, -1, false)
end

local ok, err = xpcall(session, debug.traceback)
if not ok then out.error = err end
vim.fn.writefile({ vim.json.encode(out) }, os.getenv("IMISQL_NVIM_RESULT"))
vim.cmd("qa!")
