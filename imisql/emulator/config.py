"""Public value types: :class:`EmulatorConfig`, :class:`Faults` and :class:`LoggedRequest`."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Faults:
    """Injected failures for ``/api`` requests (``/token`` is never faulted).

    Rates are probabilities in ``[0, 1]`` drawn from a ``random.Random(seed)`` in request order,
    so a sequential client sees the same faults on every run. Assigning a new ``Faults`` to
    ``Emulator.faults`` resets the request counter, the RNG and the per-token use counts.

    * ``latency``: seconds added before every ``/api`` response.
    * ``error_rate`` / ``error_status``: answer with ``error_status`` and a JSON message
      (``Retry-After: retry_after`` when set).
    * ``restore_window=(start, end)``: ``/api`` requests numbered ``start .. end-1`` (0-based,
      counted from when these faults were set) fail like a database restore: an HTML 503 or an
      HTML 500 page (``Retry-After`` when set).
    * ``reset_rate``: the connection is reset without any response.
    * ``truncate_rate``: the response is cut in half after a full ``Content-Length``.
    * ``non_json_rate``: 200 with an HTML body instead of JSON.
    * ``hang_rate`` / ``hang_seconds``: no response for ``hang_seconds`` (interrupted at server
      shutdown), then the connection is closed.
    * ``token_expiry_after=N``: a token is rejected (401, and forgotten) on its (N+1)-th ``/api``
      request.
    * ``write_fault_at=N``: write requests (POST/PUT/DELETE on an entity, numbered from 1 when these
      faults were set) numbered N onwards fail; ``write_fault_count`` limits how many (None: every
      later write fails for good). By default a failing write is answered with
      ``write_fault_status`` and nothing is written; with ``write_fault_lose_answer`` the write is
      applied and the connection is then reset, so the client never sees the answer.
    """

    latency: float = 0.0
    error_rate: float = 0.0
    error_status: int = 503
    restore_window: tuple[int, int] | None = None
    reset_rate: float = 0.0
    truncate_rate: float = 0.0
    non_json_rate: float = 0.0
    hang_rate: float = 0.0
    hang_seconds: float = 30.0
    token_expiry_after: int | None = None
    retry_after: int | None = None
    write_fault_at: int | None = None
    write_fault_count: int | None = None
    write_fault_status: int = 500
    write_fault_lose_answer: bool = False
    seed: int = 0

    def __post_init__(self) -> None:
        for name in ("error_rate", "reset_rate", "truncate_rate", "non_json_rate", "hang_rate"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        if self.latency < 0 or self.hang_seconds < 0:
            raise ValueError("latency and hang_seconds must not be negative")
        if not 400 <= self.error_status <= 599 or not 400 <= self.write_fault_status <= 599:
            raise ValueError("error_status and write_fault_status must be 4xx or 5xx statuses")
        for name in ("write_fault_at", "write_fault_count"):
            if getattr(self, name) is not None and getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.token_expiry_after is not None and self.token_expiry_after < 0:
            raise ValueError("token_expiry_after must not be negative")


@dataclass(frozen=True)
class LoggedRequest:
    """One request as the server saw it. ``status`` is 0 when no response was sent (reset/hang)."""

    method: str
    path: str
    query: str
    params: list[tuple[str, str]]
    headers: dict[str, str]
    status: int


@dataclass(frozen=True)
class EmulatorConfig:
    """Everything that shapes one emulator instance.

    Data: ``seed`` and ``parties`` fully determine the demo database. Server: ``host`` must be a
    loopback address; ``port=0`` picks a free port. Auth: the demo account ``username`` /
    ``password``, a restricted ``guest_username`` / ``guest_password`` account that gets 403 on
    ``guest_denied_entities``, ``token_lifetime`` seconds (reported as ``expires_in``), and an
    optional ``verification_token`` accepted as a ``RequestVerificationToken`` header.

    Quirks (off by default, documented in docs/emulator.md): ``offset_page_rounding`` rounds
    ``Offset`` down to a multiple of ``Limit`` (older iMIS); ``bo_definition_limit_zero`` echoes
    ``Limit: 0`` from ``/api/BOEntityDefinition``; ``metadata_not_implemented`` lists entities
    whose ``/api/metadata`` answers 501; ``iqa_end_of_life`` makes ``/api/iqa`` answer 404 while
    ``/api/query`` serves (an iMIS EMS past the IQA endpoint's end of life); ``iqa_url_filters_ignored``
    makes IQA queries ignore named URL filters (queries that define no ``@url`` filter); ``nulls_high``
    sorts NULL above every value (last ascending, first descending) instead of below, as SQL Server does.

    Caches: ``item_cache_chars`` bounds the rendered-item LRU (characters of JSON),
    ``result_cache_rows`` the filtered/sorted result LRU (positions). The request log keeps the
    latest ``request_log_entries`` requests and at most ``request_log_chars`` characters of query
    text. ``clock`` (monotonic seconds) drives token expiry and ``begin_restore``; tests may pass a
    fake.
    """

    seed: int = 1
    parties: int = 2000
    host: str = "127.0.0.1"
    port: int = 0
    username: str = "demo"
    password: str = "demo-password"
    token_lifetime: float = 1199
    verification_token: str | None = None
    offset_page_rounding: bool = False
    bo_definition_limit_zero: bool = False
    metadata_not_implemented: tuple[str, ...] = ("EventRegistration",)
    iqa_end_of_life: bool = False
    iqa_url_filters_ignored: bool = False
    nulls_high: bool = False
    guest_username: str = "guest"
    guest_password: str = "guest-password"
    guest_denied_entities: tuple[str, ...] = ("User", "Invoice")
    item_cache_chars: int = 24_000_000
    result_cache_rows: int = 4_000_000
    max_body_bytes: int = 1_000_000
    request_log_entries: int = 100_000
    request_log_chars: int = 50_000_000
    faults: Faults = field(default_factory=Faults)
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        if self.parties < 1:
            raise ValueError("parties must be at least 1")
        if not 0 <= self.port <= 65535:
            raise ValueError("port must be between 0 and 65535")
        host = "127.0.0.1" if self.host == "localhost" else self.host
        try:
            loopback = ipaddress.IPv4Address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise ValueError(f"the emulator only listens on 127.0.0.1 (loopback); got {self.host!r}")
        object.__setattr__(self, "host", host)
