"""The SQLAlchemy dialect and pandas against the embedded emulator over a real socket.

Every result is compared with what imisql's own DB-API returns for the same query, never with
hard-coded rows.
"""

from __future__ import annotations

import decimal
import importlib.metadata
import tomllib
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from sqlalchemy import Engine, MetaData, Table, create_engine, exc, func, inspect, select, text, update
from sqlalchemy.dialects import registry
from sqlalchemy.engine import make_url

import imisql
from imisql.dialect import ImisqlDemoDialect, ImisqlDialect, ImisqlHttpDialect
from imisql.emulator import Emulator


@pytest.fixture(scope="module")
def site(emulator_session: Emulator) -> Emulator:
    return emulator_session


@pytest.fixture(scope="module")
def engine(site: Emulator) -> Iterator[Engine]:
    parts = urlsplit(site.base_url)
    url = make_url(f"imisql+http://{site.username}@{parts.hostname}:{parts.port}{parts.path}")
    made = create_engine(url.set(password=site.password))
    yield made
    made.dispose()


@pytest.fixture(scope="module")
def direct(site: Emulator) -> Iterator[imisql.Connection]:
    with imisql.connect(site.base_url, username=site.username, password=site.password) as conn:
        yield conn


def _common_last_name(conn: imisql.Connection) -> str:
    sql = "SELECT LastName, COUNT(*) AS n FROM Party WHERE LastName IS NOT NULL GROUP BY LastName ORDER BY n DESC"
    (name, _), *_ = _rows(conn, sql + " LIMIT 1")
    return str(name)


def _rows(conn: imisql.Connection, sql: str, params: dict[str, object] | None = None) -> list[tuple[object, ...]]:
    return [tuple(row) for row in conn.execute(sql, params).fetchall()]


def test_the_entry_points_name_the_dialects() -> None:
    found = {e.name: e.value for e in importlib.metadata.entry_points(group="sqlalchemy.dialects")}
    assert found["imisql"] == "imisql.dialect:ImisqlDialect"
    assert registry.load("imisql") is ImisqlDialect
    assert registry.load("imisql.http") is ImisqlHttpDialect
    assert registry.load("imisql.demo") is ImisqlDemoDialect


def test_urls_become_driver_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMISQL_PASSWORD", "from-env")
    args, kwargs = ImisqlDialect().create_connect_args(make_url("imisql://ann@example.org:8443/imis?page_size=100"))
    assert args == ["https://example.org:8443/imis"]
    assert kwargs == {"username": "ann", "password": "from-env", "page_size": 100}
    _, kwargs = ImisqlDialect().create_connect_args(make_url("imisql://ann@example.org/?nulls_lowest=false"))
    assert kwargs["nulls_lowest"] is False  # the default (True) is imisql.connect's
    _, kwargs = ImisqlDialect().create_connect_args(make_url("imisql://ann@example.org/?nulls_lowest=true"))
    assert kwargs["nulls_lowest"] is True
    args, kwargs = ImisqlDialect().create_connect_args(make_url("imisql://ann:secret@example.org"))
    assert (args, kwargs["password"]) == (["https://example.org"], "secret")
    with pytest.raises(exc.ArgumentError, match="unknown or repeated imisql URL option 'pagesize'"):
        ImisqlDialect().create_connect_args(make_url("imisql://ann@example.org/?pagesize=1"))


def test_plain_http_is_refused_beyond_loopback() -> None:
    engine = create_engine("imisql+http://ann:pw@example.org/imis")
    with pytest.raises(exc.InterfaceError, match="http"):
        engine.connect()


def test_reflection_lists_entities_and_typed_columns(engine: Engine, direct: imisql.Connection) -> None:
    inspector = inspect(engine)
    assert inspector.get_table_names() == list(dict.fromkeys(e.name for e in direct.catalog.entities()))
    columns = {c["name"]: c for c in inspector.get_columns("Invoice")}
    assert type(columns["InvoiceDate"]["type"]).__name__ == "DateTime"
    assert type(columns["Balance.Amount"]["type"]).__name__ == "Numeric"
    assert type(columns["InvoiceId"]["type"]).__name__ == "String"
    assert columns["InvoiceId"]["nullable"] is False
    assert inspector.get_pk_constraint("Invoice")["constrained_columns"] == ["InvoiceId"]
    with pytest.raises(exc.NoSuchTableError):
        inspector.get_columns("NoSuchEntity")


