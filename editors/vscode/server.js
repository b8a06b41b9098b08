// Where the imisql language server is: the configured command, else the Python extension's
// interpreter when imisql is installed in it (`python -m imisql.lsp`), else `imisql-lsp` on the PATH.
// No VS Code API here, so it runs (and is tested) under plain node.
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const PROBE_TIMEOUT_MS = 15000;

function hasImisql(python) {
  const probe = spawnSync(python, ["-c", "import imisql.lsp"], { timeout: PROBE_TIMEOUT_MS, stdio: "ignore" });
  return probe.status === 0;
}

function onPath(name, env, platform) {
  const suffixes = platform === "win32" ? (env.PATHEXT || ".EXE;.CMD;.BAT").split(";").concat([""]) : [""];
  for (const dir of (env.PATH || env.Path || "").split(path.delimiter)) {
    for (const suffix of suffixes) {
      const candidate = path.join(dir, name + suffix.toLowerCase());
      try {
        fs.accessSync(candidate, platform === "win32" ? fs.constants.F_OK : fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here: try the next directory
      }
    }
  }
  return null;
}

/**
 * The server to start, as { command, args, source }, or null when there is none.
 * configured: the imisql.serverCommand setting (an empty list means "find it");
 * interpreter: the Python extension's selected interpreter, if any.
 */
function findServer({ configured = [], interpreter = null, env = process.env, platform = process.platform } = {}) {
  if (configured.length > 0) {
    return { command: configured[0], args: configured.slice(1), source: "the imisql.serverCommand setting" };
  }
  if (interpreter && hasImisql(interpreter)) {
    return { command: interpreter, args: ["-m", "imisql.lsp"], source: `the Python interpreter ${interpreter}` };
  }
  const found = onPath("imisql-lsp", env, platform);
  return found ? { command: found, args: [], source: "imisql-lsp on the PATH" } : null;
}

/** The command line that installs imisql for the given interpreter (or the usual Python). */
function installCommand(interpreter, platform = process.platform) {
  const python = interpreter || (platform === "win32" ? "py" : "python3");
  return `"${python}" -m pip install imisql`;
}

module.exports = { findServer, installCommand };
