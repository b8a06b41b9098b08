"""Fixtures for write statements: a DB-API connection to the per-test (clean) emulator, journalling
to a file under the test's own directory."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import imisql
from imisql.emulator import Emulator

Connect = Callable[..., imisql.Connection]


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    return tmp_path / "journal.jsonl"


@pytest.fixture
def connect(emulator: Emulator, journal: Path) -> Iterator[Connect]:
    """``connect(**options)``: a connection to the clean emulator that journals to ``journal``."""
    opened: list[imisql.Connection] = []

    def make(**options: Any) -> imisql.Connection:
        connection = imisql.connect(
            emulator.base_url, username=emulator.username, password=emulator.password, journal=str(journal), **options
        )
        opened.append(connection)
        return connection

    yield make
    for connection in opened:
        connection.close()


def entries(journal: Path) -> list[dict[str, Any]]:
    """The journal's entries (none when no row was written)."""
    if not journal.exists():
        return []
    return [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines() if line.strip()]
