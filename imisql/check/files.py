"""Which files ``imisql check`` and ``imisql format`` read: the paths given, directories walked.

Directories are walked in name order; hidden directories (``.git``, ``.venv``) and ``__pycache__``
are skipped, and so is anything matching an ``--exclude`` pattern. Patterns follow ``.gitignore``:
a pattern without ``/`` matches a file or directory name anywhere (``*_test.py``, ``build``); one
with ``/`` matches the path relative to the directory walked (``app/legacy/*``); a trailing ``/``
matches directories only.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

SQL_SUFFIXES = (".imisql", ".sql")
PYTHON_SUFFIXES = (".py",)
_SKIPPED_DIRS = frozenset({"__pycache__", "node_modules"})


class MissingPath(Exception):
    """A path given on the command line does not exist."""


def is_python(path: Path) -> bool:
    return path.suffix.lower() in PYTHON_SUFFIXES


def collect(paths: Iterable[str], suffixes: tuple[str, ...], excludes: Iterable[str] = ()) -> list[Path]:
    """The files to read: each file path as given, each directory's files with one of ``suffixes``."""
    patterns = list(excludes)
    out: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            out.extend(_walk(path, suffixes, patterns))
        elif path.is_file():
            out.append(path)
        else:
            raise MissingPath(f"{given}: no such file or directory")
    return list(dict.fromkeys(out))


def _walk(root: Path, suffixes: tuple[str, ...], patterns: list[str]) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not _hidden(d) and not _excluded(here / d, root, patterns, is_dir=True))
        for name in sorted(files):
            path = here / name
            if path.suffix.lower() in suffixes and not _excluded(path, root, patterns, is_dir=False):
                yield path


def _hidden(name: str) -> bool:
    return name.startswith(".") or name in _SKIPPED_DIRS


def _excluded(path: Path, root: Path, patterns: list[str], *, is_dir: bool) -> bool:
    relative = path.relative_to(root).as_posix()
    for pattern in patterns:
        directory_only = pattern.endswith("/")
        bare = pattern.rstrip("/")
        if directory_only and not is_dir:
            continue
        if "/" in bare:
            if fnmatch.fnmatchcase(relative, bare.lstrip("/")):
                return True
        elif fnmatch.fnmatchcase(path.name, bare):
            return True
    return False
