"""The steps a plan is made of: frozen dataclasses, each saying what it does in its own EXPLAIN line.

Source steps read iMIS (``Scan``, ``Lookup``, ``Fanout``, ``CountTotal``) or the catalog
(``Describe``, ``ShowEntities``); client steps (``Compute``, ``Filter``, ``Aggregate``, ``Sort``,
``CompleteTies``, ``NullsChecked``, ``Project``, ``Distinct``, ``Limit``) transform what their ``input`` produces. The
executor has one method per step kind (``imisql.executor``).

Records flow out of source steps and through ``NullsChecked``, ``Compute``, ``Filter``, ``CompleteTies`` and record
``Sort``; ``Project`` and ``Aggregate`` turn them into rows, which ``Sort`` (by column), ``Distinct``
and ``Limit`` handle. The steps of a JOIN live in ``imisql.plan.join_steps`` and are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass

from imisql.plan.join_steps import BindJoin, HashJoin, JoinKey, JoinStep, LookupJoin, Qualify
from imisql.plan.parts import (
    AggregateCall,
    OutputColumn,
    PathT,
    ReadName,
    Request,
    Residual,
    SetValue,
    SortKey,
    WriteTarget,
    all_of,
)
from imisql.plan.tie_keys import FollowUps, narrowing_lines
from imisql.predicate import Pred
from imisql.quick_init import maker, quick_init
from imisql.scalar import Scalar

# ---------------------------------------------------------------- sources


@quick_init
@dataclass(frozen=True, slots=True)
class Scan:
    """Paged GETs of one request (a list endpoint or ``/api/iqa``), following ``NextOffset``."""

    entity: str
    request: Request
    key: tuple[PathT, ...] = ()  # identifies a row across pages
    datetime_paths: tuple[PathT, ...] = ()  # text fields decoded as datetimes
    names: tuple[ReadName, ...] = ()  # checked against the rows (a source outside the catalog)

    def client_lines(self) -> list[str]:
        return []


@quick_init
@dataclass(frozen=True, slots=True)
class Lookup:
    """``GET /api/E/{id}``: one object by its key (404 means no row)."""

    entity: str
    request: Request
    key: tuple[PathT, ...] = ()
    datetime_paths: tuple[PathT, ...] = ()
    names: tuple[ReadName, ...] = ()  # checked against the rows (a source outside the catalog)

    def client_lines(self) -> list[str]:
        return []


@quick_init
@dataclass(frozen=True, slots=True)
class Fanout:
    """Several scans of one entity (an OR across fields), merged and de-duplicated by key."""

    entity: str
    branches: tuple[Scan, ...]
    key: tuple[PathT, ...] = ()
    datetime_paths: tuple[PathT, ...] = ()
    names: tuple[ReadName, ...] = ()  # checked against the rows (a source outside the catalog)

    def client_lines(self) -> list[str]:
        return ["merge branches, de-duplicated by key"]


@quick_init
@dataclass(frozen=True, slots=True)
class CountTotal:
    """``COUNT(*)`` read from the ``TotalCount`` of one ``limit=1`` request."""

    scan: Scan
    column: str

    @property
    def entity(self) -> str:
        return self.scan.entity

    def client_lines(self) -> list[str]:
        return ["COUNT(*) read from TotalCount"]


@quick_init
@dataclass(frozen=True, slots=True)
class Describe:
    """``DESCRIBE E``: the entity's fields from the catalog, no request."""

    entity: str
    span_start: int = 0
    span_end: int = 0

    def client_lines(self) -> list[str]:
        return []


@quick_init
@dataclass(frozen=True, slots=True)
class ShowEntities:
    """``SHOW ENTITIES``: the catalog's entities, no request."""

    @property
    def entity(self) -> str:
        return "entities"

    def client_lines(self) -> list[str]:
        return []


new_scan, new_lookup = maker(Scan), maker(Lookup)  # every field, positionally: cheaper constructors
Source = Scan | Lookup | Fanout | CountTotal | Describe | ShowEntities
RecordSource = Scan | Lookup | Fanout


# ---------------------------------------------------------------- client steps


@quick_init
@dataclass(frozen=True, slots=True)
class Compute:
    """Computes the statement's expressions on each record (``imisql.scalar``), stored under
    ``EXPRESSION_ROOT`` for the steps after it to read like columns."""

    input: Step
    scalars: tuple[Scalar, ...]
    sources: tuple[str, ...]  # as written, for EXPLAIN

    def client_lines(self) -> list[str]:
        return ["compute: " + ", ".join(self.sources)]


