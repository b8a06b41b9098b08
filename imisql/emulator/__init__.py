"""The embedded iMIS emulator: a real local iMIS REST server with generated demo data.

Usage::

    from imisql.emulator import Emulator, EmulatorConfig, Faults

    with Emulator(EmulatorConfig(seed=1, parties=2000)) as emu:
        emu.base_url            # http://127.0.0.1:PORT (POST /token, GET /api/...)
        emu.faults = Faults(error_rate=0.1)
        emu.concurrent_update("Person", "20017", {"PersonName.FirstName": "Ann"})

Module map: ``config`` (public value types), ``instance`` (Emulator lifecycle and knobs),
``server`` (HTTP transport, transport faults, request log), ``routes`` (dispatch and auth checks),
``auth`` (tokens), ``endpoints`` (list/single/IQA/metadata handlers), ``writes`` (POST/PUT/DELETE),
``writable`` (per-entity write rules), ``bodies`` (checking write bodies), ``overlay`` (where
writes live, and the row sources that show them over the generated data), ``query`` (query-string
parsing), ``listing`` (filter/sort/page execution and the PagedResult envelope), ``entities``
(the entity table: paths, keys, search names), ``dataset`` (row sources), ``parties`` (party
records) and ``party_json`` (their JSON), ``events``/``groups``/``commerce``/``panels`` (the other
generators), ``genericentity`` (GenericEntityData encoding), ``selection`` (distinct picks),
``iqa``, ``metadata``, ``faults``, ``cache``, ``rand``, ``pools``, ``countries``, ``cli``.
See docs/emulator.md.
"""

from __future__ import annotations

from imisql.emulator.config import EmulatorConfig, Faults, LoggedRequest
from imisql.emulator.instance import Emulator

__all__ = ["Emulator", "EmulatorConfig", "Faults", "LoggedRequest"]
