"""Request branches and residual filters from a condition's atom tree: exact and coarse pushdown, OR
fan-out in disjunctive normal form (capped), equalities on one field merged into one ``in:`` filter."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

from imisql.atoms import Atom, Conj, Disj, Node, Pair, new_atom, new_conj, pred_of
from imisql.plan import Residual
from imisql.quick_init import maker


@dataclass(slots=True)
class Lowered:
    """The outcome: one list of pairs per request branch, plus the client-side residual."""

    branches: list[tuple[Pair, ...]]
    residuals: list[Residual] = field(default_factory=list)
    exact_atoms: list[Atom] = field(default_factory=list)  # conjuncts pushed exactly (single branch)
    notes: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return not self.residuals


_new_lowered = maker(Lowered)  # every field, positionally: cheaper than the dataclass's __init__
_new_residual = maker(Residual)  # pred, source, reason


def lower(node: Node | None, max_fanout: int) -> Lowered:
    """Request branches and residual filter for a condition tree (None = no WHERE)."""
    if node is None:
        return Lowered([()])
    if type(node) is Atom and node.exact is not None:  # one condition pushed exactly (the usual WHERE)
        return _new_lowered([node.exact], [], [node], [])
    base: list[Pair] = []
    ors: list[Disj] = []
    residuals: list[Residual] = []
    exact_atoms: list[Atom] = []
    for item in node.items if isinstance(node, Conj) else (node,):
        if isinstance(item, Disj):
            item = _merge_equalities(item)
        if isinstance(item, Atom):
            if item.exact is not None:  # pushed exactly
                base.extend(item.exact)
                exact_atoms.append(item)
            else:
                base.extend(item.coarse)
                residuals.append(_new_residual(item.pred, item.source, item.reason))
        else:
            ors.append(item)  # type: ignore[arg-type]
    result = _new_lowered([tuple(base)], residuals, exact_atoms, [])
    if ors:
        _fan_out(ors, base, result, max_fanout)
    return result


def _fan_out(ors: list[Disj], base: list[Pair], result: Lowered, max_fanout: int) -> None:
    branches = _dnf(new_conj(tuple(ors), ""), max_fanout)
    if branches is None:
        _keep_on_client(ors, result, f"OR with more than {max_fanout} branches")
        return
    # lists, not generators: no frame resumed per item
    pushed = [tuple([p for a in branch for p in (a.exact if a.exact is not None else a.coarse)]) for branch in branches]
    if () in pushed:  # a branch without pairs
        _keep_on_client(ors, result, "an OR branch has nothing iMIS can filter on")
        return
    result.branches = [tuple(base) + pairs for pairs in pushed]
    if len(branches) > 1:
        result.notes.append(f"OR across fields: {len(branches)} requests, rows merged and de-duplicated by key")
    if None in [a.exact for branch in branches for a in branch]:
        why = "part of an OR could not be pushed exactly"
        for disj in ors:
            result.residuals.append(_new_residual(pred_of(disj), disj.source, why))


def _keep_on_client(ors: list[Disj], result: Lowered, why: str) -> None:
    for disj in ors:
        result.residuals.append(_new_residual(pred_of(disj), disj.source, why))


def _dnf(node: Node, cap: int) -> list[list[Atom]] | None:
    """Disjunctive normal form as lists of atoms; None when it would exceed ``cap`` branches."""
    if isinstance(node, Atom):
        return [[node]]
    parts = [_dnf(item, cap) for item in node.items]
    if None in parts:
        return None
    if isinstance(node, Disj):
        flat = [branch for part in parts for branch in part or ()]
        return flat if len(flat) <= cap else None
    size = 1
    for part in parts:
        size *= len(part or ())
        if size > cap:
            return None
    return [[a for chunk in combo for a in chunk] for combo in product(*[p or () for p in parts])]


def _merge_equalities(disj: Disj) -> Node:
    """``a = 1 OR a = 2 OR a IN (3)`` on one search name becomes one ``a=in:1|2|3`` atom."""
    for item in disj.items:
        if not (isinstance(item, Atom) and item.exact is not None and item.equality):
            return disj
    atoms: list[Atom] = list(disj.items)  # type: ignore[arg-type]
    names = {a.equality[0].lower() for a in atoms if a.equality}
    if len(names) != 1:
        return disj
    search = atoms[0].equality[0]  # type: ignore[index]
    # each value once, in the order written
    values = tuple(dict.fromkeys([v for a in atoms for v in a.equality[1]]))  # type: ignore[index]
    pair = (search, f"in:{'|'.join(values)}")
    return new_atom(pred_of(disj), disj.source, (pair,), (), "", (search, values))
