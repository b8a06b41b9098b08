"""The steps of a JOIN: joined records are ``{alias: record}`` mappings.

``Qualify`` puts one source's records under its alias; each join step adds the right side's record under
its own alias (None when a LEFT JOIN finds no match): ``BindJoin`` sends the left side's keys to the
right side as ``in:`` batches, ``LookupJoin`` reads the right side one key at a time, ``HashJoin``
reads both sides and matches them on the client.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from imisql.plan.parts import PathT, Residual
from imisql.predicate import Pred
from imisql.quick_init import maker, quick_init

if TYPE_CHECKING:
    from imisql.plan.steps import Lookup, Scan, Step


@quick_init
@dataclass(frozen=True, slots=True)
class JoinKey:
    """One equality of a join: a path in the joined record (left) and one in the right side's record."""

    left: PathT
    right: PathT


@quick_init
@dataclass(frozen=True, slots=True)
class Qualify:
    """Each record of ``input`` under the source's alias: ``{alias: record}``."""

    input: Step
    alias: str

    def client_lines(self) -> list[str]:
        return []


@quick_init
@dataclass(frozen=True, slots=True)
class BindJoin:
    """Read ``left`` first; send its distinct join keys to the right side as ``in:`` filters, in batches
    whose URL stays under ``url_limit``, each batch paged; match rows by every key, as text compares."""

    left: Step
    right: Scan  # a template: its request carries ``{keys}`` where a batch of key values goes
    alias: str
    keys: tuple[JoinKey, ...]
    bound: int  # which key is sent as the ``in:`` filter
    kind: str = "inner"  # "inner" | "left"
    right_filter: tuple[Residual, ...] = ()  # client filters on the right side's own records
    condition: Pred | None = None  # the rest of a LEFT JOIN's ON, over the joined record
    url_limit: int = 2000
    reason: str = ""

    def client_lines(self) -> list[str]:
        key = self.keys[self.bound]
        return [
            f"{self.kind} bind join: {_dotted(key.left)} -> {self.alias}.{_dotted(key.right)} "
            f"in batches of URLs up to {self.url_limit} characters  -- {self.reason}",
            *_match_lines(self.alias, self.keys, self.right_filter, self.condition),
        ]


new_bind_join = maker(BindJoin)  # every field, positionally: the join planner's cheaper constructor


@quick_init
@dataclass(frozen=True, slots=True)
class LookupJoin:
    """For each distinct left key, ``GET /api/E/{key}`` (the right side joined on its key)."""

    left: Step
    right: Lookup  # a template: its path ends in ``{key}``
    alias: str
    keys: tuple[JoinKey, ...]
    bound: int
    kind: str = "inner"
    right_filter: tuple[Residual, ...] = ()
    condition: Pred | None = None
    reason: str = ""

    def client_lines(self) -> list[str]:
        key = self.keys[self.bound]
        return [
            f"{self.kind} key lookup join: one GET per distinct {_dotted(key.left)}  -- {self.reason}",
            *_match_lines(self.alias, self.keys, self.right_filter, self.condition),
        ]


@quick_init
@dataclass(frozen=True, slots=True)
class HashJoin:
    """Read both sides (each with its own filters) and match them on the client by every key."""

    left: Step
    right: Step  # the right side's own records (not qualified)
    alias: str
    keys: tuple[JoinKey, ...]
    kind: str = "inner"
    condition: Pred | None = None
    reason: str = ""

    def client_lines(self) -> list[str]:
        return [f"{self.kind} hash join  -- {self.reason}", *_match_lines(self.alias, self.keys, (), self.condition)]


def _dotted(path: PathT) -> str:
    return ".".join(str(p) for p in path)


def _match_lines(
    alias: str, keys: tuple[JoinKey, ...], right_filter: tuple[Residual, ...], condition: Pred | None
) -> list[str]:
    match = " AND ".join(f"{_dotted(k.left)} = {alias}.{_dotted(k.right)}" for k in keys)
    lines = [f"  match on {match} (text as the server compares it; NULL never matches)"]
    lines.extend(f"  filter the right side: {r.source}  -- {r.reason}" for r in right_filter)
    if condition is not None:
        lines.append("  and the rest of ON, on each joined row")
    return lines


JoinStep = BindJoin | LookupJoin | HashJoin
