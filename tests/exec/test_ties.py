"""Completing iMIS's sort by the first ORDER BY key: runs of ties sorted, the empty run placed, and iMIS's
order checked (a run that should have come earlier stops the statement)."""

from __future__ import annotations

from typing import Any

import pytest

from imisql.errors import DataError, ServerOrderError
from imisql.ties import complete_ties


def _keys(first_descending: bool = False) -> list[tuple[Any, bool]]:
    return [(lambda r: r["last"], first_descending), (lambda r: r["first"], False)]


def _records(*pairs: tuple[Any, str]) -> list[dict[str, Any]]:
    return [{"last": last, "first": first} for last, first in pairs]


def test_each_run_of_ties_is_sorted_by_the_other_keys() -> None:
    records = _records((None, "b"), ("", "a"), (None, "a"), ("quill", "z"), ("QUILL ", "c"), ("Quill", "A"), ("r", "a"))
    out = [(r["last"], r["first"]) for r in complete_ties(iter(records), _keys(), "LastName")]
    assert out == [(None, "a"), (None, "b"), ("", "a"), ("Quill", "A"), ("QUILL ", "c"), ("quill", "z"), ("r", "a")]


def test_descending_puts_the_empty_run_last() -> None:
    records = _records(("b", "x"), ("a", "y"), ("a", "b"), (None, "c"), ("  ", "d"))
    out = [(r["last"], r["first"]) for r in complete_ties(iter(records), _keys(True), "LastName")]
    assert out == [("b", "x"), ("a", "b"), ("a", "y"), ("  ", "d"), (None, "c")]


@pytest.mark.parametrize(
    ("pairs", "descending"),
    [
        ((("b", "x"), ("a", "y")), False),  # another collation
        ((("Oakley", "y"), ("O'Brien", "x")), False),  # iMIS ignoring the apostrophe (a word sort)
        ((("a", "x"), (None, "y")), False),  # NULL after a value, ascending
        (((None, "y"), ("a", "x")), True),  # NULL before a value, descending
    ],
)
def test_rows_out_of_the_order_asked_for_stop_the_statement(
    pairs: tuple[tuple[Any, str], ...], descending: bool
) -> None:
    with pytest.raises(ServerOrderError) as caught:
        list(complete_ties(iter(_records(*pairs)), _keys(descending), "LastName"))
    assert isinstance(caught.value, DataError)
    assert "LastName" in str(caught.value) and "pushdown" in str(caught.value)


def test_a_limit_reads_only_to_the_end_of_the_run_that_reaches_it() -> None:
    read: list[str] = []

    def source() -> Any:
        for last, first in [("a", "2"), ("a", "1"), ("b", "9"), ("b", "3"), ("c", "1"), ("d", "1")]:
            read.append(last + first)
            yield {"last": last, "first": first}

    rows = complete_ties(source(), _keys(), "LastName")
    taken = [next(rows) for _ in range(3)]
    assert [r["last"] + r["first"] for r in taken] == ["a1", "a2", "b3"]
    assert read == ["a2", "a1", "b9", "b3", "c1"]  # the run of "b" whole, and one row to see it end
