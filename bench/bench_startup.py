"""Start-up: ``imisql --version`` and ``imisql-lsp --version`` against ``python -c "import requests"``.

Each command is run as a fresh process, wall time from spawn to exit; the three alternate within every
round so machine load hits them alike, and the medians are compared. The installed console scripts
beside this interpreter are used (the entry points a user runs). ``-X importtime`` then shows what
``import imisql`` itself costs (microseconds, cumulative), the piece the commands add to a bare start.

Run: python bench/bench_startup.py [--rounds N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable


def _script(name: str) -> str:
    beside = Path(PY).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is not installed beside {PY} (pip install -e .)")
    return found


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    return time.perf_counter() - start


def _import_cost(module: str) -> int:
    """Cumulative microseconds of ``import module`` by ``-X importtime`` (its last line is the module)."""
    done = subprocess.run(
        [PY, "-X", "importtime", "-c", f"import {module}"], capture_output=True, text=True, check=True, timeout=120
    )
    line = next(row for row in reversed(done.stderr.splitlines()) if row.rstrip().endswith(f"| {module}"))
    return int(line.split("|")[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    commands = {
        'python -c "import requests"': [PY, "-c", "import requests"],
        "imisql --version": [_script("imisql"), "--version"],
        "imisql-lsp --version": [_script("imisql-lsp"), "--version"],
    }
    for command in commands.values():
        _wall(command)  # warm the file cache once
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, command in commands.items():
            times[name].append(_wall(command))
    baseline = statistics.median(times['python -c "import requests"'])
    print(f"{args.rounds} alternating rounds, wall time to exit (median, best):")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"  {name:30} {median * 1000:7.1f} ms  {min(samples) * 1000:7.1f} ms  ratio {median / baseline:.2f}x")
    for module in ("imisql", "requests", "imisql.cli", "imisql.lsp.server"):
        print(f"  import {module:24} {_import_cost(module) / 1000:7.1f} ms (-X importtime, cumulative)")


if __name__ == "__main__":
    main()
