"""The examples of docs/cli.md, docs/shell.md and docs/editors.md, run as written.

* ```` ```console ```` blocks (cli.md, shell.md, editors.md): each ``$ command`` runs in bash in a fresh
  working directory with a fresh home, imisql on the PATH and ``NO_COLOR``; the lines under it, if
  any, are what it must print (stdout and stderr together, as on a terminal); ``$ echo $?`` checks the
  exit status of the command before it. Every command that needs no site or files of the reader's
  runs: those with ``--demo`` and plain shell commands. Those that name a site, a profile or the
  reader's own files cannot run here and are left out by that rule; a command whose pipeline needs a
  tool this machine lacks (``jq``) is left out too.
* shell.md's transcripts (indented blocks with ``demo>`` prompts) are typed into the real prompt of
  a shell on the demo data, and what the shell prints must be the transcript's lines.

Output is compared apart from what differs from run to run: the emulator's port, times and byte counts.

* the ``pygmentize -l imisql FILE`` commands of editors.md and shell.md colour a query.

The editor set-ups of editors.md (its lua, elisp, toml and sh blocks) run in tests/editors/.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

import imisql
from imisql.config import resolve
from imisql.repl.app import run_shell
from tests.editors.support import SCRIPTS

DOCS = Path(__file__).resolve().parents[2] / "docs"
WAIT = 300  # seconds: an upper bound on one command (a hang guard, never a speed check)
CONSOLE = re.compile(r"^(?P<indent>[ \t]*)```console\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.S | re.M)
VARYING = [
    (re.compile(r"127\.0\.0\.1:\d+"), "127.0.0.1:PORT"),
    (re.compile(r"\b\d+(\.\d+)? (s|ms)\b"), "T s"),
    (re.compile(r"\b\d+ bytes\b"), "N bytes"),
]


@dataclass
class Command:
    line: str
    expected: list[str] = field(default_factory=list)


def _text(doc: str) -> str:
    return (DOCS / doc).read_text(encoding="utf-8")


def console_commands(doc: str) -> list[Command]:
    """The ``$ …`` commands of the doc's console blocks, each with the output lines written under it."""
    commands: list[Command] = []
    for block in CONSOLE.finditer(_text(doc)):
        for line in textwrap.dedent(block["body"]).splitlines():
            if line.startswith("$ "):
                commands.append(Command(line[2:]))
            elif commands:
                commands[-1].expected.append(line)
    return commands


def _needs_nothing_of_the_readers(command: str, search_path: str) -> bool:
    words = shlex.split(command, comments=True)
    if "--demo" not in words and any(w == "imisql" or w.startswith("IMISQL_") for w in words):
        return False  # a site, a profile or the reader's own files
    programs = [words[0]] + [words[i + 1] for i, w in enumerate(words[:-1]) if w == "|"]
    return all(p in ("echo", "printf", "cd") or shutil.which(p, path=search_path) for p in programs)


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IMISQL_", "XDG_"))}
    env.update(HOME=str(home), NO_COLOR="1", PATH=os.pathsep.join([str(SCRIPTS), env.get("PATH", "")]))
    return env


