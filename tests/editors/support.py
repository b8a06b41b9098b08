"""What the editor tests share: the documented snippets of docs/editors.md and a clean home for an editor.

An editor under test gets a fresh ``HOME`` and XDG directories (so the user's own configuration never
leaks in) and a ``PATH`` that starts with this Python's scripts directory, where ``pip install``
put ``imisql-lsp``: the server is found by name, exactly as the documented set-ups ask for it.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EDITORS_DOC = ROOT / "docs" / "editors.md"
SCRIPTS = Path(sys.executable).parent
WAIT = 180  # seconds: an upper bound on one editor session (a hang guard, never a speed check)

_FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.S | re.M)


def section(heading: str) -> str:
    """The text of the ``## heading...`` section of docs/editors.md (its sub-sections included)."""
    text = EDITORS_DOC.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(heading)}.*?(?=^## |\Z)", text, re.S | re.M)
    assert match, f"docs/editors.md has no section '{heading}'"
    return match.group(0)


def snippets(heading: str, language: str) -> list[str]:
    """The fenced ``language`` blocks of a section of docs/editors.md, in order."""
    return [body for lang, body in _FENCE.findall(section(heading)) if lang == language]


def editor_env(home: Path) -> dict[str, str]:
    """An environment with ``home`` as HOME and XDG base, and imisql-lsp on the PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "NVIM", "VIM", "EMACS", "IMISQL_"))}
    env["HOME"] = str(home)
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    env["PATH"] = os.pathsep.join([str(SCRIPTS), env.get("PATH", "")])
    return env
