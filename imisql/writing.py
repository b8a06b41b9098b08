"""Running write steps: the rows to change are read first, counted, confirmed, then written one by one.

UPDATE: per row, GET the full object, skip it as a conflict when its ``UpdatedOn`` moved since the
WHERE read it, set only the assigned paths (``imisql.wirebody``), PUT it back. DELETE: GET the
object (the journal keeps it), then DELETE. INSERT: one POST per row, never re-sent once sent (the
client raises ``UnknownOutcomeError`` for a lost answer; the body is journalled as ``unknown``).
Each written row is journalled before the next is sent; the first row that fails for good stops
the statement with ``WriteStopped`` (nothing after it is written). A dry run reads, counts and
shows the first field-level diffs, and sends nothing that writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable
from urllib.parse import quote

from imisql.decode import decode_item, get_path, parse_datetime
from imisql.errors import (
    DataError,
    ImisqlError,
    NotFoundError,
    ServerError,
    UnknownOutcomeError,
    WriteNotConfirmed,
    WriteStopped,
)
from imisql.journal import UNKNOWN, Journal
from imisql.plan import steps
from imisql.plan.parts import PathT, SetValue, WriteTarget
from imisql.scalar import Clock, evaluate
from imisql.wirebody import changed_copy, new_body

Record = dict[str, Any]
DIFFS_SHOWN = 5
_PAST = {"UPDATE": "updated", "INSERT": "inserted", "DELETE": "deleted"}


@runtime_checkable
class WriteClient(Protocol):
    """What writing needs from a client: ``imisql.client.Client`` satisfies it."""

    def send_json(
        self, method: str, path: str, params: Sequence[tuple[str, str]] = (), body: Any = None
    ) -> tuple[int, Any]: ...


@dataclass
class WriteOptions:
    """How a face wants writes run: ``confirm`` asks the user (None: no question, as in the DB-API),
    ``dry_run`` sends nothing that writes, ``journal`` receives each written row."""

    confirm: Callable[[str], bool] | None = None
    dry_run: bool = False
    journal: Journal | None = None
    statement: str = ""


@dataclass
class WriteReport:
    """What a write statement did: rows planned and written, conflicts skipped, dry-run diffs."""

    verb: str
    entity: str
    planned: int = 0
    written: int = 0
    conflicts: list[str] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)
    dry_run: bool = False
    journal: str | None = None

    @property
    def question(self) -> str:
        return f"{self.verb} {self.planned} {self.entity} row{'s' if self.planned != 1 else ''}?"

    def summary(self) -> str:
        """One line for people: what was (or would be) written, conflicts, and where the journal is."""
        if self.dry_run:
            return f"dry run: {self.verb} would write {self.planned} {self.entity} rows; nothing was sent"
        text = f"{self.written} of {self.planned} {self.entity} rows {_PAST[self.verb]}"
        if self.conflicts:
            text += f"; {len(self.conflicts)} skipped as conflicts: " + "; ".join(self.conflicts)
        return text + (f"; journal: {self.journal}" if self.journal else "")

    def dry_run_lines(self) -> list[str]:
        """The number of writes and the first few diffs, for EXPLAIN and ``--dry-run``."""
        lines = [f"writes: {self.planned} ({self.verb} {self.entity}; nothing is sent by EXPLAIN or --dry-run)"]
        lines.extend(f"  {diff}" for diff in self.diffs)
        if self.planned > len(self.diffs) and self.diffs:
            lines.append(f"  ... and {self.planned - len(self.diffs)} more rows")
        return lines


class Writer:
    """Runs one write step with the rows it reads."""

    def __init__(self, client: WriteClient, options: WriteOptions):
        self.client, self.options = client, options
        self.clock = Clock.start()  # CURRENT_DATE in SET: one value for the whole statement

    def update(self, step: steps.Update, records: list[Record]) -> WriteReport:
        report = self._begin("UPDATE", step.target, len(records))
        if report.dry_run:
            report.diffs = [_update_diff(step, r, self.clock) for r in records[:DIFFS_SHOWN]]
            return report
        for record in records:
            row_id = row_key(record, step.target.key)
            path = row_path(step.target, row_id)
            before = self._current(step.target, row_id, path, report)
            if before is None:
                continue
            fresh = _typed(decode_item(before), step.target)
            if step.target.tracks_updates and _moved(record, fresh):
                report.conflicts.append(f"{step.target.entity} {row_id} changed since it was read")
                continue
            changes = [(a, _value(a, fresh, self.clock)) for a in step.assignments]
            body = changed_copy(before, changes, step.target.generic)
            status, after = self._send(report, row_id, "PUT", path, body)
            self._journal(report, "PUT", path, row_id, before=before, body=body, status=status, after=after)
        return report

    def delete(self, step: steps.Delete, records: list[Record]) -> WriteReport:
        report = self._begin("DELETE", step.target, len(records))
        if report.dry_run:
            entity, key = step.target.entity, step.target.key
            report.diffs = [f"{entity} {row_key(r, key)}: deleted" for r in records[:DIFFS_SHOWN]]
            return report
        for record in records:
            row_id = row_key(record, step.target.key)
            path = row_path(step.target, row_id)
            before = self._current(step.target, row_id, path, report)
            if before is None:
                continue
            status, _ = self._send(report, row_id, "DELETE", path, None)
            self._journal(report, "DELETE", path, row_id, before=before, status=status)
        return report

    def insert(self, step: steps.Insert, rows: list[tuple[Any, ...]]) -> tuple[WriteReport, list[Record]]:
        report = self._begin("INSERT", step.target, len(rows))
        if report.dry_run:
            report.diffs = [_insert_diff(step, row) for row in rows[:DIFFS_SHOWN]]
            return report, []
        created: list[Record] = []
        for number, row in enumerate(rows, 1):
            body = new_body(step.target, step.columns, row)
            where = f"row {number}"
            try:
                status, after = self.client.send_json("POST", step.target.path, body=body)
            except UnknownOutcomeError as exc:
                self._journal(report, "POST", step.target.path, None, body=body, status=None, outcome=UNKNOWN)
                raise _stopped(report, where, exc) from None
            except ImisqlError as exc:
                raise _stopped(report, where, exc) from None
            record = _typed(decode_item(after), step.target) if isinstance(after, dict) else {}
            row_id = _created_id(after, record, step.target)
            self._journal(report, "POST", step.target.path, row_id, body=body, status=status, after=after)
            created.append(record)
        return report, created

    # ------------------------------------------------------------ helpers

    def _begin(self, verb: str, target: WriteTarget, planned: int) -> WriteReport:
        journal = self.options.journal
        report = WriteReport(verb, target.entity, planned, dry_run=self.options.dry_run)
        report.journal = str(journal.path) if journal is not None else None
        confirm = self.options.confirm
        if not report.dry_run and planned and confirm is not None and not confirm(report.question):
            raise WriteNotConfirmed(f"{verb} not confirmed: nothing was written")
        return report

    def _current(self, target: WriteTarget, row_id: str, path: str, report: WriteReport) -> dict[str, Any] | None:
        """The full object as iMIS has it now; None (a conflict) when it is gone."""
        try:
            _, obj = self.client.send_json("GET", path)
        except NotFoundError:
            report.conflicts.append(f"{target.entity} {row_id} no longer exists")
            return None
        except ImisqlError as exc:
            raise _stopped(report, f"{target.entity} {row_id}", exc) from None
        if not isinstance(obj, dict):
            raise _stopped(report, f"{target.entity} {row_id}", DataError(f"GET {path} gave no object"))
        return obj

    def _send(self, report: WriteReport, row_id: str, method: str, path: str, body: Any) -> tuple[int, Any]:
        try:
            return self.client.send_json(method, path, body=body)
        except ImisqlError as exc:
            raise _stopped(report, f"{report.entity} {row_id}", exc) from None

    def _journal(self, report: WriteReport, method: str, path: str, row_id: str | None, **fields: Any) -> None:
        if fields.get("outcome") != UNKNOWN:
            report.written += 1
        if self.options.journal is not None:
            self.options.journal.record(self.options.statement, report.entity, method, path, row_id, **fields)


def row_key(record: Record, key: tuple[PathT, ...]) -> str:
    """The single-GET id of a row: its key, or ``~a|b`` for a composite key."""
    values = [_text(get_path(record, path)) for path in key]
    return "~" + "|".join(values) if len(values) > 1 else values[0]


def row_path(target: WriteTarget, row_id: str) -> str:
    """``/api/E/{id}`` with the id percent-encoded (a composite id keeps its ``~``)."""
    return f"{target.path}/{quote(row_id, safe='~')}"


def _text(value: Any) -> str:
    if value is None:
        raise DataError("a row to write has no key value")
    return str(value)


def _created_id(answer: Any, record: Record, target: WriteTarget) -> str | None:
    """The new row's id: its key, or its ``Identity.IdentityElements`` (business objects)."""
    if target.key and all(get_path(record, p) is not None for p in target.key):
        return row_key(record, target.key)
    elements = get_path(answer, ("Identity", "IdentityElements", "$values")) if isinstance(answer, dict) else None
    if isinstance(elements, list) and elements:
        values = [str(e) for e in elements]
        return "~" + "|".join(values) if len(values) > 1 else values[0]
    return None


