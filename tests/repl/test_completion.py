"""Completion at the real prompt, from the shared engine, computed in a background thread."""

from __future__ import annotations

from pathlib import Path

from prompt_toolkit.completion import CompleteEvent, ThreadedCompleter
from prompt_toolkit.document import Document

import imisql
from imisql.catalog import BUILTIN
from imisql.engine.results import Completion as EngineCompletion
from imisql.repl.completer import EngineCompleter, build_completer, to_completion

from .conftest import Typist, typed_session


def test_tab_completes_an_entity_and_the_query_runs(conn: imisql.Connection, tmp_path: Path) -> None:
    def script(typist: Typist) -> None:
        typist.type_until("SELECT PartyId, Name FROM Par\t", lambda text: text.endswith("FROM Party"))
        typist.type_until_printed(" LIMIT 2;\r", "(2 rows)")

    output = typed_session(conn, tmp_path, script)
    assert "PartyId | Name" in output and "20001" in output


def test_suggestions_appear_while_typing_and_enter_accepts_one(conn: imisql.Connection, tmp_path: Path) -> None:
    def script(typist: Typist) -> None:
        buffer = typist.shell.session.default_buffer

        def offers_country_code(text: str) -> bool:
            state = buffer.complete_state
            return state is not None and "CountryCode" in [c.text for c in state.completions]

        typist.type_until("SELECT CountryCode FROM Party WHERE Countr", offers_country_code)
        typist.type_until("\x1b[B", lambda text: text.endswith("WHERE CountryCode"))  # Down selects
        typist.type_until("\r", lambda text: buffer.complete_state is None)  # Enter only accepts it
        assert buffer.text.endswith("WHERE CountryCode")
        typist.type_until_printed(" IS NOT EMPTY LIMIT 1;\r", "(1 row)")

    assert "CountryCode" in typed_session(conn, tmp_path, script)


def test_matching_is_fuzzy(conn: imisql.Connection, tmp_path: Path) -> None:
    def script(typist: Typist) -> None:
        typist.type_until("SELECT Name FROM Party WHERE cntrycd\t", lambda text: text.endswith("CountryCode"))
        typist.type_until_printed(" IS NOT EMPTY LIMIT 1;\r", "(1 row)")

    typed_session(conn, tmp_path, script)


def test_meta_commands_complete(conn: imisql.Connection, tmp_path: Path) -> None:
    def script(typist: Typist) -> None:
        typist.type_until("\\form\t", lambda text: text == "\\format")
        typist.type_until_printed(" csv\r", "Output format is csv.")

    typed_session(conn, tmp_path, script)


def test_the_completer_runs_in_a_thread_over_the_current_catalog() -> None:
    catalogs = [BUILTIN]
    completer = build_completer(lambda: catalogs[0], ["\\d"])
    assert isinstance(completer, ThreadedCompleter)
    text = "SELECT * FROM Par"
    found = [c.text for c in completer.get_completions(Document(text), CompleteEvent(completion_requested=True))]
    assert found[:2] == ["Party", "PartySummary"]


def test_engine_items_convert_to_prompt_toolkit_completions() -> None:
    snippet = EngineCompletion("COUNT", "snippet", "aggregate", "COUNT(${1:*})", 7, 9, "a")
    converted = to_completion(snippet, offset=9)
    assert (converted.text, converted.start_position) == ("COUNT(*)", -2)
    assert converted.display_text == "COUNT" and converted.display_meta_text == "aggregate"
    past_cursor = EngineCompletion("Party", "entity", "", "Party", 14, 19, "a")
    assert to_completion(past_cursor, offset=16).start_position == -2  # only text before the cursor


def test_no_completion_inside_a_meta_command_argument() -> None:
    completer = EngineCompleter(lambda: BUILTIN, ["\\d", "\\format"])
    event = CompleteEvent(completion_requested=True)
    assert [c.text for c in completer.get_completions(Document("\\d"), event)] == ["\\d"]
    assert list(completer.get_completions(Document("\\format c"), event)) == []


def test_alias_completion_in_a_join_offers_that_sources_fields(conn: imisql.Connection, tmp_path: Path) -> None:
    def script(typist: Typist) -> None:
        buffer = typist.shell.session.default_buffer

        def offered() -> list[str]:
            state = buffer.complete_state
            return [c.text for c in state.completions] if state is not None else []

        typist.type_until(
            "SELECT p.Name, a.AMOUNT FROM Party p JOIN Activity a ON a.ID = p.PartyId ORDER BY p.",
            lambda text: "PartyId" in offered(),
        )
        assert "LastName" in offered() and "AMOUNT" not in offered()
        typist.type_until("PartyI", lambda text: offered()[:1] == ["PartyId"])
        typist.type_until("\x1b[B", lambda text: text.endswith("ORDER BY p.PartyId"))  # Down selects
        typist.type_until_printed(" LIMIT 2;\r", "(2 rows)")

    output = typed_session(conn, tmp_path, script)
    assert "Name" in output and "AMOUNT" in output


def test_the_menu_shows_what_each_code_means(conn: imisql.Connection, tmp_path: Path) -> None:
    def script(typist: Typist) -> None:
        buffer = typist.shell.session.default_buffer

        def metas() -> dict[str, str]:
            state = buffer.complete_state
            return {c.text: c.display_meta_text for c in state.completions} if state is not None else {}

        typist.type_until("SELECT Name FROM Party WHERE Status = '", lambda text: "'A'" in metas())
        assert metas()["'A'"] == "A — Active" and metas()["'D'"] == "D — Marked for deletion"
        typist.type_until("\x1b[B", lambda text: text.endswith("Status = 'A'"))  # Down selects
        typist.type_until_printed(" LIMIT 1;\r", "(1 row)")

    typed_session(conn, tmp_path, script)


def test_iqa_paths_complete_from_the_live_catalog(conn: imisql.Connection, tmp_path: Path) -> None:
    conn.refresh_catalog()  # what the shell's background refresh does: the site lists its IQA queries

    def script(typist: Typist) -> None:
        buffer = typist.shell.session.default_buffer

        def offered() -> list[str]:
            state = buffer.complete_state
            return [c.text for c in state.completions] if state is not None else []

        typist.type_until(
            "SELECT ID FROM iqa('$/imisql/Mem", lambda text: offered()[:1] == ["'$/imisql/Members by Country'"]
        )
        typist.type_until("\x1b[B", lambda text: text.endswith("iqa('$/imisql/Members by Country'"))  # Down selects
        typist.type_until_printed(", 'US', '') LIMIT 1;\r", "(1 row)")

    typed_session(conn, tmp_path, script)
