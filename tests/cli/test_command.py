"""``imisql`` end to end: the real command as a subprocess, against ``--demo`` and a test emulator."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import requests

import imisql
from imisql.emulator import Emulator
from tests.cli.support import SECRET_PASSWORD, TIMEOUT, Cli, site_env

PARTY_SQL = (
    "SELECT PartyId, PersonName.FullName, Email, BirthDate, AdditionalAttributes.IsMember "
    "FROM Party ORDER BY PartyId LIMIT 8"
)
README_SQL = "SELECT PersonName.FullName, Email FROM Party WHERE LastName CONTAINS 'smith' ORDER BY LastName LIMIT 20"


def fetch(site: Emulator, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """What the Python API returns for ``sql``: the reference the command's output is checked against."""
    with imisql.connect(site.base_url, username=site.username, password=SECRET_PASSWORD) as conn:
        cursor = conn.execute(sql)
        return cursor.columns, cursor.fetchall()


@pytest.fixture(scope="module")
def parties(site: Emulator) -> tuple[list[str], list[tuple[Any, ...]]]:
    columns, rows = fetch(site, PARTY_SQL)
    values = [v for row in rows for v in row]
    assert None in values and any(isinstance(v, datetime) for v in values) and True in values
    return columns, rows


# ---------------------------------------------------------------- formats


def text(value: Any, null: str) -> str:
    if value is None:
        return null
    if isinstance(value, bool):
        return "true" if value else "false"
    return value.isoformat() if isinstance(value, datetime) else str(value)


