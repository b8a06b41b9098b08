// Run by test_vscode.py under node: the extension's server search and results table, with real
// interpreters and a real PATH. Prints one JSON object of what each case gave.
const path = require("path");
const extension = path.resolve(__dirname, "..", "..", "editors", "vscode");
const { findServer, installCommand } = require(path.join(extension, "server.js"));
const { formatResult } = require(path.join(extension, "results.js"));

const [withImisql, withoutImisql, scripts] = process.argv.slice(2);
const empty = { PATH: path.dirname(withoutImisql) };
const cases = {
  configured: findServer({ configured: ["/opt/lsp", "--stdio"], interpreter: withImisql, env: { PATH: scripts } }),
  interpreter: findServer({ interpreter: withImisql, env: { PATH: scripts } }),
  path: findServer({ interpreter: withoutImisql, env: { PATH: [path.dirname(withoutImisql), scripts].join(path.delimiter) } }),
  none: findServer({ interpreter: withoutImisql, env: empty }),
  install: installCommand(withoutImisql),
  table: formatResult({ columns: ["PartyId", "Email"], rows: [["20001", null], ["3", "a\tb"]], truncated: true, elapsed: 0.25 }),
  error: formatResult({ error: "Party has no field 'Emial'" }),
};
process.stdout.write(JSON.stringify(cases));
