"""The catalog the language server answers with: built-in at once, a site's live catalog when ready.

``CatalogLoader.catalog`` is read on every request and never blocks. ``configure`` starts a
background thread that first reads the on-disk cache for the configured site (instant), then loads
the live catalog over the network, saves it to the cache and swaps it in. Failures are reported
through ``on_message`` and leave the current catalog in place.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import imisql
from imisql.catalog import BUILTIN, Catalog, load_cache, load_live, save_cache
from imisql.config import ConfigError
from imisql.errors import ImisqlError

from .settings import LspSettings

Report = Callable[[str], None]


class CatalogLoader:
    """Holds the current catalog and refreshes it from the configured site in the background."""

    def __init__(self, on_message: Report, on_change: Callable[[], None] = lambda: None) -> None:
        self.catalog: Catalog = BUILTIN
        self._on_message = on_message
        self._on_change = on_change
        self._generation = 0
        self._lock = threading.Lock()

    def configure(self, settings: LspSettings) -> threading.Thread | None:
        """Start loading the catalog for ``settings``; returns the worker thread (None: nothing to load)."""
        with self._lock:
            self._generation += 1
            generation = self._generation
        self._swap(BUILTIN, generation)
        if not (settings.has_connection and settings.live_catalog) or settings.demo:
            return None
        worker = threading.Thread(target=self._load, args=(settings, generation), daemon=True, name="catalog")
        worker.start()
        return worker

    def _load(self, settings: LspSettings, generation: int) -> None:
        try:
            connection = settings.connection()
        except ConfigError as exc:
            self._on_message(f"imisql: no live catalog ({exc}); using the built-in catalog")
            return
        cache = settings.cache_file(connection)
        cached = load_cache(cache)
        if cached is not None:
            self._swap(cached, generation)
        try:
            with imisql.connect(**connection.connect_kwargs()) as conn:
                live = load_live(conn.client.get_json)
        except ImisqlError as exc:
            self._on_message(f"imisql: could not load the live catalog: {exc}")
            return
        try:
            save_cache(live, cache)
        except OSError as exc:
            self._on_message(f"imisql: could not cache the catalog in {cache}: {exc}")
        self._swap(live, generation)
        self._on_message(f"imisql: live catalog loaded ({len(live.entities())} entities)")

    def _swap(self, catalog: Catalog, generation: int) -> None:
        with self._lock:
            if generation != self._generation:
                return  # settings changed meanwhile: a newer load owns the catalog
            changed = catalog is not self.catalog
            self.catalog = catalog
        if changed:
            self._on_change()