def _normal(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        for pattern, replacement in VARYING:
            line = pattern.sub(replacement, line)
        out.append(line.rstrip())
    while out and not out[-1]:
        out.pop()
    return out


def _bash(command: str, work: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``command`` as a terminal runs it: one stream for stdout and stderr, a pipeline fails if any part does."""
    return subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=work, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=WAIT)  # fmt: skip


def _run_console_examples(doc: str, tmp_path: Path) -> int:
    """Run the doc's runnable console commands in order; returns how many ran."""
    work, env = tmp_path / "work", _env(tmp_path / "home")
    work.mkdir(parents=True)
    status, ran = None, 0
    for command in console_commands(doc):
        if command.line.strip() == "echo $?":
            if status is not None:
                assert [str(status)] == _normal(command.expected), f"{doc}: exit status of the command before"
            continue
        if not _needs_nothing_of_the_readers(command.line, env["PATH"]):
            status = None
            continue
        done = _bash(command.line, work, env)
        status, ran = done.returncode, ran + 1
        printed = done.stdout.splitlines()
        assert "Traceback" not in done.stdout, f"{doc}: $ {command.line}\n{done.stdout}"
        if command.expected:
            assert _normal(printed) == _normal(command.expected), f"{doc}: $ {command.line}"
        else:
            assert status == 0, f"{doc}: $ {command.line} exited {status}:\n{done.stdout[-2000:]}"
    return ran


def test_console_examples(tmp_path: Path) -> None:
    ran = {doc: _run_console_examples(doc, tmp_path / doc) for doc in ("cli.md", "shell.md", "editors.md")}
    assert ran["cli.md"] >= 8, ran


@dataclass
class Transcript:
    typed: list[str]  # what was typed, one line per Enter
    printed: list[str]  # what the shell printed, in order


def shell_transcripts(doc: str = "shell.md") -> list[Transcript]:
    """The indented transcripts of the doc: lines after ``demo> `` or ``   -> `` are typed, others printed."""
    found = []
    for block in re.finditer(r"(?:^(?: {4}| {6}).*\n|^\n)+", _text(doc), re.M):
        lines = textwrap.dedent(block.group(0)).splitlines()
        if not any(line.startswith("demo> ") for line in lines):
            continue
        start = next(i for i, line in enumerate(lines) if line.startswith(("demo> ", "Connected to", "Demo site")))
        typed = [line[6:] for line in lines[start:] if line.startswith(("demo> ", "   -> "))]
        printed = [line for line in lines[start:] if not line.startswith(("demo> ", "   -> ")) and line]
        found.append(Transcript(typed, printed))
    return found


def _typed_into_the_shell(lines: list[str], history: Path) -> list[str]:
    """What a shell on the demo prints (blank lines aside) when ``lines`` are typed, then ``\\q``."""
    settings = resolve({"demo": True}, {})
    stdout = io.StringIO()
    with imisql.connect(**settings.connect_kwargs()) as connection, create_pipe_input() as pipe:
        pipe.send_text("".join(line + "\r" for line in lines) + "\\q\r")
        run_shell(connection, settings, input=pipe, output=DummyOutput(), stdout=stdout,
                  history_path=str(history), refresh_catalog=False)  # fmt: skip
    return [line for line in stdout.getvalue().splitlines() if line]


def test_shell_transcripts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    transcripts = shell_transcripts()
    assert len(transcripts) >= 2
    monkeypatch.setenv("NO_COLOR", "1")
    for number, transcript in enumerate(transcripts):
        printed = _typed_into_the_shell(transcript.typed, tmp_path / f"history-{number}")
        expected = transcript.printed
        if not expected[0].startswith(("Connected to", "Demo site")):
            printed = printed[1:]  # the transcript starts after the greeting
        assert _normal(printed) == _normal(expected), f"shell.md transcript {number + 1}: {transcript.typed}"


def test_pygmentize_as_editors_md_and_shell_md_say(tmp_path: Path) -> None:
    commands = {m for doc in ("editors.md", "shell.md") for m in re.findall(r"`(pygmentize [^`]+)`", _text(doc))}
    assert len(commands) == 2, commands
    query = "SELECT PartyId, Name FROM Party WHERE LastName STARTS WITH 'Sm' -- a comment\n"
    for command in commands:
        work = tmp_path / "work"
        work.mkdir(exist_ok=True)
        (work / command.split()[-1]).write_text(query, encoding="utf-8")
        done = _bash(command, work, _env(tmp_path / "home"))
        assert done.returncode == 0, done.stdout
        assert re.search(r"\x1b\[[0-9;]*m(SELECT|FROM)", done.stdout)  # keywords coloured
        assert re.sub(r"\x1b\[[0-9;]*m", "", done.stdout) == query


def test_the_meta_commands_of_shell_md_are_the_shells(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = re.search(r"^## Meta-commands\n(.*?)^[^|\n]", _text("shell.md"), re.S | re.M)
    assert table, "shell.md has no meta-command table"
    first_column = [row.split(" | ")[0] for row in table.group(1).splitlines() if row.startswith("| `")]
    documented = {name for cell in first_column for name in re.findall(r"`(\\[a-z!?]+)", cell)}
    monkeypatch.setenv("NO_COLOR", "1")
    helped = _typed_into_the_shell(["\\?"], tmp_path / "history")
    listed = {name for line in helped if line.startswith("  \\") for name in re.findall(r"\\[a-z!?]+", line)}
    assert documented == listed and len(documented) >= 10


def test_every_flag_cli_md_names_is_one_the_command_has(tmp_path: Path) -> None:
    text = _text("cli.md")
    blocks = re.findall(r"^ *```(\w*)\n(.*?)^ *```$", text, re.S | re.M)
    code = re.findall(r"`([^`\n]+)`", text) + [body for lang, body in blocks if lang in ("", "console")]
    named = {flag for snippet in code for flag in re.findall(r"(?<![\w-])--[a-z][a-z-]*", snippet)}
    commands = {words.strip() for snippet in code for words in re.findall(r"\bimisql((?: [a-z]+)*)", snippet)}
    env = _env(tmp_path)
    helps = [_bash(f"imisql {words} --help", tmp_path, env) for words in sorted(commands)]
    known = {flag for done in helps for flag in re.findall(r"(?<![\w-])--[a-z][a-z-]*", done.stdout)}
    assert len(named) >= 15 and "--demo" in known
    assert sorted(named - known) == []
