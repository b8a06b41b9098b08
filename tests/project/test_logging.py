"""The ``imisql`` logger: requests at DEBUG, retries, backoff and re-authentication at INFO, no secrets."""

from __future__ import annotations

import logging

import pytest

import imisql
from imisql.emulator import Emulator, EmulatorConfig, Faults

PASSWORD = "pw-logging-SECRET-77"


def test_requests_are_logged_at_debug_without_secrets(caplog: pytest.LogCaptureFixture) -> None:
    with (
        Emulator(EmulatorConfig(parties=20, password=PASSWORD)) as emu,
        caplog.at_level(logging.DEBUG, "imisql"),
        imisql.connect(emu.base_url, username=emu.username, password=PASSWORD) as conn,
    ):
        conn.execute("SELECT PartyId FROM Party WHERE LastName = 'Smith'").fetchall()
    messages = [r.getMessage() for r in caplog.records if r.name == "imisql"]
    assert any(m.startswith("POST http://127.0.0.1:") and "/token -> 200" in m for m in messages)
    assert any("/api/Party?LastName=eq:Smith" in m and "-> 200" in m for m in messages)
    assert "fetching a token for user 'demo'" in messages
    text = "\n".join(messages)
    assert PASSWORD not in text and "Bearer" not in text and "access_token" not in text


def test_retries_backoff_and_reauthentication_are_logged_at_info(caplog: pytest.LogCaptureFixture) -> None:
    with Emulator(EmulatorConfig(parties=20)) as emu, caplog.at_level(logging.INFO, "imisql"):
        emu.faults = Faults(restore_window=(0, 2), token_expiry_after=3)
        with imisql.connect(emu.base_url, username=emu.username, password=emu.password, backoff=0.01,
                            page_size=5) as conn:  # fmt: skip
            conn.execute("SELECT PartyId FROM Party").fetchall()
    info = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    retries = [m for m in info if m.startswith("retrying GET /api/Party")]
    assert len(retries) == 2 and "(attempt 2)" in retries[0] and "503" in retries[0]
    assert any(m.startswith("token refused for user 'demo'") for m in info)


def test_nothing_is_printed_unless_the_application_configures_logging(capfd: pytest.CaptureFixture[str]) -> None:
    with Emulator(EmulatorConfig(parties=5)) as emu, imisql.connect(emu.base_url, username=emu.username,
                                                                     password=emu.password) as conn:  # fmt: skip
        conn.execute("SELECT PartyId FROM Party LIMIT 1").fetchall()
    captured = capfd.readouterr()
    assert "GET " not in captured.err and "GET " not in captured.out
