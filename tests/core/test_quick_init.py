"""quick_init: the faster __init__ makes the same frozen instances as the dataclass's own."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from imisql.plan import Note, Request
from imisql.quick_init import quick_init


@dataclasses.dataclass(frozen=True, slots=True)
class _Plain:
    a: int
    b: tuple[int, ...] = ()
    c: str | None = None


@quick_init
@dataclasses.dataclass(frozen=True, slots=True)
class _Quick:
    a: int
    b: tuple[int, ...] = ()
    c: str | None = None


def test_same_values_defaults_and_signature() -> None:
    for args in ((1,), (1, (2,)), (1, (2,), "x")):
        assert repr(_Quick(*args)).replace("_Quick", "_Plain") == repr(_Plain(*args))
    assert _Quick(1, c="x") == _Quick(a=1, b=(), c="x")
    assert hash(_Quick(1, (2,))) == hash(_Quick(1, (2,)))
    assert str(inspect.signature(_Quick)) == "(a, b=(), c=None)"
    with pytest.raises(TypeError):
        _Quick()  # type: ignore[call-arg]


def test_still_frozen_and_replaceable() -> None:
    request = Request("GET", "/api/Party")
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.path = "/api/Event"  # type: ignore[misc]
    assert dataclasses.replace(request, path="/api/Event") == Request("GET", "/api/Event")
    assert Note("n", 1, 2) == Note(message="n", start=1, end=2) and Note("n").start == 0


def test_refuses_what_it_cannot_copy() -> None:
    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Factory:
        a: list[int] = dataclasses.field(default_factory=list)

    for cls in (NoSlots, Factory):
        with pytest.raises(TypeError):
            quick_init(cls)
