"""The shell confirms a write with its row count before sending it, and says what it wrote and where
its journal is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from imisql.emulator import Emulator
from tests.repl.conftest import Session, connect


def _description(emulator: Emulator, seqn: str) -> object:
    row = emulator.current("Activity", seqn) or {}
    values = {p["Name"]: p.get("Value") for p in row["Properties"]["$values"]}
    return values.get("DESCRIPTION")


@pytest.mark.parametrize(("answer", "written"), [("n", False), ("y", True)])
def test_a_write_runs_only_when_confirmed(
    drive: Callable[..., Session], emulator: Emulator, tmp_path: Path, answer: str, written: bool
) -> None:
    journal = tmp_path / "shell.jsonl"
    connection = connect(emulator, journal=str(journal))
    keys = f"UPDATE Activity SET DESCRIPTION = 'from the shell' WHERE SEQN = 1;\r{answer}\r\\q\r"
    try:
        output = drive(keys, connection=connection).output
    finally:
        connection.close()
    if written:
        assert f"1 of 1 Activity rows updated; journal: {journal}" in output
        assert _description(emulator, "1") == "from the shell"
    else:
        assert "UPDATE not confirmed: nothing was written" in output
        assert _description(emulator, "1") != "from the shell"
        assert not journal.exists()
