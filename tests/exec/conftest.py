"""Connections to one emulator for the execution tests: with pushdown, and with pushdown switched off."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import imisql
from imisql.emulator import Emulator, EmulatorConfig


@pytest.fixture(scope="module")
def exec_emulator() -> Iterator[Emulator]:
    with Emulator(EmulatorConfig(seed=11, parties=300)) as emu:
        yield emu


@pytest.fixture(scope="module")
def conn(exec_emulator: Emulator) -> Iterator[imisql.Connection]:
    connection = imisql.connect(
        exec_emulator.base_url, username=exec_emulator.username, password=exec_emulator.password
    )
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def local_conn(exec_emulator: Emulator) -> Iterator[imisql.Connection]:
    """Fetches everything and filters, sorts and limits on the client."""
    connection = imisql.connect(
        exec_emulator.base_url, username=exec_emulator.username, password=exec_emulator.password, pushdown=False
    )
    yield connection
    connection.close()
