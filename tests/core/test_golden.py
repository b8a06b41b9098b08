"""Golden corpus: each statement's compiled requests, residual filter and client work (or its error).

Regenerate after an intended change with ``IMISQL_UPDATE_GOLDEN=1 pytest tests/core/test_golden.py``
and review the diff.
"""

from __future__ import annotations

import os

import pytest

from tests.core.golden import EXPECTED, load_expected, load_statements, render_all, render_case

CASES = load_statements()


def test_golden_corpus_is_large_and_unique() -> None:
    names = [name for name, _ in CASES]
    assert len(names) >= 80
    assert len(set(names)) == len(names)


if os.environ.get("IMISQL_UPDATE_GOLDEN"):
    EXPECTED.write_text(render_all(CASES), encoding="utf-8")

EXPECTED_BY_NAME = load_expected()


@pytest.mark.parametrize(("name", "sql"), CASES, ids=[n for n, _ in CASES])
def test_golden(name: str, sql: str) -> None:
    assert name in EXPECTED_BY_NAME, f"{name} missing from {EXPECTED.name}: regenerate and review"
    assert render_case(sql) == EXPECTED_BY_NAME[name]
