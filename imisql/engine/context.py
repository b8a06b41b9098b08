"""The cursor's context: what is being typed, what the parser expects there, and in which clause.

``context_at(text, offset, catalog)`` finds the statement around the cursor, tokenizes it, splits off
the word being typed (with its dotted qualifier, ``p.PersonName.La``), feeds everything before it to
the grammar's LALR table and reports the parser's expected terminals. Nothing is guessed from the
previous word: the clause is the last clause keyword the parser *accepted*, and the FROM and JOIN
entities are read from the parser's reading of the whole statement, text after the cursor included.
"""

from __future__ import annotations

from dataclasses import dataclass

from imisql.catalog.model import Catalog, Field
from imisql.engine.feed import expected, feed
from imisql.engine.scope import NAME_TERMINALS, Source, Sources, find_sources, name_text
from imisql.engine.tokens import COMMENTS, Tok, significant, tables, tokenize
from imisql.frontend import statement_at

CLAUSES = frozenset({
    "SELECT", "FROM", "JOIN", "ON", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "DESCRIBE", "DESC",
    "UPDATE", "SET", "INTO", "VALUES", "RETURNING",
})  # fmt: skip
_PARTIAL = frozenset({"NAME", "QUOTED_NAME", "NAMED_PARAM"})


@dataclass(frozen=True)
class Context:
    """Everything completion needs to know about one cursor position."""

    text: str
    offset: int
    start: int  # range replaced by a completion
    end: int
    partial: str  # the text typed so far in that range (up to the cursor)
    qualifier: tuple[str, ...]  # dotted names before the partial: ("p",) for p.La
    in_string: bool  # the cursor is inside a string literal
    in_comment: bool
    expected: frozenset[str]
    clause: str  # last clause keyword accepted before the cursor ("" at the start)
    previous: str  # terminal accepted just before the typed word ("" at the start)
    depth: int  # open parentheses before the cursor
    sources: Sources  # the FROM source, then each JOIN's
    before: list[tuple[Tok, str]]  # significant tokens accepted before the typed word, with terminals
    catalog: Catalog

    @property
    def query(self) -> str:
        """What was typed, without an opening quote: the text suggestions are matched against."""
        return self.partial[1:] if self.partial[:1] in ("'", '"') else self.partial

    @property
    def source(self) -> Source:
        """The FROM (or UPDATE, INTO, DESCRIBE) source."""
        return self.sources.first

    @property
    def value_position(self) -> bool:
        """A value may start here (not just an alias or keyword)."""
        return "STRING" in self.expected

    def previous_field(self) -> Field | None:
        """The field written just before the cursor (``LastName |``), whose operators are offered."""
        if not self.before or self.before[-1][1] not in NAME_TERMINALS:
            return None
        return self.sources.field(_chain_before(self.before, len(self.before) - 1))

    def left_operand(self) -> Field | None:
        """The field on the left of the predicate the cursor is in (``CountryCode IN ('US', |``)."""
        saw_operator = False
        for i in range(len(self.before) - 1, -1, -1):
            term = self.before[i][1]
            if term in NAME_TERMINALS:
                if not saw_operator:
                    return None
                return self.sources.field(_chain_before(self.before, i))
            if term in _STOPS and not _between_and(self.before, i):
                return None
            saw_operator = saw_operator or not _is_value(term)
        return None


_STOPS = frozenset({"WHERE", "HAVING", "_AND", "_OR", "SELECT", "FROM", "ON"})
_VALUE_TERMINALS = frozenset({"STRING", "INT", "DECIMAL", "MINUS", "NAMED_PARAM", "QMARK", "COMMA", "LPAR"})


def _is_value(terminal: str) -> bool:
    return terminal in _VALUE_TERMINALS or terminal == tables().keywords.get("date")


def _between_and(before: list[tuple[Tok, str]], i: int) -> bool:
    """``x BETWEEN 1 AND |``: that AND belongs to BETWEEN, not to the condition."""
    if before[i][1] != "_AND":
        return False
    return any(term == "_BETWEEN" for _, term in before[max(0, i - 4) : i])


