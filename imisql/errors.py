"""The exception tree every imisql failure is reported through.

``ImisqlError`` is the root. The PEP 249 classes (``Error``, ``DatabaseError``, ``ProgrammingError`` ...)
are part of the same tree, so ``except imisql.Error`` in DB-API code and ``except imisql.ImisqlError``
in other code both catch everything the library raises on purpose.
"""

from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    """A half-open character range ``[start, end)`` in the source text, with 1-based line/column.

    A named tuple rather than a dataclass: the parser makes one per token, so construction cost counts.
    """

    start: int
    end: int
    line: int = 1
    column: int = 1

    @staticmethod
    def of(text: str, start: int, end: int | None = None) -> Span:
        """Build a span from offsets, computing its line and column from ``text``."""
        start = max(0, min(start, len(text)))
        end = start if end is None else max(start, min(end, len(text)))
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        return Span(start, end, line, column)


class ImisqlError(Exception):
    """Root of every error imisql raises on purpose."""


class Warning(ImisqlError):
    """PEP 249 ``Warning``."""


class Error(ImisqlError):
    """PEP 249 ``Error``: base of all DB-API errors."""


class InterfaceError(Error):
    """Misuse of the Python API (closed cursor, fetch before execute)."""


class DatabaseError(Error):
    """PEP 249 ``DatabaseError``."""


class DataError(DatabaseError):
    """A value could not be decoded or converted."""


class OperationalError(DatabaseError):
    """The server could not be reached, timed out, or kept failing."""


class IntegrityError(DatabaseError):
    """PEP 249 ``IntegrityError`` (duplicate keys on write; reserved)."""


class InternalError(DatabaseError):
    """The server answered something imisql cannot make sense of."""


class ProgrammingError(DatabaseError):
    """The statement is wrong: syntax, unknown names, bad parameters."""


class NotSupportedError(DatabaseError):
    """The statement asks for something iMIS or imisql cannot do."""


class QueryError(ProgrammingError):
    """An error located in the statement text: carries a span, a caret rendering and a hint."""

    def __init__(self, message: str, text: str = "", span: Span | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.text = text
        self.span = span
        self.hint = hint

    @property
    def line(self) -> int | None:
        return self.span.line if self.span else None

    @property
    def column(self) -> int | None:
        return self.span.column if self.span else None

    def render(self) -> str:
        """The message, the offending source line with a caret under the span, and the hint."""
        parts = [self._headline()]
        if self.span is not None and self.text:
            parts.extend(_caret_lines(self.text, self.span))
        if self.hint:
            parts.append(f"hint: {self.hint}")
        return "\n".join(parts)

    def _headline(self) -> str:
        if self.span is None:
            return f"{self.kind}: {self.message}"
        return f"{self.kind} at line {self.span.line}, column {self.span.column}: {self.message}"

    kind = "error"
    code = "semantic"  # what kind of problem, as editors show it (a diagnostic's code)

    def __str__(self) -> str:
        return self.render()


class SyntaxError(QueryError):
    """The text does not parse."""

    kind = "syntax error"
    code = "syntax"


class SemanticError(QueryError):
    """The text parses but means nothing valid: unknown field, wrong types, aggregate misuse."""

    kind = "error"


class TypeMismatch(SemanticError):
    """A value or an operator does not fit the column's type (``BirthDate > 'abc'``, ``x LIKE`` on a number)."""

    code = "type"


class ParameterError(QueryError):
    """A bound parameter is missing, unused or of an unsupported type."""

    kind = "parameter error"
    # The hint where statements are typed rather than called from Python (the shell; the command has --param).
    TYPED_HINT = "the shell binds no parameters: write the value itself, e.g. LastName = 'Smith'"


class ConnectionFailed(OperationalError):
    """The server could not be reached or kept failing after retries."""


class AuthenticationError(OperationalError):
    """The server refused the credentials or the token."""


class ServerError(DatabaseError):
    """The server answered with an error status; carries the status, iMIS message and the request."""

    def __init__(self, message: str, status: int | None = None, request: str | None = None):
        detail = message if request is None else f"{message} [{request}]"
        super().__init__(detail)
        self.message = message
        self.status = status
        self.request = request


def _caret_lines(text: str, span: Span) -> list[str]:
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.start)
    if line_end == -1:
        line_end = len(text)
    source_line = text[line_start:line_end].replace("\t", " ")
    width = max(1, min(span.end, line_end) - span.start)
    gutter = f"{span.line} | "
    return [f"{gutter}{source_line}", " " * (len(gutter) + span.start - line_start) + "^" * width]


