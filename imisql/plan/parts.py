"""The values plan steps are made of: requests, output columns, aggregate calls, sort keys, filters, notes.

Pure data shared by the compile side (which builds them) and the execute side (which reads them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from imisql.errors import Span
from imisql.predicate import AllOf, Pred
from imisql.quick_init import maker, quick_init
from imisql.scalar import Scalar

PathT = tuple[str | int, ...]
AGGREGATE_ROOT = "\x00agg"  # record-path head under which aggregate values are looked up by HAVING
EXPRESSION_ROOT = "\x00expr"  # record key under which the Compute step stores expression values


@quick_init
@dataclass(frozen=True, slots=True)
class Request:
    """One iMIS request. List requests are paged by the executor from ``offset`` on.

    A ``template`` request stands for many requests whose values come from rows read earlier (the
    keys of a join, the id of a row to update): its path or parameters hold ``{placeholders}``.
    """

    method: str
    path: str  # URL path with every segment already percent-encoded
    params: tuple[tuple[str, str], ...] = ()
    paged: bool = True
    offset: int = 0
    row_limit: int | None = None  # rows wanted from the server in total; None = all
    page_size: int = 500
    template: bool = False

    def first_page_params(self) -> tuple[tuple[str, str], ...]:
        """The query pairs of the first request, paging pairs included."""
        if not self.paged:
            return self.params
        size = self.page_size if self.row_limit is None else max(1, min(self.page_size, self.row_limit))
        return (*self.params, ("limit", str(size)), ("offset", str(self.offset)))

    def url(self, base: str) -> str:
        """The first request's URL under the site root ``base``, encoded as it goes on the wire."""
        safe = "{}" if self.template else ""  # a template's placeholders stay readable
        query = urlencode(self.first_page_params(), quote_via=quote, safe=safe)
        return base.rstrip("/") + self.path + (f"?{query}" if query else "")

    def readable(self) -> str:
        """The first request with its values decoded, for people."""
        pairs = "&".join(f"{k}={v}" for k, v in self.first_page_params())
        return f"{self.method} {self.path}" + (f"?{pairs}" if pairs else "")

    def explain_lines(self, base: str, label: str = "") -> list[str]:
        """The request as EXPLAIN shows it: the URL, one line per query pair, how it is paged."""
        lines = [f"  {label}{self.method} {self.url(base)}"]
        pairs = self.first_page_params()
        width = max((len(k) for k, _ in pairs), default=0)
        lines.extend(f"      {k.ljust(width)} = {v}" for k, v in pairs)
        if self.paged:
            more = "until LIMIT is reached" if self.row_limit is not None else "until NextOffset is 0"
            lines.append(f"      paged: {self.page_size} rows per page, following NextOffset {more}")
        elif self.template:
            lines.append("      once per row written" + (" (the full object)" if self.method == "GET" else ""))
        elif self.method == "POST":
            lines.append("      once per row written (never re-sent once sent)")
        elif self.method == "GET":
            lines.append("      single object (404 means no row)")
        return lines


new_request = maker(Request)  # every field, positionally: the compiler's cheaper constructor


@quick_init
@dataclass(frozen=True, slots=True)
class ReadName:
    """A column a statement reads from a source outside the catalog (a business object, an IQA query),
    where it was written: the rows' own names check it (``imisql.shapes``)."""

    written: str
    path: PathT
    start: int
    end: int


@quick_init
@dataclass(frozen=True, slots=True)
class OutputColumn:
    """A result column: where its value comes from and what it is called."""

    name: str
    path: PathT | None = None  # a record path; None for aggregates and expressions
    aggregate: int | None = None  # index into the Aggregate step's calls
    constant: Any = None


@quick_init
@dataclass(frozen=True, slots=True)
class AggregateCall:
    """``name(path)``; ``path`` None means COUNT(*)."""

    name: str
    path: PathT | None
    distinct: bool = False


@quick_init
@dataclass(frozen=True, slots=True)
class SortKey:
    """A client-side sort key: a record path, or an output column index after aggregation."""

    path: PathT | None = None
    column: int | None = None
    descending: bool = False


@quick_init
@dataclass(frozen=True, slots=True)
class Residual:
    """A client-side filter and, for EXPLAIN, what it came from and why it was not pushed."""

    pred: Pred
    source: str
    reason: str


def all_of(residuals: tuple[Residual, ...]) -> Pred | None:
    """The client-side filters as one predicate (None when there are none)."""
    if not residuals:
        return None
    if len(residuals) == 1:
        return residuals[0].pred
    return AllOf(tuple(r.pred for r in residuals))


@quick_init
@dataclass(frozen=True, slots=True)
class Note:
    """Something the planner wants the user to know, with the statement range it is about."""

    message: str
    start: int = 0
    end: int = 0

    @classmethod
    def at(cls, message: str, *spans: Span) -> Note:
        """A note about the first of ``spans`` that is not empty (the later ones are fallbacks)."""
        for span in spans:
            if span.end > span.start:
                return _new_note(message, span.start, span.end)
        return _new_note(message, 0, 0)


_new_note = maker(Note)


@quick_init
@dataclass(frozen=True, slots=True)
class SetValue:
    """One field a write sets: its record path, whether it lives in a property bag, and its value —
    a constant, (``source``) a column of the row being changed, or (``scalar``) an expression over it."""

    column: str  # the column's name, for diffs and messages
    path: PathT
    in_bag: bool = False  # a GenericEntityData property, or a property of a bag such as AdditionalAttributes
    constant: Any = None
    source: PathT | None = None
    scalar: Scalar | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class WriteTarget:
    """The entity a write changes: its name, REST path, key paths and the body it is written as."""

    entity: str
    path: str  # "/api/Party" (percent-encoded)
    key: tuple[PathT, ...]
    generic: bool = False  # GenericEntityData (a property bag with Identity)
    contract: str = ""  # the $type of a typed body
    tracks_updates: bool = False  # has UpdateInformation.UpdatedOn: the lost-update guard applies
    datetime_paths: tuple[PathT, ...] = ()
