"""Query-string parsing for ``GET /api/{Entity}``: filters, ``OrderBy``, ``Limit``/``Offset``.

Follows ASI's own parser (``QueryExtensions.UrlArgsToQueryCommon``, facts sheet sections 2.2 and 12):

* Parameter names are case-insensitive. ``Limit``, ``Offset``, ``OrderBy``, ``Phrase`` and
  ``EntityId`` are reserved; every other parameter is a filter on a search name, and an unknown
  name is a 400 validation error.
* A filter value is split on ``|``; the text before the first ``:`` of the first value is an
  operator only if it is one of the spellings in :mod:`imisql.operators` or ``notIn``/``!in``
  (case-insensitive, the 20.3.205 operator table), otherwise the whole value is an Equal operand
  (``12:30`` stays a value, ``eq:contains:x`` is Equal to ``contains:x``).
* Equal with several values (``Prop=a|b``) behaves like In; ``notIn:a|b`` is "none of them" and,
  like SQL's ``NOT IN``, never matches NULL. Value-less operators (``isEmpty:`` ...) ignore any
  operand. Between needs exactly two values, single-value operators exactly one; otherwise 400.
* Repeated parameters AND together (``ItemId=notContain:CHAPT&ItemId=ne:DUES``).
* ``Limit`` and ``Offset`` are read like .NET's ``int.TryParse``: text that is not a 32-bit
  integer (``limit=abc``) counts as 0, and 0 or less means the default (limit 100, offset 0), so
  ``offset=-5`` is ignored. A limit above 500 is clamped to 500 (and echoed as 500); an offset
  beyond the end gives an empty page.
* ``OrderBy=Prop`` or ``Prop:Descending`` (only ``Descending``, any case, means descending);
  several columns are separated by ``|``.
* ``Phrase=text`` is an Equal filter on the entity's ``Name`` with the whole text as one operand
  (no operator, no ``|`` split), as ASI's parser builds it.
* Operands are coerced once to the field's kind; an operand that cannot be coerced (a date filter
  with ``notadate``) makes the filter match nothing, exactly as :func:`imisql.semantics.matches`
  would decide row by row. Values are tested by :func:`imisql.prepared_match.prepared`
  (``matches`` with the operands keyed once).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from imisql.emulator.entities import EntityDef, SearchField
from imisql.emulator.responses import validation_error
from imisql.operators import Arity, Op, lookup
from imisql.prepared_match import prepared
from imisql.semantics import coerce

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
_INT32_MAX = 2**31 - 1
_INTEGER = re.compile(r"^[+-]?\d{1,12}$")
RESERVED = frozenset({"limit", "offset", "orderby", "phrase", "entityid"})
_NOT_IN = frozenset({"notin", "!in"})


@dataclass(frozen=True)
class Filter:
    field: SearchField
    op: Op
    operands: tuple[object, ...]  # coerced to the field's kind when possible
    raw: tuple[str, ...]
    satisfiable: bool = True  # False when an operand could not be coerced
    negated: bool = False  # notIn: the In test negated (NULL still fails)

    def test(self, record: Mapping[str, Any]) -> bool:
        return self.test_value(record.get(self.field.name))

    def test_value(self, value: object) -> bool:
        """Whether the field's value passes (a column scan asks once per distinct value)."""
        if self.negated:
            return value is not None and not (self.satisfiable and self._holds(value))
        return self.satisfiable and self._holds(value)

    @cached_property
    def _holds(self) -> Callable[[object], bool]:
        """The test of one value, operands prepared once (an ``in:`` list is a set, so long lists stay linear)."""
        return prepared(self.op, self.operands, self.field.kind)

    @property
    def signature(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.field.name, ("not " if self.negated else "") + self.op.value, self.raw)


@dataclass(frozen=True)
class Order:
    field: SearchField
    descending: bool = False
    nulls_high: bool = False  # NULL sorts above every value (the ``nulls_high`` quirk, ``listing.Lister``)


@dataclass(frozen=True)
class ListQuery:
    filters: tuple[Filter, ...] = ()
    order: tuple[Order, ...] = ()
    offset: int = 0
    limit: int = DEFAULT_LIMIT

    @property
    def signature(self) -> tuple[object, ...]:
        return (
            tuple(sorted(f.signature for f in self.filters)),
            tuple((o.field.name, o.descending, o.nulls_high) for o in self.order),
        )


