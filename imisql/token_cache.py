"""Tokens kept between runs, so a command does not ask iMIS for a new one every time.

After a run, the password grant's token and its expiry are written to ``tokens.json`` in the user's
state directory (``imisql.paths``), readable by the owner only. The next run for the same site,
user and password adopts the token while it has at least ``MIN_LEFT`` seconds to live; a token the
server refuses is replaced through the password grant as usual. Entries are named by a slow hash of
site, user and password, so a different password never uses a token, and the file names no site or
user. ``IMISQL_TOKEN_CACHE=off`` turns the cache off. The password is never stored here, and neither
the token nor the file's content is ever logged or printed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from imisql.http.auth import PasswordGrant
from imisql.http.client import Client
from imisql.paths import private_file, state_dir

MIN_LEFT = 60.0  # seconds: a token closer to its end is not worth adopting
KEY_ROUNDS = 20_000  # PBKDF2 rounds for an entry's name


def cache_path() -> Path | None:
    """``$IMISQL_TOKEN_CACHE`` (``off``: no cache), else ``tokens.json`` in the state directory."""
    override = os.environ.get("IMISQL_TOKEN_CACHE")
    if override and override.lower() == "off":
        return None
    return Path(override).expanduser() if override else state_dir() / "tokens.json"


def _key(client: Client, password: str) -> str:
    """The entry's name: derived (slowly) from the site, the user and the password, so the file names
    none of them and a wrong password never finds the token a right one earned."""
    salt = f"{client.config.base_url}\n{client.config.username or ''}".encode()
    return hashlib.pbkdf2_hmac("sha256", password.encode("utf-8", "surrogatepass"), salt, KEY_ROUNDS).hex()


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def restore(client: Client, path: Path | None = None) -> bool:
    """Give ``client`` the cached token of its site and user, if one is still good; True when it did."""
    target = path or cache_path()
    password = client.config.password
    if not isinstance(client.auth, PasswordGrant) or target is None or password is None:
        return False
    entry = _load(target).get(_key(client, password))
    if not isinstance(entry, dict):
        return False
    token, expires_at = entry.get("token"), entry.get("expires_at")
    if not isinstance(token, str) or not isinstance(expires_at, int | float) or expires_at - time.time() < MIN_LEFT:
        return False
    client.auth.adopt(token, float(expires_at))
    return True


def remember(client: Client, path: Path | None = None) -> None:
    """Store ``client``'s current token for the next run (expired entries are dropped); never raises."""
    target = path or cache_path()
    password = client.config.password
    if not isinstance(client.auth, PasswordGrant) or target is None or password is None:
        return
    issued = client.auth.issued()
    if issued is None:
        return
    now = time.time()
    entries = {k: v for k, v in _load(target).items() if isinstance(v, dict) and v.get("expires_at", 0) > now}
    entries[_key(client, password)] = {"token": issued[0], "expires_at": issued[1]}
    with contextlib.suppress(OSError):  # a cache that cannot be written costs one token request next time
        private_file(target).write_text(json.dumps(entries), encoding="utf-8")
