"""The one background catalog refresher, shared by the language server and the shell.

``CatalogRefresher.catalog`` is read at any time and never blocks. ``refresh(load)`` runs ``load()`` on
a worker thread: each catalog it yields (a cached one first, say, then the live one) is swapped in as
soon as it arrives and reported to ``on_change``; a failure is reported to ``on_error`` and leaves the
current catalog in place. A newer ``refresh`` or a ``reset`` supersedes a running load: whatever that
load yields afterwards is dropped and the load is not resumed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from imisql.catalog.builtin import BUILTIN
from imisql.catalog.model import Catalog

__all__ = ["CatalogRefresher", "Load"]

Load = Callable[[], Iterable[Catalog]]


class CatalogRefresher:
    """Holds the current catalog and replaces it from loads run in the background."""

    def __init__(
        self,
        on_change: Callable[[Catalog], None] = lambda catalog: None,
        on_error: Callable[[Exception], None] = lambda exc: None,
    ) -> None:
        self.catalog: Catalog = BUILTIN
        self._on_change = on_change
        self._on_error = on_error
        self._generation = 0
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()

    def reset(self, catalog: Catalog = BUILTIN) -> None:
        """Use ``catalog`` from now on, superseding any running load."""
        self._swap(catalog, self._next_generation())

    def refresh(self, load: Load) -> threading.Thread:
        """Start ``load`` in the background, superseding any running load; returns its worker thread."""
        generation = self._next_generation()
        worker = threading.Thread(target=self._run, args=(load, generation), daemon=True, name="imisql-catalog")
        with self._lock:
            self._worker = worker
        worker.start()
        return worker

    @property
    def running(self) -> bool:
        """Whether the latest load is still running."""
        worker = self._worker
        return worker is not None and worker.is_alive()

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the latest load; True when none is running any more."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)
        return not self.running

    def _next_generation(self) -> int:
        with self._lock:
            self._generation += 1
            return self._generation

    def _run(self, load: Load, generation: int) -> None:
        try:
            for catalog in load():
                if not self._swap(catalog, generation):
                    return  # superseded: a newer load owns the catalog
        except Exception as exc:  # a background thread has nobody to raise to: report it
            if self._current(generation):
                self._on_error(exc)

    def _current(self, generation: int) -> bool:
        with self._lock:
            return generation == self._generation

    def _swap(self, catalog: Catalog, generation: int) -> bool:
        """Make ``catalog`` current unless ``generation`` was superseded; False when it was."""
        with self._lock:
            if generation != self._generation:
                return False
            changed = catalog is not self.catalog
            self.catalog = catalog
        if changed:
            self._on_change(catalog)
        return True
