"""The notice before a statement that reads a whole entity to work on it client-side.

``scan_notice(plan, client)``: when a plan pages through an entity with no
filter iMIS applies and no row limit, and the client must then filter, sort, group or de-duplicate
every row, it asks iMIS for the entity's size (one ``limit=1`` request reading ``TotalCount``) and
returns ``reading all of Party on the client: ~60 requests (30,000 rows)``. The command and the
shell print it before running the statement. ``None`` for every other statement, and when the
size cannot be learnt (the statement itself then reports any error).
"""

from __future__ import annotations

from imisql.errors import ImisqlError
from imisql.paging import JsonSource, iter_pages
from imisql.plan import Plan, Request, steps

NOTICE_FROM_REQUESTS = 5  # smaller scans pass without a word
_PAGING_KEYS = frozenset({"orderby", "limit", "offset"})
_CLIENT_WORK = (steps.Filter, steps.Aggregate, steps.Sort, steps.Project, steps.Distinct, steps.Limit)
_WHOLE_ENTITY_WORK = (steps.Filter, steps.Sort, steps.Aggregate, steps.Distinct)


def scan_notice(plan: Plan, client: JsonSource) -> str | None:
    """The notice for ``plan`` (asking ``client`` for the entity's size), or ``None``."""
    if not reads_everything(plan):
        return None
    request = plan.requests[0]
    try:
        first = next(iter_pages(client, request.path, request.params, page_size=1, offset=0), None)
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
    if not isinstance(plan.root, _CLIENT_WORK) or len(plan.requests) != 1 or not _unfiltered(plan.requests[0]):
        return False
    return any(isinstance(step, _WHOLE_ENTITY_WORK) for step in plan.steps)


def _unfiltered(request: Request) -> bool:
    return request.paged and request.row_limit is None and all(k.lower() in _PAGING_KEYS for k, _ in request.params)
