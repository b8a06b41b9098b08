"""The command's messages: advice that fits a command-line user and names only what exists."""

from __future__ import annotations

from imisql.emulator import Emulator
from tests.cli.support import Cli, site_env


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
