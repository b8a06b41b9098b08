"""Values on the wire: positional decimals, ISO 8601 dates, offsets as instants on the server's clock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from imisql import ast
from imisql.binding import Binder, literal_sql
from imisql.compiler import compile_sql
from imisql.errors import SemanticError
from imisql.plan import Plan
from imisql.semantics import Kind
from imisql.wire import wire


def _params(sql: str, params: object = None) -> tuple[tuple[str, str], ...]:
    plan = compile_sql(sql, params=params)  # type: ignore[arg-type]
    assert isinstance(plan, Plan)
    return plan.requests[0].params


@pytest.mark.parametrize(
    ("value", "spelt"),
    [(Decimal("1E-8"), "0.00000001"), (Decimal("1E+3"), "1000"), (Decimal("-2.50"), "-2.50"), (Decimal(0), "0")],
)
def test_decimals_are_never_in_scientific_notation(value: Decimal, spelt: str) -> None:
    assert wire(value) == spelt
    assert literal_sql(value) == spelt


def test_a_tiny_float_parameter_is_sent_positionally() -> None:
    pairs = _params("SELECT SEQN FROM Activity WHERE AMOUNT > :a", {"a": 1e-8})
    assert pairs == (("AMOUNT", "gt:0.00000001"),)


@pytest.mark.parametrize(
    ("written", "sent"),
    [("'2024-01-31'", "2024-01-31"), ("' 2024-01-31 '", "2024-01-31"), ("'2024-01-31 09:30'", "2024-01-31T09:30:00"),
     ("'2024-01-31T09:30:15.1234567'", "2024-01-31T09:30:15.123456"), ("DATE '2024-01-31'", "2024-01-31"),
     ("'2024-01-31T09:30:00Z'", "2024-01-31T09:30:00"), ("'2024-01-31T09:30:00+02:00'", "2024-01-31T07:30:00"),
     ("TIMESTAMP '2024-01-31 09:30:00-05:00'", "2024-01-31T14:30:00")],
)  # fmt: skip
def test_date_values_are_normalised_to_iso_8601(written: str, sent: str) -> None:
    assert _params(f"SELECT PartyId FROM Party WHERE UpdatedOn > {written}") == (("UpdatedOn", f"gt:{sent}"),)


@pytest.mark.parametrize("written", ["'01/31/2024'", "'31.01.2024'", "'Jan 31 2024'", "'2024-1-31'"])
def test_a_non_iso_date_string_is_a_compile_error(written: str) -> None:
    sql = f"SELECT PartyId FROM Party WHERE BirthDate = {written}"
    with pytest.raises(SemanticError) as caught:
        compile_sql(sql)
    assert "DATE 'YYYY-MM-DD'" in str(caught.value.hint)
    assert caught.value.span is not None and sql[caught.value.span.start : caught.value.span.end] == written


def test_aware_parameters_are_converted_to_the_server_clock() -> None:
    aware = dt.datetime(2024, 7, 1, 12, 0, tzinfo=dt.UTC)
    binder = Binder({"t": aware}, "", server_timezone=ZoneInfo("Australia/Melbourne"))
    param = ast.Param(name="t")
    assert binder.value(param) == dt.datetime(2024, 7, 1, 22, 0)
    assert binder.typed("2024-07-01T12:00:00Z", Kind.DATETIME) == dt.datetime(2024, 7, 1, 22, 0)
    assert _params("SELECT PartyId FROM Party WHERE UpdatedOn >= :t", {"t": aware}) == (
        ("UpdatedOn", "ge:2024-07-01T12:00:00"),
    )
