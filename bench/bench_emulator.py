"""Benchmark the embedded iMIS emulator with a plain ``requests`` client.

The emulator runs as its own process (``python -m imisql.emulator.cli``), exactly as a user
starts it, so client and server do not share a GIL. Reported per run:

* requests/s for small requests (a single ``GET /api/Country/US``; a 10-row PartySummary page);
* ms per 500-row ``/api/Party`` page, cold (first time each page is generated) and warm
  (served from the rendered-item cache), client time including ``response.json()``;
* a filtered scan (``LastName=contains:smith``) and a sorted scan (``OrderBy=LastName``): the
  first page (full scan) and the next page (cached result);
* the server's peak RSS (``VmHWM`` from ``/proc/PID/status``).

Usage::

    .venv/bin/python bench/bench_emulator.py                 # 100k parties
    .venv/bin/python bench/bench_emulator.py --million       # also 1M parties (scans take minutes)
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import requests

TIMEOUT = 900.0


@contextmanager
def emulator_process(parties: int) -> Iterator[tuple[str, int]]:
    """Start ``imisql emulator`` in a subprocess; yield (base URL, pid)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "imisql.emulator.cli", "--port", "0", "--parties", str(parties)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", proc.stdout.readline())
        if not match:
            raise RuntimeError("the emulator did not start")
        yield match.group(1), proc.pid
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def session_for(base: str) -> requests.Session:
    session = requests.Session()
    form = {"grant_type": "password", "username": "demo", "password": "demo-password"}
    token = session.post(f"{base}/token", data=form, timeout=TIMEOUT).json()["access_token"]
    session.headers["Authorization"] = f"Bearer {token}"
    return session


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def rate(session: requests.Session, url: str, count: int) -> float:
    elapsed, _ = timed(lambda: [session.get(url, timeout=TIMEOUT).content for _ in range(count)])
    return count / (elapsed / 1000)


def pages(
    session: requests.Session, base: str, offsets: list[int], extra: str = "", decode: bool = True
) -> list[float]:
    """Client ms per page: ``get`` + ``json()`` (or only reading the bytes when ``decode`` is False)."""
    times = []
    for offset in offsets:
        url = f"{base}/api/Party?limit=500&offset={offset}{extra}"
        ms, response = timed(lambda u=url: session.get(u, timeout=TIMEOUT))  # type: ignore[misc]
        if decode:
            decode_ms, body = timed(response.json)
            ms += decode_ms
            assert body["Count"] > 0, body
        times.append(ms)
    return times


def report(label: str, value: float, unit: str) -> None:
    print(f"| {label} | {value:,.1f} {unit} |")


def bench_100k(parties: int, page_count: int) -> None:
    with emulator_process(parties) as (base, pid):
        session = session_for(base)
        print(f"\n### {parties:,} parties\n\n| measurement | result |\n|---|---|")
        report("single GET /api/Country/US", rate(session, f"{base}/api/Country/US", 500), "req/s")
        report("10-row /api/PartySummary page", rate(session, f"{base}/api/PartySummary?limit=10&offset=5000", 300),
               "req/s")  # fmt: skip
        offsets = [i * 500 for i in range(page_count)]
        cold = pages(session, base, offsets)
        warm = pages(session, base, offsets[-5:] * 2)  # the item cache holds ~11 Party pages
        raw_offsets = [o + page_count * 500 for o in offsets]
        raw_cold = pages(session, base, raw_offsets, decode=False)
        raw_warm = pages(session, base, raw_offsets[-5:] * 2, decode=False)
        report("500-row /api/Party page (~2.1 MB), cold, incl. json() (median)", statistics.median(cold), "ms")
        report("500-row /api/Party page, warm, incl. json() (median)", statistics.median(warm), "ms")
        report("500-row /api/Party page, cold, bytes only (median)", statistics.median(raw_cold), "ms")
        report("500-row /api/Party page, warm, bytes only (median)", statistics.median(raw_warm), "ms")
        report("500-row /api/Party pages/s, cold", 1000 / statistics.mean(cold), "pages/s")
        for label, extra in (("filter LastName=contains:smith", "&LastName=contains:smith"),
                             ("sort OrderBy=LastName", "&OrderBy=LastName")):  # fmt: skip
            first, second = pages(session, base, [0, 500], extra)
            report(f"{label}: first page (full scan)", first, "ms")
            report(f"{label}: next page (cached result)", second, "ms")
        report("server peak RSS", peak_rss_mb(pid), "MB")


def bench_million(parties: int) -> None:
    with emulator_process(parties) as (base, pid):
        session = session_for(base)
        print(f"\n### {parties:,} parties\n\n| measurement | result |\n|---|---|")
        report("server RSS after start", peak_rss_mb(pid), "MB")
        report("first 500-row /api/Party page", pages(session, base, [0])[0], "ms")
        report("500-row /api/Party page at offset 900,000", pages(session, base, [900_000])[0], "ms")
        last = f"{base}/api/Party/{2 * 10**7 + parties - 1}"
        report("single GET of the last party", timed(lambda: session.get(last, timeout=TIMEOUT).json())[0], "ms")
        for entity in ("Person", "Activity", "Name_CEU", "User"):
            url = f"{base}/api/{entity}?limit=500&offset=1000"
            ms, _ = timed(lambda u=url: session.get(u, timeout=TIMEOUT).json())  # type: ignore[misc]
            report(f"first /api/{entity} page (builds its index)", ms, "ms")
        report("peak RSS before scans", peak_rss_mb(pid), "MB")
        first, _ = pages(session, base, [0, 500], "&LastName=contains:smith")
        report("filter LastName=contains:smith, full scan", first, "ms")
        first, _ = pages(session, base, [0, 500], "&OrderBy=LastName")
        report("sort OrderBy=LastName, full scan", first, "ms")
        report("server peak RSS (after scans)", peak_rss_mb(pid), "MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parties", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=20, help="cold 500-row pages to fetch")
    parser.add_argument("--million", action="store_true", help="also run the 1,000,000-party memory check")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    bench_100k(args.parties, args.pages)
    if args.million:
        bench_million(1_000_000)


if __name__ == "__main__":
    main()
