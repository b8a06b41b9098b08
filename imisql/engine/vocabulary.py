"""The words completion offers, derived from the grammar and the operator table, never hand-copied.

``keyword_label(terminal)`` spells a keyword terminal for display (``ORDER`` -> ``ORDER BY``).
``operator_forms()`` enumerates every way the grammar continues a predicate after its left value
(``= …``, ``NOT IN (…)``, ``IS NOT EMPTY``, ``StartsWith …``): each form is rendered from the rule's
symbols, spelt with the operator table's iMIS spellings where one exists, and probe-parsed once to
learn which ``Op`` the parser assigns it, so type filtering uses the same meaning the compiler sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from imisql import ast
from imisql.engine.tokens import tables, tokenize
from imisql.frontend import AGGREGATES, lark_parser
from imisql.operators import OPERATORS, Op
from imisql.parser import parse_statement

_EXPANDED = {"GROUP": "GROUP BY", "ORDER": "ORDER BY", "SHOW": "SHOW ENTITIES"}
_VALUE = "…"
LIKE = "LIKE"  # the pseudo-operator of LIKE forms: text columns only


@cache
def _words() -> dict[str, str]:
    return {terminal: word for word, terminal in tables().keywords.items()}


def keyword_word(terminal: str) -> str | None:
    """The single word a keyword terminal is spelt with, upper-case (``ORDER``), or None."""
    word = _words().get(terminal)
    return word.upper() if word is not None else None


def keyword_label(terminal: str) -> str | None:
    """How a keyword terminal is shown (None for terminals that are not keywords)."""
    word = _words().get(terminal)
    if word is None:
        return None
    return _EXPANDED.get(terminal, word.upper())


@dataclass(frozen=True)
class OperatorForm:
    """One operator spelling: ``label`` to show, ``insert`` to type, its first terminal and meaning.

    ``op`` is the ``Op`` the parser assigns, ``LIKE`` for LIKE forms, or None for IS [NOT] NULL.
    ``rank`` orders symbols, then SQL keywords, then iMIS spellings.
    """

    label: str
    insert: str
    first: str
    op: Op | str | None
    rank: int

    @property
    def dialect(self) -> str:
        """``SQL`` for SQL spellings (``=``, ``IS NOT NULL``), ``iMIS`` for the API's (``Contains``)."""
        head = self.label.split()[0]
        return "SQL" if self.rank == 1 or re.fullmatch(r"[=<>!]+", head) else "iMIS"


@cache
def _imis_spellings() -> dict[str, str]:
    """Terminal -> the first operator-table spelling that lexes to it (``GREATERTHAN`` -> GreaterThan)."""
    found: dict[str, str] = {}
    for spec in OPERATORS:
        for spelling in spec.spellings:
            toks = tokenize(spelling)
            if len(toks) == 1:
                found.setdefault(toks[0].keyword or toks[0].type, spelling)
    return found


def _spell(symbols: list[str], single: bool) -> list[str]:
    out = []
    for sym in symbols:
        if not sym.isupper():
            out.append(_VALUE)
        elif single and sym in _imis_spellings() and sym not in tables().punctuation:
            out.append(_imis_spellings()[sym])
        else:
            out.append(tables().punctuation.get(sym) or keyword_label(sym) or sym)
    return out


def _rendered_forms() -> list[list[str]]:
    """Symbol lists of every predicate continuation, from the grammar's rules."""
    forms: list[list[str]] = []
    for rule in lark_parser().rules:
        names = [s.name for s in rule.expansion]
        origin = rule.origin.name
        if origin in ("compare_op", "check_op"):
            forms.append(names + (["value"] if origin == "compare_op" else []))
        elif origin == "predicate" and _explicit(names):
            forms.append(names[1:])
    return forms


def _explicit(names: list[str]) -> bool:
    """A predicate rule spelt out after its left value (BETWEEN, IN, LIKE, IS NULL), one variant each."""
    return names[0] == "value" and len(names) > 1 and names[1].isupper() and not any(n.startswith("__") for n in names)


def _probe(words: list[str]) -> Op | str | None:
    sample = " ".join("1" if w == _VALUE else w for w in words).replace("( 1 )", "(1)")
    cond = parse_statement(f"SELECT * FROM x WHERE a {sample}")
    assert isinstance(cond, ast.Select)
    where = cond.where
    if isinstance(where, ast.Compare | ast.Check):
        return where.op
    if isinstance(where, ast.Between):
        return Op.BETWEEN
    if isinstance(where, ast.InList):
        return Op.IN
    if isinstance(where, ast.Like):
        return LIKE
    return None


def _insert(words: list[str]) -> str:
    head = words[: words.index(_VALUE)] if _VALUE in words else words
    text = " ".join(head)
    return text + (" " if _VALUE in words and not text.endswith("(") else "")


@cache
def operator_forms() -> tuple[OperatorForm, ...]:
    """Every operator spelling the grammar accepts after a value, each once."""
    seen: dict[str, OperatorForm] = {}
    for symbols in _rendered_forms():
        terminals = [s for s in symbols if s.isupper()]
        words = _spell(symbols, single=len(terminals) == 1)
        label = " ".join(words).replace("( …", "(…").replace("… )", "…)")
        rank = 0 if words[0] in tables().punctuation.values() else 1 if words[0].isupper() else 2
        form = OperatorForm(label, _insert(words), symbols[0], _probe(words), rank)
        seen.setdefault(label.lower(), form)
    return tuple(sorted(seen.values(), key=lambda f: f.rank))


@cache
def operator_terminals() -> frozenset[str]:
    """Terminals that can start an operator after a value (asked once per token by semantic tokens)."""
    return frozenset(form.first for form in operator_forms())


def aggregates() -> tuple[str, ...]:
    return tuple(sorted(AGGREGATES, key=lambda name: (name != "COUNT", name)))
