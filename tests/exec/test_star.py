"""SELECT * puts the key first; an empty result still has its header (business objects included)."""

from __future__ import annotations

import imisql
from imisql.emulator import Emulator


def test_the_key_comes_first(conn: imisql.Connection) -> None:
    for entity, key in (("Party", "PartyId"), ("EventRegistration", "EventRegistrationId"), ("Invoice", "InvoiceId")):
        assert conn.execute(f"SELECT * FROM {entity} LIMIT 2").columns[0] == key


def test_an_empty_result_has_the_catalogs_columns(conn: imisql.Connection) -> None:
    cursor = conn.execute("SELECT * FROM Invoice WHERE InvoiceId = 'no-such-invoice'")
    assert cursor.fetchall() == [] and cursor.columns[0] == "InvoiceId" and "Balance.Amount" in cursor.columns


def test_an_empty_business_object_result_has_its_header(exec_emulator: Emulator) -> None:
    with imisql.connect(exec_emulator.base_url, username=exec_emulator.username, password=exec_emulator.password,
                        live_catalog=True) as conn:  # fmt: skip
        full = conn.execute("SELECT * FROM CsContact LIMIT 1")
        full.fetchall()
        empty = conn.execute("SELECT * FROM CsContact WHERE LastName = 'no-such-name'")
        assert empty.fetchall() == []
    assert empty.columns and set(empty.columns) >= set(full.columns)
