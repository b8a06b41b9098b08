"""A keyring backend for tests: a JSON file named by ``IMISQL_TEST_KEYRING`` (never the real keyring).

Selected in subprocesses with ``PYTHON_KEYRING_BACKEND=tests.support.keyring_backend.FileKeyring`` and in
process with ``keyring.set_keyring(FileKeyring())``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.compat import properties


class FileKeyring(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        """Viable only while a test names its file: importing this module must not make it the process's
        keyring when keyring picks a backend by itself."""
        if "IMISQL_TEST_KEYRING" not in os.environ:
            raise RuntimeError("IMISQL_TEST_KEYRING names no file")
        return 1

    @property
    def _path(self) -> Path:
        return Path(os.environ["IMISQL_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        return json.loads(self._path.read_text()) if self._path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}|{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}|{username}"] = password
        self._path.write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}|{username}", None)
        self._path.write_text(json.dumps(data))
