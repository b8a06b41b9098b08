"""Where imisql keeps its files: the one place that knows each platform's conventions.

``config_dir`` holds ``config.toml``; ``state_dir`` the shell's history, named queries and the
cached token; ``cache_dir`` the language server's catalog cache. The directories follow each
platform's rules through platformdirs (``~/.config/imisql`` and ``~/.local/state/imisql`` on Linux,
``%LOCALAPPDATA%\\imisql`` on Windows, ``~/Library/Application Support/imisql`` on macOS); on Linux
and the BSDs the ``XDG_*_HOME`` variables of ``env`` win, so a caller (or a test) can redirect them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP = "imisql"
_XDG = {"config": "XDG_CONFIG_HOME", "state": "XDG_STATE_HOME", "cache": "XDG_CACHE_HOME"}


def _user_dir(kind: str, env: Mapping[str, str] | None) -> Path:
    env = os.environ if env is None else env
    if sys.platform not in ("win32", "darwin") and env.get(_XDG[kind]):
        return Path(env[_XDG[kind]]) / APP
    finder = {
        "config": platformdirs.user_config_dir,
        "state": platformdirs.user_state_dir,
        "cache": platformdirs.user_cache_dir,
    }[kind]
    return Path(finder(APP, appauthor=False))


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    """The per-user configuration directory (``config.toml``)."""
    return _user_dir("config", env)


def state_dir(env: Mapping[str, str] | None = None) -> Path:
    """The per-user state directory (history, named queries, cached tokens)."""
    return _user_dir("state", env)


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """The per-user cache directory (catalog caches)."""
    return _user_dir("cache", env)


def private_file(path: Path) -> Path:
    """``path`` created empty if missing, readable and writable by its owner only (mode 0600), in a
    directory only the owner can enter; returns ``path``."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    if sys.platform != "win32":
        os.chmod(path, 0o600)
    return path
