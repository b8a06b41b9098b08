// The imisql VS Code extension: finds and starts the imisql language server (offering to install it
// when it is missing), restarts it on demand, and runs or explains the statement under the cursor or
// under a "Run Query" code lens, with the results in the imisql output panel. Every language feature
// comes from the server.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");
const { findServer, installCommand } = require("./server");
const { formatResult } = require("./results");

const SELECTOR = [{ language: "imisql" }, { language: "python" }]; // Python: embedded queries only
let client = null;
let output = null;

async function pythonInterpreter() {
  const python = vscode.extensions.getExtension("ms-python.python");
  if (!python) return null;
  try {
    const api = python.isActive ? python.exports : await python.activate();
    const environment = await api.environments.resolveEnvironment(api.environments.getActiveEnvironmentPath());
    return (environment && environment.executable && environment.executable.uri && environment.executable.uri.fsPath) || null;
  } catch (error) {
    output.appendLine(`imisql: could not ask the Python extension for its interpreter: ${error}`);
    return null;
  }
}

async function offerInstall(interpreter) {
  const install = "Install with pip";
  const choice = await vscode.window.showErrorMessage(
    "imisql: the language server was not found (looked at the imisql.serverCommand setting, the selected " +
      "Python interpreter and imisql-lsp on the PATH).",
    install,
    "Open Settings",
  );
  if (choice === install) {
    const terminal = vscode.window.createTerminal("imisql install");
    terminal.show();
    terminal.sendText(installCommand(interpreter));
    vscode.window.showInformationMessage("imisql: when the install has finished, run 'imisql: Restart Server'.");
  } else if (choice === "Open Settings") {
    vscode.commands.executeCommand("workbench.action.openSettings", "imisql.serverCommand");
  }
}

async function startServer() {
  const settings = vscode.workspace.getConfiguration("imisql");
  const interpreter = await pythonInterpreter();
  const server = findServer({ configured: settings.get("serverCommand", []), interpreter });
  if (!server) return offerInstall(interpreter);
  output.appendLine(`imisql: starting ${[server.command, ...server.args].join(" ")} (${server.source})`);
  client = new LanguageClient("imisql", "imisql", { command: server.command, args: server.args }, {
    documentSelector: SELECTOR,
    outputChannel: output,
    synchronize: { configurationSection: "imisql" },
    initializationOptions: { imisql: settings },
  });
  try {
    await client.start();
  } catch (error) {
    client = null;
    vscode.window.showErrorMessage(`imisql: the language server did not start (${error}); see the imisql output.`);
  }
}

async function restartServer() {
  if (client) {
    const running = client;
    client = null;
    await running.stop();
  }
  await startServer();
}

function atStatement(command, show) {
  return async (uri, position) => {
    const editor = vscode.window.activeTextEditor;
    const target = uri || (editor && editor.document.uri);
    const at = position || (editor && editor.selection.active);
    if (!target || !at) return;
    if (!client) return vscode.window.showWarningMessage("imisql: the language server is not running.");
    const c2p = client.code2ProtocolConverter;
    const result = await client.sendRequest("workspace/executeCommand", {
      command,
      arguments: [c2p.asUri(target), c2p.asPosition(at)],
    });
    output.clear();
    output.appendLine(show(result));
    output.show(true);
  };
}

const runLenses = {
  async provideCodeLenses(document) {
    if (document.languageId !== "imisql" || !client) return [];
    const symbols = (await vscode.commands.executeCommand("vscode.executeDocumentSymbolProvider", document.uri)) || [];
    return symbols.map((symbol) => {
      const range = symbol.range || symbol.location.range;
      const run = { title: "▶ Run Query", command: "imisql.runStatement", arguments: [document.uri, range.start] };
      return new vscode.CodeLens(range, run);
    });
  },
};

async function activate(context) {
  output = vscode.window.createOutputChannel("imisql");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("imisql.restartServer", restartServer),
    vscode.commands.registerCommand("imisql.explainStatement", atStatement("imisql.explain", (text) => text)),
    vscode.commands.registerCommand("imisql.runStatement", atStatement("imisql.run", formatResult)),
    vscode.languages.registerCodeLensProvider({ language: "imisql" }, runLenses),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("imisql.serverCommand")) restartServer();
    }),
  );
  await startServer();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
