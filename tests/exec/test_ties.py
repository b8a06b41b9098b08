"""Completing iMIS's sort by the first ORDER BY key: runs of ties sorted, the empty run placed, and iMIS's
order checked (a run that should have come earlier stops the statement); and narrowing the run that reaches
a LIMIT (``imisql.tie_reader``) against an in-memory list endpoint, compared with a client sort."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any

import pytest

from imisql.errors import DataError, ServerOrderError
from imisql.plan.tie_keys import FollowUps, TieKey
from imisql.reducers import sort_items
from imisql.semantics import is_empty, sort_key, text_key
from imisql.tie_reader import Part, TieReader
from imisql.ties import complete_ties, nulls_checked


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


@pytest.mark.parametrize("pairs", [(("a", "x"), (None, "y")), ((None, "y"), ("a", "x"))], ids=["asc", "desc"])
def test_a_null_against_the_assumed_order_says_to_read_empty_values_apart(pairs: tuple[tuple[Any, str], ...]) -> None:
    descending = pairs[0][0] is None
    with pytest.raises(ServerOrderError) as caught:
        list(complete_ties(iter(_records(*pairs)), _keys(descending), "LastName", nulls_lowest=True))
    message = str(caught.value)
    assert "LastName" in message and "nulls_lowest=False" in message and "--no-nulls-lowest" in message


@pytest.mark.parametrize(
    ("values", "descending", "stops"),
    [
        ([None, None, "", "a", "b"], False, False),
        (["b", "a", "", None, None], True, False),
        (["a", "b", None], False, True),
        ([None, "b", "a"], True, True),
        (["", None], False, True),  # SQL Server puts NULL before blank text too
        (["b", "", "a"], False, False),  # only NULLs are checked: iMIS sorts this key alone
    ],
)
def test_one_key_sorted_by_imis_is_checked_for_nulls_only(values: list[Any], descending: bool, stops: bool) -> None:
    rows = [{"last": value} for value in values]
    out = nulls_checked(iter(rows), lambda r: r["last"], descending, "LastName")
    if not stops:
        assert list(out) == rows
        return
    with pytest.raises(ServerOrderError, match=r"LastName .*--no-nulls-lowest"):
        list(out)


@pytest.mark.parametrize(("found", "stops"), [(None, False), ("a", True)])
def test_descending_a_first_null_asks_whether_a_row_with_a_value_comes_after_it(found: Any, stops: bool) -> None:
    rows, asked = [{"last": None}, {"last": None}], []

    def after() -> Any:
        asked.append(True)
        return found

    out = nulls_checked(iter(rows), lambda r: r["last"], True, "LastName", after)
    if stops:
        with pytest.raises(ServerOrderError, match=r"LastName 'a' after None.*--no-nulls-lowest"):
            list(out)
    else:
        assert list(out) == rows
    assert asked == [True]  # once, for the first row
    assert list(
        nulls_checked(iter([{"last": "b"}, {"last": None}]), lambda r: r["last"], True, "L", after)
    ) and asked == [True]


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


# ---------------------------------------------------------------- narrowing a run of ties (imisql.tie_reader)

_COLUMNS = {"L": "last", "F": "first", "N": "n"}


class _Site:
    """An in-memory list endpoint: ``eq:``/``isEmpty:``/``notEmpty:`` filters, ``OrderBy`` by one column
    (stable, NULL lowest unless ``nulls_high``), pages of ``page`` rows asked for through the page gate."""

    def __init__(self, rows: list[dict[str, Any]], page: int, nulls_high: bool = False):
        self.rows, self.page, self.nulls_high, self.requests = rows, page, nulls_high, 0

    def stream(self, parts: list[Part], gate: Callable[[bool], bool]) -> Iterator[dict[str, Any]]:
        for pairs, limit in parts:
            rows = self._answer(pairs)[:limit]
            for start in range(0, max(len(rows), 1), self.page):
                if not gate(start == 0):
                    break
                self.requests += 1
                yield from rows[start : start + self.page]

    def _answer(self, pairs: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
        rows = list(self.rows)
        for name, value in pairs:
            if name == "OrderBy":
                column, _, direction = value.partition(":")
                high = (3, 0, 0)
                rows.sort(
                    key=lambda r, c=_COLUMNS[column]: high if self.nulls_high and r[c] is None else sort_key(r[c]),
                    reverse=direction == "Descending",
                )
                continue
            column, (op, _, operand) = _COLUMNS[name], value.partition(":")
            if op == "eq":
                rows = [r for r in rows if isinstance(r[column], str) and text_key(r[column]) == text_key(operand)]
            else:
                rows = [r for r in rows if is_empty(r[column]) == (op == "isEmpty")]
        return rows


def _top(site: _Site, keys: list[tuple[str, bool]], need: int, nulls_lowest: bool) -> list[int]:
    tie_keys = tuple(TieKey(search, descending, True) for search, descending in keys)
    getters = [(lambda r, c=_COLUMNS[search]: r[c], descending) for search, descending in keys]
    reader = TieReader(getters, FollowUps((), tie_keys, nulls_lowest), [k for k, _ in keys], site.stream)
    top = reader.top(need)
    first = [(part, None) for part in tie_keys[0].parts(nulls_lowest)]
    return [r["n"] for r in islice(reader.rows(top, site.stream(first, top.more_pages)), need)]


def _expected(rows: list[dict[str, Any]], keys: list[tuple[str, bool]], need: int) -> list[int]:
    getters = [(lambda r, c=_COLUMNS[search]: r[c], descending) for search, descending in keys]
    return [r["n"] for r in sort_items(list(rows), getters)[:need]]


def test_a_run_of_null_and_blank_first_keys_is_read_whole_when_narrowing_cannot_tell_them_apart() -> None:
    lasts = [None, "", None, "  ", "", None, "", "b", "a"]
    rows = [{"n": n, "last": last, "first": "zyx"[n % 3]} for n, last in enumerate(lasts)]
    site = _Site(rows, page=2)
    keys = [("L", False), ("F", False)]
    assert _top(site, keys, 5, False) == _expected(rows, keys, 5)
    assert [rows[n]["last"] for n in _top(_Site(rows, 2), keys, 5, False)] == [None, None, None, "", ""]


@pytest.mark.parametrize("placement", ["unknown, nulls low", "unknown, nulls high", "told nulls lowest"])
def test_narrowed_runs_give_the_rows_of_a_client_sort(placement: str) -> None:
    rng = random.Random(placement)
    for _ in range(1000):
        lasts, firsts = [None, "", " ", "a", "A ", "b", "B", "c"], [None, "", "x", "X  ", "y", "Y"]
        rows = [{"n": n, "last": rng.choice(lasts), "first": rng.choice(firsts)} for n in range(rng.randrange(1, 40))]
        keys = [(search, rng.random() < 0.4) for search in rng.sample(["L", "F"], 2)]
        keys += [("N", rng.random() < 0.5)] if rng.random() < 0.5 else []  # full ties, or none
        need, page = rng.randrange(1, 25), rng.randrange(1, 8)
        site = _Site(rows, page, nulls_high=placement == "unknown, nulls high")
        assert _top(site, keys, need, placement == "told nulls lowest") == _expected(rows, keys, need), (
            keys,
            need,
            page,
        )
