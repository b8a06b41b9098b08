"""Real Neovim (headless) with the docs' set-up for Python files: help inside embedded queries only.

The "Python files" snippet of docs/editors.md goes to ``~/.config/nvim/plugin/`` of a fresh home;
Neovim opens a Python file and ``nvim_session.lua`` records what the editor got.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from tests.editors.support import WAIT, editor_env, snippets
from tests.editors.test_neovim import DRIVER, _neovim

LINES = [
    "import imisql",
    "conn = imisql.connect(demo=True)",
    'rows = conn.execute("SELECT PartyId, Emial FROM Party WHERE LastName = :last", {"last": "Smith"})',
    'print("SELECT Emial FROM Party")',
]
POSITIONS = {
    "completion": [2, LINES[2].index(" = :last")],
    "hover": [2, LINES[2].index("Party WHERE") + 2],
}


def _session(tmp_path: Path, plugin: str) -> dict[str, Any]:
    home, project = tmp_path / "home", tmp_path / "project"
    plugins = home / "config" / "nvim" / "plugin"
    plugins.mkdir(parents=True)
    (plugins / "imisql.lua").write_text(plugin, encoding="utf-8")
    (project / ".git").mkdir(parents=True)
    document = project / "app.py"
    document.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    result = tmp_path / "result.json"
    env = editor_env(home) | {"IMISQL_NVIM_RESULT": str(result), "IMISQL_NVIM_POSITIONS": json.dumps(POSITIONS)}
    nvim = _neovim(env)
    done = subprocess.run(
        [nvim, "--headless", str(document), "-c", f"luafile {DRIVER}"],
        cwd=project, env=env, capture_output=True, text=True, timeout=WAIT, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.exists(), f"Neovim wrote no result (exit {done.returncode}): {done.stderr[-2000:]}"
    out: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    assert "error" not in out, out["error"]
    return out


def test_the_documented_python_snippet(tmp_path: Path) -> None:
    out = _session(tmp_path, snippets("Python files", "lua")[0])
    assert out["filetype"] == "python"
    assert all(step.endswith(" ok") for step in out["steps"]), out["steps"]
    assert [(d["line"], d["col"], d["code"]) for d in out["diagnostics"]] == [
        (2, LINES[2].index("Emial"), "unknown-field")
    ]
    assert "LastName" in out["completion"]
    assert "**Party**" in out["hover"]["contents"]["value"]
    assert out["formatted"] == LINES  # the Python file is not the server's to format
