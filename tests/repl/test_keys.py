"""When Enter runs the input (``is_complete``) rather than starting a new line."""

from __future__ import annotations

import pytest

from imisql.repl.keys import is_complete


@pytest.mark.parametrize(
    ("text", "complete"),
    [
        ("", True),
        ("   ", True),
        ("SELECT PartyId FROM Party", False),
        ("SELECT PartyId FROM Party;", True),
        ("SELECT PartyId\nFROM Party\n;  ", True),
        ("SELECT PartyId FROM Party; -- trailing note", True),
        ("SELECT PartyId FROM Party; /* note */", True),
        ("SELECT 1; SELECT 2", False),
        ("SELECT Name FROM Party WHERE Name = 'a;", False),  # the ';' is inside an open string
        ("SELECT Name FROM Party WHERE Name = 'a;b'", False),
        ("SELECT Name FROM Party -- no end;", False),
        ("\\d", True),
        ("  \\d Party", True),
        ("quit", True),
        ("EXIT", True),
        ("help", True),
        ("helpme", False),
    ],
)
def test_enter_runs_only_finished_input(text: str, complete: bool) -> None:
    assert is_complete(text) is complete
