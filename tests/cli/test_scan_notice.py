"""Before a statement that reads a whole entity to work on it client-side, the command says so."""

from __future__ import annotations

import pytest

from imisql.emulator import Emulator
from tests.cli.support import Cli, site_env


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT PartyId FROM Party WHERE Email LIKE '%a%e%'",
        "SELECT PartyId FROM Party ORDER BY PersonName.FullName, PartyId LIMIT 3",
        "SELECT CountryCode, COUNT(*) FROM Party GROUP BY CountryCode",
    ],
)
def test_a_whole_entity_read_on_the_client_is_announced(cli: Cli, site: Emulator, sql: str) -> None:
    result = cli("--page-size", "10", "-c", sql, env=site_env(site))
    assert result.code == 0, result.err
    assert "imisql: note: reading all of Party on the client: ~30 requests (300 rows)" in result.err


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT PartyId FROM Party WHERE LastName = 'Smith'",  # iMIS filters
        "SELECT PartyId FROM Party",  # streams, nothing left to the client
        "SELECT PartyId FROM Party WHERE Email LIKE '%a%e%' AND LastName STARTSWITH 'S'",
        "SELECT COUNT(*) FROM Party",  # TotalCount
        "SELECT PartyId FROM Party ORDER BY Email, PartyId LIMIT 3",  # iMIS sorts by Email, ties on the client
    ],
)
def test_other_statements_pass_without_a_word(cli: Cli, site: Emulator, sql: str) -> None:
    result = cli("--page-size", "10", "-c", sql, env=site_env(site))
    assert result.code == 0, result.err
    assert "reading all of" not in result.err


def test_small_scans_pass_without_a_word(cli: Cli, site: Emulator) -> None:
    result = cli("-c", "SELECT PartyId FROM Party WHERE Email LIKE '%a%e%'", env=site_env(site))
    assert "reading all of" not in result.err
