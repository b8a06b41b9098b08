"""The output format names, known without importing the renderers.

The command line, the settings and the shell check format names before anything is rendered (at
start-up, before the shell's first prompt), so the names live here; ``imisql.render`` maps each to
its writer and checks that the two lists agree.
"""

from __future__ import annotations

FORMATS: tuple[str, ...] = ("table", "csv", "json", "jsonl", "vertical", "tsv", "markdown", "html", "xlsx")
BINARY_FORMATS = frozenset({"xlsx"})
TEXT_FORMATS: tuple[str, ...] = tuple(f for f in FORMATS if f not in BINARY_FORMATS)  # what a text stream takes
BOM_FORMATS = frozenset({"csv", "tsv"})  # where --csv-bom writes a byte-order mark for Excel
HUMAN_FORMATS = frozenset({"table", "vertical"})
