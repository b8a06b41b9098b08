"""The iMIS filter operators: canonical names, every accepted spelling, and arity.

This table is the single source of truth for operator spellings. The grammar accepts every
spelling listed here infix, the compiler writes the canonical prefix, and the emulator parses
query strings with it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


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


@dataclass(frozen=True)
class OperatorSpec:
    op: Op
    spellings: tuple[str, ...]  # as documented; matching is case-insensitive
    arity: Arity
    short: str  # the spelling the compiler writes on the wire


OPERATORS: tuple[OperatorSpec, ...] = (
    OperatorSpec(Op.BETWEEN, ("Between", "between"), Arity.TWO, "between"),
    OperatorSpec(Op.CONTAINS, ("Contains", "contains"), Arity.ONE, "contains"),
    OperatorSpec(Op.ENDS_WITH, ("EndsWith", "endsWith"), Arity.ONE, "endsWith"),
    OperatorSpec(Op.EQUAL, ("Equal", "eq", "=="), Arity.ONE, "eq"),
    OperatorSpec(Op.GREATER_THAN, ("GreaterThan", "gt", ">"), Arity.ONE, "gt"),
    OperatorSpec(Op.GREATER_THAN_OR_EQUAL, ("GreaterThanOrEqual", "ge", ">="), Arity.ONE, "ge"),
    OperatorSpec(Op.IN, ("In", "in"), Arity.MANY, "in"),
    OperatorSpec(Op.IS_EMPTY, ("IsEmpty", "isEmpty", "empty"), Arity.NONE, "isEmpty"),
    OperatorSpec(Op.IS_FALSE, ("IsFalse", "isFalse", "false"), Arity.NONE, "isFalse"),
    OperatorSpec(Op.IS_TRUE, ("IsTrue", "isTrue", "true"), Arity.NONE, "isTrue"),
    OperatorSpec(Op.LESS_THAN, ("LessThan", "lt", "<"), Arity.ONE, "lt"),
    OperatorSpec(Op.LESS_THAN_OR_EQUAL, ("LessThanOrEqual", "le", "<="), Arity.ONE, "le"),
    OperatorSpec(Op.NOT_CONTAIN, ("NotContain", "notContain", "!contain"), Arity.ONE, "notContain"),
    OperatorSpec(Op.NOT_EMPTY, ("NotEmpty", "notEmpty", "!empty"), Arity.NONE, "notEmpty"),
    OperatorSpec(Op.NOT_EQUAL, ("NotEqual", "ne", "!="), Arity.ONE, "ne"),
    OperatorSpec(Op.STARTS_WITH, ("StartsWith", "startsWith"), Arity.ONE, "startsWith"),
)

SPEC_BY_OP: dict[Op, OperatorSpec] = {spec.op: spec for spec in OPERATORS}

_BY_SPELLING: dict[str, OperatorSpec] = {spelling.lower(): spec for spec in OPERATORS for spelling in spec.spellings}

ALL_SPELLINGS: tuple[str, ...] = tuple(s for spec in OPERATORS for s in spec.spellings)


def lookup(spelling: str) -> OperatorSpec | None:
    """Return the operator a spelling names (case-insensitive), or None."""
    return _BY_SPELLING.get(spelling.lower())
