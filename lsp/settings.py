"""The language server's settings: read from initialization options and workspace settings.

Editors send either ``{"imisql": {...}}`` or the section itself. Keys (camelCase or snake_case):

- ``demo`` (bool): run statements against the embedded emulator with demo data
- ``profile`` / ``config``: a connection profile of the imisql config file (and that file's path)
- ``url`` / ``username``: a site root and user; the password comes from ``IMISQL_PASSWORD`` (or the
  profile's ``password_env``), never from editor settings
- ``liveCatalog`` (bool, default true): with a connection, load the site's catalog in the background
- ``cacheDir``: where the live catalog is cached (default: the platform cache directory, ``~/.cache/imisql`` on Linux)
- ``maxRows`` (default 200): rows returned by ``imisql.run``
- ``debounceMs`` (default 300): delay before diagnostics are recomputed after a change
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, get_args, get_type_hints

from imisql.config import Settings, resolve
from imisql.paths import cache_dir

SECTION = "imisql"


@dataclass(frozen=True)
class LspSettings:
    demo: bool = False
    profile: str | None = None
    config: str | None = None
    url: str | None = None
    username: str | None = None
    live_catalog: bool = True
    cache_dir: str | None = None
    max_rows: int = 200
    debounce_ms: int = 300

    def merged(self, raw: Any) -> LspSettings:
        """These settings updated with what an editor sent (unknown keys and bad types ignored)."""
        if not isinstance(raw, Mapping):
            return self
        values = raw.get(SECTION, raw)
        if not isinstance(values, Mapping):
            return self
        changes: dict[str, Any] = {}
        for f in fields(self):
            value = _lookup(values, f.name)
            if value is not None and _fits(value, _FIELD_TYPES[f.name]):
                changes[f.name] = value
        return replace(self, **changes)

    @property
    def has_connection(self) -> bool:
        return bool(self.demo or self.profile or self.url)

    def connection(self) -> Settings:
        """Connection settings by the shared config rules (profiles, environment); ConfigError if unusable."""
        flags = {"demo": self.demo or None, "profile": self.profile, "config": self.config}
        flags |= {"url": self.url, "username": self.username}
        return resolve(flags, os.environ)

    def cache_file(self, connection: Settings) -> Path:
        """Where the live catalog of ``connection`` is cached."""
        root = Path(self.cache_dir) if self.cache_dir else cache_dir()
        identity = f"{connection.url}|{connection.username or ''}"
        return root / f"catalog-{hashlib.sha256(identity.encode()).hexdigest()[:16]}.json"


def _lookup(values: Mapping[str, Any], name: str) -> Any:
    camel = re.sub(r"_(\w)", lambda m: m.group(1).upper(), name)
    return values.get(camel, values.get(name))


def _fits(value: Any, annotation: Any) -> bool:
    """Whether ``value`` is of the field's type (``X | None`` takes an X; a bool is not an int here)."""
    kinds = tuple(kind for kind in get_args(annotation) or (annotation,) if kind is not type(None))
    if isinstance(value, bool) and bool not in kinds:
        return False
    return isinstance(value, kinds)


_FIELD_TYPES: dict[str, Any] = get_type_hints(LspSettings)
