"""``--param``: the command binds statement placeholders, and its output equals the literal query's."""

from __future__ import annotations

import json
from pathlib import Path

from imisql.cli_params import parse_param
from imisql.emulator import Emulator
from tests.cli.support import Cli, site_env


def test_named_parameters_bind_like_literals(cli: Cli, site: Emulator) -> None:
    env = site_env(site)
    literal = cli(
        "--format", "csv", "-c", "SELECT PartyId FROM Party WHERE LastName = 'Davis' ORDER BY PartyId LIMIT 3", env=env
    )
    bound = cli(
        "--format", "csv", "-c", "SELECT PartyId FROM Party WHERE LastName = :last ORDER BY PartyId LIMIT :n",
        "--param", "last=Davis", "--param", "n=3", env=env,
    )  # fmt: skip
    assert (bound.code, bound.err) == (0, "")
    assert bound.out == literal.out and len(bound.out.splitlines()) > 1


def test_positional_parameters_count_from_one(cli: Cli, site: Emulator) -> None:
    env = site_env(site)
    literal = cli(
        "--format", "csv", "-c", "SELECT InvoiceId FROM Invoice WHERE Balance > 0 ORDER BY InvoiceId LIMIT 2", env=env
    )
    bound = cli(
        "--format", "csv", "-c", "SELECT InvoiceId FROM Invoice WHERE Balance > ? ORDER BY InvoiceId LIMIT ?",
        "--param", "2=2", "--param", "1=0", env=env,
    )  # fmt: skip
    assert bound.code == 0 and bound.out == literal.out


def test_parameters_and_output_file(cli: Cli, site: Emulator, tmp_path: Path) -> None:
    result = cli(
        "--format", "json", "-o", "found.json", "-c", "SELECT PartyId FROM Party WHERE PartyId = :id",
        "--param", "id=20001", env=site_env(site),
    )  # fmt: skip
    assert (result.code, result.out) == (0, "")
    assert json.loads((tmp_path / "found.json").read_text(encoding="utf-8")) == [{"PartyId": "20001"}]


def test_a_missing_parameter_names_it_and_the_flag(cli: Cli, site: Emulator) -> None:
    result = cli("-c", "SELECT PartyId FROM Party WHERE LastName = :last AND FirstName = :first",
                 "--param", "last=Davis", env=site_env(site))  # fmt: skip
    assert result.code == 1
    assert "no value for parameter :first" in result.err
    assert "--param NAME=VALUE" in result.err and "execute(" not in result.err and "dict" not in result.err


def test_a_malformed_param_is_a_usage_error(cli: Cli, site: Emulator) -> None:
    for bad in ("last", "0=x", "la-st=x"):
        result = cli("-c", "SELECT PartyId FROM Party", "--param", bad, env=site_env(site))
        assert result.code == 2 and "argument --param" in result.err, bad


def test_values_are_text_unless_written_as_plain_integers() -> None:
    assert parse_param("n=20") == ("n", 20)
    assert parse_param("id=020") == ("id", "020")  # leading zeros: an id, not a number
    assert parse_param("q=a=b") == ("q", "a=b")
    assert parse_param("1=Smith") == (0, "Smith")
    assert parse_param("empty=") == ("empty", "")
