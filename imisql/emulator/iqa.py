"""Built-in IQA queries for ``GET /api/iqa`` (GenericEntityData rows) and ``GET /api/query`` (flat rows).

A query is named by its path (``QueryName``) or by its document version key
(``QueryDocumentVersionKey``, a GUID, as ASI's "Query by key" request sends it). Queries take
*positional* prompts: one ``Parameter`` per prompt, in order, empty meaning "no filter". A
parameter may carry an operator prefix exactly like a REST filter (``eq:smith``, ``in:US|CA``);
without one the prompt's own operator applies. Fewer or more parameters than prompts is a 400; an
unknown query is a 404. Any other parameter is a named URL filter on one of the query's columns
(``&Email=contains:example``, matched case-insensitively, REST filter syntax); a name that is not
a filterable column is a 400.

Rows from ``/api/iqa`` are GenericEntityData whose ``EntityTypeName`` is a numeric string and
whose first property is ``ResultRow`` ("1", "2", ... over the whole result); strings and dates are
plain, other values wrapped, NULL values omit ``Value``. ``/api/query`` returns the same columns as
``System.Dynamic.ExpandoObject`` rows with plain JSON values.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from imisql.emulator.contracts import GENERIC_ENTITY, GENERIC_PROPERTY, GENERIC_PROPERTY_COLLECTION, JsonDict
from imisql.emulator.dataset import Dataset, RowSource
from imisql.emulator.entities import SearchField
from imisql.emulator.query import Filter, check_arity, make_filter, parse_operation
from imisql.emulator.responses import validation_error
from imisql.operators import Op, lookup
from imisql.semantics import Kind

Record = dict[str, Any]
ValueOf = Callable[[Dataset, Record], object]

_WRAPPERS = {"Int32": "System.Int32", "Boolean": "System.Boolean", "Decimal": "System.Decimal"}
_KINDS = {"String": Kind.STRING, "Int32": Kind.INTEGER, "Boolean": Kind.BOOLEAN, "Decimal": Kind.DECIMAL,
          "DateTime": Kind.DATETIME}  # fmt: skip
_KEYS = uuid.UUID("6d1c9e0a-2f4b-4c55-9a43-0d7b1f2e8c11")  # namespace of the demo queries' version keys


@dataclass(frozen=True)
class Prompt:
    field: SearchField  # the record key the prompt filters
    default_op: Op


@dataclass(frozen=True)
class Column:
    alias: str
    type_name: str  # String, Int32, Boolean, Decimal, DateTime
    value: ValueOf
    key: str | None = None  # the record key the column reads; None for computed columns

    @property
    def search(self) -> SearchField | None:
        """The column as a URL filter, or None when it cannot be filtered."""
        return None if self.key is None else SearchField(self.key, self.key, _KINDS.get(self.type_name))


@dataclass(frozen=True)
class IqaQuery:
    path: str
    entity_type_name: str  # IQA rows carry a numeric EntityTypeName
    rows: Callable[[Dataset], RowSource]
    prompts: tuple[Prompt, ...]
    columns: tuple[Column, ...]
    fixed: tuple[tuple[SearchField, str], ...] = ()  # the query's own filters (field, "op:value")

    @property
    def version_key(self) -> str:
        """The query document's version key (a stable GUID per path)."""
        return str(uuid.uuid5(_KEYS, self.path)).upper()

    def column(self, alias: str) -> Column | None:
        folded = alias.strip().casefold()
        return next((c for c in self.columns if c.alias.casefold() == folded), None)


def _col(alias: str, key: str, type_name: str = "String") -> Column:
    return Column(alias, type_name, lambda _ds, rec: rec.get(key), key)


def _party_name(ds: Dataset, rec: Record) -> object:
    index = ds.parties.index_of(rec["PartyId"])
    return None if index is None else ds.party(index)["Name"]


def _prompt(name: str, kind: Kind, op: Op = Op.EQUAL) -> Prompt:
    return Prompt(SearchField(name, name, kind), op)


