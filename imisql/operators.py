"""The iMIS filter operators as one table: names, spellings, arity, SQL, complement, mirror, field types.

This table is the single source of truth for operators. The grammar accepts every
spelling listed here infix, the compiler writes the canonical prefix, and the emulator parses
query strings with it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from imisql.field_types import FieldType


class Arity(enum.Enum):
    NONE = 0  # isEmpty:, isTrue:, ... take no operand
    ONE = 1
    TWO = 2  # between:a|b
    MANY = 3  # in:a|b|c


class Op(enum.Enum):
    """Canonical iMIS operation names (``Asi.Soa.Core`` ``OperationType``)."""

    BETWEEN = "Between"
    CONTAINS = "Contains"
    ENDS_WITH = "EndsWith"
    EQUAL = "Equal"
    GREATER_THAN = "GreaterThan"
    GREATER_THAN_OR_EQUAL = "GreaterThanOrEqual"
    IN = "In"
    IS_EMPTY = "IsEmpty"
    IS_FALSE = "IsFalse"
    IS_TRUE = "IsTrue"
    LESS_THAN = "LessThan"
    LESS_THAN_OR_EQUAL = "LessThanOrEqual"
    NOT_CONTAIN = "NotContain"
    NOT_EMPTY = "NotEmpty"
    NOT_EQUAL = "NotEqual"
    STARTS_WITH = "StartsWith"

    __hash__ = object.__hash__  # members are singletons; identity hashing is C-fast (Enum's is Python)


_ALL_TYPES = frozenset(FieldType)
_ORDERED = frozenset({FieldType.STRING, FieldType.INTEGER, FieldType.DECIMAL, FieldType.DATETIME})
_EQUATABLE = _ORDERED | {FieldType.BOOLEAN}
_TEXT = frozenset({FieldType.STRING})
_BOOLEAN = frozenset({FieldType.BOOLEAN})


@dataclass(frozen=True)
class OperatorSpec:
    """Everything about one operator: its spellings, its SQL, its algebra and the fields it applies to."""

    op: Op
    spellings: tuple[str, ...]  # as documented; matching is case-insensitive
    arity: Arity
    short: str  # the spelling the compiler writes on the wire
    sql: str  # how a formatted statement writes it
    types: frozenset[FieldType]  # the field types iMIS applies it to
    complement: Op | None = None  # NOT (a op b) is (a complement b); None: iMIS cannot negate it
    mirror: Op | None = None  # (b op a) is (a mirror b); None: the column must be on the left


OPERATORS: tuple[OperatorSpec, ...] = (
    OperatorSpec(Op.BETWEEN, ("Between", "between"), Arity.TWO, "between", "BETWEEN", _ORDERED),
    OperatorSpec(Op.CONTAINS, ("Contains", "contains"), Arity.ONE, "contains", "CONTAINS", _TEXT,
                 complement=Op.NOT_CONTAIN),
    OperatorSpec(Op.ENDS_WITH, ("EndsWith", "endsWith"), Arity.ONE, "endsWith", "ENDS WITH", _TEXT),
    OperatorSpec(Op.EQUAL, ("Equal", "eq", "=="), Arity.ONE, "eq", "=", _EQUATABLE,
                 complement=Op.NOT_EQUAL, mirror=Op.EQUAL),
    OperatorSpec(Op.GREATER_THAN, ("GreaterThan", "gt", ">"), Arity.ONE, "gt", ">", _ORDERED,
                 complement=Op.LESS_THAN_OR_EQUAL, mirror=Op.LESS_THAN),
    OperatorSpec(Op.GREATER_THAN_OR_EQUAL, ("GreaterThanOrEqual", "ge", ">="), Arity.ONE, "ge", ">=", _ORDERED,
                 complement=Op.LESS_THAN, mirror=Op.LESS_THAN_OR_EQUAL),
    OperatorSpec(Op.IN, ("In", "in"), Arity.MANY, "in", "IN", _ORDERED),
    OperatorSpec(Op.IS_EMPTY, ("IsEmpty", "isEmpty", "empty"), Arity.NONE, "isEmpty", "IS EMPTY", _ALL_TYPES,
                 complement=Op.NOT_EMPTY),
    OperatorSpec(Op.IS_FALSE, ("IsFalse", "isFalse", "false"), Arity.NONE, "isFalse", "IS FALSE", _BOOLEAN),
    OperatorSpec(Op.IS_TRUE, ("IsTrue", "isTrue", "true"), Arity.NONE, "isTrue", "IS TRUE", _BOOLEAN),
    OperatorSpec(Op.LESS_THAN, ("LessThan", "lt", "<"), Arity.ONE, "lt", "<", _ORDERED,
                 complement=Op.GREATER_THAN_OR_EQUAL, mirror=Op.GREATER_THAN),
    OperatorSpec(Op.LESS_THAN_OR_EQUAL, ("LessThanOrEqual", "le", "<="), Arity.ONE, "le", "<=", _ORDERED,
                 complement=Op.GREATER_THAN, mirror=Op.GREATER_THAN_OR_EQUAL),
    OperatorSpec(Op.NOT_CONTAIN, ("NotContain", "notContain", "!contain"), Arity.ONE, "notContain",
                 "NOT CONTAINS", _TEXT, complement=Op.CONTAINS),
    OperatorSpec(Op.NOT_EMPTY, ("NotEmpty", "notEmpty", "!empty"), Arity.NONE, "notEmpty", "IS NOT EMPTY",
                 _ALL_TYPES, complement=Op.IS_EMPTY),
    OperatorSpec(Op.NOT_EQUAL, ("NotEqual", "ne", "!="), Arity.ONE, "ne", "<>", _EQUATABLE,
                 complement=Op.EQUAL, mirror=Op.NOT_EQUAL),
    OperatorSpec(Op.STARTS_WITH, ("StartsWith", "startsWith"), Arity.ONE, "startsWith", "STARTS WITH", _TEXT),
)  # fmt: skip

SPEC_BY_OP: dict[Op, OperatorSpec] = {spec.op: spec for spec in OPERATORS}

OPS_BY_TYPE: dict[FieldType, frozenset[Op]] = {
    kind: frozenset(spec.op for spec in OPERATORS if kind in spec.types) for kind in FieldType
}

_BY_SPELLING: dict[str, OperatorSpec] = {spelling.lower(): spec for spec in OPERATORS for spelling in spec.spellings}

ALL_SPELLINGS: tuple[str, ...] = tuple(s for spec in OPERATORS for s in spec.spellings)


def lookup(spelling: str) -> OperatorSpec | None:
    """Return the operator a spelling names (case-insensitive), or None."""
    return _BY_SPELLING.get(spelling.lower())
