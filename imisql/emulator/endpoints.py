"""Read endpoints: entity lists and single items, IQA/query, metadata.

Each handler takes decoded request pieces and returns a :class:`Response` or raises
:class:`ApiError`. Row sources and metadata are built once per entity and reused. Reads see the
writes held in the :class:`~imisql.emulator.overlay.Overlay`: lists, filters, sorts and IQA read
each entity's :class:`View` (rebuilt only when its table changed), single GETs look the key up in
the overlay first. Metadata describes the generated data only.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from imisql.emulator import iqa
from imisql.emulator.columns import ColumnStore
from imisql.emulator.columnscan import IndexedTable
from imisql.emulator.config import EmulatorConfig
from imisql.emulator.contracts import GENERIC_ENTITY, JsonDict
from imisql.emulator.dataset import Dataset, RowSource
from imisql.emulator.entities import ENTITIES, EntityDef
from imisql.emulator.listing import Lister, Page, envelope, raw_envelope
from imisql.emulator.metadata import entity_definition
from imisql.emulator.overlay import STORED_ITEM, WRITE_SERIAL, Overlay, Record, overlaid
from imisql.emulator.query import ListQuery, page, parse_int, parse_list_query
from imisql.emulator.responses import (
    Response,
    dumps,
    not_found,
    not_implemented,
    text_json_response,
    validation_error,
)
from imisql.emulator.writable import write_spec

Params = Sequence[tuple[str, str]]
_QUERY_ENVELOPE = "Asi.Soa.Core.DataContracts.PagedResult, Asi.Contracts"
_QUERY_ITEMS = "System.Collections.Generic.List`1[[System.Object, mscorlib]], mscorlib"
_METADATA_SAMPLE = 60


@dataclass(frozen=True)
class View:
    """What one entity shows now: cache name, rows, and how a row is rendered."""

    entity: EntityDef
    name: str  # the entity name, plus its table's version once the table has changes
    source: RowSource
    generated_position: Callable[[int], int | None]  # the unchanged generated row at a position
    render: Callable[[Record], JsonDict]
    indexed: IndexedTable  # the generated rows' search columns, with the table's changes


def _showing_stored(render: Callable[[Record], JsonDict]) -> Callable[[Record], JsonDict]:
    def show(record: Record) -> JsonDict:
        stored = record.get(STORED_ITEM)
        return json.loads(stored) if stored is not None else render(record)

    return show


class Endpoints:
    def __init__(self, config: EmulatorConfig, dataset: Dataset, overlay: Overlay) -> None:
        self.config = config
        self.dataset = dataset
        self.overlay = overlay
        self.lister = Lister(config.item_cache_chars, config.result_cache_rows)
        self._sources: dict[str, RowSource] = {}
        self._columns: dict[str, ColumnStore] = {}
        self._views: dict[str, tuple[int, View]] = {}
        self._metadata: dict[str, str] = {}
        self._lock = threading.Lock()

    def source(self, name: str, build: Callable[[Dataset], RowSource]) -> RowSource:
        """The row source called ``name``, built once."""
        with self._lock:
            found = self._sources.get(name)
            if found is None:
                found = self._sources[name] = build(self.dataset)
            return found

    def columns(self, entity: EntityDef) -> ColumnStore:
        """The search columns of the entity's generated rows (created once; built on the first scan)."""
        base = self.source(entity.name, entity.rows)
        with self._lock:
            found = self._columns.get(entity.name)
            if found is None:
                found = self._columns[entity.name] = ColumnStore(base, entity.fields)
            return found

    def render(self, entity: EntityDef, record: Record) -> JsonDict:
        """The JSON of one of the entity's rows, written or generated."""
        return _showing_stored(entity.render)(record) if write_spec(entity).shows_stored else entity.render(record)

    def view(self, entity: EntityDef) -> View:
        """The entity's rows as the writes so far leave them."""
        spec = write_spec(entity)
        base = self.source(entity.name, entity.rows)
        render = _showing_stored(entity.render) if spec.shows_stored else entity.render
        version = self.overlay.version(spec.table)
        with self._lock:
            cached = self._views.get(entity.name)
        if cached is not None and cached[0] == version:
            return cached[1]
        version, changes = self.overlay.snapshot(spec.table)
        if not changes:
            view = View(entity, entity.name, base, lambda pos: pos, render, IndexedTable(self.columns(entity)))
        else:
            parent = entity.business_object.parent_key if entity.business_object else None
            rows = overlaid(base, changes, spec.belongs, parent)
            indexed = IndexedTable(self.columns(entity), rows.positions)
            view = View(entity, f"{entity.name}@{version}", rows.rows, rows.generated_position, render, indexed)
        with self._lock:
            self._views[entity.name] = (version, view)
        return view

    def find(self, entity: EntityDef, key: str) -> Record | None:
        """The current row with single-GET id ``key`` (written or generated), or None."""
        spec = write_spec(entity)
        change = self.overlay.get(spec.table, key)
        if change is not None:
            found = change.record
            return found if found is not None and spec.belongs(found) else None
        source = self.source(entity.name, entity.rows)
        pos = source.position(key)
        return None if pos is None else source.record(pos)

    def _text(self, view: View, pos: int) -> str:
        """A shown row's JSON text, cached by generated position or by write."""
        generated = view.generated_position(pos)
        if generated is None:
            return self._written_text(view.entity, view.source.record(pos))
        base = self.source(view.entity.name, view.entity.rows)
        return self.lister.item_text(view.entity.name, generated, base, view.render)

    def _written_text(self, entity: EntityDef, record: Record) -> str:
        stored = record.get(STORED_ITEM)
        if stored is not None and write_spec(entity).shows_stored:
            return str(stored)
        key = (entity.name, WRITE_SERIAL, record[WRITE_SERIAL])
        text = self.lister.items.get(key)
        if text is None:
            text = dumps(self.render(entity, record))
            self.lister.items.put(key, text)
        return text

    # -- entities ------------------------------------------------------------------------------

    def list_entity(self, entity: EntityDef, params: Params) -> Response:
        entity_id = next((v for k, v in params if k.strip().casefold() == "entityid"), None)
        if entity_id is not None:  # ASI's client sends ids that URL-encoding would change this way
            return self.get_entity(entity, entity_id)
        query = parse_list_query(
            params, entity, page_rounding=self.config.offset_page_rounding, nulls_high=self.config.nulls_high
        )
        view = self.view(entity)
        result = self.lister.page(view.name, view.source, query, view.indexed)
        texts = [self._text(view, p) for p in result.positions]
        limit = result.limit
        if entity.name == "BOEntityDefinition" and self.config.bo_definition_limit_zero:
            limit = 0
        return text_json_response(200, envelope(entity.item_type, texts, result.offset, limit, result.total))

    def get_entity(self, entity: EntityDef, key: str) -> Response:
        base = self.source(entity.name, entity.rows)
        if base.children is not None and not key.startswith("~"):
            return self._children(self.view(entity), key)
        if self.overlay.get(write_spec(entity).table, key) is None:
            pos = base.position(key)
            if pos is not None:
                return text_json_response(200, self.lister.item_text(entity.name, pos, base, entity.render))
        found = self.find(entity, key)
        if found is None:
            raise not_found(f"{entity.name} with identity '{key}' was not found.")
        return text_json_response(200, self._written_text(entity, found))

    def _children(self, view: View, parent: str) -> Response:
        """``GET /api/Name_CEU/{PartyId}``: every row of one party, as a paged result."""
        assert view.source.children is not None
        rows = view.source.children(parent)
        if rows is None:
            raise not_found(f"{view.entity.name} rows for party '{parent}' were not found.")
        texts = [self._text(view, p) for p in rows]
        return text_json_response(200, envelope(view.entity.item_type, texts, 0, max(len(texts), 1), len(texts)))

    # -- metadata ------------------------------------------------------------------------------

    def metadata(self, entity: EntityDef) -> Response:
        if entity.name.casefold() in {n.casefold() for n in self.config.metadata_not_implemented}:
            raise not_implemented("Service not implemented")
        with self._lock:
            text = self._metadata.get(entity.name)
        if text is None:
            source = self.source(entity.name, entity.rows)
            samples = [entity.render(source.record(p)) for p in range(min(source.count(), _METADATA_SAMPLE))]
            text = dumps(entity_definition(entity.name, samples, entity.business_object))
            with self._lock:
                self._metadata[entity.name] = text
        return text_json_response(200, text)

    # -- IQA -------------------------------------------------------------------------------------

    def _run_iqa(self, params: Params) -> tuple[iqa.IqaQuery, RowSource, Page]:
        """Run a built-in query over the current rows of the entity it reads."""
        name, key, parameters, named, limit, offset = None, None, [], [], 0, 0
        for param, value in params:
            folded = param.strip().casefold()
            if folded in ("queryname", "querypath"):
                name = value
            elif folded == "querydocumentversionkey":
                key = value
            elif folded == "parameter":
                parameters.append(value)
            elif folded == "limit":
                limit = parse_int(value)
            elif folded == "offset":
                offset = parse_int(value)
            else:
                named.append((param, value))
        query = self._find_query(name, key)
        named = [] if self.config.iqa_url_filters_ignored else named  # a query that defines no URL filter
        filters = (*iqa.prompt_filters(query, parameters), *iqa.url_filters(query, named))
        offset, limit = page(limit, offset)
        view = self.view(_reading(query))
        name = f"iqa:{query.path}:{view.name}"
        page_query = ListQuery(filters, (), offset, limit)
        return query, view.source, self.lister.page(name, view.source, page_query, view.indexed)

    @staticmethod
    def _find_query(name: str | None, key: str | None) -> iqa.IqaQuery:
        if not name and not key:
            raise validation_error("QueryName is required.")
        query = iqa.find_query(name) if name else iqa.find_query_by_key(key or "")
        if query is None:
            raise not_found(f"Query '{name or key}' was not found.")
        return query

    def iqa(self, params: Params) -> Response:
        query, source, result = self._run_iqa(params)
        texts = [
            dumps(iqa.iqa_row(query, self.dataset, source.record(p), result.offset + n + 1))
            for n, p in enumerate(result.positions)
        ]
        return text_json_response(200, envelope(GENERIC_ENTITY, texts, result.offset, result.limit, result.total))

    def query(self, params: Params) -> Response:
        query, source, result = self._run_iqa(params)
        texts = [dumps(iqa.expando_row(query, self.dataset, source.record(p))) for p in result.positions]
        body = raw_envelope(_QUERY_ENVELOPE, _QUERY_ITEMS, texts, result.offset, result.limit, result.total)
        return text_json_response(200, body)


def _reading(query: iqa.IqaQuery) -> EntityDef:
    """The entity whose rows an IQA query reads (the one built by the same row-source method)."""
    return next(e for e in ENTITIES if e.rows == query.rows)
