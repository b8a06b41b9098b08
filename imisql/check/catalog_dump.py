"""``imisql catalog dump``: save a site's catalog as JSON, for ``imisql check --catalog`` on machines
that cannot reach the site (CI, a laptop offline).

Connection settings resolve as for the main command (flags > ``IMISQL_*`` environment > profile);
the JSON holds entity and field descriptions only, never a credential.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

import imisql
from imisql.catalog import LiveCatalog, catalog_to_json, load_from
from imisql.config import ConfigError, resolve
from imisql.errors import ImisqlError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    args = _parser().parse_args(list(argv))
    flags = {k: getattr(args, k) for k in ("url", "demo", "username", "token", "profile", "config")}
    try:
        settings = resolve(flags, os.environ, prompt=_prompt() if sys.stdin and sys.stdin.isatty() else None)
    except ConfigError as exc:
        print(f"imisql catalog: error: {exc}", file=err)
        return EXIT_USAGE
    try:
        with imisql.connect(**settings.connect_kwargs()) as connection:
            catalog = load_from(connection.client)
    except ImisqlError as exc:
        print(f"imisql catalog: error: {exc}", file=err)
        return EXIT_FAILED
    return _write(catalog, args.output, out, err)


def _write(catalog: LiveCatalog, output: str | None, out: TextIO, err: TextIO) -> int:
    text = json.dumps(catalog_to_json(catalog), indent=1) + "\n"
    if output is None:
        out.write(text)
        return EXIT_OK
    try:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        print(f"imisql catalog: error: cannot write {output}: {exc.strerror or exc}", file=err)
        return EXIT_USAGE
    return EXIT_OK


def _prompt() -> Callable[[str], str]:
    def ask(prompt: str) -> str:
        try:
            return getpass.getpass(prompt)
        except EOFError:
            raise ConfigError("no password entered") from None

    return ask


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imisql catalog",
        description="Save the connected site's catalog (entities, fields, types) as JSON.",
        epilog="imisql catalog dump > site-catalog.json, then imisql check --catalog site-catalog.json",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="dump")
    dump = actions.add_parser("dump", help="write the site's catalog as JSON")
    dump.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    target = dump.add_mutually_exclusive_group()
    target.add_argument("--url", help="iMIS site root, e.g. https://example.org/imis")
    target.add_argument("--demo", action="store_true", default=None, help="the embedded demo emulator")
    dump.add_argument("--username", help="user for the password grant (password: IMISQL_PASSWORD or prompt)")
    dump.add_argument("--token", help="a bearer token instead of username/password")
    dump.add_argument("--profile", metavar="NAME", help="profile from the config file")
    dump.add_argument("--config", metavar="PATH", help="config file")
    return parser
