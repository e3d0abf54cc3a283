// `patter lsp` driven by a real LSP client library (vscode-jsonrpc, the transport VS Code's
// language client is built on): open an example, edit it into violations, and check the
// diagnostics, hovers, a quick fix that repairs it, navigation, completion and formatting.
// Usage: node test/lsp_client_test.js PATTER SOURCE_ROOT
const assert = require('assert/strict');
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const rpc = require('vscode-jsonrpc/node');

const [patter, root] = process.argv.slice(2);
const file = path.resolve(root, 'examples/data_pack_10.patter');
const uri = pathToFileURL(file).href;
const original = fs.readFileSync(file, 'utf8');

/// The position of the `nth` occurrence of `needle` in `text` (+ `offset` UTF-16 units).
function positionOf(text, needle, offset = 0) {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `'${needle}' is in the text`);
  const before = text.slice(0, at + offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function offsetOf(text, position) {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < position.line; i++) offset += lines[i].length + 1;
  return offset + position.character;
}

/// Applies LSP text edits (UTF-16 positions, as JavaScript strings count) to `text`.
function applyEdits(text, edits) {
  const sorted = [...edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start));
  for (const e of sorted)
    text = text.slice(0, offsetOf(text, e.range.start)) + e.newText + text.slice(offsetOf(text, e.range.end));
  return text;
}

