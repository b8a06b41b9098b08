"""Entity names close to a misspelt one: the "did you mean" of every face."""

from __future__ import annotations

import difflib
from functools import lru_cache

from imisql.catalog.model import Catalog


def suggest_entities(name: str, catalog: Catalog) -> list[str]:
    """Known entity names close to ``name``."""
    return list(_close_names(name.lower(), tuple(e.name for e in catalog.entities())))


@lru_cache(maxsize=512)
def _close_names(lowered: str, names: tuple[str, ...]) -> tuple[str, ...]:
    by_lower = {n.lower(): n for n in names}
    return tuple(by_lower[n] for n in difflib.get_close_matches(lowered, list(by_lower), n=3, cutoff=0.75))
