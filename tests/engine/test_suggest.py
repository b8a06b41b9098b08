"""The first stage of completion: which kinds of suggestion fit at the cursor (``|``), matched by type."""

from __future__ import annotations

from typing import TypeVar, get_args

import pytest

from imisql.catalog import builtin_catalog
from imisql.engine.context import context_at
from imisql.engine.produce import PRODUCERS
from imisql.engine.suggest import (
    ClauseTemplate,
    Column,
    Entity,
    Function,
    IqaPath,
    JoinCondition,
    Keyword,
    Operator,
    Parameter,
    StatementTemplate,
    Suggestion,
    Value,
    suggest,
)
from tests.engine.cursor import cursor

S = TypeVar("S")


def _suggest(marked: str) -> tuple[Suggestion, ...]:
    text, offset = cursor(marked)
    return suggest(context_at(text, offset, builtin_catalog()))


def _kinds(marked: str) -> set[type]:
    return {type(s) for s in _suggest(marked)}


def _one(marked: str, kind: type[S]) -> S:
    (found,) = [s for s in _suggest(marked) if isinstance(s, kind)]
    return found


KINDS = [
    ("|", {Keyword, StatementTemplate}),
    ("SELECT * FROM Party; |", {Keyword, StatementTemplate}),
    ("SELECT * FROM |", {Entity, Keyword}),
    ("DESCRIBE |", {Entity, Keyword}),
    ("SELECT | FROM Party", {Column, Function, Keyword}),
    ("SELECT * FROM Party WHERE |", {Column, Keyword}),
    ("SELECT * FROM Party WHERE LastName |", {Operator}),
    ("SELECT * FROM Party WHERE CountryCode = |", {Value, Column, Keyword}),
    ("SELECT * FROM Party WHERE LastName = |", {Value, Column, Keyword}),
    ("SELECT * FROM Party WHERE Status = '|'", {Value}),
    ("SELECT * FROM Party WHERE '|'", set()),
    ("SELECT * FROM Party p WHERE p.|", {Column}),
    ("SELECT * FROM Party |", {Keyword, ClauseTemplate}),
    ("SELECT * FROM Party p JOIN Activity a ON |", {JoinCondition, Column, Keyword}),
    ("SELECT * FROM Party p JOIN |", {Entity, Keyword}),
    ("UPDATE Party SET |", {Column, Keyword}),
    ("SELECT * FROM Party -- |", set()),
    ("SELECT * FROM iqa('|", {IqaPath}),
    ("SELECT * FROM iqa('$/Common/|')", {IqaPath}),
    ("SELECT * FROM iqa(|", {IqaPath, Keyword}),
    ("SELECT * FROM Party p JOIN iqa('|", {IqaPath}),
    ("SELECT * FROM iqa('$/q', '|", set()),
    ("SELECT * FROM Party WHERE Email = iqa('|", set()),
    ("SELECT * FROM Party WHERE Email = :e|", {Parameter}),
]


@pytest.mark.parametrize(("marked", "kinds"), KINDS, ids=[k[0] for k in KINDS])
def test_the_kinds_that_fit(marked: str, kinds: set[type]) -> None:
    assert _kinds(marked) == kinds


def test_every_kind_has_a_producer() -> None:
    assert set(get_args(Suggestion)) == set(PRODUCERS)


def test_iqa_is_offered_after_from_only() -> None:
    assert _one("SELECT * FROM |", Entity) == Entity(iqa=True)
    assert _one("SELECT * FROM Party p JOIN |", Entity) == Entity(iqa=False)


def test_keywords_rank_after_names_where_a_value_may_start() -> None:
    assert _one("SELECT * FROM Party WHERE |", Keyword).rank > _one("SELECT * FROM Party |", Keyword).rank


def test_columns_of_one_source_are_unqualified() -> None:
    column = _one("SELECT * FROM Party p WHERE |", Column)
    (scope,) = column.scopes
    assert (scope.source.alias, scope.prefix, scope.qualifier) == ("p", "", "")


def test_columns_of_a_join_are_the_fields_of_every_source_qualified_by_alias() -> None:
    column = _one("SELECT | FROM Party p JOIN Activity a ON a.ID = p.PartyId", Column)
    assert [(s.source.name, s.qualifier) for s in column.scopes] == [("Party", "p"), ("Activity", "a")]


def test_a_typed_qualifier_picks_one_source_and_the_dotted_prefix() -> None:
    column = _one("SELECT p.PersonName.L| FROM Party AS p", Column)
    (scope,) = column.scopes
    assert (scope.source.alias, scope.prefix, scope.qualifier) == ("p", "PersonName.", "")


def test_an_unknown_qualifier_has_no_columns() -> None:
    assert _suggest("SELECT q.| FROM Party p") == (Column(()),)


def test_a_join_condition_names_the_new_source_and_the_earlier_ones() -> None:
    found = _one(
        "SELECT * FROM Party p JOIN Activity a ON a.ID = p.PartyId JOIN EventRegistration r ON |", JoinCondition
    )
    assert found.new.alias == "r"
    assert [s.alias for s in found.earlier] == ["p", "a"]


def test_the_operator_knows_its_left_field() -> None:
    found = _one("SELECT * FROM Party WHERE BirthDate |", Operator)
    assert found.left is not None and found.left.name == "BirthDate"


def test_values_name_the_field_on_the_left_and_whether_quotes_are_open() -> None:
    typed = _one("SELECT * FROM Party WHERE CountryCode IN ('US', |", Value)
    quoted = _one("SELECT * FROM Party WHERE Status = '|'", Value)
    assert (typed.field.name, typed.in_string) == ("CountryCode", False)
    assert (quoted.field.name, quoted.in_string) == ("Status.PartyStatusId", True)


def test_set_offers_only_writable_columns() -> None:
    column = _one("UPDATE Party SET |", Column)
    assert column.writable


def test_aggregates_only_at_the_top_of_select_having_and_order_by() -> None:
    assert Function in _kinds("SELECT Status, COUNT(*) FROM Party GROUP BY Status HAVING |")
    assert Function not in _kinds("SELECT COUNT(|) FROM Party")
    assert Function not in _kinds("SELECT * FROM Party GROUP BY |")


def test_parameters_are_the_ones_used_elsewhere_in_the_document() -> None:
    marked = "SELECT * FROM Party WHERE Email = :email AND LastName = :last; SELECT * FROM Event WHERE Name = :l|"
    assert _one(marked, Parameter) == Parameter((":email", ":last"))
    assert _one("SELECT * FROM Party WHERE Email = :x|", Parameter) == Parameter(())
