"""``imisql emulator`` (imisql.emulator.cli): argument handling in-process, serving as a subprocess."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import pytest
import requests

from imisql.emulator.cli import build_parser, config_from, main
from tests.emulator.support import TIMEOUT


def test_flags_map_to_config() -> None:
    args = build_parser().parse_args(
        ["--port", "0", "--seed", "5", "--parties", "1234", "--latency", "0.5", "--error-rate", "0.25",
         "--restore-window", "3:9", "--token-expiry-after", "4", "--offset-page-rounding", "--bo-limit-zero",
         "--username", "u", "--password", "p", "--retry-after", "12", "--fault-seed", "7", "--write-fault-at", "3",
         "--write-fault-count", "2", "--write-fault-status", "503", "--write-fault-lose-answer"]
    )  # fmt: skip
    cfg = config_from(args)
    assert (cfg.seed, cfg.parties, cfg.username, cfg.password) == (5, 1234, "u", "p")
    assert cfg.offset_page_rounding and cfg.bo_definition_limit_zero
    f = cfg.faults
    assert (f.latency, f.error_rate, f.restore_window, f.token_expiry_after, f.retry_after, f.seed) == (
        0.5, 0.25, (3, 9), 4, 12, 7,
    )  # fmt: skip
    assert (f.write_fault_at, f.write_fault_count, f.write_fault_status, f.write_fault_lose_answer) == (3, 2, 503, True)


@pytest.mark.parametrize(
    "argv",
    [
        ["--error-rate", "2"],
        ["--host", "0.0.0.0"],
        ["--restore-window", "9:3"],
        ["--parties", "0"],
        ["--bogus"],
        ["--write-fault-at", "0"],
    ],
)
def test_bad_arguments_return_an_error_code(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err


def test_help_returns_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "--parties" in capsys.readouterr().out


def _ctrl_c_as_on_a_terminal() -> None:
    """SIGINT back to its default in the child, even when pytest runs as a shell's background job (SIGINT ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_serves_until_interrupted() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "imisql.emulator.cli", "--port", "0", "--parties", "50", "-v"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        preexec_fn=_ctrl_c_as_on_a_terminal,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", first)
        assert match, first
        base = match.group(1)
        banner = "".join(proc.stdout.readline() for _ in range(4))
        assert "username: demo" in banner and "password: demo-password" in banner
        form = {"grant_type": "password", "username": "demo", "password": "demo-password"}
        token = requests.post(f"{base}/token", data=form, timeout=TIMEOUT).json()["access_token"]
        response = requests.get(f"{base}/api/Party", headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT)
        assert response.json()["TotalCount"] == 50
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=TIMEOUT) == 0
        assert proc.stderr is not None
        assert "GET /api/Party -> 200" in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=TIMEOUT)
