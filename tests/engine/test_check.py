"""Table tests of ``check``: ``«…»`` marks where each expected diagnostic is, in order."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from imisql.catalog import builtin_catalog
from imisql.engine import Diagnostic, check
from tests.engine.cursor import ranges


@dataclass(frozen=True)
class Case:
    marked: str
    codes: tuple[str, ...]  # one code per «range», in document order
    contains: str = ""  # a fragment of the first diagnostic's message (or hint)
    fixes: tuple[str, ...] = ()  # fixes of the first diagnostic

    def __str__(self) -> str:
        return self.marked


CASES = [
    # clean statements: nothing to say
    Case("SELECT * FROM Party WHERE LastName CONTAINS 'smith'", ()),
    Case("SELECT Name AS n FROM Party ORDER BY n LIMIT 5", ()),
    Case("SELECT * FROM Party WHERE LastName = :name AND BirthDate > ? LIMIT :n", ()),
    Case("SELECT DISTINCT Status FROM Party", ()),
    Case("", ()),
    Case("  ;; -- only a comment\n/* and another */ ;", ()),
    # syntax errors, several per document and per statement
    Case("«SELCT» * FROM Party", ("syntax",), "unexpected name 'SELCT'", ("SELECT",)),
    Case("SELECT * «FRM» Party", ("syntax",), "FRM"),
    Case("SELECT * «FROM»", ("syntax",), "end of input"),
    Case("SELECT * FROM Party «WHRE» «x» = 1", ("misspelt-keyword", "syntax"), "reads as a name here", ("WHERE",)),
    Case("SELECT a b «c» d FROM Party WHERE x = «=» 1", ("syntax", "syntax"), "unexpected name 'c'"),
    Case("SELECT * FROM Party WHERE (LastName = «'x'»", ("syntax",), "end of input"),
    Case("SELECT * FROM Party WHERE x = «'»abc", ("syntax",), "unterminated string"),
    Case("SELECT * FROM Party «#» x", ("syntax",), "unexpected character"),
    Case("SELECT * «FRM» Party;\nSELECT * «FRM» Event", ("syntax", "syntax")),
    Case("SELECT * FROM Party ORDER «x»", ("syntax",), "expected BY"),
    Case("SELECT * FROM Party LIMIT «'x'»", ("syntax",), "LIMIT"),
    Case("SELECT * FROM Party WHERE a = 1 ORDER BY x «LIMTI» 5", ("syntax",), "LIMTI", ("LIMIT",)),
    # names: every unknown field, unknown entities, with fixes
    Case(
        "SELECT * FROM Party WHERE «LastNme» = 'x' AND «Emial» = 'y'",
        ("unknown-field", "unknown-field"),
        "did you mean LastName",
        ("LastName", "FirstName"),
    ),
    Case("SELECT «Nme», Email FROM Party", ("unknown-field",), "Party has no field 'Nme'", ("Name",)),
    Case("SELECT * FROM Party p WHERE «p.LastNam» = 'x'", ("unknown-field",), "LastNam", ("p.LastName",)),
    Case("SELECT * FROM Party WHERE «IsMember» = TRUE", ("unknown-field",), "", ("AdditionalAttributes.IsMember",)),
    Case("SELECT COUNT(*) FROM Party GROUP BY «Nme»", ("unknown-field",)),
    Case("SELECT Name AS n FROM Party ORDER BY «m»", ("unknown-field",)),
    Case("SELECT * FROM «Partty»", ("unknown-entity",), "not in the catalog", ("Party",)),
    Case("SELECT * FROM «Cart»", ("unknown-entity",), "not in the catalog"),
    Case("DESCRIBE «Evnt»", ("unknown-entity",), "", ("Event",)),
    Case("EXPLAIN SELECT * FROM Party WHERE «Emial» = 1", ("unknown-field",), "", ("Email", "Emails")),
    Case("SELECT * FROM «CsContact» WHERE AnyField = 1", ("unknown-entity",), "fields are not checked"),
    # types and other semantic errors from the compiler
    Case("SELECT * FROM Party WHERE BirthDate > «'abc'»", ("type",), "not a valid value", ()),
    Case("SELECT * FROM Party WHERE «BirthDate LIKE 'a%'»", ("type",), "LIKE applies to text"),
    Case("SELECT * FROM Country WHERE «IsActive contains 'x'»", ("type",), "does not apply to IsActive"),
    Case("SELECT * FROM Party WHERE LastName = «NULL»", ("type",), "never true"),
    Case("SELECT * FROM Party WHERE LastName LIKE «5»", ("semantic",), "string pattern"),
    Case("SELECT * FROM Party ORDER BY «3»", ("semantic",), "out of range"),
    Case("SELECT «UPPER(DISTINCT LastName)» FROM Party", ("semantic",), "DISTINCT does not apply to UPPER"),
    Case("SELECT * FROM Party WHERE x = DATE «'2024-13-45'»", ("semantic",), "invalid DATE"),
    # notes from the planner, anchored where they apply
    Case("SELECT * FROM Party WHERE «CityName LIKE '%a_b%'» «LIMIT» 5", ("plan", "plan"), "filtered on the client"),
    Case("SELECT * FROM Party WHERE «LastName = 'a' OR Email = 'b'»", ("plan",), "2 requests"),
    Case("SELECT * FROM Party «ORDER» BY PersonName.FullName, FirstName", ("plan",), "ORDER BY applied on the client"),
    Case("«SELECT» COUNT(*) FROM Party", ("plan",), "TotalCount"),
    Case("«SELECT» * FROM Party WHERE PartyId = '101' AND LastName = 'x'", ("plan",), "single Party"),
    Case("SELECT * FROM Party WHERE «Gender = 1»", ("plan",), "filtered on the client"),
    Case("EXPLAIN «SELECT» COUNT(*) FROM Party", ("plan",), "TotalCount"),
    Case("select * from Party «order» by LastName, FirstName «limit» 3", ("plan", "plan"), "iMIS sorts by LastName"),
]
SEVERITY = {
    "syntax": "error", "misspelt-keyword": "warning", "unknown-field": "error", "type": "error",
    "semantic": "error", "unknown-entity": "warning", "plan": "info",
}  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=str)
def test_check_table(case: Case) -> None:
    text, expected = ranges(case.marked)
    found = check(text, builtin_catalog())
    assert [(d.start, d.end) for d in found] == expected, [(text[d.start : d.end], d.message) for d in found]
    assert tuple(d.code for d in found) == case.codes
    assert all(d.severity == SEVERITY[d.code] for d in found)
    if case.contains:
        assert case.contains in f"{found[0].message} {found[0].hint}"
    if case.fixes:
        assert found[0].fixes[: len(case.fixes)] == case.fixes


def test_there_are_enough_diagnostic_cases() -> None:
    assert len(CASES) >= 30


def test_offsets_are_document_offsets_across_statements() -> None:
    text = "SELECT 1 FROM Party;\n\n-- next\nSELECT * FROM Party WHERE Nope = 1"
    (d,) = check(text)
    assert text[d.start : d.end] == "Nope"


def test_parameters_without_values_are_not_errors() -> None:
    text = "SELECT * FROM Party WHERE BirthDate > :since AND LastName IN (?, ?) LIMIT :n OFFSET ?"
    assert [d for d in check(text) if d.severity == "error"] == []


def test_results_do_not_depend_on_cached_positions() -> None:
    statement = "SELECT * FROM Party WHERE Emial = 'x'"
    first = check(statement)
    moved = check("SELECT Name FROM Party;\n" + statement)
    shift = len("SELECT Name FROM Party;\n")
    assert [(d.start + shift, d.end + shift) for d in first] == [(d.start, d.end) for d in moved if d.code != "plan"]


def test_a_diagnostic_is_a_plain_value() -> None:
    (d,) = check("SELECT * FROM Party WHERE Emial = 'x'")
    assert d == Diagnostic(d.start, d.end, "error", d.message, d.hint, "unknown-field", d.fixes)
