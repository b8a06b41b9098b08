"""Money and decimals print exactly with the server's scale; AVG has a documented scale."""

from __future__ import annotations

from decimal import Decimal

import pytest

import imisql
from imisql.decode import decode_item
from imisql.emulator import Emulator
from imisql.emulator.responses import dumps
from imisql.reducers import average_of
from imisql.render.values import text_of


def test_the_emulator_sends_money_with_two_places() -> None:
    assert dumps({"Amount": Decimal("125.00"), "List": [Decimal("-0.50")]}) == '{"Amount":125.00,"List":[-0.50]}'


@pytest.mark.parametrize(
    ("sent", "shown"),
    [(Decimal("125"), "125.00"), (Decimal("125.0"), "125.00"), (Decimal("125.5"), "125.50"),
     (Decimal("125.0000"), "125.0000"), (Decimal("0.125"), "0.125")],
)  # fmt: skip
def test_a_monetary_amount_takes_its_currencys_places(sent: Decimal, shown: str) -> None:
    item = {"$type": "X.InvoiceData", "Balance": {"$type": "Asi.Soa.Core.DataContracts.MonetaryAmountData",
            "Amount": sent, "Currency": {"CurrencyCode": "USD", "DecimalPositions": 2}}}  # fmt: skip
    assert text_of(decode_item(item)["Balance"]["Amount"]) == shown


def test_invoice_amounts_print_with_two_places(conn: imisql.Connection) -> None:
    rows = conn.execute("SELECT Balance.Amount, InvoiceAmount.Amount FROM Invoice LIMIT 50").fetchall()
    for balance, amount in rows:
        assert balance.as_tuple().exponent == -2 and amount.as_tuple().exponent == -2


def test_business_object_money_keeps_two_places(exec_emulator: Emulator) -> None:
    with imisql.connect(exec_emulator.base_url, username=exec_emulator.username, password=exec_emulator.password,
                        live_catalog=True) as conn:  # fmt: skip
        amounts = [row[0] for row in conn.execute("SELECT AMOUNT FROM Activity LIMIT 20").fetchall()]
    assert amounts and all(len(text_of(a).split(".")[1]) == 2 for a in amounts if a is not None)


@pytest.mark.parametrize(
    ("total", "count", "places", "expected"),
    [(Decimal("71265.97"), 1200, 2, "59.388308"), (Decimal(10), 3, 0, "3.333333"),
     (Decimal("1.00000001"), 1, 8, "1.00000001"), (Decimal("2.5"), 2, 1, "1.250000")],
)  # fmt: skip
def test_avg_scale_is_the_values_but_at_least_six(total: Decimal, count: int, places: int, expected: str) -> None:
    assert text_of(average_of(total, count, places)) == expected


def test_avg_of_money_in_a_query(conn: imisql.Connection) -> None:
    [(average,)] = conn.execute("SELECT AVG(Balance.Amount) FROM Invoice").fetchall()
    assert average.as_tuple().exponent == -6
