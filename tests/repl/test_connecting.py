"""What a ``\\connect`` argument means; credentials never stay in the URL."""

from __future__ import annotations

import io
import json
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

import imisql
from imisql.emulator import Emulator
from imisql.http.exchange import Request, Response
from imisql.http.transport import Transport
from imisql.repl.app import Shell
from imisql.repl.connecting import Opened, parse_target, split_credentials
from tests.conftest import MakeEmulator

from .conftest import WAIT, Session


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


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The test keyring (a JSON file) as the process's keyring for one test; the previous one after."""
    keyring = pytest.importorskip("keyring")
    previous = keyring.get_keyring()  # chosen before the test backend is viable
    from tests.support.keyring_backend import FileKeyring

    path = tmp_path / "keyring.json"
    monkeypatch.setenv("IMISQL_TEST_KEYRING", str(path))
    keyring.set_keyring(FileKeyring())
    yield path
    keyring.set_keyring(previous)


def token_requests(emulator: Emulator) -> int:
    return sum(1 for r in emulator.request_log if r.method == "POST" and r.path.rstrip("/").endswith("/token"))


def test_connect_offers_to_keep_a_typed_password_in_the_keyring(
    drive: Callable[..., Session], emulator: Emulator, file_keyring: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("IMISQL_TOKEN_CACHE", str(tmp_path / "tokens.json"))
    url = emulator.base_url.replace("://", f"://{emulator.username}@")
    output = drive(f"\\connect {url}\r{emulator.password}\ry\r\\q\r").output
    assert "Password saved in the system keyring." in output
    assert emulator.password not in output
    from imisql.keyring_store import stored_password

    assert stored_password(emulator.base_url, emulator.username) == emulator.password
    assert emulator.password not in file_keyring.read_text().replace(f'"{emulator.password}"', "")  # only the value
    again = drive(f"\\connect {url}\r\\q\r").output  # no prompt: the keyring answers
    assert again.count("Connected to") == 2 and "keyring" not in again


def test_a_declined_offer_saves_nothing(drive: Callable[..., Session], emulator: Emulator, file_keyring: Path) -> None:
    url = emulator.base_url.replace("://", f"://{emulator.username}@")
    output = drive(f"\\connect {url}\r{emulator.password}\rn\r\\q\r").output
    assert output.count("Connected to") == 2 and "saved" not in output
    assert not file_keyring.exists()


def test_connect_keeps_its_token_for_the_next_run(
    drive: Callable[..., Session], make_emulator: MakeEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_emulator()  # a site of its own: every sign-in it counts is one of these shells'
    cache = tmp_path / "state" / "tokens.json"
    monkeypatch.setenv("IMISQL_TOKEN_CACHE", str(cache))
    url = site.base_url.replace("://", f"://{site.username}@")
    session = f"\\connect {url}\r{site.password}\rSELECT PartyId FROM Party LIMIT 1;\r\\q\r"
    assert "(1 row)" in drive(session).output
    assert token_requests(site) == 1  # the first run signs in, once (its query and its catalog load share it)
    text = cache.read_text()
    [entry] = json.loads(text).values()
    assert site.password not in text and site.base_url not in text and site.username not in text
    if sys.platform != "win32":
        assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    assert "(1 row)" in drive(session).output  # a new shell: the cached token, no new one
    assert token_requests(site) == 1
    assert [e["token"] for e in json.loads(cache.read_text()).values()] == [entry["token"]]
    monkeypatch.setenv("IMISQL_TOKEN_CACHE", "off")
    assert "(1 row)" in drive(session).output
    assert token_requests(site) == 2


def test_the_demo_token_is_not_cached(drive: Callable[..., Session], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    cache = tmp_path / "tokens.json"
    monkeypatch.setenv("IMISQL_TOKEN_CACHE", str(cache))
    assert "(1 row)" in drive("\\connect demo\rSELECT PartyId FROM Party LIMIT 1;\r\\q\r").output
    assert not cache.exists()


def test_the_shell_returns_after_the_sign_in_its_catalog_load_has_in_flight(
    conn: imisql.Connection, emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``\\q`` while the catalog load of a ``\\connect`` is signing in: that request is over, and the
    load stopped, before the shell returns; nothing reaches the site after."""
    leaving = threading.Event()
    close, send = Opened.close, Transport.send

    def leave(opened: Opened) -> None:
        leaving.set()
        close(opened)

    def held(transport: Transport, request: Request, attempt: int, seconds: float) -> Response:
        if threading.current_thread().name == "imisql-catalog":
            leaving.wait(WAIT)  # the load's first request (its sign-in) goes out as the shell leaves
        return send(transport, request, attempt, seconds)

    monkeypatch.setattr(Opened, "close", leave)
    monkeypatch.setattr(Transport, "send", held)
    url = emulator.base_url.replace("://", f"://{emulator.username}@")
    with create_pipe_input() as pipe:
        pipe.send_text(f"\\connect {url}\r{emulator.password}\r\\q\r")
        shell = Shell.create(conn, None, input=pipe, output=DummyOutput(), stdout=io.StringIO(),
                             history_path=str(tmp_path / "history"))  # fmt: skip
        shell.run(refresh_catalog=False)
    assert leaving.is_set() and not shell.refresher.running
    assert [r.path for r in emulator.request_log] == ["/token"]
