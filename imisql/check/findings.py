"""What ``imisql check`` found in one file, and the three ways of printing it (text, json, github).

A finding is an engine diagnostic placed in a file: 1-based line and column (columns count
characters), the end of its range, severity, message, hint and code. Planner notes about work done on
the client (filtering, sorting, limiting fetched rows) are warnings; the other notes (one request
answers COUNT(*), OR fans out) are ``note``s, which never fail a run.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from imisql import engine
from imisql.catalog.model import Catalog
from imisql.check.files import is_python
from imisql.check.hosted import check_python

FORMATS = ("text", "json", "github")
_GITHUB_LEVEL = {"error": "error", "warning": "warning"}
_COSTLY_NOTE = "on the client"  # the planner's wording for work iMIS could not do


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    severity: str
    message: str
    hint: str | None
    code: str


def check_file(path: Path, catalog: Catalog) -> list[Finding]:
    """The findings of one file (Python source or a query file); an unreadable file is one finding."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return [Finding(str(path), 1, 1, 1, 1, "error", f"cannot read the file: {reason}", None, "read")]
    found = check_python(text, catalog) if is_python(path) else engine.check(text, catalog)
    return [_finding(str(path), text, d) for d in found]


def _finding(path: str, text: str, d: engine.Diagnostic) -> Finding:
    line, column = _line_column(text, d.start)
    end_line, end_column = _line_column(text, d.end)
    severity = d.severity
    if severity == "info":
        severity = "warning" if _COSTLY_NOTE in d.message else "note"
    return Finding(path, line, column, end_line, end_column, severity, d.message, d.hint, d.code)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def fails(findings: Sequence[Finding], strict: bool) -> bool:
    return any(f.severity == "error" or (strict and f.severity == "warning") for f in findings)


def render(findings: Sequence[Finding], style: str) -> str:
    """All findings in ``style`` (one of ``FORMATS``), ending with a newline unless there are none."""
    if style == "json":
        return json.dumps([asdict(f) for f in findings], indent=2) + "\n"
    lines = [_github(f) if style == "github" else _text(f) for f in findings]
    return "".join(line + "\n" for line in lines)


def _text(f: Finding) -> str:
    hint = f"; {f.hint}" if f.hint else ""
    return f"{f.path}:{f.line}:{f.column}: {f.severity}: {f.message}{hint} [{f.code}]"


def _github(f: Finding) -> str:
    """A workflow command: the finding shows as an annotation on the pull request's diff."""
    where = f"file={_property(f.path)},line={f.line},col={f.column},endLine={f.end_line},endColumn={f.end_column}"
    message = f.message + (f"\n{f.hint}" if f.hint else "")
    return (
        f"::{_GITHUB_LEVEL.get(f.severity, 'notice')} {where},title={_property('imisql ' + f.code)}::{_data(message)}"
    )


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")
