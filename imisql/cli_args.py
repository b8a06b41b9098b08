"""The ``imisql`` command's flags: the argparse parser, and nothing else.

Flags that are not given stay ``None`` so the lower settings layers (environment, profile) decide;
``imisql.cli`` reads the parsed namespace. ``imisql --completion bash|zsh|fish`` prints a shell
completion script for these flags (``imisql.completion_script``).
"""

from __future__ import annotations

import argparse
from typing import Any

import imisql
from imisql.cli_params import parse_param
from imisql.completion_script import SHELLS
from imisql.config import COLOR_MODES
from imisql.confirm import add_write_flags
from imisql.format_names import FORMATS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imisql",
        description="SQL for the iMIS REST API. Statements come from -c, -f or stdin; "
        "with none of them on a terminal, the interactive shell starts.",
        epilog="imisql emulator [...] runs the embedded iMIS emulator; imisql check, format and catalog dump "
        "check, format and support files offline; imisql undo JOURNAL reverses a write (each has --help). "
        "Exit codes: 0 ok, 1 query error, 2 usage, 3 connection/authentication failure.",
    )
    parser.add_argument("--version", action="version", version=f"imisql {imisql.__version__}")
    parser.add_argument("--completion", choices=SHELLS, help="print a completion script for this shell and exit")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("-c", "--command", metavar="SQL", help="run these ;-separated statements")
    source.add_argument("-f", "--file", metavar="FILE", help="run the statements in FILE ('-' = stdin)")
    parser.add_argument(
        "--param", action="append", type=parse_param, metavar="NAME=VALUE",
        help="bind :NAME (N=VALUE binds the Nth ?) in the statements; repeatable",
    )  # fmt: skip
    _add_connection_flags(parser.add_argument_group("connection (flags > IMISQL_* environment > profile)"))
    output = parser.add_argument_group("output")
    output.add_argument("--format", choices=FORMATS, help="result format (default: table)")
    output.add_argument("--null", metavar="TEXT", help="how table and vertical show NULL (default: ∅)")
    output.add_argument("-o", "--output", metavar="FILE", help="write results to FILE instead of stdout")
    output.add_argument(
        "--no-header",
        action="store_const",
        const=False,
        dest="header",
        help="no header line (and no table footer) in table, csv, tsv, html and xlsx",
    )
    _switch(output, "--csv-bom", help="start csv/tsv output with a UTF-8 byte-order mark (for Excel)")
    output.add_argument("--color", choices=COLOR_MODES, help="colour on a terminal (default: auto; NO_COLOR=1: never)")
    _switch(output, "--explain", help="print each SELECT's plan instead of running it")
    _switch(output, "-v", "--verbose", help="log HTTP requests and a stats line to stderr")
    add_write_flags(parser.add_argument_group("writes (INSERT, UPDATE, DELETE)"))
    return parser


def _add_connection_flags(group: argparse._ArgumentGroup) -> None:
    target = group.add_mutually_exclusive_group()
    target.add_argument("--url", help="iMIS site root, e.g. https://example.org/imis")
    _switch(target, "--demo", help="use a fresh embedded emulator with demo data")
    group.add_argument("--username", help="user for the password grant (the password is prompted for)")
    group.add_argument("--password", help="discouraged: visible to other users; prefer IMISQL_PASSWORD")
    group.add_argument("--token", help="a bearer token instead of username/password")
    group.add_argument("--profile", metavar="NAME", help="profile from the config file")
    group.add_argument("--config", metavar="PATH", help="config file (default: the platform config dir)")
    group.add_argument("--page-size", type=int, metavar="N", help="rows per request, 1-500 (default 500)")
    group.add_argument("--timeout", type=float, metavar="SECONDS", dest="read_timeout", help="read timeout")
    group.add_argument("--max-retries", type=int, metavar="N", help="retries per failing request (default 4)")
    group.add_argument(
        "--retry-budget", type=float, metavar="SECONDS", help="time a statement may spend retrying (default 60)"
    )
    group.add_argument(
        "--no-pushdown",
        action="store_const",
        const=False,
        dest="pushdown",
        help="filter and sort on the client",
    )
    _switch(group, "--live-catalog", help="load the site's own metadata before running")
    group.add_argument(
        "--nulls-lowest",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="the site sorts NULL below every value, as SQL Server does (the default); --no-nulls-lowest reads "
        "the empty values of each ORDER BY column apart (more requests)",
    )
    group.add_argument(
        "--iqa-endpoint",
        choices=("auto", "iqa", "query"),
        help="where iqa(...) queries go: /api/iqa, /api/query (iMIS EMS), or auto (default: /api/iqa, then "
        "/api/query on a 404)",
    )
    _switch(group, "--save-password", help="keep the password in the system keyring (the keyring extra)")


def _switch(group: Any, *names: str, help: str) -> None:
    """A flag that is ``True`` when given and ``None`` (not set: lower layers decide) otherwise."""
    group.add_argument(*names, action="store_true", default=None, help=help)
