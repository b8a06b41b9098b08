"""Benchmark emulator writes against reads in the same run: PUT/POST/DELETE rates, and what writes cost later reads.

The emulator runs as its own process (as in ``bench_emulator.py``). Reported, each against its
read baseline measured in the same run:

* PUT, POST and DELETE requests/s, against warm single GETs of the same rows (ratio write / read);
* a single GET of a written row, against a single GET of a generated row;
* a warm 500-row ``/api/Party`` page after about 1,000 and 13,000 writes (the first page after a
  write rebuilds the position mapping; the next ones reuse it), as a ratio to the same page with no
  writes;
* a filtered scan after the writes, against the same scan before them;
* the server's peak RSS before and after all the writes.

Usage::

    .venv/bin/python bench/bench_emulator_writes.py            # 100k parties
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

import requests
from bench_emulator import TIMEOUT, emulator_process, peak_rss_mb, report, session_for, timed


def per_second(ms: float, count: int) -> float:
    return count / (ms / 1000)


def page_ms(session: requests.Session, base: str, offset: int, extra: str = "") -> float:
    url = f"{base}/api/Party?limit=500&offset={offset}{extra}"
    ms, response = timed(lambda: session.get(url, timeout=TIMEOUT))
    assert response.status_code == 200, response.text
    return ms


def write_rows(session: requests.Session, base: str, ids: list[str]) -> tuple[float, float]:
    """GET each id twice, then PUT it back; returns (ms of the second, warm GETs, ms of the PUTs)."""
    bodies = [session.get(f"{base}/api/Party/{i}", timeout=TIMEOUT).json() for i in ids]
    get_ms, _ = timed(lambda: [session.get(f"{base}/api/Party/{i}", timeout=TIMEOUT).content for i in ids])
    put_ms, statuses = timed(
        lambda: [session.put(f"{base}/api/Party/{b['PartyId']}", json=b, timeout=TIMEOUT).status_code for b in bodies]
    )
    assert set(statuses) == {200}, set(statuses)
    return get_ms, put_ms


def pages_after(session: requests.Session, base: str, writes: str, baseline: float) -> None:
    """The same five pages as the baseline: the first request (rebuilds the mapping, renders what moved
    into the pages), then all five again (warm), each as a ratio to the warm page without writes."""
    cold = [page_ms(session, base, 5000 + 500 * n) for n in range(5)]
    warm = [page_ms(session, base, 5000 + 500 * n) for n in range(5)]
    report(f"500-row page after {writes} writes, first request / no writes", cold[0] / baseline, "x")
    report(f"500-row page after {writes} writes, warm (median) / no writes", statistics.median(warm) / baseline, "x")


def bench(parties: int, writes: int) -> None:
    with emulator_process(parties) as (base, pid):
        session = session_for(base)
        print(f"\n### {parties:,} parties, {writes:,} writes\n\n| measurement | result |\n|---|---|")
        for n in range(5):  # generate and cache the pages once: every measured page is a warm one
            page_ms(session, base, 5000 + 500 * n)
        baseline_page = statistics.median(page_ms(session, base, 5000 + 500 * n) for n in range(5))
        scan_before = page_ms(session, base, 0, "&LastName=contains:smith")
        report("server peak RSS before any write", peak_rss_mb(pid), "MB")
        first = 2 * 10 ** (max(4, len(str(parties))) + 1 - 1)
        small = [str(first + 7 * n) for n in range(1000)]
        get_ms, put_ms = write_rows(session, base, small)
        report("single GET /api/Party/{id} (generated rows, warm)", per_second(get_ms, len(small)), "req/s")
        report("PUT /api/Party/{id} (full body)", per_second(put_ms, len(small)), "req/s")
        report("PUT rate / GET rate", get_ms / put_ms, "x")
        written_ms, _ = timed(lambda: [session.get(f"{base}/api/Party/{i}", timeout=TIMEOUT).content for i in small])
        report("single GET of a written row / of a generated row (time ratio)", written_ms / get_ms, "x")
        pages_after(session, base, "1,000", baseline_page)
        many = [str(first + 3 + 7 * n) for n in range(writes)]
        write_rows(session, base, many)
        person = {"$type": "Asi.Soa.Membership.DataContracts.PersonData, Asi.Contracts",
                  "PersonName": {"LastName": "Benchmark"}}  # fmt: skip
        post_ms, _ = timed(lambda: [session.post(f"{base}/api/Person", json=person, timeout=TIMEOUT) for _ in small])
        delete_ms, _ = timed(lambda: [session.delete(f"{base}/api/Party/{i}", timeout=TIMEOUT) for i in small])
        report("POST /api/Person rate / GET rate", get_ms / post_ms, "x")
        report("DELETE /api/Party/{id} rate / GET rate", get_ms / delete_ms, "x")
        total = writes + 3 * len(small)
        pages_after(session, base, f"{total:,}", baseline_page)
        scan_after = page_ms(session, base, 0, "&LastName=contains:smith")
        report("filter scan after the writes / before", scan_after / scan_before, "x")
        report("server peak RSS after the writes", peak_rss_mb(pid), "MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parties", type=int, default=100_000)
    parser.add_argument("--writes", type=int, default=10_000, help="PUTs in the large batch")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    bench(args.parties, args.writes)


if __name__ == "__main__":
    main()
