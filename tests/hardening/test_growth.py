"""Work grows linearly with the input: times at sizes x1, x4 and x16, asserted on their ratio only.

Each case was quadratic before (trailing blanks re-scanned by the lexer at every position, OR chains
copied at every term, strings matched with regex state per character, semantic tokens looking ahead
from every token and counting each token's column from the start of its line). The bound is three
times what linear growth gives, far below the ~256 of quadratic growth, so machine load does not make
these fail; no absolute time is asserted. ``bench/bench_growth.py`` prints the same measurements.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hardening.growth import (
    CASES,
    FACTORS,
    LINEAR_BOUND,
    Case,
    long_line,
    ratio,
    script,
    trailing_newlines,
)
from tests.hardening.lsp_raw import LspProcess

_MEASURE_SCRIPT = """
import json, sys
from tests.hardening.growth import CASES, measure
[case] = [c for c in CASES if c.name == sys.argv[1]]
print(json.dumps(measure(case.run, case.make, case.base)))
"""


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_engine_work_grows_linearly(case: Case) -> None:
    """Measured in a fresh process: after thousands of tests this one's heap and threads slowed the
    larger sizes alone (x16 over x1 went from about 17 to 62 for the same code)."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE_SCRIPT, case.name], capture_output=True, text=True, timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    times = json.loads(done.stdout)
    assert ratio(times) < LINEAR_BOUND, f"{case.name}: times {times} at sizes x{FACTORS}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LspProcess]:
    env = {**os.environ, "IMISQL_CONFIG": os.devnull, "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))}
    with LspProcess(env=env) as process:
        process.initialize({"imisql": {"debounceMs": 0}})
        yield process
        if process.proc.poll() is None:
            process.shutdown()


def _request_time(server: LspProcess, method: str, params: dict[str, object], loops: int) -> float:
    """The best of two means over ``loops`` requests (more loops at smaller sizes: equal work per sample)."""
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        for _ in range(loops):
            answer = server.request(method, params, wait=300)
            assert "result" in answer, answer
        best = min(best, (time.perf_counter() - start) / loops)
    return best


# A server process holds more live objects than a test, so its garbage collection weighs more on big
# inputs: four times what linear growth gives, still a quarter of quadratic growth.
SERVER_BOUND = 4 * FACTORS[-1]
LSP_DOCUMENTS = {"one long line": (long_line, 11_250), "trailing newlines": (trailing_newlines, 5_000)}


@pytest.mark.parametrize("method", ["textDocument/semanticTokens/full", "textDocument/completion"])
@pytest.mark.parametrize("shape", LSP_DOCUMENTS, ids=LSP_DOCUMENTS.keys())
def test_the_language_server_answers_in_linear_time(server: LspProcess, shape: str, method: str) -> None:
    """The 180 KB single line and the 5,000-newline document are the x16 and x1 sizes here."""
    make, base = LSP_DOCUMENTS[shape]
    times = []
    for factor in FACTORS:
        text = make(base * factor)
        uri = f"file:///tmp/growth-{shape.replace(' ', '-')}-{factor}.imisql"
        item = {"uri": uri, "languageId": "imisql", "version": 1, "text": text}
        server.notify("textDocument/didOpen", {"textDocument": item})
        lines = text.split("\n")
        end = {"line": len(lines) - 1, "character": len(lines[-1])}
        params: dict[str, object] = {"textDocument": {"uri": uri}}
        if method == "textDocument/completion":
            params["position"] = end
        times.append(_request_time(server, method, params, FACTORS[-1] // factor))
        server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert ratio(times) < SERVER_BOUND, f"{shape} {method}: times {times} at sizes x{FACTORS}"


_PEAK_SCRIPT = """
import resource, sys
from imisql.compiler import compile_sql
text = "SELECT * FROM Party WHERE LastName = '" + "x" * int(sys.argv[1]) + "'"
compile_sql("SELECT * FROM Party")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
compile_sql(text)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


def test_a_10_mb_literal_needs_memory_proportional_to_its_size() -> None:
    """The regex engine kept backtracking state per character of a string: 10 MB took 2 GB (~200 bytes per
    character). Peak memory is measured in a fresh process, where nothing else has grown the heap."""
    size = 10_000_000
    done = subprocess.run([sys.executable, "-c", _PEAK_SCRIPT, str(size)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    grown_bytes = int(done.stdout) * 1024  # ru_maxrss is in KiB on Linux
    assert grown_bytes < 10 * size, f"compiling a {size:,}-character literal grew the process by {grown_bytes:,} bytes"


def _explain_script_time(path: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "imisql", "--demo", "--explain", "-f", str(path)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "IMISQL_CONFIG": os.devnull},
    )
    elapsed = time.perf_counter() - start
    assert done.returncode == 0, done.stderr[-2000:]
    return elapsed


def test_imisql_f_explains_a_long_script_in_linear_time(tmp_path: Path) -> None:
    """``imisql -f`` with thousands of statements (4,000 took 43 s to explain). Each run includes the
    process and demo emulator start, which only lowers the ratio."""
    times = []
    for factor in FACTORS:
        path = tmp_path / f"script-{factor}.sql"
        path.write_text(script(500 * factor), encoding="utf-8")
        times.append(_explain_script_time(path))
    assert ratio(times) < LINEAR_BOUND, f"imisql -f --explain: times {times} at sizes x{FACTORS}"
