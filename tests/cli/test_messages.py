"""The command's messages: advice that fits a command-line user and names only what exists."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from imisql.emulator import Emulator, EmulatorConfig
from tests.cli.support import SECRET_PASSWORD, Cli, site_env


def test_a_missing_parameter_gets_advice_for_the_command_line(cli: Cli, site: Emulator) -> None:
    result = cli("-c", "SELECT PartyId FROM Party WHERE LastName = :name", env=site_env(site))
    assert result.code == 1
    assert "no value for parameter :name" in result.err
    assert "hint: bind it with --param NAME=VALUE" in result.err and "execute(" not in result.err


def test_https_to_a_plain_http_port_does_not_blame_certificates(cli: Cli, site: Emulator) -> None:
    env = {**site_env(site), "IMISQL_URL": site.base_url.replace("http://", "https://")}
    result = cli("-c", "SELECT PartyId FROM Party LIMIT 1", env=env)
    assert result.code == 3
    assert "TLS handshake failed: the server does not answer TLS on this port (is the site plain http" in result.err
    assert "verify_tls" not in result.err and "certificate" not in result.err


@pytest.fixture(scope="module")
def nulls_high() -> Iterator[Emulator]:
    """A site that sorts NULL above every value, against the command's default."""
    with Emulator(EmulatorConfig(parties=300, password=SECRET_PASSWORD, nulls_high=True)) as emu:
        yield emu


@pytest.mark.parametrize("output", ["table", "csv"])
def test_nulls_against_the_assumed_order_stop_the_statement_with_advice_not_a_traceback(
    cli: Cli, nulls_high: Emulator, output: str
) -> None:
    sql = "SELECT PartyId, LastName FROM Party ORDER BY LastName DESC, FirstName LIMIT 5"
    result = cli("--format", output, "-c", sql, env=site_env(nulls_high))
    assert result.code == 1
    assert "iMIS returned LastName" in result.err and "--no-nulls-lowest" in result.err
    assert "Traceback" not in result.both
    assumed_nothing = cli("--format", "csv", "--no-nulls-lowest", "-c", sql, env=site_env(nulls_high))
    assert assumed_nothing.code == 0 and assumed_nothing.out.count("\n") == 6, assumed_nothing.err
