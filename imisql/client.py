"""The HTTP client's public names, where they have always been imported from (the code is ``imisql.http``)."""

from imisql.http import (
    Client,
    ClientConfig,
    ClientStats,
    RequestLog,
    StatementClient,
    describe_request,
    imis_message,
    normalize_base_url,
)

__all__ = [
    "Client",
    "ClientConfig",
    "ClientStats",
    "RequestLog",
    "StatementClient",
    "describe_request",
    "imis_message",
    "normalize_base_url",
]
