"""The notice before a statement that reads a whole entity to work on it client-side.

``scan_notice(connection, sql)`` compiles ``sql``; when its plan pages through an entity with no
filter iMIS applies and no row limit, and the client must then filter, sort, group or de-duplicate
every row, it asks iMIS for the entity's size (one ``limit=1`` request reading ``TotalCount``) and
returns ``reading all of Party on the client: ~60 requests (30,000 rows)``. The command and the
shell print it before running the statement. ``None`` for every other statement, and when the
size cannot be learnt (the statement itself then reports any error).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imisql.errors import ImisqlError
from imisql.paging import iter_pages
from imisql.plan import Plan, Request

if TYPE_CHECKING:
    from imisql.dbapi import Connection

NOTICE_FROM_REQUESTS = 5  # smaller scans pass without a word
_PAGING_KEYS = frozenset({"orderby", "limit", "offset"})


def scan_notice(connection: Connection, sql: str) -> str | None:
    """The notice for ``sql`` on ``connection``, or ``None``."""
    try:
        plan = connection.compile(sql)
    except ImisqlError:
        return None
    if not reads_everything(plan):
        return None
    request = plan.requests[0]
    try:
        first = next(iter_pages(connection.client, request.path, request.params, page_size=1, offset=0), None)
    except ImisqlError:
        return None
    total = first.total_count if first is not None else None
    if total is None:
        return None
    requests = -(-total // request.page_size)
    if requests < NOTICE_FROM_REQUESTS:
        return None
    return f"reading all of {plan.entity} on the client: ~{requests:,} requests ({total:,} rows)"


def reads_everything(plan: Plan) -> bool:
    """True when ``plan`` fetches every row of its entity and works on all of them client-side."""
    if plan.count_from_total or len(plan.requests) != 1 or not _unfiltered(plan.requests[0]):
        return False
    return bool(plan.residuals or plan.sort or plan.aggregated or plan.distinct)


def _unfiltered(request: Request) -> bool:
    return request.paged and request.row_limit is None and all(k.lower() in _PAGING_KEYS for k, _ in request.params)
