"""EXPLAIN: a plan rendered for people, each step contributing its own lines.

Shows each request exactly as it goes on the wire and decoded, the client's work in the order it
happens (with why a filter was not pushed), the estimated number of requests and the planner's notes.
"""

from __future__ import annotations

from imisql.plan.parts import Note, Request
from imisql.plan.steps import (
    BindJoin,
    Delete,
    Describe,
    HashJoin,
    Insert,
    Lookup,
    LookupJoin,
    Scan,
    ShowEntities,
    Step,
    Update,
    WriteStep,
    walk,
)

DEFAULT_BASE = "https://<site>"


def render(root: Step, notes: tuple[Note, ...], base_url: str = "") -> str:
    """The EXPLAIN text of the plan rooted at ``root``; ``base_url`` (site root) makes URLs absolute."""
    if isinstance(root, Describe | ShowEntities):
        what = f"DESCRIBE {root.entity}" if isinstance(root, Describe) else "SHOW ENTITIES"
        return f"{what}: answered from the catalog, no request"
    requests = plan_requests(root)
    joined = any(isinstance(step, BindJoin | LookupJoin | HashJoin) for step in walk(root))
    count = f"{len(requests)} requests" if joined else _count(requests, write_step(root) is not None)
    lines = [f"{source_entity(root)}: {count}"]
    base = base_url or DEFAULT_BASE
    for number, request in enumerate(requests, 1):
        lines.extend(request.explain_lines(base, f"[{number}] " if len(requests) > 1 else ""))
    steps = client_lines(root)
    lines.extend(["client:", *(f"  {s}" for s in steps)] if steps else ["client: nothing (everything is done by iMIS)"])
    lines.append(f"estimated requests: {estimated_requests(requests)}")
    lines.extend(f"note: {note.message}" for note in notes)
    return "\n".join(lines)


def plan_requests(root: Step) -> tuple[Request, ...]:
    """Every request the plan sends (templates stand for requests made from rows read earlier)."""
    found: list[Request] = []
    for step in walk(root):
        if isinstance(step, Scan | Lookup):
            found.append(step.request)
        elif isinstance(step, Update | Delete):
            found.extend((step.read, step.write))
        elif isinstance(step, Insert):
            found.append(step.write)
    return tuple(found)


def write_step(root: Step) -> WriteStep | None:
    """The step that writes, if the plan writes."""
    return root if isinstance(root, Update | Insert | Delete) else None


def source_entity(root: Step) -> str:
    """The entity the plan reads first."""
    written = write_step(root)
    if written is not None:
        return written.target.entity
    return next((step.entity for step in walk(root) if isinstance(step, Scan | Lookup | Describe)), "")


def client_lines(root: Step) -> list[str]:
    """The client's work after the requests, in the order it happens."""
    return [line for step in walk(root) for line in step.client_lines()]


def estimated_requests(requests: tuple[Request, ...]) -> str:
    """A readable estimate of how many HTTP requests ``requests`` need."""
    writes = any(r.method != "GET" for r in requests)
    per_row = [r for r in requests if r.template or r.method == "POST"] if writes else []
    if per_row:
        reads = tuple(r for r in requests if r not in per_row)
        before = f"{estimated_requests(reads)} to read, then " if reads else ""
        return before + f"{len(per_row)} per row written"
    templates = [r for r in requests if r.template]
    if templates:
        fixed = estimated_requests(tuple(r for r in requests if not r.template))
        more = " + ".join("one per key batch (and page)" if r.paged else "one per distinct key" for r in templates)
        return f"{fixed} + {more}"
    if all(not r.paged for r in requests):
        return str(len(requests))
    bounded = [r for r in requests if r.row_limit is not None]
    if len(bounded) == len(requests):
        return str(sum(-(-max(1, r.row_limit or 1) // r.page_size) for r in bounded))
    return f"{len(requests)}+ (one per {requests[0].page_size} rows fetched)"


def _count(requests: tuple[Request, ...], writes: bool) -> str:
    n = len(requests)
    if writes:
        return "reads, then one request of each kind below per row written"
    return f"{n} request branches" if n > 1 else f"{n} request"
