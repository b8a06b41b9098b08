"""The ``imisql`` logger of the ``logging`` module: what the HTTP client does, for applications.

Records (all on the logger named ``imisql``; nothing is printed unless the application configures
logging, e.g. ``logging.basicConfig(level=logging.DEBUG)``):

- DEBUG: every HTTP exchange — ``GET https://site/api/Party?limit=500&offset=0 -> 200 (38 ms, 91299 bytes)``;
  a token being fetched.
- INFO: a failed attempt, a retry and its backoff (``retrying GET /api/Party in 1.0 s (attempt 2):
  connection reset by the server``), re-authentication after a refused token.

Messages are built from the client's redacted descriptions only: URLs with secret query parameters
masked, never headers, bodies, passwords or tokens.
"""

from __future__ import annotations

import logging

from imisql.http.requestlog import RequestLog

logger = logging.getLogger("imisql")
logger.addHandler(logging.NullHandler())


def log_exchange(entry: RequestLog) -> None:
    """One HTTP exchange (DEBUG; INFO when it failed without a response)."""
    if entry.status is None:
        logger.info("%s %s failed: %s (attempt %d)", entry.method, entry.url, entry.error, entry.attempt)
    elif logger.isEnabledFor(logging.DEBUG):
        attempt = f", attempt {entry.attempt}" if entry.attempt > 1 else ""
        logger.debug(
            "%s %s -> %d (%.0f ms, %d bytes%s)",
            entry.method, entry.url, entry.status, entry.elapsed * 1000, entry.bytes, attempt,
        )  # fmt: skip


def log_retry(described: str, cause: str, attempt: int, delay: float) -> None:
    """A failed attempt that will be tried again after ``delay`` seconds (INFO)."""
    logger.info("retrying %s in %.1f s (attempt %d): %s", described, delay, attempt + 1, cause)


def token_fetch(username: str) -> None:
    logger.debug("fetching a token for user %r", username)


def reauthentication(username: str, described: str) -> None:
    """A token was refused (HTTP 401) and a new one is fetched (INFO)."""
    logger.info("token refused for user %r on %s (HTTP 401): authenticating again", username, described)
