"""The corpus of real iMIS requests (tests/core/corpus_requests.py): every one is expressible, and the statement a
user would write compiles to a request that means the same.

Requests are compared as iMIS reads them (ASI's parser): entity and parameter names case-insensitively;
a bare value is Equal and ``Eq:``/``eq:``/``Equal:`` are one operator; ``in:`` values as a set; Equal
``true``/``false`` on a flag is ``isTrue:``/``isFalse:``; datetimes as instants on a UTC server clock;
an id in the path is the same as ``?EntityId=``; paging pairs only when the real request sets them.
Business objects the code reads by id are given the identity a live catalog would report for them.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

from imisql.catalog import BUILTIN, Entity, EntityKind
from imisql.catalog.builtin import searchable
from imisql.catalog.live import LiveCatalog
from imisql.compiler import compile_sql
from imisql.emulator.query import parse_operation
from imisql.operators import Op
from imisql.plan import Request
from imisql.semantics import Kind, coerce
from tests.core.corpus_requests import CORPUS

_SITE = LiveCatalog(
    [
        Entity(name, f"/api/{name}", key, tuple(searchable(f) for f in fields), EntityKind.GENERIC, "")
        for name, key, fields in (
            ("AVIC_AS_Data", ("ID",), ("ID", "SchoolNum")), ("CsContact", ("ID",), ("ID",)),
            ("AO_OrganisationsData", ("ID",), ("ID", "Sector", "SchoolNumber")),
            ("AO_IndividualsData", ("ID",), ("ID",)),
            ("CsEvent", ("EVENT_CODE",), ("EVENT_CODE",)), ("CsInvoice", ("INVOICE_REF",), ("INVOICE_REF",)),
            ("Subscription", ("PartyId", "ItemId"), ("PartyId", "ItemId", "Status")),
            ("Cart", ("CartId",), ("CartId", "UserId", "UpdatedBy")), ("ItemSummary", ("ItemId",), ("ItemId",)),
        )
    ],
    BUILTIN,
)  # fmt: skip
_PAGING = ("limit", "offset")
_IQA = ("queryname", "querydocumentversionkey", "parameter")


def _value(text: str) -> Any:
    """A filter operand as the server would compare it: datetimes as instants, the rest as text."""
    if len(text) >= 10 and text[4:5] == "-" and text[7:8] == "-":
        try:
            return coerce(text, Kind.DATETIME)
        except ValueError:
            return text
    return text


def _filter(value: str) -> tuple[str, Any]:
    op, values = parse_operation(value)
    if op in (Op.EQUAL, Op.IN) and len(values) == 1 and values[0].strip().lower() in ("true", "false"):
        return ("IsTrue" if values[0].strip().lower() == "true" else "IsFalse"), ()
    if op in (Op.EQUAL, Op.IN):
        return "In", frozenset(_value(v) for v in values)
    return op.value, tuple(_value(v) for v in values)


def _meaning(path: str, params: list[tuple[str, str]], with_paging: bool) -> tuple[Any, ...]:
    segments = [unquote(s) for s in path.split("/") if s]
    assert segments[0].lower() == "api", path
    entity = segments[1].lower()
    single = segments[2] if len(segments) > 2 else None
    filters: Counter[Any] = Counter()
    iqa: list[tuple[str, str]] = []
    paging: dict[str, str] = {}
    for name, value in params:
        key = name.strip().lower()
        if key == "entityid":
            single = value
        elif key in _PAGING:
            paging[key] = value
        elif key in _IQA:
            iqa.append((key, value))
        else:
            filters[(key, _filter(value))] += 1
    kept = {k: v for k, v in paging.items() if v != "0"} if with_paging else {}
    return entity, single, tuple(sorted(filters.items(), key=repr)), tuple(iqa), tuple(sorted(kept.items()))


def _real(url: str) -> tuple[Any, ...]:
    parts = urlsplit(url)
    params = parse_qsl(parts.query.replace("+", "%2B"), keep_blank_values=True)  # corpus URLs are written readable
    return _meaning(parts.path, params, with_paging=any(k.lower() in _PAGING for k, _ in params))


def _ours(request: Request, with_paging: bool) -> tuple[Any, ...]:
    return _meaning(request.path, list(request.first_page_params()), with_paging)


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 60
    assert all(source and url.startswith("/api/") and sql.upper().startswith("SELECT") for source, url, sql in CORPUS)


@pytest.mark.parametrize(("source", "url", "sql"), CORPUS, ids=[f"r{i:02d}" for i in range(len(CORPUS))])
def test_the_statement_sends_what_real_code_sends(source: str, url: str, sql: str) -> None:
    plan = compile_sql(sql, _SITE)
    (request,) = plan.requests
    real = _real(url)
    with_paging = bool(real[4])
    assert _ours(request, with_paging) == real, source
