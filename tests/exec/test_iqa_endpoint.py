"""The IQA endpoint: /api/iqa, /api/query (iMIS EMS), or auto — /api/iqa, then /api/query once on a 404,
remembered by the connection and shown by EXPLAIN. Against an emulator serving only /api/query."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import imisql
from imisql.config import ConfigError, resolve
from imisql.emulator import Emulator, EmulatorConfig
from imisql.errors import InterfaceError, NotFoundError

SQL = "SELECT FullName, Country, IsMember FROM iqa('$/imisql/Members by Country', 'AU', NULL) ORDER BY FullName"
_SEED = EmulatorConfig(seed=5, parties=120)


@pytest.fixture(scope="module")
def ems() -> Iterator[Emulator]:
    """A site past /api/iqa's end of life: only /api/query serves."""
    with Emulator(EmulatorConfig(seed=_SEED.seed, parties=_SEED.parties, iqa_end_of_life=True)) as emu:
        yield emu


@pytest.fixture(scope="module")
def classic_rows() -> list[tuple[object, ...]]:
    """The statement's rows from /api/iqa on a site with the same data."""
    with Emulator(_SEED) as emu, _connect(emu, iqa_endpoint="iqa") as conn:
        rows = conn.execute(SQL).fetchall()
        assert {e.path for e in emu.request_log if e.path.startswith("/api/")} == {"/api/iqa"}
    return rows


def _connect(emu: Emulator, **options: object) -> imisql.Connection:
    return imisql.connect(emu.base_url, username=emu.username, password=emu.password, **options)  # type: ignore[arg-type]


def _paths(emu: Emulator) -> list[tuple[str, int]]:
    return [(e.path, e.status) for e in emu.request_log if e.path.startswith("/api/")]


def test_auto_tries_the_query_endpoint_once_and_keeps_it(ems: Emulator, classic_rows: list[tuple[object, ...]]) -> None:
    with _connect(ems) as conn:
        before = conn.explain(SQL)
        assert "/api/iqa?" in before and "/api/query" in before and "404" in before
        ems.clear_log()
        assert conn.execute(SQL).fetchall() == classic_rows and classic_rows
        assert _paths(ems) == [("/api/iqa", 404), ("/api/query", 200)]
        ems.clear_log()
        assert conn.execute(SQL).fetchall() == classic_rows
        assert conn.execute("SELECT COUNT(*) FROM iqa('$/imisql/Members by Country', 'AU', NULL)").fetchall() == [
            (len(classic_rows),)
        ]
        assert {path for path, _ in _paths(ems)} == {"/api/query"}
        after = conn.explain(SQL)
        assert "/api/query?" in after and "/api/iqa" not in after


def test_a_script_compiled_before_the_move_follows_it(ems: Emulator, classic_rows: list[tuple[object, ...]]) -> None:
    with _connect(ems) as conn:
        runner = conn.runner()
        script = runner.prepare(f"{SQL}; {SQL}")
        ems.clear_log()
        for statement in script.statements:
            assert list(runner.run(statement).rows) == classic_rows
        assert _paths(ems) == [("/api/iqa", 404), ("/api/query", 200), ("/api/query", 200)]


def test_the_query_setting_sends_only_the_query_endpoint(ems: Emulator, classic_rows: list[tuple[object, ...]]) -> None:
    with _connect(ems, iqa_endpoint="query") as conn:
        explained = conn.explain(SQL)  # its URLs hold the emulator's port, which may hold "404"
        assert "/api/query?" in explained and "/api/iqa" not in explained and "answers 404" not in explained
        ems.clear_log()
        assert conn.execute(SQL).fetchall() == classic_rows
        assert _paths(ems) == [("/api/query", 200)]


def test_the_iqa_setting_never_moves(ems: Emulator) -> None:
    with _connect(ems, iqa_endpoint="iqa") as conn:
        ems.clear_log()
        with pytest.raises(NotFoundError):
            conn.execute(SQL).fetchall()
        assert _paths(ems) == [("/api/iqa", 404)]


def test_an_unknown_query_is_the_first_404_and_nothing_is_remembered(ems: Emulator) -> None:
    with _connect(ems) as conn:
        ems.clear_log()
        with pytest.raises(NotFoundError, match="/api/iqa"):
            conn.execute("SELECT * FROM iqa('$/No/Such/Query')").fetchall()
        assert _paths(ems) == [("/api/iqa", 404), ("/api/query", 404)]
        assert conn.options.iqa_endpoint == "auto"


def test_a_bad_setting_is_refused(ems: Emulator) -> None:
    with pytest.raises(InterfaceError, match="iqa_endpoint must be one of auto, iqa, query"):
        _connect(ems, iqa_endpoint="soap")
    with pytest.raises(ConfigError, match="unknown IQA endpoint"):
        resolve({"demo": True, "iqa_endpoint": "soap"}, {})
    assert resolve({"demo": True, "iqa_endpoint": "query"}, {}).connect_kwargs()["iqa_endpoint"] == "query"
