"""Connection and output settings for the ``imisql`` command and shell: where they come from.

Three layers, highest first: command-line flags, environment variables (``IMISQL_URL``,
``IMISQL_USERNAME``, ``IMISQL_PASSWORD``, ``IMISQL_TOKEN``), and a profile from the TOML config file
(``--config`` / ``IMISQL_CONFIG`` / ``config.toml`` in the platform's config directory, see
``imisql.paths``; profile chosen by ``--profile`` / ``IMISQL_PROFILE`` / the file's
``default_profile``). Plain settings (page size, timeouts, format...) are taken field by field from
the highest layer that sets them. Two groups are taken whole, so layers never mix into something
nobody wrote: the *target* (``url`` or ``demo``) and the *identity* (``username`` or ``token``) come
from the highest layer naming either; the password from the highest layer that has one.

Profiles never hold secrets: they name environment variables (``password_env``, ``token_env``).
``Settings`` keeps secrets out of its ``repr``; ``describe()`` is the safe text for logs.
Every problem is a ``ConfigError`` (the command exits 2).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imisql.format_names import FORMATS
from imisql.iqa_endpoint import SETTINGS as IQA_SETTINGS
from imisql.paths import config_dir

ENV_VARS = {
    "url": "IMISQL_URL",
    "username": "IMISQL_USERNAME",
    "password": "IMISQL_PASSWORD",
    "token": "IMISQL_TOKEN",
}
_USERINFO = re.compile(r"^\s*[^:/?#]*://[^/?#]*@")
CONFIG_ENV = "IMISQL_CONFIG"
PROFILE_ENV = "IMISQL_PROFILE"
MAX_PAGE_SIZE = 500
RETRY_BUDGET = 60.0  # seconds a statement may spend retrying: a command gives up sooner than the library (360 s)

# profile key -> (Settings field, kind of TOML value)
_PROFILE_KEYS: dict[str, tuple[str, str]] = {
    "url": ("url", "string"),
    "username": ("username", "string"),
    "password_env": ("password", "string"),
    "token_env": ("token", "string"),
    "demo": ("demo", "boolean"),
    "page_size": ("page_size", "integer"),
    "timeout": ("read_timeout", "number"),
    "connect_timeout": ("connect_timeout", "number"),
    "max_retries": ("max_retries", "integer"),
    "retry_budget": ("retry_budget", "number"),
    "pushdown": ("pushdown", "boolean"),
    "live_catalog": ("live_catalog", "boolean"),
    "nulls_lowest": ("nulls_lowest", "boolean"),
    "iqa_endpoint": ("iqa_endpoint", "string"),
    "verify_tls": ("verify_tls", "boolean"),
    "allow_insecure_http": ("allow_insecure_http", "boolean"),
    "format": ("format", "string"),
    "null": ("null", "string"),
    "header": ("header", "boolean"),
    "csv_bom": ("csv_bom", "boolean"),
    "color": ("color", "string"),
    "vi": ("vi", "boolean"),
    "row_limit": ("row_limit", "integer"),
}
COLOR_MODES = ("auto", "always", "never")
_KINDS: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


class ConfigError(Exception):
    """The settings are unusable: bad config file, unknown profile, missing credentials."""


@dataclass(frozen=True)
class Settings:
    """Everything the command (and the shell) needs to connect and to print results."""

    url: str | None = None
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    demo: bool = False
    profile: str | None = None
    page_size: int = MAX_PAGE_SIZE
    pushdown: bool = True
    live_catalog: bool = False
    nulls_lowest: bool = True  # the site sorts NULL below every value, as SQL Server does (imisql.ordering)
    iqa_endpoint: str = "auto"  # where iqa(...) queries go: auto, iqa or query (imisql.iqa_endpoint)
    connect_timeout: float = 5.0
    read_timeout: float = 60.0
    max_retries: int = 4
    retry_budget: float = RETRY_BUDGET
    verify_tls: bool = True
    allow_insecure_http: bool = False
    format: str = "table"
    null: str = "∅"
    header: bool = True
    csv_bom: bool = False
    color: str = "auto"
    vi: bool = False  # the shell's vi editing mode
    row_limit: int = 1000  # the shell asks before showing more rows than this (0: never asks)
    output: str | None = None
    verbose: bool = False
    explain: bool = False
    yes: bool = False  # write statements run without asking
    dry_run: bool = False  # write statements read and show what they would write, and send nothing
    journal: str | None = None  # the journal file writes append to (None: a new file per statement)
    config: str | None = None  # the config file the profile came from (the shell's \connect reuses it)

    def connect_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``imisql.connect`` (they hold the secrets: never print them)."""
        return {
            "url": None if self.demo else self.url,
            "username": None if self.demo else self.username,
            "password": None if self.demo else self.password,
            "token": None if self.demo else self.token,
            "demo": self.demo,
            "page_size": self.page_size,
            "pushdown": self.pushdown,
            "live_catalog": self.live_catalog,
            "nulls_lowest": self.nulls_lowest,
            "iqa_endpoint": self.iqa_endpoint,
            "connect_timeout": self.connect_timeout,
            "read_timeout": self.read_timeout,
            "max_attempts": self.max_retries + 1,
            "retry_budget": self.retry_budget,
            "verify_tls": self.verify_tls,
            "allow_insecure_http": self.allow_insecure_http,
            "journal": self.journal,
        }

    def describe(self) -> str:
        """Where and as whom, without secrets: ``https://x.org/imis as user 'ann' (profile prod)``."""
        if self.demo:
            where = "the embedded demo emulator"
        elif self.token is not None:
            where = f"{self.url} with a bearer token"
        else:
            where = f"{self.url} as user {self.username!r}"
        return where + (f" (profile {self.profile})" if self.profile else "")


