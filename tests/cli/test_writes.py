"""Write statements from the command line: nothing is written without a terminal or ``--yes`` (exit 1),
``--yes`` writes and prints the journal path, ``--dry-run`` and EXPLAIN send no write, and
``imisql undo`` reverses a journal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from imisql.emulator import Emulator
from tests.cli.support import Cli, site_env

UPDATE = "UPDATE Party SET FirstName = 'Cli' WHERE LastName CONTAINS 'smith'"


@pytest.fixture
def clean_site(site: Emulator, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The session's emulator, its writes discarded after the test; journals go under the test's directory."""
    site.clear_log()
    yield {**site_env(site), "XDG_STATE_HOME": str(tmp_path / "state")}
    site.discard_writes()


def _writes(site: Emulator) -> list[str]:
    return [f"{r.method} {r.path}" for r in site.request_log if r.method != "GET" and r.path.startswith("/api/")]


def test_without_a_terminal_or_yes_nothing_is_written(cli: Cli, site: Emulator, clean_site: dict[str, str]) -> None:
    run = cli("-c", UPDATE, env=clean_site)
    assert run.code == 1
    assert "nothing was written (no terminal to confirm on); pass --yes to write" in run.err
    assert run.err.startswith("error: UPDATE ") and " Party rows: " in run.err
    assert _writes(site) == []


def test_yes_writes_and_says_where_the_journal_is(
    cli: Cli, site: Emulator, clean_site: dict[str, str], tmp_path: Path
) -> None:
    run = cli("--yes", "-c", UPDATE, env=clean_site)
    assert run.code == 0, run.err
    assert run.out == ""
    line = run.err.strip()
    assert line.startswith("imisql: ") and " Party rows updated; journal: " in line
    journal = Path(line.split("journal: ")[1])
    assert journal.is_relative_to(tmp_path / "state")
    written = [json.loads(x) for x in journal.read_text(encoding="utf-8").splitlines()]
    assert len(written) == len(_writes(site)) > 0
    assert all(e["method"] == "PUT" and e["before"] and e["body"] for e in written)
    assert "password" not in journal.read_text(encoding="utf-8").lower()


def test_dry_run_and_explain_send_no_write(cli: Cli, site: Emulator, clean_site: dict[str, str]) -> None:
    dry = cli("--dry-run", "-c", UPDATE, env=clean_site)
    explained = cli("-c", "EXPLAIN " + UPDATE, env=clean_site)
    for run in (dry, explained):
        assert run.code == 0, run.err
        assert "PUT http" in run.out and "/api/Party/{id}" in run.out
        assert "writes: " in run.out and "FirstName: " in run.out and "-> 'Cli'" in run.out
    assert _writes(site) == []


def test_journal_flag_and_undo(cli: Cli, site: Emulator, clean_site: dict[str, str], tmp_path: Path) -> None:
    journal = tmp_path / "chosen.jsonl"
    run = cli("--yes", "--journal", str(journal), "-c", "INSERT INTO Person (PersonName.LastName) VALUES ('Undone')",
              env=clean_site)  # fmt: skip
    assert run.code == 0, run.err
    (entry,) = [json.loads(x) for x in journal.read_text(encoding="utf-8").splitlines()]
    assert site.current("Person", entry["id"]) is not None
    dry = cli("undo", str(journal), "--dry-run", env=clean_site)
    assert dry.code == 0 and f"DELETE /api/Person/{entry['id']}" in dry.out
    assert site.current("Person", entry["id"]) is not None
    refused = cli("undo", str(journal), env=clean_site)
    assert refused.code == 1 and "pass --yes" in refused.err
    done = cli("undo", str(journal), "--yes", env=clean_site)
    assert done.code == 0, done.err
    assert "1 of 1 writes reversed" in done.err
    assert site.current("Person", entry["id"]) is None


def test_update_without_where_is_refused_before_anything_runs(cli: Cli, clean_site: dict[str, str]) -> None:
    run = cli("--yes", "-c", "UPDATE Party SET FirstName = 'x'", env=clean_site)
    assert run.code == 1
    assert "UPDATE without WHERE would change every Party" in run.err
    assert "WHERE TRUE" in run.err


def test_undo_of_a_file_that_is_not_a_journal(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    run = cli("undo", str(bad), "--dry-run")
    assert run.code == 2 and "bad.jsonl:1: not a journal entry" in run.err
