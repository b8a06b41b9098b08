"""Read endpoints: entity lists and single items, IQA/query, metadata.

Each handler takes decoded request pieces and returns a :class:`Response` or raises
:class:`ApiError`. Row sources and metadata are built once per entity and reused.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from imisql.emulator import iqa
from imisql.emulator.config import EmulatorConfig
from imisql.emulator.contracts import GENERIC_ENTITY
from imisql.emulator.dataset import Dataset, RowSource
from imisql.emulator.entities import EntityDef
from imisql.emulator.listing import Lister, Page, envelope, raw_envelope
from imisql.emulator.metadata import entity_definition
from imisql.emulator.query import ListQuery, page, parse_int, parse_list_query
from imisql.emulator.responses import (
    Response,
    dumps,
    not_found,
    not_implemented,
    text_json_response,
    validation_error,
)

Params = Sequence[tuple[str, str]]
_QUERY_ENVELOPE = "Asi.Soa.Core.DataContracts.PagedResult, Asi.Contracts"
_QUERY_ITEMS = "System.Collections.Generic.List`1[[System.Object, mscorlib]], mscorlib"
_METADATA_SAMPLE = 60


class Endpoints:
    def __init__(self, config: EmulatorConfig, dataset: Dataset) -> None:
        self.config = config
        self.dataset = dataset
        self.lister = Lister(config.item_cache_chars, config.result_cache_rows)
        self._sources: dict[str, RowSource] = {}
        self._metadata: dict[str, str] = {}
        self._lock = threading.Lock()

    def source(self, name: str, build: Callable[[Dataset], RowSource]) -> RowSource:
        """The row source called ``name``, built once."""
        with self._lock:
            found = self._sources.get(name)
            if found is None:
                found = self._sources[name] = build(self.dataset)
            return found

    # -- entities ------------------------------------------------------------------------------

    def list_entity(self, entity: EntityDef, params: Params) -> Response:
        entity_id = next((v for k, v in params if k.strip().casefold() == "entityid"), None)
        if entity_id is not None:  # ASI's client sends ids that URL-encoding would change this way
            return self.get_entity(entity, entity_id)
        query = parse_list_query(params, entity, page_rounding=self.config.offset_page_rounding)
        source = self.source(entity.name, entity.rows)
        result = self.lister.page(entity.name, source, query)
        texts = [self.lister.item_text(entity.name, p, source, entity.render) for p in result.positions]
        limit = result.limit
        if entity.name == "BOEntityDefinition" and self.config.bo_definition_limit_zero:
            limit = 0
        return text_json_response(200, envelope(entity.item_type, texts, result.offset, limit, result.total))

    def get_entity(self, entity: EntityDef, key: str) -> Response:
        source = self.source(entity.name, entity.rows)
        if source.children is not None and not key.startswith("~"):
            return self._children(entity, source, key)
        pos = source.position(key)
        if pos is None:
            raise not_found(f"{entity.name} with identity '{key}' was not found.")
        return text_json_response(200, self.lister.item_text(entity.name, pos, source, entity.render))

    def _children(self, entity: EntityDef, source: RowSource, parent: str) -> Response:
        """``GET /api/Name_CEU/{PartyId}``: every row of one party, as a paged result."""
        assert source.children is not None
        rows = source.children(parent)
        if rows is None:
            raise not_found(f"{entity.name} rows for party '{parent}' were not found.")
        texts = [self.lister.item_text(entity.name, p, source, entity.render) for p in rows]
        return text_json_response(200, envelope(entity.item_type, texts, 0, max(len(texts), 1), len(texts)))

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
        filters = (*iqa.prompt_filters(query, parameters), *iqa.url_filters(query, named))
        offset, limit = page(limit, offset)
        source = self.source(f"iqa:{query.path}", query.rows)
        return query, source, self.lister.page(f"iqa:{query.path}", source, ListQuery(filters, (), offset, limit))

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
