"""Every ``python`` block of docs/python-api.md runs, in order, in one namespace (against the demo
emulator the first block starts), so the documented API cannot drift from the real one."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

DOC = Path(__file__).parents[2] / "docs" / "python-api.md"
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)


def test_the_python_api_examples_run() -> None:
    blocks = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 10
    namespace: dict[str, object] = {"__name__": "docs_python_api"}
    out = io.StringIO()
    try:
        for number, block in enumerate(blocks, 1):
            with contextlib.redirect_stdout(out):
                exec(compile(block, f"{DOC.name} block {number}", "exec"), namespace)
    finally:
        conn = namespace.get("conn")
        if conn is not None:
            conn.close()  # type: ignore[attr-defined]
    printed = out.getvalue()
    assert "^" in printed and "hint:" in printed  # the rendered error
    assert "refused: authentication failed for user 'demo'" in printed
    assert "PartyId" in printed and "(3 rows)" in printed
