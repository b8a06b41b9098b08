"""Fixtures for the emulator conformance tests (see tests/emulator/support.py for helpers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from imisql.emulator import Emulator
from tests.emulator.support import Client


@pytest.fixture
def client(emulator: Emulator) -> Iterator[Client]:
    c = Client(emulator).login()
    yield c
    c.close()


@pytest.fixture
def anonymous(emulator: Emulator) -> Iterator[Client]:
    c = Client(emulator)
    yield c
    c.close()
