"""``%load_ext imisql`` and ``%%imisql`` cells in a real IPython shell, against the session emulator."""

from __future__ import annotations

import decimal
from collections.abc import Iterator

import pytest

import imisql
from imisql.emulator import Emulator

interactiveshell = pytest.importorskip("IPython.core.interactiveshell")


@pytest.fixture(scope="module")
def shell(emulator_session: Emulator) -> Iterator[object]:
    mp = pytest.MonkeyPatch()
    mp.setenv("IMISQL_URL", emulator_session.base_url)
    mp.setenv("IMISQL_USERNAME", emulator_session.username)
    mp.setenv("IMISQL_PASSWORD", emulator_session.password)
    ipython = interactiveshell.InteractiveShell.instance()
    ipython.run_line_magic("load_ext", "imisql")
    yield ipython
    interactiveshell.InteractiveShell.clear_instance()
    mp.undo()


@pytest.fixture(scope="module")
def direct(emulator_session: Emulator) -> Iterator[imisql.Connection]:
    site = emulator_session
    with imisql.connect(site.base_url, username=site.username, password=site.password) as conn:
        yield conn


def test_a_cell_returns_a_dataframe_with_exact_decimals(shell, direct: imisql.Connection) -> None:
    sql = "SELECT InvoiceId, InvoiceAmount.Amount AS amount FROM Invoice ORDER BY InvoiceId LIMIT 4"
    frame = shell.run_cell_magic("imisql", "", sql)
    assert list(frame.columns) == ["InvoiceId", "amount"]
    assert [tuple(r) for r in frame.itertuples(index=False)] == direct.execute(sql).fetchall()
    assert all(isinstance(v, decimal.Decimal) for v in frame["amount"])


def test_placeholders_take_notebook_variables(shell, direct: imisql.Connection) -> None:
    (wanted,) = direct.execute("SELECT InvoiceId FROM Invoice ORDER BY InvoiceId DESC LIMIT 1").fetchone() or ()
    shell.user_ns["wanted"] = wanted
    frame = shell.run_cell_magic("imisql", "", "SELECT InvoiceId FROM Invoice WHERE InvoiceId = :wanted")
    assert frame["InvoiceId"].tolist() == [wanted]


def test_explain_shows_the_plan(shell, capsys: pytest.CaptureFixture[str]) -> None:
    assert shell.run_cell_magic("imisql", "--explain", "SELECT PartyId FROM Party WHERE LastName = 'Davis'") is None
    assert "/api/Party?LastName=eq%3ADavis" in capsys.readouterr().out


def test_errors_are_printed_not_raised(shell, capsys: pytest.CaptureFixture[str]) -> None:
    assert shell.run_cell_magic("imisql", "", "SELECT Emial FROM Party") is None
    assert "Party has no field 'Emial'" in capsys.readouterr().out
    assert shell.run_cell_magic("imisql", "--bogus", "SELECT PartyId FROM Party") is None
    assert "unrecognized arguments: --bogus" in capsys.readouterr().out
