"""Settings resolution: flags > environment > profile, the config file, secrets kept out of sight."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from imisql.cli_args import build_parser
from imisql.config import ConfigError, Settings, config_path, resolve

CONFIG = """
default_profile = "prod"

[profiles.prod]
url = "https://prod.example.org/imis"
username = "produser"
password_env = "PROD_PW"
page_size = 200
timeout = 30
format = "csv"

[profiles.tokened]
url = "https://tok.example.org"
token_env = "TOK"

[profiles.demo]
demo = true
url = "https://ignored.example.org"

[profiles.nulls_apart]
url = "https://old.example.org"
token_env = "TOK"
nulls_lowest = false
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG)
    return path


def settings(
    config: Path, flags: dict[str, Any] | None = None, env: dict[str, str] | None = None, **kw: Any
) -> Settings:
    return resolve(
        {"config": str(config), **(flags or {})},
        {"PROD_PW": "prod-secret", "TOK": "tok-secret", **(env or {})},
        **kw,
    )


FLAG, ENV, PROD = "https://flag.example.org", "https://env.example.org", "https://prod.example.org/imis"


@pytest.mark.parametrize(
    ("flags", "env", "expected"),
    [
        # the default profile alone
        ({}, {}, {"url": PROD, "username": "produser", "password": "prod-secret", "page_size": 200,
                  "read_timeout": 30, "format": "csv", "profile": "prod"}),
        # environment beats the profile, flags beat both, field by field
        ({}, {"IMISQL_URL": ENV}, {"url": ENV, "page_size": 200}),
        ({"url": FLAG, "page_size": 5}, {"IMISQL_URL": ENV}, {"url": FLAG, "page_size": 5, "format": "csv"}),
        ({"format": "json", "read_timeout": 5.0}, {}, {"format": "json", "read_timeout": 5.0}),
        # the identity comes whole from the highest layer naming a user or a token
        ({}, {"IMISQL_TOKEN": "env-token"}, {"token": "env-token", "username": None, "password": None}),
        ({"username": "flag"}, {"IMISQL_PASSWORD": "env-pw"}, {"username": "flag", "password": "env-pw"}),
        ({"username": "flag"}, {}, {"username": "flag", "password": "prod-secret"}),
        ({"password": "flag"}, {"IMISQL_PASSWORD": "env"}, {"username": "produser", "password": "flag"}),
        # profiles by name: flag, then IMISQL_PROFILE
        ({"profile": "tokened"}, {}, {"url": "https://tok.example.org", "token": "tok-secret"}),
        ({}, {"IMISQL_PROFILE": "tokened"}, {"token": "tok-secret", "profile": "tokened"}),
        ({"profile": "tokened"}, {"IMISQL_PROFILE": "prod"}, {"profile": "tokened"}),
        # the target (url or demo) comes whole from the highest layer naming one
        ({"profile": "demo"}, {}, {"demo": True, "url": None}),
        ({"profile": "demo", "url": FLAG, "token": "t"}, {}, {"demo": False, "url": FLAG}),
        ({"demo": True}, {"IMISQL_URL": ENV}, {"demo": True, "url": None, "username": None}),
        # plain switches
        ({"pushdown": False, "verbose": True, "explain": True}, {},
         {"pushdown": False, "verbose": True, "explain": True}),
    ],
)  # fmt: skip
def test_precedence(config: Path, flags: dict[str, Any], env: dict[str, str], expected: dict[str, Any]) -> None:
    resolved = settings(config, flags, env)
    assert {key: getattr(resolved, key) for key in expected} == expected


A, URL = "[profiles.a]\n", "url = 'https://x.org'\n"
PROFILE_A = {"profile": "a"}


