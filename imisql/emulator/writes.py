"""Write endpoints: ``POST /api/{E}`` creates, ``PUT /api/{E}/{id}`` replaces, ``DELETE /api/{E}/{id}`` deletes.

As iMIS does (facts sheet section 6): a create answers 201 with the stored entity and its new key,
a replace answers 200 with the stored entity (PUT replaces the *whole* object: what is not in the
body is gone), a delete answers 204 with no body. Unknown ids are 404; a body that is not a JSON
object, has a ``$type`` (or GenericEntityData ``EntityTypeName``) that is not the entity's, lacks
a required field, holds a value of the wrong type, names a missing parent row or tries to change
the key is a 400 ``ValidationResults``; creating a row whose key exists (a single-instance panel
row a party already has, a country code in use) is a 409. Composite ids are ``~a|b`` and must have
as many elements as the identity ("Incorrect number of identity elements", 400).

Where the contract carries ``UpdateInformation``, the server owns it: a create sets
``CreatedOn``/``UpdatedOn`` (and ``...By``), every replace keeps ``Created*`` and moves
``UpdatedOn`` forward (strictly later than the row's previous value). Writes go to the
:class:`~imisql.emulator.overlay.Overlay`; the generated data is never touched.
"""

from __future__ import annotations

import copy
import threading
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta

from imisql.emulator import bodies
from imisql.emulator.contracts import JsonDict, dotnet_datetime, typed
from imisql.emulator.endpoints import Endpoints
from imisql.emulator.entities import EntityDef, resolve_path
from imisql.emulator.entities import entity as find_entity
from imisql.emulator.genericentity import BusinessObject
from imisql.emulator.overlay import STORED_ITEM, Change, Record, fold_key
from imisql.emulator.responses import (
    Response,
    conflict,
    dumps,
    not_found,
    not_implemented,
    text_json_response,
    validation_error,
)
from imisql.emulator.writable import (
    UPDATE_INFORMATION_TYPE,
    KeyRule,
    WriteSpec,
    contract_name,
    main_entity,
    row_key,
    write_spec,
)
from imisql.semantics import Kind, coerce


