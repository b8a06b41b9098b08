"""Result display: expanded auto, fitting the screen, the pager, the footer, NULL, EXPLAIN."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from imisql.repl.console import Console, PagerClosed
from imisql.repl.output import Footer, result_format, show_result
from imisql.repl.state import ShellState

from .test_cancel import TerminalText

WIDE = [("20000", "A name far too long to fit in a narrow forty-column terminal window")]


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> TerminalText:
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("LINES", "12")
    monkeypatch.setenv("NO_COLOR", "1")
    return TerminalText()


@pytest.mark.parametrize(
    ("fmt", "expanded", "rows", "width", "chosen"),
    [
        ("table", "off", WIDE, 40, "table"),
        ("table", "on", [("1", "a")], 40, "vertical"),
        ("table", "auto", WIDE, 40, "vertical"),
        ("table", "auto", [("1", "a")], 40, "table"),
        ("table", "auto", WIDE, None, "table"),  # a file has no width
        ("csv", "on", WIDE, 40, "csv"),
    ],
)
def test_result_format(fmt: str, expanded: str, rows: list[tuple[str, str]], width: int | None, chosen: str) -> None:
    state = ShellState(None, format=fmt, expanded=expanded)
    assert result_format(state, ["PartyId", "Name"], rows, width) == chosen


def test_a_wide_table_is_fitted_to_the_screen(terminal: TerminalText) -> None:
    state = ShellState(None, pager=False)
    show_result(state, Console(terminal), ["PartyId", "Name"], WIDE, lambda n: Footer(n, 1, 0.5))
    lines = terminal.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 40 and lines[2].endswith("…")


def test_null_is_distinct_from_text(terminal: TerminalText) -> None:
    state = ShellState(None, null="<null>")
    show_result(state, Console(terminal), ["a", "b"], [(None, "NULL")], lambda n: Footer(n, 0, 0.0))
    assert "<null> | NULL" in terminal.getvalue()


def test_tall_results_go_through_the_pager(
    terminal: TerminalText, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paged = tmp_path / "paged.txt"
    pager = f"import sys; open({str(paged)!r}, 'w').write(sys.stdin.read())"
    monkeypatch.setenv("IMISQL_PAGER", f'{sys.executable} -c "{pager}"')
    rows = [(str(n),) for n in range(30)]
    show_result(ShellState(None), Console(terminal), ["n"], rows, lambda n: Footer(n, 1, 0.1))
    assert "(30 rows)" in paged.read_text()
    assert terminal.getvalue() == "1 request, 0.100 s\n"  # only the footer reaches the screen
    show_result(ShellState(None, pager=False), Console(terminal), ["n"], rows, lambda n: Footer(n, 1, 0.1))
    assert "(30 rows)" in terminal.getvalue()


def test_a_missing_pager_falls_back_to_printing(terminal: TerminalText, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMISQL_PAGER", "/nonexistent/pager")
    show_result(ShellState(None), Console(terminal), ["n"], [(n,) for n in range(30)], lambda n: Footer(n, 1, 0.1))
    assert "(30 rows)" in terminal.getvalue()


@pytest.mark.parametrize(
    ("fmt", "timing", "text"),
    [
        ("table", True, "2 requests, 1.250 s"),
        ("table", False, "2 requests"),
        ("csv", True, "1,234 rows, 2 requests, 1.250 s"),
    ],
)
def test_footer(fmt: str, timing: bool, text: str) -> None:
    rows = 1234 if fmt == "csv" else 3
    assert Footer(rows, 2, 1.25).text(fmt, timing) == text


def test_explain_prints_the_plan_as_text() -> None:
    out = io.StringIO()
    text = "Party: 1 request\n  GET http://127.0.0.1/api/Party?limit=500&offset=0"
    rows = [(line,) for line in text.splitlines()]
    show_result(ShellState(None), Console(out), ["QUERY PLAN"], rows, lambda n: Footer(n, 0, 0.0), plan_text=text)
    assert out.getvalue() == "Party: 1 request\n  GET http://127.0.0.1/api/Party?limit=500&offset=0\n"


def test_a_tall_result_streams_into_the_pager_before_it_ends(
    terminal: TerminalText, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paged = tmp_path / "paged.txt"
    pager = f"import sys; open({str(paged)!r}, 'w').write(sys.stdin.read())"
    monkeypatch.setenv("IMISQL_PAGER", f'{sys.executable} -c "{pager}"')
    started: list[object] = []
    original = Console.open_pager

    def spy(self: Console) -> object:
        started.append(original(self))
        return started[-1]

    monkeypatch.setattr(Console, "open_pager", spy)

    def rows() -> Iterator[tuple[int]]:
        for n in range(3000):
            if n == 2000:  # the table sizes its columns on its first 1000 rows, then streams
                assert started, "the pager should be running before the last row is produced"
            yield (n,)

    assert show_result(ShellState(None), Console(terminal), ["n"], rows(), lambda n: Footer(n, 1, 0.1)) == 3000
    assert "(3000 rows)" in paged.read_text()


def test_quitting_the_pager_stops_the_result(terminal: TerminalText, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMISQL_PAGER", f'{sys.executable} -c "import sys; sys.stdin.readline()"')
    produced = 0

    def rows() -> Iterator[tuple[str]]:
        nonlocal produced
        while produced < 1_000_000:
            produced += 1
            yield ("x" * 50,)

    with pytest.raises(PagerClosed):
        show_result(ShellState(None, pager=True), Console(terminal), ["n"], rows(), lambda n: Footer(n, 1, 0.1))
    assert produced < 1_000_000
