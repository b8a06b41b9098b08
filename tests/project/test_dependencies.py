"""Every face imports only its own toolkit: the core and the plain faces none of the shell, the language
server, their toolkits, SQLAlchemy or pandas; the dialect, the server and the shell only their own."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

FORBIDDEN = ("imisql.lsp", "imisql.repl", "pygls", "lsprotocol", "prompt_toolkit", "sqlalchemy", "pandas")
CORE = (
    "imisql", "imisql.parser", "imisql.compiler", "imisql.executor", "imisql.dbapi", "imisql.client",
    "imisql.http", "imisql.engine", "imisql.catalog", "imisql.emulator",
    "imisql.cli", "imisql.runner", "imisql.check", "imisql.ipython",  # faces needing no toolkit
)  # fmt: skip
FACES_WITH_TOOLKITS = {
    "imisql.dialect": ("sqlalchemy",),
    "imisql.lsp.server": ("imisql.lsp", "pygls", "lsprotocol"),
    "imisql.repl.app": ("imisql.repl", "prompt_toolkit"),
}


def _forbidden_imports(modules: tuple[str, ...]) -> list[str]:
    """The FORBIDDEN packages (top-level names, or imisql.lsp/imisql.repl) importing ``modules`` loads."""
    code = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"found = {{n for m in sys.modules for n in {FORBIDDEN!r} if m == n or m.startswith(n + '.')}}\n"
        "print(json.dumps(sorted(found)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return list(json.loads(out.stdout))


def test_core_does_not_import_shell_or_server() -> None:
    assert _forbidden_imports(CORE) == []


@pytest.mark.parametrize("face", sorted(FACES_WITH_TOOLKITS))
def test_each_face_imports_only_its_own_toolkit(face: str) -> None:
    assert set(_forbidden_imports((face,))) <= set(FACES_WITH_TOOLKITS[face])


def test_lsp_and_repl_are_not_top_level_packages() -> None:
    code = "import importlib.util as u; print(u.find_spec('lsp'), u.find_spec('repl'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/", timeout=60)
    assert out.stdout.strip() == "None None"