class Writer:
    def __init__(self, endpoints: Endpoints) -> None:
        self.endpoints = endpoints
        self.overlay = endpoints.overlay
        self._stamp = datetime.min
        self._lock = threading.Lock()
        self._writing = threading.RLock()  # one write at a time: check-then-store stays atomic

    # -- the three operations ----------------------------------------------------------------------

    def create(self, entity: EntityDef, body: bytes, user: str) -> Response:
        spec = self._spec(entity)
        item = bodies.json_object(body)
        with self._writing:
            if entity.business_object is not None:
                record = self._generic_record(entity, entity.business_object, item, None)
            else:
                record = self._typed_record(entity, spec, item, None, user)
            key = row_key(entity, record)
            if self.endpoints.find(self._entity(main_entity(spec)), key) is not None:
                raise conflict(f"{entity.name} '{key}' already exists.")
            self._store(spec, key, record)
        return text_json_response(201, dumps(self.endpoints.render(entity, record)))

    def replace(self, entity: EntityDef, key: str, body: bytes, user: str) -> Response:
        stored = self.replace_item(entity, key, bodies.json_object(body), user)
        return text_json_response(200, dumps(stored))

    def replace_item(self, entity: EntityDef, key: str, item: JsonDict, user: str) -> JsonDict:
        """Replace a row with ``item`` (the PUT body); returns the entity as stored."""
        spec = self._spec(entity)
        with self._writing:
            current = self._current(entity, key)
            if entity.business_object is not None:
                record = self._generic_record(entity, entity.business_object, item, current)
            else:
                record = self._typed_record(entity, spec, item, current, user)
            self._store(spec, row_key(entity, record), record)
        return self.endpoints.render(entity, record)

    def delete(self, entity: EntityDef, key: str) -> Response:
        spec = self._spec(entity)
        with self._writing:
            self._store(spec, row_key(entity, self._current(entity, key)), None)
        return Response(204, b"")

    def change(self, entity: EntityDef, key: str, changes: Mapping[str, object], user: str) -> JsonDict:
        """GET, change the given paths (property names for GenericEntityData), PUT: as another client would."""
        with self._writing:
            item = copy.deepcopy(self.endpoints.render(entity, self._current(entity, key)))
            for path, value in changes.items():
                if entity.business_object is not None:
                    bodies.set_property(item, path, value)
                    continue
                try:
                    bodies.set_path(item, path, value)
                except (KeyError, IndexError, TypeError, ValueError):
                    raise validation_error(f"'{path}' is not a path in this {entity.name}.") from None
            return self.replace_item(entity, key, item, user)

    # -- shared steps --------------------------------------------------------------------------------

    def _spec(self, entity: EntityDef) -> WriteSpec:
        spec = write_spec(entity)
        if not spec.writable:
            raise not_implemented()
        return spec

    def _entity(self, name: str) -> EntityDef:
        found = find_entity(name)
        assert found is not None, name
        return found

    def _current(self, entity: EntityDef, key: str) -> Record:
        bo = entity.business_object
        if bo is not None and len(bo.identity) > 1:
            elements = key.removeprefix("~").split("|")
            if not key.startswith("~") or len(elements) != len(bo.identity):
                raise validation_error(
                    f"Incorrect number of identity elements: {entity.name} ids are ~{'|'.join(bo.identity)}."
                )
        found = self.endpoints.find(entity, key)
        if found is None:
            raise not_found(f"{entity.name} with identity '{key}' was not found.")
        return found

    def _store(self, spec: WriteSpec, key: str, record: Record | None) -> None:
        main = self._entity(main_entity(spec))
        generated = self.endpoints.source(main.name, main.rows).position(key) is not None
        self.overlay.put(spec.table, Change(key, generated, record))

    def _check_references(self, spec: WriteSpec, value_at: Mapping[str, object]) -> None:
        problems = []
        for path, target in spec.references:
            value = value_at.get(path)
            if isinstance(value, str) and value and self.endpoints.find(self._entity(target), value) is None:
                problems.append(f"{target} '{value}' does not exist.")
        if problems:
            raise validation_error(*problems)

    def _next_number(self, entity: EntityDef, field: str) -> int:
        """A numeric key after the table's last generated one that no row of the table uses."""
        spec = write_spec(entity)
        main = self._entity(main_entity(spec))  # Party, not Person: the last party may be an organization
        base = self.endpoints.source(main.name, main.rows)
        last = base.record(base.count() - 1)[field] if base.count() else 0
        return self.overlay.next_number(
            spec.table, int(last) + 1, lambda n: self.endpoints.find(main, str(n)) is not None
        )

    def _update_stamp(self, previous: object) -> str:
        """Now, but strictly later than ``previous`` and than every stamp handed out before."""
        now = datetime.now()
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        try:
            earlier = coerce(previous, Kind.DATETIME) if previous is not None else None
        except ValueError:
            earlier = None
        with self._lock:
            floor = max(self._stamp, earlier if isinstance(earlier, datetime) else datetime.min)
            self._stamp = max(now, floor + timedelta(milliseconds=10))
            return dotnet_datetime(self._stamp)

    # -- typed contracts ------------------------------------------------------------------------------

    def _typed_record(
        self, entity: EntityDef, spec: WriteSpec, item: JsonDict, current: Record | None, user: str
    ) -> Record:
        before = self.endpoints.render(entity, current) if current is not None else None
        item = self._check_contract(entity, spec, item, before)
        if current is None and spec.complete is not None:
            spec.complete(item)
        self._set_key(entity, spec, item, current)
        if spec.tracks_updates:  # before the checks: whatever the body says here is replaced
            self._track_update(item, before, user)
        fields_entity = self._entity(spec.record_fields or entity.name)
        problems = bodies.missing_paths(item, spec.required.get(contract_name(item["$type"]), ()))
        problems += bodies.kind_problems(item, fields_entity.fields)
        if problems:
            raise validation_error(*problems)
        self._check_references(spec, {path: resolve_path(item, path) for path, _ in spec.references})
        record: Record = {f.name: resolve_path(item, f.path) for f in fields_entity.fields if f.path is not None}
        if spec.extra is not None:
            record.update(spec.extra(item))
        record[STORED_ITEM] = dumps(item)  # compact text: a fifth of the memory of the dict
        return record

    def _check_contract(self, entity: EntityDef, spec: WriteSpec, item: JsonDict, before: JsonDict | None) -> JsonDict:
        """The body with its ``$type`` first, in the current assembly's spelling; 400 when it is not accepted."""
        sent = item.get("$type")
        names = {contract_name(c): c for c in spec.contracts}
        if before is not None:
            names = {contract_name(before["$type"]): before["$type"]}
        if not isinstance(sent, str) or contract_name(sent) not in names:
            expected = " or ".join(names)
            raise validation_error(f"The $type '{sent}' does not match {entity.name}: expected {expected}.")
        rest = {k: copy.deepcopy(v) for k, v in item.items() if k != "$type"}
        return {"$type": names[contract_name(sent)], **rest}

    def _set_key(self, entity: EntityDef, spec: WriteSpec, item: JsonDict, current: Record | None) -> None:
        key_paths = (spec.key_path, *spec.also_key)
        given = [v for v in (resolve_path(item, p) for p in key_paths) if not bodies.is_blank(v)]
        if any(isinstance(v, bool) or not isinstance(v, str | int) for v in given):
            raise validation_error(f"'{spec.key_path}' must be text.")
        derived = spec.derive(item) if spec.derive is not None else None
        if current is not None:
            key = row_key(entity, current)
        elif given:
            key = str(given[0])
        elif derived is not None:
            key = str(derived)
        elif spec.key_rule is KeyRule.NEXT_NUMBER:
            key = str(self._next_number(entity, spec.key_path))
        elif spec.key_rule is KeyRule.GUID:
            key = str(uuid.uuid4()).upper()
        else:
            raise validation_error(f"'{spec.key_path}' is required.")
        clashing = [str(v) for v in (*given, *([derived] if derived is not None else []))]
        if any(fold_key(value) != fold_key(key) for value in clashing):
            raise validation_error(f"The key in the body does not match {entity.name} '{key}' (keys cannot change).")
        for path in key_paths:
            bodies.set_path(item, path, key)

    def _track_update(self, item: JsonDict, before: JsonDict | None, user: str) -> None:
        """Server-owned ``UpdateInformation``: creation kept from ``before`` (the row replaced), update now."""
        was = before.get("UpdateInformation") if before is not None else None
        was = was if isinstance(was, dict) else {}
        stamp = self._update_stamp(was.get("UpdatedOn"))
        item["UpdateInformation"] = typed(
            UPDATE_INFORMATION_TYPE, CreatedBy=was.get("CreatedBy", user), CreatedOn=was.get("CreatedOn", stamp),
            UpdatedBy=user, UpdatedOn=stamp,
        )  # fmt: skip

    # -- GenericEntityData ----------------------------------------------------------------------------

    def _generic_record(
        self, entity: EntityDef, bo: BusinessObject, item: JsonDict, current: Record | None
    ) -> dict[str, object]:
        self._check_generic_contract(entity, item)
        values = bodies.read_bag(bo, item)
        self._merge_identity(entity, bo, values, bodies.identity_elements(item), current)
        if current is None:
            self._allocate_identity(entity, bo, values)
        problems = [f"'{p.name}' is required." for p in bo.properties if not p.nullable and values[p.name] is None]
        if problems:
            raise validation_error(*problems)
        self._check_references(write_spec(entity), values)
        return values

    def _merge_identity(
        self,
        entity: EntityDef,
        bo: BusinessObject,
        values: dict[str, object],
        elements: list[str],
        current: Record | None,
    ) -> None:
        """Identity values from the properties, ``Identity.IdentityElements`` or (PUT) the URL; they must agree."""
        if elements and len(elements) != len(bo.identity):
            raise validation_error(f"Incorrect number of identity elements: {entity.name} has {len(bo.identity)}.")
        given = dict(zip(bo.identity, elements, strict=False))
        for name in bo.identity:
            sent = [str(v) for v in (values[name], given.get(name)) if v is not None]
            if current is not None:
                sent.append(str(current[name]))
            if len({fold_key(v) for v in sent}) > 1:
                problem = "keys cannot change" if current is not None else "identity and properties differ"
                raise validation_error(f"The identity in the body does not match {entity.name} {name} ({problem}).")
            prop = next(p for p in bo.properties if p.name == name)
            values[name] = bodies.property_value(prop, sent[0]) if sent else None

    def _check_generic_contract(self, entity: EntityDef, item: JsonDict) -> None:
        sent, named = item.get("$type"), item.get("EntityTypeName")
        if not isinstance(sent, str) or contract_name(sent) != contract_name(entity.item_type):
            raise validation_error(f"The $type '{sent}' does not match {entity.name}: expected {entity.item_type}.")
        if named is not None and (not isinstance(named, str) or named.casefold() != entity.name.casefold()):
            raise validation_error(f"EntityTypeName '{named}' does not match {entity.name}.")

    def _allocate_identity(self, entity: EntityDef, bo: BusinessObject, values: dict[str, object]) -> None:
        rule = write_spec(entity).key_rule
        last = bo.identity[-1]
        if values[last] is not None or rule not in (KeyRule.NEXT_NUMBER, KeyRule.NEXT_IN_PARENT):
            return
        if rule is KeyRule.NEXT_NUMBER:
            values[last] = self._next_number(entity, last)
            return
        parent = values[bo.identity[0]]
        if isinstance(parent, str):
            values[last] = self._next_in_parent(entity, bo, parent)

    def _next_in_parent(self, entity: EntityDef, bo: BusinessObject, parent: str) -> int:
        base = self.endpoints.source(entity.name, entity.rows)
        children = base.children(parent) if base.children is not None else None
        first, seqn = bo.identity
        table = write_spec(entity).table
        written = self.overlay.changes_where(table, lambda r: fold_key(str(r[first])) == fold_key(parent))
        return max([len(children or ()), *(int(r[seqn]) for r in written)]) + 1
