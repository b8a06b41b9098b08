"""Start-up stays cheap: ``import imisql`` loads no heavy module, yet every public name resolves, and the
console scripts answer ``--version`` through ``imisql.launch``."""

from __future__ import annotations

import subprocess
import sys

import imisql
from tests.editors.support import SCRIPTS, WAIT

_HEAVY = ("imisql.dbapi", "imisql.compiler", "imisql.http", "imisql.parser", "requests", "lark", "pygls")


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
