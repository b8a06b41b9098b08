"""Which endpoint a connection's IQA queries go to: ``/api/iqa`` or ``/api/query`` (iMIS EMS).

iMIS EMS (20.3.77 and later) serves IQA queries at ``/api/query`` and has announced the end of
``/api/iqa``; iMIS 2017 has only ``/api/iqa``. Both take the same ``QueryName``/``Parameter``
pairs and page alike (rows are flat objects at ``/api/query``, which decoding already handles). The
setting is ``"iqa"``, ``"query"``, or ``"auto"`` (the default): send ``/api/iqa``, and when it
answers 404 send the same request once to ``/api/query``; if that answers, the connection uses
``/api/query`` from then on. A 404 from both (an unknown query) is the first 404.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from imisql.errors import InterfaceError, NotFoundError

if TYPE_CHECKING:  # the settings check its names at start-up, without the planner
    from imisql.plan import Request

IQA_PATH, QUERY_PATH = "/api/iqa", "/api/query"
SETTINGS = ("auto", "iqa", "query")

Record = dict[str, Any]


def check_setting(setting: str) -> str:
    """``setting`` if it is one of ``SETTINGS``, else an InterfaceError naming them."""
    if setting not in SETTINGS:
        raise InterfaceError(f"iqa_endpoint must be one of {', '.join(SETTINGS)}, not {setting!r}")
    return setting


class IqaEndpoint:
    """One connection's IQA endpoint: the setting, and what ``auto`` found out."""

    def __init__(self, setting: str = "auto", on_move: Callable[[], None] = lambda: None):
        self.setting, self.on_move = check_setting(setting), on_move
        self.moved = False  # auto found that the site answers only /api/query

    def request(self, request: Request) -> Request:
        """``request`` sent where this connection's IQA queries go."""
        if request.path == IQA_PATH and (self.moved or self.setting == "query"):
            return replace(request, path=QUERY_PATH)
        return request

    def records(self, fetch: Callable[[Request], Iterator[Record]], request: Request) -> Iterator[Record]:
        """The records of an IQA request, trying ``/api/query`` once when ``auto`` meets a 404."""
        request = self.request(request)
        if self.setting != "auto" or request.path != IQA_PATH:
            yield from fetch(request)
            return
        given = False
        try:
            for record in fetch(request):
                given = True
                yield record
        except NotFoundError as refused:
            if given:
                raise
            yield from self._moved(fetch, request, refused)

    def count(self, count: Callable[[Request], int], request: Request) -> int:
        """``COUNT(*)`` of an IQA request, with the same fallback as ``records``."""
        request = self.request(request)
        try:
            return count(request)
        except NotFoundError as refused:
            if self.setting != "auto" or request.path != IQA_PATH:
                raise
            try:
                total = count(replace(request, path=QUERY_PATH))
            except NotFoundError:
                raise refused from None
            self._remember()
            return total

    def _moved(
        self, fetch: Callable[[Request], Iterator[Record]], request: Request, refused: NotFoundError
    ) -> Iterator[Record]:
        records = fetch(replace(request, path=QUERY_PATH))
        try:
            first = next(records, None)
        except NotFoundError:
            raise refused from None
        self._remember()
        if first is not None:
            yield first
            yield from records

    def _remember(self) -> None:
        self.moved = True
        self.on_move()