QUERIES: tuple[IqaQuery, ...] = (
    IqaQuery(
        "$/Common/Queries/Search/Contact/Last Name", "59", Dataset.person_rows,
        (_prompt("LastName", Kind.STRING, Op.STARTS_WITH),),
        (_col("ID", "Id"), _col("FullName", "Name"), _col("FirstName", "FirstName"), _col("LastName", "LastName"),
         _col("Email", "Email"), _col("City", "CityName"), _col("State", "CountrySubEntityName"),
         _col("Country", "CountryName"), _col("MemberType", "CustomerTypeCode"), _col("Status", "Status")),
    ),
    IqaQuery(
        "$/imisql/Members by Country", "9", Dataset.party_rows,
        (_prompt("CountryCode", Kind.STRING), _prompt("CustomerTypeCode", Kind.STRING)),
        (_col("ID", "Id"), _col("FullName", "Name"), _col("MemberType", "CustomerTypeCode"),
         _col("IsMember", "IsMember", "Boolean"), _col("JoinDate", "JoinDate", "DateTime"), _col("City", "CityName"),
         _col("Country", "CountryCode")),
        fixed=((SearchField("IsMember", "IsMember", Kind.BOOLEAN), "isTrue:"),),
    ),
    IqaQuery(
        "$/imisql/Event Registrations", "21", Dataset.registration_rows,
        (_prompt("EventId", Kind.STRING),),
        (_col("EventId", "EventId"), _col("RegistrationId", "EventRegistrationId"), _col("ID", "PartyId"),
         Column("FullName", "String", _party_name), _col("RegistrationDate", "RegistrationDate", "DateTime"),
         _col("Status", "Status", "Int32")),
    ),
)  # fmt: skip
_BY_PATH = {q.path.casefold(): q for q in QUERIES}
_BY_KEY = {q.version_key.casefold(): q for q in QUERIES}


def find_query(path: str) -> IqaQuery | None:
    return _BY_PATH.get(path.strip().casefold())


def find_query_by_key(key: str) -> IqaQuery | None:
    return _BY_KEY.get(key.strip().strip("{}").casefold())


def url_filters(query: IqaQuery, named: Sequence[tuple[str, str]]) -> tuple[Filter, ...]:
    """Named URL filters on the query's columns (400 for a name that is not a filterable column)."""
    filters = []
    for name, text in named:
        column = query.column(name)
        field = column.search if column is not None else None
        if field is None:
            raise validation_error(f"'{name.strip()}' is not a filter of query '{query.path}'.")
        filters.append(make_filter(field, text))
    return tuple(filters)


def prompt_filters(query: IqaQuery, parameters: Sequence[str]) -> tuple[Filter, ...]:
    """One filter per non-empty positional parameter (400 on a wrong parameter count)."""
    if len(parameters) != len(query.prompts):
        raise validation_error(
            f"Query '{query.path}' expects {len(query.prompts)} parameter(s); got {len(parameters)}."
        )
    filters = [make_filter(field, text) for field, text in query.fixed]
    for prompt, text in zip(query.prompts, parameters, strict=True):
        if text.strip() == "":
            continue
        head, sep, _ = text.split("|")[0].partition(":")
        if sep and lookup(head):
            filters.append(make_filter(prompt.field, text))
            continue
        op, values = parse_operation(text)
        op = prompt.default_op if op is Op.EQUAL else op
        check_arity(op, values, prompt.field.name)
        filters.append(make_filter(prompt.field, f"{op.value}:{'|'.join(values)}"))
    return tuple(filters)


def _wrap(type_name: str, value: object) -> object:
    wrapper = _WRAPPERS.get(type_name)
    return value if wrapper is None else {"$type": wrapper, "$value": value}


def iqa_row(query: IqaQuery, ds: Dataset, rec: Record, row_number: int) -> JsonDict:
    values: list[JsonDict] = [{"$type": GENERIC_PROPERTY, "Name": "ResultRow", "Value": str(row_number)}]
    for column in query.columns:
        entry: JsonDict = {"$type": GENERIC_PROPERTY, "Name": column.alias}
        value = column.value(ds, rec)
        if value is not None:
            entry["Value"] = _wrap(column.type_name, value)
        values.append(entry)
    return {
        "$type": GENERIC_ENTITY,
        "EntityTypeName": query.entity_type_name,
        "Properties": {"$type": GENERIC_PROPERTY_COLLECTION, "$values": values},
    }


def expando_row(query: IqaQuery, ds: Dataset, rec: Record) -> JsonDict:
    row: JsonDict = {"$type": "System.Dynamic.ExpandoObject, System.Core"}
    for column in query.columns:
        row[column.alias] = column.value(ds, rec)
    return row