def test_core_select_compiles_to_imisql_and_runs(engine: Engine, direct: imisql.Connection) -> None:
    party = Table("Party", MetaData(), autoload_with=engine)
    last = _common_last_name(direct)
    query = (
        select(party.c.PartyId, party.c["PersonName.FirstName"])
        .where(party.c["PersonName.LastName"] == last)
        .order_by(party.c.PartyId.desc())
        .limit(3)
        .offset(1)
    )
    assert " ".join(str(query.compile(engine)).split()) == (
        'SELECT Party.PartyId, Party."PersonName.FirstName" FROM Party '
        'WHERE Party."PersonName.LastName" = :PersonName_LastName_1 ORDER BY Party.PartyId DESC '
        "LIMIT :param_1 OFFSET :param_2"
    )
    with engine.connect() as conn:
        got = [tuple(row) for row in conn.execute(query)]
    expected = _rows(
        direct,
        "SELECT PartyId, PersonName.FirstName FROM Party WHERE LastName = :last ORDER BY PartyId DESC LIMIT 3 OFFSET 1",
        {"last": last},
    )
    assert got == expected and len(got) == 3


def test_core_count_and_in(engine: Engine, direct: imisql.Connection) -> None:
    invoice = Table("Invoice", MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(invoice).where(invoice.c["Balance.Amount"] > 0)).scalar()
        chosen = conn.execute(select(invoice.c.InvoiceId).where(invoice.c.InvoiceId.in_(["100001", "100003"])))
        ids = sorted(row[0] for row in chosen)
    assert count == _rows(direct, "SELECT COUNT(*) FROM Invoice WHERE Balance > 0")[0][0]
    assert ids == ["100001", "100003"]


def test_text_with_parameters(engine: Engine, direct: imisql.Connection) -> None:
    sql = "SELECT PartyId, LastName FROM Party WHERE LastName = :last ORDER BY PartyId LIMIT 5"
    with engine.connect() as conn:
        got = [tuple(row) for row in conn.execute(text(sql), {"last": _common_last_name(direct)})]
    assert got == _rows(direct, sql, {"last": _common_last_name(direct)}) and got


def test_read_sql_without_warning_keeps_decimal(engine: Engine, direct: imisql.Connection) -> None:
    sql = "SELECT InvoiceId, InvoiceAmount.Amount AS amount FROM Invoice ORDER BY InvoiceId LIMIT 5"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame = pd.read_sql(sql, engine, coerce_float=False)
        floats = pd.read_sql(sql, engine)
    expected = _rows(direct, sql)
    assert list(frame.columns) == ["InvoiceId", "amount"]
    assert [tuple(r) for r in frame.itertuples(index=False)] == expected
    assert all(isinstance(v, decimal.Decimal) for v in frame["amount"])
    assert all(isinstance(v, float) for v in floats["amount"])  # pandas' default, for every driver


def test_read_sql_with_parameters(engine: Engine, direct: imisql.Connection) -> None:
    sql = "SELECT InvoiceId FROM Invoice WHERE InvoiceId = :wanted"
    frame = pd.read_sql(text(sql), engine, params={"wanted": "100002"})
    assert frame["InvoiceId"].tolist() == [r[0] for r in _rows(direct, sql, {"wanted": "100002"})] == ["100002"]


def test_query_errors_reach_the_caller(engine: Engine) -> None:
    with engine.connect() as conn, pytest.raises(exc.ProgrammingError, match="Party has no field 'Emial'"):
        conn.execute(text("SELECT Emial FROM Party"))


def test_identifier_quoting(engine: Engine) -> None:
    quote = engine.dialect.identifier_preparer.quote
    assert [quote(n) for n in ("Party", "PersonName.FirstName", "limit", "Custom Field", 'say "hi"')] == [
        "Party", '"PersonName.FirstName"', '"limit"', '"Custom Field"', '"say ""hi"""',
    ]  # fmt: skip


def test_the_demo_url_runs_without_a_site() -> None:
    engine = create_engine("imisql+demo://")
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM Party")).scalar() > 0
    finally:
        engine.dispose()


def test_sqlalchemy_and_pandas_are_an_optional_extra_and_in_dev() -> None:
    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert {r.split(">")[0] for r in extras["sqlalchemy"]} == {"sqlalchemy", "pandas"}
    assert {"sqlalchemy", "pandas"} <= {r.split(">")[0] for r in extras["dev"]}
    assert not any(r.lower().startswith(("sqlalchemy", "pandas")) for r in project["dependencies"])


def test_core_update_writes_at_once(make_emulator) -> None:
    site = make_emulator()
    parts = urlsplit(site.base_url)
    url = make_url(f"imisql+http://{site.username}@{parts.hostname}:{parts.port}{parts.path}")
    engine = create_engine(url.set(password=site.password))
    try:
        invoice = Table("Invoice", MetaData(), autoload_with=engine)
        with engine.connect() as conn:
            (wanted,) = conn.execute(select(invoice.c.InvoiceId).order_by(invoice.c.InvoiceId).limit(1)).one()
            change = update(invoice).where(invoice.c.InvoiceId == wanted).values(Description="changed by Core")
            assert conn.execute(change).rowcount == 1
        with engine.connect() as conn:  # no commit was needed: iMIS applies each write when it runs
            read = select(invoice.c.Description).where(invoice.c.InvoiceId == wanted)
            assert conn.execute(read).scalar() == "changed by Core"
    finally:
        engine.dispose()
