"""Passwords and tokens never show: ``-v`` logs, exception messages and tracebacks, ``repr``, EXPLAIN,
the shell's output and history file, the language server's log; TLS is verified by default.

Each test uses an emulator whose demo password is a unique marker and records every token the
emulator issues, then searches everything the user could see for the password and all tokens.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

import imisql
from imisql.client import Client, ClientConfig, RequestLog
from imisql.config import Settings, resolve
from imisql.emulator import Emulator, Faults
from imisql.errors import ImisqlError
from tests.conftest import MakeEmulator
from tests.support.tls_server import tls_server

PASSWORD = "pw-Zq81-marker"
URL_PASSWORD = "urlpw-Kx77-marker"
TOKEN = "tok-Vb52-marker-" + "x" * 20
WAIT = 60.0  # bound on every subprocess and thread wait


@dataclass
class Secrets:
    """The emulator under test and every secret that must not leak."""

    emu: Emulator
    tokens: list[str] = field(default_factory=list)

    @property
    def all(self) -> list[str]:
        return [PASSWORD, URL_PASSWORD, TOKEN, *self.tokens]

    def assert_absent(self, *texts: str) -> None:
        joined = "\n".join(texts)
        for secret in self.all:
            assert secret not in joined, f"a secret ({secret[:8]}...) leaked into:\n{joined[:3000]}"


@pytest.fixture
def secrets(make_emulator: MakeEmulator) -> Secrets:
    emu = make_emulator(parties=60, password=PASSWORD)
    found = Secrets(emu)
    issue = emu.tokens.issue

    def recording(account: Any) -> Any:
        session = issue(account)
        found.tokens.append(session.token)
        return session

    emu.tokens.issue = recording  # type: ignore[method-assign]
    return found


def _connect(emu: Emulator, **options: Any) -> imisql.Connection:
    options = {"max_attempts": 3, "retry_budget": 5.0, "backoff": 0.01, "max_backoff": 0.02, **options}
    return imisql.connect(emu.base_url, username=emu.username, password=PASSWORD, **options)


def _texts_of(exc: BaseException) -> list[str]:
    """Everything an error shows: message, repr, args and the traceback a logger would print."""
    return [str(exc), repr(exc), repr(exc.args), "".join(traceback.format_exception(exc))]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ---------------------------------------------------------------- the command line with -v


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("IMISQL_")}
    full_env |= {"IMISQL_CONFIG": os.devnull, "IMISQL_TOKEN_CACHE": "off", **env}
    return subprocess.run(
        [sys.executable, "-m", "imisql", *args], env=full_env, capture_output=True, text=True, timeout=WAIT, check=False
    )


CLI_SQL = (
    "SELECT PartyId, LastName FROM Party; EXPLAIN SELECT * FROM Party WHERE LastName = 'x'; SELECT COUNT(*) FROM Party"
)


def test_verbose_command_line_shows_requests_but_no_secret(secrets: Secrets) -> None:
    emu = secrets.emu
    emu.faults = Faults(token_expiry_after=2, error_rate=0.2, seed=3)  # re-authentication and retries in the log
    env = {"IMISQL_USERNAME": emu.username, "IMISQL_PASSWORD": PASSWORD, "IMISQL_URL": emu.base_url}
    done = _cli(["-v", "--page-size", "20", "--max-retries", "8", "-c", CLI_SQL], env)
    assert done.returncode == 0, done.stderr
    assert "GET" in done.stderr and "/api/Party" in done.stderr and "POST" in done.stderr
    assert len(secrets.tokens) >= 2
    secrets.assert_absent(done.stdout, done.stderr)


def test_verbose_command_line_failures_show_no_secret(secrets: Secrets) -> None:
    emu = secrets.emu
    runs = [
        (["--url", emu.base_url, "--username", "demo"], {"IMISQL_PASSWORD": "wrong-" + PASSWORD}),  # bad password
        (["--url", emu.base_url, "--token", TOKEN], {}),  # refused token
        (["--url", f"http://127.0.0.1:{_free_port()}", "--username", "demo"], {"IMISQL_PASSWORD": PASSWORD}),
        (["--url", f"http://demo:{URL_PASSWORD}@127.0.0.1:{emu.base_url.rsplit(':', 1)[1]}"], {}),  # creds in URL
        (["--url", emu.base_url, "--username", "demo", "--password", PASSWORD], {}),  # 503s; the flag is warned about
    ]
    emu.faults = Faults(error_rate=1.0)
    for args, env in runs:
        done = _cli(["-v", "--max-retries", "1", *args, "-c", "SELECT PartyId FROM Party"], env)
        assert done.returncode != 0, (args, done.stdout)
        assert done.stderr.strip()  # a message, not silence
        assert "Traceback" not in done.stderr
        secrets.assert_absent(done.stdout, done.stderr)


# ---------------------------------------------------------------- errors, repr, EXPLAIN, request logs


def test_errors_of_every_kind_carry_no_secret(secrets: Secrets, make_emulator: MakeEmulator) -> None:
    emu = secrets.emu
    failures: list[Callable[[], Any]] = [
        lambda: (
            imisql.connect(emu.base_url, username="demo", password="wrong-" + PASSWORD)
            .execute("SELECT * FROM Party")
            .fetchall()
        ),
        lambda: imisql.connect(emu.base_url, token=TOKEN).execute("SELECT * FROM Party").fetchall(),
        lambda: imisql.connect(f"https://demo:{URL_PASSWORD}@example.org/imis", username="demo", password=PASSWORD),
        lambda: imisql.connect(f"ftp://demo:{URL_PASSWORD}@example.org", username="demo", password=PASSWORD),
        lambda: imisql.connect(f"http://demo:{URL_PASSWORD}@example.org", username="demo", password=PASSWORD),
        lambda: imisql.connect("http://example.org", username="demo", password=PASSWORD),
        lambda: _connect(emu, max_attempts=1).execute("SELECT * FROM Party WHERE Nope = 1"),
        lambda: (
            imisql.connect(f"http://127.0.0.1:{_free_port()}", username="demo", password=PASSWORD, max_attempts=1)
            .execute("SELECT * FROM Party")
            .fetchall()
        ),
        lambda: ClientConfig(emu.base_url, username="", password=PASSWORD),
        lambda: ClientConfig(emu.base_url, username="demo", password=PASSWORD, token=TOKEN),
    ]
    for faults in (
        Faults(error_rate=1.0),
        Faults(error_rate=1.0, error_status=500),
        Faults(reset_rate=1.0),
        Faults(truncate_rate=1.0),
        Faults(token_expiry_after=0),
        Faults(hang_rate=1.0, hang_seconds=2),
    ):
        failures.append(lambda f=faults: _fail_with(emu, f))
    for fail in failures:
        with pytest.raises(ImisqlError) as info:
            fail()
        secrets.assert_absent(*_texts_of(info.value))


def _fail_with(emu: Emulator, faults: Faults) -> None:
    emu.faults = faults
    try:
        with _connect(emu, max_attempts=2, read_timeout=0.3) as conn:
            conn.execute("SELECT PartyId FROM Party").fetchall()
    finally:
        emu.faults = Faults()


def test_repr_explain_and_request_logs_carry_no_secret(secrets: Secrets) -> None:
    emu = secrets.emu
    logs: list[RequestLog] = []
    emu.faults = Faults(token_expiry_after=2)
    with _connect(emu, on_request=logs.append, page_size=20) as conn:
        cursor = conn.execute("SELECT PartyId FROM Party")
        assert len(cursor.fetchall()) == 60
        explained = conn.explain("SELECT * FROM Party WHERE LastName = :n", {"n": "x"})
        rows = conn.execute("EXPLAIN SELECT COUNT(*) FROM Party").fetchall()
        objects = [
            conn,
            conn.client,
            conn.client.config,
            cursor,
            conn.client.auth,
            conn.client.auth._token,  # type: ignore[attr-defined]
            cursor.plan,
            conn.client.stats,
        ]
        texts = [repr(o) for o in objects] + [str(o) for o in objects]
    assert len(secrets.tokens) >= 2 and len(logs) > 3
    secrets.assert_absent(explained, repr(rows), *texts, *map(repr, logs))
    settings = resolve({"url": emu.base_url, "username": "demo"}, {"IMISQL_PASSWORD": PASSWORD})
    token_settings = Settings(url=emu.base_url, token=TOKEN)
    secrets.assert_absent(repr(settings), settings.describe(), repr(token_settings), token_settings.describe())
    config = ClientConfig(emu.base_url, token=TOKEN)
    secrets.assert_absent(repr(config), repr(Client(config)))


def test_the_emulator_request_log_redacts_credentials(secrets: Secrets) -> None:
    emu = secrets.emu
    with _connect(emu) as conn:
        conn.execute("SELECT PartyId FROM Party LIMIT 1").fetchall()
    assert emu.request_log and secrets.tokens
    secrets.assert_absent(*(repr(entry) for entry in emu.request_log))


# ---------------------------------------------------------------- the shell


def _shell(conn: imisql.Connection, keys: str, history: Path) -> str:
    stdout = io.StringIO()
    result: list[int] = []

    def run() -> None:
        from imisql.repl.app import run_shell

        with create_pipe_input() as pipe:
            pipe.send_text(keys)
            result.append(
                run_shell(
                    conn,
                    None,
                    input=pipe,
                    output=DummyOutput(),
                    stdout=stdout,
                    history_path=str(history),
                    refresh_catalog=False,
                )
            )

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(WAIT)
    assert not worker.is_alive(), "the shell did not finish:\n" + stdout.getvalue()
    assert result == [0], stdout.getvalue()
    return stdout.getvalue()


def test_the_shell_output_and_history_carry_no_secret(secrets: Secrets, tmp_path: Path) -> None:
    emu = secrets.emu
    host = emu.base_url.split("//", 1)[1]
    history = tmp_path / "history"
    keys = "\r".join(
        [
            "\\requests on",
            f"\\connect http://demo:{URL_PASSWORD}@{host}",  # a password the site refuses
            f"\\connect http://demo:{PASSWORD}@{host}",  # the right one, in the URL
            "SELECT PartyId FROM Party LIMIT 2;",
            "\\conninfo",
            f"\\connect http://demo@{host}",  # prompts for the password
            PASSWORD,
            "SELECT COUNT(*) FROM Party;",
            "\\conninfo",
            "\\q",
            "",
        ]
    )
    with _connect(emu) as conn:
        output = _shell(conn, keys, history)
    assert output.count("Connected to") >= 2 and "(1 row)" in output and "GET " in output, output
    assert history.exists() and "SELECT COUNT(*) FROM Party;" in history.read_text()
    secrets.assert_absent(output, history.read_text())


# ---------------------------------------------------------------- the language server


def test_the_language_server_log_carries_no_secret(secrets: Secrets, tmp_path: Path) -> None:
    """Live catalog with a good and a bad password, and ``imisql.run``: messages and stderr stay clean."""
    from tests.hardening.lsp_raw import LspProcess

    emu = secrets.emu
    outputs = []
    for password in (PASSWORD, "wrong-" + PASSWORD):
        env = {**os.environ, "IMISQL_PASSWORD": password, "IMISQL_CONFIG": os.devnull, "XDG_CACHE_HOME": str(tmp_path)}
        with LspProcess(env=env) as server:
            options = {"imisql": {"url": emu.base_url, "username": "demo", "liveCatalog": True, "debounceMs": 10}}
            server.initialize(options)
            server.wait_for_log("live catalog" if password == PASSWORD else "could not load", WAIT)
            uri = "file:///tmp/hardening-secrets.imisql"
            server.notify(
                "textDocument/didOpen",
                {
                    "textDocument": {
                        "uri": uri,
                        "languageId": "imisql",
                        "version": 1,
                        "text": "SELECT PartyId FROM Party LIMIT 2",
                    }
                },
            )
            arguments = [uri, {"line": 0, "character": 3}]
            result = server.request("workspace/executeCommand", {"command": "imisql.run", "arguments": arguments})
            outputs += [repr(result), *server.log_messages]
            server.shutdown()
            outputs.append(server.stderr_text())
    assert any("PartyId" in text for text in outputs)
    secrets.assert_absent(*outputs)
    cached = [p.read_text() for p in tmp_path.rglob("*") if p.is_file()]
    secrets.assert_absent(*cached)


# ---------------------------------------------------------------- TLS


@pytest.fixture
def tls_url(tmp_path: Path) -> Iterator[str]:
    """A self-signed HTTPS server on loopback answering every request with a token-like JSON."""
    body = b'{"access_token": "t", "expires_in": 100, "Items": {"$values": []}, "Count": 0}'
    with tls_server(tmp_path, body) as url:
        yield url


def test_tls_is_verified_by_default_everywhere(tls_url: str) -> None:
    assert ClientConfig(tls_url, token="t").verify_tls is True
    assert Settings().verify_tls is True and Settings().connect_kwargs()["verify_tls"] is True
    with pytest.raises(imisql.OperationalError, match="TLS certificate verification failed") as info:
        imisql.connect(tls_url, username="demo", password=PASSWORD).execute("SELECT * FROM Party").fetchall()
    assert PASSWORD not in "".join(_texts_of(info.value))
    done = _cli(["--url", tls_url, "--username", "demo", "-c", "SELECT * FROM Party"], {"IMISQL_PASSWORD": PASSWORD})
    assert done.returncode == 3 and "TLS certificate verification failed" in done.stderr, done.stderr
    assert PASSWORD not in done.stderr + done.stdout


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
def test_tls_verification_is_off_only_when_asked(tls_url: str) -> None:
    with imisql.connect(tls_url, username="demo", password=PASSWORD, verify_tls=False) as conn:
        assert conn.execute("SELECT * FROM Party").fetchall() == []