@quick_init
@dataclass(frozen=True, slots=True)
class Filter:
    """Rows for which every residual predicate is true (three-valued, the server's value semantics)."""

    input: Step
    residuals: tuple[Residual, ...]

    @property
    def predicate(self) -> Pred:
        pred = all_of(self.residuals)
        assert pred is not None, "a Filter step has at least one residual"
        return pred

    def client_lines(self) -> list[str]:
        return [f"filter: {r.source}  -- {r.reason}" for r in self.residuals]


@quick_init
@dataclass(frozen=True, slots=True)
class Aggregate:
    """GROUP BY with aggregate calls and HAVING; records in, one row per group out."""

    input: Step
    columns: tuple[OutputColumn, ...]
    calls: tuple[AggregateCall, ...]
    group_by: tuple[PathT, ...] = ()
    having: Pred | None = None

    def client_lines(self) -> list[str]:
        lines = ["aggregate" + (" with GROUP BY" if self.group_by else "")]
        if self.having is not None:
            lines.append("HAVING filter")
        return lines


@quick_init
@dataclass(frozen=True, slots=True)
class Sort:
    """A stable client sort by record paths (``SELECT *``) or by output columns (after projection or
    aggregation). ``width``: rows are cut to their first ``width`` columns once sorted (the columns after
    them are ORDER BY keys the SELECT list does not show)."""

    input: Step
    keys: tuple[SortKey, ...]
    width: int | None = None

    def client_lines(self) -> list[str]:
        return ["sort on the client"]


@quick_init
@dataclass(frozen=True, slots=True)
class CompleteTies:
    """Rows (or, for ``SELECT *``, records) that iMIS sorted by the first key (``OrderBy``) put in the order
    of all ``keys``: each run of rows equal on the first key (the empty ones as one run) is sorted on the
    client, one run at a time, and iMIS's order between runs is checked. ``width`` as for ``Sort``. With
    ``need`` and ``follow``, a run that reaches ``need`` rows and goes on past the page read is asked for
    alone, sorted by the next key (``imisql.tie_reader``)."""

    input: Step
    keys: tuple[SortKey, ...]
    first: str  # the first key as written, for EXPLAIN and errors
    width: int | None = None
    need: int | None = None  # LIMIT + OFFSET: rows wanted in all
    follow: FollowUps | None = None  # how a run of ties that reaches ``need`` is narrowed
    nulls_lowest: bool = False  # read assuming iMIS sorts NULLs lowest (an error against it says so)

    def client_lines(self) -> list[str]:
        if len(self.keys) == 1:
            return [f"check iMIS's order by {self.first}, NULL before blank in the run of empty values"]
        lines = [f"sort rows tied on {self.first} by the other ORDER BY keys, one run of ties at a time"]
        if self.need is not None and self.follow is not None:
            lines.extend(narrowing_lines(self.follow, self.need))
        return lines


@quick_init
@dataclass(frozen=True, slots=True)
class NullsChecked:
    """Records that iMIS sorted by one key (``OrderBy``) passed on, checked to hold no NULL after a value
    ascending (no value after a NULL descending): the connection assumes iMIS sorts NULLs lowest. With
    ``probe`` (descending, read from the first row), a first row that is NULL has one request (the
    source's filters, the key ``notEmpty:``, one row) check that no row with a value comes after it."""

    input: Step
    path: PathT
    descending: bool
    name: str  # the key's search name
    probe: Request | None = None

    def client_lines(self) -> list[str]:
        lines = [f"check that iMIS put NULL {self.name} {'last' if self.descending else 'first'} (NULLs lowest)"]
        if self.probe is not None:
            lines.append(f"  if the first row's {self.name} is NULL, {self.probe.readable()} must find no row")
        return lines


@quick_init
@dataclass(frozen=True, slots=True)
class Project:
    """Records to rows: the SELECT list, or every flattened field for ``SELECT *``."""

    input: Step
    columns: tuple[OutputColumn, ...] = ()
    star: bool = False
    star_roots: tuple[str, ...] = ()  # joined records: the aliases whose fields ``*`` lists (all when empty)
    key_columns: tuple[str, ...] = ()  # SELECT *: these flattened columns come first
    known_columns: tuple[str, ...] = ()  # SELECT *: the header of an empty result (from the catalog)

    def client_lines(self) -> list[str]:
        return []


new_project = maker(Project)  # every field, positionally


