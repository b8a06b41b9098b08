"""Run the embedded emulator in its own process for benchmarks, so server work never shares the
client's interpreter (and its GIL) with what is being measured."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

_SERVER = """
import sys
from imisql.emulator import Emulator, EmulatorConfig, Faults
with Emulator(EmulatorConfig(seed=5, parties={parties})) as emu:
    emu.faults = Faults(latency={latency})
    print(emu.base_url, emu.username, emu.password, flush=True)
    sys.stdin.read()
"""


@dataclass(frozen=True)
class Site:
    base_url: str
    username: str
    password: str


@contextmanager
def emulator_process(parties: int, latency: float = 0.0) -> Iterator[Site]:
    """Start an emulator subprocess on a free loopback port; stop it on exit."""
    code = _SERVER.format(parties=parties, latency=latency)
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().split()
        if len(line) != 3:
            raise RuntimeError("the emulator process did not start")
        yield Site(*line)
    finally:
        if proc.stdin:
            proc.stdin.close()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
