"""The connection the command hands the shell as a function: opened once, behind the first prompt."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

import imisql
from imisql.catalog import BUILTIN
from imisql.emulator import Emulator
from imisql.errors import InterfaceError
from imisql.repl.app import Shell
from imisql.repl.state import Opening

from .conftest import WAIT, Session, connect


def test_the_first_caller_opens_it_once_and_the_others_wait(emulator: Emulator) -> None:
    calls: list[int] = []
    release = threading.Event()

    def open_slowly() -> imisql.Connection:
        calls.append(1)
        assert release.wait(WAIT)
        return connect(emulator)

    opening = Opening(open_slowly, emulator.base_url)
    results: list[imisql.Connection] = []
    threads = [threading.Thread(target=lambda: results.append(opening.get())) for _ in range(3)]
    for thread in threads:
        thread.start()
    assert opening.opened is None
    release.set()
    for thread in threads:
        thread.join(WAIT)
    assert calls == [1] and len(results) == 3 and len({id(c) for c in results}) == 1
    assert opening.opened is results[0]
    results[0].close()


def test_a_failure_to_open_is_raised_to_every_caller() -> None:
    def refuse() -> imisql.Connection:
        raise InterfaceError("no such site")

    opening = Opening(refuse, "https://example.org/imis")
    for _ in range(2):
        with pytest.raises(InterfaceError, match="no such site"):
            opening.get()


def test_completion_uses_the_builtin_catalog_until_the_connection_is_open(emulator: Emulator, tmp_path: Path) -> None:
    release = threading.Event()

    def open_when_released() -> imisql.Connection:
        assert release.wait(WAIT)
        return connect(emulator)

    with create_pipe_input() as pipe:
        shell = Shell.create(open_when_released, {"url": emulator.base_url}, input=pipe, output=DummyOutput(),
                             history_path=str(tmp_path / "history"))  # fmt: skip
        assert shell._catalog() is BUILTIN  # answered at once, while the connection is still opening
        release.set()
        connection = shell.state.connection
        try:
            assert shell._catalog() is connection.catalog and shell._label == "127.0.0.1"
        finally:
            connection.close()


def test_when_the_connection_cannot_be_opened_the_shell_says_so_and_can_connect_elsewhere(
    drive: Callable[..., Session],
) -> None:
    def refuse() -> imisql.Connection:
        raise InterfaceError("the site refused")

    keys = "SELECT PartyId FROM Party LIMIT 1;\r\\connect demo\rSELECT PartyId FROM Party LIMIT 1;\r\\q\r"
    session = drive(keys, connection=refuse, settings={"url": "https://example.org/imis"})
    assert session.code == 0
    first, rest = session.output.split("error: the site refused\n")
    assert first.startswith("Connected to https://example.org/imis.") and "internal error" not in rest
    assert "Connected to http://127.0.0.1:" in rest and "(1 row)" in rest
