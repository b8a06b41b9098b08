"""``--param NAME=VALUE`` on the command line: the values bound to a script's placeholders.

``--param last=Smith`` binds ``:last``; ``--param 1=Smith`` binds the first ``?`` (positions count
from 1 on the command line). Values are text, converted by the column they are compared with
(``Balance > :min`` with ``min=5`` compares numbers); a value written as a plain integer (``20``,
not ``020``) is an integer, so ``LIMIT :n`` works.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def parse_param(text: str) -> tuple[str | int, str | int]:
    """One ``NAME=VALUE``; argparse shows the ``ArgumentTypeError`` as a usage error."""
    name, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE (or N=VALUE for the Nth ?), got {text!r}")
    if name.isdigit() and int(name) >= 1:
        key: str | int = int(name) - 1
    elif _NAME.match(name):
        key = name
    else:
        raise argparse.ArgumentTypeError(f"{name!r} is not a parameter name (:name) or a position from 1 (?)")
    return key, _value(value)


def _value(text: str) -> str | int:
    try:
        number = int(text)
    except ValueError:
        return text
    return number if str(number) == text else text


def collect(pairs: Iterable[tuple[str | int, str | int]]) -> dict[str | int, str | int] | None:
    """The parameters of all ``--param`` flags (the last one wins for a repeated name), or None."""
    out = dict(pairs)
    return out or None
