"""The ``xlsx`` format: an Excel workbook of one sheet, written with openpyxl (the ``xlsx`` extra).

Values keep their types: numbers stay numbers (decimals keep their scale as the cell's number
format, so money shows ``125.00``), dates and times become Excel dates, booleans stay booleans,
NULL is an empty cell; lists and dicts are written as compact JSON text. The workbook is built in
openpyxl's write-only mode (rows are streamed into it, not kept as cell objects) and written as bytes
to the binary side of ``out`` (``sys.stdout.buffer`` or a file opened in binary mode).
"""

from __future__ import annotations

import io
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from imisql.render.options import Out, RenderOptions, Rows
from imisql.render.values import text_of

SHEET_TITLE = "Result"


class XlsxUnavailable(ValueError):
    """The xlsx format was asked for where it cannot be written."""


def write_xlsx(columns: list[str], rows: Rows, out: Out, options: RenderOptions) -> int:
    """Write ``rows`` as an .xlsx workbook to the binary side of ``out``; returns the rows written."""
    sink = _binary_sink(out)
    try:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
    except ImportError:
        raise XlsxUnavailable("the xlsx format needs openpyxl: pip install 'imisql[xlsx]'") from None
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    if options.header:
        sheet.append(columns)
    count = 0
    for row in rows:
        sheet.append([_cell(WriteOnlyCell(sheet), value) for value in row])
        count += 1
    buffer = io.BytesIO()
    book.save(buffer)
    sink.write(buffer.getvalue())
    return count


def _binary_sink(out: Any) -> Any:
    if isinstance(out, io.BytesIO | io.BufferedIOBase):
        return out
    binary = getattr(out, "buffer", None)
    if binary is None:
        raise XlsxUnavailable("the xlsx format writes bytes: send it to a file (-o FILE) or a pipe")
    flush = getattr(out, "flush", None)
    if flush is not None:
        flush()
    return binary


def _cell(cell: Any, value: Any) -> Any:
    if value is None:
        return cell
    if isinstance(value, Decimal) and value.is_finite():
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        cell.value = value
        cell.number_format = "0." + "0" * places if places else "0"
    elif isinstance(value, bool | int | float | datetime | date | time) and not _naive_out_of_range(value):
        cell.value = value
    else:
        cell.value = text_of(value)
    return cell


def _naive_out_of_range(value: Any) -> bool:
    """Excel has no dates before 1900 and no time zones: such values go in as ISO text."""
    if isinstance(value, datetime):
        return value.year < 1900 or value.tzinfo is not None
    if isinstance(value, date):
        return value.year < 1900
    return isinstance(value, time) and value.tzinfo is not None
