"""The plain-text export formats: ``tsv``, ``markdown`` and ``html``. All three stream row by row.

- tsv: tab-separated, a header line then one line per row; a tab, line break or backslash inside a
  value is written ``\\t``, ``\\n``, ``\\r``, ``\\\\`` (as PostgreSQL's text COPY does), so every row is
  one line; NULL is an empty field.
- markdown: a GitHub-flavoured pipe table; ``|`` is escaped and line breaks become ``<br>``; NULL is
  an empty cell. A Markdown table cannot lose its header, so ``--no-header`` does not apply.
- html: one ``<table>`` with a ``<thead>`` and a ``<tbody>``; text is HTML-escaped, NULL is an empty
  cell with ``class="null"``, numbers are right-aligned with ``class="num"``.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

from imisql.render.options import Out, RenderOptions, Rows
from imisql.render.values import text_of

_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_MARKDOWN_ESCAPES = str.maketrans({"|": "\\|", "\n": "<br>", "\r": ""})


def write_tsv(columns: list[str], rows: Rows, out: Out, options: RenderOptions) -> int:
    """Write a header and ``rows`` as tab-separated values; returns the number of rows written."""
    if options.header:
        out.write("\t".join(name.translate(_TSV_ESCAPES) for name in columns) + "\n")
    count = 0
    for row in rows:
        out.write("\t".join("" if v is None else text_of(v).translate(_TSV_ESCAPES) for v in row) + "\n")
        count += 1
    return count


def write_markdown(columns: list[str], rows: Rows, out: Out, options: RenderOptions) -> int:
    """Write ``rows`` as a Markdown pipe table; returns the number of rows written."""
    out.write(_markdown_line(columns))
    out.write("|" + "|".join(" --- " for _ in columns) + "|\n")
    count = 0
    for row in rows:
        out.write(_markdown_line(["" if v is None else text_of(v) for v in row]))
        count += 1
    return count


def _markdown_line(cells: list[str]) -> str:
    return "| " + " | ".join(cell.translate(_MARKDOWN_ESCAPES) for cell in cells) + " |\n"


def write_html(columns: list[str], rows: Rows, out: Out, options: RenderOptions) -> int:
    """Write ``rows`` as one HTML table; returns the number of rows written."""
    out.write("<table>\n")
    if options.header:
        heads = "".join(f"<th>{html.escape(name)}</th>" for name in columns)
        out.write(f"<thead>\n<tr>{heads}</tr>\n</thead>\n")
    out.write("<tbody>\n")
    count = 0
    for row in rows:
        out.write("<tr>" + "".join(_html_cell(value) for value in row) + "</tr>\n")
        count += 1
    out.write("</tbody>\n</table>\n")
    return count


def _html_cell(value: Any) -> str:
    if value is None:
        return '<td class="null"></td>'
    numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    text = html.escape(text_of(value))
    return f'<td class="num">{text}</td>' if numeric else f"<td>{text}</td>"
