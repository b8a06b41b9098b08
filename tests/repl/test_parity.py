"""Habits from psql and pgcli, typed at the real prompt: \\i, \\watch, named queries, \\dt, \\copy, \\!, \\set."""

from __future__ import annotations

import csv
import json
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from imisql.emulator import Emulator

from .conftest import Session, connect

Drive = Callable[..., Session]


@pytest.fixture(autouse=True)
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state" / "imisql"


def test_include_runs_sql_and_meta_commands_in_order(drive: Drive, tmp_path: Path) -> None:
    script = tmp_path / "report.sql"
    script.write_text("\\format csv\nSELECT PartyId\n  FROM Party ORDER BY PartyId LIMIT 2;\n\\format table\n"
                      "SELECT COUNT(*) FROM Party;\n", encoding="utf-8")  # fmt: skip
    output = drive(f"\\i {script}\r\\q\r").output
    assert "PartyId\n20000\n" in output
    assert output.index("Output format is table.") < output.index("COUNT(*)")


def test_include_of_a_missing_file_and_of_itself(drive: Drive, tmp_path: Path) -> None:
    loop = tmp_path / "loop.sql"
    loop.write_text(f"\\i {loop}\n", encoding="utf-8")
    output = drive(f"\\i {tmp_path / 'nope.sql'}\r\\i {loop}\r\\q\r").output
    assert "cannot read" in output and "nope.sql" in output
    assert "nested more than 16 deep" in output


def test_watch_repeats_the_last_query(drive: Drive) -> None:
    output = drive("SELECT COUNT(*) FROM Party;\r\\watch 0.01 3\r\\q\r").output
    assert output.count("(1 row)") == 4 and output.count("Ctrl-C stops") == 3


@pytest.mark.parametrize(
    ("keys", "message"),
    [("\\watch 1", "run one first"), ("SELECT COUNT(*) FROM Party;\r\\watch -1", "usage: \\watch")],
)
def test_watch_usage(drive: Drive, keys: str, message: str) -> None:
    assert message in drive(keys + "\r\\q\r").output


def test_named_queries_save_run_list_and_delete(drive: Drive, state_home: Path) -> None:
    keys = ("\\ns bylast SELECT PartyId FROM Party WHERE LastName = $1 ORDER BY PartyId LIMIT $2\r"
            "\\n bylast 'Smith' 1\r\\n\r\\n bylast\r\\nd bylast\r\\n bylast 'Smith' 1\r\\q\r")  # fmt: skip
    output = drive(keys).output
    assert "Saved query bylast." in output
    assert "> SELECT PartyId FROM Party WHERE LastName = 'Smith' ORDER BY PartyId LIMIT 1" in output
    assert "(1 row)" in output
    assert "bylast: SELECT PartyId" in output
    assert "bylast needs 2 arguments, got 0" in output
    assert "Deleted query bylast." in output and "no named query 'bylast'" in output
    store = state_home / "named-queries.json"
    assert json.loads(store.read_text()) == {}
    if sys.platform != "win32":
        assert stat.S_IMODE(store.stat().st_mode) == 0o600


def test_dt_is_an_alias_of_d(drive: Drive) -> None:
    output = drive("\\dt\r\\q\r").output
    assert "| /api/Party " in output and "(15 rows)" in output


def test_copy_writes_a_query_result_to_a_file(drive: Drive, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    output = drive(f"\\copy (SELECT PartyId, Name FROM Party ORDER BY PartyId LIMIT 3) TO '{target}'\r\\q\r").output
    assert "COPY 3" in output
    rows = list(csv.reader(target.open(encoding="utf-8")))
    assert rows[0] == ["PartyId", "Name"] and len(rows) == 4 and rows[1][0] == "20000"


def test_copy_takes_a_format_and_an_entity(drive: Drive, tmp_path: Path) -> None:
    target = tmp_path / "countries.data"
    output = drive(f"\\copy Country TO '{target}' FORMAT jsonl\r\\copy nonsense\r\\q\r").output
    lines = target.read_text(encoding="utf-8").splitlines()
    assert f"COPY {len(lines)}" in output and "CountryCode" in json.loads(lines[0])
    assert "usage: \\copy (SELECT ...) TO 'file'" in output


def test_copy_to_xlsx(drive: Drive, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "invoices.xlsx"
    output = drive(f"\\copy (SELECT InvoiceId, Balance.Amount FROM Invoice LIMIT 2) TO '{target}'\r\\q\r").output
    assert "COPY 2" in output
    assert next(openpyxl.load_workbook(target).active.iter_rows(values_only=True)) == ("InvoiceId", "Balance.Amount")


def test_copy_reports_query_errors(drive: Drive, tmp_path: Path) -> None:
    output = drive(f"\\copy (SELECT Nope FROM Party) TO '{tmp_path / 'x.csv'}'\r\\q\r").output
    assert "Party has no field 'Nope'" in output


def test_bang_runs_a_system_command(drive: Drive, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    command = f"{sys.executable} -c \"open({str(marker)!r}, 'w').write('yes')\""
    output = drive(f'\\! {command}\r\\! {sys.executable} -c "raise SystemExit(3)"\r\\q\r').output
    assert marker.read_text() == "yes"
    assert "command exited with status 3" in output


def test_set_vi_and_row_limit(drive: Drive) -> None:
    output = drive("\\set vi on\r\\set row_limit 5\r\\set\r\\set colour blue\r\\q\r").output
    assert "vi editing mode is on." in output and "Row limit is 5." in output
    assert "vi = on\nrow_limit = 5" in output
    assert "usage: \\set" in output


def test_vi_mode_from_the_settings_edits_like_vi(drive: Drive) -> None:
    # Esc leaves insert mode; "0" goes to the line start and "i" inserts there: the typo is fixed vi-style.
    keys = "ELECT COUNT(*) FROM Party;\x1b0iS\r\\q\r"
    output = drive(keys, settings={"vi": True}).output
    assert "COUNT(*)" in output and "(1 row)" in output


@pytest.mark.parametrize(("answer", "shown"), [("n", "(5 rows)"), ("y", "(300 rows)")])
def test_the_row_limit_asks_before_showing_a_long_result(drive: Drive, answer: str, shown: str) -> None:
    output = drive(f"SELECT PartyId FROM Party;\r{answer}\r\\q\r", settings={"row_limit": 5}).output
    assert shown in output
    assert ("Showing the first 5 rows" in output) == (answer == "n")


def test_a_result_within_the_row_limit_is_not_questioned(drive: Drive) -> None:
    output = drive("SELECT PartyId FROM Party LIMIT 5;\r\\q\r", settings={"row_limit": 5}).output
    assert "(5 rows)" in output and "Showing the first" not in output


def test_the_shell_announces_a_whole_entity_read(drive: Drive, emulator: Emulator) -> None:
    connection = connect(emulator, page_size=10)
    try:
        output = drive("SELECT PartyId FROM Party WHERE Email LIKE '%a%e%';\r\\q\r", connection=connection).output
    finally:
        connection.close()
    assert "reading all of Party on the client: ~30 requests (300 rows)" in output
