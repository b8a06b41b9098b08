"""Tokens kept between runs, so a command does not ask iMIS for a new one every time.

After a run, the password grant's token and its expiry are written to ``tokens.json`` in the user's
state directory (``imisql.paths``), readable by the owner only, under a hash of the site and user
(the file names neither). The next run for the same site and user adopts the token while it has
at least ``MIN_LEFT`` seconds to live; a token the server refuses is replaced through the password
grant as usual. The password is never stored here, and neither the token nor the file's content is
ever logged or printed.
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


def cache_path() -> Path:
    override = os.environ.get("IMISQL_TOKEN_CACHE")
    return Path(override).expanduser() if override else state_dir() / "tokens.json"


def _key(client: Client) -> str:
    who = f"{client.config.base_url}\n{client.config.username or ''}"
    return hashlib.sha256(who.encode("utf-8")).hexdigest()


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def restore(client: Client, path: Path | None = None) -> bool:
    """Give ``client`` the cached token of its site and user, if one is still good; True when it did."""
    if not isinstance(client.auth, PasswordGrant):
        return False
    entry = _load(path or cache_path()).get(_key(client))
    if not isinstance(entry, dict):
        return False
    token, expires_at = entry.get("token"), entry.get("expires_at")
    if not isinstance(token, str) or not isinstance(expires_at, int | float) or expires_at - time.time() < MIN_LEFT:
        return False
    client.auth.adopt(token, float(expires_at))
    return True


def remember(client: Client, path: Path | None = None) -> None:
    """Store ``client``'s current token for the next run (expired entries are dropped); never raises."""
    if not isinstance(client.auth, PasswordGrant):
        return
    issued = client.auth.issued()
    if issued is None:
        return
    target = path or cache_path()
    now = time.time()
    entries = {k: v for k, v in _load(target).items() if isinstance(v, dict) and v.get("expires_at", 0) > now}
    entries[_key(client)] = {"token": issued[0], "expires_at": issued[1]}
    with contextlib.suppress(OSError):  # a cache that cannot be written costs one token request next time
        private_file(target).write_text(json.dumps(entries), encoding="utf-8")
