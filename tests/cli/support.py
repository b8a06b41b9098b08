"""Shared by the command's tests: the test site's secret, the subprocess result, env helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from imisql.emulator import Emulator

SECRET_PASSWORD = "pw-Q7zx-never-shown"  # distinctive, so a leak anywhere is found by a substring test
TIMEOUT = 120  # seconds: generous, only there so a hang fails instead of blocking the suite


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def both(self) -> str:
        return self.out + self.err


Cli = Callable[..., Run]


def site_env(site: Emulator) -> dict[str, str]:
    """Connection settings for ``site`` through the environment."""
    return {"IMISQL_URL": site.base_url, "IMISQL_USERNAME": site.username, "IMISQL_PASSWORD": SECRET_PASSWORD}