def jsonish(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def parse_table(out: str) -> list[list[str]]:
    lines = out.splitlines()
    assert lines[-1] == f"({len(lines) - 3} rows)"
    return [[cell.strip() for cell in (line + " ").split(" | ")] for line in [lines[0], *lines[2:-1]]]


def parse_vertical(out: str) -> list[dict[str, str]]:
    records: list[dict[str, str]] = []
    for line in out.splitlines():
        if line.startswith("-[ RECORD "):
            records.append({})
        else:
            label, _, value = line.partition(" |")
            records[-1][label.strip()] = value.strip()
    return records


EXPECTED_OUTPUT = {
    "csv": (
        lambda out: list(csv.DictReader(io.StringIO(out))),
        lambda cols, rows: [{c: text(v, "") for c, v in zip(cols, row, strict=True)} for row in rows],
    ),
    "json": (
        lambda out: json.loads(out),
        lambda cols, rows: [{c: jsonish(v) for c, v in zip(cols, row, strict=True)} for row in rows],
    ),
    "jsonl": (
        lambda out: [json.loads(line) for line in out.splitlines()],
        lambda cols, rows: [{c: jsonish(v) for c, v in zip(cols, row, strict=True)} for row in rows],
    ),
    "table": (parse_table, lambda cols, rows: [cols, *([text(v, "∅") for v in row] for row in rows)]),
    "vertical": (
        parse_vertical,
        lambda cols, rows: [{c: text(v, "∅") for c, v in zip(cols, row, strict=True)} for row in rows],
    ),
}


@pytest.mark.parametrize("fmt", list(EXPECTED_OUTPUT))
def test_every_format_prints_the_real_values(cli: Cli, site: Emulator, parties: Any, fmt: str) -> None:
    run = cli("--format", fmt, "-c", PARTY_SQL, env=site_env(site))
    assert (run.code, run.err) == (0, "")
    parse, expect = EXPECTED_OUTPUT[fmt]
    assert parse(run.out) == expect(*parties)


def test_decimals_are_exact_in_json_and_csv(cli: Cli, site: Emulator) -> None:
    sql = "SELECT InvoiceId, InvoiceAmount.Amount, Balance.Amount FROM Invoice ORDER BY InvoiceId LIMIT 6"
    columns, rows = fetch(site, sql)
    assert all(isinstance(row[1], Decimal) for row in rows)
    run = cli("--format", "json", "-c", sql, env=site_env(site))
    assert json.loads(run.out, parse_float=Decimal) == [dict(zip(columns, row, strict=True)) for row in rows]
    for row in rows:
        assert f'"InvoiceAmount.Amount":{row[1]}' in run.out  # the server's digits, not a float's
    run = cli("--format", "csv", "-c", sql, env=site_env(site))
    assert [r["InvoiceAmount.Amount"] for r in csv.DictReader(io.StringIO(run.out))] == [str(r[1]) for r in rows]


def test_the_readme_command_runs_against_the_demo(cli: Cli) -> None:
    run = cli("--demo", "--format", "json", "-c", README_SQL)
    assert (run.code, run.err) == (0, "")
    rows = json.loads(run.out)
    assert len(rows) == 20 and set(rows[0]) == {"PersonName.FullName", "Email"}
    assert all("smith" in row["PersonName.FullName"].lower() for row in rows if row["PersonName.FullName"])


# ---------------------------------------------------------------- input sources and statements

SCRIPT = """-- two statements, a comment, and a ';' inside a string
SELECT PartyId FROM Party WHERE LastName <> 'a;b' ORDER BY PartyId LIMIT 2;
/* block */ SELECT EventId FROM Event ORDER BY EventId LIMIT 1;
"""


@pytest.mark.parametrize("source", ["stdin", "file", "file-dash", "command"])
def test_statements_run_in_order_from_every_source(cli: Cli, site: Emulator, tmp_path: Path, source: str) -> None:
    (tmp_path / "script.imisql").write_text(SCRIPT)
    args, stdin = {
        "stdin": ([], SCRIPT),
        "file": (["-f", "script.imisql"], ""),
        "file-dash": (["-f", "-"], SCRIPT),
        "command": (["-c", SCRIPT], ""),
    }[source]
    run = cli("--format", "jsonl", *args, stdin=stdin, env=site_env(site))
    assert (run.code, run.err) == (0, "")
    rows = [json.loads(line) for line in run.out.splitlines()]
    assert [list(r) for r in rows] == [["PartyId"], ["PartyId"], ["EventId"]]
    _, events = fetch(site, "SELECT EventId FROM Event ORDER BY EventId LIMIT 1")
    assert rows[2] == {"EventId": events[0][0]}


def test_catalog_statements_and_explain(cli: Cli, site: Emulator) -> None:
    script = "SHOW ENTITIES; DESCRIBE Party; EXPLAIN SELECT PartyId FROM Party WHERE LastName = 'Smith'"
    run = cli("-c", script, env=site_env(site))
    assert (run.code, run.err) == (0, "")
    shown, described, plan = run.out.split("\n\n")
    assert [h.strip() for h in shown.splitlines()[0].split(" | ")][:3] == ["entity", "path", "key"]
    assert re.search(r"^Party +\| /api/Party +\| PartyId ", shown, re.M)
    assert re.search(r"^PersonName\.LastName +\| string +\| LastName +\| text +\| ", described, re.M)
    assert described.endswith("  boolean  = <>, IS TRUE, IS FALSE\n  other    (none besides IS [NOT] EMPTY)")
    assert plan.startswith("Party: 1 request\n") and f"GET {site.base_url}/api/Party?LastName=eq%3ASmith" in plan


def test_describe_in_a_data_format_is_only_rows(cli: Cli, site: Emulator) -> None:
    run = cli("--format", "csv", "-c", "DESCRIBE Party", env=site_env(site))
    assert (run.code, run.err) == (0, "")
    rows = list(csv.reader(io.StringIO(run.out)))
    assert rows[0] == ["column", "type", "search_name", "operators", "description"]
    assert ["BirthDate", "datetime", "BirthDate", "date", "Date of birth"] in rows
    assert all(len(row) == 5 for row in rows)  # no legend lines among the rows


def test_explain_flag_prints_plans_without_running_them(cli: Cli, site: Emulator) -> None:
    run = cli("--explain", "-v", "--format", "json", "-c", "SELECT PartyId FROM Party LIMIT 3", env=site_env(site))
    assert run.code == 0
    lines = [row["QUERY PLAN"] for row in json.loads(run.out)]
    assert lines[0] == "Party: 1 request" and any("limit=3" in line for line in lines)
    assert "> GET" not in run.err and "> POST" not in run.err  # nothing was sent


def test_iqa_endpoint_flag_sends_iqa_queries_to_the_query_endpoint(cli: Cli, site: Emulator) -> None:
    sql = "SELECT FullName FROM iqa('$/imisql/Members by Country', 'AU', NULL) LIMIT 2"
    run = cli("--iqa-endpoint", "query", "-v", "--format", "csv", "-c", sql, env=site_env(site))
    assert run.code == 0 and len(run.out.splitlines()) == 3
    assert "/api/query?" in run.err and "/api/iqa" not in run.err
    assert cli("--iqa-endpoint", "soap", "-c", sql, env=site_env(site)).code == 2


# ---------------------------------------------------------------- -v and secrets

LOG_LINE = re.compile(r"^> (GET|POST) (http://127\.0\.0\.1:\d+/\S*) -> (\d{3}) \(\d+ ms, \d+ bytes\)$")
STATS_LINE = re.compile(r"^-- (\d+) requests?, (\d+) pages?, (\d+) rows?, \d+ bytes? in \d+\.\d{3} s$")


def token_for(site: Emulator) -> str:
    form = {"grant_type": "password", "username": site.username, "password": SECRET_PASSWORD}
    return str(requests.post(site.base_url + "/token", data=form, timeout=TIMEOUT).json()["access_token"])


@pytest.mark.parametrize("auth", ["env-password", "flag-password", "env-token"])
def test_verbose_logs_requests_and_stats_but_never_secrets(cli: Cli, site: Emulator, auth: str) -> None:
    token = token_for(site) if auth == "env-token" else "no-token"
    args = ["--url", site.base_url]
    env = {"IMISQL_TOKEN": token} if auth == "env-token" else {"IMISQL_USERNAME": site.username}
    if auth == "env-password":
        env["IMISQL_PASSWORD"] = SECRET_PASSWORD
    if auth == "flag-password":
        args += ["--password", SECRET_PASSWORD]
    sql = "SELECT PartyId FROM Party WHERE LastName CONTAINS 'son' LIMIT 17"
    run = cli(*args, "-v", "--page-size", "7", "--format", "csv", "-c", sql, env=env)
    assert run.code == 0, run.err
    for secret in (SECRET_PASSWORD, token):
        assert secret not in run.both
    assert "Authorization" not in run.both and "Bearer" not in run.both
    logged = [m.groups() for m in map(LOG_LINE.match, run.err.splitlines()) if m]
    gets = [url for method, url, status in logged if method == "GET" and status == "200"]
    assert len(gets) == 3 and all("LastName=contains:son" in url and "limit=7" in url for url in gets)
    assert [m for m, _, _ in logged].count("POST") == (0 if auth == "env-token" else 1)
    stats = [m.groups() for m in map(STATS_LINE.match, run.err.splitlines()) if m]
    assert stats == [(str(len(logged)), "3", "17")]
    assert len(run.out.splitlines()) == 18


def test_no_pushdown_gives_the_same_rows_filtering_on_the_client(cli: Cli, site: Emulator) -> None:
    sql = "SELECT PartyId, Email FROM Party WHERE LastName = 'Smith' ORDER BY PartyId"
    columns, rows = fetch(site, sql)
    run = cli("--no-pushdown", "-v", "--format", "json", "-c", sql, env=site_env(site))
    assert json.loads(run.out) == [dict(zip(columns, row, strict=True)) for row in rows]
    assert rows and "LastName=" not in run.err and "> GET" in run.err


# ---------------------------------------------------------------- exit codes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Case:
    args: list[str]
    code: int
    message: str
    env: str = "site"  # site | guest | wrong-password | none
    stdin: str = ""
    hidden: list[str] = field(default_factory=list)


EXIT_CASES = {
    "ok": Case(["-c", "SELECT PartyId FROM Party LIMIT 1"], 0, ""),
    "syntax error": Case(["-c", "SELEC PartyId FROM Party"], 1, "syntax error at line 1, column 1"),
    "unknown field": Case(["-c", "SELECT Nope FROM Party"], 1, "Party has no field 'Nope'"),
    "unknown entity": Case(["-c", "DESCRIBE Nope"], 1, "unknown entity 'Nope'"),
    "server 403": Case(["-c", "SELECT * FROM User LIMIT 1"], 1, "HTTP 403", env="guest"),
    "bad flag": Case(["--bogus"], 2, "unrecognized arguments: --bogus"),
    "bad format": Case(["--format", "xml", "-c", "SELECT 1"], 2, "invalid choice: 'xml'"),
    "missing file": Case(["-f", "missing.imisql"], 2, "cannot read missing.imisql"),
    "empty stdin": Case([], 2, "no SQL given", stdin="  \n"),
    "only comments": Case(["-c", "-- nothing here\n"], 2, "holds no SQL statement"),
    "bad page size": Case(["--page-size", "0", "-c", "SELECT PartyId FROM Party"], 2, "page size must be"),
    "no site": Case(["-c", "SELECT PartyId FROM Party"], 2, "no iMIS site given", env="none"),
    "wrong password": Case(["-c", "SELECT PartyId FROM Party"], 3, "authentication failed for user 'demo'",
                           env="wrong-password", hidden=["Wr0ng-pw"]),
    "unreachable": Case(["--url", "http://127.0.0.1:{port}", "--max-retries", "0",
                         "-c", "SHOW ENTITIES; SELECT PartyId FROM Party"], 3, "connection refused"),
}  # fmt: skip


@pytest.mark.parametrize("name", list(EXIT_CASES))
def test_exit_codes(cli: Cli, site: Emulator, name: str) -> None:
    case = EXIT_CASES[name]
    env = {
        "site": site_env(site),
        "guest": {**site_env(site), "IMISQL_USERNAME": "guest", "IMISQL_PASSWORD": "guest-password"},
        "wrong-password": {**site_env(site), "IMISQL_PASSWORD": "Wr0ng-pw"},
        "none": {},
    }[case.env]
    args = [arg.replace("{port}", str(free_port())) for arg in case.args]
    run = cli(*args, stdin=case.stdin, env=env)
    assert run.code == case.code, run.err
    assert case.message in run.err
    assert "Traceback" not in run.both and SECRET_PASSWORD not in run.both
    for secret in case.hidden:
        assert secret not in run.both


def test_profiles_from_the_config_file(cli: Cli, site: Emulator, tmp_path: Path) -> None:
    config = tmp_path / "xdg" / "imisql" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        f'[profiles.test]\nurl = "{site.base_url}"\nusername = "{site.username}"\n'
        f'password_env = "TEST_SITE_PASSWORD"\nformat = "jsonl"\n'
    )
    secret = {"TEST_SITE_PASSWORD": SECRET_PASSWORD}
    run = cli("--profile", "test", "-c", "SELECT PartyId FROM Party ORDER BY PartyId LIMIT 1", env=secret)
    assert (run.code, run.out) == (0, '{"PartyId":"20000"}\n')
    unreachable = {
        **secret,
        "IMISQL_URL": f"http://127.0.0.1:{free_port()}",
    }  # the environment beats profiles
    run = cli("--profile", "test", "--max-retries", "0", "-c", "SELECT PartyId FROM Party", env=unreachable)
    assert run.code == 3 and "connection refused" in run.err
    run = cli("--profile", "nope", "-c", "SELECT PartyId FROM Party")
    assert run.code == 2 and "no profile 'nope'" in run.err and "(profiles: test)" in run.err


def test_a_closed_pipe_ends_the_command_quietly() -> None:
    command = [sys.executable, "-m", "imisql", "--demo", "--format", "csv", "-c", "SELECT * FROM Party"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline().startswith(b"PartyId,")  # SELECT * puts the key first
        proc.stdout.close()
        err = proc.stderr.read()
        assert proc.wait(timeout=TIMEOUT) == 141
    assert err == b""


def test_the_emulator_subcommand(cli: Cli) -> None:
    pytest.importorskip("imisql.emulator.cli")
    run = cli("emulator", "--help")
    assert run.code == 0 and "usage" in run.out.lower()
