"""Fuzzy matching of what the user typed against a suggestion, with a score for ranking.

Case-insensitive. Best is a prefix (``las`` -> ``LastName``), then a prefix of an inner word
(``name`` -> ``PersonName.LastName``, ``code`` -> ``CountryCode``), then word initials (``pnln`` ->
``PersonName.LastName``), then any in-order subsequence (``lstnm``). Shorter candidates win ties.
"""

from __future__ import annotations

import re

PREFIX, WORD, INITIALS, SUBSEQUENCE = 4000, 3000, 2000, 1000
_WORDS = re.compile(r"[A-Z]?[a-z0-9$]+|[A-Z]+(?![a-z])|[^\W_]+")


def words(candidate: str) -> list[str]:
    """The inner words of a name: camel-case humps and the parts between ``.``, ``_``, spaces."""
    return [w.lower() for w in _WORDS.findall(candidate)]


def score(query: str, candidate: str) -> int | None:
    """How well ``query`` matches ``candidate`` (higher is better), or None when it does not."""
    if not query:
        return 1
    q, c = query.lower(), candidate.lower()
    length_bonus = max(0, 200 - len(candidate))
    if c.startswith(q):
        return PREFIX + length_bonus
    parts = words(candidate)
    if any(p.startswith(q) for p in parts) or any(s.startswith(q) for s in _suffixes(c)):
        return WORD + length_bonus
    if _initials(q, parts):
        return INITIALS + length_bonus
    gaps = _subsequence_gaps(q, c)
    if gaps is not None:
        return SUBSEQUENCE + max(0, 500 - 10 * gaps) + length_bonus // 2
    return None


def _suffixes(c: str) -> list[str]:
    return [c[i + 1 :] for i, ch in enumerate(c) if ch in "._ "]


def _initials(q: str, parts: list[str]) -> bool:
    """``q`` is spelt by taking a non-empty prefix of successive words (``pnln``, ``pernal``)."""
    if not parts:
        return False
    head, rest = parts[0], parts[1:]
    for take in range(min(len(head), len(q)), 0, -1):
        if q.startswith(head[:take]) and (take == len(q) or _initials(q[take:], rest)):
            return True
    return bool(rest) and _initials(q, rest)


def _subsequence_gaps(q: str, c: str) -> int | None:
    gaps, at = 0, 0
    for ch in q:
        found = c.find(ch, at)
        if found < 0:
            return None
        gaps += found - at
        at = found + 1
    return gaps
