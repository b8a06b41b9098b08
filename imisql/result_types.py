"""The type code of each result column, for ``cursor.description`` (see ``imisql.dbtypes``).

From the plan and the catalog where they know it: a column reading a catalog field has the field's
type, ``COUNT`` is an integer, ``SUM``/``AVG`` decimals, ``MIN``/``MAX`` their field's type, a
constant its value's. What they do not know (a business object's fields, an expression over them)
comes from the column's value in the first row, when there is one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from imisql.catalog.model import Catalog, FieldType
from imisql.dbtypes import type_code_of
from imisql.plan import AggregateCall, OutputColumn, Plan
from imisql.plan.steps import Aggregate, CountTotal, Project

Codes = list[FieldType | None]
_AGGREGATE_TYPES = {"COUNT": FieldType.INTEGER, "SUM": FieldType.DECIMAL, "AVG": FieldType.DECIMAL}


def plan_type_codes(plan: Plan, catalog: Catalog, names: Sequence[str]) -> Codes:
    """The known type code of each of the result's columns (``None`` where only the values can tell)."""
    entity = catalog.entity(plan.entity) if not plan.answers_from_catalog else None
    by_path = {".".join(map(str, f.path)): f.type for f in entity.fields} if entity is not None else {}
    steps = plan.steps
    shape = next((s for s in reversed(steps) if isinstance(s, Aggregate | Project)), None)
    if isinstance(shape, Project) and shape.star:
        return [by_path.get(name) for name in names]
    if shape is None:
        counts = any(isinstance(s, CountTotal) for s in steps)
        return [FieldType.INTEGER if counts else None for _ in names]
    calls = shape.calls if isinstance(shape, Aggregate) else ()
    codes = [_column_code(column, calls, by_path) for column in shape.columns[: len(names)]]
    return codes + [None] * (len(names) - len(codes))


def _column_code(
    column: OutputColumn, calls: tuple[AggregateCall, ...], by_path: dict[str, FieldType]
) -> FieldType | None:
    if column.aggregate is not None:
        call = calls[column.aggregate]
        if call.name in _AGGREGATE_TYPES:
            return _AGGREGATE_TYPES[call.name]
        return by_path.get(".".join(map(str, call.path or ())))
    if column.path is not None:
        return by_path.get(".".join(map(str, column.path)))
    return type_code_of(column.constant)


def value_type_codes(count: int, row: Sequence[Any] | None) -> Codes:
    """Type codes read from one row's values (all ``None`` without a row)."""
    return [type_code_of(row[i]) if row is not None and i < len(row) else None for i in range(count)]


def merged(known: Codes, seen: Codes) -> Codes:
    return [k if k is not None else s for k, s in zip(known, seen, strict=True)]