async function main() {
  const server = spawn(patter, ['lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(server.stdout),
    new rpc.StreamMessageWriter(server.stdin));
  const published = [];
  let waiting = null;
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    if (params.uri !== uri) return;
    published.push(params.diagnostics);
    if (waiting) waiting();
  });
  connection.listen();
  const nextDiagnostics = async () => {
    while (published.length === 0) await new Promise((resolve) => { waiting = resolve; });
    return published.shift();
  };

  const init = await connection.sendRequest('initialize', {
    processId: process.pid, rootUri: pathToFileURL(root).href,
    capabilities: { textDocument: { hover: { contentFormat: ['markdown'] } } },
  });
  assert.equal(init.serverInfo.name, 'patter');
  assert.ok(init.capabilities.codeActionProvider, 'code actions offered');
  connection.sendNotification('initialized', {});

  // Open: the example is clean, as `patter check` says.
  connection.sendNotification('textDocument/didOpen',
    { textDocument: { uri, languageId: 'patter', version: 1, text: original } });
  assert.deepEqual(await nextDiagnostics(), [], 'the example opens clean');

  // Edit 1: banned wording in the pitch. One R09 error under exactly those characters.
  const pitch = '这次活动优惠力度非常大,很多老用户都已经参与了,您看';
  const banned = original.replace(pitch, '这个活动是完全免费的,您看');
  connection.sendNotification('textDocument/didChange',
    { textDocument: { uri, version: 2 }, contentChanges: [{ text: banned }] });
  const diagnostics = await nextDiagnostics();
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  const [d] = diagnostics;
  assert.equal(d.code, 'E0601');
  assert.equal(d.severity, 1);
  assert.match(d.message, /完全免费.*\[R09\]/);
  assert.deepEqual(d.range.start, positionOf(banned, '完全免费'));
  assert.deepEqual(d.range.end, positionOf(banned, '完全免费', 4));

  // Hover on it: the code and the rule behind it.
  const hover = await connection.sendRequest('textDocument/hover',
    { textDocument: { uri }, position: d.range.start });
  assert.match(hover.contents.value, /E0601/);
  assert.match(hover.contents.value, /R09/);

  // The quick fix replaces the phrase with the policy's suggestion, and the file is clean again.
  const actions = await connection.sendRequest('textDocument/codeAction',
    { textDocument: { uri }, range: d.range, context: { diagnostics } });
  assert.equal(actions.length, 1, JSON.stringify(actions));
  assert.equal(actions[0].kind, 'quickfix');
  const fixed = applyEdits(banned, actions[0].edit.changes[uri]);
  assert.ok(fixed.includes('这个活动是这次活动优惠力度非常大,很多老用户都已经参与了的,您看'), fixed);
  connection.sendNotification('textDocument/didChange',
    { textDocument: { uri, version: 3 }, contentChanges: [{ text: fixed }] });
  assert.deepEqual(await nextDiagnostics(), [], 'the quick fix repairs the violation');

  // A title in curly quotes: one E0008 for the string, one quick fix mending both marks.
  const curly = original.replace('"10元5GB流量月包"', '\u201c10元5GB流量月包\u201d');
  connection.sendNotification('textDocument/didChange',
    { textDocument: { uri, version: 4 }, contentChanges: [{ text: curly }] });
  const quoted = await nextDiagnostics();
  assert.equal(quoted.length, 1, JSON.stringify(quoted));
  assert.equal(quoted[0].code, 'E0008');
  const quoteFixes = await connection.sendRequest('textDocument/codeAction',
    { textDocument: { uri }, range: quoted[0].range, context: { diagnostics: quoted } });
  assert.equal(quoteFixes.length, 1, JSON.stringify(quoteFixes));
  assert.equal(quoteFixes[0].edit.changes[uri].length, 2);
  assert.equal(applyEdits(curly, quoteFixes[0].edit.changes[uri]), original);

  // Edit 2: no explicit confirmation before the sale. The counterexample path comes as
  // related information, step by step.
  const unconfirmed = original.replace(/\n    confirm\n/, '\n');
  connection.sendNotification('textDocument/didChange',
    { textDocument: { uri, version: 5 }, contentChanges: [{ text: unconfirmed }] });
  const [missing] = await nextDiagnostics();
  assert.equal(missing.code, 'E0505');
  assert.match(missing.message, /\[R07\]/);
  const path_ = missing.relatedInformation.map((r) => r.message);
  assert.deepEqual(path_.slice(0, 2), ["path: step 'greet', then on yes", "path: step 'pitch', then on yes"]);
  assert.equal(missing.relatedInformation[0].location.uri, uri);
  assert.deepEqual(missing.relatedInformation[0].location.range.start, positionOf(unconfirmed, 'greet {'));

  // Back to the example for navigation.
  connection.sendNotification('textDocument/didChange',
    { textDocument: { uri, version: 6 }, contentChanges: [{ text: original }] });
  assert.deepEqual(await nextDiagnostics(), []);

  const clauseHover = await connection.sendRequest('textDocument/hover',
    { textDocument: { uri }, position: positionOf(original, 'disclose price', 10) });
  assert.match(clauseHover.contents.value, /每月只需10元/, 'a disclosed clause shows its text');
  const factHover = await connection.sendRequest('textDocument/hover',
    { textDocument: { uri }, position: positionOf(original, '    price     10', 5) });
  assert.match(factHover.contents.value, /money `10 yuan per month`/);
  const templateHover = await connection.sendRequest('textDocument/hover',
    { textDocument: { uri }, position: positionOf(original, '为回馈老用户', 2) });
  assert.match(templateHover.contents.value, /为回馈老用户,我们推出了10元5GB流量月包。/);

  const definition = await connection.sendRequest('textDocument/definition',
    { textDocument: { uri }, position: positionOf(original, '-> confirm', 4) });
  assert.deepEqual(definition.range.start, positionOf(original, 'confirm {'));
  const handler = await connection.sendRequest('textDocument/definition',
    { textDocument: { uri }, position: positionOf(original, 'on hangup', 4) });
  assert.match(handler.uri, /stdlib\/std\/handlers\.patter$/, 'an event leads to its imported handler');
  const references = await connection.sendRequest('textDocument/references',
    { textDocument: { uri }, position: positionOf(original, 'step closing', 6), context: { includeDeclaration: true } });
  assert.equal(references.length, 5, JSON.stringify(references));

  const symbols = await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  assert.equal(symbols[0].name, 'data_pack_10');
  assert.ok(symbols[0].children.some((s) => s.name === 'pitch' && s.detail === 'step'));

  const withDisclose = original.replace('disclose price, includes', 'disclose ');
  connection.sendNotification('textDocument/didChange',
    { textDocument: { uri, version: 7 }, contentChanges: [{ text: withDisclose }] });
  await nextDiagnostics();
  const clauses = await connection.sendRequest('textDocument/completion',
    { textDocument: { uri }, position: positionOf(withDisclose, 'disclose ', 9) });
  assert.ok(clauses.some((c) => c.label === 'downgrade'), JSON.stringify(clauses));

  // Formatting through the formatter: a messy file comes back in the canonical layout.
  const messy = original.replace('    on yes -> pitch', 'on   yes->pitch');
  connection.sendNotification('textDocument/didChange',
    { textDocument: { uri, version: 8 }, contentChanges: [{ text: messy }] });
  await nextDiagnostics();
  const edits = await connection.sendRequest('textDocument/formatting',
    { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
  assert.equal(applyEdits(messy, edits), original);

  await connection.sendRequest('shutdown');
  connection.sendNotification('exit');
  assert.equal(await exited, 0, 'the server exits cleanly after shutdown');
  connection.dispose();
  console.log('patter lsp: diagnostics, hover, quick fix, navigation, completion and formatting as expected');
}

main().catch((e) => { console.error(e); process.exit(1); });
