"""Only ``ImisqlError`` leaves the public entry points, for any text: 100,000 inputs in the slow profile.

Each generated text (the families of ``tests/hardening/strategies.py``, and one in ten built to cross
the documented limits: deep nesting, long numbers, long runs of blanks and semicolons) goes through
``compile``, ``cursor.execute`` against the emulator over a real socket, ``check``, ``complete``,
``hover`` and ``format_sql``. ``compile`` and ``execute`` may raise only ``ImisqlError``; the editor
functions may not raise at all. The emulator is small (20 parties), so a statement that scans a
whole entity stays cheap, and one connection serves every example.

The examples are split into ``SHARDS`` independent runs (each with its own random seed), so each
Hypothesis run stays small and a slow run reports its progress shard by shard.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

import imisql
from imisql import engine
from imisql.compiler import compile_sql
from imisql.emulator import Emulator, EmulatorConfig
from imisql.errors import ImisqlError
from imisql.limits import MAX_CONDITION_DEPTH, MAX_NUMBER_DIGITS
from tests.hardening import strategies as hs
from tests.hardening.profiles import profile

PREDICATE = "LastName = 'x'"
SHARDS = 10


@st.composite
def past_the_limits(draw: st.DrawFn) -> str:
    """Statements near and past the limits of ``imisql.limits``, and long runs of filler."""
    depth = draw(st.integers(MAX_CONDITION_DEPTH - 2, MAX_CONDITION_DEPTH * 6))
    digits = draw(st.integers(MAX_NUMBER_DIGITS - 1, 5_000))
    shape = draw(st.sampled_from(["not", "nest", "number", "negative", "limit", "blanks", "semicolons", "or"]))
    if shape == "not":
        where = "NOT " * depth + PREDICATE
    elif shape == "nest":
        where = PREDICATE
        for level in range(depth):
            where = f"({PREDICATE} {('AND', 'OR')[level % 2]} {where})"
    elif shape in ("number", "negative"):
        where = "PartyId = " + ("-" if shape == "negative" else "") + "9" * digits
    elif shape == "or":
        where = " OR ".join([PREDICATE] * depth)
    else:
        where = PREDICATE
    text = f"SELECT PartyId FROM Party WHERE {where}"
    if shape == "limit":
        text += " LIMIT " + "9" * digits
    filler = {"blanks": " \n\t" * depth, "semicolons": ";" * depth}.get(shape, "")
    return draw(st.sampled_from([text + filler, filler + text, text]))


@st.composite
def any_text(draw: st.DrawFn) -> str:
    """Generated statement text, and one time in ten a statement at or past the limits."""
    if draw(st.integers(0, 9)) == 0:
        return draw(past_the_limits())
    return draw(hs.statement_text())


@pytest.fixture(scope="module")
def cursor() -> Iterator[imisql.Cursor]:
    with Emulator(EmulatorConfig(seed=3, parties=20)) as emu:
        connection = imisql.connect(emu.base_url, username=emu.username, password=emu.password)
        yield connection.cursor()
        connection.close()


@pytest.mark.parametrize("shard", range(SHARDS))
@profile(20, slow=100_000 // SHARDS)
@given(any_text(), hs.param_sets(), st.data())
def test_only_imisql_errors_leave_any_entry_point(
    cursor: imisql.Cursor, shard: int, text: str, params: object, data: st.DataObject
) -> None:
    with contextlib.suppress(ImisqlError):
        compile_sql(text, params=params)  # type: ignore[arg-type]
    with contextlib.suppress(ImisqlError):
        cursor.execute(text, params)  # type: ignore[arg-type]
    offset = data.draw(st.integers(0, len(text)))
    engine.check(text)
    engine.complete(text, offset)
    engine.hover(text, offset)
    engine.format_sql(text)