# --- Errors raised at the HTTP boundary (imisql.client / imisql.paging) ---------------------------------
#
#   ServerError (DatabaseError)            any error status; .message, .status, .request ("GET /api/...")
#   ├── BadRequestError + ProgrammingError     400/422: iMIS rejected the request (validation, bad filter)
#   ├── NotFoundError + ProgrammingError       404: no such entity, id or endpoint
#   ├── PermissionDeniedError + OperationalError   403: the user lacks rights
#   ├── NotSupportedByServerError + NotSupportedError   405/501: the server does not offer this
#   ├── ServerFaultError + OperationalError    other 5xx that is not retried (a JSON 500)
#   ├── RetriesExhaustedError + ConnectionFailed   transient failures outlasted max_attempts/retry_budget
#   ├── UnknownOutcomeError + OperationalError     a POST went out and its answer was lost: not re-sent
#   ├── ResponseTooLargeError + InternalError      a body over max_response_bytes (decompressed)
#   ├── RedirectRefusedError + ConnectionFailed    a redirect to another site or to plain http
#   ├── ServerOrderError + DataError           rows out of the order OrderBy asked for (collation, NULLs)
#   └── PagingError + InternalError                a list that does not page sensibly (loops, skips rows)
#   InsecureConnectionError (InterfaceError)   plain http:// to a non-loopback host without opting in


class BadRequestError(ServerError, ProgrammingError):
    """HTTP 400/422: iMIS rejected the request; the message is iMIS's validation text."""


class NotFoundError(ServerError, ProgrammingError):
    """HTTP 404: the entity, id or endpoint does not exist on this server."""


class PermissionDeniedError(ServerError, OperationalError):
    """HTTP 403: the authenticated user may not read this."""


class NotSupportedByServerError(ServerError, NotSupportedError):
    """HTTP 405/501: the server does not implement this operation or service."""


class ServerFaultError(ServerError, OperationalError):
    """A 5xx (or other unexpected status) that is not worth retrying, e.g. a 500 with a JSON message."""


class RetriesExhaustedError(ServerError, ConnectionFailed):
    """A transient failure (5xx, 429, reset, timeout, truncated body) persisted past the retry limits.

    ``attempts`` and ``elapsed`` say how hard imisql tried; ``cause`` names the last failure.
    """

    def __init__(
        self,
        message: str,
        status: int | None = None,
        request: str | None = None,
        *,
        attempts: int = 0,
        elapsed: float = 0.0,
        cause: str = "",
    ):
        super().__init__(message, status, request)
        self.attempts = attempts
        self.elapsed = elapsed
        self.cause = cause


class InsecureConnectionError(InterfaceError):
    """Refused to send credentials over plain http:// to a host that is not loopback."""


class UnknownOutcomeError(ServerError, OperationalError):
    """A request that is not idempotent (a POST) was sent and its answer lost: it is not sent again,
    so whether it took effect on the server is unknown."""


class ResponseTooLargeError(ServerError, InternalError):
    """A response body passed ``max_response_bytes`` once decompressed; the rest was not read."""


class RedirectRefusedError(ServerError, ConnectionFailed):
    """The server redirected to another site or to plain http; credentials are never sent there."""


class ServerOrderError(ServerError, DataError):
    """iMIS returned rows out of the order ``OrderBy`` asked for, by the collation the client sorts with
    (SQL Server's default) or with NULLs where NULLs sorting lowest puts none: the statement stops rather
    than give rows in a wrong order."""


class PagingError(ServerError, InternalError):
    """A paged list that would loop forever or lose rows (offsets that do not advance, repeated pages,
    more pages than ``TotalCount`` allows, rows missing against ``TotalCount``)."""


# --- Errors of write statements ---------------------------------------------------------------------------


class WriteNotConfirmed(Error):
    """A write statement was not confirmed (declined, or no terminal to ask on and no ``--yes``): nothing
    was written."""


class WriteStopped(OperationalError):
    """A write statement stopped at the first row that failed for good; nothing after it was written.

    ``written`` rows were written before it, of ``planned``; ``row`` names the failing row; ``cause``
    is the error iMIS gave (its validation messages included); ``journal`` the journal's path."""

    def __init__(self, message: str, *, written: int, planned: int, row: str, cause: Exception, journal: str | None):
        super().__init__(message)
        self.written, self.planned, self.row, self.cause, self.journal = written, planned, row, cause, journal
