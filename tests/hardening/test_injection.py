"""Query-string and path injection: hostile values and identifiers against the real emulator.

A string value (literal or parameter) holding ``& = | : # % ? +``, blanks, quotes, newlines, NUL,
non-ASCII or an operator-looking prefix either reaches the server exactly as written (checked in the
emulator's request log, decoded) or is filtered on the client -- and in both cases the rows are
exactly those the client-side evaluation of the same WHERE keeps. Identifiers (entity names, field
names, sort columns, IQA arguments) can add no query parameter and no path segment.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import quote, unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

import imisql
from imisql.client import Client
from imisql.emulator import Emulator
from imisql.errors import ImisqlError, SemanticError
from imisql.executor import execute
from imisql.plan import Plan
from imisql.plan.steps import Sort
from tests.hardening import strategies as hs
from tests.hardening.profiles import cases, is_slow, profile

PAGING = {"limit", "offset"}
RESERVED = {"limit", "offset", "orderby", "phrase", "queryname", "querypath", "parameter"}

# (entity, key column, predicate template): {v} is the value placeholder, as a literal or :v.
PREDICATES = [
    ("Country", "CountryCode", "CountryName = {v}"),
    ("Country", "CountryCode", "CountryName CONTAINS {v}"),
    ("Country", "CountryCode", "CountryName StartsWith {v}"),
    ("Country", "CountryCode", "CountryName endsWith {v}"),
    ("Country", "CountryCode", "CountryName <> {v}"),
    ("Country", "CountryCode", "CountryName !contain {v}"),
    ("Country", "CountryCode", "CountryName LIKE {v}"),
    ("Country", "CountryCode", "CountryName IN ({v}, 'Chad')"),
    ("Country", "CountryCode", "CountryName > {v}"),
    ("Country", "CountryCode", "CountryCode = {v} OR MailGroup = {v}"),
    ("Party", "PartyId", "LastName = {v}"),
    ("Party", "PartyId", "LastName CONTAINS {v}"),
]
# Values that do match demo rows, so "the same rows" is not only "no rows".
MATCHING = [
    "'",
    "O'Brien",
    "Müller",
    "ü",
    "Núñez",
    "ñ",
    " ",
    "-",
    "(",
    ",",
    "d'I",
    "&",
    "ç",
    "Å",
    "Chad",
    "TD",
    "Côte d'Ivoire",
    "Guinea-Bissau",
    "Virgin Islands, U.S.",
    "Cocos (Keeling) Islands",
    "%(%",
    "_a%",
]


class Memo:
    """A JsonSource that answers repeated GETs from memory: client-side evaluation costs no request."""

    def __init__(self, client: Client):
        self.client = client
        self.cache: dict[tuple[str, tuple[tuple[str, str], ...]], Any] = {}

    def get_json(self, path: str, params: Sequence[tuple[str, str]] = ()) -> Any:
        key = (path, tuple(params))
        if key not in self.cache:
            self.cache[key] = self.client.get_json(path, params)
        return self.cache[key]


@pytest.fixture(scope="module")
def conn(emulator_session: Emulator) -> Iterator[imisql.Connection]:
    emu = emulator_session
    connection = imisql.connect(
        emu.base_url, username=emu.username, password=emu.password, max_attempts=2, retry_budget=5, read_timeout=10
    )
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def memo(conn: imisql.Connection) -> Memo:
    return Memo(conn.client)


def _rows(plan: Plan, source: Any) -> list[tuple[Any, ...]]:
    return sorted(execute(plan, source).rows, key=repr)


def _api_gets(emu: Emulator) -> list[Any]:
    return [r for r in emu.request_log if r.method == "GET" and r.path.startswith("/api/")]


def _check_value(emu: Emulator, conn: imisql.Connection, memo: Memo, case: tuple[str, str, str], value: str) -> int:
    """Run one predicate with ``value`` as a parameter and as a literal; returns the matching row count."""
    entity, key, template = case
    counts = set()
    for where, params in ((template.format(v=":v"), {"v": value}), (template.format(v=hs.sql_string(value)), None)):
        sql = f"SELECT {key} FROM {entity} WHERE {where}"
        try:
            pushed = conn.compile(sql, params)
        except SemanticError:
            continue  # e.g. a LIKE pattern or IN list the compiler refuses: nothing is sent
        local = imisql.compile(sql, params, pushdown=False)
        emu.clear_log()
        got = _rows(pushed, conn.client)
        logged = _api_gets(emu)
        assert len(logged) >= len(pushed.requests)
        sent = {tuple((k, v) for k, v in r.params if k.lower() not in PAGING) for r in logged}
        planned = {tuple(request.params) for request in pushed.requests}
        assert sent == planned, f"{sql!r} with {params}: sent {sent}, planned {planned}"
        for request in pushed.requests:
            for _name, wire_value in request.params:
                if "LIKE" not in template and "|" not in value and value:
                    assert wire_value.endswith(value) or wire_value.startswith("in:"), (sql, wire_value)
        expected = _rows(local, memo)
        assert got == expected, f"{sql!r} with {params!r}: pushed rows differ from client-side evaluation"
        counts.add(len(got))
    assert len(counts) <= 1
    return counts.pop() if counts else 0


@pytest.mark.parametrize("case", PREDICATES, ids=[f"{c[0]}:{c[2]}" for c in PREDICATES])
def test_listed_hostile_values_reach_the_server_exactly_and_match_the_same_rows(
    emulator: Emulator, conn: imisql.Connection, memo: Memo, case: tuple[str, str, str]
) -> None:
    matched = 0
    values = hs.HOSTILE_STRINGS if case[0] == "Country" or is_slow() else hs.HOSTILE_STRINGS[::5]
    for value in (*values, *MATCHING):
        if not hs.is_valid_unicode(value):
            continue  # lone surrogates: refused before sending, see test_lone_surrogates_are_refused
        matched += _check_value(emulator, conn, memo, case, value) > 0
    assert matched  # some values really matched rows: the comparison is not only of empty results


@profile(cases(40, 1000))
@given(st.sampled_from(PREDICATES), hs.hostile_strings().filter(hs.is_valid_unicode))
def test_random_hostile_values_reach_the_server_exactly_and_match_the_same_rows(
    emulator_session: Emulator, conn: imisql.Connection, memo: Memo, case: tuple[str, str, str], value: str
) -> None:
    emulator_session.end_restore()
    _check_value(emulator_session, conn, memo, case, value)


def test_lone_surrogates_are_refused_with_a_clear_error(emulator: Emulator, conn: imisql.Connection) -> None:
    with pytest.raises(imisql.ParameterError, match="lone surrogate"):
        conn.execute("SELECT PartyId FROM Party WHERE LastName = :v", {"v": "a\udc80"})
    with pytest.raises(imisql.SyntaxError, match="U\\+DC80"):
        conn.execute("SELECT PartyId FROM Party WHERE LastName = 'a\udc80'")
    with pytest.raises(imisql.SyntaxError):
        conn.execute('SELECT * FROM "x\ud800"')
    assert not _api_gets(emulator)


# ---------------------------------------------------------------- identifiers


ENTITY_NAMES = [
    "Party?limit=1",
    "Party&LastName=x",
    "Party#frag",
    "Party/20001",
    "Party%2F20001",
    "Party\\20001",
    "Party;x",
    "Party 20001",
    "Party%3Flimit%3D1",
    "a=b",
    "Party\rX-Injected: 1",
    "Party\x00",
    "Party\t",
]


@pytest.mark.parametrize("name", ENTITY_NAMES)
def test_entity_names_stay_one_path_segment(emulator: Emulator, conn: imisql.Connection, name: str) -> None:
    sql = f"SELECT * FROM {hs.sql_name(name)} LIMIT 3"
    with pytest.raises(ImisqlError):  # no such business object: the server says 404
        conn.execute(sql).fetchall()
    (request,) = _api_gets(emulator)
    assert request.path == "/api/" + quote(name, safe="")
    assert unquote(request.path.split("/", 2)[2]) == name
    assert {k for k, _ in request.params} == PAGING


@pytest.mark.parametrize("name", [".", ".."])
def test_dot_segments_are_not_entity_names(emulator: Emulator, conn: imisql.Connection, name: str) -> None:
    with pytest.raises(SemanticError, match="not an entity name"):
        conn.execute(f'SELECT * FROM "{name}"')
    assert not _api_gets(emulator)


@pytest.mark.parametrize("value", [".", "..", "20001/..", "../Country", "20001?limit=1", "20001#x", "%2e%2e"])
def test_key_values_never_climb_or_leave_the_entity_path(
    emulator: Emulator, conn: imisql.Connection, value: str
) -> None:
    rows = conn.execute("SELECT PartyId FROM Party WHERE PartyId = :v", {"v": value}).fetchall()
    assert rows == []  # no party has such an id
    (request,) = _api_gets(emulator)
    segments = request.path.split("/")
    assert segments[:3] == ["", "api", "Party"] and len(segments) <= 4, request.path
    assert all(s not in (".", "..") for s in segments), request.path
    if len(segments) == 4:
        assert unquote(segments[3]) == value
    else:  # an id that URL encoding would change goes in EntityId, as ASI's client sends it
        assert request.params == [("EntityId", value)]


@pytest.mark.parametrize(
    "name",
    [
        "limit",
        "LIMIT",
        " limit",
        "limit ",
        "Offset\t",
        "orderby",
        " OrderBy ",
        "phrase",
        "QueryName",
        "Parameter",
        "querypath",
    ],
)
def test_field_names_never_become_paging_sorting_or_iqa_arguments(
    emulator: Emulator, conn: imisql.Connection, name: str
) -> None:
    """On a business object every field passes through by name; reserved names stay on the client."""
    sql = f"SELECT ID FROM CsContact WHERE {hs.sql_name(name)} = 5 ORDER BY {hs.sql_name(name)} LIMIT 2"
    plan = conn.compile(sql)
    for request in plan.requests:
        assert all(k.strip().lower() not in RESERVED for k, _ in request.params), request.params
    with pytest.raises(SemanticError, match="rows have no column"):  # no CsContact row has such a field
        conn.execute(sql).fetchall()
    for request in _api_gets(emulator):
        keys = [k.strip().lower() for k, _ in request.params]
        assert keys.count("limit") == 1 and keys.count("offset") == 1 and "orderby" not in keys


@pytest.mark.parametrize("name", ["LastName:Descending", "LastName:desc", "LastName|ID", "LastName,ID", "ID, LastName"])
@pytest.mark.parametrize("direction", ["", " ASC", " DESC"])
def test_sort_columns_cannot_inject_a_direction_or_more_columns(
    conn: imisql.Connection, name: str, direction: str
) -> None:
    plan = conn.compile(f"SELECT ID FROM CsContact ORDER BY {hs.sql_name(name)}{direction}")
    sent = [v for r in plan.requests for k, v in r.params if k == "OrderBy"]
    assert sent == [], f"ORDER BY {name!r}{direction} was sent as OrderBy={sent}"
    assert any(isinstance(step, Sort) for step in plan.steps)  # sorted on the client instead


def test_field_names_with_query_syntax_are_sent_as_one_name(emulator: Emulator, conn: imisql.Connection) -> None:
    name = "LastName&limit=1&x"
    with pytest.raises(SemanticError, match="rows have no column"):  # iMIS: not a valid property of CsContact
        conn.execute(f"SELECT ID FROM CsContact WHERE {hs.sql_name(name)} = 'a=b&c'").fetchall()
    request, probe = _api_gets(emulator)  # the refused request, then one unfiltered row naming the columns
    assert request.params[0] == (name, "eq:a=b&c")
    assert [k for k, _ in request.params[1:]] == ["limit", "offset"]
    assert probe.params == [("limit", "1"), ("offset", "0")]


def test_iqa_arguments_stay_single_parameters(emulator: Emulator, conn: imisql.Connection) -> None:
    path = "$/Common/Queries/Search/Contact/Last Name"
    conn.execute(f"SELECT * FROM iqa({hs.sql_string(path)}, :p) LIMIT 3", {"p": "x&Parameter=y&limit=1"}).fetchall()
    (request,) = _api_gets(emulator)
    assert request.params[:2] == [("QueryName", path), ("Parameter", "x&Parameter=y&limit=1")]
    assert [k for k, _ in request.params[2:]] == ["limit", "offset"]
