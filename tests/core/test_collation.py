"""SQL Server default collation in imisql.semantics and in every client step that compares text."""

from __future__ import annotations

from typing import Any

import pytest

from imisql.compiler import compile_sql
from imisql.fetching import identity_of
from imisql.operators import Op
from imisql.plan.steps import Aggregate
from imisql.predicate import LikeTest, evaluate
from imisql.reducers import aggregate_rows, distinct_rows, sort_items
from imisql.semantics import Kind, collation_key, group_key, is_empty, matches, sort_key, text_key

S = Kind.STRING


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [("John.Doe@Example.com", "john.doe@example.com", True), ("Smith ", "Smith", True), ("SMITH  ", "smith", True),
     (" Smith", "Smith", False), ("José", "Jose", False), ("Straße", "STRASSE", True), ("a\t", "a", False)],
)  # fmt: skip
def test_text_equality_follows_the_collation(a: str, b: str, equal: bool) -> None:
    assert (text_key(a) == text_key(b)) is equal
    assert (group_key(a) == group_key(b)) is equal
    assert matches(Op.EQUAL, a, [b], S) is equal
    assert matches(Op.NOT_EQUAL, a, [b], S) is (not equal)
    assert matches(Op.IN, a, ["x", b], S) is equal


def test_trailing_spaces_do_not_count_in_ordering_either() -> None:
    assert matches(Op.LESS_THAN_OR_EQUAL, "Smith ", ["smith"], S)
    assert matches(Op.GREATER_THAN_OR_EQUAL, "Smith ", ["smith"], S)
    assert not matches(Op.GREATER_THAN, "Smith ", ["smith"], S)
    assert matches(Op.BETWEEN, "smith   ", ["Smith", "Smith"], S)


@pytest.mark.parametrize("value", ["", " ", "   ", "\t", " \n "])
def test_blank_text_is_empty(value: str) -> None:
    assert is_empty(value)
    assert matches(Op.IS_EMPTY, value, [], S) and not matches(Op.NOT_EMPTY, value, [], S)


def test_text_tests_ignore_the_values_trailing_spaces() -> None:
    assert matches(Op.ENDS_WITH, "Smith  ", ["TH"], S)
    assert matches(Op.STARTS_WITH, "Smith ", ["smith"], S)
    assert not matches(Op.NOT_CONTAIN, "Smith ", ["ith"], S)


def test_accented_letters_sort_beside_their_base_letter() -> None:
    names = ["Zof", "zoe", "Zoë", "Zoa", "Müller", "Murphy", "Muller", "Núñez", "Nunez", "Nz", "Østergaard", "Ot"]
    ordered = sorted(names, key=sort_key)
    assert ordered == ["Muller", "Müller", "Murphy", "Nunez", "Núñez", "Nz", "Østergaard", "Ot", "Zoa", "zoe",
                       "Zoë", "Zof"]  # fmt: skip
    assert collation_key("Zoë") > collation_key("Zoe")  # accents break ties with the base letter
    assert matches(Op.LESS_THAN, "Zoë", ["Zof"], S) and matches(Op.GREATER_THAN, "Zoë", ["Zoe"], S)


def test_sort_is_case_insensitive_and_ignores_trailing_spaces() -> None:
    rows = [("b",), ("A ",), ("a",), ("B",), (None,)]
    ordered = sort_items(list(rows), [(lambda r: r[0], False)])
    assert ordered == [(None,), ("A ",), ("a",), ("b",), ("B",)]  # stable among equals


def test_distinct_keeps_the_first_spelling() -> None:
    rows = [("Smith", 1), ("SMITH ", 1), ("smith", 2), ("Jones", 1), ("jones  ", 1)]
    assert list(distinct_rows(rows)) == [("Smith", 1), ("smith", 2), ("Jones", 1)]


def _aggregate_step(sql: str) -> Aggregate:
    return next(step for step in compile_sql(sql).steps if isinstance(step, Aggregate))


def _records(*names: str | None) -> list[dict[str, Any]]:
    return [{"PartyId": str(n), "PersonName": {"LastName": name}, "Emails": [{"Address": f"{name}@x"}]}
            for n, name in enumerate(names)]  # fmt: skip


def test_group_by_merges_case_and_trailing_space_variants_and_shows_the_first_seen() -> None:
    step = _aggregate_step("SELECT LastName, COUNT(*) FROM Party GROUP BY LastName")
    rows = aggregate_rows(step, _records("Smith", "SMITH", "smith ", "Jones", "Müller", "Muller"))
    assert sorted(rows, key=repr) == sorted([("Smith", 3), ("Jones", 1), ("Müller", 1), ("Muller", 1)], key=repr)


def test_count_distinct_follows_the_collation() -> None:
    step = _aggregate_step("SELECT COUNT(DISTINCT LastName) FROM Party")
    rows = aggregate_rows(step, _records("Smith", "SMITH", "smith ", "Jones", "José", "Jose", None))
    assert list(rows) == [(4,)]


def test_de_duplication_by_key_follows_the_collation() -> None:
    key = (("PartyId",),)
    assert identity_of({"PartyId": "abc"}, key) == identity_of({"PartyId": "ABC "}, key)
    assert identity_of({"PartyId": "abc"}, key) != identity_of({"PartyId": "abd"}, key)


def test_like_ignores_the_values_trailing_spaces() -> None:
    record = {"LastName": "Smith  "}
    assert evaluate(LikeTest(("LastName",), "%ith"), record) is True
    assert evaluate(LikeTest(("LastName",), "smith"), record) is True
    assert evaluate(LikeTest(("LastName",), "%ith", negated=True), record) is False
