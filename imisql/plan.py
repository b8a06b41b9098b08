"""The Plan: what a statement becomes — iMIS requests plus the work left for the client.

A Plan is plain data, produced by the compiler without I/O and executed by ``imisql.executor``.
``Plan.explain()`` renders it: each request exactly as sent and decoded, what is filtered on the
client and why, and the estimated number of requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from imisql.predicate import AllOf, Pred

PathT = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Request:
    """One iMIS request. List requests are paged by the executor from ``offset`` on."""

    method: str
    path: str  # URL path with every segment already percent-encoded
    params: tuple[tuple[str, str], ...] = ()
    paged: bool = True
    offset: int = 0
    row_limit: int | None = None  # rows wanted from the server in total; None = all
    page_size: int = 500

    def first_page_params(self) -> tuple[tuple[str, str], ...]:
        """The query pairs of the first request, paging pairs included."""
        if not self.paged:
            return self.params
        size = self.page_size if self.row_limit is None else max(1, min(self.page_size, self.row_limit))
        return (*self.params, ("limit", str(size)), ("offset", str(self.offset)))

    def url(self, base: str) -> str:
        """The first request's URL under the site root ``base``, encoded as it goes on the wire."""
        query = urlencode(self.first_page_params(), quote_via=quote, safe="")
        return base.rstrip("/") + self.path + (f"?{query}" if query else "")

    def readable(self) -> str:
        """The first request with its values decoded, for people."""
        pairs = "&".join(f"{k}={v}" for k, v in self.first_page_params())
        return f"{self.method} {self.path}" + (f"?{pairs}" if pairs else "")


@dataclass(frozen=True, slots=True)
class OutputColumn:
    """A result column: where its value comes from and what it is called."""

    name: str
    path: PathT | None = None  # a record path; None for aggregates and expressions
    aggregate: int | None = None  # index into Plan.aggregates
    constant: Any = None


@dataclass(frozen=True, slots=True)
class Aggregate:
    """``name(path)``; ``path`` None means COUNT(*)."""

    name: str
    path: PathT | None
    distinct: bool = False


@dataclass(frozen=True, slots=True)
class SortKey:
    """A client-side sort key: a record path, or an output column index after aggregation."""

    path: PathT | None = None
    column: int | None = None
    descending: bool = False


@dataclass(frozen=True, slots=True)
class Residual:
    """A client-side filter and, for EXPLAIN, what it came from and why it was not pushed."""

    pred: Pred
    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Note:
    """Something the planner wants the user to know, with the statement range it is about."""

    message: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything needed to run one SELECT."""

    entity: str
    requests: tuple[Request, ...]
    key: tuple[PathT, ...] = ()  # identifies a row across pages and fan-out branches
    residuals: tuple[Residual, ...] = ()
    columns: tuple[OutputColumn, ...] = ()
    star: bool = False  # SELECT *: every column of the decoded record, flattened
    distinct: bool = False
    group_by: tuple[PathT, ...] = ()
    aggregates: tuple[Aggregate, ...] = ()
    having: Pred | None = None
    sort: tuple[SortKey, ...] = ()
    limit: int | None = None  # applied on the client
    offset: int = 0  # applied on the client
    count_from_total: bool = False  # COUNT(*) answered from TotalCount of one request
    datetime_paths: tuple[PathT, ...] = ()  # columns to decode as datetimes
    notes: tuple[Note, ...] = field(default=())

    @property
    def residual(self) -> Pred | None:
        """All client-side filters as one predicate."""
        if not self.residuals:
            return None
        if len(self.residuals) == 1:
            return self.residuals[0].pred
        return AllOf(tuple(r.pred for r in self.residuals))

    @property
    def aggregated(self) -> bool:
        return bool(self.aggregates or self.group_by)

    @property
    def streams(self) -> bool:
        """True when rows can flow to the caller as they arrive (no sort, grouping or DISTINCT)."""
        return not (self.sort or self.aggregated or self.distinct)

    def estimated_requests(self) -> str:
        """A readable estimate of how many HTTP requests the plan needs."""
        if self.count_from_total or all(not r.paged for r in self.requests):
            return str(len(self.requests))
        bounded = [r for r in self.requests if r.row_limit is not None]
        if len(bounded) == len(self.requests):
            pages = sum(-(-max(1, r.row_limit or 1) // r.page_size) for r in bounded)
            return str(pages)
        return f"{len(self.requests)}+ (one per {self.requests[0].page_size} rows fetched)"

    def explain(self, base_url: str = "") -> str:
        """The EXPLAIN text of this plan."""
        from imisql.explain import render

        return render(self, base_url)
