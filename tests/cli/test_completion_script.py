"""``imisql --completion``: the scripts complete the real flags in the real shells."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from imisql.cli_args import build_parser
from imisql.completion_script import script
from tests.cli.support import Cli


def complete_in_bash(words: list[str]) -> list[str]:
    source = script(build_parser(), "bash")
    line = " ".join(f"'{w}'" for w in words)
    program = f'{source}\nCOMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; _imisql; printf "%s\\n" "${{COMPREPLY[@]}}"'
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["imisql", "--for"], ["--format"]),
        (["imisql", "--format", "x"], ["xlsx"]),
        (["imisql", "--color", ""], ["auto", "always", "never"]),
        (["imisql", "--save-p"], ["--save-password"]),
        (["imisql", "emu"], ["emulator"]),
    ],
)
def test_bash_completes_flags_and_choices(words: list[str], expected: list[str]) -> None:
    assert complete_in_bash(words) == expected


def test_every_flag_is_in_every_script() -> None:
    flags = [o for a in build_parser()._actions for o in a.option_strings if o.startswith("--")]
    for shell in ("bash", "zsh", "fish"):
        text = script(build_parser(), shell)
        missing = [f for f in flags if (f if shell != "fish" else f"-l {f[2:]}") not in text]
        assert not missing, (shell, missing)


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_accepts_its_script() -> None:
    done = subprocess.run(["fish", "-n"], input=script(build_parser(), "fish"), text=True, capture_output=True)
    assert done.returncode == 0, done.stderr


def test_the_command_prints_the_script(cli: Cli) -> None:
    result = cli("--completion", "bash")
    assert result.code == 0 and "complete -o default -F _imisql imisql" in result.out
