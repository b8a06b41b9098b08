"""Python string literal tokens decoded with a map from every value character back to the source.

``decode(token, offset)`` takes the exact source text of one ``STRING`` token (prefix, quotes and
all) and the offset where it starts in its file, and returns the string's value together with, for
each character of the value, the source range that produced it: ``\\n`` maps to its two characters,
``\\N{BULLET}`` to all of its own, a backslash-newline continuation to nothing. Raw strings map one to
one. Bytes and f-strings are not decoded (``None``): their value is not a query text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_PREFIX = re.compile(r"[A-Za-z]*")
_SIMPLE = {"\\": "\\", "'": "'", '"': '"', "a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_HEX_WIDTH = {"x": 2, "u": 4, "U": 8}
_OCTAL = re.compile(r"[0-7]{1,3}")
_NAMED = re.compile(r"N\{([^}]*)\}")


@dataclass(frozen=True)
class Piece:
    """One decoded literal: its value, each value character's source range, and its quoting."""

    value: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    body_start: int  # source offset just after the opening quote
    body_end: int  # source offset of the closing quote
    quote: str  # ', ", ''' or \"\"\"
    raw: bool


def prefix_of(token: str) -> str:
    """The letters before the quote (``rb``, ``f``, ``''``)."""
    match = _PREFIX.match(token)
    return match.group(0) if match else ""


def is_formatted(token: str) -> bool:
    return "f" in prefix_of(token).lower()


def decode(token: str, offset: int) -> Piece | None:
    """The decoded literal of a ``str`` token starting at ``offset``; ``None`` for bytes and f-strings."""
    prefix = prefix_of(token).lower()
    if "b" in prefix or "f" in prefix:
        return None
    rest = token[len(prefix) :]
    quote = rest[:3] if rest[:3] in ("'''", '"""') else rest[:1]
    if len(rest) < 2 * len(quote) or not rest.endswith(quote):
        return None  # an unterminated literal (the file is being edited)
    body_start = offset + len(prefix) + len(quote)
    body = rest[len(quote) : len(rest) - len(quote)]
    raw = "r" in prefix
    chars = _raw_chars(body) if raw else _escaped_chars(body)
    value = "".join(c for c, _, _ in chars)
    starts = tuple(body_start + s for _, s, _ in chars)
    ends = tuple(body_start + e for _, _, e in chars)
    return Piece(value, starts, ends, body_start, body_start + len(body), quote, raw)


def _raw_chars(body: str) -> list[tuple[str, int, int]]:
    return [(c, i, i + 1) for i, c in enumerate(body)]


def _escaped_chars(body: str) -> list[tuple[str, int, int]]:
    """Each value character with the body range it came from (escape sequences decoded)."""
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(body):
        if body[i] != "\\" or i + 1 >= len(body):
            out.append((body[i], i, i + 1))
            i += 1
            continue
        value, width = _escape(body, i + 1)
        if value is None:  # an unknown escape keeps its backslash
            out.append(("\\", i, i + 1))
            i += 1
            continue
        out.extend((c, i, i + 1 + width) for c in value)
        i += 1 + width
    return out


def _escape(body: str, at: int) -> tuple[str | None, int]:
    """The value of the escape whose letter is at ``body[at]`` and how many characters follow the backslash."""
    letter = body[at]
    if letter in _SIMPLE:
        return _SIMPLE[letter], 1
    if letter == "\n":
        return "", 1
    if letter == "\r":
        return "", 2 if body[at + 1 : at + 2] == "\n" else 1
    if letter in _HEX_WIDTH:
        digits = body[at + 1 : at + 1 + _HEX_WIDTH[letter]]
        if len(digits) == _HEX_WIDTH[letter] and all(d in "0123456789abcdefABCDEF" for d in digits):
            return _char(int(digits, 16)), 1 + len(digits)
        return None, 0
    octal = _OCTAL.match(body, at)
    if octal:
        return _char(int(octal.group(0), 8)), len(octal.group(0))
    named = _NAMED.match(body, at)
    if named:
        try:
            return unicodedata.lookup(named.group(1)), len(named.group(0))
        except KeyError:
            return None, 0
    return None, 0


def _char(code: int) -> str:
    return chr(code) if code <= 0x10FFFF else "\ufffd"
