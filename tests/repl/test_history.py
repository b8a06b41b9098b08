"""History lives in the state directory and never keeps a password or a token."""

from __future__ import annotations

from pathlib import Path

import pytest

from imisql.repl.history import SecretSafeHistory, default_history_path, holds_secret


@pytest.mark.parametrize(
    "entry",
    [
        r"\connect https://ann:s3cret@example.org/imis",
        r"\c https://ann:@example.org",
        "password=hunter2",
        "SELECT 1; -- PASSWORD: hunter2",
        "token = abc.def",
        "access_token=abc",
        "Authorization: Bearer abc",
        "api_key=xyz",
        "client_secret:abc",
        "SELECT Name FROM Party WHERE Password = 'x';",
    ],
)
def test_entries_with_secrets_are_recognised(entry: str) -> None:
    assert holds_secret(entry)


@pytest.mark.parametrize(
    "entry",
    [
        "SELECT PartyId, Name FROM Party WHERE LastName = 'Smith';",
        r"\connect https://example.org/imis",
        r"\connect prod",
        "SELECT PartyId FROM Party -- who owns the token budget?",
        r"\d Party",
        "SELECT Name FROM Book WHERE Author = 'Le Guin';",
    ],
)
def test_ordinary_entries_are_kept(entry: str) -> None:
    assert not holds_secret(entry)


def test_secret_entries_reach_neither_file_nor_memory(tmp_path: Path) -> None:
    path = tmp_path / "state" / "history"
    history = SecretSafeHistory(path)
    history.append_string("SELECT 1;")
    history.append_string(r"\connect https://ann:s3cret@example.org")
    assert history.get_strings() == ["SELECT 1;"]
    text = path.read_text()
    assert "SELECT 1;" in text and "s3cret" not in text
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_secret_left_in_an_old_file_is_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "history"
    path.write_text("\n# old\n+password=hunter2\n\n# old\n+SELECT 2;\n")
    assert list(SecretSafeHistory(path).load_history_strings()) == ["SELECT 2;"]


def test_history_file_is_in_the_state_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("IMISQL_HISTORY", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert default_history_path() == tmp_path / "imisql" / "history"
    monkeypatch.setenv("IMISQL_HISTORY", str(tmp_path / "elsewhere"))
    assert default_history_path() == tmp_path / "elsewhere"
