"""Keeping request URLs short: long ``in:`` lists are split over several requests.

IIS refuses query strings above 2,048 characters by default, so a request whose path and query
string (with its paging pairs, at the widest offset) would exceed ``max_url`` characters has its
longest ``in:`` list cut into chunks, one request per chunk. The requests are merged and
de-duplicated by key like any other fan-out, so the rows are exactly those of the one long request.
``OR`` of equalities on one field is an ``in:`` list by then, so it is split the same way.

A long ``NOT IN`` list is repeated ``ne:`` pairs, which iMIS ANDs: splitting it over requests would
need their intersection, so instead the request keeps the ``ne:`` values that fit (leaving room for
one value of each ``in:`` list) and the statement's client filter checks the rest. Pushed values only
remove rows the client filter would remove too, so the rows are exactly those of the one long request.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote, urlencode

Pair = tuple[str, str]
Pairs = tuple[Pair, ...]
_WIDEST_OFFSET = "9999999999"  # paging pairs are counted at their longest
_IN = "in:"
_NE = "ne:"
_SPELT_BAR = len(quote("|", safe=""))  # the separator between in: values, as sent


def url_length(path: str, pairs: Pairs, page_size: int) -> int:
    """Characters of the path and query string of any page of a request, as sent on the wire."""
    paging = (("limit", str(page_size)), ("offset", _WIDEST_OFFSET))
    return len(path) + 1 + len(urlencode((*pairs, *paging), quote_via=quote, safe=""))


def split_long_lists(path: str, branches: list[Pairs], page_size: int, max_url: int) -> tuple[list[Pairs], str | None]:
    """``branches`` with every over-long request split on its longest ``in:`` list, and a note if any was."""
    result: list[Pairs] = []
    split_lists = 0
    for branch in branches:
        pieces = _split(path, branch, page_size, max_url)
        split_lists += len(pieces) > 1
        result.extend(pieces)
    if not split_lists:
        return branches, None
    return result, (
        f"a long IN list is split over {len(result) - len(branches) + split_lists} requests so that every URL "
        f"stays under {max_url} characters; rows merged and de-duplicated by key"
    )


def surely_short(path: str, branches: Sequence[Pairs], max_url: int) -> bool:
    """Whether every branch's URL is under ``max_url`` even if every character took the most room encoding
    can give it (a 4-byte UTF-8 character spelt ``%XX`` four times: 12 characters): then nothing is split or
    trimmed, and the exact count is not needed."""
    for branch in branches:
        most = len(path) + 40  # 40: the paging pairs
        for name, value in branch:
            most += 13 * (len(name) + len(value) + 1)
        if most > max_url:
            return False
    return True


def _split(path: str, branch: Pairs, page_size: int, max_url: int) -> list[Pairs]:
    if surely_short(path, (branch,), max_url):
        return [branch]
    lists = [i for i, (_, value) in enumerate(branch) if value.lower().startswith(_IN) and "|" in value]
    if not lists or url_length(path, branch, page_size) <= max_url:
        return [branch]  # nothing to split (the server decides), or short enough: counted only when it could be split
    at = max(lists, key=lambda i: len(branch[i][1]))
    name, value = branch[at]
    empty = url_length(path, _with(branch, at, name, []), page_size)
    chunks: list[list[str]] = []
    length = 0  # the URL length with the last chunk: percent-encoding spells each value on its own
    for item in value[len(_IN) :].split("|"):
        spelt = len(quote(item, safe=""))
        if chunks and length + _SPELT_BAR + spelt <= max_url:
            chunks[-1].append(item)
            length += _SPELT_BAR + spelt
        else:
            chunks.append([item])
            length = empty + spelt
    return [piece for chunk in chunks for piece in _split(path, _with(branch, at, name, chunk), page_size, max_url)]


def _with(branch: Pairs, at: int, name: str, values: list[str]) -> Pairs:
    return (*branch[:at], (name, _IN + "|".join(values)), *branch[at + 1 :])


def trim_not_in_lists(
    path: str, branches: list[Pairs], page_size: int, max_url: int
) -> tuple[list[Pairs], set[Pair], str | None]:
    """``branches`` without the trailing ``ne:`` pairs that would take a URL over ``max_url`` even with
    every ``in:`` list cut to one value; the pairs left out (to check on the client) and a note."""
    result: list[Pairs] = []
    dropped: set[Pair] = set()
    counts = (0, 0)
    for branch in branches:
        kept, out = _trim(path, branch, page_size, max_url)
        result.append(kept)
        if out:
            dropped.update(out)
            counts = (counts[0] + sum(1 for p in kept if _is_ne(p)), counts[1] + len(out))
    if not dropped:
        return branches, dropped, None
    return (
        result,
        dropped,
        (
            f"a long NOT IN list: {counts[0]} of its values are sent as ne: (so every URL stays under {max_url} "
            f"characters), the other {counts[1]} are checked on the client"
        ),
    )


def _trim(path: str, branch: Pairs, page_size: int, max_url: int) -> tuple[Pairs, list[Pair]]:
    if surely_short(path, (branch,), max_url) or not any(_is_ne(pair) for pair in branch):
        return branch, []  # nothing to leave out: the exact count is not needed
    shortest = tuple((k, v.split("|", 1)[0]) if v[: len(_IN)].lower() == _IN else (k, v) for k, v in branch)
    excess = url_length(path, shortest, page_size) - max_url
    if excess <= 0:
        return branch, []
    drop: set[int] = set()
    for at in range(len(branch) - 1, -1, -1):
        if excess <= 0:
            break
        if _is_ne(branch[at]):
            drop.add(at)
            excess -= len(urlencode((branch[at],), quote_via=quote, safe="")) + 1  # the pair and its '&'
    kept = tuple(pair for i, pair in enumerate(branch) if i not in drop)
    return kept, [pair for i, pair in enumerate(branch) if i in drop]


def _is_ne(pair: Pair) -> bool:
    return pair[1][: len(_NE)].lower() == _NE
