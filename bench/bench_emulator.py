"""Benchmark the embedded iMIS emulator with a plain ``requests`` client.

The emulator runs as its own process (``python -m imisql.emulator.cli``), exactly as a user
starts it, so client and server do not share a GIL. Reported per run:

* requests/s for small requests (a single ``GET /api/Country/US``; a 10-row PartySummary page);
* ms per 500-row ``/api/Party`` page, cold (first time each page is generated) and warm
  (served from the rendered-item cache), client time including ``response.json()``;
* a filtered scan (``LastName=contains:smith``) and a sorted scan (``OrderBy=LastName``): the
  first page (full scan, including the one-time build of the Party search columns) and the next
  page (cached result);
* the server's peak RSS (``VmHWM`` from ``/proc/PID/status``);
* in this process: two filters answered by the row-by-row scan and by the column scan (same rows
  checked, ratio printed).

With ``--million``, at 1,000,000 parties: the one-time column build (time, RSS before and after),
then filters and sorts on the built columns (each the first page of a full scan), and what the
build allocates (tracemalloc, ``--memory-parties`` parties, in a fresh process). ``--baseline REV``
also starts the emulator of git revision ``REV`` (its ``imisql`` package extracted with ``git
archive``) beside it: small requests alternate between the two, both build their columns, each
filter and sort runs on one then the other (ratio printed), and the build's allocations are
measured for both trees. A baseline from before the search columns scans row by row: every query
then takes minutes.

Usage::

    .venv/bin/python bench/bench_emulator.py                 # 100k parties
    .venv/bin/python bench/bench_emulator.py --million --baseline REV   # also 1M parties against REV
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import requests

from imisql.emulator.columns import ColumnStore
from imisql.emulator.columnscan import IndexedTable
from imisql.emulator.dataset import Dataset
from imisql.emulator.entities import entity
from imisql.emulator.listing import scan
from imisql.emulator.query import parse_list_query

TIMEOUT = 900.0
SMALL_GETS = (
    ("single GET /api/Country/US", "/api/Country/US", 100),
    ("10-row /api/PartySummary page", "/api/PartySummary?limit=10&offset=5000", 100),
)
COLUMN_QUERIES = (
    "LastName=contains:smith", "Email=endsWith:.com", "BirthDate=gt:1980-06-01&Status=A",
    "PartyId=between:20100000|20600000", "Name=startsWith:dr&CountryCode=in:US|CA", "Phone=contains:555",
    "UpdatedOn=lt:2010-01-01", "PostalCode=ge:9", "OrderBy=LastName", "OrderBy=Email:Descending",
    "Status=A&OrderBy=Email:Descending", "CityName=eq:Boston&OrderBy=LastName|FirstName",
)  # fmt: skip


@dataclass(frozen=True)
class Server:
    session: requests.Session
    base: str
    pid: int


@contextmanager
def emulator_process(parties: int, python_path: str | None = None) -> Iterator[tuple[str, int]]:
    """Start ``imisql emulator`` in a subprocess (``python_path``: import ``imisql`` from there); yield (URL, pid)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **({"PYTHONPATH": python_path} if python_path else {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "imisql.emulator.cli", "--port", "0", "--parties", str(parties)],
        stdout=subprocess.PIPE, text=True, env=env, cwd=tempfile.gettempdir(),  # not this tree's imisql via ``-m``
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


def baseline_tree(revision: str, into: str) -> str:
    """The ``imisql`` package as of ``revision`` (``git archive``), for a baseline emulator process."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    archive = subprocess.run(["git", "-C", root, "archive", revision, "imisql"], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", into], input=archive.stdout, check=True)
    return into


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        return next((int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:")), float("nan"))


def cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used (``/proc/PID/stat``)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def small_gets(servers: dict[str, Server], rounds: int) -> None:
    """Small-request rates (median of rounds) and server CPU per request, alternating servers every round."""
    for label, path, count in SMALL_GETS:
        rates: dict[str, list[float]] = {name: [] for name in servers}
        cpu = dict.fromkeys(servers, 0.0)
        for _ in range(rounds):
            for name, server in servers.items():
                used = cpu_seconds(server.pid)
                rates[name].append(rate(server.session, server.base + path, count))
                cpu[name] += cpu_seconds(server.pid) - used
        for name, values in rates.items():
            report(f"{label}, {name}", statistics.median(values), "req/s")
            report(f"{label}, {name}: server CPU per request", cpu[name] / (rounds * count) * 1e6, "µs")
        if len(rates) == 2:
            new, old = (statistics.median(v) for v in rates.values())
            print(f"| {label}: this tree / baseline, req/s | **{new / old:.2f}** |")
            new_cpu, old_cpu = cpu.values()
            print(f"| {label}: this tree / baseline, server CPU per request | **{new_cpu / old_cpu:.2f}** |")


_HANDLER_PROBE = """
import sys, time
from imisql.emulator.config import EmulatorConfig
from imisql.emulator.dataset import Dataset
from imisql.emulator.endpoints import Endpoints
from imisql.emulator.entities import entity
from imisql.emulator.overlay import Overlay
parties = int(sys.argv[1])
endpoints = Endpoints(EmulatorConfig(parties=parties), Dataset(1, parties), Overlay())
summary, country, page = entity("PartySummary"), entity("Country"), [("limit", "10"), ("offset", "5000")]
calls = (lambda: endpoints.list_entity(summary, page), lambda: endpoints.get_entity(country, "US"))
for call in calls:
    call()
    best = min(
        (time.process_time(), [call() for _ in range(2000)], time.process_time())
        for _ in range(7)
    )
    print((best[2] - best[0]) / 2000 * 1e6)
"""


def handler_costs(parties: int, trees: dict[str, str | None]) -> None:
    """CPU per small request inside the handlers (no HTTP), each tree in a fresh process; best of 7 x 2,000."""
    costs = {}
    for name, tree in trees.items():
        env = {**os.environ, **({"PYTHONPATH": tree} if tree else {})}
        out = subprocess.run([sys.executable, "-c", _HANDLER_PROBE, str(parties)], env=env, capture_output=True,
                             text=True, check=True, cwd=tempfile.gettempdir()).stdout.split()  # fmt: skip
        costs[name] = [float(v) for v in out]
    for n, label in enumerate(("10-row /api/PartySummary page", "single GET /api/Country/US")):
        for name, values in costs.items():
            report(f"{label}, handler CPU, {name}", values[n], "µs")
        if len(costs) == 2:
            new, old = (values[n] for values in costs.values())
            print(f"| {label}: handler CPU this tree / baseline | **{new / old:.2f}** |")


def first_page(server: Server, query: str) -> tuple[float, float, tuple[int, list[str]]]:
    """Client ms and server CPU ms for a query's first 500-row Party page, and its answer (count, ids)."""
    used = cpu_seconds(server.pid)
    ms, response = timed(lambda: server.session.get(f"{server.base}/api/Party?limit=500&{query}", timeout=TIMEOUT))
    cpu = (cpu_seconds(server.pid) - used) * 1000
    assert response.status_code == 200, response.text[:300]
    body = response.json()
    return ms, cpu, (body["TotalCount"], [item["Id"] for item in body["Items"]["$values"]])


def column_scans(servers: dict[str, Server]) -> None:
    """The one-time build on each server, then each filter and sort on built columns, alternating servers."""
    for name, server in servers.items():
        report(f"{name}: server RSS before the column build", rss_mb(server.pid), "MB")
        build, cpu, _ = first_page(server, "CityName=eq:Boston")
        report(f"{name}: first filter `CityName=eq:Boston` (one-time build of the Party columns + scan)", build, "ms")
        report(f"{name}: the same, server CPU", cpu / 1000, "s")
        report(f"{name}: server RSS after the build (VmRSS)", rss_mb(server.pid), "MB")
        report(f"{name}: server peak RSS after the build (VmHWM)", peak_rss_mb(server.pid), "MB")
    ratio_head = [f"{list(servers)[1]} / this tree"] if len(servers) == 2 else []
    print("\n| first 500-row page, full scan on built columns: client wall time (server CPU) | "
          + " | ".join([*servers, *ratio_head]) + " |")  # fmt: skip
    print("|---|" + "---|" * (len(servers) + (len(servers) == 2)))
    for query in COLUMN_QUERIES:
        runs = [first_page(server, query) for server in servers.values()]
        assert all(answer == runs[0][2] for _, _, answer in runs), query  # same count, same page
        cells = [f"{ms:,.0f} ms (CPU {cpu:,.0f} ms)" for ms, cpu, _ in runs]
        if len(runs) == 2:
            (new_ms, new_cpu, _), (old_ms, old_cpu, _) = runs
            cells.append(f"**{old_ms / new_ms:,.1f}x** (CPU {old_cpu / max(new_cpu, 10):,.1f}x)")
        print(f"| `{query}` | " + " | ".join(cells) + " |")
    for name, server in servers.items():
        report(f"{name}: server peak RSS after the scans (VmHWM)", peak_rss_mb(server.pid), "MB")
        report(f"{name}: server RSS after the scans (VmRSS)", rss_mb(server.pid), "MB")


_BUILD_PROBE = """
import inspect, sys, time, tracemalloc
from imisql.emulator.columns import ColumnStore
from imisql.emulator.dataset import Dataset
from imisql.emulator.entities import entity
party = entity("Party")
source = party.rows(Dataset(seed=1, parties=int(sys.argv[1])))
fields = party.fields if "fields" in inspect.signature(ColumnStore).parameters else [f.name for f in party.fields]
store = ColumnStore(source, fields)
tracemalloc.start()
started = time.process_time()
store.columns()
cpu = time.process_time() - started
kept, peak = tracemalloc.get_traced_memory()
print(kept, peak, cpu)
"""


def build_memory(parties: int, trees: dict[str, str | None]) -> None:
    """What building the Party columns allocates (tracemalloc), each tree in a fresh process."""
    print(f"\n### Party search columns, {parties:,} parties, in process (tracemalloc)\n")
    print("| tree | kept | per party | peak while building | build CPU (traced) |\n|---|---|---|---|---|")
    kept = {}
    for name, tree in trees.items():
        env = {**os.environ, **({"PYTHONPATH": tree} if tree else {})}
        out = subprocess.run([sys.executable, "-c", _BUILD_PROBE, str(parties)], env=env, capture_output=True,
                             text=True, check=True, cwd=tempfile.gettempdir()).stdout.split()  # fmt: skip
        kept[name], peak, cpu = int(out[0]), int(out[1]), float(out[2])
        print(f"| {name} | {kept[name] / 2**20:,.1f} MiB | {kept[name] / parties:,.0f} bytes | "
              f"{peak / 2**20:,.1f} MiB | {cpu:,.1f} s |")  # fmt: skip
    if len(kept) == 2:
        new, old = kept.values()
        print(f"| kept: this tree / baseline | **{new / old:.2f}** | | | |")


def column_check(parties: int) -> None:
    """In this process: one filter answered by the row-by-row scan and by the column scan (same rows checked)."""
    party = entity("Party")
    assert party is not None
    source = party.rows(Dataset(seed=1, parties=parties))
    store = ColumnStore(source, party.fields)
    store.columns()
    print(
        f"\n### Row-by-row against column scan, {parties:,} parties, in process\n\n| measurement | result |\n|---|---|"
    )
    for text in ("LastName=contains:smith", "Email=endsWith:.com&BirthDate=gt:1980-06-01"):
        query = parse_list_query(parse_qsl(text), party)
        old_ms, old = timed(lambda q=query: scan(source, q))  # type: ignore[misc]
        new_ms, new = timed(lambda q=query: IndexedTable(store).scan(q))  # type: ignore[misc]
        assert old == array("i", new)
        report(f"`{text}`, row-by-row scan", old_ms, "ms")
        report(f"`{text}`, column scan", new_ms, "ms")
        print(f"| row-by-row / column scan | **{old_ms / new_ms:,.0f}x** |")


def bench_million(parties: int, baseline: str | None, memory_parties: int) -> None:
    with contextlib.ExitStack() as stack:
        base, pid = stack.enter_context(emulator_process(parties))
        servers = {"this tree": Server(session_for(base), base, pid)}
        trees: dict[str, str | None] = {"this tree": None}
        if baseline:
            tree = baseline_tree(baseline, stack.enter_context(tempfile.TemporaryDirectory()))
            old_base, old_pid = stack.enter_context(emulator_process(parties, python_path=tree))
            servers[f"baseline {baseline}"] = Server(session_for(old_base), old_base, old_pid)
            trees[f"baseline {baseline}"] = tree
        session = servers["this tree"].session
        print(f"\n### {parties:,} parties\n\n| measurement | result |\n|---|---|")
        report("server RSS after start", peak_rss_mb(pid), "MB")
        small_gets(servers, rounds=15)
        if baseline:
            handler_costs(parties, trees)
        for name, server in servers.items():
            report(f"{name}: first 500-row /api/Party page", pages(server.session, server.base, [0])[0], "ms")
            report(f"{name}: 500-row /api/Party page at offset 900,000",
                   pages(server.session, server.base, [900_000])[0], "ms")  # fmt: skip
        last = f"{base}/api/Party/{2 * 10**7 + parties - 1}"
        report("single GET of the last party", timed(lambda: session.get(last, timeout=TIMEOUT).json())[0], "ms")
        for entity_name in ("Person", "Activity", "Name_CEU", "User"):
            for name, server in servers.items():
                url = f"{server.base}/api/{entity_name}?limit=500&offset=1000"
                ms, _ = timed(lambda u=url, s=server.session: s.get(u, timeout=TIMEOUT).json())  # type: ignore[misc]
                report(f"{name}: first /api/{entity_name} page (builds its index)", ms, "ms")
        report("peak RSS before any scan", peak_rss_mb(pid), "MB")
        column_scans(servers)
        small_gets({f"{name}, columns built": server for name, server in servers.items()}, rounds=5)
        build_memory(memory_parties, trees)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parties", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=20, help="cold 500-row pages to fetch")
    parser.add_argument("--million", action="store_true", help="also run the 1,000,000-party column checks")
    parser.add_argument("--baseline", metavar="REV", help="with --million: also run the emulator of git revision REV")
    parser.add_argument("--skip-100k", action="store_true", help="only the --million part")
    parser.add_argument("--memory-parties", type=int, default=100_000, help="parties for the in-process column check")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()}")
    if not args.skip_100k:
        bench_100k(args.parties, args.pages)
        column_check(args.memory_parties)
    if args.million:
        bench_million(1_000_000, args.baseline, args.memory_parties)


if __name__ == "__main__":
    main()
