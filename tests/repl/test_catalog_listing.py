"""The shell and the command list the same entities and describe business objects alike."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import imisql
from imisql.cli_script import run_script
from imisql.config import Settings
from imisql.emulator import Emulator

from .conftest import Session, connect


def _entities(output: str) -> set[str]:
    return set(re.findall(r"^(\w+)\s+\| /api/", output, re.MULTILINE))


def test_shell_and_command_show_the_same_entities(drive: Callable[..., Session], emulator: Emulator) -> None:
    shell = drive("SHOW ENTITIES;\r\\q\r", connection=connect(emulator), refresh_catalog=True).output
    with connect(emulator) as connection:
        out, err = io.StringIO(), io.StringIO()
        assert run_script(connection, Settings(), "SHOW ENTITIES", out, err) == 0
    assert _entities(shell) == _entities(out.getvalue())
    assert "CsContact" in _entities(shell)


def test_describe_of_a_business_object_without_the_live_catalog_says_how_to_get_it(emulator: Emulator) -> None:
    with connect(emulator) as connection:
        try:
            connection.execute("DESCRIBE CsContact")
        except imisql.SemanticError as exc:
            hint = exc.hint or ""
        else:
            raise AssertionError("DESCRIBE of a business object needs the live catalog")
    assert "--live-catalog on the command line, \\refresh in the shell, connection.refresh_catalog()" in hint


def test_the_command_describes_a_business_object(emulator: Emulator) -> None:
    with connect(emulator) as connection:
        out, err = io.StringIO(), io.StringIO()
        assert run_script(connection, Settings(), "DESCRIBE CsContact", out, err) == 0
    assert "ContactKey" in out.getvalue()
