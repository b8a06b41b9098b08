"""``prepared(op, operands, kind)`` answers exactly as ``matches(op, value, operands, kind)`` does.

Differential, over every operator and kind, with values and operands of every type the emulator
and the client hold (texts with case, trailing-space, accent and whitespace variants; numbers,
decimals of several scales, booleans, dates in several spellings, NULL and junk).
"""

from __future__ import annotations

import random
from datetime import date, datetime
from decimal import Decimal

import pytest

from imisql.operators import Op
from imisql.prepared_match import prepared
from imisql.semantics import Kind, coerce, matches

TEXTS = ["Smith", "SMITH", "smith ", "Smithson", "Goldsmith", "", " ", "\t", "Zoë", "Zoe", "zof", "Müller",
         "straße", "STRASSE", "O'Brien", "a b ", "20017", "2024-01-01", "06/30/2026", "true", "0", "1.50"]  # fmt: skip
OTHERS = [None, 0, 1, -3, 12, True, False, Decimal("1.5"), Decimal("1.50"), Decimal("-0"), 2.5,
          datetime(2024, 1, 1, 10, 30), date(2026, 6, 30), "2024-01-01T10:00:00+02:00", "notadate"]  # fmt: skip
VALUES = TEXTS + OTHERS
KINDS = [*Kind, None]


def operands_for(draw: random.Random, kind: Kind | None) -> tuple[object, ...]:
    """Operands as the emulator's filters hold them: coerced to the kind when possible, else raw."""
    raw = [draw.choice(VALUES) for _ in range(draw.choice([0, 1, 1, 1, 2, 2, 3]))]
    if draw.random() < 0.5:
        return tuple(raw)
    try:
        return tuple(coerce(v, kind) for v in raw)
    except ValueError:
        return tuple(raw)


@pytest.mark.parametrize("op", list(Op), ids=lambda op: op.value)
def test_prepared_answers_as_matches(op: Op) -> None:
    draw = random.Random(op.value)
    checked = 0
    for _ in range(400):
        kind = draw.choice(KINDS)
        operands = operands_for(draw, kind)
        test = prepared(op, operands, kind)
        for value in VALUES:
            assert test(value) == matches(op, value, operands, kind), (op, value, operands, kind)
            checked += 1
    assert checked == 400 * len(VALUES)


def test_text_operators_ignore_case_and_trailing_spaces() -> None:
    contains = prepared(Op.CONTAINS, ("SMITH",), Kind.STRING)
    assert [v for v in ["Smith ", "goldsmith", "Smyth", None] if contains(v)] == ["Smith ", "goldsmith"]
    between = prepared(Op.BETWEEN, ("a", "Zoe"), Kind.STRING)
    assert [v for v in ["Zoë", "Zoe  ", "zof", None, "A"] if between(v)] == ["Zoe  ", "A"]
