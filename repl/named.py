"""Named queries, as in pgcli: ``\\ns name query`` saves, ``\\n name [args]`` runs, ``\\nd name`` deletes.

A saved query may hold ``$1``, ``$2``... placeholders, filled with the arguments of ``\\n`` as written
(quote strings yourself: ``\\n bylast 'Smith'``); ``$*`` takes all of them. Queries live in
``named-queries.json`` in the user's state directory (``imisql.paths``), readable by the owner only.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from imisql.paths import private_file, state_dir

if TYPE_CHECKING:
    from .meta import Host

_NAME = re.compile(r"^[A-Za-z_][\w-]*$")
_PLACEHOLDER = re.compile(r"\$(\d+|\*)")


def store_path() -> Path:
    return state_dir() / "named-queries.json"


def load(path: Path) -> dict[str, str]:
    """The saved queries (none when the file is missing or unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _save(path: Path, queries: dict[str, str]) -> None:
    private_file(path).write_text(json.dumps(queries, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def save_query(host: Host, arg: str) -> None:
    """``\\ns name query``."""
    name, _, query = arg.partition(" ")
    query = query.strip().rstrip(";").strip()
    if not _NAME.match(name) or not query:
        host.console.error(r"usage: \ns NAME QUERY (the query may use $1, $2... for arguments)")
        return
    queries = load(host.state.named_path)
    queries[name] = query
    try:
        _save(host.state.named_path, queries)
    except OSError as exc:
        host.console.error(f"cannot save named queries to {host.state.named_path}: {exc.strerror}")
        return
    host.console.message(f"Saved query {name}.")


def run_query(host: Host, arg: str) -> None:
    """``\\n [name [args...]]``: run a saved query; no name lists them."""
    queries = load(host.state.named_path)
    if not arg:
        listing = "\n".join(f"{name}: {query}" for name, query in sorted(queries.items()))
        host.console.write(listing or r"No named queries: save one with \ns NAME QUERY.")
        return
    name, _, rest = arg.partition(" ")
    if name not in queries:
        host.console.error(f"no named query {name!r}" + (f" (saved: {', '.join(sorted(queries))})" if queries else ""))
        return
    try:
        args = shlex.split(rest, posix=False)
    except ValueError as exc:
        host.console.error(f"cannot read the arguments: {exc}")
        return
    sql = fill(queries[name], args)
    if sql is None:
        needed = max(int(n) for n in _PLACEHOLDER.findall(queries[name]) if n != "*")
        host.console.error(f"{name} needs {needed} argument{'s' if needed != 1 else ''}, got {len(args)}")
        return
    host.console.message(f"> {sql}")
    host.state.last_query = sql
    host.run_sql(sql)


def fill(query: str, args: list[str]) -> str | None:
    """``query`` with ``$n`` replaced by the n-th argument and ``$*`` by all; None when one is missing."""
    missing = False

    def replace(match: re.Match[str]) -> str:
        nonlocal missing
        if match.group(1) == "*":
            return ", ".join(args)
        index = int(match.group(1)) - 1
        if not 0 <= index < len(args):
            missing = True
            return match.group()
        return args[index]

    filled = _PLACEHOLDER.sub(replace, query)
    return None if missing else filled


def delete_query(host: Host, arg: str) -> None:
    """``\\nd name``."""
    queries = load(host.state.named_path)
    if arg not in queries:
        host.console.error(f"no named query {arg!r}" if arg else r"usage: \nd NAME")
        return
    del queries[arg]
    _save(host.state.named_path, queries)
    host.console.message(f"Deleted query {arg}.")
