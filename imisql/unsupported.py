"""SQL that imisql does not have, recognised so the error says so in one sentence.

``explain_unsupported(text, position)`` looks at the words of a statement that failed to parse
(strings and comments skipped) and, when it finds a construct imisql lacks, returns a hint naming
it and what to write instead: ``TOP n`` → ``LIMIT n``, ``UNION``, subqueries, ``WITH``,
schema statements. ``None`` when the failure is an ordinary mistake.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|/\*.*?\*/|\(|[A-Za-z_][A-Za-z0-9_$]*", re.S)

_WRITES = ("MERGE", "CREATE", "ALTER", "DROP", "TRUNCATE", "GRANT")
_SET_OPERATORS = ("UNION", "INTERSECT", "EXCEPT", "MINUS")

HINTS = {
    "TOP": "imisql has no TOP n: write LIMIT n at the end (SELECT PartyId FROM Party LIMIT 5)",
    "SET": "imisql has no {word}: run the SELECTs as separate statements (separated by ;)",
    "SUBQUERY": "imisql has no subqueries: run the inner SELECT first and put its values in IN (...) or a parameter",
    "WITH": "imisql has no WITH (common table expressions): write the SELECT directly",
    "WRITE": "imisql has no {word}: it changes rows with INSERT, UPDATE and DELETE (the schema is iMIS's)",
    "INTO": "imisql has no SELECT ... INTO: use --format csv (or xlsx) with -o FILE, or \\copy in the shell",
}


def _words(text: str) -> list[tuple[str, int]]:
    """(upper-cased word or symbol, position) outside strings, quoted names and comments."""
    found = []
    for match in _WORD.finditer(text):
        token = match.group()
        if token[0] in "'\"" or token.startswith(("--", "/*")):
            continue
        found.append((token.upper(), match.start()))
    return found


def explain_unsupported(text: str) -> str | None:
    """A sentence about the first construct imisql lacks in ``text``, or ``None``."""
    words = _words(text)
    if not words:
        return None
    first = words[0][0]
    if first in _WRITES:
        return HINTS["WRITE"].format(word=first)
    if first == "WITH":
        return HINTS["WITH"]
    for index, (word, _) in enumerate(words):
        previous = words[index - 1][0] if index else ""
        if word == "TOP" and previous in ("SELECT", "DISTINCT"):
            return HINTS["TOP"]
        if word in _SET_OPERATORS and index > 1:
            return HINTS["SET"].format(word=word)
        if word == "SELECT" and previous == "(":
            return HINTS["SUBQUERY"]
        if word == "INTO" and "SELECT" in (w for w, _ in words[:index]):
            return HINTS["INTO"]
    return None
