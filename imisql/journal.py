"""The write journal: one JSON line per row written, enough to reverse it (``imisql undo``).

Each line holds the time, the site, the statement, the entity, the method and path, the row's id,
the full object before (none for a POST), the body sent, the HTTP status, the answer, and the
outcome (``written``, or ``unknown`` for a POST whose answer was lost). Request headers, tokens and
passwords never reach it: only the bodies of the entities themselves. The file is created for its
owner only (mode 0600) when the first row is written, and every line is flushed as it is written,
so a statement stopped half-way leaves a journal of exactly the rows written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from imisql.errors import InterfaceError
from imisql.paths import private_file, state_dir

WRITTEN, UNKNOWN = "written", "unknown"


def default_path(env: Mapping[str, str] | None = None) -> Path:
    """A new journal file in the user's state directory, named by the time (UTC) and the process."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
    return state_dir(env) / "journal" / f"{stamp}-{os.getpid()}.jsonl"


class Journal:
    """Appends entries to one journal file (created on the first entry)."""

    def __init__(self, path: Path | str, site: str = ""):
        self.path = Path(path)
        self.site = site
        self.entries = 0

    def record(self, statement: str, entity: str, method: str, path: str, row_id: str | None, **fields: Any) -> None:
        """Append one entry; ``fields`` are ``before``, ``body``, ``status``, ``after``, ``outcome``."""
        entry = {
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"), "site": self.site,
            "statement": statement, "entity": entity, "method": method, "path": path, "id": row_id,
            "outcome": WRITTEN, **fields,
        }  # fmt: skip
        line = json.dumps(entry, default=_json_value, ensure_ascii=False)
        if self.entries == 0:
            private_file(self.path)
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
        self.entries += 1


def read_entries(path: Path | str) -> Iterator[dict[str, Any]]:
    """The entries of a journal file, in order; ``InterfaceError`` for a file that is not a journal."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.readlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InterfaceError(f"cannot read the journal {path}: {getattr(exc, 'strerror', None) or exc}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line, parse_float=Decimal)
        except ValueError:
            entry = None
        if not isinstance(entry, dict) or not {"method", "path", "entity"} <= entry.keys():
            raise InterfaceError(f"{path}:{number}: not a journal entry (expected one JSON object per line)")
        yield entry


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    raise TypeError(f"{type(value).__name__} cannot be written to the journal")
