"""Shell start-up (process start to a ready prompt) and completion latency, against baselines in the same run.

Start-up is timed through a real pseudo-terminal (pexpect): from just before the process is spawned
until its prompt is drawn. Baselines: ``python -c pass``, ``python -c "import prompt_toolkit"`` (to
exit) and a bare prompt_toolkit ``prompt()`` (to its prompt). Measured: ``imisql --demo`` (whose
embedded emulator starts behind the prompt) and ``imisql --url`` against an emulator already running in
this process (the everyday case of a real site: connecting sends no request before the prompt).

Completion is timed in process on the shell's own completer (the engine under the adapter): cold
(the first call in a fresh process whose shell modules are imported, as at the first keystroke) and
warm over a set of typical cursor positions; and end to end at the demo prompt, from Tab pressed to
the completed word drawn.

Run: python bench/bench_repl.py [--rounds N] [--startup-only]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

import pexpect

PY = sys.executable
COLD_COMPLETION = """
import time
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from imisql.catalog import BUILTIN
from imisql.repl.app import Shell
from imisql.repl.completer import EngineCompleter
t = time.perf_counter()
text = "SELECT PartyId FROM Party WHERE Countr"
list(EngineCompleter(lambda: BUILTIN).get_completions(Document(text), CompleteEvent(completion_requested=True)))
print(time.perf_counter() - t)
"""
WARM_TEXTS = [
    "SELECT ",
    "SELECT * FROM Par",
    "SELECT PartyId, Name FROM Party WHERE Countr",
    "SELECT PartyId FROM Party WHERE LastName ",
    "SELECT PartyId FROM Party WHERE LastName CONTAINS 'x' ORDER BY lnm",
    "SELECT e.EventId, e.Title FROM Event e WHERE e.Sta",
]


def environment(home: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "XDG_STATE_HOME": os.path.join(home, "state"),
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }


def time_exit(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True)
    return time.perf_counter() - started


def time_prompt(args: list[str], ready: str, env: dict[str, str]) -> float:
    """Seconds from spawning ``args`` on a pty until ``ready`` appears; then the process is ended."""
    started = time.perf_counter()
    child = pexpect.spawn(args[0], args[1:], env=env, encoding="utf-8", timeout=30, dimensions=(40, 120))
    try:
        child.expect(ready)
        return time.perf_counter() - started
    finally:
        child.close(force=True)


def time_tab(env: dict[str, str], rounds: int) -> list[float]:
    """Tab pressed to completion drawn, at an ``imisql --demo`` prompt."""
    child = pexpect.spawn(PY, ["-m", "imisql", "--demo"], env=env, encoding="utf-8", timeout=30,
                          dimensions=(40, 120))  # fmt: skip
    child.delaybeforesend = None  # pexpect sleeps 50 ms before each send by default
    samples = []
    try:
        child.expect("demo>")
        for _ in range(rounds):
            child.send("SELECT PartyId, Name FROM Party WHERE CountryC")
            time.sleep(0.3)  # let complete-while-typing settle, as a person would pause
            child.expect([pexpect.TIMEOUT], timeout=0.05)
            started = time.perf_counter()
            child.send("\t")
            child.expect("CountryCode")
            samples.append(time.perf_counter() - started)
            child.send("\x03")  # Ctrl-C clears the line
            child.expect("demo>")
    finally:
        child.close(force=True)
    return samples


def warm_completion(rounds: int) -> list[float]:
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from imisql.catalog import BUILTIN
    from imisql.repl.completer import EngineCompleter

    completer, event = EngineCompleter(lambda: BUILTIN), CompleteEvent(completion_requested=True)
    list(completer.get_completions(Document("SELECT "), event))  # warm-up
    samples = []
    for _ in range(rounds):
        for text in WARM_TEXTS:
            started = time.perf_counter()
            list(completer.get_completions(Document(text), event))
            samples.append(time.perf_counter() - started)
    return samples


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def startup(rounds: int, env: dict[str, str]) -> None:
    """Every measure once per round, in turn, so machine noise hits them alike; medians over the rounds."""
    from imisql.emulator import Emulator, EmulatorConfig

    with Emulator(EmulatorConfig()) as emu:
        url_env = {**env, "IMISQL_PASSWORD": emu.password}
        url_args = [PY, "-m", "imisql", "--url", emu.base_url, "--username", emu.username]
        label = emu.base_url.split("//")[1].split(":")[0]
        measures: list[tuple[str, Callable[[], float]]] = [
            ("python -c pass (exit)", lambda: time_exit([PY, "-c", "pass"])),
            ("python -c 'import prompt_toolkit' (exit)", lambda: time_exit([PY, "-c", "import prompt_toolkit"])),
            ("bare prompt_toolkit prompt() (ready)", lambda: time_prompt(
                [PY, "-c", "from prompt_toolkit import prompt; prompt('ready> ')"], "ready>", env)),
            ("imisql --url <running emulator> (ready)", lambda: time_prompt(url_args, f"{label}>", url_env)),
            ("imisql --demo (ready)", lambda: time_prompt([PY, "-m", "imisql", "--demo"], "demo>", env)),
        ]  # fmt: skip
        samples: list[list[float]] = [[] for _ in measures]
        for _ in range(rounds):
            for taken, (_, measure) in zip(samples, measures, strict=True):
                taken.append(measure())
    medians = [statistics.median(taken) for taken in samples]
    bare = medians[2]
    print(f"Start-up to a ready prompt (median of {rounds}, measures alternating); ratio against the bare prompt")
    for (name, _), seconds in zip(measures, medians, strict=True):
        print(f"  {name:45} {ms(seconds)}   x{seconds / bare:4.2f}")


def completion(rounds: int, env: dict[str, str]) -> None:
    cold = [float(subprocess.run([PY, "-c", COLD_COMPLETION], capture_output=True, text=True, check=True).stdout)
            for _ in range(rounds)]  # fmt: skip
    warm = sorted(warm_completion(rounds * 20))
    tab = sorted(time_tab(env, rounds * 2))
    print("Completion latency")
    print(f"  cold: first completion in a new shell process (engine warm-up), median {ms(statistics.median(cold))}")
    print(f"  warm: adapter + engine, {len(warm)} calls        p50 {ms(warm[len(warm) // 2])}   "
          f"p95 {ms(warm[int(len(warm) * 0.95)])}   max {ms(warm[-1])}")  # fmt: skip
    print(f"  end to end: Tab to word drawn in a pty, {len(tab)} presses  p50 {ms(tab[len(tab) // 2])}   "
          f"max {ms(tab[-1])}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--startup-only", action="store_true", help="skip the completion measures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = environment(home)
        startup(args.rounds, env)
        if not args.startup_only:
            completion(args.rounds, env)


if __name__ == "__main__":
    main()
