"""``imisql check`` and ``imisql format``: the offline faces of the engine for files and CI.

``check`` reports the engine's diagnostics for ``.imisql``/``.sql`` files and for the queries embedded
in Python source, against the built-in catalog or a saved site catalog (``--catalog``, written by
``imisql catalog dump``). ``format`` rewrites query files in the canonical layout, or with ``--check``
only says which ones would change. Exit codes: 0 clean, 1 findings (or files to reformat),
2 usage error (bad flags, missing path, unreadable catalog).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from imisql import engine
from imisql.catalog import BUILTIN, Catalog, catalog_from_json
from imisql.check.files import PYTHON_SUFFIXES, SQL_SUFFIXES, MissingPath, collect
from imisql.check.findings import FORMATS, check_file, fails, render

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Usage(Exception):
    """The command cannot run as given (exit 2)."""


def check_main(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    args = _check_parser().parse_args(list(argv))
    try:
        catalog = _catalog(args.catalog)
        paths = collect(args.paths or ["."], SQL_SUFFIXES + PYTHON_SUFFIXES, args.exclude)
    except (_Usage, MissingPath) as exc:
        print(f"imisql check: error: {exc}", file=err)
        return EXIT_USAGE
    findings = [f for path in paths for f in check_file(path, catalog)]
    out.write(render(findings, args.format))
    return EXIT_FINDINGS if fails(findings, args.strict) else EXIT_CLEAN


def format_main(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    args = _format_parser().parse_args(list(argv))
    try:
        paths = collect(args.paths, SQL_SUFFIXES, args.exclude)
    except MissingPath as exc:
        print(f"imisql format: error: {exc}", file=err)
        return EXIT_USAGE
    changed = failed = 0
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
            formatted = engine.format_sql(text)
            if formatted != text and not args.check:
                path.write_text(formatted, encoding="utf-8")
        except (OSError, UnicodeError) as exc:
            print(f"imisql format: error: {path}: {getattr(exc, 'strerror', None) or exc}", file=err)
            failed += 1
            continue
        if formatted != text:
            changed += 1
            print(f"{'would reformat' if args.check else 'reformatted'} {path}", file=out)
    return EXIT_FINDINGS if failed or (args.check and changed) else EXIT_CLEAN


def _catalog(path: str | None) -> Catalog:
    if path is None:
        return BUILTIN
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return catalog_from_json(data)
    except OSError as exc:
        raise _Usage(f"cannot read the catalog {path}: {exc.strerror or exc}") from None
    except ValueError as exc:  # not JSON, or not a catalog
        raise _Usage(f"{path} is not a catalog written by `imisql catalog dump` ({exc})") from None


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imisql check",
        description="Check .imisql and .sql files and the queries inside Python source, offline.",
        epilog="Exit codes: 0 clean, 1 findings (errors; warnings too with --strict), 2 usage error.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    parser.add_argument("--catalog", metavar="FILE", help="a site catalog saved by `imisql catalog dump`")
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    _exclude_flag(parser)
    return parser


def _format_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imisql format",
        description="Format .imisql and .sql files in imisql's canonical layout.",
        epilog="Exit codes: 0 done (or nothing to change), 1 files to reformat (--check) or unreadable, 2 usage.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    _exclude_flag(parser)
    return parser


def _exclude_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--exclude", action="append", default=[], metavar="PATTERN",
        help=".gitignore-style pattern to skip while walking directories (repeatable)",
    )  # fmt: skip
