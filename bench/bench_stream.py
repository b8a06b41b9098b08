"""Streaming CPU: ``SELECT PartyId, Name FROM Party`` through the DB-API against a hand-written
``requests`` loop fetching the same rows, CPU per row, measured in the same run.

Each measure is a fresh client process against an emulator in its own process (no added latency), so
the server's work never counts. Inside the client, CPU time (``time.process_time``: every thread of the
process, the read-ahead thread included) is taken around the streaming only: imports, connecting and
the token request are outside it. Baseline: a ``requests.Session`` paging ``GET /api/Party`` 500 rows at
a time with ``response.json()``, keeping the two fields. The two alternate in every round; medians are
compared. Both print a digest of the rows they produced, which must agree (same rows).

Run: python bench/bench_stream.py [--rows 50000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from emulator_process import Site, emulator_process

_DBAPI = """
import hashlib, sys, time, imisql
url, user, password, rows = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
conn = imisql.connect(url, username=user, password=password)
conn.execute("SELECT COUNT(*) FROM Country").fetchall()  # authenticate outside the measure
digest, count = hashlib.sha256(), 0
start = time.process_time()
for party_id, name in conn.execute(f"SELECT PartyId, Name FROM Party LIMIT {rows}"):
    digest.update(f"{party_id}\\t{name}\\n".encode())
    count += 1
cpu = time.process_time() - start
assert count == rows, count
print(cpu, digest.hexdigest())
"""

_HAND_LOOP = """
import hashlib, sys, time, requests
url, user, password, rows = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
session = requests.Session()
form = {"grant_type": "password", "username": user, "password": password}
session.headers["Authorization"] = "Bearer " + session.post(url + "/token", data=form).json()["access_token"]
digest, count, offset = hashlib.sha256(), 0, 0
start = time.process_time()
while count < rows:
    page = session.get(url + "/api/Party", params={"limit": 500, "offset": offset}).json()
    for item in page["Items"]["$values"][: rows - count]:
        digest.update(f"{item['PartyId']}\\t{item['Name']}\\n".encode())
        count += 1
    if not page["NextOffset"]:
        break
    offset = page["NextOffset"]
cpu = time.process_time() - start
assert count == rows, count
print(cpu, digest.hexdigest())
"""


def _measure(code: str, site: Site, rows: int) -> tuple[float, str]:
    """(CPU seconds of the streaming, digest of the rows) from one fresh client process."""
    command = [sys.executable, "-c", code, site.base_url, site.username, site.password, str(rows)]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=1800)
    cpu, digest = out.stdout.split()
    return float(cpu), digest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cpu: dict[str, list[float]] = {"hand-written loop": [], "DB-API": []}
    digests: set[str] = set()
    with emulator_process(args.rows) as site:
        for _ in range(args.rounds):
            for name, code in (("hand-written loop", _HAND_LOOP), ("DB-API", _DBAPI)):
                seconds, digest = _measure(code, site, args.rows)
                cpu[name].append(seconds)
                digests.add(digest)
    if len(digests) != 1:
        raise SystemExit("the DB-API and the hand-written loop produced different rows")
    baseline = statistics.median(cpu["hand-written loop"])
    print(f"SELECT PartyId, Name FROM Party LIMIT {args.rows}: client CPU, median of {args.rounds} rounds (same rows)")
    for name, samples in cpu.items():
        median = statistics.median(samples)
        spread = f"{min(samples) / args.rows * 1e6:.1f}-{max(samples) / args.rows * 1e6:.1f}"
        print(f"  {name:18} {median / args.rows * 1e6:6.1f} µs/row (range {spread})  ratio {median / baseline:.2f}x"
              " (target <= 1.0)")  # fmt: skip


if __name__ == "__main__":
    main()
