"""The Python scanner: literal decoding with exact source positions, and which literals are queries."""

from __future__ import annotations

import ast

import pytest

from imisql.check import check_python, scan
from imisql.check.pystrings import decode

LITERALS = [
    "'SELECT * FROM Party'",
    '"tab\\there"',
    "'''multi\nline'''",
    '"""with \\"quotes\\" and \\\\ slash"""',
    "r'raw \\d stays'",
    "R'''raw\\n'''",
    "u'unicode \\u00e9 \\U0001F600 \\x41 \\101 \\N{BULLET}'",
    "'continued \\\nline'",
    "'unknown \\q escape'",
    "'é and 😀 outside the BMP'",
    "''",
]


@pytest.mark.filterwarnings("ignore:invalid escape sequence:DeprecationWarning")
@pytest.mark.parametrize("literal", LITERALS)
def test_decoding_matches_python(literal: str) -> None:
    piece = decode(literal, 10)
    assert piece is not None
    assert piece.value == ast.literal_eval(literal)


@pytest.mark.parametrize("literal", LITERALS)
def test_each_character_maps_to_the_source_that_spells_it(literal: str) -> None:
    piece = decode(literal, 10)
    assert piece is not None
    for char, start, end in zip(piece.value, piece.starts, piece.ends, strict=True):
        spelling = literal[start - 10 : end - 10]
        kept = piece.raw or spelling == "\\"  # raw text, or the backslash of an unknown escape
        assert (spelling if kept else ast.literal_eval(f"{piece.quote}{spelling}{piece.quote}")) == char


def test_bytes_and_f_strings_are_not_queries() -> None:
    assert decode("b'SELECT'", 0) is None
    assert decode("f'SELECT {x}'", 0) is None


def test_queries_and_their_file_ranges() -> None:
    source = "x = 1\ncur.execute(\n    \"SELECT Nme \"  # first part\n    'FROM Party'\n)\n"
    (query,) = scan(source).queries
    assert query.sql == "SELECT Nme FROM Party"
    start, end = query.host_range(7, 10)
    assert source[start:end] == "Nme"
    assert source[slice(*query.host_range(11, 21))] == "FROM Party"
    assert query.sql_offset(source.index("Nme")) == 7
    assert query.sql_offset(source.index("first part")) is None


def test_only_the_sql_argument_of_known_calls_is_read() -> None:
    source = (
        're.compile("SELECT x FROM y")\n'
        'log.info("SELECT x FROM y")\n'
        "def text(value): return value\n"
        'cur.execute(QUERY, ("SELECT x",))\n'
        'cur.execute("SELECT" if a else "SHOW")\n'
        'db.execute(b"SELECT x")\n'
    )
    assert scan(source).queries == ()
    assert scan(source).warnings == ()


def test_marker_comment_must_be_a_line_of_its_own() -> None:
    source = 'A = "SELECT Nme FROM Party"  # imisql\n# IMISQL\nB = ("SELECT Nme "\n     "FROM Party")\n'
    (query,) = scan(source).queries
    assert query.sql == "SELECT Nme FROM Party"
    assert source[query.host_offset(0) :].startswith('SELECT Nme "\n')


def test_a_file_being_edited_still_yields_what_is_complete() -> None:
    source = 'cur.execute("SELECT Nme FROM Party")\nbroken = """\nSELECT\n'
    (found,) = check_python(source)
    assert source[found.start : found.end] == "Nme"


def test_injection_warning_covers_the_argument() -> None:
    source = 'cur.execute(base + " LIMIT 5", {})\ncur.execute(f"SELECT {x}")\n'
    first, second = scan(source).warnings
    assert source[first.start : first.end] == 'base + " LIMIT 5"'
    assert source[second.start : second.end] == 'f"SELECT {x}"'
    assert first.code == second.code == "injection"


def test_generic_call_names_need_a_statement() -> None:
    source = (
        'plan.explain("https://example.org/imis")\n'
        'frame = pd.read_sql("Party", engine)\n'
        'label = text("Hello")\n'
        'conn.explain("  -- why\\nSELECT Nme FROM Party")\n'
        'pd.read_sql(f"select * from {table}", engine)\n'
        'cur.execute("SELEC PartyId FROM Party")\n'
    )
    found = scan(source)
    assert [q.sql for q in found.queries] == ["  -- why\nSELECT Nme FROM Party", "SELEC PartyId FROM Party"]
    assert [w.code for w in found.warnings] == ["injection"]
