"""The catalog the language server answers with: built-in at once, a site's live catalog when ready.

``CatalogLoader.catalog`` is read on every request and never blocks. ``configure`` starts the shared
background refresher (``imisql.catalog.refresher``) on the configured site: it first reads the on-disk
cache (instant), then loads the live catalog over the network, saves it to the cache and swaps it in.
Failures are reported through ``on_message`` and leave the current catalog in place.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import imisql
from imisql.catalog import Catalog, load_cache, load_from, save_cache
from imisql.catalog.refresher import CatalogRefresher
from imisql.config import ConfigError

from .settings import LspSettings

Report = Callable[[str], None]


class CatalogLoader:
    """The language server's catalog, refreshed from the configured site in the background."""

    def __init__(self, on_message: Report, on_change: Callable[[], None] = lambda: None) -> None:
        self._on_message = on_message
        self._refresher = CatalogRefresher(lambda catalog: on_change(), self._report_failure)

    @property
    def catalog(self) -> Catalog:
        return self._refresher.catalog

    def configure(self, settings: LspSettings) -> threading.Thread | None:
        """Start loading the catalog for ``settings``; returns the worker thread (None: nothing to load)."""
        self._refresher.reset()
        if not (settings.has_connection and settings.live_catalog) or settings.demo:
            return None
        return self._refresher.refresh(lambda: self._site_catalogs(settings))

    def _site_catalogs(self, settings: LspSettings) -> Iterator[Catalog]:
        connection = settings.connection()
        cache = settings.cache_file(connection)
        cached = load_cache(cache)
        if cached is not None:
            yield cached
        with imisql.connect(**connection.connect_kwargs()) as conn:
            live = load_from(conn.client)
        try:
            save_cache(live, cache)
        except OSError as exc:
            self._on_message(f"imisql: could not cache the catalog in {cache}: {exc}")
        yield live
        self._on_message(f"imisql: live catalog loaded ({len(live.entities())} entities)")

    def _report_failure(self, exc: Exception) -> None:
        if isinstance(exc, ConfigError):
            self._on_message(f"imisql: no live catalog ({exc}); using the built-in catalog")
        else:
            self._on_message(f"imisql: could not load the live catalog: {exc}")
