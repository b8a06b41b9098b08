"""EXPLAIN: a Plan rendered for people.

Shows each request exactly as it goes on the wire and decoded, what the client does afterwards and
why, and the estimated number of requests.
"""

from __future__ import annotations

from imisql.plan import Plan, Request

DEFAULT_BASE = "https://<site>"


def render(plan: Plan, base_url: str = "") -> str:
    """The EXPLAIN text of ``plan``; ``base_url`` (site root) makes the URLs absolute."""
    lines = [f"{plan.entity}: {_count(plan)}"]
    for number, request in enumerate(plan.requests, 1):
        lines.extend(_request_lines(number, request, base_url or DEFAULT_BASE, len(plan.requests) > 1))
    lines.extend(_client_lines(plan))
    lines.append(f"estimated requests: {plan.estimated_requests()}")
    lines.extend(f"note: {note.message}" for note in plan.notes)
    return "\n".join(lines)


def _count(plan: Plan) -> str:
    n = len(plan.requests)
    return f"{n} request branch{'es' if n > 1 else ''}" if n > 1 else "1 request"


def _request_lines(number: int, request: Request, base: str, numbered: bool) -> list[str]:
    head = f"[{number}] " if numbered else ""
    lines = [f"  {head}{request.method} {request.url(base)}"]
    width = max((len(k) for k, _ in request.first_page_params()), default=0)
    lines.extend(f"      {k.ljust(width)} = {v}" for k, v in request.first_page_params())
    if request.paged:
        more = "until LIMIT is reached" if request.row_limit is not None else "until NextOffset is 0"
        lines.append(f"      paged: {request.page_size} rows per page, following NextOffset {more}")
    else:
        lines.append("      single object (404 means no row)")
    return lines


def _client_lines(plan: Plan) -> list[str]:
    steps = [f"filter: {r.source}  -- {r.reason}" for r in plan.residuals] + client_steps(plan)
    return ["client:", *(f"  {s}" for s in steps)] if steps else ["client: nothing (everything is done by iMIS)"]


def client_steps(plan: Plan) -> list[str]:
    """The work left to the client after the requests, filters excepted, in the order it happens."""
    steps = []
    if len(plan.requests) > 1:
        steps.append("merge branches, de-duplicated by key")
    if plan.count_from_total:
        steps.append("COUNT(*) read from TotalCount")
    elif plan.aggregated:
        steps.append("aggregate" + (" with GROUP BY" if plan.group_by else ""))
    if plan.having is not None:
        steps.append("HAVING filter")
    if plan.distinct:
        steps.append("DISTINCT")
    if plan.sort:
        steps.append("sort on the client")
    if plan.offset:
        steps.append(f"skip {plan.offset} rows")
    if plan.limit is not None:
        steps.append(f"stop after {plan.limit} rows")
    return steps
