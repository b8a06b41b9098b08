"""Every meta-command, typed at the real prompt."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from imisql.repl.meta import COMMANDS

from .conftest import Session

Drive = Callable[..., Session]
ONE_ROW = "SELECT PartyId, Name FROM Party LIMIT 1;\r"


def test_help_lists_every_command(drive: Drive) -> None:
    output = drive("\\?\rhelp\r\\q\r").output
    assert output.count("Meta-commands:") == 2
    for command in COMMANDS:
        assert command.usage in output


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("\\d", ["entity ", "| path ", "| /api/Party ", "(15 rows)"]),
        ("\\d Party", ["column ", "search_name", "operators", "PersonName.LastName", "LastName"]),
        ("\\d Partyy", ["unknown entity 'Partyy'", "hint: did you mean Party"]),
        ("\\x\r" + ONE_ROW, ["Expanded display is on.", "-[ RECORD 1 ]", "Name    | ", "1 row, 1 request"]),
        ("\\x on\r\\x\r" + ONE_ROW, ["Expanded display is off.", "PartyId | Name\n"]),
        ("\\x auto", ["Expanded display is auto."]),
        ("\\x sideways", ["usage: \\x [on|off|auto]"]),
        ("\\format", ["Output format is table."]),
        ("\\format csv\r" + ONE_ROW, ["PartyId,Name\n20000,"]),
        ("\\format json\r" + ONE_ROW, ['[\n{"PartyId":"20000","Name":']),
        ("\\format jsonl\r" + ONE_ROW, ['{"PartyId":"20000","Name":']),
        ("\\format vertical\r" + ONE_ROW, ["-[ RECORD 1 ]"]),
        ("\\format xml", ["unknown format 'xml'"]),
        ("\\timing\r" + ONE_ROW, ["Timing is off.", "(1 row)\n1 request\n"]),
        ("\\timing maybe", ["expected on or off, got 'maybe'"]),
        ("\\requests on\r" + ONE_ROW, ["Showing requests is on.", "-> GET http://127.0.0.1:"]),
        ("\\pager off", ["Pager is off."]),
        ("\\conninfo", ["Connected to http://127.0.0.1:", "as demo, password authentication", "15 entities"]),
        ("\\refresh\r\\conninfo", ["Catalog refreshed:", "entities, live."]),
        ("\\connect", ["usage: \\connect <profile|url>"]),
        ("\\nope", ["unknown command \\nope"]),
        ("EXPLAIN SELECT PartyId FROM Party WHERE LastName = 'Smith';",
         ["GET http://127.0.0.1:", "LastName=eq%3ASmith", "estimated requests"]),
    ],
)  # fmt: skip
def test_meta_command(drive: Drive, keys: str, expected: list[str]) -> None:
    output = drive(keys + "\r\\q\r").output
    for fragment in expected:
        assert fragment in output


def test_describe_names_each_fields_operator_class_and_lists_each_class_once(drive: Drive) -> None:
    output = drive("\\d Party\r\\format csv\r\\d Party\r\\q\r").output
    table, csv = output.split("Output format is csv.")
    assert re.search(r"^PersonName\.LastName +\| string +\| LastName +\| text +\| Family name$", table, re.M)
    assert re.search(r"^BirthDate +\| datetime +\| BirthDate +\| date +\| ", table, re.M)
    assert re.search(r"^IsOrganization +\| boolean +\| IsOrganization +\| boolean +\| ", table, re.M)
    legend = table[re.search(r"\(\d+ rows\)", table).end() :].splitlines()[1:7]  # type: ignore[union-attr]
    assert legend == [
        "Operators by class (every class also has IS [NOT] EMPTY):",
        "  text     = <> < <= > >=, BETWEEN, IN, [NOT] CONTAINS, STARTS WITH, ENDS WITH",
        "  number   = <> < <= > >=, BETWEEN, IN",
        "  date     = <> < <= > >=, BETWEEN, IN",
        "  boolean  = <>, IS TRUE, IS FALSE",
        "  other    (none besides IS [NOT] EMPTY)",
    ]
    assert "GreaterThan" not in output
    assert "PersonName.LastName,string,LastName,text,Family name\n" in csv and "Operators by class" not in csv


def test_requests_show_the_url_of_every_page(drive: Drive, conn) -> None:  # type: ignore[no-untyped-def]
    conn.with_options(page_size=2)
    output = drive("\\requests\rSELECT PartyId FROM Party LIMIT 5;\r\\q\r").output
    pages = re.findall(r"-> GET \S+/api/Party\?\S*offset=(\d+)", output)
    assert pages == ["0", "2", "4"]


@pytest.mark.parametrize("word", ["\\q", "quit", "exit", "\\q;"])
def test_quit(drive: Drive, word: str) -> None:
    session = drive(f"{word}\r{ONE_ROW}")
    assert session.code == 0 and "(1 row)" not in session.output


def test_output_to_a_file_and_back(drive: Drive, tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    output = drive(f"\\o {target}\r{ONE_ROW}\\o\rSELECT Name FROM Party LIMIT 1;\r\\q\r").output
    written = target.read_text()
    assert written.startswith("PartyId | Name\n") and "(1 row)" in written and "request" not in written
    assert "PartyId" not in output and f"Results go to {target}." in output
    assert "Results go to the terminal." in output and "Name\n" in output


def test_output_to_an_unwritable_file(drive: Drive, tmp_path: Path) -> None:
    output = drive(f"\\o {tmp_path / 'missing' / 'out.txt'}\r{ONE_ROW}\\q\r").output
    assert "cannot write" in output and "PartyId | Name" in output


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An $EDITOR that turns 'LIMIT 1' into 'LIMIT 2' in the file it is given."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('LIMIT 1', 'LIMIT 2'))\n"
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    return script


def test_edit_the_last_query(drive: Drive, editor: Path) -> None:
    output = drive(f"{ONE_ROW}\\e\r\r\\q\r").output  # the edited query fills the prompt; Enter runs it
    assert "(1 row)" in output and "(2 rows)" in output


def test_edit_a_file(drive: Drive, editor: Path, tmp_path: Path) -> None:
    query = tmp_path / "query.sql"
    query.write_text("SELECT Name FROM Party LIMIT 1;\n")
    output = drive(f"\\e {query}\r\r\\q\r").output
    assert "(2 rows)" in output and query.read_text() == "SELECT Name FROM Party LIMIT 2;\n"


def test_an_editor_that_cannot_start(drive: Drive, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "/nonexistent/editor")
    assert "could not start the editor" in drive("\\e\r\\q\r").output


def test_connect_to_another_site_and_back(drive: Drive, conn) -> None:  # type: ignore[no-untyped-def]
    output = drive("\\connect demo\r\\conninfo\rSELECT PartyId FROM Party LIMIT 1;\r\\q\r").output
    first, second = re.findall(r"Connected to (http://127\.0\.0\.1:\d+)", output)[1:3]
    assert first == second and first != conn.base_url and "(1 row)" in output
    assert conn.closed  # the shell let go of the site it left


def test_connect_to_a_profile(drive: Drive, emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "config.toml"
    config.write_text(
        f'[profiles.local]\nurl = "{emulator.base_url}"\nusername = "{emulator.username}"\n'
        'password_env = "LOCAL_PASSWORD"\nformat = "csv"\n'
    )
    monkeypatch.setenv("IMISQL_CONFIG", str(config))
    monkeypatch.setenv("LOCAL_PASSWORD", emulator.password)
    output = drive("\\connect local\r\\conninfo\r\\connect nosuch\r\\q\r").output
    assert "(profile local)" in output
    assert "no profile 'nosuch'" in output


def test_connect_prompts_for_a_missing_password(drive: Drive, emulator) -> None:  # type: ignore[no-untyped-def]
    url = emulator.base_url.replace("://", f"://{emulator.username}@")
    session = drive(f"\\connect {url}\r{emulator.password}\r\\conninfo\r{ONE_ROW}\\q\r")
    assert "as demo, password authentication" in session.output and "(1 row)" in session.output
    assert emulator.password not in session.output and emulator.password not in session.history.read_text()
