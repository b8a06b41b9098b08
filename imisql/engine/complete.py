"""``complete(text, offset, catalog)``: context-aware completion that tolerates broken text.

Completion runs in two stages over the cursor's ``Context`` (``imisql.engine.context``, the parser
state at the cursor). ``imisql.engine.suggest`` says which kinds of suggestion fit there: keywords
the grammar accepts; entities after FROM, JOIN and DESCRIBE; fields of the sources (alias-aware,
dotted; ``alias.Field`` for every source of a join) where a value may start; whole join conditions
right after ON; operators valid for the left field's type; the field's known values after an
operator or inside a string; aggregate functions; templates for common statement shapes.
``imisql.engine.produce`` turns each kind into candidates. This module matches them against the
typed word (fuzzy) and ranks them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from imisql.catalog import builtin_catalog
from imisql.catalog.model import Catalog
from imisql.engine import fuzzy
from imisql.engine.context import Context, context_at
from imisql.engine.produce import PRODUCERS, Candidate
from imisql.engine.results import Completion
from imisql.engine.suggest import suggest

MAX_ITEMS = 400


def complete(text: str, offset: int, catalog: Catalog | None = None) -> list[Completion]:
    """Suggestions at ``offset`` in ``text``, best first. Never raises for any text."""
    ctx = context_at(text, offset, catalog if catalog is not None else builtin_catalog())
    return _rank(ctx, _candidates(ctx))


def _candidates(ctx: Context) -> Iterator[Candidate]:
    for suggestion in suggest(ctx):
        yield from PRODUCERS[type(suggestion)](suggestion, ctx)


def _rank(ctx: Context, candidates: Iterable[Candidate]) -> list[Completion]:
    scored = []
    for c in candidates:
        s = fuzzy.score(ctx.query, c.match or c.label)
        if s is not None:
            scored.append((c.group, -s, c.tiebreak, c.label.lower(), c))
    scored.sort(key=lambda item: item[:4])
    out: list[Completion] = []
    seen: set[tuple[str, str]] = set()
    for rank, (*_, c) in enumerate(scored):
        if (c.label, c.kind) in seen:
            continue
        seen.add((c.label, c.kind))
        sort_text = f"{rank:04d}"
        out.append(
            Completion(
                c.label, c.kind, c.detail, c.insert, ctx.start, ctx.end, sort_text, c.documentation, c.description
            )
        )
    return out[:MAX_ITEMS]
