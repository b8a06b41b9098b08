"""ORDER BY pushdown: what iMIS sorts and what is left to the client.

iMIS sorts in SQL Server or with .NET's default comparers, both of which put NULL below every value, so
by default (``nulls_lowest``) the rows of a key are read in one request and the client checks that no
NULL comes where it does not belong (``ServerOrderError``). A connection that assumes nothing reads the
rows whose key is empty (``isEmpty``: NULL or blank) and the rest (``notEmpty``) in two requests, one
after the other, the empty ones first ascending and last descending, as SQL Server orders them.

* One key whose column has a search name: ``OrderBy=Name`` (``Name:Descending``). iMIS sorts every row,
  so LIMIT/OFFSET can go to iMIS too; the client checks where the NULLs came (``steps.NullsChecked``).
  Assuming nothing, a key whose order the client knows (below) is read in its two requests and checked
  like the first of several keys.
* Several keys, the first a catalog column whose order the client knows (text by SQL Server's default
  collation, numbers, dates, booleans) with a search name and the ``isEmpty``/``notEmpty`` filters:
  ``OrderBy`` on the first key, and the client orders the ties (``steps.CompleteTies``), reading only up
  to the end of the run of ties that reaches a LIMIT. The client checks iMIS's order between runs of
  ties (``imisql.ties``).
* With a LIMIT, a run of ties that reaches it need not be read whole: when the next keys can be pushed
  too (``plan.tie_keys.FollowUps``), the client asks for that run alone, filtered to its value and
  sorted by the next key, only the rows still needed (``imisql.tie_reader``).
* Anything else: every row is read and sorted on the client, after projection (``imisql.client_plan``).
"""

from __future__ import annotations

from dataclasses import dataclass

from imisql import ast
from imisql.atoms import Pair
from imisql.field_types import FieldType
from imisql.operators import SPEC_BY_OP, Op
from imisql.plan import SortKey, steps
from imisql.plan.parts import new_request
from imisql.plan.tie_keys import FollowUps, TieKey, order_pair
from imisql.projection import Projection
from imisql.quick_init import quick_init
from imisql.resolve import Column, Names

_KNOWN_ORDER = frozenset(
    {FieldType.STRING, FieldType.INTEGER, FieldType.DECIMAL, FieldType.DATETIME, FieldType.BOOLEAN}
)
_EQUAL_BY_VALUE = frozenset({FieldType.STRING, FieldType.INTEGER, FieldType.DECIMAL})  # spelt exactly by ``wire``


@quick_init
@dataclass(frozen=True, slots=True)
class Ordering:
    """How a statement's ORDER BY runs: the client's sort keys (all rows sorted, or only ties when
    ``ties_on`` names the first key), the ``OrderBy`` pair when iMIS sorts every row, and for ties the
    query pairs of the requests (empty first keys; the others, sorted by iMIS), in the order the rows
    are wanted, and how a run of ties that reaches a LIMIT is narrowed (``follow``)."""

    keys: tuple[SortKey, ...] = ()
    order_param: Pair | None = None
    ties_on: str = ""
    parts: tuple[tuple[Pair, ...], ...] = ()
    follow: FollowUps | None = None
    nulls_first: tuple[SortKey, str, Pair | None] | None = None  # iMIS's one OrderBy key: its NULLs checked
    client_sort: tuple[SortKey, ...] = ()  # the keys of a full client sort (none when iMIS sorts)
    nulls_assumed: bool = False  # the client completes ties read in one request, NULLs taken to sort lowest

    def checked(self, source: steps.RecordSource) -> steps.Step:
        """``source`` with the NULLs of iMIS's one sort key checked (iMIS sorts them, assumed lowest)."""
        assert self.nulls_first is not None
        key, name, pair = self.nulls_first
        assert key.path is not None
        request = source.request if isinstance(source, steps.Scan) and not source.request.offset else None
        probe = None
        if pair is not None and request is not None:
            params = (*(p for p in request.params if p[0] != "OrderBy"), pair)
            probe = new_request(  # the same request for the first row with a value (dataclasses.replace is slow)
                request.method, request.path, params, request.paged, request.offset, 1, request.page_size,
                request.template,
            )  # fmt: skip
        return steps.NullsChecked(source, key.path, key.descending, name, probe)

    @property
    def note(self) -> str:
        """The EXPLAIN note of an ORDER BY whose ties the client completes."""
        how = (
            "NULLs taken to sort lowest, as in SQL Server, and checked"
            if self.nulls_assumed
            else "rows with it empty read apart, so where iMIS puts NULLs does not matter"
        )
        then = "sorts each run of ties" if len(self.keys) > 1 else "checks the order"
        return f"ORDER BY: iMIS sorts by {self.ties_on} ({how}); the client {then}"


