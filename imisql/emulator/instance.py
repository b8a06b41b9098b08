"""The :class:`Emulator`: lifecycle (start/stop), runtime knobs (faults, restore), test helpers for
written data (a concurrent change, the current row, discarding writes) and the request log."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from types import TracebackType
from typing import Any

from imisql.emulator.auth import Account, TokenStore
from imisql.emulator.config import EmulatorConfig, Faults, LoggedRequest
from imisql.emulator.dataset import Dataset
from imisql.emulator.endpoints import Endpoints
from imisql.emulator.entities import EntityDef, entity
from imisql.emulator.faults import FaultState
from imisql.emulator.overlay import Overlay
from imisql.emulator.requestlog import RequestLog
from imisql.emulator.responses import ApiError, Response
from imisql.emulator.routes import ApiRequest, Router
from imisql.emulator.server import EmulatorHttpServer

_STOP_TIMEOUT = 5.0


class Emulator:
    """A local iMIS REST server with generated demo data.

    ``with Emulator(cfg) as emu:`` starts a ``ThreadingHTTPServer`` on a loopback port in a daemon
    thread and stops it on exit (``start()``/``stop()`` do the same explicitly). ``base_url`` is
    the site root: ``POST {base_url}/token``, ``GET {base_url}/api/Party``.
    """

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config or EmulatorConfig()
        self.dataset = Dataset(self.config.seed, self.config.parties)
        accounts = [
            Account(self.config.username, self.config.password),
            Account(self.config.guest_username, self.config.guest_password, restricted=True),
        ]
        self.tokens = TokenStore(accounts, self.config.token_lifetime, self.config.clock)
        self.overlay = Overlay()
        self.router = Router(self.config, Endpoints(self.config, self.dataset, self.overlay), self.tokens)
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._log = RequestLog(self.config.request_log_entries, self.config.request_log_chars)
        self._api_count = 0
        self._restore_until: float | None = None
        self._fault_state = FaultState(self.config.faults)
        self._httpd: EmulatorHttpServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> Emulator:
        if self._httpd is not None:
            return self
        self.stopping.clear()
        self._httpd = EmulatorHttpServer((self.config.host, self.config.port), self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1}, name="imisql-emulator", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self.stopping.set()
        httpd.shutdown()
        httpd.close_connections()
        httpd.server_close()
        if thread is not None:
            thread.join(_STOP_TIMEOUT)
        self._httpd = self._thread = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- public knobs --------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the emulator is not running")
        return f"http://{self.config.host}:{self._httpd.server_port}"

    @property
    def username(self) -> str:
        return self.config.username

    @property
    def password(self) -> str:
        return self.config.password

    @property
    def faults(self) -> Faults:
        return self._fault_state.faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        """Replace the faults; restarts request numbering, the fault RNG and token use counts."""
        self._fault_state = FaultState(faults)

    def begin_restore(self, seconds: float) -> None:
        """Every ``/api`` request fails (HTML 503 or 500) until ``seconds`` have passed."""
        with self._lock:
            self._restore_until = self.config.clock() + seconds

    def end_restore(self) -> None:
        with self._lock:
            self._restore_until = None

    @property
    def request_log(self) -> list[LoggedRequest]:
        """A snapshot of the most recent requests, oldest first (bounded: see ``request_log_entries``)."""
        return self._log.entries()

    def clear_log(self) -> None:
        self._log.clear()

    @property
    def api_request_count(self) -> int:
        return self._api_count

    # -- written data ---------------------------------------------------------------------------

    def concurrent_update(
        self, entity_name: str, key: str, changes: Mapping[str, object], user: str = "OTHERUSER"
    ) -> dict[str, Any]:
        """Change a row behind the clients' backs, as another user's GET-modify-PUT would.

        ``changes`` maps dotted JSON paths (``PersonName.FirstName``, ``Emails[0].Address``) or, for
        GenericEntityData, property names to new values (None clears a property). ``UpdatedOn``
        moves forward as on any PUT. Returns the row as stored. Raises ``KeyError`` for an unknown
        entity or id and ``ValueError`` when iMIS would refuse the change (400).
        """
        found = self._entity(entity_name)
        try:
            return self.router.writer.change(found, key, changes, user)
        except ApiError as error:
            if error.response.status == 404:
                raise KeyError(f"{entity_name} {key!r}") from None
            raise ValueError(error.response.body.decode("utf-8")) from None

    def current(self, entity_name: str, key: str) -> dict[str, Any] | None:
        """The row a ``GET /api/{entity}/{key}`` would return now (writes included), or None."""
        found = self._entity(entity_name)
        record = self.router.endpoints.find(found, key)
        return None if record is None else self.router.endpoints.render(found, record)

    def discard_writes(self) -> None:
        """Forget every POST, PUT and DELETE: the generated data shows again."""
        self.overlay.discard()

    def _entity(self, name: str) -> EntityDef:
        found = entity(name)
        if found is None:
            raise KeyError(f"unknown entity {name!r}")
        return found

    # -- runtime hooks used by the HTTP server -------------------------------------------------

    @property
    def max_body_bytes(self) -> int:
        return self.config.max_body_bytes

    def handle(self, request: ApiRequest, faults: FaultState) -> Response:
        return self.router.handle(request, faults)

    @property
    def current_faults(self) -> FaultState:
        return self._fault_state

    def begin_api_request(self) -> tuple[FaultState, bool]:
        with self._lock:
            self._api_count += 1
            restoring = self._restore_until is not None and self.config.clock() < self._restore_until
            return self._fault_state, restoring

    def log(self, entry: LoggedRequest) -> None:
        self._log.append(entry)
