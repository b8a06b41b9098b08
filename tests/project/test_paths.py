"""One path helper: config, state and cache directories per platform, XDG variables honoured on Linux."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from imisql import paths
from imisql.config import config_path


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG variables apply on Linux and the BSDs")
def test_xdg_variables_win_on_linux(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path / "c"), "XDG_STATE_HOME": str(tmp_path / "s"),
           "XDG_CACHE_HOME": str(tmp_path / "k")}  # fmt: skip
    assert paths.config_dir(env) == tmp_path / "c" / "imisql"
    assert paths.state_dir(env) == tmp_path / "s" / "imisql"
    assert paths.cache_dir(env) == tmp_path / "k" / "imisql"


def test_platform_defaults_come_from_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    assert paths.config_dir({}) == Path(platformdirs.user_config_dir("imisql", appauthor=False))
    assert paths.state_dir({}) == Path(platformdirs.user_state_dir("imisql", appauthor=False))
    assert config_path({}, {}) == (paths.config_dir({}) / "config.toml", False)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_private_files_are_owner_only(tmp_path: Path) -> None:
    target = paths.private_file(tmp_path / "new" / "token.json")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
