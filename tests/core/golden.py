"""Reading the golden statement file and rendering compiler output in the golden format."""

from __future__ import annotations

from pathlib import Path

from imisql.compiler import compile_sql
from imisql.errors import QueryError
from imisql.plan import Plan
from imisql.plan.explain import client_lines
from imisql.plan.steps import Describe, Filter, ShowEntities

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "golden"
STATEMENTS = GOLDEN_DIR / "statements.txt"
EXPECTED = GOLDEN_DIR / "compile.golden"
PARAMS = {"name": "Smith", "n": 3, "member": "true", 0: "Jon"}


def load_statements(path: Path = STATEMENTS) -> list[tuple[str, str]]:
    """``name | sql`` lines; lines starting with two spaces continue the previous statement."""
    cases: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("  ") and cases:
            name, sql = cases[-1]
            cases[-1] = (name, f"{sql}\n{line}")
            continue
        name, sql = line.split(" | ", 1)
        cases.append((name.strip(), sql))
    return cases


def render_case(sql: str) -> str:
    """The compiler's answer for one statement, in the golden format."""
    try:
        compiled = compile_sql(sql, params=PARAMS)
    except QueryError as exc:
        return "\n".join(["error: " + exc.render().splitlines()[0], *(f"hint: {exc.hint}",) * bool(exc.hint)])
    if isinstance(compiled.root, Describe):
        return f"catalog: describe {compiled.root.entity}"
    if isinstance(compiled.root, ShowEntities):
        return "catalog: show"
    return _render_plan(compiled)


def _render_plan(plan: Plan) -> str:
    lines = [request.readable() for request in plan.requests]
    lines.extend(line for step in plan.steps if isinstance(step, Filter) for line in step.client_lines())
    steps = [line for line in client_lines(plan.root) if not line.startswith("filter: ")]
    if steps:
        lines.append("client: " + ", ".join(steps))
    return "\n".join(lines)


def render_all(cases: list[tuple[str, str]]) -> str:
    blocks = [f"== {name}\n{sql}\n--\n{render_case(sql)}\n" for name, sql in cases]
    return "\n".join(blocks)


def load_expected(path: Path = EXPECTED) -> dict[str, str]:
    """name -> expected rendering."""
    expected: dict[str, str] = {}
    for block in path.read_text(encoding="utf-8").split("\n== ")[0:]:
        block = block.removeprefix("== ")
        if not block.strip():
            continue
        name, rest = block.split("\n", 1)
        expected[name.strip()] = rest.split("\n--\n", 1)[1].strip("\n")
    return expected
