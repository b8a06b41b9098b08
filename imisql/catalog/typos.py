"""Entity names that are likely typos: a plural, or one or two letters off a catalog entity.

Used before a request is sent (``FROM Parties`` is an error with "did you mean Party") and after a
404 for a business object the catalog does not know (the server has no such entity).
"""

from __future__ import annotations

from functools import lru_cache

from imisql.catalog.model import Catalog
from imisql.catalog.names import suggest_entities
from imisql.errors import NotFoundError


def unknown_entity_error(name: str, catalog: Catalog, error: NotFoundError) -> NotFoundError:
    """The friendly form of a 404 for a business object the server does not have."""
    meant = likely_typo(name, catalog) or next(iter(suggest_entities(name, catalog)), None)
    hint = (
        f"did you mean {meant}?" if meant
        else "SHOW ENTITIES lists the known entities; live_catalog=True loads the site's own business objects"
    )  # fmt: skip
    return NotFoundError(f"iMIS has no entity {name!r}: {hint}", error.status, error.request)


def likely_typo(name: str, catalog: Catalog) -> str | None:
    """The catalog entity ``name`` most likely misspells: its plural, or one edit off (two for long names)."""
    return _typo_of(name.casefold(), tuple(e.name for e in catalog.entities()))


@lru_cache(maxsize=512)
def _typo_of(folded: str, names: tuple[str, ...]) -> str | None:
    singular = (folded[:-3] + "y") if folded.endswith("ies") else folded.removesuffix("es").removesuffix("s")
    allowed = 0 if len(folded) < 4 else 1 if len(folded) < 8 else 2
    best: tuple[int, str] | None = None
    for name in names:
        target = name.casefold()
        if target in (singular, folded.removesuffix("s")):
            return name
        distance = _edits(folded, target, allowed)
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, name)
    return best[1] if best else None


def _edits(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance of ``a`` and ``b``, or ``limit + 1`` once it is surely larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous, current = list(range(len(b) + 1)), [0] * (len(b) + 1)
    before: list[int] = []
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        before, previous = previous, current
        if min(previous) > limit:
            return limit + 1
    return previous[-1]
