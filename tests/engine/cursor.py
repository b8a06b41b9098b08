"""Cursor-marker helpers for the engine's table tests: ``|`` marks the cursor, ``«…»`` a range."""

from __future__ import annotations


def cursor(marked: str) -> tuple[str, int]:
    """The text without its ``|`` marker, and the marker's offset."""
    offset = marked.index("|")
    return marked[:offset] + marked[offset + 1 :], offset


def ranges(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without ``«`` / ``»`` markers, and the ranges they enclosed (in order of opening)."""
    text, found, opened = [], [], []
    for ch in marked:
        if ch == "«":
            opened.append(len(text))
        elif ch == "»":
            found.append((opened.pop(), len(text)))
        else:
            text.append(ch)
    return "".join(text), sorted(found)
