"""How a value is spelt in an iMIS query string, for the compiler and for requests built from rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any


def wire(value: Any) -> str:
    """How a value is spelt in an iMIS query string (before URL encoding)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
