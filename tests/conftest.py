"""Top-level fixtures: emulators for any test that talks HTTP.

* ``emulator_session`` (session scope): one running :class:`~imisql.emulator.Emulator` with the
  default demo data at ``parties=300`` (seed 1), started on first use and stopped at the end of the
  session. Use it from your own module- or session-scoped fixtures; it is never reset.
* ``emulator`` (function scope): the same server, made clean for the test -- faults replaced by
  ``Faults()``, any timed restore ended, every write discarded and the request log cleared before
  the test, and all but the log reset again afterwards. Tokens stay valid across tests (1199 s).
* ``make_emulator(config=None, **overrides)``: starts an emulator with a custom
  :class:`~imisql.emulator.EmulatorConfig` (``parties`` defaults to 300 here) and stops every
  emulator it started when the test ends. Use it for quirk options, other seeds, fake clocks, or
  faults that must not leak.

Nothing here starts a server unless a test asks for one of these fixtures.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from imisql.emulator import Emulator, EmulatorConfig, Faults
from tests.hardening import profiles as _hardening_profiles  # noqa: F401 - registers the ``slow`` Hypothesis profile before ``--hypothesis-profile`` is read

TEST_PARTIES = 300

MakeEmulator = Callable[..., Emulator]


def _clean(emu: Emulator) -> None:
    emu.faults = Faults()
    emu.end_restore()
    emu.discard_writes()


@pytest.fixture(scope="session")
def emulator_session() -> Iterator[Emulator]:
    with Emulator(EmulatorConfig(seed=1, parties=TEST_PARTIES)) as emu:
        yield emu


@pytest.fixture
def emulator(emulator_session: Emulator) -> Iterator[Emulator]:
    _clean(emulator_session)
    emulator_session.clear_log()
    yield emulator_session
    _clean(emulator_session)


@pytest.fixture
def make_emulator() -> Iterator[MakeEmulator]:
    started: list[Emulator] = []

    def make(config: EmulatorConfig | None = None, **overrides: Any) -> Emulator:
        base = config or EmulatorConfig(parties=TEST_PARTIES)
        emu = Emulator(dataclasses.replace(base, **overrides) if overrides else base).start()
        started.append(emu)
        return emu

    yield make
    for emu in started:
        emu.stop()


@pytest.fixture(autouse=True)
def _no_token_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands run by tests cache no tokens (the tests of the cache name their own file)."""
    monkeypatch.setenv("IMISQL_TOKEN_CACHE", "off")
