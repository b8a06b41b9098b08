"""Editor help inside JOINs: completion, hover, formatting and highlighting over every source."""

from __future__ import annotations

import pytest

from imisql.catalog import builtin_catalog
from imisql.engine import complete, format_sql, hover, semantic_tokens
from imisql.parser import parse_statement
from tests.engine.cursor import cursor

JOINED = "SELECT {} FROM Party p JOIN Activity a ON a.ID = p.PartyId"

COMPLETION_CASES = [
    # (marked text, best suggestion or None, labels that must be offered, labels that must not be)
    ("SELECT * FROM Party p JOIN |", None, ("Activity", "EventRegistration", "Party"), ("a.ID = p.PartyId",)),
    ("SELECT * FROM Party p LEFT JOIN Act|", "Activity", (), ()),
    ("SELECT * FROM Party p JOIN Activity a ON |", "a.ID = p.PartyId", ("a.ACTIVITY_TYPE", "p.PartyId"), ()),
    ("SELECT * FROM Activity a JOIN Party p ON |", "p.PartyId = a.ID", (), ()),
    ("SELECT * FROM EventRegistration r JOIN Event e ON |", "e.EventId = r.EventId", (), ()),
    ("SELECT * FROM GroupMember m JOIN Party p ON |", "p.PartyId = m.Party.PartyId", (), ()),
    ("SELECT * FROM Party p JOIN Activity a ON a.ID = p.PartyId JOIN EventRegistration r ON |",
     "r.PartyId = p.PartyId", (), ("a.ID = p.PartyId",)),
    ("SELECT * FROM Country c JOIN Item i ON |", None, ("i.ItemId",), ("c.CountryCode = i.ItemId",)),
    (JOINED.format("a.|"), None, ("ACTIVITY_TYPE", "AMOUNT", "ID"), ("LastName", "PartyId")),
    (JOINED.format("p.|"), None, ("PartyId", "LastName", "Email"), ("ACTIVITY_TYPE", "AMOUNT")),
    (JOINED.format("p.PersonName.|"), None, ("LastName", "FirstName"), ("ACTIVITY_TYPE",)),
    (JOINED.format("|"), None, ("a.ACTIVITY_TYPE", "p.LastName", "p.PartyId", "a.SEQN"), ("ACTIVITY_TYPE", "LastName")),
    (JOINED.format("amou|"), "a.AMOUNT", (), ()),
    (JOINED.format("*") + " WHERE a.ACTIVITY_TYPE = '|", None, ("'DUES'", "'CEU'"), ("'A'",)),
    (JOINED.format("*") + " WHERE a.ACTIVITY_TYPE |", None, ("= …", "IN (…)"), ()),
    (JOINED.format("*") + " WHERE p.CountryCode IN ('US', |", None, ("'CA'",), ()),
    (JOINED.format("*") + " WHERE p.|", "AdditionalAttributes.CustomerTypeCode", ("LastName",), ("AMOUNT",)),
    ("SELECT * FROM Party p JOIN Party q ON q.|", None, ("PartyId", "LastName"), ()),
]  # fmt: skip


@pytest.mark.parametrize(("marked", "first", "has", "lacks"), COMPLETION_CASES, ids=[c[0] for c in COMPLETION_CASES])
def test_completion_in_joins(marked: str, first: str | None, has: tuple[str, ...], lacks: tuple[str, ...]) -> None:
    text, offset = cursor(marked)
    labels = [c.label for c in complete(text, offset, builtin_catalog())]
    assert labels, "no suggestions"
    if first is not None:
        assert labels[0] == first, labels[:8]
    assert set(has) <= set(labels), set(has) - set(labels)
    assert not set(lacks) & set(labels)


def test_a_join_condition_inserts_the_whole_condition() -> None:
    text, offset = cursor("SELECT * FROM Party p JOIN Activity a ON |")
    found = next(c for c in complete(text, offset) if c.label == "a.ID = p.PartyId")
    assert found.insert_text == found.plain_text == "a.ID = p.PartyId"
    assert (found.start, found.end) == (offset, offset)
    assert "Activity → Party" in found.detail


def test_a_source_without_an_alias_is_qualified_by_its_name() -> None:
    text, offset = cursor("SELECT | FROM Party JOIN Activity ON Activity.ID = Party.PartyId")
    labels = [c.label for c in complete(text, offset)]
    assert {"Activity.AMOUNT", "Party.LastName"} <= set(labels)


