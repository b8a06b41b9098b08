"""``check(text, catalog)``: every diagnostic of a document at once, with exact ranges.

Per statement: syntax errors (the parser's own message for the first, then the recovering token feed
finds later ones in the same statement; statements are independent, so one broken statement never
hides the others), unknown entities and fields with "did you mean" fixes, the compiler's semantic
errors (type mismatches, misplaced aggregates), and the planner's notes as information ("filtered on
the client", "LIMIT applied on the client"). Results per statement text are cached.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import fields, replace

from imisql import ast
from imisql.catalog import builtin_catalog
from imisql.catalog.model import Catalog
from imisql.catalog.names import suggest_entities
from imisql.catalog.typos import likely_typo
from imisql.engine.feed import Fed, Unexpected, expected, feed
from imisql.engine.results import Diagnostic
from imisql.engine.statements import Lru, Parsed, compile_parsed, parse_piece, select_of
from imisql.engine.tokens import significant, tokenize
from imisql.engine.vocabulary import keyword_word
from imisql.errors import QueryError, SemanticError, SyntaxError
from imisql.frontend import has_code, split
from imisql.plan import Plan
from imisql.resolve import Scope, scope_for
from imisql.syntax_hints import readable


def check(text: str, catalog: Catalog | None = None) -> list[Diagnostic]:
    """All diagnostics of ``text``, in document order. Never raises for any text."""
    catalog = catalog if catalog is not None else builtin_catalog()
    out: list[Diagnostic] = []
    for start, end in split(text):
        chunk = text[start:end]
        if has_code(chunk):
            out.extend(replace(d, start=d.start + start, end=d.end + start) for d in piece_diagnostics(chunk, catalog))
    return sorted(out, key=lambda d: (d.start, d.end))


# Per statement text, so after an edit only the statements that changed are checked again. Sized for
# documents of many thousand statements: a cache smaller than the document re-checked all of it.
_CACHE: Lru[tuple[str, int], tuple[Catalog, tuple[Diagnostic, ...]]] = Lru(10_000)


def piece_diagnostics(chunk: str, catalog: Catalog) -> tuple[Diagnostic, ...]:
    """The diagnostics of one statement's text, offsets relative to it (cached per text and catalog)."""
    cached = _CACHE.get((chunk, id(catalog)))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    statement, error = parse_piece(chunk)
    if error is not None:
        found = tuple(_error_diagnostics(chunk, error))
    else:
        found = tuple(_semantic_diagnostics(Parsed(0, len(chunk), chunk, statement, None), catalog))
    return _CACHE.put((chunk, id(catalog)), (catalog, found))[1]


# ---------------------------------------------------------------- syntax


def _error_diagnostics(chunk: str, error: QueryError) -> Iterator[Diagnostic]:
    start, end = _widened(chunk, error)
    if not isinstance(error, SyntaxError):
        yield Diagnostic(start, end, "error", error.message, error.hint, error.code)
        return
    fed = feed(significant(tokenize(chunk)))
    first = next((e for e in fed.errors if e.token.start == start), None)
    yield Diagnostic(start, end, "error", error.message, error.hint, "syntax", _keyword_fixes(first))
    if first is not None:
        yield from _misread_keyword(fed, first)
    for later in fed.errors:
        if later.token.start >= end:
            yield _unexpected(later)


def _widened(chunk: str, error: QueryError) -> tuple[int, int]:
    """The error's range; an empty one (end of input) becomes the last token before it."""
    start, end = (error.span.start, error.span.end) if error.span else (0, len(chunk))
    if end > start:
        return start, end
    before = [t for t in significant(tokenize(chunk)) if t.end <= start]
    return (before[-1].start, before[-1].end) if before else (start, end)


