"""``imisql-lsp --version`` and ``--help`` answer and exit at once, even with stdin left open (as in a
terminal), instead of starting the server and waiting for an editor."""

from __future__ import annotations

import subprocess

import pytest

import imisql
from tests.editors.support import SCRIPTS, WAIT


def _answer(*args: str) -> tuple[int, str, str]:
    with subprocess.Popen(
        [str(SCRIPTS / "imisql-lsp"), *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    ) as process:  # fmt: skip
        try:
            process.wait(timeout=WAIT)  # stdin stays open: a server waiting for messages would never exit
        finally:
            process.kill()
        assert process.stdout and process.stderr
        return process.returncode, process.stdout.read(), process.stderr.read()


def test_version() -> None:
    assert _answer("--version") == (0, f"imisql-lsp {imisql.__version__}\n", "")


def test_help_says_what_it_is() -> None:
    code, out, _ = _answer("--help")
    assert code == 0
    assert out.startswith("usage: imisql-lsp")
    assert "LSP over stdin/stdout" in out and "docs/editors.md" in out


@pytest.mark.parametrize("flag", ["--port", "-x"])
def test_an_unknown_flag_is_a_usage_error(flag: str) -> None:
    code, out, err = _answer(flag)
    assert (code, out) == (2, "")
    assert f"unrecognized arguments: {flag}" in err
