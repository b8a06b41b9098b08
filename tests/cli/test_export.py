"""Export formats admins use (tsv, markdown, html, xlsx), ``--no-header``, ``--csv-bom``, ``-o`` and ``--color``."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from imisql.emulator import Emulator
from imisql.render import RenderOptions, XlsxUnavailable, render
from imisql.render.options import use_color
from tests.cli.support import Cli, site_env

ROWS: list[tuple[Any, ...]] = [
    ("a\tb", Decimal("125.00"), None),
    ("line\nbreak | pipe", 7, True),
    ("<b>&</b>", Decimal("0.5"), datetime(2024, 3, 28, 9, 0)),
]


def run(fmt: str, rows: list[tuple[Any, ...]] = ROWS, **options: Any) -> str:
    out = io.StringIO()
    assert render(fmt, ["name", "amount", "extra"], rows, out, RenderOptions(**options)) == len(rows)
    return out.getvalue()


def test_tsv_escapes_tabs_and_line_breaks_so_each_row_is_one_line() -> None:
    lines = run("tsv").splitlines()
    assert lines[0] == "name\tamount\textra"
    assert lines[1] == "a\\tb\t125.00\t"
    assert lines[2] == "line\\nbreak | pipe\t7\ttrue"
    assert len(lines) == 4


def test_markdown_is_a_pipe_table_with_escaped_pipes() -> None:
    lines = run("markdown").splitlines()
    assert lines[:2] == ["| name | amount | extra |", "| --- | --- | --- |"]
    assert lines[2] == "| a\tb | 125.00 |  |"
    assert lines[3] == "| line<br>break \\| pipe | 7 | true |"


def test_html_escapes_text_and_marks_nulls_and_numbers() -> None:
    text = run("html")
    assert "<thead>\n<tr><th>name</th><th>amount</th><th>extra</th></tr>\n</thead>" in text
    assert '<td class="num">125.00</td><td class="null"></td>' in text
    assert "<td>&lt;b&gt;&amp;&lt;/b&gt;</td>" in text


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "html"])
def test_no_header_drops_the_header_line(fmt: str) -> None:
    with_header, without = run(fmt), run(fmt, header=False)
    assert "name" in with_header and "name" not in without
    assert "125.00" in without


def test_no_header_drops_the_table_footer_too() -> None:
    assert "(3 rows)" in run("table") and "rows)" not in run("table", header=False)


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "markdown", "html"])
def test_an_empty_result_still_prints_its_header(fmt: str) -> None:
    assert "amount" in run(fmt, rows=[])


def test_xlsx_keeps_types_and_the_decimal_scale() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = io.BytesIO()
    assert render("xlsx", ["name", "amount", "extra"], ROWS, out) == 3
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["name", "amount", "extra"]
    assert values[1][1] == 125 and sheet["B2"].number_format == "0.00"
    assert values[2][2] is True
    assert values[3][2] == datetime(2024, 3, 28, 9, 0)


def test_xlsx_refuses_a_text_only_stream() -> None:
    pytest.importorskip("openpyxl")
    with pytest.raises(XlsxUnavailable, match="writes bytes"):
        render("xlsx", ["a"], [(1,)], io.StringIO())


@pytest.mark.parametrize(
    ("mode", "tty", "env", "expected"),
    [
        ("auto", True, {}, True),
        ("auto", True, {"NO_COLOR": "1"}, False),
        ("auto", True, {"NO_COLOR": ""}, True),
        ("auto", True, {"TERM": "dumb"}, False),
        ("auto", False, {}, False),
        ("always", False, {"NO_COLOR": "1"}, True),
        ("never", True, {}, False),
    ],
)
def test_one_colour_rule(mode: str, tty: bool, env: dict[str, str], expected: bool) -> None:
    class Stream(io.StringIO):
        def isatty(self) -> bool:
            return tty

    assert use_color(mode, Stream(), env) is expected


# ---------------------------------------------------------------- the command


def test_csv_bom_and_no_header_on_the_command(cli: Cli, site: Emulator) -> None:
    result = cli("--format", "csv", "--csv-bom", "--no-header", "-c",
                 "SELECT PartyId FROM Party ORDER BY PartyId LIMIT 2", env=site_env(site))  # fmt: skip
    assert result.code == 0, result.err
    assert result.out.startswith("\ufeff") and result.out.count("\ufeff") == 1
    assert "PartyId" not in result.out and len(result.out.strip("\ufeff").splitlines()) == 2


def test_xlsx_to_a_file(cli: Cli, site: Emulator, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "invoices.xlsx"
    sql = "SELECT InvoiceId, Balance.Amount FROM Invoice ORDER BY InvoiceId LIMIT 3"
    result = cli("--format", "xlsx", "-o", str(target), "-c", sql, env=site_env(site))
    assert result.code == 0, result.err
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0] == ("InvoiceId", "Balance.Amount") and len(rows) == 4


def test_xlsx_holds_one_result(cli: Cli, site: Emulator, tmp_path: Path) -> None:
    sql = "SELECT PartyId FROM Party LIMIT 1; SELECT PartyId FROM Party LIMIT 1"
    result = cli("--format", "xlsx", "-o", str(tmp_path / "x.xlsx"), "-c", sql, env=site_env(site))
    assert result.code == 2 and "holds one result" in result.err


def test_color_always_colours_a_pipe(cli: Cli, site: Emulator) -> None:
    sql = "SELECT PartyId, Email FROM Party ORDER BY PartyId LIMIT 1"
    coloured = cli("--color", "always", "-c", sql, env=site_env(site))
    assert "\x1b[1m" in coloured.out
    assert "\x1b[" not in cli("-c", sql, env=site_env(site)).out
