"""Asking before a write: ``UPDATE 12 Party rows? [y/N]`` on the terminal, or ``--yes``.

Without a terminal to ask on (statements piped in, output captured) and without ``--yes`` the
answer is no, with a message saying how to say yes: nothing is written.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from imisql.errors import WriteNotConfirmed


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
