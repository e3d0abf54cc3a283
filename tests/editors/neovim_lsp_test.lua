-- `patter lsp` driven by Neovim's own LSP client (Debian's Neovim 0.7, headless): open an example,
-- edit banned wording into the pitch, and check the diagnostic, its hover and the quick fix that
-- makes the file clean again. Run by neovim_lsp.sh with PATTER (the binary) and EXAMPLE set.
local patter, example = os.getenv('PATTER'), os.getenv('EXAMPLE')

local function fail(message)
  io.stderr:write('FAIL: ' .. message .. '\n')
  vim.cmd('cquit 1')
end

local function check(ok, message)
  if not ok then fail(message) end
end

local function lspCode(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function waitFor(what, predicate)
  check(vim.wait(15000, predicate, 50), 'timed out waiting for ' .. what)
end

vim.cmd('edit ' .. vim.fn.fnameescape(example))
local buf = vim.api.nvim_get_current_buf()
vim.bo[buf].filetype = 'patter'
local client = vim.lsp.start_client({ name = 'patter', cmd = { patter, 'lsp' },
                                      root_dir = vim.fn.fnamemodify(example, ':p:h') })
check(client ~= nil, 'the server starts')
vim.lsp.buf_attach_client(buf, client)
waitFor('the server to initialise', function()
  local c = vim.lsp.get_client_by_id(client)
  return c ~= nil and c.initialized
end)
-- The example opens clean: the diagnostics come, and there are none.
vim.wait(1500)
check(#vim.diagnostic.get(buf) == 0, 'the example opens clean')

-- Banned wording in the pitch, typed into the buffer as a writer would.
local pitch = '这次活动优惠力度非常大,很多老用户都已经参与了,您看'
local edited = false
for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  local from, to = line:find(pitch, 1, true)
  if from then
    local text = line:sub(1, from - 1) .. '这个活动是完全免费的,您看' .. line:sub(to + 1)
    vim.api.nvim_buf_set_lines(buf, i - 1, i, false, { text })
    edited = true
    break
  end
end
check(edited, 'the pitch line is in the example')
waitFor('the E0601 diagnostic', function()
  local ds = vim.diagnostic.get(buf)
  return #ds == 1 and lspCode(ds[1]) == 'E0601'
end)
local d = vim.diagnostic.get(buf)[1]
check(d.severity == vim.diagnostic.severity.ERROR, 'E0601 is an error')
check(d.message:find('完全免费', 1, true) ~= nil, 'the message names the phrase: ' .. d.message)

-- The diagnostic in the protocol's terms: Neovim keeps byte columns, the protocol UTF-16 ones.
local function utf16(row, col)
  local text = vim.api.nvim_buf_get_lines(buf, row, row + 1, false)[1] or ''
  local _, units = vim.str_utfindex(text, math.min(col, #text))
  return { line = row, character = units }
end
local lsp = { range = { start = utf16(d.lnum, d.col), ['end'] = utf16(d.end_lnum, d.end_col) },
              code = lspCode(d), message = d.message, severity = 1, source = d.source }

-- Hover on the diagnostic's first character: the code and the rule behind it.
local position = lsp.range.start
local hovers = vim.lsp.buf_request_sync(buf, 'textDocument/hover',
  { textDocument = vim.lsp.util.make_text_document_params(buf), position = position }, 5000)
local hover = ''
for _, response in pairs(hovers or {}) do
  local contents = response.result and response.result.contents
  if type(contents) == 'table' then hover = hover .. (contents.value or vim.inspect(contents)) end
  if type(contents) == 'string' then hover = hover .. contents end
end
check(hover:find('E0601', 1, true) ~= nil and hover:find('R09', 1, true) ~= nil,
      'the hover names the code and the rule: ' .. hover)

-- The quick fix from the diagnostic's fix-it, applied by the client: the file is clean again.
local actions = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
  textDocument = vim.lsp.util.make_text_document_params(buf), range = lsp.range,
  context = { diagnostics = { lsp } } }, 5000)
local fix
for _, response in pairs(actions or {}) do
  for _, action in ipairs(response.result or {}) do
    if action.edit and not fix then fix = action end
  end
end
check(fix ~= nil, 'a code action fixes it')
vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
waitFor('the diagnostics to clear after the fix', function() return #vim.diagnostic.get(buf) == 0 end)

vim.lsp.stop_client(client)
io.stdout:write('neovim lsp: diagnostic, hover and quick fix through Neovim ' ..
  tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '\n')
vim.cmd('qall!')
