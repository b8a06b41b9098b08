"""Example budgets of the hardening suite: ``hardening-ci`` by default, ``slow`` on request.

``slow`` is selected by ``IMISQL_SLOW=1`` or by ``--hypothesis-profile=slow``. ``profile(n)`` is the
``hypothesis.settings`` for a property: ``n`` examples by default (about 200-300), 10,000 or more in the
slow profile. ``cases(default, slow)`` picks a count for the non-Hypothesis loops (fault seeds, edits).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SLOW_EXAMPLES = 10_000
_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    "print_blob": True,
}


def register() -> None:
    settings.register_profile("hardening-ci", max_examples=250, **_COMMON)
    settings.register_profile("slow", max_examples=SLOW_EXAMPLES, **_COMMON)


register()


def is_slow() -> bool:
    return bool(os.environ.get("IMISQL_SLOW")) or settings.get_current_profile_name() == "slow"


def profile(default: int = 250, slow: int = SLOW_EXAMPLES) -> settings:
    """Settings for one property: ``default`` examples, or ``slow`` (10,000 unless said) in the slow profile."""
    base = settings.get_profile("slow" if is_slow() else "hardening-ci")
    return settings(base, max_examples=slow if is_slow() else default)


def cases(default: int, slow: int) -> int:
    """How many cases a hand-written loop runs: ``default``, or ``slow`` in the slow profile."""
    return slow if is_slow() else default
