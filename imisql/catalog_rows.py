"""DESCRIBE and SHOW ENTITIES answered as result rows from the catalog (no request needed).

DESCRIBE's ``operators`` column names each field's type class; ``describe_legend`` gives the lines
saying which operators each class has (``imisql.operator_classes``), shown after a table.
"""

from __future__ import annotations

from typing import Any

from imisql.catalog import Catalog, LiveCatalog
from imisql.catalog.names import suggest_entities
from imisql.errors import SemanticError, Span
from imisql.operator_classes import legend, type_class
from imisql.plan.steps import Describe, Step

ENTITY_COLUMNS = ["entity", "path", "key", "kind", "description"]
FIELD_COLUMNS = ["column", "type", "search_name", "operators", "description"]


def entity_rows(catalog: Catalog) -> tuple[list[str], list[tuple[Any, ...]]]:
    """One row per known entity, by name."""
    rows = [
        (e.name, e.path, ", ".join(e.key), e.kind.value, e.description)
        for e in sorted(catalog.entities(), key=lambda e: e.name.lower())
    ]
    return ENTITY_COLUMNS, rows


def describe_rows(query: Describe, catalog: Catalog, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """One row per field of the described entity; an unknown entity is an error with a suggestion."""
    entity = catalog.entity(query.entity)
    if entity is None:
        similar = suggest_entities(query.entity, catalog)
        hint = f"did you mean {' or '.join(similar)}?" if similar else _unknown_hint(catalog)
        span = Span.of(sql, query.span_start, query.span_end) if sql else None
        raise SemanticError(f"unknown entity {query.entity!r}", sql, span, hint=hint)
    rows = [(f.name, f.type.value, f.search or "", type_class(f.type), f.description) for f in entity.fields]
    return FIELD_COLUMNS, rows


def describe_legend(step: Step, catalog: Catalog) -> tuple[str, ...]:
    """The lines that explain a DESCRIBE result's ``operators`` column (each class's operators); none for
    any other statement."""
    entity = catalog.entity(step.entity) if isinstance(step, Describe) else None
    return tuple(legend(f.type for f in entity.fields)) if entity is not None else ()


LIVE_CATALOG_HINT = (
    "the built-in catalog knows the common entities only; business objects and custom tables come with "
    "the site's own catalog: --live-catalog on the command line, \\refresh in the shell, "
    "connection.refresh_catalog() in Python"
)


def _unknown_hint(catalog: Catalog) -> str:
    if isinstance(catalog, LiveCatalog):
        return "SHOW ENTITIES lists the known entities"
    return LIVE_CATALOG_HINT