def _misread_keyword(fed: Fed, error: Unexpected) -> Iterator[Diagnostic]:
    """``FROM Party WHRE x = 1`` fails at ``x``; the culprit is WHRE, read as an alias just before."""
    i = fed.tokens.index(error.token)
    if i == 0 or fed.terminals[i - 1] != "NAME":
        return
    word = fed.tokens[i - 1]
    fixes = _close_keywords(word.text, expected(fed.states[i - 1]))
    if fixes:
        message = f"{word.text!r} reads as a name here; did you mean {fixes[0]}?"
        yield Diagnostic(word.start, word.end, "warning", message, None, "misspelt-keyword", fixes)


def _unexpected(err: Unexpected) -> Diagnostic:
    tok = err.token
    if tok.type == "ERROR":
        return Diagnostic(tok.start, tok.end, "error", f"unexpected character {tok.text!r}", None, "syntax")
    shown = sorted({readable(t) for t in err.expected})
    message = f"unexpected {tok.text!r}" + (f"; expected {', '.join(shown[:8])}" if shown else "")
    fixes = _keyword_fixes(err)
    hint = f"did you mean {fixes[0]}?" if fixes else None
    return Diagnostic(tok.start, tok.end, "error", message, hint, "syntax", fixes)


def _keyword_fixes(err: Unexpected | None) -> tuple[str, ...]:
    """Keywords the parser expected that a misspelt word is close to (``WHERE`` for ``WHRE``)."""
    if err is None or not err.token.is_word:
        return ()
    return _close_keywords(err.token.text, err.expected)


def _close_keywords(word: str, terminals: frozenset[str]) -> tuple[str, ...]:
    words = {w for t in terminals if (w := keyword_word(t))}
    return tuple(difflib.get_close_matches(word.upper(), sorted(words), n=3, cutoff=0.7))


# ---------------------------------------------------------------- names, semantics, plan notes


def _semantic_diagnostics(parsed: Parsed, catalog: Catalog) -> Iterator[Diagnostic]:
    statement, text = parsed.statement, parsed.text
    if isinstance(statement, ast.Describe):
        yield from _unknown_describe(statement, catalog, text)
    select = select_of(statement)
    names: list[Diagnostic] = []
    if select is not None:
        names = [*_unknown_entity(select, catalog, text), *_unknown_names(select, catalog, text)]
        yield from names
    compiled = compile_parsed(parsed, catalog)
    if isinstance(compiled, QueryError):
        if not any(compiled.span and d.start == compiled.span.start for d in names):
            yield _from_error(compiled, text)
    elif isinstance(compiled, Plan) and select is not None:
        yield from _notes(compiled, select)


def _from_error(error: QueryError, text: str) -> Diagnostic:
    start, end = (error.span.start, error.span.end) if error.span else (0, len(text))
    return Diagnostic(start, end, "error", error.message, error.hint, error.code)


def _unknown_describe(statement: ast.Describe, catalog: Catalog, text: str) -> Iterator[Diagnostic]:
    if catalog.entity(statement.entity) is None:
        fixes = tuple(suggest_entities(statement.entity, catalog))
        name = significant(tokenize(text))[-1]  # DESCRIBE <name>: the name is the last token
        yield Diagnostic(
            name.start, name.end, "warning", f"{statement.entity} is not in the catalog",
            _did_you_mean(fixes), "unknown-entity", fixes,
        )  # fmt: skip


def _unknown_entity(select: ast.Select, catalog: Catalog, text: str) -> Iterator[Diagnostic]:
    for source in (select.source, *(join.source for join in select.joins)):
        yield from _unknown_source(source, catalog, text)


def _unknown_source(source: ast.Source, catalog: Catalog, text: str) -> Iterator[Diagnostic]:
    if isinstance(source, ast.EntitySource) and catalog.entity(source.name) is None:
        fixes = tuple(suggest_entities(source.name, catalog))
        message = f"{source.name} is not in the catalog: read as a business object, its fields are not checked"
        if text[source.span.start : source.span.start + 1] != '"' and (meant := likely_typo(source.name, catalog)):
            fixes = (meant, *(f for f in fixes if f != meant))
            message = f"{source.name} is not in the catalog and looks like a typo: running it is an error"
        yield Diagnostic(
            source.span.start, source.span.end, "warning", message, _did_you_mean(fixes), "unknown-entity", fixes
        )