def _typed(record: Record, target: WriteTarget) -> Record:
    for path in target.datetime_paths:
        value = get_path(record, path)
        parent = get_path(record, path[:-1]) if len(path) > 1 else record
        if isinstance(value, str) and isinstance(parent, dict):
            try:
                parent[str(path[-1])] = parse_datetime(value)
            except DataError:
                continue
    return record


_UPDATED_ON = ("UpdateInformation", "UpdatedOn")


def _moved(read: Record, fresh: Record) -> bool:
    """Whether the row's ``UpdatedOn`` differs between the WHERE's read and the fresh GET."""
    return _stamp(get_path(read, _UPDATED_ON)) != _stamp(get_path(fresh, _UPDATED_ON))


def _stamp(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return parse_datetime(value)
        except DataError:
            return value
    return value


def _value(change: SetValue, record: Record, clock: Clock) -> Any:
    """The value a SET gives the row: a constant, another column of it, or an expression over it."""
    if change.scalar is not None:
        return evaluate(change.scalar, record, clock)
    return change.constant if change.source is None else get_path(record, change.source)


def _update_diff(step: steps.Update, record: Record, clock: Clock) -> str:
    row_id = row_key(record, step.target.key)
    parts = []
    for a in step.assignments:
        parts.append(f"{a.column}: {get_path(record, a.path)!r} -> {_value(a, record, clock)!r}")
    return f"{step.target.entity} {row_id}: " + ", ".join(parts)


def _insert_diff(step: steps.Insert, row: Sequence[Any]) -> str:
    values = ", ".join(f"{c.column} = {v!r}" for c, v in zip(step.columns, row, strict=True))
    return f"new {step.target.entity}: {values}"


def _stopped(report: WriteReport, where: str, cause: Exception) -> WriteStopped:
    message = cause.message if isinstance(cause, ServerError) else str(cause)
    text = f"{report.written} of {report.planned} rows {_PAST[report.verb]}; stopped at {where}: {message}"
    if report.journal and report.written:
        text += f"; journal: {report.journal}"
    return WriteStopped(text, written=report.written, planned=report.planned, row=where, cause=cause,
                        journal=report.journal)  # fmt: skip
