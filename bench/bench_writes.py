"""A 1,000-row UPDATE through imisql against a naive hand-written GET/PUT loop, same emulator, same run.

The naive loop is what integrations write by hand: page through ``GET /api/Party``, and for each row
GET the full object, change one field and PUT it back, through the same HTTP client (same session,
retries and authentication). imisql runs ``UPDATE Party SET OrganizationName = ... WHERE TRUE``,
which does the same requests plus its own work: decoding, the lost-update guard and a journal line
per row. Both runs start from the generated data (writes are discarded between rounds) and
alternate, so machine noise hits both alike. Prints requests and seconds of each and the ratios.

Run: python bench/bench_writes.py [--parties 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import imisql
from imisql.emulator import Emulator, EmulatorConfig

UPDATE = "UPDATE Party SET OrganizationName = :name WHERE TRUE"


def naive_loop(connection: imisql.Connection, name: str) -> int:
    """GET every page, then GET-modify-PUT each row; returns the rows written."""
    client, written, offset = connection.client, 0, 0
    ids: list[str] = []
    while True:
        page = client.get_json("/api/Party", [("limit", "500"), ("offset", str(offset))])
        ids.extend(item["PartyId"] for item in page["Items"]["$values"])
        if not page.get("HasNext"):
            break
        offset = page["NextOffset"]
    for party_id in ids:
        body = client.request_json("GET", f"/api/Party/{party_id}")
        body["OrganizationName"] = name
        client.request_json("PUT", f"/api/Party/{party_id}", body=body)
        written += 1
    return written


def imisql_update(connection: imisql.Connection, name: str) -> int:
    return connection.execute(UPDATE, {"name": name}).rowcount


def measure(emu: Emulator, connection: imisql.Connection, run, name: str) -> tuple[float, int, int]:
    """(seconds, requests, rows) of one run from the generated data."""
    emu.discard_writes()
    before = connection.client.stats.snapshot().requests
    started = time.perf_counter()
    rows = run(connection, name)
    seconds = time.perf_counter() - started
    return seconds, connection.client.stats.snapshot().requests - before, rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parties", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch, Emulator(EmulatorConfig(parties=args.parties)) as emu:
        connection = imisql.connect(
            emu.base_url, username=emu.username, password=emu.password, journal=str(Path(scratch) / "j.jsonl")
        )
        measure(emu, connection, naive_loop, "warm-up")
        naive, ours = [], []
        for round_number in range(args.rounds):
            naive.append(measure(emu, connection, naive_loop, f"naive {round_number}"))
            ours.append(measure(emu, connection, imisql_update, f"imisql {round_number}"))
        assert {r for _, _, r in naive} == {r for _, _, r in ours} == {args.parties}
        naive_s = statistics.median(s for s, _, _ in naive)
        ours_s = statistics.median(s for s, _, _ in ours)
        naive_requests, our_requests = naive[0][1], ours[0][1]
        print(f"rows updated per run:  {args.parties}")
        print(f"naive GET/PUT loop:    {naive_requests} requests, {naive_s:.2f} s (median of {args.rounds})")
        print(f"imisql UPDATE:         {our_requests} requests, {ours_s:.2f} s (median of {args.rounds})")
        print(f"requests imisql/naive: {our_requests / naive_requests:.2f}x")
        print(f"time imisql/naive:     {ours_s / naive_s:.2f}x")
        connection.close()


if __name__ == "__main__":
    main()
