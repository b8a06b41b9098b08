"""``\\connect <profile|url>``: turning what the user typed into a new connection.

A target with ``://`` is a site URL; credentials written into it (``https://ann:pw@host/imis``) are
taken out of the URL before it goes anywhere. ``demo`` is a fresh embedded emulator. Anything else
names a profile of the config file. Settings are resolved by ``imisql.config`` exactly as the
command line does it (flags > ``IMISQL_*`` environment > profile), so a missing password is
prompted for (or found in the system keyring) and profiles never hold secrets. A site's token comes
from the token cache when it is still good, and goes back to it when the shell leaves the connection,
so the next run reuses it until it expires.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import imisql
from imisql import keyring_store, token_cache
from imisql.config import Settings, resolve


@dataclass(frozen=True)
class Target:
    """A parsed ``\\connect`` argument: the flags it stands for, secrets kept out of ``repr``."""

    flags: dict[str, Any]
    label: str

    def __repr__(self) -> str:
        return f"Target({self.label!r})"


def parse_target(text: str, config: str | None = None) -> Target:
    """The ``imisql.config.resolve`` flags that ``text`` (a URL, ``demo`` or a profile name) means."""
    flags: dict[str, Any] = {"config": config}
    if "://" in text:
        url, username, password = split_credentials(text)
        flags.update(url=url, username=username, password=password)
        return Target(flags, url)
    if text.lower() == "demo":
        flags["demo"] = True
        return Target(flags, "demo")
    flags["profile"] = text
    return Target(flags, text)


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``(url without user info, username, password)`` for ``https://user:password@host/path``."""
    parts = urlsplit(url.strip())
    if parts.username is None and parts.password is None:
        return url.strip(), None, None
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    bare = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    return bare, username, password


@dataclass(frozen=True)
class Opened:
    """A connection ``\\connect`` opened, with the settings it was made with."""

    connection: imisql.Connection
    settings: Settings

    def close(self) -> None:
        """Keep the connection's token in the token cache for the next run (a site's; the demo's
        dies with it), then close the connection."""
        if not self.settings.demo:
            token_cache.remember(self.connection.client)
        self.connection.close()


def open_target(target: Target, ask_password: Callable[[str], str] | None, **connect_options: Any) -> Opened:
    """Resolve ``target`` (a saved password comes from the system keyring before any prompt) and
    connect, adopting the site's cached token when it is still good."""
    settings = resolve(target.flags, os.environ, prompt=ask_password, stored=keyring_store.stored_password)
    connection = imisql.connect(**settings.connect_kwargs(), **connect_options)
    if not settings.demo:
        token_cache.restore(connection.client)
    return Opened(connection, settings)
