"""ORDER BY pushdown: what iMIS sorts and what is left to the client.

* One key whose column has a search name: ``OrderBy=Name`` (``Name:Descending``). iMIS sorts every row,
  so LIMIT/OFFSET can go to iMIS too.
* Several keys, the first a catalog column whose order the client knows (text by SQL Server's default
  collation, numbers, dates, booleans) with a search name and the ``isEmpty``/``notEmpty`` filters:
  ``OrderBy`` on the first key, and the client orders the ties (``steps.CompleteTies``), reading only up
  to the end of the run of ties that reaches a LIMIT. Where iMIS puts NULLs is not documented, so the
  rows are read in two requests, one after the other: those whose first key is empty (``isEmpty``: NULL or
  blank) and the rest (``notEmpty``), the empty ones first ascending and last descending, as SQL Server
  orders them. The client checks iMIS's order between runs of ties (``imisql.ties``).
* Anything else: every row is read and sorted on the client, after projection (``imisql.client_plan``).
"""

from __future__ import annotations

from dataclasses import dataclass

from imisql import ast
from imisql.atoms import Pair
from imisql.field_types import FieldType
from imisql.operators import SPEC_BY_OP, Op
from imisql.plan import SortKey
from imisql.projection import Projection
from imisql.resolve import Column, Names

_KNOWN_ORDER = frozenset(
    {FieldType.STRING, FieldType.INTEGER, FieldType.DECIMAL, FieldType.DATETIME, FieldType.BOOLEAN}
)


@dataclass(frozen=True, slots=True)
class Ordering:
    """How a statement's ORDER BY runs: the client's sort keys (all rows sorted, or only ties when
    ``ties_on`` names the first key), the ``OrderBy`` pair when iMIS sorts every row, and for ties the
    query pairs of the two requests (empty first keys; the others, sorted by iMIS), in the order the rows
    are wanted."""

    keys: tuple[SortKey, ...] = ()
    order_param: Pair | None = None
    ties_on: str = ""
    parts: tuple[tuple[Pair, ...], ...] = ()

    @property
    def client_sort(self) -> tuple[SortKey, ...]:
        """The keys of a full client sort (none when iMIS sorts, even if the client orders ties)."""
        return () if self.order_param or self.ties_on else self.keys


def plan_ordering(
    order_by: tuple[ast.OrderItem, ...], projection: Projection, scope: Names, text: str, pushable: bool
) -> Ordering:
    """The ordering of a statement reading one entity; ``pushable``: one request, pushdown on, not IQA."""
    keys = projection.sort_keys(order_by, scope, text)
    if not keys or not pushable or projection.aggregates or projection.group_by or keys[0].path is None:
        return Ordering(keys)
    column = projection.sort_column(order_by[0], scope, text)
    if column is None or column.search is None:
        return Ordering(keys)
    descending = keys[0].descending
    order_param = ("OrderBy", f"{column.search}:Descending" if descending else column.search)
    if len(keys) == 1:
        return Ordering((), order_param)
    if not _order_known(column):
        return Ordering(keys)
    empty, other = (_filter(column.search, Op.IS_EMPTY),), (_filter(column.search, Op.NOT_EMPTY), order_param)
    first = text[order_by[0].expr.span.start : order_by[0].expr.span.end]
    return Ordering(keys, None, first, (other, empty) if descending else (empty, other))


Target = tuple[str, tuple[Pair, ...], bool]  # path, query pairs, paged


def with_parts(targets: list[Target], ordering: Ordering) -> list[Target]:
    """The requests of an ordering that reads the empty first keys and the others apart."""
    if not ordering.parts:
        return targets
    return [(path, (*pairs, *part), paged) for path, pairs, paged in targets for part in ordering.parts]


def _order_known(column: Column) -> bool:
    field = column.field
    return (
        field is not None and field.type in _KNOWN_ORDER
        and Op.IS_EMPTY in field.operators and Op.NOT_EMPTY in field.operators
    )  # fmt: skip


def _filter(search: str, op: Op) -> Pair:
    return (search, f"{SPEC_BY_OP[op].short}:")
