"""The output formats: value conventions, streaming, table geometry, EXPLAIN output."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from imisql.render import TEXT_FORMATS, RenderOptions, render, render_plan
from imisql.render.table import fit_widths
from imisql.render.values import display_width, json_of, text_of, truncate


def run(fmt: str, columns: list[str], rows: list[tuple[Any, ...]], **options: Any) -> str:
    out = io.StringIO()
    render(fmt, columns, rows, out, RenderOptions(**options))
    return out.getvalue()


# ---------------------------------------------------------------- value conventions

VALUES = [
    # value, text (table/vertical/csv), JSON
    ("plain", "plain", '"plain"'),
    ("NULL", "NULL", '"NULL"'),
    ("", "", '""'),
    (True, "true", "true"),
    (False, "false", "false"),
    (42, "42", "42"),
    (Decimal("125.00"), "125.00", "125.00"),
    (Decimal("1234567890.123456789012345"), "1234567890.123456789012345", "1234567890.123456789012345"),
    (Decimal("1E+3"), "1000", "1000"),
    (Decimal("NaN"), "NaN", '"NaN"'),
    (0.1, "0.1", "0.1"),
    (float("inf"), "Infinity", '"Infinity"'),
    (datetime(2024, 1, 2, 3, 4, 5), "2024-01-02T03:04:05", '"2024-01-02T03:04:05"'),
    (date(2024, 1, 2), "2024-01-02", '"2024-01-02"'),
    (b"\x00\xffimis", "AP9pbWlz", '"AP9pbWlz"'),
    (["a", {"b": Decimal("2.50"), "c": None}], '["a",{"b":2.50,"c":null}]', '["a",{"b":2.50,"c":null}]'),
    ({}, "{}", "{}"),
]


@pytest.mark.parametrize(("value", "text", "as_json"), VALUES)
def test_value_conventions(value: Any, text: str, as_json: str) -> None:
    assert text_of(value) == text
    assert json_of(value) == as_json
    assert json.loads(as_json, parse_float=Decimal) is not None or value is None


@pytest.mark.parametrize(("value", "text", "as_json"), VALUES)
def test_each_format_writes_the_value(value: Any, text: str, as_json: str) -> None:
    row = [(value, None)]
    assert list(csv.reader(io.StringIO(run("csv", ["v", "n"], row)))) == [["v", "n"], [text, ""]]
    assert run("jsonl", ["v", "n"], row) == f'{{"v":{as_json},"n":null}}\n'
    assert json.loads(run("json", ["v", "n"], row), parse_float=Decimal) == [
        json.loads(f'{{"v":{as_json},"n":null}}', parse_float=Decimal)
    ]
    assert f"v | {text}".rstrip() in run("vertical", ["v", "n"], row).splitlines()


def test_null_is_distinct_from_the_string_null_and_from_empty_in_table_and_vertical() -> None:
    rows = [(None,), ("NULL",), ("",)]
    assert run("table", ["v"], rows).splitlines() == ["v", "----", "∅", "NULL", "", "(3 rows)"]
    assert "v | <null>" in run("vertical", ["v"], rows, null="<null>")
    colored = run("table", ["v"], rows, color=True)
    assert "\x1b[2m∅\x1b[0m" in colored and "\x1b[2mNULL" not in colored


def test_json_keeps_every_column_of_repeated_names() -> None:
    assert run("jsonl", ["Email", "Email", "Email_2"], [(1, 2, 3)]) == '{"Email":1,"Email_2":2,"Email_2_2":3}\n'


def test_empty_results() -> None:
    assert run("table", ["a", "b"], []) == "a | b\n--+--\n(0 rows)\n"
    assert run("csv", ["a", "b"], []) == "a,b\n"
    assert json.loads(run("json", ["a"], [])) == []
    assert run("jsonl", ["a"], []) == ""
    assert run("vertical", ["a"], []) == "(0 rows)\n"
    assert run("table", [], []) == "(0 rows)\n"


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render("xml", ["a"], [], io.StringIO())


# ---------------------------------------------------------------- streaming


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_formats_stream_rows_as_they_come(fmt: str) -> None:
    """Row k-1 is already written when row k is requested (table: once past its window of 2)."""
    out = io.StringIO()

    def rows() -> Iterator[tuple[str]]:
        for k in range(1, 8):
            if k > 3:
                assert f"row-{k - 1}" in out.getvalue(), f"{fmt} held row {k - 1} back"
            yield (f"row-{k}",)

    assert render(fmt, ["name"], rows(), out, RenderOptions(window=2)) == 7
    assert "row-7" in out.getvalue()


def test_table_sizes_columns_from_its_window_then_cuts_longer_values() -> None:
    rows = [("short",), ("tiny",), ("a much longer value",)]
    assert run("table", ["name"], rows, window=2).splitlines()[2:5] == ["short", "tiny", "a mu…"]


# ---------------------------------------------------------------- table geometry


def test_table_fits_the_terminal_width_with_ellipses() -> None:
    rows = [("x" * 80, "y" * 10, 7)]
    lines = run("table", ["long", "mid", "n"], rows, max_width=40).splitlines()
    assert all(display_width(line) <= 40 for line in lines)
    assert lines[2].startswith("x" * 20) and "…" in lines[2]
    assert lines[2].endswith("| " + "y" * 10 + " | 7")


def test_numbers_align_right_and_control_characters_are_escaped() -> None:
    lines = run("table", ["id", "note"], [(5, "two\nlines"), (12345, "tab\there")]).splitlines()
    assert lines[2:4] == ["    5 | two\\nlines", "12345 | tab\\there"]


def test_wide_characters_keep_columns_aligned() -> None:
    lines = run("table", ["name", "n"], [("李小龙", 1), ("Bob", 2)]).splitlines()
    bars = {display_width(line[: line.index("|")]) for line in lines if "|" in line}
    assert len(bars) == 1


@pytest.mark.parametrize(
    ("natural", "width", "expected"),
    [
        ([10, 10], None, [10, 10]),
        ([10, 10], 23, [10, 10]),
        ([50, 5], 30, [22, 5]),
        ([50, 40, 3], 40, [16, 15, 3]),  # 34 cells left after the separators
        ([50, 50, 50], 10, [4, 4, 4]),  # too narrow for all: each column keeps its minimum
    ],
)
def test_fit_widths(natural: list[int], width: int | None, expected: list[int]) -> None:
    assert fit_widths(natural, width) == expected


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("hello", 5, "hello"),
        ("hello", 4, "hel…"),
        ("hello", 1, "…"),
        ("李小龙", 4, "李…"),
        ("ab", 0, "ab"[:0]),
    ],
)
def test_truncate(text: str, width: int, expected: str) -> None:
    assert truncate(text, width) == expected


def test_vertical_shows_long_and_multiline_values_whole() -> None:
    text = run("vertical", ["Name", "Note"], [("x" * 200, "first\nsecond")], max_width=20)
    assert text.splitlines() == ["-[ RECORD 1 ]", "Name | " + "x" * 200, "Note | first", "     | second"]


# ---------------------------------------------------------------- EXPLAIN


def test_plans_are_plain_text_for_people_and_rows_for_machines() -> None:
    plan = "Party: 1 request\n  GET http://x/api/Party?limit=500\n"
    out = io.StringIO()
    render_plan("table", plan, out)
    assert out.getvalue() == plan
    out = io.StringIO()
    render_plan("json", plan, out)
    assert json.loads(out.getvalue()) == [
        {"QUERY PLAN": "Party: 1 request"},
        {"QUERY PLAN": "  GET http://x/api/Party?limit=500"},
    ]


def test_every_format_name_has_a_writer() -> None:
    from imisql.format_names import FORMATS

    for fmt in FORMATS:
        out = io.BytesIO() if fmt == "xlsx" else io.StringIO()
        assert render(fmt, ["n"], iter([(1,), (2,)]), out) == 2  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown format 'yaml'"):
        render("yaml", ["n"], iter([]), io.StringIO())
