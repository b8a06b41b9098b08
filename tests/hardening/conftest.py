"""Hypothesis profiles for the hardening tests.

* ``hardening-ci`` (the default here): a few hundred examples per property, so the whole directory
  stays within a few tens of seconds on a small machine.
* ``slow``: at least 10,000 examples per property. Chosen by ``IMISQL_SLOW=1`` (anywhere) or by
  ``--hypothesis-profile=slow`` when pytest is pointed at this directory
  (``pytest tests/hardening --hypothesis-profile=slow``; this conftest must be loaded before the
  option is read, which pytest does for the directories named on the command line).

The profiles are registered here and applied per test through ``examples()`` / ``profile()``, so they
never change the settings of tests outside ``tests/hardening``.
"""

from __future__ import annotations

from tests.hardening.profiles import register

register()
