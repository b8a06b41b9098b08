"""``\\copy (query) TO 'file' [[FORMAT] fmt]`` and ``\\copy Entity TO 'file'``: a result straight to a file.

The rows stream from iMIS into the file in any output format (csv by default, or the format the
file's extension names: ``.tsv``, ``.json``, ``.jsonl``, ``.html``, ``.md``, ``.xlsx``), with a
header, never through the screen; the shell then prints ``COPY n`` as psql does.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from imisql.errors import ImisqlError
from imisql.render import BINARY_FORMATS, FORMATS, RenderOptions, XlsxUnavailable, render

from .console import describe_error

if TYPE_CHECKING:
    from .meta import Host

_COPY = re.compile(
    r"^(?:\((?P<query>.+)\)|(?P<entity>[A-Za-z_][\w.]*))\s+to\s+(?P<file>'(?:[^']|'')*'|\S+)"
    r"(?:\s+(?:with\s+)?(?:format\s+)?(?P<format>\w+))?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_BY_EXTENSION = {".csv": "csv", ".tsv": "tsv", ".txt": "tsv", ".json": "json", ".jsonl": "jsonl",
                 ".html": "html", ".htm": "html", ".md": "markdown", ".xlsx": "xlsx"}  # fmt: skip
USAGE = r"usage: \copy (SELECT ...) TO 'file' [FORMAT csv|tsv|json|jsonl|html|markdown|xlsx]"


def copy(host: Host, arg: str) -> None:
    match = _COPY.match(arg.strip())
    if match is None:
        host.console.error(USAGE)
        return
    sql = match["query"] or f"SELECT * FROM {match['entity']}"
    raw = match["file"]
    path = Path(raw[1:-1].replace("''", "'") if raw.startswith("'") else raw).expanduser()
    fmt = (match["format"] or _BY_EXTENSION.get(path.suffix.lower(), "csv")).lower()
    if fmt not in FORMATS:
        host.console.error(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
        return
    cursor = host.state.connection.cursor()
    try:
        cursor.execute(sql)
        with _open(path, fmt) as handle:
            count = render(fmt, cursor.columns, cursor, handle, RenderOptions(null=""))
    except ImisqlError as exc:
        host.console.error(describe_error(exc))
        return
    except XlsxUnavailable as exc:
        host.console.error(f"error: {exc}")
        return
    except OSError as exc:
        host.console.error(f"cannot write {path}: {exc.strerror or exc}")
        return
    finally:
        cursor.close()
    host.console.message(f"COPY {count}")


def _open(path: Path, fmt: str) -> IO[Any]:
    if fmt in BINARY_FORMATS:
        return path.open("wb")
    return path.open("w", encoding="utf-8", newline="")