def plan_ordering(
    order_by: tuple[ast.OrderItem, ...],
    projection: Projection,
    scope: Names,
    text: str,
    pushable: bool,
    base: tuple[Pair, ...] = (),
    nulls_lowest: bool = True,
) -> Ordering:
    """The ordering of a statement reading one entity by ``order_by`` (not empty: ``UNORDERED`` is the
    ordering of none); ``pushable``: one request (whose filters are ``base``), pushdown on, not IQA;
    ``nulls_lowest``: iMIS is taken to sort NULLs below every value."""
    keys = projection.sort_keys(order_by, scope, text)
    if not keys or not pushable or projection.aggregates or projection.group_by or keys[0].path is None:
        return Ordering(keys, client_sort=keys)
    column = projection.sort_column(order_by[0], scope, text)
    if column is None or column.search is None:
        return Ordering(keys, client_sort=keys)
    first = text[order_by[0].expr.span.start : order_by[0].expr.span.end]
    tie_keys = _tie_keys(order_by, projection, scope, text)
    if len(keys) == 1 and (nulls_lowest or not tie_keys):
        checked = (keys[0], column.search, _probe(column, keys[0].descending)) if nulls_lowest else None
        return Ordering((), order_pair(column.search, keys[0].descending), nulls_first=checked)
    if not tie_keys:
        return Ordering(keys, client_sort=keys)
    follow = FollowUps(base, tie_keys, nulls_lowest) if len(tie_keys) > 1 and tie_keys[0].equal else None
    return Ordering(keys, None, first, tie_keys[0].parts(nulls_lowest), follow, nulls_assumed=nulls_lowest)


UNORDERED = Ordering()  # no ORDER BY
Target = tuple[str, tuple[Pair, ...], bool]  # path, query pairs, paged


def with_parts(targets: list[Target], ordering: Ordering) -> list[Target]:
    """The requests of an ordering that reads the empty first keys and the others apart."""
    if not ordering.parts:
        return targets
    return [(path, (*pairs, *part), paged) for path, pairs, paged in targets for part in ordering.parts]


def _tie_keys(
    order_by: tuple[ast.OrderItem, ...], projection: Projection, scope: Names, text: str
) -> tuple[TieKey, ...]:
    """The leading ORDER BY keys iMIS can sort by and whose order the client knows (none: not even the first)."""
    found: list[TieKey] = []
    for item in order_by:
        column = projection.sort_column(item, scope, text)
        if column is None or column.search is None or not _order_known(column):
            break
        assert column.field is not None
        equal = column.field.type in _EQUAL_BY_VALUE and Op.EQUAL in column.field.operators
        found.append(TieKey(column.search, item.descending, equal))
    return tuple(found)


def _probe(column: Column, descending: bool) -> Pair | None:
    """Descending, the filter to the rows with a value: NULL first shows NULLs sorting high unless none has one."""
    field, search = column.field, column.search
    if not descending or field is None or search is None or Op.NOT_EMPTY not in field.operators:
        return None
    return (search, f"{SPEC_BY_OP[Op.NOT_EMPTY].short}:")


def _order_known(column: Column) -> bool:
    field = column.field
    return (
        field is not None and field.type in _KNOWN_ORDER
        and Op.IS_EMPTY in field.operators and Op.NOT_EMPTY in field.operators
    )  # fmt: skip
