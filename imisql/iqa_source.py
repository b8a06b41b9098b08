"""``iqa(...)`` sources: the query pairs of the request and the client re-check of its URL filters.

The query is named by its path (``QueryName``) or, given a GUID, by its document version key
(``QueryDocumentVersionKey``); prompts are positional ``Parameter`` pairs (NULL sends an empty one).
Named URL filters (``iqa('$/Q', 'p', PRODUCT_CODE => 'X')``) are sent as real code sends them,
``PRODUCT_CODE=X``; a value iMIS would read as an operator (``eq:x``) is sent as ``eq:eq:x``.

iMIS applies a URL filter only when the query defines a filter on that name, and a query's definition
does not say which it defines, so the server cannot be trusted to have applied one. Each named filter is
therefore also checked on the client as equality (the collation's), on the rows that carry the
column; a filter on a column the query does not return can only be trusted to the server.
"""

from __future__ import annotations

import re

from imisql import ast
from imisql.binding import Binder
from imisql.errors import SemanticError
from imisql.operators import Op, lookup
from imisql.plan import Residual
from imisql.predicate import IfCarried, ValueTest
from imisql.wire import is_reserved, wire

Pairs = tuple[tuple[str, str], ...]
_GUID = re.compile(r"^\s*\{?[0-9A-Fa-f]{8}-(?:[0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}\}?\s*$")  # a query document's key
_QUERY_NAMES = frozenset({"querydocumentversionkey"})  # besides the REST names is_reserved knows
_WHY = "iMIS applies a URL filter only where the query defines it: re-checked on the rows that carry the column"


def iqa_pairs(source: ast.IqaSource, binder: Binder, text: str) -> Pairs:
    """The query pairs of an ``iqa(...)`` request: the query, its prompts, its named URL filters."""
    path = binder.value(source.path)
    if not isinstance(path, str) or not path.strip():
        raise SemanticError(
            "iqa() needs the query path as a string", text, source.path.span,
            hint="iqa('$/Common/Queries/My Query', ...)",
        )  # fmt: skip
    query = ("QueryDocumentVersionKey", path.strip("{} ")) if _GUID.match(path) else ("QueryName", path)
    prompts = tuple(("Parameter", "" if (v := binder.value(a)) is None else wire(v)) for a in source.args)
    return (query, *prompts, *((f.name, _spelled(f, binder, text)) for f in source.filters))


def url_filter_checks(source: ast.IqaSource, binder: Binder, text: str) -> list[Residual]:
    """The client re-check of each named URL filter."""
    checks = []
    for named in source.filters:
        test = ValueTest((named.name,), Op.EQUAL, (binder.value(named.value),))
        checks.append(Residual(IfCarried(named.name, test), text[named.span.start : named.span.end], _WHY))
    return checks


def _spelled(named: ast.NamedArg, binder: Binder, text: str) -> str:
    if not named.name.strip() or is_reserved(named.name) or named.name.strip().lower() in _QUERY_NAMES:
        raise SemanticError(
            f"{named.name!r} cannot be a URL filter: iMIS reads it as part of the request itself", text,
            named.span, hint="name a column of the query: iqa('$/Q', 'prompt', COLUMN => 'value')",
        )  # fmt: skip
    value = binder.value(named.value)
    spelled = "" if value is None else wire(value)
    if not spelled or "|" in spelled:
        why = "has no value" if value is None else "is empty" if not spelled else "holds '|', which iMIS splits on"
        raise SemanticError(
            f"the URL filter {named.name} {why}", text, named.value.span,
            hint="give one value; filter on the rows with WHERE for anything else",
        )  # fmt: skip
    head, colon, _ = spelled.partition(":")
    return f"eq:{spelled}" if colon and lookup(head) is not None else spelled
