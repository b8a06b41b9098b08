"""``imisql undo JOURNAL [--dry-run] [--yes]``: reverse a write statement from its journal.

Connects like ``imisql`` itself (the same connection flags, environment and profiles), shows or
asks before sending anything, writes its own journal (so the undo can be undone), and exits 0 when
every write was reversed, 1 when it stopped or was not confirmed, 2 for usage errors, 3 when the
site could not be reached.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from imisql import cli, cli_args
from imisql.config import ConfigError, resolve
from imisql.confirm import password_prompt, terminal_confirm
from imisql.errors import ImisqlError, InterfaceError
from imisql.journal import Journal, default_path
from imisql.undo import plan_undo, undo


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imisql undo",
        description="Reverse the writes a journal records, newest first: PUT the object as it was for an "
        "UPDATE, DELETE the created row for an INSERT, POST the object as it was for a DELETE.",
    )
    parser.add_argument("journal", metavar="JOURNAL", help="the journal file a write statement wrote")
    cli_args._switch(parser, "--dry-run", help="list the requests that would reverse it; send nothing")
    cli_args._switch(parser, "-y", "--yes", help="reverse without asking")
    parser.add_argument("--undo-journal", metavar="FILE", help="where the undo journals its own writes")
    cli_args._add_connection_flags(parser.add_argument_group("connection (as for imisql)"))
    return parser


def undo_main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    try:
        reversals, notes = plan_undo(args.journal)
    except InterfaceError as exc:
        return cli._fail(f"imisql undo: error: {exc}", cli.EXIT_USAGE)
    if args.dry_run:
        for reversal in reversals:
            print(f"{reversal.method} {reversal.path}  -- reverses {reversal.original}")
        print("\n".join(f"note: {n}" for n in notes) or f"{len(reversals)} writes would be reversed")
        return cli.EXIT_OK
    flags = {k: v for k, v in vars(args).items() if k not in ("journal", "dry_run", "yes", "undo_journal")}
    try:
        settings = resolve(flags, os.environ, prompt=password_prompt())
    except ConfigError as exc:
        return cli._fail(f"imisql undo: error: {exc}", cli.EXIT_USAGE)
    try:
        with cli._connect(settings) as connection:
            journal = Journal(args.undo_journal or default_path(), connection.base_url)
            report = undo(
                connection.client, args.journal, journal, confirm=terminal_confirm(bool(args.yes), sys.stderr)
            )
    except cli.UsageError as exc:
        return cli._fail(f"imisql undo: error: {exc}", cli.EXIT_USAGE)
    except ImisqlError as exc:
        return cli._fail(cli.error_text(exc), cli._exit_code(exc))
    where = f"; journal: {journal.path}" if journal.entries else ""
    print(f"imisql: {report.summary()}{where}", file=sys.stderr)
    return cli.EXIT_OK
