"""The layer rules, read from the source: no import circle, and the execute side never imports the compile side."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMPILE_SIDE = frozenset({
    "imisql.compiler", "imisql.lowering", "imisql.atoms", "imisql.branches", "imisql.projection", "imisql.resolve",
    "imisql.binding", "imisql.ordering", "imisql.client_plan", "imisql.parser", "imisql.fastparse",
    "imisql.fast_tables", "imisql.frontend", "imisql.transform", "imisql.value_rules", "imisql.token_spans",
    "imisql.syntax_hints",
})  # fmt: skip
EXECUTE_SIDE = frozenset({
    "imisql.executor", "imisql.fetching", "imisql.reducers", "imisql.catalog_rows", "imisql.paging",
    "imisql.decode", "imisql.predicate", "imisql.semantics", "imisql.ties",
})  # fmt: skip


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in (ROOT / "imisql").rglob("*.py")}


def _top_level_imports(path: Path, known: dict[str, Path]) -> set[str]:
    """imisql modules imported when ``path`` is imported (not inside functions or TYPE_CHECKING)."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = [f"{node.module}.{alias.name}" for alias in node.names]
            names = [m for m in submodules if m in known]
            if len(names) < len(submodules):  # some names are attributes of the module itself
                names.append(node.module)
        found.update(name for name in names if name in known and name != "imisql")  # the root is a facade
    return found


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {name: _top_level_imports(path, known) for name, path in known.items()}


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    pending = list(graph.get(start, ()))
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending.extend(graph.get(name, ()))
    return seen


def test_the_graph_is_read() -> None:
    graph = _graph()
    assert "imisql.compiler" in graph["imisql.runner"]
    assert "imisql.plan" in graph["imisql.executor"]


def test_no_import_circle() -> None:
    graph = _graph()
    circles = [name for name in graph if name in _reachable(graph, name) and name != "imisql"]
    assert circles == []


def test_execute_side_does_not_import_compile_side() -> None:
    graph = _graph()
    crossings = {name: sorted(_reachable(graph, name) & COMPILE_SIDE) for name in EXECUTE_SIDE}
    assert {name: found for name, found in crossings.items() if found} == {}
