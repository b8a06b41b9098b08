"""CompileOptions: each request asks for the page size within iMIS's 1 to 500, for options made or replaced."""

from __future__ import annotations

from dataclasses import replace

import pytest

from imisql.compiler import DEFAULT_OPTIONS, CompileOptions, compile_sql


@pytest.mark.parametrize(("page_size", "asked"), [(0, 1), (1, 1), (120, 120), (500, 500), (5000, 500)])
def test_requests_ask_for_the_page_size_within_1_to_500(page_size: int, asked: int) -> None:
    for options in (CompileOptions(page_size=page_size), replace(DEFAULT_OPTIONS, page_size=page_size)):
        plan = compile_sql("SELECT * FROM Party WHERE LastName = 'Smith'", options=options)
        assert [r.page_size for r in plan.requests] == [asked]
        assert ("limit", str(asked)) in plan.requests[0].first_page_params()
