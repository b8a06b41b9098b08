"""The IPython extension: ``%load_ext imisql``, then ``%%imisql`` cells that return a DataFrame.

``%%imisql [--demo | --url URL | --profile NAME] [--explain]``: the cell's one statement runs on a
connection opened from the flags (else from the ``IMISQL_*`` environment or the default profile,
as for the command line) and kept for the next cells with the same flags. ``:name`` placeholders
take the notebook variables of that name; ``--explain`` shows the plan instead of running.
Needs IPython and pandas (the ``sqlalchemy`` extra brings pandas).
"""

from __future__ import annotations

import argparse
import atexit
import os
import shlex
from typing import Any

import imisql
from imisql.config import ConfigError, resolve
from imisql.param_check import placeholders
from imisql.parser import parse_statement


class _Magics:
    """The cell magic and the connections it keeps, one per distinct set of flags."""

    def __init__(self, shell: Any) -> None:
        self.shell = shell
        self.connections: dict[tuple[Any, ...], imisql.Connection] = {}

    def run_cell(self, line: str, cell: str) -> Any:
        import pandas as pd

        args = _parser().parse_args(shlex.split(line))
        connection = self._connection(args)
        params = {p.name: self.shell.user_ns[p.name] for p in placeholders(parse_statement(cell))
                  if p.name is not None and p.name in self.shell.user_ns}  # fmt: skip
        if args.explain:
            print(connection.explain(cell, params))
            return None
        cursor = connection.execute(cell, params)
        return pd.DataFrame.from_records(cursor.fetchall(), columns=cursor.columns, coerce_float=False)

    def _connection(self, args: argparse.Namespace) -> imisql.Connection:
        key = (args.demo, args.url, args.profile)
        if key not in self.connections:
            flags = {"demo": args.demo or None, "url": args.url, "profile": args.profile}
            self.connections[key] = imisql.connect(**resolve(flags, os.environ).connect_kwargs())
        return self.connections[key]

    def close(self) -> None:
        for connection in self.connections.values():
            connection.close()
        self.connections.clear()


class _Flags(argparse.ArgumentParser):
    """Bad flags are reported in the cell's output, never by exiting."""

    def error(self, message: str) -> Any:
        raise ConfigError(f"%%imisql: {message}")


def _parser() -> argparse.ArgumentParser:
    parser = _Flags(prog="%%imisql", add_help=False)
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--demo", action="store_true")
    target.add_argument("--url")
    target.add_argument("--profile")
    parser.add_argument("--explain", action="store_true")
    return parser


def load_ipython_extension(shell: Any) -> None:
    """Register ``%%imisql`` (IPython calls this on ``%load_ext imisql``)."""
    magics = _Magics(shell)

    def cell(line: str, cell: str) -> Any:
        try:
            return magics.run_cell(line, cell)
        except (imisql.ImisqlError, ConfigError) as exc:
            print(exc.render() if isinstance(exc, imisql.QueryError) else f"error: {exc}")
            return None

    shell.register_magic_function(cell, magic_kind="cell", magic_name="imisql")
    atexit.register(magics.close)
