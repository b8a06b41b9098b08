"""End to end through a real pseudo-terminal: ``python -m imisql --demo``, a completed query, its table."""

from __future__ import annotations

import io
import json
import os
import re
import sys
from pathlib import Path

import pytest

from imisql.emulator import Emulator

pexpect = pytest.importorskip("pexpect")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
ROOT = Path(__file__).resolve().parents[2]


def terminal_env(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_STATE_HOME": str(home / "state"),
        "TERM": "xterm",
        "NO_COLOR": "1",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # a pty without a terminal emulator answers no cursor queries
    }


def test_demo_shell_completes_and_shows_a_table(tmp_path: Path) -> None:
    env = terminal_env(tmp_path)
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


def test_describe_fits_an_80_column_terminal(tmp_path: Path) -> None:
    child = pexpect.spawn(sys.executable, ["-m", "imisql", "--demo"], env=terminal_env(tmp_path), encoding="utf-8",
                          timeout=20, dimensions=(40, 80))  # fmt: skip
    try:
        child.expect("demo>")
        child.send("\\d Activity\r")
        child.expect("0 requests")
        shown = ANSI.sub("", child.before).replace("\r", "")
        child.send("\\q\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    lines = shown[shown.index("column ") :].splitlines()
    assert re.match(r"AMOUNT +\| decimal +\| AMOUNT +\| number +\| Amount", lines[lines.index("(9 rows)") - 2])
    assert "  number   = <> < <= > >=, BETWEEN, IN" in lines
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]


def test_connect_in_a_terminal_shows_no_password_and_keeps_token_and_password(
    tmp_path: Path, emulator: Emulator
) -> None:
    pytest.importorskip("keyring")
    keyring_file, tokens = tmp_path / "keyring.json", tmp_path / "tokens.json"
    env = {**terminal_env(tmp_path), "PYTHONPATH": str(ROOT), "IMISQL_TOKEN_CACHE": str(tokens),
           "PYTHON_KEYRING_BACKEND": "tests.support.keyring_backend.FileKeyring",
           "IMISQL_TEST_KEYRING": str(keyring_file)}  # fmt: skip
    child = pexpect.spawn(sys.executable, ["-m", "imisql", "--demo"], env=env, encoding="utf-8",
                          timeout=20, dimensions=(40, 160))  # fmt: skip
    try:
        child.expect("demo>")
        child.send(f"\\connect {emulator.base_url.replace('://', f'://{emulator.username}@')}\r")
        child.expect("Password for ")
        child.send(emulator.password + "\r")
        child.expect(r"Save the password in the system keyring\? \[y/N\]")
        typed = ANSI.sub("", child.before)
        child.send("y\r")
        child.expect("Password saved in the system keyring.")
        child.expect("127.0.0.1>")
        child.send("SELECT PartyId FROM Party LIMIT 1;\r")
        child.expect(r"\(1 row\)")
        child.send("\\q\r")
        child.expect(pexpect.EOF)
        shown = ANSI.sub("", child.before)
    finally:
        child.close(force=True)
    assert "*" not in typed and emulator.password not in typed + shown
    assert json.loads(keyring_file.read_text()) == {
        f"imisql {emulator.base_url}|{emulator.username}": emulator.password
    }
    [entry] = json.loads(tokens.read_text()).values()
    assert entry["token"] not in typed + shown


def test_a_site_shell_draws_its_prompt_then_connects_behind_it(tmp_path: Path, emulator: Emulator) -> None:
    tokens = tmp_path / "tokens.json"
    env = {**terminal_env(tmp_path), "IMISQL_PASSWORD": emulator.password, "IMISQL_TOKEN_CACHE": str(tokens)}
    args = ["-m", "imisql", "--url", emulator.base_url, "--username", emulator.username]
    child = pexpect.spawn(sys.executable, args, env=env, encoding="utf-8", timeout=20, dimensions=(40, 160))
    try:
        child.expect(f"Connected to {emulator.base_url}\\.")
        child.expect("127.0.0.1>")
        child.send("SELECT PartyId FROM Party ORDER BY PartyId LIMIT 2;\r")
        child.expect(r"\(2 rows\)")
        child.expect("127.0.0.1>")
        child.send("\\conninfo\r")
        child.expect(r"Catalog: \d+ entities, (live|built-in \(live refresh running\))\.")
        child.send("\\q\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    assert len(json.loads(tokens.read_text())) == 1  # the command kept the token the shell's connection fetched


def test_demo_shell_draws_its_prompt_then_starts_the_emulator_behind_it(tmp_path: Path) -> None:
    child = pexpect.spawn(sys.executable, ["-m", "imisql", "--demo"], env=terminal_env(tmp_path), encoding="utf-8",
                          timeout=20, dimensions=(40, 160))  # fmt: skip
    try:
        child.expect(r"Demo site: an embedded iMIS emulator with demo data")
        child.expect("demo>")
        child.send("SELECT PartyId FROM Party ORDER BY PartyId LIMIT 2;\r")  # at once: waits for the emulator
        child.expect(r"\(2 rows\)")
        child.expect("demo>")
        child.send("\\conninfo\r")
        child.expect(r"Connected to http://127\.0\.0\.1:\d+ as demo")
        child.send("\\q\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0


NO_EMULATOR = """
import sys


class NoEmulator:
    def find_spec(self, name, path=None, target=None):
        if name == "imisql.emulator":
            raise ImportError("no emulator in this installation")
        return None


sys.meta_path.insert(0, NoEmulator())
"""


def test_demo_site_that_cannot_start_is_reported_at_the_first_statement(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(NO_EMULATOR)  # the emulator cannot be imported
    env = {**terminal_env(tmp_path), "PYTHONPATH": str(tmp_path / "site")}
    child = pexpect.spawn(sys.executable, ["-m", "imisql", "--demo"], env=env, encoding="utf-8", timeout=20,
                          dimensions=(40, 160))  # fmt: skip
    child.logfile_read = io.StringIO()  # everything the shell printed
    try:
        child.expect("demo>")
        child.send("SELECT PartyId FROM Party LIMIT 1;\r")
        child.expect("error: the demo site could not be started: no emulator in this installation")
        child.expect("demo>")
        child.send("\\q\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    shown = ANSI.sub("", child.logfile_read.getvalue())
    assert "Traceback" not in shown and "internal error" not in shown
    assert child.exitstatus == 0