@dataclass(frozen=True)
class _Layer:
    name: str
    values: dict[str, Any]

    def has(self, key: str) -> bool:
        return self.values.get(key) not in (None, False) if key == "demo" else self.values.get(key) is not None


def resolve(
    flags: Mapping[str, Any],
    env: Mapping[str, str],
    *,
    prompt: Callable[[str], str] | None = None,
    stored: Callable[[str, str], str | None] | None = None,
) -> Settings:
    """Settings from ``flags`` (Settings field names plus ``config`` and ``profile``; ``None`` = not
        given), ``env`` and the profile. A missing password comes from ``stored(url, username)`` (the system
    keyring), else ``prompt`` asks for it (``None``: no terminal)."""
    profile_name, profile = _load_profile(flags, env)
    layers = [
        _Layer("the command line", {k: v for k, v in flags.items() if v is not None}),
        _Layer("the environment", {k: env[v] for k, v in ENV_VARS.items() if env.get(v)}),
        _Layer(f"profile {profile_name!r}", profile),
    ]
    values = _plain_values(layers)
    values.update(_target(layers))
    if not values["demo"]:
        values.update(_identity(layers, values["url"], prompt, stored))
    config = flags.get("config") or env.get(CONFIG_ENV)
    return _checked(Settings(profile=profile_name, config=config, **values))


def _plain_values(layers: list[_Layer]) -> dict[str, Any]:
    grouped = {"url", "demo", "username", "password", "token", "config", "profile"}
    names = [f for f in Settings.__dataclass_fields__ if f not in grouped]
    values: dict[str, Any] = {}
    for name in names:
        layer = next((layer for layer in layers if layer.has(name)), None)
        if layer is not None:
            values[name] = layer.values[name]
    return values


def _target(layers: list[_Layer]) -> dict[str, Any]:
    layer = next((layer for layer in layers if layer.has("url") or layer.has("demo")), None)
    if layer is None:
        raise ConfigError(
            "no iMIS site given: pass --url, set IMISQL_URL, choose a --profile, or try --demo "
            "(an embedded emulator with demo data)"
        )
    if layer.has("demo"):
        return {"demo": True, "url": None}
    url = layer.values["url"]
    if _USERINFO.match(url):  # it would be echoed in messages and logs
        raise ConfigError(
            f"the URL from {layer.name} holds credentials (user:password@host): give the site root alone, the "
            "user with --username or IMISQL_USERNAME and the password with IMISQL_PASSWORD or the prompt"
        )
    if "?" in url or "#" in url:  # a query string may carry a token, and it would be echoed
        raise ConfigError(
            f"the URL from {layer.name} holds a query string or fragment ('?' or '#'): give the site root alone"
        )
    return {"demo": False, "url": url}


def _identity(
    layers: list[_Layer],
    url: str,
    prompt: Callable[[str], str] | None,
    stored: Callable[[str, str], str | None] | None = None,
) -> dict[str, Any]:
    layer = next((layer for layer in layers if layer.has("username") or layer.has("token")), None)
    if layer is None:
        raise ConfigError(
            f"no credentials for {url}: pass --username (the password is prompted for) or --token, "
            "or set IMISQL_USERNAME / IMISQL_TOKEN"
        )
    if layer.has("username") and layer.has("token"):
        raise ConfigError(f"{layer.name} gives both a username and a token: use one of them")
    if layer.has("token"):
        return {"token": layer.values["token"]}
    username = layer.values["username"]
    password = next((layer.values["password"] for layer in layers if layer.has("password")), None)
    if password is None and stored is not None:
        password = stored(url, username)
    if password is None:
        if prompt is None:
            raise ConfigError(
                f"no password for user {username!r}: set IMISQL_PASSWORD (or password_env in the profile), "
                "or run on a terminal to be prompted"
            )
        password = prompt(f"Password for {username} at {url}: ")
    return {"username": username, "password": password}


