"""Credentials between runs: passwords in the system keyring (--save-password), tokens cached until they
expire in an owner-only file, and never a secret in output."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest

from imisql.emulator import Emulator
from tests.cli.support import SECRET_PASSWORD, Cli, site_env

ROOT = Path(__file__).resolve().parents[2]
SQL = "SELECT PartyId FROM Party ORDER BY PartyId LIMIT 1"


@pytest.fixture
def keyring_env(tmp_path: Path) -> dict[str, str]:
    pytest.importorskip("keyring")
    return {
        "PYTHON_KEYRING_BACKEND": "tests.support.keyring_backend.FileKeyring",
        "PYTHONPATH": str(ROOT),
        "IMISQL_TEST_KEYRING": str(tmp_path / "keyring.json"),
        "IMISQL_TOKEN_CACHE": str(tmp_path / "t.json"),
    }


def test_save_password_then_run_without_it(cli: Cli, site: Emulator, keyring_env: dict[str, str]) -> None:
    env = {**site_env(site), **keyring_env}
    saved = cli("--save-password", "-c", SQL, env=env)
    assert saved.code == 0, saved.err
    assert "saved in the system keyring" in saved.err and SECRET_PASSWORD not in saved.both
    without = {k: v for k, v in env.items() if k != "IMISQL_PASSWORD"}
    Path(env["IMISQL_TOKEN_CACHE"]).unlink()  # so the password itself is needed
    again = cli("-c", SQL, env=without)
    assert again.code == 0, again.err
    assert "20000" in again.out


def test_save_password_without_a_password_is_a_usage_error(cli: Cli, keyring_env: dict[str, str]) -> None:
    result = cli("--save-password", "--demo", "-c", SQL, env=keyring_env)
    assert result.code == 2 and "--save-password needs a site, a username and a password" in result.err


def test_a_token_is_cached_between_runs(cli: Cli, site: Emulator, tmp_path: Path) -> None:
    cache = tmp_path / "tokens.json"
    env = {**site_env(site), "IMISQL_TOKEN_CACHE": str(cache)}
    first = cli("-v", "-c", SQL, env=env)
    assert first.code == 0 and "/token" in first.err
    second = cli("-v", "-c", SQL, env=env)
    assert second.code == 0 and "/token" not in second.err and "20000" in second.out
    text = cache.read_text()
    token = next(iter(json.loads(text).values()))["token"]
    assert SECRET_PASSWORD not in text and site.base_url not in text
    assert token not in first.both + second.both
    if sys.platform != "win32":
        assert stat.S_IMODE(cache.stat().st_mode) == 0o600


def test_a_refused_cached_token_is_replaced(cli: Cli, site: Emulator, tmp_path: Path) -> None:
    cache = tmp_path / "tokens.json"
    env = {**site_env(site), "IMISQL_TOKEN_CACHE": str(cache)}
    assert cli("-c", SQL, env=env).code == 0
    data = json.loads(cache.read_text())
    for entry in data.values():
        entry["token"] = "not-a-token"
    cache.write_text(json.dumps(data))
    result = cli("-v", "-c", SQL, env=env)
    assert result.code == 0 and "-> 401" in result.err and "/token -> 200" in result.err


def test_a_wrong_password_never_uses_a_cached_token(cli: Cli, site: Emulator, tmp_path: Path) -> None:
    env = {**site_env(site), "IMISQL_TOKEN_CACHE": str(tmp_path / "tokens.json")}
    assert cli("-c", SQL, env=env).code == 0
    wrong = cli("-c", SQL, env={**env, "IMISQL_PASSWORD": "not-the-password"})
    assert wrong.code == 3 and "authentication failed" in wrong.err
