"""The VS Code extension: how it finds the server, its results table, its commands, and that
the documented build (``npm install``, ``npx @vscode/vsce package --allow-missing-repository``, run
on a copy) packages it without a prompt, and that it names no made-up address.

VS Code itself is not run. These tests need node and npm (the packaging one also the npm registry)
and skip, saying so, without them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.editors.support import ROOT, SCRIPTS, WAIT, snippets

EXTENSION = ROOT / "editors" / "vscode"
FIND_SERVER = Path(__file__).with_name("vscode_find_server.js")
INSTALL_WAIT = 900  # seconds: an upper bound on npm install + vsce (a hang guard, never a speed check)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed: the VS Code extension cannot be checked")
    return found


def _python_without_imisql() -> str:
    for candidate in filter(None, (shutil.which("/usr/bin/python3"), shutil.which("python3"))):
        if subprocess.run([candidate, "-c", "import imisql"], capture_output=True, timeout=WAIT).returncode != 0:
            return candidate
    pytest.skip("every Python on this machine has imisql installed: no interpreter to show the fallback")


def test_the_server_is_found_in_the_documented_order() -> None:
    node = _tool("node")
    done = subprocess.run(
        [node, str(FIND_SERVER), sys.executable, _python_without_imisql(), str(SCRIPTS)],
        capture_output=True, text=True, timeout=WAIT, check=True,
    )  # fmt: skip
    found = json.loads(done.stdout)
    assert found["configured"]["command"] == "/opt/lsp" and found["configured"]["args"] == ["--stdio"]
    assert (found["interpreter"]["command"], found["interpreter"]["args"]) == (sys.executable, ["-m", "imisql.lsp"])
    assert found["path"]["command"] == str(SCRIPTS / "imisql-lsp")
    assert found["none"] is None
    assert found["install"].endswith(" -m pip install imisql")
    assert found["table"].splitlines() == [
        "PartyId | Email",
        "--------+------",
        "20001   | ∅",
        "3       | a\\tb",
        "(2 rows, more not shown, 0.25 s)",
    ]
    assert found["error"] == "error: Party has no field 'Emial'"


def test_every_command_is_contributed_and_registered() -> None:
    manifest = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    contributed = {c["command"] for c in manifest["contributes"]["commands"]}
    registered = set(
        re.findall(r'registerCommand\("([\w.]+)"', (EXTENSION / "extension.js").read_text(encoding="utf-8"))
    )
    assert contributed == registered == {"imisql.runStatement", "imisql.explainStatement", "imisql.restartServer"}


def test_the_documented_build_packages_without_prompts(tmp_path: Path) -> None:
    for tool in ("npm", "npx"):
        _tool(tool)
    steps = [line.split("#")[0].strip() for line in snippets("VS Code", "sh")[0].splitlines()]
    assert steps[-1].startswith("code --install-extension")  # the one step left out: it installs into your VS Code
    shutil.copytree(EXTENSION, tmp_path / "editors" / "vscode", ignore=shutil.ignore_patterns("node_modules", "*.vsix"))
    built = subprocess.run(
        ["bash", "-e", "-c", "\n".join(steps[:-1])],
        cwd=tmp_path, capture_output=True, text=True, timeout=INSTALL_WAIT, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    if built.returncode != 0 and re.search(r"ENOTFOUND|EAI_AGAIN|ECONNREFUSED", built.stdout + built.stderr):
        pytest.skip("the npm registry cannot be reached: the extension cannot be packaged")
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    said = built.stdout + built.stderr
    assert "Do you want to continue" not in said and "--allow-missing-repository to bypass" not in said  # no prompt
    vsix_name = steps[-1].split()[-1]
    with zipfile.ZipFile(tmp_path / "editors" / "vscode" / vsix_name) as vsix:
        names = set(vsix.namelist())
        manifest = vsix.read("extension.vsixmanifest").decode()
    shipped = {"package.json", "extension.js", "server.js", "results.js", "LICENSE.txt", "icon.png", "readme.md"}
    assert {f"extension/{name}" for name in shipped} <= names
    assert "extension/syntaxes/imisql.tmLanguage.json" in names
    assert "extension/node_modules/vscode-languageclient/package.json" in names
    assert not [name for name in names if name.startswith("extension/node_modules/@vscode/")]  # no dev tools inside
    assert "github.com" not in manifest  # the project has no public repository: no URL is made up for one


def test_the_extension_names_no_invented_address() -> None:
    shipped = [EXTENSION / "package.json", EXTENSION / "README.md"]
    assert not [path.name for path in shipped if re.search(r"https?://", path.read_text(encoding="utf-8"))]
    manifest = json.loads(shipped[0].read_text(encoding="utf-8"))
    assert not {"repository", "homepage", "bugs"} & manifest.keys()
