// The imisql VS Code extension: starts `imisql-lsp` and adds two commands that ask the server to
// explain or run the statement under the cursor. All language features come from the server.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("imisql").get("serverCommand", ["imisql-lsp"]);
  client = new LanguageClient(
    "imisql",
    "imisql",
    { command: command[0], args: command.slice(1) },
    {
      documentSelector: [{ language: "imisql" }, { language: "python" }], // Python: embedded queries only
      synchronize: { configurationSection: "imisql" },
      initializationOptions: { imisql: vscode.workspace.getConfiguration("imisql") },
    },
  );
  const output = vscode.window.createOutputChannel("imisql");
  const atCursor = (name, show) => async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const args = [editor.document.uri.toString(), editor.selection.active];
    show(await client.sendRequest("workspace/executeCommand", { command: name, arguments: args }));
  };
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("imisql.explainStatement", atCursor("imisql.explain", (text) => {
      output.clear(); output.appendLine(text); output.show(true);
    })),
    vscode.commands.registerCommand("imisql.runStatement", atCursor("imisql.run", (result) => {
      output.clear();
      if (result.error) { output.appendLine(result.error); output.show(true); return; }
      output.appendLine(result.columns.join("\t"));
      for (const row of result.rows) output.appendLine(row.map((v) => (v === null ? "∅" : String(v))).join("\t"));
      output.appendLine(`${result.rows.length} row(s)${result.truncated ? " (truncated)" : ""} in ${result.elapsed}s`);
      output.show(true);
    })),
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
