"""The core library never imports the shell, the language server, their toolkits, SQLAlchemy or pandas."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("imisql.lsp", "imisql.repl", "pygls", "lsprotocol", "prompt_toolkit", "sqlalchemy", "pandas")
CORE = (
    "imisql", "imisql.parser", "imisql.compiler", "imisql.executor", "imisql.dbapi", "imisql.client",
    "imisql.http",
    "imisql.engine", "imisql.catalog", "imisql.emulator",
)  # fmt: skip


def test_core_does_not_import_shell_or_server() -> None:
    code = (
        "import importlib, sys\n"
        f"for m in {CORE!r}: importlib.import_module(m)\n"
        f"print([m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r} or m in {FORBIDDEN!r}])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"


def test_lsp_and_repl_are_not_top_level_packages() -> None:
    code = "import importlib.util as u; print(u.find_spec('lsp'), u.find_spec('repl'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/", timeout=60)
    assert out.stdout.strip() == "None None"
