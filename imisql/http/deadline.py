"""A deadline for a whole response: headers and body must arrive in time, however slowly they trickle.

A socket timeout only bounds the wait for the *next* byte, so a server that drips one byte a second
keeps a request alive for ever. Here every connection the client opens registers itself with the
``Watch`` of the attempt running on its thread; when the deadline passes, a timer shuts the socket
down, the blocked read returns, and the attempt reports that its deadline expired.

``watched_adapter`` is a requests ``HTTPAdapter`` whose connection pools (direct and through proxies)
use the registering connection classes.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection

__all__ = ["Watch", "watched_adapter", "watching"]

_current = threading.local()


class Watch:
    """The deadline of one attempt: shuts down the connection in use once ``seconds`` have passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._connection: Any = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def attach(self, connection: Any) -> None:
        with self._lock:
            self._connection = connection
            if self.expired:
                _shut(connection)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._connection is not None:
                _shut(self._connection)


def _shut(connection: Any) -> None:
    sock = getattr(connection, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed: the read has ended anyway
            sock.shutdown(socket.SHUT_RDWR)


@contextmanager
def watching(seconds: float) -> Iterator[Watch]:
    """Run the block under a deadline of ``seconds`` for the connection it uses."""
    watch = Watch(seconds)
    _current.watch = watch
    watch._timer.start()
    try:
        yield watch
    finally:
        watch._timer.cancel()
        _current.watch = None


class _Registering:
    """Connection mixin: tells the current thread's ``Watch`` which connection carries its request.

    It registers again before reading the answer: a connection opened while sending has a socket only
    then, and a deadline that passed meanwhile shuts it at once.
    """

    def request(self, *args: Any, **kwargs: Any) -> None:
        _register(self)
        super().request(*args, **kwargs)  # type: ignore[misc]

    def getresponse(self) -> Any:
        _register(self)
        return super().getresponse()  # type: ignore[misc]


def _register(connection: Any) -> None:
    watch = getattr(_current, "watch", None)
    if watch is not None:
        watch.attach(connection)


class _HTTPConnection(_Registering, HTTPConnection):
    pass


class _HTTPSConnection(_Registering, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


class _WatchedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> PoolManager:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = _POOLS
        return manager


def watched_adapter(pool_size: int) -> HTTPAdapter:
    """A requests adapter with no retries of its own whose connections obey ``watching`` deadlines."""
    return _WatchedAdapter(pool_connections=1, pool_maxsize=pool_size, max_retries=0)
