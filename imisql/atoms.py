"""The atom tree a WHERE condition lowers to: ``Atom``s under ``Conj``/``Disj`` in negation normal form.

Each atom knows its exact client-side meaning (a ``Pred``), the query pairs that express it exactly on iMIS
(if any), a coarser pushable superset (if any) and why it cannot be pushed exactly. ``imisql.lowering``
builds the tree; ``imisql.branches`` turns it into requests and residual filters.
"""

from __future__ import annotations

from dataclasses import dataclass

from imisql.predicate import AllOf, AnyOf, Pred
from imisql.quick_init import maker, quick_init

Pair = tuple[str, str]


@quick_init
@dataclass(frozen=True, slots=True)
class Atom:
    """One predicate with its client meaning and its pushdown."""

    pred: Pred
    source: str
    exact: tuple[Pair, ...] | None = None
    coarse: tuple[Pair, ...] = ()
    reason: str = ""
    equality: tuple[str, tuple[str, ...]] | None = None  # (search name, wire values) for OR -> In


new_atom = maker(Atom)  # every field, positionally: the cheaper constructor for the lowering's hot path


@quick_init
@dataclass(frozen=True, slots=True)
class Conj:
    items: tuple[Node, ...]
    source: str


@quick_init
@dataclass(frozen=True, slots=True)
class Disj:
    items: tuple[Node, ...]
    source: str


Node = Atom | Conj | Disj
new_conj, new_disj = maker(Conj), maker(Disj)  # (items, source) positionally: cheaper than the classes
_new_all_of, _new_any_of = maker(AllOf), maker(AnyOf)


def pred_of(node: Node) -> Pred:
    if isinstance(node, Atom):
        return node.pred
    preds = tuple([pred_of(i) for i in node.items])
    return _new_all_of(preds) if isinstance(node, Conj) else _new_any_of(preds)


def with_source(atom: Atom, source: str) -> Atom:
    """The same atom under another source text (``NOT (...)`` after negation)."""
    return new_atom(atom.pred, source, atom.exact, atom.coarse, atom.reason, atom.equality)


def flatten(node: Conj | Disj) -> Node:
    """Nested conjunctions (or disjunctions) of the same kind lifted into one."""
    kind = type(node)
    for item in node.items:
        if isinstance(item, kind):
            break
    else:
        return node
    items: list[Node] = []
    for item in node.items:
        items.extend(item.items if isinstance(item, kind) else (item,))
    return kind(tuple(items), node.source)


def unknown_atom(source: str) -> Atom:
    """A comparison with NULL: unknown for every row, so no row matches, negated or not."""
    return Atom(AnyOf(()), source, reason="compared with a NULL parameter: unknown, so no row matches")
