"""What a ``\\connect`` argument means; credentials never stay in the URL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from imisql.emulator import Emulator
from imisql.repl.connecting import parse_target, split_credentials

from .conftest import Session


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/imis", ("https://example.org/imis", None, None)),
        ("https://ann@example.org/imis", ("https://example.org/imis", "ann", None)),
        ("https://ann:p%40ss@example.org:8443/imis", ("https://example.org:8443/imis", "ann", "p@ss")),
        ("http://ann:pw@[::1]:9000/", ("http://[::1]:9000/", "ann", "pw")),
    ],
)
def test_credentials_are_taken_out_of_the_url(url: str, expected: tuple[str, str | None, str | None]) -> None:
    assert split_credentials(url) == expected


def test_targets() -> None:
    url = parse_target("https://ann:pw@example.org/imis", "/cfg.toml")
    assert url.flags == {"config": "/cfg.toml", "url": "https://example.org/imis", "username": "ann",
                         "password": "pw"}  # fmt: skip
    assert "pw" not in repr(url) and url.label == "https://example.org/imis"
    assert parse_target("demo").flags == {"config": None, "demo": True}
    assert parse_target("prod").flags == {"config": None, "profile": "prod"}


def test_connect_offers_to_keep_a_typed_password_in_the_keyring(
    drive: Callable[..., Session], emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring = pytest.importorskip("keyring")
    from tests.support.keyring_backend import FileKeyring

    monkeypatch.setenv("IMISQL_TEST_KEYRING", str(tmp_path / "keyring.json"))
    monkeypatch.setenv("IMISQL_TOKEN_CACHE", str(tmp_path / "tokens.json"))
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    try:
        url = emulator.base_url.replace("://", f"://{emulator.username}@")
        output = drive(f"\\connect {url}\r{emulator.password}\ry\r\\q\r").output
        assert "Password saved in the system keyring." in output
        assert emulator.password not in output
        from imisql.keyring_store import stored_password

        assert stored_password(emulator.base_url, emulator.username) == emulator.password
        again = drive(f"\\connect {url}\r\\q\r").output  # no prompt: the keyring answers
        assert again.count("Connected to") == 2 and "keyring" not in again
    finally:
        keyring.set_keyring(previous)
