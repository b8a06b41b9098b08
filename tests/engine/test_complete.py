"""Table tests of ``complete``: ``|`` marks the cursor; each case says what must (not) be offered."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import pytest

from imisql.catalog import builtin_catalog
from imisql.catalog.builtin import StaticCatalog
from imisql.catalog.model import Entity, EntityKind, Field, FieldType
from imisql.engine import Completion, complete
from tests.engine.cursor import cursor


@dataclass(frozen=True)
class Case:
    marked: str
    first: str | None = None  # the best suggestion
    has: tuple[str, ...] = ()  # labels that must be offered
    lacks: tuple[str, ...] = ()  # labels that must not be offered
    kinds: frozenset[str] = field(default_factory=frozenset)  # every suggestion is one of these kinds
    empty: bool = False

    def __str__(self) -> str:
        return self.marked


KW, ENT, FLD, OP, VAL, FN, SNIP = "keyword", "entity", "field", "operator", "value", "function", "snippet"

CASES = [
    # statement starts: keywords from the parser state, snippets
    Case("|", has=("SELECT", "EXPLAIN", "DESCRIBE", "SHOW ENTITIES", "SELECT … FROM … WHERE …"), lacks=("FROM",)),
    Case("SEL|", first="SELECT", kinds=frozenset({KW, SNIP})),
    Case("sel|", first="SELECT"),
    Case("ex|", first="EXPLAIN"),
    Case("SHOW |", first="ENTITIES", kinds=frozenset({KW})),
    Case("EXPLAIN |", first="SELECT", kinds=frozenset({KW})),
    Case("SELECT * FROM Party; |", has=("SELECT", "DESCRIBE")),
    Case("SELECT * FROM Party; SEL|", first="SELECT"),
    # entities after FROM and DESCRIBE
    Case("SELECT * FROM |", has=("Party", "Event", "Country", "iqa('…')"), kinds=frozenset({ENT, SNIP})),
    Case("SELECT * FROM Pa|", first="Party", has=("PartySummary",), lacks=("Event",)),
    Case("SELECT * FROM ev|", first="Event", has=("EventRegistration", "EventSummary")),
    Case("SELECT * FROM evreg|", first="EventRegistration"),
    Case("select * from gm|", first="GroupMember"),
    Case("DESCRIBE |", has=("Party", "Invoice"), lacks=("iqa('…')",), kinds=frozenset({ENT})),
    Case("DESC Inv|", first="Invoice"),
    Case("SELECT * FROM | WHERE LastName = 'x'", has=("Party",)),
    # fields of the FROM entity where values start
    Case("SELECT | FROM Party", has=("PartyId", "Email", "COUNT(*)", "SUM"), lacks=("Event",)),
    Case("SELECT Em| FROM Party", first="Email"),
    Case("SELECT PartyId, | FROM Party", has=("Name", "Email"), lacks=("PartyId ",)),
    Case("SELECT PartyId, Nam| FROM Party", first="Name"),
    Case("SELECT * FROM Party WHERE |", has=("LastName", "CountryCode", "NOT"), lacks=("COUNT(*)", "SUM")),
    Case("SELECT * FROM Party WHERE las|", first="LastName"),
    Case("SELECT * FROM Party WHERE lstnm|", first="LastName"),
    Case("SELECT * FROM Party WHERE fina|", first="FirstName"),
    Case("SELECT * FROM Party WHERE fn|", has=("FirstName", "FullName")),
    Case("SELECT * FROM Party WHERE code|", has=("CountryCode",)),
    Case("SELECT * FROM Party WHERE FullN|", first="FullName"),
    Case("SELECT * FROM Event WHERE |", has=("EventId", "StartDateTime"), lacks=("LastName",)),
    Case("SELECT * FROM Party WHERE LastName = 'x' AND |", has=("FirstName", "Email")),
    Case("SELECT * FROM Party WHERE LastName = 'x' OR Em|", first="Email"),
    Case("SELECT * FROM Party WHERE (|", has=("LastName",)),
    Case("SELECT * FROM Party ORDER BY |", has=("LastName", "COUNT(*)")),
    Case("SELECT * FROM Party ORDER BY Las|", first="LastName"),
    Case("SELECT Status, COUNT(*) FROM Party GROUP BY |", has=("Status", "CountryCode"), lacks=("COUNT(*)",)),
    Case("SELECT Status, COUNT(*) FROM Party GROUP BY Status HAVING |", has=("COUNT(*)", "Status")),
    Case("SELECT COUNT(|) FROM Party", has=("PartyId",), lacks=("COUNT(*)",)),
    # alias-aware and dotted paths
    Case("SELECT p.| FROM Party p", has=("LastName", "FirstName", "PersonName.MiddleName"), kinds=frozenset({FLD})),
    Case("SELECT p.Las| FROM Party AS p", first="LastName"),
    Case("SELECT * FROM Party p WHERE p.|", has=("LastName", "Email"), kinds=frozenset({FLD})),
    Case("SELECT * FROM Party p WHERE p.Em|", first="Email"),
    Case("SELECT Party.Em| FROM Party", first="Email"),
    Case("SELECT PersonName.| FROM Party", has=("FirstName", "LastName", "NamePrefix"), lacks=("Email",)),
    Case("SELECT p.PersonName.L| FROM Party AS p", first="LastName"),
    Case("SELECT Balance.| FROM Invoice", has=("Amount", "Currency.CurrencyCode")),
    Case("SELECT q.| FROM Party p", empty=True),
    Case("SELECT * FROM CsContact WHERE |", lacks=("LastName",), kinds=frozenset({KW})),
    # operators after a field, filtered by its type (SQL and iMIS spellings)
    Case(
        "SELECT * FROM Party WHERE LastName |",
        has=("= …", "LIKE …", "Contains …", "STARTS WITH …", "IN (…)", "IS NULL", "IsEmpty", "NOT CONTAINS …"),
        kinds=frozenset({OP}),
    ),
    Case(
        "SELECT * FROM Party WHERE BirthDate |",
        has=("< …", "BETWEEN … AND …", "GreaterThan …", "IS NULL"),
        lacks=("LIKE …", "Contains …", "IS TRUE"),
        kinds=frozenset({OP}),
    ),
    Case("SELECT * FROM Country WHERE IsActive |", has=("IS TRUE", "IsFalse", "= …"), lacks=("< …", "LIKE …")),
    Case("SELECT * FROM Invoice WHERE Balance |", has=(">= …", "ge …", "IN (…)"), lacks=("Contains …",)),
    Case("SELECT * FROM Party WHERE Addresses |", has=("IS EMPTY", "NotEmpty"), lacks=("= …",)),
    Case("SELECT * FROM Party WHERE LastName con|", first="Contains …", has=("NOT CONTAINS …",)),
    Case("SELECT * FROM Party WHERE LastName sw|", first="StartsWith …", has=("STARTS WITH …",)),
    Case("SELECT * FROM Party WHERE LastName starts|", has=("STARTS WITH …", "StartsWith …")),
    Case("SELECT * FROM Party p WHERE p.BirthDate |", lacks=("LIKE …",), has=("BETWEEN … AND …",)),
    Case("SELECT * FROM Mystery WHERE Anything |", has=("LIKE …", "IS TRUE", "= …")),
    # values the catalog knows
    Case("SELECT * FROM Party WHERE CountryCode = |", has=("'US'", "'GB'", "CountryCode"), first="'AD'"),
    Case("SELECT * FROM Party WHERE CountryCode = 'G|'", first="'GA'", has=("'GB'",), kinds=frozenset({VAL})),
    Case("SELECT * FROM Party WHERE CountryCode IN ('US', |", has=("'CA'",)),
    Case("SELECT * FROM Party WHERE CountryCode IN ('US', 'C|", first="'CA'"),
    Case("SELECT * FROM Party WHERE Status = '|'", has=("'A'", "'I'", "'D'"), kinds=frozenset({VAL})),
    Case("SELECT * FROM Party WHERE Status <> |", first="'A'"),
    Case("SELECT * FROM Event WHERE Status = |", has=("'A'", "'C'", "'F'")),
    Case("SELECT * FROM Activity WHERE ACTIVITY_TYPE = 'D|'", first="'DUES'"),
    Case("SELECT * FROM Party WHERE BirthDate > |", has=("DATE '…'",)),
    Case("SELECT * FROM Party WHERE BirthDate BETWEEN DATE '2000-01-01' AND |", has=("DATE '…'",)),
    Case("SELECT * FROM Party WHERE LastName = '|'", empty=True),
    # keywords after complete clauses
    Case("SELECT * FROM Party |", has=("WHERE", "ORDER BY", "LIMIT", "GROUP BY", "AS"), lacks=("SELECT", "AND")),
    Case("SELECT * FROM Party WH|", first="WHERE"),
    Case("SELECT * FROM Party WHERE LastName = 'x' |", has=("AND", "OR", "ORDER BY", "LIMIT"), lacks=("WHERE",)),
    Case("SELECT * FROM Party WHERE LastName = 'x' ORD|", first="ORDER BY"),
    Case("SELECT * FROM Party ORDER BY LastName |", has=("ASC", "DESC", "LIMIT", "OFFSET"), lacks=("WHERE",)),
    Case("SELECT * FROM Party ORDER |", first="BY", kinds=frozenset({KW})),
    Case("SELECT * FROM Party LIMIT 5 |", has=("OFFSET",), lacks=("WHERE", "LIMIT")),
    Case("SELECT PartyId |", has=("FROM", "AS"), lacks=("PartyId",)),
    Case("SELECT DIST|", first="DISTINCT"),
    Case("SELECT * FROM Party p |", has=("WHERE",), lacks=("AS",)),
    Case("SELECT * FROM Party WHERE LastName IS |", has=("NULL", "NOT", "EMPTY", "TRUE")),
    # inside comments nothing; snippets where statements start
    Case("SELECT * FROM Party -- |", empty=True),
    Case("SELECT * /* | */ FROM Party", empty=True),
    Case("SELECT * FROM Party WHERE |\n-- note", has=("LastName",)),
    # broken text before the cursor does not stop completion
    Case("SELECT , , FROM Party WHERE Las|", first="LastName"),
    Case("SELECT * FROM Party WHERE = = AND Em|", first="Email"),
    Case("SELECT 'unterminated FROM |", empty=True),
    Case("SELECT * FROM Party WHERE # LastN|", first="LastName"),
    Case("SELECT * FROM Party; SELECT * FROM Event WHERE Na|", first="Name"),
    Case('SELECT * FROM Party WHERE "Last|', first="LastName"),
]


def _labels(items: list[Completion]) -> list[str]:
    return [c.label for c in items]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_completion_table(case: Case) -> None:
    text, offset = cursor(case.marked)
    items = complete(text, offset, builtin_catalog())
    labels = _labels(items)
    if case.empty:
        assert labels == []
        return
    assert labels, "no suggestions"
    if case.first is not None:
        assert labels[0] == case.first, labels[:8]
    assert set(case.has) <= set(labels), set(case.has) - set(labels)
    assert not set(case.lacks) & set(labels)
    if case.kinds:
        assert {c.kind for c in items} <= case.kinds, {c.kind for c in items}


def test_there_are_enough_completion_cases() -> None:
    assert len(CASES) >= 60


def test_replace_range_covers_the_word_being_typed() -> None:
    text, offset = cursor("SELECT * FROM Party p WHERE p.LastN|ame = 'x'")
    first = complete(text, offset)[0]
    assert (first.label, text[first.start : first.end]) == ("LastName", "LastName")
    assert first.insert_text == "LastName"


def test_a_field_named_like_a_keyword_is_inserted_quoted() -> None:
    entity = Entity("Thing", "/api/Thing", ("Id",), (Field("Date", ("Date",), FieldType.DATETIME, "Date"),),
                    EntityKind.TYPED)  # fmt: skip
    text, offset = cursor("SELECT * FROM Thing WHERE |")
    (item,) = [c for c in complete(text, offset, StaticCatalog([entity])) if c.kind == "field"]
    assert item.insert_text == '"Date"'


def test_values_show_what_each_code_means() -> None:
    text, offset = cursor("SELECT * FROM Event WHERE Status IN ('A', |")
    items = {c.label: c for c in complete(text, offset) if c.kind == "value"}
    assert (items["'C'"].description, items["'C'"].detail) == ("Closed", "C — Closed")
    text, offset = cursor("SELECT * FROM Country WHERE CountryCode = 'N|'")
    assert next(c for c in complete(text, offset) if c.label == "'NZ'").description == "New Zealand"
    text, offset = cursor("SELECT * FROM Party WHERE LastName = |")
    assert not [c for c in complete(text, offset) if c.kind == "value"]


def test_iqa_paths_the_catalog_knows_complete_inside_iqa() -> None:
    paths = ("$/Common/Queries/Search/Contact/Last Name", "$/Finance/Queries/Open Invoices")
    catalog = StaticCatalog(builtin_catalog().entities(), paths)
    text, offset = cursor("SELECT * FROM iqa('$/Fin|')")
    first = complete(text, offset, catalog)[0]
    assert (first.label, first.insert_text, text[first.start : first.end]) == (
        "'$/Finance/Queries/Open Invoices'", "'$/Finance/Queries/Open Invoices'", "'$/Fin'"
    )  # fmt: skip
    text, offset = cursor("SELECT * FROM iqa(|")
    assert {"'$/Common/Queries/Search/Contact/Last Name'", "'$/Finance/Queries/Open Invoices'"} <= {
        c.label for c in complete(text, offset, catalog)
    }
    text, offset = cursor("SELECT * FROM iqa('|")
    assert complete(text, offset) == []  # the built-in catalog knows no site's queries


def test_named_parameters_complete_from_the_rest_of_the_document() -> None:
    text, offset = cursor("SELECT * FROM Party WHERE Email = :email AND LastName = :em|")
    (item,) = complete(text, offset)
    assert (item.label, item.kind, item.insert_text, text[item.start : item.end]) == (
        ":email",
        "parameter",
        ":email",
        ":em",
    )


def test_snippets_carry_placeholders_and_a_plain_form() -> None:
    (snippet,) = [c for c in complete("", 0) if c.label == "SELECT … FROM … WHERE …"]
    assert "${2:Party}" in snippet.insert_text
    assert snippet.plain_text == "SELECT *\nFROM Party\nWHERE LastName = 'Smith'"


def test_sort_text_follows_the_ranking() -> None:
    items = complete("SELECT * FROM Party WHERE ", 26)
    assert [c.sort_text for c in items] == sorted(c.sort_text for c in items)


def test_completion_from_many_threads_agrees() -> None:
    text, offset = cursor("SELECT * FROM Party p WHERE p.Em|")
    expected = _labels(complete(text, offset))
    results: list[list[str]] = []

    def work() -> None:
        for _ in range(20):
            results.append(_labels(complete(text, offset)))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(results) == 80 and all(r == expected for r in results)
