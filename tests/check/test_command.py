"""``imisql check`` over a sample application tree with known mistakes at known positions.

The tree (tests/check/sample_app) holds one mistake per supported Python call shape, in a
triple-quoted literal, in implicitly concatenated literals, after a ``# imisql`` marker, behind
escape sequences, in a query file, and queries built with an f-string, ``%``, ``.format()`` and ``+``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from imisql.cli import main

SAMPLE = Path(__file__).parent / "sample_app"

EXPECTED = [
    "app/queries.imisql:4:17: error: [unknown-field]",
    "app/queries.imisql:6:13: error: [syntax]",
    "app/reports.py:10:30: error: [unknown-field]",  # .execute(
    "app/reports.py:11:62: error: [unknown-field]",  # .executemany(
    "app/reports.py:12:51: warning: [misspelt-keyword]",  # imisql.compile(
    "app/reports.py:12:56: error: [syntax]",
    "app/reports.py:13:28: error: [unknown-field]",  # .explain(
    "app/reports.py:14:29: error: [unknown-field]",  # read_sql(
    "app/reports.py:15:39: error: [unknown-field]",  # read_sql_query(sql=
    "app/reports.py:16:51: error: [unknown-field]",  # text(
    "app/reports.py:22:11: error: [unknown-field]",  # triple-quoted
    "app/reports.py:27:6: error: [unknown-field]",  # implicitly concatenated
    "app/reports.py:30:13: warning: [injection]",  # f-string
    "app/reports.py:31:13: warning: [injection]",  # %
    "app/reports.py:32:13: warning: [injection]",  # .format()
    "app/reports.py:33:13: warning: [injection]",  # +
    "app/reports.py:35:31: warning: [unknown-entity]",  # after # imisql
    "app/reports.py:36:41: error: [unknown-field]",  # after \t and \N{...} escapes
]


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(SAMPLE, tmp_path / "sample_app")
    monkeypatch.chdir(tmp_path / "sample_app")
    return tmp_path / "sample_app"


def _located(out: str) -> list[str]:
    """``path:line:col: severity: [code]`` of each finding line (the message text left out)."""
    found = []
    for line in out.splitlines():
        where, severity, rest = line.split(": ", 2)
        found.append(f"{where}: {severity}: {rest[rest.rindex('[') :]}")
    return found


def test_every_mistake_is_found_at_its_position(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "app", "--exclude", "legacy/"])
    out = capsys.readouterr().out
    assert _located(out) == EXPECTED
    assert code == 1


def test_messages_name_the_field_and_the_fix(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "app/reports.py"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "app/reports.py:10:30: error: Party has no field 'FirstNme'; did you mean FirstName or LastName or "
        "CityName? [unknown-field]"
    )
    assert "f-string: build queries with parameters" in lines[10]


def test_clean_files_exit_zero_even_strict(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "clean"]) == 0
    assert main(["check", "--strict", "clean"]) == 0
    notes = capsys.readouterr().out.splitlines()
    assert notes == ["clean/service.py:7:24: note: COUNT(*) answered from TotalCount of one request [plan]"] * 2


def test_warnings_fail_only_with_strict(tree: Path) -> None:
    (tree / "warn.py").write_text('cur.execute(f"SELECT * FROM Party WHERE LastName = {x}")\n', encoding="utf-8")
    assert main(["check", "warn.py"]) == 0
    assert main(["check", "--strict", "warn.py"]) == 1


def test_directories_are_walked_with_excludes(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check"])
    walked = {line.split(":")[0] for line in capsys.readouterr().out.splitlines()}
    assert walked == {"app/legacy/old.py", "app/queries.imisql", "app/reports.py", "clean/service.py"}
    main(["check", "--exclude", "*.py", "--exclude", "clean/"])
    assert {line.split(":")[0] for line in capsys.readouterr().out.splitlines()} == {"app/queries.imisql"}


def test_json_format(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "--format", "json", "app/queries.imisql"])
    found = json.loads(capsys.readouterr().out)
    assert [(f["line"], f["column"], f["end_line"], f["end_column"], f["code"]) for f in found] == [
        (4, 17, 4, 24, "unknown-field"),
        (6, 13, 6, 18, "syntax"),
    ]
    assert found[0]["hint"] == "did you mean LastName or FirstName?"


def test_github_format_annotates_the_diff(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "--format", "github", "app/queries.imisql"])
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("::error file=app/queries.imisql,line=4,col=17,endLine=4,endColumn=24,")
    assert first.endswith("::Party has no field 'LastNme'%0Adid you mean LastName or FirstName?")


def test_usage_errors_exit_two(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "no/such/dir"]) == 2
    assert "no/such/dir: no such file or directory" in capsys.readouterr().err
    assert main(["check", "--format", "xml", "app"]) == 2
    (tree / "junk.json").write_text("{}", encoding="utf-8")
    assert main(["check", "--catalog", "junk.json", "app"]) == 2
    assert "not a catalog written by `imisql catalog dump`" in capsys.readouterr().err


def test_unreadable_file_is_a_finding(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "latin.sql").write_bytes(b"SELECT * FROM Party WHERE LastName = '\xe9'\n")
    assert main(["check", "latin.sql"]) == 1
    assert capsys.readouterr().out.startswith("latin.sql:1:1: error: cannot read the file")


def test_saved_site_catalog_checks_site_objects(
    tree: Path, emulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tree / "site.py").write_text('cur.execute("SELECT Nmae FROM CsContact")\n', encoding="utf-8")
    assert main(["check", "site.py"]) == 0  # the built-in catalog does not know CsContact
    assert "CsContact is not in the catalog" in capsys.readouterr().out
    monkeypatch.setenv("IMISQL_PASSWORD", emulator.password)
    dump = ["catalog", "dump", "--url", emulator.base_url, "--username", emulator.username, "-o", "site.json"]
    assert main(dump) == 0
    assert main(["check", "--catalog", "site.json", "site.py"]) == 1
    assert capsys.readouterr().out.startswith("site.py:1:21: error: CsContact has no field 'Nmae'")
    assert emulator.password not in (tree / "site.json").read_text(encoding="utf-8")


def test_format_rewrites_and_checks(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = tree / "messy.imisql"
    query.write_text("select PartyId from Party where LastName='x'", encoding="utf-8")
    assert main(["format", "--check", "messy.imisql"]) == 1
    assert capsys.readouterr().out == "would reformat messy.imisql\n"
    assert main(["format", "messy.imisql"]) == 0
    assert query.read_text(encoding="utf-8") == "SELECT PartyId\nFROM Party\nWHERE LastName = 'x';\n"
    assert main(["format", "--check", "messy.imisql"]) == 0


def test_the_console_command_runs_check(tree: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "imisql", "check", "clean/report.sql"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_pre_commit_hooks_run_the_commands() -> None:
    hooks = (Path(__file__).parents[2] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: imisql-check\n" in hooks and "entry: imisql check\n" in hooks
    assert "id: imisql-format\n" in hooks and "entry: imisql format\n" in hooks


def test_catalog_dump_without_a_site_is_a_usage_error(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("IMISQL_URL", "IMISQL_USERNAME", "IMISQL_PASSWORD", "IMISQL_TOKEN", "IMISQL_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    (tree / "empty.toml").write_text("", encoding="utf-8")
    monkeypatch.setenv("IMISQL_CONFIG", str(tree / "empty.toml"))
    assert main(["catalog", "dump"]) == 2
    assert "no iMIS site given" in capsys.readouterr().err
    assert main(["catalog"]) == 2  # the action is required
