"""The emulator tests an ``in:`` list with one set lookup per row: time grows linearly with the list."""

from __future__ import annotations

import time
from urllib.parse import quote

import requests

from imisql.emulator import Emulator
from imisql.operators import Op
from imisql.semantics import Kind, matches, membership
from tests.hardening.growth import LINEAR_BOUND

SIZES = (312, 1250, 5000)  # x1, x4, x16; 5,000 values is the longest URL the emulator accepts


def _seconds(emu: Emulator, session: requests.Session, values: int) -> float:
    listed = "|".join(f"{20000 + i}" for i in range(values))
    url = f"{emu.base_url}/api/Party?PartyId=in:{quote(listed)}&limit=1"
    start = time.perf_counter()
    response = session.get(url, timeout=120)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, response.text[:200]
    return elapsed


def test_a_long_in_list_costs_linear_time(emulator: Emulator) -> None:
    session = requests.Session()
    form = {"grant_type": "password", "username": emulator.username, "password": emulator.password}
    session.headers["Authorization"] = (
        "Bearer " + session.post(f"{emulator.base_url}/token", data=form).json()["access_token"]
    )
    times = [min(_seconds(emulator, session, n) for _ in range(2)) for n in SIZES]
    assert times[-1] / times[0] < LINEAR_BOUND, f"times {times} for {SIZES} values"


def test_membership_decides_as_matches_does() -> None:
    operands = ("Smith ", "JOSÉ", None)
    for kind, values in ((Kind.STRING, ["smith", "José", "jose", "x", None, 3]), (Kind.INTEGER, [1, "2", 2.0, "x"])):
        lists = [operands[:2], ("1", "2")] if kind is Kind.INTEGER else [operands[:2], operands]
        for listed in lists:
            test = membership(listed, kind)
            assert [test(v) for v in values] == [matches(Op.IN, v, listed, kind) for v in values]
