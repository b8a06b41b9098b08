"""The session loop through the real prompt: multi-line entry, errors, Ctrl-C/Ctrl-D, history."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import imisql
from imisql.emulator import Emulator, EmulatorConfig
from imisql.repl.app import run_shell
from imisql.repl.history import SecretSafeHistory

from .conftest import Session, Typist, connect, typed_session


def test_a_statement_spans_lines_and_runs_at_the_semicolon(drive: Callable[..., Session]) -> None:
    session = drive("SELECT PartyId,\rName\rFROM Party\rLIMIT 2\r;\r\\q\r")
    table = session.output.split("\\? for help, \\q to quit.\n", 1)[1]
    header, rule, first, second, count, footer = table.splitlines()[:6]
    assert header.split(" | ") == ["PartyId", "Name"]
    assert set(rule) <= {"-", "+"}
    assert first.startswith("20000") and second.startswith("20001")
    assert count == "(2 rows)"
    assert footer.startswith("1 request") and footer.endswith(" s")
    assert session.code == 0
    assert SecretSafeHistory(session.history).load_history_strings() == [
        "\\q",
        "SELECT PartyId,\nName\nFROM Party\nLIMIT 2\n;",
    ]


def test_several_statements_on_one_line_run_in_order(drive: Callable[..., Session]) -> None:
    output = drive("SELECT PartyId FROM Party LIMIT 1; SELECT Name FROM Party LIMIT 1;\r\\q\r").output
    assert output.index("PartyId") < output.index("Name") and output.count("(1 row)") == 2


def test_errors_show_the_caret_and_hint(drive: Callable[..., Session]) -> None:
    output = drive("SELECT Nmae FROM Party;\r\\q\r").output
    assert "error at line 1, column 8: Party has no field 'Nmae'" in output
    assert "1 | SELECT Nmae FROM Party;\n           ^^^^\n" in output
    assert "hint:" in output


def test_a_syntax_error_stops_the_input_before_anything_runs(drive: Callable[..., Session]) -> None:
    output = drive("SELECT PartyId FROM Party LIMIT 1; SELEC Name FROM Party;\r\\q\r").output
    assert "syntax error" in output and "^" in output
    assert "(1 row)" not in output


def test_ctrl_c_at_the_prompt_clears_the_line(drive: Callable[..., Session]) -> None:
    session = drive("SELECT PartyId FROM Party LIMIT 1;\x03SELECT Name FROM Party LIMIT 1;\r\x04")
    assert "PartyId" not in session.output and "(1 row)" in session.output
    assert "PartyId" not in session.history.read_text()


def test_ctrl_d_on_an_empty_line_exits(drive: Callable[..., Session]) -> None:
    session = drive("\x04SELECT PartyId FROM Party LIMIT 1;\r")
    assert session.code == 0 and "(1 row)" not in session.output


def test_a_connect_url_with_a_password_never_reaches_the_history(drive: Callable[..., Session]) -> None:
    session = drive("\\connect http://ann:s3cret@imis.example.org/\rSELECT PartyId FROM Party LIMIT 1;\r\\q\r")
    assert "refusing plain http://" in session.output  # nothing was sent anywhere
    text = session.history.read_text()
    assert "s3cret" not in text and "ann" not in text
    assert "SELECT PartyId FROM Party LIMIT 1;" in text


def test_previous_input_is_recalled_with_up_and_found_with_ctrl_r(conn: imisql.Connection, tmp_path: Path) -> None:
    def script(typist: Typist) -> None:
        query = "SELECT PartyId FROM Party LIMIT 1;"
        typist.type_until_printed(query + "\r", "(1 row)")
        typist.type_until_printed("\\timing off\r", "Timing is off.")
        typist.type_until("\x1b[A", lambda text: text == "\\timing off")
        typist.type_until("\x1b[A", lambda text: text == query)
        typist.type_until_printed("\r", "(1 row)", 2)
        typist.type_until("\x12Party\r", lambda text: text == query)  # Ctrl-R search, Enter takes it
        typist.type_until_printed("\r", "(1 row)", 3)

    output = typed_session(conn, tmp_path, script)
    assert output.count("(1 row)") == 3  # typed once, recalled with Up Up, found with Ctrl-R


def test_the_shell_refreshes_the_catalog_in_the_background(emulator: imisql.Connection, tmp_path: Path) -> None:
    from io import StringIO

    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from imisql.catalog import BUILTIN
    from imisql.repl.app import Shell

    connection = connect(emulator)
    with create_pipe_input() as pipe, connection:
        shell = Shell.create(connection, input=pipe, output=DummyOutput(), stdout=StringIO(),
                             history_path=str(tmp_path / "h"))  # fmt: skip
        pipe.send_text("\\q\r")
        shell.run()
        assert shell.refresher.wait(10)
        assert connection.catalog is not BUILTIN and shell.state.catalog_status == "live"


def test_run_shell_reads_the_command_settings(drive: Callable[..., Session]) -> None:
    settings = {"format": "jsonl", "null": "<null>", "profile": "prod"}
    output = drive("SELECT PartyId FROM Party LIMIT 1;\r\\conninfo\r\\q\r", settings=settings).output
    assert '{"PartyId":"20000"}' in output and "(profile prod)" in output


def test_run_shell_signature_is_keyword_based() -> None:
    import inspect

    parameters = inspect.signature(run_shell).parameters
    assert [p for p in parameters if parameters[p].kind is inspect.Parameter.KEYWORD_ONLY] == [
        "input", "output", "stdout", "history_path", "refresh_catalog",
    ]  # fmt: skip


def test_nested_values_are_compact_json_and_null_is_marked(drive: Callable[..., Session]) -> None:
    keys = "SELECT PartyId, PersonName.LastName, Emails FROM Party LIMIT 2;\r\\q\r"
    lines = drive(keys, settings={"null": "<null>"}).output.splitlines()
    person = next(line for line in lines if line.startswith("20000 "))
    organization = next(line for line in lines if line.startswith("20001 "))
    assert '| [{"Address":"martha.patel@' in person
    assert "| <null> " in organization  # an organization has no last name


def test_nulls_against_the_assumed_order_are_an_error_line_not_a_traceback(drive: Callable[..., Session]) -> None:
    with Emulator(EmulatorConfig(parties=300, nulls_high=True)) as emu, connect(emu) as conn:
        output = drive(
            "SELECT PartyId FROM Party ORDER BY LastName DESC;\rSELECT PartyId FROM Party LIMIT 1;\r\\q\r",
            connection=conn,
        ).output
    assert "error: iMIS returned LastName" in output and "Connect with nulls_lowest=False (--no-nulls-lowest)" in output
    assert "Traceback" not in output and "(1 row)" in output  # the shell goes on