def _checked(settings: Settings) -> Settings:
    if not 1 <= settings.page_size <= MAX_PAGE_SIZE:
        raise ConfigError(f"page size must be between 1 and {MAX_PAGE_SIZE}, got {settings.page_size}")
    if settings.read_timeout <= 0 or settings.connect_timeout <= 0 or settings.retry_budget <= 0:
        raise ConfigError("timeouts and the retry budget must be positive numbers of seconds")
    if settings.max_retries < 0:
        raise ConfigError(f"max retries must not be negative, got {settings.max_retries}")
    if settings.format not in FORMATS:
        raise ConfigError(f"unknown format {settings.format!r}; choose one of {', '.join(FORMATS)}")
    if settings.color not in COLOR_MODES:
        raise ConfigError(f"unknown color mode {settings.color!r}; choose one of {', '.join(COLOR_MODES)}")
    if settings.iqa_endpoint not in IQA_SETTINGS:
        raise ConfigError(f"unknown IQA endpoint {settings.iqa_endpoint!r}; choose one of {', '.join(IQA_SETTINGS)}")
    if settings.row_limit < 0:
        raise ConfigError(f"row limit must not be negative, got {settings.row_limit}")
    return settings


# ---------------------------------------------------------------- the config file


def config_path(flags: Mapping[str, Any], env: Mapping[str, str]) -> tuple[Path, bool]:
    """The config file to read, and whether it was named explicitly (then it must exist)."""
    if flags.get("config"):
        return Path(flags["config"]).expanduser(), True
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV]).expanduser(), True
    return config_dir(env) / "config.toml", False


def load_config(path: Path, explicit: bool) -> dict[str, Any]:
    """The parsed config file (``{}`` when the default file does not exist)."""
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"config file {path} not found") from None
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    unknown = set(document) - {"default_profile", "profiles"}
    if unknown:
        raise ConfigError(f"{path}: unknown top-level key(s) {', '.join(sorted(unknown))} (expected [profiles.NAME])")
    return document


def _load_profile(flags: Mapping[str, Any], env: Mapping[str, str]) -> tuple[str | None, dict[str, Any]]:
    path, explicit = config_path(flags, env)
    document = load_config(path, explicit)
    name = flags.get("profile") or env.get(PROFILE_ENV) or document.get("default_profile")
    if not name:
        return None, {}
    profiles = document.get("profiles", {})
    if not isinstance(profiles, dict) or name not in profiles:
        known = ", ".join(sorted(profiles)) if isinstance(profiles, dict) and profiles else "none"
        raise ConfigError(f"no profile {name!r} in {path} (profiles: {known})")
    return name, _profile_values(name, profiles[name], env)


def _profile_values(name: str, table: Any, env: Mapping[str, str]) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ConfigError(f"profile {name!r} must be a table: [profiles.{name}]")
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in ("password", "token"):
            raise ConfigError(
                f"profile {name!r}: secrets do not belong in the config file; put the {key} in an "
                f'environment variable and name it with {key}_env = "..."'
            )
        if key not in _PROFILE_KEYS:
            raise ConfigError(f"profile {name!r}: unknown key {key!r} (known: {', '.join(sorted(_PROFILE_KEYS))})")
        target, kind = _PROFILE_KEYS[key]
        if not _is_kind(value, kind):
            article = "an" if kind[0] in "aeiou" else "a"
            raise ConfigError(f"profile {name!r}: {key} must be {article} {kind}, got {value!r}")
        values[target] = _from_env(name, key, str(value), env) if key.endswith("_env") else value
    return values


def _is_kind(value: Any, kind: str) -> bool:
    if isinstance(value, bool):
        return kind == "boolean"  # TOML booleans are ints to Python: no `page_size = true`
    return isinstance(value, _KINDS[kind])


def _from_env(profile: str, key: str, variable: str, env: Mapping[str, str]) -> str:
    value = env.get(variable)
    if not value:
        raise ConfigError(f"profile {profile!r}: {key} names ${variable}, which is not set")
    return value
