"""No silent NULLs: the names a statement reads from a source outside the catalog, checked against the rows.

A business object the catalog does not know, or an IQA query, has no field list to resolve names
against at compile time, so a misspelt column would read as NULL in every row (or filter every row
out). Instead, the first page that has rows decides: a name that no row of that page carries (its
union of property names, since property bags may leave a property out of some rows) is an error
with "did you mean". An empty page decides nothing, so a statement that finds no rows never fails.
When iMIS refuses the request itself (a 400 for a misspelt filter or sort name), one row read without
the statement's filters (``probe_request``) tells whether a misspelt name is the cause.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from typing import Any

from imisql.errors import BadRequestError, SemanticError, ServerError, Span
from imisql.plan import ReadName, Request

Record = dict[str, Any]
_QUERY_PAIRS = frozenset({"queryname", "querypath", "querydocumentversionkey", "parameter"})  # an IQA's own


class NameCheck:
    """Checks ``names`` once, on the first non-empty page of records given to ``page``."""

    def __init__(self, names: tuple[ReadName, ...], entity: str, text: str):
        self.names, self.entity, self.text = names, entity, text
        self.done = not names

    def page(self, records: list[Record]) -> None:
        if self.done or not records:
            return
        self.done = True
        for name in self.names:
            if not any(_carries(record, name.path) for record in records):
                raise self._missing(name, records)

    def _missing(self, name: ReadName, records: list[Record]) -> SemanticError:
        known = sorted({key for record in records for key in record if isinstance(key, str)}, key=str.lower)
        folded = {k.lower(): k for k in known}
        close = difflib.get_close_matches(name.written.lower(), list(folded), n=3, cutoff=0.6)
        source = "the IQA query's" if self.entity == "iqa" else f"{self.entity}'s"
        hint = (
            "did you mean " + " or ".join(folded[c] for c in close) + "?"
            if close
            else "the rows carry " + ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        )
        span = Span.of(self.text, name.start, name.end) if self.text else None
        return SemanticError(f"{source} rows have no column {name.written!r}", self.text, span, hint=hint)


def _carries(record: Any, path: tuple[str | int, ...]) -> bool:
    """Whether ``record`` has a value (possibly NULL) at ``path``; names match case-insensitively."""
    current = record
    for step in path:
        if current is None:
            return True  # a NULL object: its fields cannot be told apart
        if not isinstance(current, dict) or not isinstance(step, str):
            return isinstance(current, list) and isinstance(step, int)
        folded = step.casefold()
        match = next((k for k in current if isinstance(k, str) and k.casefold() == folded), None)
        if match is None:
            return False
        current = current[match]
    return True


def probe_request(request: Request) -> Request:
    """One row of ``request``'s source without the statement's filters and sort (an IQA keeps its
    query and prompts): the names a refused request should have used."""
    pairs = tuple((k, v) for k, v in request.params if k.strip().lower() in _QUERY_PAIRS)
    return Request("GET", request.path, pairs, row_limit=1, page_size=1)


def refusal_explained(
    records: Iterator[Record], check: Callable[[list[Record]], None], probe: Callable[[], list[Record]]
) -> Iterator[Record]:
    """``records``; a 400 before ``check`` saw rows is checked against the rows ``probe`` reads
    (one, unfiltered), so a misspelt name it was sent is reported as such; otherwise the 400 stands."""
    try:
        yield from records
    except BadRequestError:
        try:
            probed = probe()
        except ServerError:
            probed = []  # the probe decides nothing
        check(probed)
        raise
