"""End to end through a real pseudo-terminal: ``python -m imisql --demo``, a completed query, its table."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def test_demo_shell_completes_and_shows_a_table(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "TERM": "xterm",
        "NO_COLOR": "1",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # a pty without a terminal emulator answers no cursor queries
    }
    child = pexpect.spawn(sys.executable, ["-m", "imisql", "--demo"], env=env, encoding="utf-8",
                          timeout=20, dimensions=(40, 160))  # fmt: skip
    try:
        child.expect("demo>")
        child.send("SELECT PartyId, Name FROM Part")
        child.send("\t")  # Tab: the first suggestion, Party
        child.expect("Party")
        child.send(" ORDER BY PartyId LIMIT 3;\r")
        child.expect(r"\(3 rows\)")
        table = ANSI.sub("", child.before).replace("\r", "")
        child.expect("demo>")
        child.send("\\q\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    lines = table[table.index("PartyId | Name") :].splitlines()
    assert lines[0].split(" | ") == ["PartyId", "Name"]
    assert [line.split(" | ")[0].strip() for line in lines[2:5]] == ["20000", "20001", "20002"]
    assert child.exitstatus == 0
    history = (tmp_path / "state" / "imisql" / "history").read_text()
    assert "SELECT PartyId, Name FROM Party ORDER BY PartyId LIMIT 3;" in history