def _chain_before(before: list[tuple[Tok, str]], last: int) -> list[str]:
    parts = [name_text(before[last][0])]
    i = last
    while i >= 2 and before[i - 1][1] == "DOT" and before[i - 2][1] in NAME_TERMINALS:
        parts.insert(0, name_text(before[i - 2][0]))
        i -= 2
    return parts


def context_at(text: str, offset: int, catalog: Catalog) -> Context:
    """The completion context at ``offset`` (clamped into the text)."""
    offset = max(0, min(offset, len(text)))
    start, end = statement_at(text, offset)
    tokens = tokenize(text, start, end)
    at = _token_at(tokens, offset)
    if at is not None and at.type in COMMENTS:
        return _comment(text, offset, catalog)
    sig = significant(tokens)
    first, after, qualifier, word = _typed_chain(sig, offset)
    fed = feed([*sig[:first], Tok("NAME", offset, offset, ""), *sig[after:]])
    state = fed.states[first]
    accepted = [(tok, term) for tok, term in zip(sig[:first], fed.terminals[:first], strict=True) if term]
    in_string = word is not None and word.type == "STRING"
    rng_start, rng_end = (word.start, word.end) if word is not None else (offset, offset)
    return Context(
        text, offset, rng_start, rng_end, text[rng_start:offset], qualifier, in_string, False,
        expected(state), _clause(accepted), accepted[-1][1] if accepted else "", _depth(accepted),
        find_sources(fed, catalog), accepted, catalog,
    )  # fmt: skip


def _comment(text: str, offset: int, catalog: Catalog) -> Context:
    empty: frozenset[str] = frozenset()
    return Context(text, offset, offset, offset, "", (), False, True, empty, "", "", 0, Sources(), [], catalog)


def _token_at(tokens: list[Tok], offset: int) -> Tok | None:
    for tok in tokens:
        if tok.start < offset < tok.end or (tok.start < offset == tok.end and not tok.closed):
            return tok
        if tok.type == "COMMENT" and tok.start < offset == tok.end:
            return tok
    return None


def _typed_chain(sig: list[Tok], offset: int) -> tuple[int, int, tuple[str, ...], Tok | None]:
    """The dotted chain being typed: its first token, the token after it, its qualifier names, the word.

    Completion feeds the parser a placeholder name in place of the chain, so that the text after the
    cursor reads as it will once something is typed (``SELECT | FROM Party``: FROM stays a keyword).
    """
    i = next((j for j, tok in enumerate(sig) if tok.end >= offset), len(sig))
    word = sig[i] if i < len(sig) and sig[i].start < offset and _is_partial(sig[i], offset) else None
    if word is None:
        i = next((j for j, tok in enumerate(sig) if tok.start >= offset), len(sig))
    after = i + 1 if word is not None else i
    first, qualifier = i, list[str]()
    while first >= 2 and sig[first - 1].type == "DOT" and sig[first - 2].type in NAME_TERMINALS:
        if sig[first - 1].start != sig[first - 2].end:
            break
        qualifier.insert(0, name_text(sig[first - 2]))
        first -= 2
    return first, after, tuple(qualifier), word


def _is_partial(tok: Tok, offset: int) -> bool:
    """Whether the cursor is typing ``tok``: a name or parameter, or the inside of a string."""
    if tok.type == "STRING":
        return offset < tok.end or not tok.closed
    return tok.type in _PARTIAL


def _clause(accepted: list[tuple[Tok, str]]) -> str:
    depth, clause = 0, ""
    for _, term in accepted:
        depth += {"LPAR": 1, "RPAR": -1}.get(term, 0)
        if term in CLAUSES and depth == 0:
            clause = term
    return clause


def _depth(accepted: list[tuple[Tok, str]]) -> int:
    return sum({"LPAR": 1, "RPAR": -1}.get(term, 0) for _, term in accepted)
