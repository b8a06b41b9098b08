"""The grammar builds in Lark strict mode: a new LALR conflict or terminal collision fails here."""

from __future__ import annotations

from importlib import resources

from lark import Lark

from imisql.operators import ALL_SPELLINGS


def _grammar() -> str:
    return resources.files("imisql.grammar").joinpath("imisql.lark").read_text(encoding="utf-8")


def test_grammar_builds_in_strict_mode() -> None:
    parser = Lark(_grammar(), parser="lalr", strict=True, propagate_positions=True, maybe_placeholders=True)
    assert parser.parse("SELECT * FROM Party") is not None


def test_grammar_ships_inside_the_package() -> None:
    assert "select" in _grammar().lower()


def test_every_operator_spelling_appears_in_the_grammar() -> None:
    text = _grammar().lower()
    for spelling in ALL_SPELLINGS:
        assert f'"{spelling.lower()}"' in text, spelling