@quick_init
@dataclass(frozen=True, slots=True)
class Distinct:
    """Each distinct row once, in order."""

    input: Step

    def client_lines(self) -> list[str]:
        return ["DISTINCT"]


@quick_init
@dataclass(frozen=True, slots=True)
class Limit:
    """Client OFFSET/LIMIT; stops reading (and so paging) once ``limit`` rows were given."""

    input: Step
    limit: int | None
    offset: int = 0

    def client_lines(self) -> list[str]:
        lines = [f"skip {self.offset} rows"] if self.offset else []
        if self.limit is not None:
            lines.append(f"stop after {self.limit} rows")
        return lines


ClientStep = (
    Compute | Filter | Aggregate | Sort | CompleteTies | NullsChecked | Project | Distinct | Limit | Qualify | JoinStep
)


# ---------------------------------------------------------------- writes


@quick_init
@dataclass(frozen=True, slots=True)
class Values:
    """The rows of ``INSERT ... VALUES``: constants, no request."""

    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]

    def client_lines(self) -> list[str]:
        return [f"{len(self.rows)} row{'s' if len(self.rows) != 1 else ''} from VALUES"]


@quick_init
@dataclass(frozen=True, slots=True)
class Update:
    """Per record of ``input`` (the WHERE, read like a SELECT): GET the full object, set only the
    assigned paths, PUT the whole object back; a row whose UpdatedOn moved since it was read is a conflict."""

    input: Step
    target: WriteTarget
    read: Request  # GET /api/E/{id} (template)
    write: Request  # PUT /api/E/{id} (template)
    assignments: tuple[SetValue, ...]

    def client_lines(self) -> list[str]:
        names = ", ".join(a.column for a in self.assignments)
        lines = [f"per matching row: GET the full {self.target.entity}, set {names}, PUT it back"]
        if self.target.tracks_updates:
            lines.append("a row whose UpdateInformation.UpdatedOn moved since it was read is skipped (conflict)")
        return lines


@quick_init
@dataclass(frozen=True, slots=True)
class Insert:
    """One POST per row of ``input`` (VALUES or a SELECT), the body built from the named columns."""

    input: Step
    target: WriteTarget
    write: Request  # POST /api/E
    columns: tuple[SetValue, ...]  # where each input column goes (constant and source unused)
    returning: tuple[OutputColumn, ...] = ()
    returning_star: bool = False

    def client_lines(self) -> list[str]:
        shape = "a property bag" if self.target.generic else self.target.contract.split(",")[0]
        lines = [f"per row: POST a new {self.target.entity} ({shape}); never re-sent once sent"]
        if self.returning or self.returning_star:
            lines.append("RETURNING: columns of each created row")
        return lines


@quick_init
@dataclass(frozen=True, slots=True)
class Delete:
    """Per record of ``input``: GET the full object (the journal's before-image), then DELETE it."""

    input: Step
    target: WriteTarget
    read: Request
    write: Request

    def client_lines(self) -> list[str]:
        return [f"per matching row: GET the full {self.target.entity} (kept in the journal), then DELETE it"]


WriteStep = Update | Insert | Delete
Step = Source | ClientStep | Values | WriteStep


__all__ = [
    "Aggregate", "BindJoin", "ClientStep", "CompleteTies", "Compute", "CountTotal", "Delete", "Describe", "Distinct",
    "Fanout", "Filter", "HashJoin", "Insert", "JoinKey", "JoinStep", "Limit", "Lookup", "LookupJoin", "NullsChecked",
    "Project", "Qualify", "RecordSource", "Scan", "ShowEntities", "Sort", "Source", "Step", "Update", "Values",
    "WriteStep", "inputs", "walk",
]  # fmt: skip


def inputs(step: Step) -> tuple[Step, ...]:
    """The steps ``step`` reads from (none for a source)."""
    if isinstance(step, CountTotal):
        return (step.scan,)
    if isinstance(step, Fanout):
        return step.branches
    if isinstance(step, BindJoin | LookupJoin | HashJoin):
        return (step.left, step.right)
    child = getattr(step, "input", None)
    return (child,) if child is not None else ()


def walk(step: Step) -> list[Step]:
    """Every step of the tree, inputs before the steps that read them."""
    out: list[Step] = []
    pending: list[tuple[Step, bool]] = [(step, False)]
    while pending:
        node, expanded = pending.pop()
        if expanded:
            out.append(node)
            continue
        pending.append((node, True))
        pending.extend((child, False) for child in reversed(inputs(node)))
    return out
