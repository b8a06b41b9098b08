"""The live catalog: recorded metadata / BOEntityDefinition payloads, the overlay, the cache, the emulator."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from imisql.catalog import (
    BUILTIN,
    ChainCatalog,
    Entity,
    EntityKind,
    Field,
    FieldType,
    LiveCatalog,
    StaticCatalog,
    load_cache,
    load_live,
    save_cache,
)
from imisql.catalog.cache import catalog_from_json, catalog_to_json
from imisql.catalog.live import MAX_BO_PAGES, bo_entity, metadata_entity
from imisql.errors import (
    AuthenticationError,
    ConnectionFailed,
    NotFoundError,
    NotSupportedByServerError,
    PermissionDeniedError,
    RetriesExhaustedError,
    ServerError,
    ServerFaultError,
)
from imisql.paging import PAGE_SLACK

Params = list[tuple[str, str]]
PROP = "Asi.Soa.Core.DataContracts.PropertyDefinitionData, Asi.Contracts"


def _props(*props: dict[str, Any]) -> dict[str, Any]:
    return {"$type": "Asi.Soa.Core.DataContracts.PropertyDefinitionDataCollection", "$values": list(props)}


def _prop(name: str, kind: str = "String", **extra: Any) -> dict[str, Any]:
    return {"$type": PROP, "Name": name, "PropertyTypeName": kind, **extra}


# GET /api/metadata/Party, trimmed: scalars, a nested object, a collection and a property bag.
PARTY_METADATA = {
    "$type": "Asi.Soa.Core.DataContracts.EntityDefinitionData, Asi.Contracts",
    "EntityTypeName": "Party",
    "Properties": _props(
        _prop("PartyId"),
        _prop("BirthDate", "Date"),
        _prop("SortIsOverridden", "Boolean"),
        _prop(
            "PersonName",
            "EntityDefinitionData",
            EntityDefinition={"Properties": _props(_prop("LastName"), _prop("Designation"))},
        ),
        _prop(
            "Emails",
            "EntityDefinitionData",
            ItemEntityPropertyDefinition=_prop(
                "item", "EntityDefinitionData", EntityDefinition={"Properties": _props(_prop("Address"))}
            ),
        ),
        _prop(
            "AdditionalAttributes",
            "GenericPropertyDataCollection",
            GenericPropertyDefinitions=_props(_prop("IsInactiveMember", "Boolean"), _prop("Dues", "Monetary")),
        ),
        _prop("FinancialInformation", "EntityDefinitionData"),
        _prop("Odd", "EntityDefinitionData", EntityDefinition="not an object"),
        _prop("Photo", "Binary"),
        _prop("Mystery", "SomethingNew"),
        {"PropertyTypeName": "String"},  # no Name: skipped
    ),
}

# GET /api/metadata/Activity: a generic entity's properties are its search names.
ACTIVITY_METADATA = {"Properties": _props(_prop("SEQN", "Integer"), _prop("QUANTITY", "Decimal"))}


def _bo_prop(name: str, kind: str, data: str, *, identity: bool = False, caption: str = "") -> dict[str, Any]:
    return {
        "$type": f"Asi.Soa.Core.DataContracts.PropertyType{data}Data, Asi.Contracts",
        "Name": name,
        "PropertyTypeName": kind,
        "Caption": caption or name,
        "IsIdentity": identity,
    }


def _bo(name: str, *props: dict[str, Any], description: str = "") -> dict[str, Any]:
    return {
        "$type": "Asi.Soa.Core.DataContracts.BOEntityDefinitionData, Asi.Contracts",
        "ObjectTypeName": "BusinessObject",
        "EntityTypeName": name,
        "Description": description,
        "PrimaryParentEntityTypeName": "Party",
        "Properties": {
            "$type": "Asi.Soa.Core.DataContracts.PropertyTypeDataCollection",
            "$values": list(props),
        },
    }


CS_CONTACT = _bo(
    "CsContact",
    _bo_prop("iMISId", "String", "String", identity=True, caption="iMIS ID"),
    _bo_prop("LastFirst", "String", "String", caption="Last, First"),
    _bo_prop("JoinDate", "Date", "DateTime"),
    _bo_prop("IsMember", "Boolean", "Boolean"),
    _bo_prop("Dues", "Monetary", "Monetary"),
    _bo_prop("Photo", "Binary", "Binary"),
    description="Contact business object",
)
NAME_CEU = _bo(
    "Name_CEU",
    _bo_prop("ID", "String", "String", identity=True),
    _bo_prop("SEQN", "Integer", "Integer", identity=True),
    _bo_prop("UNITS", "Decimal", "Decimal"),
)
ACTIVITY_BO = _bo(
    "Activity",
    _bo_prop("SEQN", "Integer", "Integer", identity=True),
    _bo_prop("OTHER_ID", "String", "String"),
)
PARTY_BO = _bo("party", _bo_prop("Whatever", "String", "String"))


def _page(items: list[Any], offset: int, next_offset: int, total: int = 0) -> dict[str, Any]:
    return {
        "$type": "Asi.Soa.Core.DataContracts.PagedResult`1[[...BOEntityDefinitionData...]], Asi.Contracts",
        "Items": {"$type": "System.Collections.Generic.List`1[[...]], mscorlib", "$values": items},
        "Offset": offset,
        "Limit": 0,  # BOEntityDefinition is known to echo 0
        "Count": len(items),
        "TotalCount": total or len(items),
        "NextPageLink": None,
        "HasNext": next_offset != 0,
        "NextOffset": next_offset,
    }


class FakeSite:
    """A fetch callable over recorded answers: metadata by entity, BOEntityDefinition pages by offset."""

    def __init__(
        self,
        metadata: dict[str, Any] | None = None,
        pages: Callable[[int], Any] | None = None,
    ) -> None:
        self.metadata = metadata or {}
        self.pages = pages or (lambda offset: _page([], offset, 0))
        self.calls: list[tuple[str, Params]] = []

    def __call__(self, path: str, params: Params) -> Any:
        self.calls.append((path, params))
        if path.startswith("/api/metadata/"):
            answer = self.metadata.get(path.removeprefix("/api/metadata/"), ServerError("Service not implemented", 501))
        else:
            assert path == "/api/BOEntityDefinition"
            answer = self.pages(int(dict(params)["offset"]))
        if isinstance(answer, Exception):
            raise answer
        return answer

    def bo_offsets(self) -> list[int]:
        return [int(dict(p)["offset"]) for path, p in self.calls if path == "/api/BOEntityDefinition"]


def _get(catalog: Any, name: str) -> Entity:
    entity = catalog.entity(name)
    assert entity is not None, name
    return entity


# ---------------------------------------------------------------- reading payloads


@pytest.mark.parametrize(
    ("column", "path", "type"),
    [
        ("PartyId", ("PartyId",), FieldType.STRING),
        ("BirthDate", ("BirthDate",), FieldType.DATETIME),
        ("SortIsOverridden", ("SortIsOverridden",), FieldType.BOOLEAN),
        ("PersonName.LastName", ("PersonName", "LastName"), FieldType.STRING),
        ("PersonName.Designation", ("PersonName", "Designation"), FieldType.STRING),
        ("Emails", ("Emails",), FieldType.LIST),
        (
            "AdditionalAttributes.IsInactiveMember",
            ("AdditionalAttributes", "IsInactiveMember"),
            FieldType.BOOLEAN,
        ),
        ("AdditionalAttributes.Dues", ("AdditionalAttributes", "Dues"), FieldType.DECIMAL),
        ("FinancialInformation", ("FinancialInformation",), FieldType.OBJECT),
        ("Odd", ("Odd",), FieldType.OBJECT),
        ("Photo", ("Photo",), FieldType.BINARY),
        ("Mystery", ("Mystery",), FieldType.STRING),
    ],
)
def test_metadata_properties_become_dotted_columns(column: str, path: tuple[str, ...], type: FieldType) -> None:
    entity = metadata_entity(_get(BUILTIN, "Party"), PARTY_METADATA)
    field = entity.field(column)
    assert field is not None
    assert (field.name, field.path, field.type, field.search) == (column, path, type, None)


def test_metadata_of_a_generic_entity_names_its_search_properties() -> None:
    entity = metadata_entity(_get(BUILTIN, "Activity"), ACTIVITY_METADATA)
    assert [(f.name, f.search, f.type) for f in entity.fields] == [
        ("SEQN", "SEQN", FieldType.INTEGER),
        ("QUANTITY", "QUANTITY", FieldType.DECIMAL),
    ]


def test_metadata_nesting_is_bounded() -> None:
    deep: dict[str, Any] = _prop("Leaf")
    for level in range(10):
        deep = _prop(f"L{level}", "EntityDefinitionData", EntityDefinition={"Properties": _props(deep)})
    entity = metadata_entity(_get(BUILTIN, "Party"), {"Properties": _props(deep)})
    (field,) = entity.fields
    assert len(field.path) == 4 and field.type is FieldType.OBJECT


def test_a_business_object_becomes_a_generic_entity() -> None:
    entity = bo_entity(CS_CONTACT)
    assert entity is not None
    assert (entity.name, entity.path, entity.key, entity.kind) == (
        "CsContact",
        "/api/CsContact",
        ("iMISId",),
        EntityKind.GENERIC,
    )
    assert entity.description == "Contact business object"
    assert [(f.name, f.path, f.search, f.type, f.description) for f in entity.fields] == [
        ("iMISId", ("iMISId",), "iMISId", FieldType.STRING, "iMIS ID"),
        ("LastFirst", ("LastFirst",), "LastFirst", FieldType.STRING, "Last, First"),
        ("JoinDate", ("JoinDate",), "JoinDate", FieldType.DATETIME, ""),
        ("IsMember", ("IsMember",), "IsMember", FieldType.BOOLEAN, ""),
        ("Dues", ("Dues",), "Dues", FieldType.DECIMAL, ""),
        ("Photo", ("Photo",), "Photo", FieldType.BINARY, ""),
    ]


@pytest.mark.parametrize(
    "definition", [None, "CsContact", {}, {"EntityTypeName": 7}, {"EntityTypeName": ""}, {"Description": "x"}]
)
def test_malformed_business_objects_are_skipped(definition: Any) -> None:
    assert bo_entity(definition) is None


def test_composite_identity_keeps_property_order() -> None:
    entity = bo_entity(NAME_CEU)
    assert entity is not None and entity.key == ("ID", "SEQN")


# ---------------------------------------------------------------- load and overlay


def test_load_overlays_metadata_on_the_built_in_entity() -> None:
    catalog = load_live(FakeSite(metadata={"Party": PARTY_METADATA}))
    party = _get(catalog, "party")
    builtin = _get(BUILTIN, "Party")
    assert party.fields[: len(builtin.fields)] == builtin.fields
    added = [f.name for f in party.fields[len(builtin.fields) :]]
    assert added == [
        "SortIsOverridden",
        "PersonName.Designation",
        "AdditionalAttributes.IsInactiveMember",
        "AdditionalAttributes.Dues",
        "FinancialInformation",
        "Odd",
        "Photo",
        "Mystery",
    ]
    last_name = party.field("LastName")
    assert last_name is not None and last_name.search == "LastName"
    assert (party.path, party.key, party.description) == (builtin.path, builtin.key, builtin.description)


def test_entities_whose_metadata_is_refused_keep_the_built_in_definition() -> None:
    site = FakeSite(metadata={"Party": PARTY_METADATA})
    catalog = load_live(site)
    assert _get(catalog, "Person") is _get(BUILTIN, "Person")
    asked = [path for path, _ in site.calls if path.startswith("/api/metadata/")]
    assert asked == [f"/api/metadata/{e.name}" for e in BUILTIN.entities()]
    assert [e.name for e in catalog.reported] == ["Party"]


def test_load_reads_every_page_of_business_objects() -> None:
    pages = {0: _page([CS_CONTACT], 0, 1, 2), 1: _page([NAME_CEU], 1, 0, 2)}
    site = FakeSite(pages=pages.__getitem__)
    catalog = load_live(site)
    assert site.bo_offsets() == [0, 1]
    assert all(("limit", "500") in p for path, p in site.calls if path == "/api/BOEntityDefinition")
    assert _get(catalog, "cscontact").kind is EntityKind.GENERIC
    assert _get(catalog, "NAME_CEU").key == ("ID", "SEQN")
    assert [e.name for e in catalog.entities()] == [e.name for e in BUILTIN.entities()] + [
        "CsContact",
        "Name_CEU",
    ]


def _bo(offset: int) -> dict[str, Any]:
    return {**CS_CONTACT, "EntityTypeName": f"Bo{offset}"}


@pytest.mark.parametrize(
    ("pages", "expected_offsets"),
    [
        pytest.param(lambda o: _page([_bo(o)], o, o + 1, 10**6), list(range(MAX_BO_PAGES)), id="never-ends-capped"),
        # TotalCount 3 needs one page of 500; PAGE_SLACK more are allowed, and the next one breaks the bound
        pytest.param(lambda o: _page([_bo(o)], o, o + 1, 3), list(range(PAGE_SLACK + 2)), id="hasnext-past-totalcount"),
        pytest.param(lambda o: _page([CS_CONTACT], 0, o + 1, 10), [0, 1], id="offset-ignored"),
        pytest.param(lambda o: _page([], o, 0) | {"NextOffset": o + 500}, [0], id="empty-page"),
        pytest.param(lambda o: _page([_bo(o)], o, 0, 10) | {"NextOffset": o}, [0], id="does-not-advance"),
        pytest.param(lambda o: _page([], o, 0) | {"NextOffset": None}, [0], id="no-nextoffset"),
    ],
)
def test_business_object_paging_is_bounded(pages: Callable[[int], Any], expected_offsets: list[int]) -> None:
    site = FakeSite(pages=pages)
    load_live(site)
    assert site.bo_offsets() == expected_offsets


def test_a_page_cap_can_be_chosen() -> None:
    site = FakeSite(pages=lambda offset: _page([_bo(offset)], offset, offset + 1, 100))
    catalog = load_live(site, max_pages=3)
    assert site.bo_offsets() == [0, 1, 2]
    assert [e.name for e in catalog.reported if e.name.startswith("Bo")] == ["Bo0", "Bo1", "Bo2"]


@pytest.mark.parametrize("refusal", [ServerError("Forbidden", 403), ServerError("Service not implemented", 501)])
def test_a_site_refusing_business_objects_still_gives_a_catalog(refusal: ServerError) -> None:
    def pages(offset: int) -> Any:
        if offset:
            raise refusal
        return _page([CS_CONTACT], 0, 1, 5)

    catalog = load_live(FakeSite(pages=pages))
    assert _get(catalog, "CsContact").kind is EntityKind.GENERIC
    assert _get(catalog, "Party") is _get(BUILTIN, "Party")


@pytest.mark.parametrize(
    "failure",
    [
        ConnectionFailed("connection refused"),
        AuthenticationError("invalid_grant"),
        RetriesExhaustedError("Service Unavailable", 503, "GET /api/metadata/Party", attempts=4),
    ],
)
def test_failures_other_than_refusals_propagate(failure: Exception) -> None:
    def fetch(path: str, params: Params) -> Any:
        raise failure

    with pytest.raises(type(failure)):
        load_live(fetch)


@pytest.mark.parametrize(
    "refusal",
    [
        NotSupportedByServerError("Service not implemented", 501),
        PermissionDeniedError("Forbidden", 403),
        NotFoundError("Not Found", 404),
        ServerFaultError("An error occurred. Please contact the administrator.", 500),
    ],
)
def test_any_refused_metadata_falls_back_to_the_built_in_entity(refusal: ServerError) -> None:
    def fetch(path: str, params: Params) -> Any:
        if path == "/api/metadata/Party":
            raise refusal
        return FakeSite()(path, params)

    assert _get(load_live(fetch), "Party") is _get(BUILTIN, "Party")


def test_a_business_object_extends_a_built_in_generic_entity() -> None:
    catalog = load_live(FakeSite(pages=lambda offset: _page([ACTIVITY_BO], 0, 0)))
    activity = _get(catalog, "Activity")
    activity_type = activity.field("ACTIVITY_TYPE")
    assert activity_type is not None and activity_type.values == ("DUES", "EVENT", "GIFT", "ONLINEAPP", "CEU", "ORDER")
    other = activity.field("OTHER_ID")
    assert other is not None and other.search == "OTHER_ID"
    assert [f.name for f in activity.fields].count("SEQN") == 1


def test_a_business_object_named_like_a_typed_entity_does_not_change_it() -> None:
    catalog = load_live(FakeSite(pages=lambda offset: _page([PARTY_BO], 0, 0)))
    assert _get(catalog, "Party") is not None
    assert _get(catalog, "Party").fields == _get(BUILTIN, "Party").fields
    assert _get(catalog, "Party").field("Whatever") is None


def test_chain_catalog_asks_in_order_and_lists_each_name_once() -> None:
    first = StaticCatalog([Entity("Party", "/api/Mine", ("Id",), ())])
    chain = ChainCatalog(first, BUILTIN)
    assert _get(chain, "PARTY").path == "/api/Mine"
    assert _get(chain, "Person") is _get(BUILTIN, "Person")
    assert chain.entity("Nope") is None
    names = [e.name.lower() for e in chain.entities()]
    assert len(names) == len(set(names)) == len(BUILTIN.entities())


# ---------------------------------------------------------------- cache


def _sample() -> LiveCatalog:
    pages = {0: _page([CS_CONTACT, NAME_CEU, ACTIVITY_BO], 0, 0)}
    return load_live(
        FakeSite(metadata={"Party": PARTY_METADATA, "Activity": ACTIVITY_METADATA}, pages=pages.__getitem__)
    )


def test_json_round_trip_keeps_every_entity() -> None:
    catalog = _sample()
    again = catalog_from_json(json.loads(json.dumps(catalog_to_json(catalog))))
    assert again.reported == catalog.reported
    assert list(again.entities()) == list(catalog.entities())
    composite = _get(again, "Name_CEU")
    assert composite.key == ("ID", "SEQN")
    email = _get(again, "Party").field("Email")
    assert email is not None and email.path == ("Emails", 0, "Address")


def test_json_round_trip_keeps_what_codes_mean_and_query_paths() -> None:
    status = Field("Status", ("Status",), FieldType.STRING, "Status", values=("A", "I"), meanings=(("A", "Active"),))
    catalog = LiveCatalog([Entity("Thing", "/api/Thing", ("Id",), (status,), EntityKind.GENERIC)], queries=["$/q"])
    again = catalog_from_json(json.loads(json.dumps(catalog_to_json(catalog))))
    field = _get(again, "Thing").field("Status")
    assert field == status and field is not None and (field.meaning("A"), field.meaning("I")) == ("Active", "")
    assert again.queries() == ("$/q",)


def test_a_chain_lists_each_query_path_once() -> None:
    chain = ChainCatalog(StaticCatalog([], ["$/A", "$/b"]), StaticCatalog([], ["$/B", "$/c"]))
    assert chain.queries() == ("$/A", "$/b", "$/c")


def test_the_cache_stores_only_what_the_site_reported() -> None:
    data = catalog_to_json(_sample())
    assert data["format"] == 1
    party = next(e for e in data["entities"] if e["name"] == "Party")
    assert {f["name"] for f in party["fields"]} == {
        f.name for f in metadata_entity(_get(BUILTIN, "Party"), PARTY_METADATA).fields
    }


def test_save_and_load_cache(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "site.json"
    catalog = _sample()
    save_cache(catalog, path)
    loaded = load_cache(path)
    assert loaded is not None and loaded.reported == catalog.reported
    save_cache(LiveCatalog([]), path)  # replaces the old file
    again = load_cache(path)
    assert again is not None and again.reported == ()
    assert [p.name for p in path.parent.iterdir()] == ["site.json"]


ENTITY = {"name": "X", "path": "/api/X", "key": [], "kind": "generic", "fields": []}


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"\xff\xfe\x00garbage",
        b"[]",
        b'{"format": 99, "entities": []}',
        b'{"entities": []}',
        b'{"format": 1}',
        b'{"format": 1, "entities": 5}',
        json.dumps({"format": 1, "entities": [ENTITY | {"name": 5}]}).encode(),
        json.dumps({"format": 1, "entities": [ENTITY | {"kind": "weird"}]}).encode(),
        json.dumps(
            {"format": 1, "entities": [ENTITY | {"fields": [{"name": "A", "path": ["A"], "type": "x"}]}]}
        ).encode(),
        json.dumps({"format": 1, "entities": [ENTITY | {"fields": [{"name": "A"}]}]}).encode(),
        json.dumps(
            {"format": 1, "entities": [ENTITY | {"fields": [{"name": "A", "path": [{}], "type": "string"}]}]}
        ).encode(),
    ],
)
def test_a_corrupt_cache_is_ignored(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "cache.json"
    path.write_bytes(content)
    assert load_cache(path) is None


def test_a_missing_cache_is_ignored(tmp_path: Path) -> None:
    assert load_cache(tmp_path / "absent.json") is None


def test_from_json_rejects_other_data_with_value_error() -> None:
    with pytest.raises(ValueError):
        catalog_from_json({"format": 1, "entities": [{"name": "X"}]})


# ---------------------------------------------------------------- against the emulator, over a socket


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[Any, Callable[[str, Params], Any]]]:
    emulator = pytest.importorskip("imisql.emulator")
    if not hasattr(emulator, "Emulator"):
        pytest.skip("the emulator is not available yet")
    requests = pytest.importorskip("requests")
    config = emulator.EmulatorConfig(parties=50, metadata_not_implemented=("EventRegistration",))
    with emulator.Emulator(config) as emu:
        base = emu.base_url.rstrip("/")
        session = requests.Session()
        form = {"grant_type": "password", "username": emu.username, "password": emu.password}
        token = session.post(f"{base}/token", data=form, timeout=10).json()["access_token"]
        session.headers["Authorization"] = f"Bearer {token}"

        def fetch(path: str, params: Params) -> Any:
            response = session.get(base + path, params=params, timeout=10)
            if response.status_code >= 400:
                raise ServerError(response.reason, response.status_code, path)
            return response.json()

        yield emu, fetch
        session.close()


def test_load_over_a_socket(site: tuple[Any, Callable[[str, Params], Any]]) -> None:
    _, fetch = site
    catalog = load_live(fetch)
    party = _get(catalog, "Party")
    last_name = party.field("LastName")
    assert last_name is not None and last_name.search == "LastName"
    assert catalog.reported, "the emulator reported neither metadata nor business objects"
    assert all(catalog.entity(e.name) is not None for e in BUILTIN.entities())


def test_load_through_the_imisql_client(site: tuple[Any, Callable[[str, Params], Any]]) -> None:
    from imisql.http import Client, ClientConfig

    emu, _ = site
    config = ClientConfig(emu.base_url, username=emu.username, password=emu.password, max_attempts=2)
    with Client(config) as client:
        catalog = load_live(client.get_json)
    assert _get(catalog, "EventRegistration") is _get(BUILTIN, "EventRegistration")  # its metadata: 501
    assert _get(catalog, "CsContact").kind is EntityKind.GENERIC
    assert len(_get(catalog, "Party").fields) > len(_get(BUILTIN, "Party").fields)


SEARCH_FIELDS = [(e, f) for e in BUILTIN.entities() for f in e.searchable]


@pytest.mark.parametrize(("entity", "field"), SEARCH_FIELDS, ids=[f"{e.name}.{f.search}" for e, f in SEARCH_FIELDS])
def test_emulator_filters_on_every_search_name(
    site: tuple[Any, Callable[[str, Params], Any]], entity: Entity, field: Any
) -> None:
    _, fetch = site
    page = fetch(entity.path, [(field.search, "notEmpty:"), ("limit", "1")])
    assert isinstance(page, dict) and "Items" in page


@pytest.mark.parametrize("entity", BUILTIN.entities(), ids=[e.name for e in BUILTIN.entities()])
def test_emulator_items_have_a_value_at_every_search_path(
    site: tuple[Any, Callable[[str, Params], Any]], entity: Entity
) -> None:
    from imisql.decode import decode_item, get_path

    _, fetch = site
    records = [decode_item(item) for item in fetch(entity.path, [("limit", "500")])["Items"]["$values"]]
    assert records, f"the emulator serves no {entity.name} rows"
    missing = [f.search for f in entity.searchable if all(get_path(r, f.path) is None for r in records)]
    assert missing == []


CODED = [(e, f) for e in BUILTIN.entities() for f in e.fields if f.values]


@pytest.mark.parametrize(("entity", "field"), CODED, ids=[f"{e.name}.{f.name}" for e, f in CODED])
def test_emulator_values_are_in_the_code_sets(
    site: tuple[Any, Callable[[str, Params], Any]], entity: Entity, field: Any
) -> None:
    from imisql.decode import decode_item, get_path

    _, fetch = site
    items = fetch(entity.path, [("limit", "500")])["Items"]["$values"]
    served = {str(get_path(decode_item(item), field.path)) for item in items} - {"None"}
    assert served and served <= set(field.values)
