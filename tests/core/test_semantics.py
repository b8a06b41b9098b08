"""imisql.semantics: coercion, matching and ordering rules (table-driven)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from imisql.operators import Op
from imisql.semantics import Kind, coerce, infer_kind, is_empty, matches, sort_key

S, N, D, B, T = Kind.STRING, Kind.INTEGER, Kind.DECIMAL, Kind.BOOLEAN, Kind.DATETIME


@pytest.mark.parametrize(
    ("value", "kind"),
    [(True, B), (False, B), (3, N), (-3, N), (1.5, D), (Decimal("2.50"), D), (date(2020, 1, 2), T),
     (datetime(2020, 1, 2, 3), T), ("x", S), ("2020-01-01", S), ("12", S), (None, None), ([1], None),
     (b"\x00", None)],
)  # fmt: skip
def test_infer_kind(value: object, kind: Kind | None) -> None:
    assert infer_kind(value) is kind


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("2017-06-25", T, datetime(2017, 6, 25)),
        ("2024-01-01T00:00:00+00:00", T, datetime(2024, 1, 1)),
        ("2024-01-01T10:30:00+05:00", T, datetime(2024, 1, 1, 5, 30)),
        ("2024-01-01T00:00:00Z", T, datetime(2024, 1, 1)),
        ("2012-11-13T12:52:41.95", T, datetime(2012, 11, 13, 12, 52, 41, 950000)),
        ("2012-11-13T12:52:41.9512345", T, datetime(2012, 11, 13, 12, 52, 41, 951234)),
        ("06/25/2017", T, datetime(2017, 6, 25)),
        ("6/5/2017 14:05", T, datetime(2017, 6, 5, 14, 5)),
        ("6/5/2017 14:05:09", T, datetime(2017, 6, 5, 14, 5, 9)),
        (date(2017, 6, 25), T, datetime(2017, 6, 25)),
        (datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=2))), T, datetime(2023, 12, 31, 22)),
        ("12", N, 12), (" -3 ", N, -3), ("+7", N, 7), ("12.0", N, 12), (12.0, N, 12), (Decimal("4"), N, 4),
        ("1.50", D, Decimal("1.50")), (3, D, Decimal(3)), (0.1, D, Decimal("0.1")), ("-2", D, Decimal(-2)),
        ("true", B, True), ("FALSE", B, False), ("1", B, True), ("0", B, False), (1, B, True), (0, B, False),
        (True, B, True), ("x", S, "x"), (12, S, "12"), (True, S, "true"), (Decimal("1.5"), S, "1.5"),
        (datetime(2020, 1, 2), S, "2020-01-02T00:00:00"), (None, T, None), (None, S, None),
        (5, None, 5), ("a", None, "a"), (date(2020, 1, 1), None, datetime(2020, 1, 1)),
    ],
)  # fmt: skip
def test_coerce(value: object, kind: Kind | None, expected: object) -> None:
    result = coerce(value, kind)
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize(
    ("value", "kind"),
    [("abc", N), ("1.5", N), (True, N), ("x", D), ("NaN", D), ("Infinity", D), (True, D), ("yes", B), (2, B),
     ("2020-13-01", T), ("not a date", T), ("13/45/2020", T), (5, T), ([1], S), ([1], None), (b"x", None)],
)  # fmt: skip
def test_coerce_rejects(value: object, kind: Kind | None) -> None:
    with pytest.raises(ValueError):
        coerce(value, kind)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, True), ("", True), ([], True), ((), True), (" ", True), ("\t \n", True), (" x ", False), (0, False),
     (False, False), ("x", False), ([None], False)],
)  # fmt: skip
def test_is_empty(value: object, expected: bool) -> None:
    assert is_empty(value) is expected
    assert matches(Op.IS_EMPTY, value, []) is expected
    assert matches(Op.NOT_EMPTY, value, []) is (not expected)


# (op, value, operands, kind, expected)
CASES: list[tuple[Op, Any, list[Any], Kind | None, bool]] = [
    # strings: case-insensitive everywhere
    (Op.EQUAL, "Smith", ["SMITH"], S, True), (Op.EQUAL, "Smith", ["Smyth"], S, False),
    (Op.NOT_EQUAL, "Smith", ["smith"], S, False), (Op.NOT_EQUAL, "Smith", ["Jones"], S, True),
    (Op.CONTAINS, "Goldsmith", ["SMITH"], S, True), (Op.CONTAINS, "Gold", ["smith"], S, False),
    (Op.CONTAINS, "x", [""], S, True), (Op.NOT_CONTAIN, "Goldsmith", ["Smith"], S, False),
    (Op.NOT_CONTAIN, "Jones", ["smith"], S, True), (Op.STARTS_WITH, "Smithson", ["smITH"], S, True),
    (Op.STARTS_WITH, "Goldsmith", ["smith"], S, False), (Op.ENDS_WITH, "Smithson", ["SON"], S, True),
    (Op.ENDS_WITH, "Smithson", ["smith"], S, False),
    (Op.GREATER_THAN, "b", ["A"], S, True), (Op.GREATER_THAN, "B", ["a"], S, True),
    (Op.LESS_THAN, "apple", ["Banana"], S, True), (Op.LESS_THAN_OR_EQUAL, "abc", ["ABC"], S, True),
    (Op.GREATER_THAN_OR_EQUAL, "abc", ["ABD"], S, False),
    (Op.IN, "ca", ["US", "CA"], S, True), (Op.IN, "GB", ["US", "CA"], S, False),
    (Op.EQUAL, "ca", ["US", "CA"], S, True),  # Equal with several operands = In
    (Op.NOT_EQUAL, "GB", ["US", "CA"], S, True), (Op.NOT_EQUAL, "us", ["US", "CA"], S, False),
    (Op.BETWEEN, "m", ["A", "Z"], S, True), (Op.BETWEEN, "a", ["A", "Z"], S, True),
    (Op.BETWEEN, "z", ["A", "Z"], S, True), (Op.BETWEEN, "m", ["Z", "A"], S, False),
    # text operators on non-strings use their string form
    (Op.CONTAINS, 20123, ["012"], N, True), (Op.STARTS_WITH, 20123, ["201"], None, True),
    (Op.CONTAINS, datetime(2020, 5, 6), ["2020-05"], T, True),
    # numbers
    (Op.EQUAL, 12, ["12"], N, True), (Op.EQUAL, "12", [12], N, True), (Op.GREATER_THAN, 12, ["9"], N, True),
    (Op.GREATER_THAN, "12", ["9"], S, False),  # as strings "12" < "9"
    (Op.LESS_THAN, 1.5, ["1.50001"], D, True), (Op.EQUAL, 1.5, ["1.50"], D, True),
    (Op.BETWEEN, Decimal("10.00"), ["10", "20"], D, True), (Op.BETWEEN, 20.01, ["10", "20"], D, False),
    (Op.GREATER_THAN_OR_EQUAL, 5, [5.0], None, True), (Op.IN, 3, ["1", "2", "3"], N, True),
    # dates compare as dates
    (Op.EQUAL, "2017-06-25T00:00:00", ["2017-06-25"], T, True),
    (Op.GREATER_THAN, "2024-02-01T08:00:00", ["2024-01-01T00:00:00+00:00"], T, True),
    (Op.LESS_THAN, "2012-11-13T12:52:41.95", ["2012-11-13T12:52:42"], T, True),
    (Op.BETWEEN, "1965-03-04T00:00:00", ["1960-01-01", "1969-12-31"], T, True),
    (Op.BETWEEN, "1969-12-31T00:00:00", ["1960-01-01", "1969-12-31"], T, True),
    (Op.BETWEEN, "1969-12-31T00:00:01", ["1960-01-01", "1969-12-31"], T, False),
    (Op.GREATER_THAN, datetime(2020, 1, 1), ["12/31/2019"], None, True),
    # booleans
    (Op.IS_TRUE, True, [], None, True), (Op.IS_TRUE, False, [], None, False), (Op.IS_FALSE, False, [], B, True),
    (Op.IS_TRUE, "true", [], None, True), (Op.IS_TRUE, 1, [], None, True), (Op.IS_TRUE, "yes", [], None, False),
    (Op.IS_TRUE, None, [], B, False), (Op.IS_FALSE, None, [], B, False), (Op.IS_FALSE, "x", [], S, False),
    (Op.IS_TRUE, True, ["ignored"], B, True), (Op.EQUAL, True, ["true"], B, True), (Op.EQUAL, False, ["1"], B, False),
    # NULL fails everything but IsEmpty
    *[(op, None, ["x"], S, False) for op in (Op.EQUAL, Op.NOT_EQUAL, Op.CONTAINS, Op.NOT_CONTAIN, Op.STARTS_WITH,
                                              Op.ENDS_WITH, Op.GREATER_THAN, Op.LESS_THAN, Op.IN)],
    (Op.BETWEEN, None, ["a", "b"], S, False), (Op.IS_EMPTY, None, [], S, True), (Op.NOT_EMPTY, None, [], S, False),
    # uncoercible operands / values and wrong operand counts are False, never errors
    (Op.GREATER_THAN, "2020-01-01", ["not-a-date"], T, False), (Op.EQUAL, "abc", ["1"], N, False),
    (Op.NOT_EQUAL, "abc", ["1"], N, False), (Op.BETWEEN, 5, ["1"], N, False),
    (Op.BETWEEN, 5, ["1", "2", "3"], N, False),
    (Op.GREATER_THAN, 5, [], N, False), (Op.GREATER_THAN, 5, ["1", "2"], N, False), (Op.CONTAINS, "a", [], S, False),
    (Op.CONTAINS, "a", ["a", "b"], S, False), (Op.EQUAL, "a", [], S, False), (Op.EQUAL, "a", [None], S, False),
    (Op.LESS_THAN, b"x", ["y"], None, False), (Op.EQUAL, [1], ["1"], None, False),
]  # fmt: skip


@pytest.mark.parametrize(("op", "value", "operands", "kind", "expected"), CASES)
def test_matches(op: Op, value: Any, operands: list[Any], kind: Kind | None, expected: bool) -> None:
    assert matches(op, value, operands, kind) is expected


def test_matches_never_raises_on_odd_inputs() -> None:
    odd: list[Any] = [None, "", "x", 0, -1, 1.5, float("nan"), Decimal("NaN"), True, [], {}, object(), b"\xff",
                      datetime(2020, 1, 1), "2020-01-01", "99999999999999999999999"]  # fmt: skip
    for op in Op:
        for kind in (None, *Kind):
            for value in odd:
                for operand in odd:
                    assert isinstance(matches(op, value, [operand, operand], kind), bool)
                    assert isinstance(matches(op, value, [operand], kind), bool)


@pytest.mark.parametrize(
    ("values", "kind", "expected"),
    [
        (["b", None, "A", "c"], S, [None, "A", "b", "c"]),
        ([3, None, 1, 2], N, [None, 1, 2, 3]),
        (["10", "9", "x"], N, ["9", "10", "x"]),  # uncoercible values sort last
        (["2020-01-02", "2019-12-31T23:00:00", None], T, [None, "2019-12-31T23:00:00", "2020-01-02"]),
        ([True, None, False], B, [None, False, True]),
        (["b", 2, None, 1.5, True], None, [None, True, 1.5, 2, "b"]),
    ],
)
def test_sort_key(values: list[Any], kind: Kind | None, expected: list[Any]) -> None:
    assert sorted(values, key=lambda v: sort_key(v, kind)) == expected


def test_sort_key_is_case_insensitive_and_stable() -> None:
    values = ["smith", "Smith", "SMITH", "Adams"]
    assert sorted(values, key=lambda v: sort_key(v, S)) == ["Adams", "smith", "Smith", "SMITH"]
