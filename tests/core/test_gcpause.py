"""The garbage collector is paused while any holder is inside, and restored as it was."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from imisql.gcpause import paused


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_paused_inside_and_on_again_after() -> None:
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_on_again_after_an_error() -> None:
    with pytest.raises(KeyError), paused():
        raise KeyError("x")
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_program_stays_off() -> None:
    gc.disable()
    with paused():
        pass
    assert not gc.isenabled()


def test_threads_share_the_pause_until_the_last_one_leaves() -> None:
    inside, leave = threading.Event(), threading.Event()

    def hold() -> None:
        with paused():
            inside.set()
            leave.wait(timeout=30)

    worker = threading.Thread(target=hold)
    worker.start()
    assert inside.wait(timeout=30)
    with paused():
        pass
    assert not gc.isenabled()  # the worker is still inside
    leave.set()
    worker.join(timeout=30)
    assert gc.isenabled()
