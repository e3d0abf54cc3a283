// The patter extension: starts `patter lsp` and lets VS Code's language client talk to it.
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('patter');
  const args = ['lsp'];
  for (const dir of config.get('includeDirs', [])) args.push('-I', dir);
  // stdio: the client adds `--stdio`, which `patter lsp` accepts.
  const server = { command: config.get('path', 'patter'), args, transport: TransportKind.stdio };
  client = new LanguageClient('patter', 'patter', { run: server, debug: server }, {
    documentSelector: [{ scheme: 'file', language: 'patter' }],
  });
  client.start();
  context.subscriptions.push(client);
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
