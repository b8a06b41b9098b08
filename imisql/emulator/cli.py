"""``imisql emulator``: serve the demo iMIS site until Ctrl-C.

Prints the base URL and the demo credentials, then serves. Every knob of
:class:`~imisql.emulator.EmulatorConfig` and :class:`~imisql.emulator.Faults` that makes sense on
a command line has a flag; ``-v`` echoes each request (credentials redacted) to stderr.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType
from typing import TextIO

from imisql.emulator.config import EmulatorConfig, Faults
from imisql.emulator.instance import Emulator

_POLL_SECONDS = 0.2


def _window(text: str) -> tuple[int, int]:
    start, sep, end = text.partition(":")
    if not sep or not start.isdigit() or not end.isdigit() or int(end) < int(start):
        raise argparse.ArgumentTypeError("expected START:END request numbers, e.g. 10:20")
    return int(start), int(end)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="imisql emulator", description="Serve a local iMIS REST API with demo data.")
    add = parser.add_argument
    add("--host", default="127.0.0.1", help="loopback address to listen on (default 127.0.0.1)")
    add("--port", type=int, default=0, help="port (default 0: pick a free one)")
    add("--seed", type=int, default=1, help="demo data seed (default 1)")
    add("--parties", type=int, default=2000, help="number of parties (default 2000; 1000000 works)")
    add("--username", default="demo")
    add("--password", default="demo-password")
    add("--token-lifetime", type=float, default=1199, help="token lifetime in seconds (default 1199)")
    add("--verification-token", help="also accept this RequestVerificationToken header value")
    add("--offset-page-rounding", action="store_true", help="quirk: round Offset down to a multiple of Limit")
    add("--bo-limit-zero", action="store_true", help="quirk: /api/BOEntityDefinition echoes Limit 0")
    add("--iqa-end-of-life", action="store_true", help="quirk: /api/iqa answers 404, /api/query serves (EMS)")
    add("--iqa-url-filters-ignored", action="store_true", help="quirk: IQA queries ignore named URL filters")
    faults = parser.add_argument_group("faults (applied to /api requests only)")
    add = faults.add_argument
    add("--latency", type=float, default=0.0, help="seconds added to every response")
    add("--error-rate", type=float, default=0.0, help="probability of an error response")
    add("--error-status", type=int, default=503, help="status of injected errors (default 503)")
    add("--retry-after", type=int, help="Retry-After seconds on injected errors and restores")
    add("--restore-window", type=_window, help="requests START:END (0-based, end exclusive) fail like a restore")
    add("--reset-rate", type=float, default=0.0, help="probability of a connection reset")
    add("--truncate-rate", type=float, default=0.0, help="probability of a truncated body")
    add("--non-json-rate", type=float, default=0.0, help="probability of an HTML body")
    add("--hang-rate", type=float, default=0.0, help="probability of a hang")
    add("--hang-seconds", type=float, default=30.0, help="length of a hang (default 30)")
    add("--token-expiry-after", type=int, help="tokens stop working after N requests")
    add("--fault-seed", type=int, default=0, help="seed of the fault random sequence")
    add("--write-fault-at", type=int, help="write requests (POST/PUT/DELETE) from the N-th on fail")
    add("--write-fault-count", type=int, help="how many writes fail from the N-th on (default: all later ones)")
    add("--write-fault-status", type=int, default=500, help="status of failed writes (default 500)")
    add("--write-fault-lose-answer", action="store_true", help="apply the failing writes, then reset the connection")
    parser.add_argument("-v", "--verbose", action="store_true", help="echo each request to stderr")
    return parser


def config_from(args: argparse.Namespace) -> EmulatorConfig:
    faults = Faults(
        latency=args.latency, error_rate=args.error_rate, error_status=args.error_status,
        restore_window=args.restore_window, reset_rate=args.reset_rate, truncate_rate=args.truncate_rate,
        non_json_rate=args.non_json_rate, hang_rate=args.hang_rate, hang_seconds=args.hang_seconds,
        token_expiry_after=args.token_expiry_after, retry_after=args.retry_after, seed=args.fault_seed,
        write_fault_at=args.write_fault_at, write_fault_count=args.write_fault_count,
        write_fault_status=args.write_fault_status, write_fault_lose_answer=args.write_fault_lose_answer,
    )  # fmt: skip
    return EmulatorConfig(
        seed=args.seed, parties=args.parties, host=args.host, port=args.port, username=args.username,
        password=args.password, token_lifetime=args.token_lifetime, verification_token=args.verification_token,
        offset_page_rounding=args.offset_page_rounding, bo_definition_limit_zero=args.bo_limit_zero,
        iqa_end_of_life=args.iqa_end_of_life, iqa_url_filters_ignored=args.iqa_url_filters_ignored, faults=faults,
    )  # fmt: skip


def banner(emu: Emulator, out: TextIO) -> None:
    cfg = emu.config
    print(f"iMIS emulator listening on {emu.base_url}  (seed {cfg.seed}, {cfg.parties} parties)", file=out)
    print(f"  token:    POST {emu.base_url}/token  (grant_type=password)", file=out)
    print(f"  username: {emu.username}", file=out)
    print(f"  password: {emu.password}", file=out)
    print("Press Ctrl-C to stop.", file=out, flush=True)


def echo_requests(emu: Emulator, shown: int, err: TextIO) -> int:
    """Print log entries from ``shown`` on; return the new count."""
    log = emu.request_log
    for entry in log[shown:]:
        query = f"?{entry.query}" if entry.query else ""
        print(f"{entry.method} {entry.path}{query} -> {entry.status}", file=err, flush=True)
    return len(log)


def serve(emu: Emulator, stop: threading.Event, verbose: bool, err: TextIO) -> None:
    """Block until ``stop`` is set or Ctrl-C, echoing requests when ``verbose``."""
    shown = 0
    try:
        while not stop.wait(_POLL_SECONDS):
            if verbose:
                shown = echo_requests(emu, shown, err)
    except KeyboardInterrupt:
        pass
    if verbose:
        echo_requests(emu, shown, err)


def _on_sigterm(stop: threading.Event) -> None:
    if threading.current_thread() is threading.main_thread():

        def handler(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, handler)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        config = config_from(args)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    except ValueError as error:
        print(f"imisql emulator: {error}", file=sys.stderr)
        return 2
    stop = threading.Event()
    _on_sigterm(stop)
    with Emulator(config) as emu:
        banner(emu, sys.stdout)
        serve(emu, stop, args.verbose, sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