@pytest.mark.parametrize(
    ("text", "flags", "message"),
    [
        (None, {"url": "https://x.org"}, "no credentials for https://x.org"),
        (None, {}, "no iMIS site given"),
        (None, {"url": "https://x.org", "username": "u", "token": "t"}, "both a username and a token"),
        (None, {"url": "https://x.org", "username": "u"}, "no password for user 'u'"),
        (None, {"demo": True, "page_size": 501}, "page size must be between 1 and 500"),
        (None, {"demo": True, "read_timeout": 0.0}, "timeouts and the retry budget must be positive"),
        (None, {"demo": True, "retry_budget": -1.0}, "timeouts and the retry budget must be positive"),
        (A + "demo = true\nretry_budget = 'soon'\n", PROFILE_A, "retry_budget must be a number, got 'soon'"),
        (None, {"demo": True, "max_retries": -1}, "max retries must not be negative"),
        (A + URL + "password = 'plain'\n", PROFILE_A, "secrets do not belong"),
        (A + URL + "username = 'u'\npassword_env = 'NOPE'\n", PROFILE_A, r"names \$NOPE, which is not set"),
        (A + URL + "colour = true\n", PROFILE_A, "unknown key 'colour'"),
        (A + "page_size = '10'\n", PROFILE_A, "page_size must be an integer, got '10'"),
        (A + "demo = 1\n", PROFILE_A, "demo must be a boolean, got 1"),
        (A + "format = 'xml'\ndemo = true\n", PROFILE_A, "unknown format 'xml'"),
        (A + "demo = true\n", {"profile": "b"}, r"no profile 'b' in .* \(profiles: a\)"),
        ("[profiles\n", PROFILE_A, "cannot read config file"),
        (URL, {}, "unknown top-level key"),
    ],
)  # fmt: skip
def test_errors(tmp_path: Path, text: str | None, flags: dict[str, Any], message: str) -> None:
    path = tmp_path / "config.toml"
    if text is not None:
        path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        resolve(
            {"config": str(path) if text is not None else None, **flags},
            {"XDG_CONFIG_HOME": str(tmp_path)},
        )


def test_a_named_config_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"config file .*missing\.toml not found"):
        resolve({"demo": True}, {"IMISQL_CONFIG": str(tmp_path / "missing.toml")})


def test_config_file_location(tmp_path: Path) -> None:
    assert config_path({}, {"XDG_CONFIG_HOME": "/xdg"}) == (Path("/xdg/imisql/config.toml"), False)
    assert config_path({}, {}) == (Path.home() / ".config/imisql/config.toml", False)
    assert config_path({}, {"IMISQL_CONFIG": "/etc/i.toml"}) == (Path("/etc/i.toml"), True)
    assert config_path({"config": "/c.toml"}, {"IMISQL_CONFIG": "/etc/i.toml"}) == (Path("/c.toml"), True)
    (tmp_path / "imisql").mkdir()
    (tmp_path / "imisql" / "config.toml").write_text("[profiles.d]\ndemo = true\n")
    assert resolve({"profile": "d"}, {"XDG_CONFIG_HOME": str(tmp_path)}).demo


def test_the_password_is_prompted_for_when_missing(config: Path) -> None:
    asked: list[str] = []

    def prompt(text: str) -> str:
        asked.append(text)
        return "typed-secret"

    resolved = resolve({"url": "https://x.org", "username": "ann"}, {"XDG_CONFIG_HOME": "/none"}, prompt=prompt)
    assert resolved.password == "typed-secret"
    assert asked == ["Password for ann at https://x.org: "]


def test_secrets_stay_out_of_repr_and_describe(config: Path) -> None:
    for resolved in (settings(config), settings(config, {"profile": "tokened"})):
        for text in (repr(resolved), resolved.describe()):
            assert "prod-secret" not in text and "tok-secret" not in text
    assert settings(config).describe() == "https://prod.example.org/imis as user 'produser' (profile prod)"


def test_connect_arguments(config: Path) -> None:
    kwargs = settings(config, {"max_retries": 0, "pushdown": False}).connect_kwargs()
    assert kwargs["max_attempts"] == 1 and kwargs["pushdown"] is False and kwargs["page_size"] == 200
    assert kwargs["read_timeout"] == 30 and kwargs["password"] == "prod-secret"
    demo = settings(config, {"profile": "demo"}).connect_kwargs()
    assert demo["demo"] is True and demo["url"] is None and demo["username"] is None
    assert kwargs["nulls_lowest"] is True  # iMIS sorts in SQL Server or .NET: NULLs lowest
    assert settings(config, {"nulls_lowest": False}).connect_kwargs()["nulls_lowest"] is False


@pytest.mark.parametrize(
    ("argv", "profile", "expected"),
    [
        ([], "prod", True),
        (["--no-nulls-lowest"], "prod", False),
        ([], "nulls_apart", False),
        (["--nulls-lowest"], "nulls_apart", True),  # a flag beats the profile, either way
        (["--no-nulls-lowest", "--nulls-lowest"], "nulls_apart", True),  # the last flag given wins
    ],
)
def test_nulls_lowest_from_flags_and_profiles(config: Path, argv: list[str], profile: str, expected: bool) -> None:
    args = build_parser().parse_args(argv)
    assert settings(config, {"profile": profile, "nulls_lowest": args.nulls_lowest}).nulls_lowest is expected