def parse_operation(text: str) -> tuple[Op, list[str]]:
    """Split ``op:v1|v2`` into the operation and its raw values (no validation of counts)."""
    values = text.split("|")
    head, sep, rest = values[0].partition(":")
    spec = lookup(head) if sep else None
    if spec is None:
        return (Op.IN if len(values) > 1 else Op.EQUAL), values
    if spec.arity is Arity.NONE:
        return spec.op, []
    values[0] = rest
    if spec.op is Op.EQUAL and len(values) > 1:
        return Op.IN, values
    return spec.op, values


def check_arity(op: Op, values: Sequence[str], name: str) -> None:
    expected = {Op.BETWEEN: 2}.get(op, 1)
    if op in (Op.IN, Op.IS_EMPTY, Op.NOT_EMPTY, Op.IS_TRUE, Op.IS_FALSE):
        return
    if len(values) != expected:
        raise validation_error(f"Operation {op.value} on {name} requires {expected} value(s); got {len(values)}.")


def make_filter(field: SearchField, text: str) -> Filter:
    head, sep, rest = text.partition(":")
    if sep and head.strip().casefold() in _NOT_IN:
        return _filter(field, Op.IN, rest.split("|"), negated=True)
    op, values = parse_operation(text)
    check_arity(op, values, field.name)
    return _filter(field, op, values)


def _filter(field: SearchField, op: Op, values: Sequence[str], negated: bool = False) -> Filter:
    try:
        operands = tuple(coerce(v, field.kind) for v in values) if field.kind else tuple(values)
        return Filter(field, op, operands, tuple(values), negated=negated)
    except ValueError:
        return Filter(field, op, tuple(values), tuple(values), satisfiable=False, negated=negated)


def parse_int(text: str) -> int:
    """.NET ``int.TryParse``: a 32-bit integer (surrounding spaces allowed), anything else 0."""
    stripped = text.strip()
    if not _INTEGER.match(stripped) or not -_INT32_MAX - 1 <= int(stripped) <= _INT32_MAX:
        return 0
    return int(stripped)


def parse_order(text: str, resolve: Callable[[str], SearchField | None], nulls_high: bool = False) -> tuple[Order, ...]:
    orders = []
    for part in text.split("|"):
        name, _, direction = part.strip().partition(":")
        if not name:
            continue
        found = resolve(name.strip())
        if found is None:
            raise validation_error(f"OrderBy property '{name.strip()}' is not a valid property.")
        orders.append(Order(found, direction.strip().casefold() == "descending", nulls_high))
    return tuple(orders)


def _phrase(entity: EntityDef, text: str) -> Filter:
    found = entity.field("Name")
    if found is None:
        raise validation_error(f"'Phrase' is not a valid property of {entity.name}.")
    return _filter(found, Op.EQUAL, [text])


def parse_list_query(
    params: Sequence[tuple[str, str]], entity: EntityDef, *, page_rounding: bool = False, nulls_high: bool = False
) -> ListQuery:
    """Parse a list request's decoded parameters (in order) for ``entity``."""
    filters: list[Filter] = []
    order: tuple[Order, ...] = ()
    limit, offset = DEFAULT_LIMIT, 0
    for name, value in params:
        key = name.strip().casefold()
        if key == "limit":
            limit = parse_int(value)
        elif key == "offset":
            offset = parse_int(value)
        elif key == "orderby":
            order = parse_order(value, entity.field, nulls_high)
        elif key == "phrase":
            filters.append(_phrase(entity, value))
        elif key == "entityid":
            continue  # answered as a single GET before the list is parsed
        else:
            found = entity.field(name.strip())
            if found is None:
                raise validation_error(f"'{name}' is not a valid property of {entity.name}.")
            filters.append(make_filter(found, value))
    return ListQuery(tuple(filters), order, *page(limit, offset, page_rounding))


def page(limit: int, offset: int, page_rounding: bool = False) -> tuple[int, int]:
    """Normalise paging as ASI's parser does (0 or less: the default): returns ``(offset, limit)``."""
    offset = max(offset, 0)
    limit = DEFAULT_LIMIT if limit <= 0 else min(limit, MAX_LIMIT)
    if page_rounding:
        offset -= offset % limit
    return offset, limit