HOVER_CASES = [
    ("AMOUNT", ["**AMOUNT** — `decimal` · Activity"]),
    ("ACTIVITY_TYPE =", ["Activity type code", "`DUES`"]),
    ("Name,", ["**Name** — `string` · Party"]),
    ("PersonName", ["object of Party", "`LastName`"]),
    ("a.ID", ["alias of **Activity**"]),
    ("Activity a", ["**Activity** — generic entity", "`GET /api/Activity`"]),
    ("JOIN", ["**iMIS requests**", "bind join: p.PartyId -> a.ID", "ID=in%3A{keys}", "estimated requests"]),
]
HOVER_TEXT = (
    "SELECT p.Name, a.AMOUNT FROM Party p JOIN Activity a ON a.ID = p.PartyId "
    "WHERE a.ACTIVITY_TYPE = 'DUES' AND p.PersonName.LastName = 'Smith'"
)


@pytest.mark.parametrize(("word", "fragments"), HOVER_CASES, ids=[c[0] for c in HOVER_CASES])
def test_hover_in_joins(word: str, fragments: list[str]) -> None:
    found = hover(HOVER_TEXT, HOVER_TEXT.index(word) + 1)
    assert found is not None
    for fragment in fragments:
        assert fragment in found.markdown, found.markdown


def test_hover_on_a_hash_join_names_the_column_iMIS_cannot_filter() -> None:
    text = 'SELECT * FROM Event e JOIN "Group" g ON g.Description = e.Description'
    found = hover(text, text.index("JOIN") + 1)
    assert found is not None
    assert "inner hash join" in found.markdown
    assert "joins on Description, which iMIS cannot filter" in found.markdown


FORMAT_CASES = [
    (
        "select p.Name, a.AMOUNT from Party p left outer join Activity a on a.ID = p.PartyId and a.AMOUNT > 1 "
        "inner join EventRegistration r on r.PartyId = p.PartyId where p.LastName = 'Smith'",
        "SELECT p.Name, a.AMOUNT\nFROM Party AS p\nLEFT JOIN Activity AS a ON a.ID = p.PartyId AND a.AMOUNT > 1\n"
        "JOIN EventRegistration AS r ON r.PartyId = p.PartyId\nWHERE p.LastName = 'Smith';\n",
    ),
    (
        "select * from Party p join Activity a on a.ID = p.PartyId -- note\n order by a.AMOUNT desc limit 5",
        "SELECT *\nFROM Party AS p\nJOIN Activity AS a ON a.ID = p.PartyId  -- note\n"
        "ORDER BY a.AMOUNT DESC\nLIMIT 5;\n",
    ),
    ("select * from Party p cross join Item i", "SELECT *\nFROM Party AS p\nCROSS JOIN Item AS i;\n"),
    (
        "select count(*) from Party join Activity on Activity.ID = Party.PartyId or Activity.ID = Party.Id",
        "SELECT COUNT(*)\nFROM Party\nJOIN Activity ON Activity.ID = Party.PartyId OR Activity.ID = Party.Id;\n",
    ),
]


@pytest.mark.parametrize(("source", "expected"), FORMAT_CASES, ids=[c[0][:40] for c in FORMAT_CASES])
def test_format_prints_joins_and_round_trips(source: str, expected: str) -> None:
    formatted = format_sql(source)
    assert formatted == expected
    assert format_sql(formatted) == formatted
    assert parse_statement(formatted) == parse_statement(source)


def test_join_keywords_highlight_as_keywords_and_joined_entities_as_classes() -> None:
    text = "SELECT a.AMOUNT FROM Party p LEFT OUTER JOIN Activity a ON a.ID = p.PartyId INNER JOIN Event e ON 1 = 1"
    kinds = {text[t.start : t.end]: t.type for t in semantic_tokens(text)}
    assert {kinds[w] for w in ("LEFT", "OUTER", "JOIN", "ON", "INNER")} == {"keyword"}
    assert (kinds["Activity"], kinds["Event"], kinds["Party"]) == ("class", "class", "class")
    qualifiers = [t.type for t in semantic_tokens(text) if text[t.start : t.end] in ("a", "p") and text[t.end] == "."]
    assert qualifiers and set(qualifiers) == {"variable"}
