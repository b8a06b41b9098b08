"""Start-up stays cheap: ``import imisql`` loads no heavy module, yet every public name resolves, and the
console scripts answer ``--version`` through ``imisql.launch``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import imisql
from tests.editors.support import SCRIPTS, WAIT

_HEAVY = ("imisql.dbapi", "imisql.compiler", "imisql.http", "imisql.parser", "requests", "lark", "pygls")
_SHELL_HEAVY = ("imisql.dbapi", "imisql.compiler", "imisql.http.client", "imisql.parser", "imisql.plan",
                "imisql.runner", "imisql.engine", "requests", "lark", "pygments")  # fmt: skip


def test_import_loads_no_heavy_module() -> None:
    code = f"import sys, imisql; print([m for m in {_HEAVY!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=WAIT)
    assert done.stdout.strip() == "[]"


def test_every_public_name_resolves_and_is_listed() -> None:
    resolved = {name: getattr(imisql, name) for name in imisql.__all__}
    assert all(value is not None for value in resolved.values())
    assert set(imisql.__all__) <= set(dir(imisql))
    assert imisql.connect.__module__ == "imisql.dbapi" and issubclass(imisql.SyntaxError, imisql.ImisqlError)


def test_unknown_name_is_an_attribute_error() -> None:
    try:
        imisql.not_a_public_name  # noqa: B018
    except AttributeError as exc:
        assert "not_a_public_name" in str(exc)
    else:
        raise AssertionError("an unknown name resolved")


def test_console_script_answers_version() -> None:
    done = subprocess.run([str(SCRIPTS / "imisql"), "--version"], capture_output=True, text=True, timeout=WAIT)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"imisql {imisql.__version__}\n", "")


def test_the_shell_draws_its_first_prompt_without_the_sql_machinery(tmp_path: Path) -> None:
    """The command hands the shell a function that opens the connection; the shell builds its prompt
    without calling it and without importing the DB-API, the HTTP client, the parser or Pygments."""
    code = (
        "import sys\n"
        "from prompt_toolkit.input import create_pipe_input\n"
        "from prompt_toolkit.output import DummyOutput\n"
        "import imisql.cli\n"
        "from imisql.repl.app import Shell\n"
        "opened = []\n"
        "with create_pipe_input() as pipe:\n"
        "    Shell.create(lambda: opened.append(1), {'url': 'https://example.org/imis'}, input=pipe,\n"
        "                 output=DummyOutput(), history_path='history')\n"
        f"print(opened, [m for m in {_SHELL_HEAVY!r} if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=WAIT, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] []"
