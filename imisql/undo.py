"""``imisql undo JOURNAL``: reverse the rows a journal records, newest first.

An update is reversed by PUTting the object as it was before; an insert by DELETEing the created
row; a delete by POSTing the object as it was (iMIS may give it a new id: the report says so). A
POST whose outcome is unknown cannot be reversed (its id is not known) and is reported. The undo's
own writes go to a new journal, so an undo can be undone too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from imisql.decode import decode_item, flatten, get_path
from imisql.errors import ImisqlError, NotFoundError, WriteNotConfirmed, WriteStopped
from imisql.journal import UNKNOWN, Journal, read_entries
from imisql.writing import WriteClient


@dataclass(frozen=True)
class Reversal:
    """One request that reverses one journal entry."""

    method: str
    path: str
    body: Any
    entity: str
    row_id: str | None
    original: str  # what the entry did: "PUT /api/Party/101"


@dataclass
class UndoReport:
    planned: list[Reversal]
    done: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.done} of {len(self.planned)} writes reversed"
        return text + "".join(f"\nnote: {n}" for n in self.notes)


def plan_undo(path: Path | str) -> tuple[list[Reversal], list[str]]:
    """The reversing requests of a journal, newest entry first, and notes on entries that cannot be reversed."""
    reversals, notes = [], []
    for entry in reversed(list(read_entries(path))):
        method, where, entity = entry["method"], entry["path"], entry["entity"]
        original = f"{method} {where}"
        if entry.get("outcome") == UNKNOWN:
            notes.append(f"{original}: its outcome is unknown (the answer was lost); check {entity} by hand")
        elif method == "PUT":
            reversals.append(Reversal("PUT", where, entry.get("before"), entity, entry.get("id"), original))
        elif method == "POST" and entry.get("id"):
            row = f"{where}/{quote(str(entry['id']), safe='~')}"
            reversals.append(Reversal("DELETE", row, None, entity, entry["id"], original))
        elif method == "DELETE":
            collection = where.rsplit("/", 1)[0]
            reversals.append(Reversal("POST", collection, entry.get("before"), entity, entry.get("id"), original))
        else:
            notes.append(f"{original}: no id was recorded, so it cannot be reversed")
    return reversals, notes


def undo(
    client: WriteClient,
    path: Path | str,
    journal: Journal,
    *,
    confirm: Callable[[str], bool] | None = None,
) -> UndoReport:
    """Reverse the journal at ``path``; stops at the first request that fails for good."""
    reversals, notes = plan_undo(path)
    report = UndoReport(reversals, notes=notes)
    if not reversals:
        return report
    if confirm is not None and not confirm(f"UNDO {len(reversals)} writes from {path}?"):
        raise WriteNotConfirmed("UNDO not confirmed: nothing was written")
    for reversal in reversals:
        try:
            status, answer = client.send_json(reversal.method, reversal.path, body=reversal.body)
        except NotFoundError:
            report.notes.append(f"{reversal.original}: {reversal.entity} {reversal.row_id} is already gone")
            continue
        except ImisqlError as exc:
            message = f"{report.done} of {len(reversals)} writes reversed; stopped at {reversal.original}: {exc}"
            raise WriteStopped(message, written=report.done, planned=len(reversals), row=reversal.original,
                               cause=exc, journal=str(journal.path)) from None  # fmt: skip
        note = _recreated_note(answer, reversal)
        if note is not None:
            report.notes.append(note)
        journal.record(f"undo {path}", reversal.entity, reversal.method, reversal.path, reversal.row_id,
                       before=None, body=reversal.body, status=status, after=answer)  # fmt: skip
        report.done += 1
    return report


def _recreated_note(answer: Any, reversal: Reversal) -> str | None:
    """A note when iMIS re-created a deleted row under another id than it had."""
    if reversal.method != "POST" or reversal.row_id is None or not isinstance(answer, dict):
        return None
    elements = get_path(answer, ("Identity", "IdentityElements", "$values"))
    identity = [str(e) for e in elements] if isinstance(elements, list) else []
    ids = {str(v) for v in flatten(decode_item(answer)).values() if v is not None}
    ids.update({"~" + "|".join(identity), *identity} if identity else set())
    if str(reversal.row_id) in ids:
        return None
    new = ("~" + "|".join(identity) if len(identity) > 1 else identity[0]) if identity else "see the row"
    return f"{reversal.entity} {reversal.row_id} was created again under a new id: {new}"
