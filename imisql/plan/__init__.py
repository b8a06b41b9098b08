"""The Plan: what a statement becomes — a tree of typed steps, iMIS requests at its leaves.

A Plan is plain data, produced by the compiler without I/O and run by ``imisql.executor``.
``Plan.explain()`` renders it: each request exactly as sent and decoded, what the client does and
why, the estimated number of requests, and the planner's notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from imisql.plan.explain import estimated_requests, plan_requests, render, source_entity, write_step
from imisql.plan.parts import (
    AGGREGATE_ROOT,
    AggregateCall,
    Note,
    OutputColumn,
    PathT,
    ReadName,
    Request,
    Residual,
    SortKey,
)
from imisql.plan.steps import Describe, ShowEntities, Step, WriteStep, walk
from imisql.quick_init import maker, quick_init

PLAN_COLUMN = "QUERY PLAN"  # the one column of an explained plan's rows


@quick_init
@dataclass(frozen=True, slots=True)
class Plan:
    """One statement's plan: its step tree, the planner's notes, and whether it is only explained."""

    root: Step
    notes: tuple[Note, ...] = ()
    explain_only: bool = False  # EXPLAIN <statement>: show the plan, run nothing

    @property
    def requests(self) -> tuple[Request, ...]:
        """Every request the plan sends, in order (templates stand for requests built from rows)."""
        return plan_requests(self.root)

    @property
    def entity(self) -> str:
        """The entity the plan reads first."""
        return source_entity(self.root)

    @property
    def answers_from_catalog(self) -> bool:
        """True for statements the catalog answers (DESCRIBE, SHOW ENTITIES): no request is sent."""
        return isinstance(self.root, Describe | ShowEntities)

    @property
    def writes(self) -> WriteStep | None:
        """The step that writes (UPDATE, INSERT, DELETE), or None for a statement that only reads."""
        return write_step(self.root)

    @property
    def steps(self) -> list[Step]:
        """Every step, inputs before the steps that read them."""
        return walk(self.root)

    def estimated_requests(self) -> str:
        """A readable estimate of how many HTTP requests the plan needs."""
        return estimated_requests(self.requests)

    def explain(self, base_url: str = "") -> str:
        """The EXPLAIN text of this plan."""
        return render(self.root, self.notes, base_url)


new_plan = maker(Plan)  # every field, positionally: the compiler's cheaper constructor


__all__ = [
    "AGGREGATE_ROOT",
    "PLAN_COLUMN",
    "AggregateCall",
    "Note",
    "OutputColumn",
    "PathT",
    "Plan",
    "ReadName",
    "Request",
    "Residual",
    "SortKey",
    "Step",
]
