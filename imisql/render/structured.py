"""The machine formats: ``csv``, ``json`` and ``jsonl``. All three stream row by row.

- csv: a header row (unless ``header`` is off), then one record per row (``\\n`` line ends, quoting
  only where needed); NULL is an empty field, so NULL and ``''`` look alike — use json when that matters.
- json: one array of objects per statement, one object per line; decimals are exact JSON numbers.
- jsonl: one object per line, nothing else (an empty result prints nothing).

Object keys are the column names; a repeated name gets ``_2``, ``_3``... so no value is lost.
"""

from __future__ import annotations

import csv

from imisql.render.options import Out, RenderOptions, Rows
from imisql.render.values import json_objects, text_of


def write_csv(columns: list[str], rows: Rows, out: Out, options: RenderOptions) -> int:
    """Write a header and ``rows`` as CSV; returns the number of rows written."""
    writer = csv.writer(out, lineterminator="\n")
    if options.header:
        writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(["" if value is None else text_of(value) for value in row])
        count += 1
    return count


def write_json(columns: list[str], rows: Rows, out: Out, options: RenderOptions) -> int:
    """Write ``rows`` as one JSON array of objects; returns the number of rows written."""
    to_object = json_objects(columns)
    out.write("[")
    count = 0
    for count, row in enumerate(rows, 1):
        out.write(("\n" if count == 1 else ",\n") + to_object(row))
    out.write("\n]\n")
    return count


def write_jsonl(columns: list[str], rows: Rows, out: Out, options: RenderOptions) -> int:
    """Write ``rows`` as JSON Lines; returns the number of rows written."""
    to_object = json_objects(columns)
    count = 0
    for row in rows:
        out.write(to_object(row) + "\n")
        count += 1
    return count