def _did_you_mean(fixes: tuple[str, ...]) -> str | None:
    return "did you mean " + " or ".join(fixes) + "?" if fixes else None


def _unknown_names(select: ast.Select, catalog: Catalog, text: str) -> Iterator[Diagnostic]:
    if select.joins:  # names resolve across the sources: the planner reports the first that does not
        return
    try:
        scope = scope_for(select.source, select.alias, catalog, text)
    except QueryError:
        return
    if scope.entity is None:
        return
    aliases = {item.alias.lower() for item in select.items if item.alias}
    for name, late in _names(select):
        if late and len(name.parts) == 1 and name.parts[0].lower() in aliases:
            continue
        try:
            scope.resolve(name, text)
        except SemanticError as exc:
            yield _unknown_field(exc, name, scope, text)


def _unknown_field(exc: SemanticError, name: ast.Name, scope: Scope, text: str) -> Diagnostic:
    """The error for a name the entity does not have, with the closest field names as fixes."""
    assert scope.entity is not None
    qualifiers = {q.lower() for q in (scope.alias, scope.name) if q}
    qualified = len(name.parts) > 1 and name.parts[0].lower() in qualifiers
    written = text[name.span.start : name.span.end]
    prefix = written.split(".", 1)[0] + "." if qualified else ""
    dotted = ".".join(name.parts[1:] if qualified else name.parts)
    options = {n.lower(): n for n in scope.entity.field_names()}
    nested = [low for low in options if low.endswith("." + dotted.lower())]  # IsMember: AdditionalAttributes.IsMember
    close = difflib.get_close_matches(dotted.lower(), list(options), n=3, cutoff=0.6)
    fixes = tuple(prefix + options[c] for c in dict.fromkeys(nested + close))[:3]
    hint = _did_you_mean(fixes) or exc.hint
    return Diagnostic(name.span.start, name.span.end, "error", exc.message, hint, "unknown-field", fixes)


def _names(select: ast.Select) -> Iterator[tuple[ast.Name, bool]]:
    """Every column name of the statement; ``late`` for clauses where output aliases are visible."""
    for item in select.items:
        if item.expr is not None:
            yield from ((n, False) for n in _expr_names(item.expr))
    if select.where is not None:
        yield from ((n, False) for n in _cond_names(select.where))
    for expr in select.group_by:
        yield from ((n, True) for n in _expr_names(expr))
    if select.having is not None:
        yield from ((n, True) for n in _cond_names(select.having))
    for order in select.order_by:
        yield from ((n, True) for n in _expr_names(order.expr))


def _expr_names(expr: ast.Expr) -> Iterator[ast.Name]:
    if isinstance(expr, ast.Name):
        yield expr
        return
    for inner in ast.inner_exprs(expr):
        yield from _expr_names(inner)
    for cond in ast.inner_conds(expr):
        yield from _cond_names(cond)


def _cond_names(cond: ast.Cond) -> Iterator[ast.Name]:
    if isinstance(cond, ast.And | ast.Or):
        for item in cond.items:
            yield from _cond_names(item)
        return
    if isinstance(cond, ast.Not):
        yield from _cond_names(cond.operand)
        return
    for value in (getattr(cond, f.name) for f in fields(cond)):
        if isinstance(value, tuple):
            for v in value:
                yield from _expr_names(v)
        elif isinstance(value, ast.Name | ast.Call | ast.Binary | ast.Case):
            yield from _expr_names(value)


def _notes(plan: Plan, select: ast.Select) -> Iterator[Diagnostic]:
    source = select.source.span
    for note in plan.notes:
        if note.end > note.start and (note.start, note.end) == (source.start, source.end):
            continue  # the unknown-entity warning says it already
        yield Diagnostic(note.start, note.end, "info", note.message, None, "plan")
