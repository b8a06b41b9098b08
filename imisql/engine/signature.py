"""``signature_help(text, offset)``: the call the cursor is in (an aggregate or ``iqa``) and which argument.

The innermost unclosed ``(`` before the cursor, preceded by a name, is the call; commas at its level
count the argument. Works on text that does not parse yet.
"""

from __future__ import annotations

from imisql.engine.results import Signature
from imisql.engine.tokens import significant, tokenize
from imisql.frontend import statement_at

FUNCTIONS: dict[str, Signature] = {
    "COUNT": Signature(
        "COUNT(* | [DISTINCT] value)", ("* | [DISTINCT] value",), 0,
        "Number of rows with COUNT(*); number of non-empty values with COUNT(value). "
        "A lone COUNT(*) is answered from iMIS's TotalCount in one request.",
    ),
    "SUM": Signature("SUM([DISTINCT] value)", ("[DISTINCT] value",), 0, "Sum of the values (on the client)"),
    "MIN": Signature("MIN(value)", ("value",), 0, "Smallest value (on the client)"),
    "MAX": Signature("MAX(value)", ("value",), 0, "Largest value (on the client)"),
    "AVG": Signature("AVG([DISTINCT] value)", ("[DISTINCT] value",), 0, "Average (on the client)"),
    "IQA": Signature(
        "iqa(path, prompt…, COLUMN => value…)", ("path", "prompt…, COLUMN => value…"), 0,
        "Read an IQA query: `FROM iqa('$/Common/Queries/My Query', 'value of prompt 1', ..., COLUMN => 'value')`; "
        "sent as GET /api/iqa?QueryName=...&Parameter=...&COLUMN=value (named URL filters, re-checked on the rows)",
    ),
}  # fmt: skip


def signature_help(text: str, offset: int) -> Signature | None:
    """The signature of the call around ``offset``, with the active argument; None outside a call."""
    offset = max(0, min(offset, len(text)))
    start, _ = statement_at(text, offset)
    before = [t for t in significant(tokenize(text, start, offset)) if t.end <= offset]
    depth, commas = 0, 0
    for i in range(len(before) - 1, -1, -1):
        kind = before[i].type
        if kind == "RPAR":
            depth += 1
        elif kind == "LPAR" and depth:
            depth -= 1
        elif kind == "LPAR":
            return _call(before[i - 1].text if i and before[i - 1].type == "NAME" else "", commas)
        elif kind == "COMMA" and depth == 0:
            commas += 1
    return None


def _call(name: str, commas: int) -> Signature | None:
    found = FUNCTIONS.get(name.upper())
    if found is None:
        return None
    active = min(commas, len(found.parameters) - 1)
    return Signature(found.label, found.parameters, active, found.documentation)
