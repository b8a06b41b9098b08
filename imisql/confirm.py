"""What the command asks on the terminal: a password, and before a write ``UPDATE 12 Party rows? [y/N]``
(or ``--yes``, one of the write flags this module adds).

Without a terminal to ask on (statements piped in, output captured) and without ``--yes`` the
answer is no, with a message saying how to say yes: nothing is written.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import TextIO

from imisql.config import ConfigError
from imisql.errors import WriteNotConfirmed


def password_prompt() -> Callable[[str], str] | None:
    """A prompt for a missing password, or None without a terminal."""
    if sys.stdin is None or not sys.stdin.isatty():
        return None

    def ask(prompt: str) -> str:
        try:
            return getpass.getpass(prompt)
        except EOFError:
            raise ConfigError("no password entered") from None

    return ask


def terminal_confirm(yes: bool, err: TextIO) -> Callable[[str], bool]:
    """A ``confirm(question)`` for the command line: True with ``--yes``, else the user's answer."""

    def confirm(question: str) -> bool:
        if yes:
            return True
        if sys.stdin is None or not sys.stdin.isatty() or not err.isatty():
            raise WriteNotConfirmed(
                f"{question.rstrip('?')}: nothing was written (no terminal to confirm on); pass --yes to write"
            )
        err.write(f"{question} [y/N] ")
        err.flush()
        try:
            answer = sys.stdin.readline()
        except KeyboardInterrupt:
            answer = ""
        return answer.strip().lower() in ("y", "yes")

    return confirm


def add_write_flags(group: argparse._ArgumentGroup) -> None:
    """``--yes``, ``--dry-run`` and ``--journal FILE`` of the ``imisql`` command."""
    yes = "write without asking (needed when there is no terminal to ask on)"
    group.add_argument("-y", "--yes", action="store_true", default=None, help=yes)
    dry = "read and show what would be written; send no POST, PUT or DELETE"
    group.add_argument("--dry-run", action="store_true", default=None, help=dry)
    group.add_argument("--journal", metavar="FILE", help="append the journal of written rows to FILE")
