"""Entity typos are caught before any request: "did you mean", with double quotes as the way out."""

from __future__ import annotations

import pytest

import imisql
from imisql.catalog import BUILTIN, Entity, EntityKind
from imisql.catalog.live import LiveCatalog
from imisql.compiler import compile_sql
from imisql.emulator import Emulator
from imisql.errors import NotFoundError, SemanticError
from imisql.plan import Plan


@pytest.mark.parametrize(
    ("written", "meant"),
    [("Parties", "Party"), ("partys", "Party"), ("Prty", "Party"), ("Evnt", "Event"), ("Invoices", "Invoice"),
     ("EventRegistrations", "EventRegistration"), ("PartySumary", "PartySummary"), ("Groups", "Group")],
)  # fmt: skip
def test_a_name_close_to_a_catalog_entity_is_an_error(written: str, meant: str) -> None:
    sql = f"SELECT * FROM {written} WHERE Status = 'A'"
    with pytest.raises(SemanticError) as caught:
        compile_sql(sql)
    assert f"did you mean {meant}?" in str(caught.value.hint)
    assert caught.value.span is not None and sql[caught.value.span.start : caught.value.span.end] == written


@pytest.mark.parametrize("name", ["CsContact", "Cart", "FormResponse", "vCsRegFunctions", "AO_OrganisationsData"])
def test_business_objects_pass_through(name: str) -> None:
    plan = compile_sql(f"SELECT * FROM {name}")
    assert isinstance(plan, Plan) and plan.requests[0].path == f"/api/{name}"


def test_double_quotes_read_a_look_alike_as_a_business_object() -> None:
    plan = compile_sql('SELECT * FROM "County"')
    assert isinstance(plan, Plan) and plan.requests[0].path == "/api/County"


def test_a_live_catalog_suggests_the_sites_own_business_objects() -> None:
    contact = Entity("CsContact", "/api/CsContact", ("ID",), (), EntityKind.GENERIC, "")
    live = LiveCatalog([contact], BUILTIN)
    with pytest.raises(SemanticError) as caught:
        compile_sql("SELECT * FROM CsContacts", live)
    assert "did you mean CsContact?" in str(caught.value.hint)


def test_a_404_for_an_unknown_business_object_is_a_friendly_error(emulator: Emulator) -> None:
    with imisql.connect(emulator.base_url, username=emulator.username, password=emulator.password) as connection:
        with pytest.raises(NotFoundError, match="iMIS has no entity 'Nopething'") as caught:
            connection.execute("SELECT * FROM Nopething").fetchall()
        assert "SHOW ENTITIES" in str(caught.value)
        with pytest.raises(NotFoundError, match="did you mean Event"):
            connection.execute('SELECT * FROM "Events"').fetchall()
