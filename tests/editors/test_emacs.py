"""Real Emacs (batch mode) with eglot and imisql-lsp, set up exactly as docs/editors.md says.

``imisql-mode.el`` goes to ``~/.emacs.d/lisp/`` of a fresh home and the documented init snippet is
the init file; ``emacs_session.el`` visits an ``.imisql`` file and records what the editor got. The
test needs Emacs 28 or later with eglot 1.9 or later (built into Emacs 29; Debian's ``elpa-eglot`` or
GNU ELPA on 28) and skips, saying which is missing, without them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.editors.support import ROOT, WAIT, editor_env, snippets

MODE = ROOT / "editors" / "emacs" / "imisql-mode.el"
DRIVER = Path(__file__).with_name("emacs_session.el")
LINES = [
    "SELECT PartyId, LastName FROM Party WHERE LastName = 'Smith' LIMIT 3;",
    "select Emial from party p where p.lstnm = 'x'",
]
POSITIONS = {"completion": [1, LINES[1].index(" = ")], "hover": [0, LINES[0].index("Party WHERE") + 2]}
PROBE = '(princ (format "%s %s" emacs-version (if (require (quote eglot) nil t) "eglot" "none")))'


def _emacs(env: dict[str, str]) -> str:
    found = shutil.which("emacs", path=env["PATH"])
    if found is None:
        pytest.skip("Emacs is not installed (apt-get install emacs-nox elpa-eglot, or Emacs 29)")
    probe = subprocess.run([found, "--batch", "--eval", PROBE], env=env, capture_output=True, text=True, timeout=WAIT)
    version, eglot = probe.stdout.split()
    if tuple(int(n) for n in re.findall(r"\d+", version)[:2]) < (28, 1):
        pytest.skip(f"Emacs {version} is older than the 28 the documented set-up needs")
    if eglot != "eglot":
        pytest.skip(f"Emacs {version} has no eglot (Emacs 28 needs it from ELPA: M-x package-install RET eglot)")
    return found


def _session(tmp_path: Path) -> dict[str, Any]:
    home, project = tmp_path / "home", tmp_path / "project"
    lisp = home / ".emacs.d" / "lisp"
    lisp.mkdir(parents=True)
    shutil.copy(MODE, lisp / MODE.name)
    init = home / ".emacs.d" / "init.el"
    init.write_text(snippets("Emacs", "elisp")[0], encoding="utf-8")
    (project / ".git").mkdir(parents=True)
    document = project / "queries.imisql"
    document.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    result = tmp_path / "result.json"
    env = editor_env(home) | {
        "IMISQL_EMACS_FILE": str(document), "IMISQL_EMACS_RESULT": str(result),
        "IMISQL_EMACS_POSITIONS": json.dumps(POSITIONS),
    }  # fmt: skip
    emacs = _emacs(env)
    done = subprocess.run(
        [emacs, "--batch", "-l", str(init), "-l", str(DRIVER)],
        cwd=project, env=env, capture_output=True, text=True, timeout=WAIT, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.exists(), f"Emacs wrote no result (exit {done.returncode}): {done.stderr[-2000:]}"
    out: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    assert "error" not in out, (out, done.stderr[-2000:])
    return out


def test_eglot_with_the_documented_set_up(tmp_path: Path) -> None:
    out = _session(tmp_path)
    assert out["mode"] == "imisql-mode"
    assert out["server"] == "imisql-lsp"
    assert all(step.endswith(" ok") for step in out["steps"]), out["steps"]
    unknown = [d for d in out["diagnostics"] if "has no field" in d["text"]]
    assert [(d["line"], d["col"]) for d in unknown] == [(1, LINES[1].index("Emial")), (1, LINES[1].index("p.lstnm"))]
    assert "LastName" in out["completion"]  # what C-M-i offers for `lstnm`: the flex style keeps it
    assert "**Party**" in out["hover"]["contents"]["value"]
    assert "GET https://<site>/api/Party?LastName=eq%3ASmith&limit=3" in out["explain"]
    header, *rows, footer = out["run"].splitlines()
    assert header == "PartyId\tLastName"
    assert rows and all(row.endswith("\tSmith") for row in rows)
    assert footer == f"({len(rows)} rows)"
    assert out["formatted"].splitlines()[:3] == ["SELECT PartyId, LastName", "FROM Party", "WHERE LastName = 'Smith'"]
