"""The shared background catalog refresher: swaps loads in as they arrive, drops superseded ones."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from imisql.catalog import BUILTIN, Catalog, StaticCatalog
from imisql.catalog.refresher import CatalogRefresher

WAIT = 30.0  # seconds a test waits for a worker thread


def _catalog() -> StaticCatalog:
    return StaticCatalog(list(BUILTIN.entities())[:1])


def test_each_yielded_catalog_is_swapped_in_and_reported() -> None:
    cached, live = _catalog(), _catalog()
    changes: list[Catalog] = []
    refresher = CatalogRefresher(changes.append)
    assert refresher.catalog is BUILTIN
    refresher.refresh(lambda: iter([cached, live]))
    assert refresher.wait(WAIT)
    assert changes == [cached, live] and refresher.catalog is live


def test_a_failure_is_reported_and_keeps_the_catalog_loaded_so_far() -> None:
    cached = _catalog()
    errors: list[Exception] = []

    def load() -> Iterator[Catalog]:
        yield cached
        raise OSError("site unreachable")

    refresher = CatalogRefresher(on_error=errors.append)
    refresher.refresh(load)
    assert refresher.wait(WAIT)
    assert refresher.catalog is cached and [str(e) for e in errors] == ["site unreachable"]


def test_a_newer_refresh_supersedes_a_running_load() -> None:
    release = threading.Event()
    stale, fresh = _catalog(), _catalog()
    errors: list[Exception] = []

    def slow() -> Iterator[Catalog]:
        release.wait(WAIT)
        yield stale
        raise AssertionError("a superseded load is not resumed")

    refresher = CatalogRefresher(on_error=errors.append)
    first = refresher.refresh(slow)
    refresher.refresh(lambda: [fresh])
    assert refresher.wait(WAIT) and refresher.catalog is fresh
    release.set()
    first.join(WAIT)
    assert not first.is_alive() and refresher.catalog is fresh and errors == []


def test_reset_drops_what_a_running_load_yields_later() -> None:
    release = threading.Event()
    errors: list[Exception] = []

    def slow() -> Iterator[Catalog]:
        release.wait(WAIT)
        yield _catalog()
        raise OSError("too late to be reported")

    refresher = CatalogRefresher(on_error=errors.append)
    worker = refresher.refresh(slow)
    assert refresher.running
    refresher.reset()
    release.set()
    worker.join(WAIT)
    assert refresher.catalog is BUILTIN and errors == [] and not refresher.running
