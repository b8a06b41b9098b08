"""The shell's persistent history: where it lives, and the rule that keeps secrets out of it.

``SecretSafeHistory`` is a prompt_toolkit ``FileHistory`` that refuses any entry that looks like it
holds a credential (a URL with ``user:password@``, ``password=...``, ``token: ...``) — neither the
file nor the in-memory list used by Up-arrow, Ctrl-R and suggestions ever sees it. The file is
created readable by its owner only.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from prompt_toolkit.history import FileHistory

from imisql.paths import private_file, state_dir

_SECRET_WORDS = r"password|passwd|pwd|passphrase|secret|token|api[_-]?key|authorization"
_SECRET_PATTERNS = (
    re.compile(rf"(?i)(?<![a-z])(?:{_SECRET_WORDS})\w*\s*[=:]"),  # password=..., access_token: ...
    re.compile(r"(?i)\bbearer\s+\S"),  # Authorization: Bearer abc
    re.compile(r"://[^/\s@]*:[^/\s@]*@"),  # https://user:secret@host
    re.compile(r"(?i)^\s*\\password\b"),  # a future \password command
)


def holds_secret(entry: str) -> bool:
    """True when ``entry`` looks like it carries a password or token and must not be remembered."""
    return any(pattern.search(entry) for pattern in _SECRET_PATTERNS)


def default_history_path() -> Path:
    """``$IMISQL_HISTORY``, else ``history`` in the user's state directory for imisql."""
    override = os.environ.get("IMISQL_HISTORY")
    if override:
        return Path(override).expanduser()
    return state_dir() / "history"


class SecretSafeHistory(FileHistory):
    """File-backed history that silently drops entries holding credentials."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        super().__init__(str(self.path))

    def load_history_strings(self) -> list[str]:
        """Entries from the file, newest first, without any secret an older version may have kept."""
        return [entry for entry in super().load_history_strings() if not holds_secret(entry)]

    def append_string(self, string: str) -> None:
        if not holds_secret(string):
            super().append_string(string)

    def store_string(self, string: str) -> None:
        if holds_secret(string):
            return
        if not self.path.exists():
            private_file(self.path)
        super().store_string(string)
