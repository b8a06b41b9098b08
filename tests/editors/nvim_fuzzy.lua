-- Driven by test_neovim.py: in a headless Neovim with the documented set-up (completeopt included),
-- types `a<C-x><C-o>` at the cursor of $IMISQL_NVIM_POSITIONS' `completion` (as a user would) and
-- records what Neovim's own completion offered or inserted, as JSON in $IMISQL_NVIM_RESULT.
-- Every wait is bounded by WAIT_MS.
local WAIT_MS = 60000
local at = vim.json.decode(os.getenv("IMISQL_NVIM_POSITIONS")).completion
local out = { completeopt = vim.o.completeopt }

local function finish()
  vim.fn.writefile({ vim.json.encode(out) }, os.getenv("IMISQL_NVIM_RESULT"))
  vim.cmd("qa!")
end

out.attached = vim.wait(WAIT_MS, function()
  local client = vim.lsp.get_clients({ bufnr = 0, name = "imisql" })[1]
  return client ~= nil and client.initialized
end, 20)
if not out.attached then return finish() end

vim.api.nvim_win_set_cursor(0, { at[1] + 1, at[2] - 1 })
local before = vim.api.nvim_get_current_line()
vim.api.nvim_feedkeys(vim.keycode("a<C-x><C-o>"), "n", false) -- runs once this script returns
local started, timer = vim.uv.now(), vim.uv.new_timer()
timer:start(50, 50, vim.schedule_wrap(function()
  local items = vim.fn.complete_info({ "items" }).items
  local line = vim.api.nvim_get_current_line()
  out.timed_out = vim.uv.now() - started > WAIT_MS
  if #items > 0 or line ~= before or out.timed_out then
    timer:stop()
    out.offered = vim.tbl_map(function(item) return item.word end, items)
    out.line = line
    finish()
  end
end))
