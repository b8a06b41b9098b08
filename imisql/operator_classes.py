"""Operators by type class, for DESCRIBE: each field names its class, one line per class lists its operators.

A field's operators follow from its type alone (``imisql.operators.OPS_BY_TYPE``), so instead of the
same fourteen names on every row, DESCRIBE shows a class (``text``, ``number``, ``date``, ``boolean``,
``other``) and a legend with one line per class present. The operators every class shares
(``IS [NOT] EMPTY``) are said once, in the legend's heading, so each line fits 80 columns.
"""

from __future__ import annotations

from collections.abc import Iterable

from imisql.field_types import FieldType
from imisql.operators import OPS_BY_TYPE, SPEC_BY_OP, Op

CLASS_OF_TYPE: dict[FieldType, str] = {
    FieldType.STRING: "text",
    FieldType.INTEGER: "number",
    FieldType.DECIMAL: "number",
    FieldType.DATETIME: "date",
    FieldType.BOOLEAN: "boolean",
    FieldType.OBJECT: "other",
    FieldType.LIST: "other",
    FieldType.BINARY: "other",
}
CLASS_ORDER = ("text", "number", "date", "boolean", "other")

# How the legend writes operators, in this order: the comparison symbols side by side, then each word
# form; a pair whose second member negates the first is written once with ``[NOT]``.
SYMBOLS = (Op.EQUAL, Op.NOT_EQUAL, Op.LESS_THAN, Op.LESS_THAN_OR_EQUAL, Op.GREATER_THAN, Op.GREATER_THAN_OR_EQUAL)
WORDS: tuple[tuple[str, tuple[Op, ...]], ...] = (
    ("BETWEEN", (Op.BETWEEN,)),
    ("IN", (Op.IN,)),
    ("[NOT] CONTAINS", (Op.CONTAINS, Op.NOT_CONTAIN)),
    ("STARTS WITH", (Op.STARTS_WITH,)),
    ("ENDS WITH", (Op.ENDS_WITH,)),
    ("IS TRUE", (Op.IS_TRUE,)),
    ("IS FALSE", (Op.IS_FALSE,)),
    ("IS [NOT] EMPTY", (Op.IS_EMPTY, Op.NOT_EMPTY)),
)


def type_class(kind: FieldType) -> str:
    """The class a field of type ``kind`` belongs to (what DESCRIBE's ``operators`` column shows)."""
    return CLASS_OF_TYPE[kind]


def class_operators(name: str) -> frozenset[Op]:
    """Every operator that applies to the fields of class ``name``."""
    return frozenset(op for kind, cls in CLASS_OF_TYPE.items() if cls == name for op in OPS_BY_TYPE[kind])


def spell(ops: Iterable[Op]) -> str:
    """``ops`` as the legend writes them: ``= <> < <= > >=, BETWEEN, IN, [NOT] CONTAINS, ...``."""
    chosen = frozenset(ops)
    parts = [" ".join(SPEC_BY_OP[op].sql for op in SYMBOLS if op in chosen)]
    for label, group in WORDS:
        present = [op for op in group if op in chosen]
        if len(present) == len(group):
            parts.append(label)
        else:
            parts.extend(SPEC_BY_OP[op].sql for op in present)
    return ", ".join(part for part in parts if part)


def legend(kinds: Iterable[FieldType]) -> list[str]:
    """The legend for fields of these types: a heading naming what every class has, then one line per
    class present (in ``CLASS_ORDER``) with the rest of its operators."""
    present = {type_class(kind) for kind in kinds}
    shared = frozenset.intersection(*(class_operators(name) for name in CLASS_ORDER))
    lines = [f"Operators by class (every class also has {spell(shared)}):"]
    for name in CLASS_ORDER:
        if name in present:
            others = spell(class_operators(name) - shared) or f"(none besides {spell(shared)})"
            lines.append(f"  {name:<8} {others}")
    return lines
