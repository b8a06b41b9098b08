"""Fixtures for the command's tests: one emulator for the whole session, and ``cli`` to run
``python -m imisql`` as a real subprocess with a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from imisql.emulator import Emulator, EmulatorConfig
from tests.cli.support import SECRET_PASSWORD, TIMEOUT, Cli, Run


@pytest.fixture(scope="session")
def site() -> Iterator[Emulator]:
    """A running emulator with a known password (300 parties: small and quick)."""
    with Emulator(EmulatorConfig(parties=300, password=SECRET_PASSWORD)) as emu:
        yield emu


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """``cli(*args, stdin="", env={})`` runs the command; no IMISQL_* or user config leaks in."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("IMISQL_")}
    base["IMISQL_TOKEN_CACHE"] = "off"  # the tests of the token cache name their own file
    base.update(XDG_CONFIG_HOME=str(tmp_path / "xdg"), NO_COLOR="1")

    def run(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> Run:
        proc = subprocess.run(
            [sys.executable, "-m", "imisql", *args],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**base, **(env or {})},
            cwd=tmp_path,
            timeout=TIMEOUT,
        )
        return Run(proc.returncode, proc.stdout, proc.stderr)

    return run
