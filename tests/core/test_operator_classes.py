"""DESCRIBE's operator classes: every operator is named once, each legend line says exactly what its class
accepts, and the legend fits 80 columns."""

from __future__ import annotations

import re

import pytest

import imisql
from imisql.catalog import BUILTIN
from imisql.field_types import FieldType
from imisql.operator_classes import CLASS_ORDER, SYMBOLS, WORDS, class_operators, legend, type_class
from imisql.operators import OPERATORS, OPS_BY_TYPE, SPEC_BY_OP, Op

BY_SQL = {spec.sql: spec.op for spec in OPERATORS}


def named(text: str) -> set[Op]:
    """The operators a legend line names: symbols and word forms, ``[NOT]`` standing for both forms."""
    ops: set[Op] = set()
    for part in text.split(", "):
        if part.startswith(("=", "<", ">")):
            ops.update(BY_SQL[symbol] for symbol in part.split())
        elif "[NOT] " in part:
            ops.update({BY_SQL[part.replace("[NOT] ", "")], BY_SQL[part.replace("[NOT]", "NOT")]})
        else:
            ops.add(BY_SQL[part])
    return ops


def test_every_operator_has_one_place_in_the_legend() -> None:
    placed = list(SYMBOLS) + [op for _, group in WORDS for op in group]
    assert sorted(placed, key=lambda op: op.value) == sorted(Op, key=lambda op: op.value)


def test_every_type_has_a_class_whose_operators_are_its_own() -> None:
    for kind in FieldType:
        assert type_class(kind) in CLASS_ORDER
        assert class_operators(type_class(kind)) == OPS_BY_TYPE[kind]


def test_each_line_names_exactly_its_class_operators_within_80_columns() -> None:
    heading, *lines = legend(FieldType)
    shared = named(re.fullmatch(r"Operators by class \(every class also has (.+)\):", heading)[1])  # type: ignore[index]
    assert shared == {Op.IS_EMPTY, Op.NOT_EMPTY}
    assert [line.split()[0] for line in lines] == list(CLASS_ORDER)
    for line in lines:
        name, rest = line.split(maxsplit=1)
        listed = named(rest.removeprefix("(none besides ").removesuffix(")"))
        assert listed | shared == class_operators(name)
        assert len(line) <= 80 and len(heading) <= 80
    assert lines[0] == "  text     = <> < <= > >=, BETWEEN, IN, [NOT] CONTAINS, STARTS WITH, ENDS WITH"


def test_the_legend_lists_only_the_classes_present() -> None:
    lines = legend([FieldType.BOOLEAN, FieldType.INTEGER, FieldType.DECIMAL])
    assert [line.split()[0] for line in lines[1:]] == ["number", "boolean"]


@pytest.mark.parametrize("name", CLASS_ORDER)
def test_every_operator_the_legend_names_compiles_on_a_field_of_its_class(name: str) -> None:
    entity, field = next((e, f) for e in BUILTIN.entities() for f in e.fields if type_class(f.type) == name)
    for op in class_operators(name):
        spec = SPEC_BY_OP[op]
        operand = {0: "", 1: " :a", 2: " :a AND :b", 3: " (:a)"}[spec.arity.value]
        params = {"a": _value(field.type), "b": _value(field.type)}
        imisql.compile(f"SELECT * FROM {entity.name} WHERE {field.name} {spec.sql}{operand}", params)


def _value(kind: FieldType) -> object:
    return {FieldType.STRING: "x", FieldType.BOOLEAN: True, FieldType.DATETIME: "2020-01-01"}.get(kind, 1)
