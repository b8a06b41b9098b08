"""``format_sql(text)``: canonical, idempotent formatting that never changes meaning or drops comments.

Each statement is printed from its AST (``imisql.engine.printer``) and ends with ``;``; statements
are separated by a blank line. Comments stay with the code they followed: comments before a
statement's first token lead it, one per line; a comment inside a statement goes to the end of the
output line holding the code it followed; comments after its last token, or on the same line after
its ``;``, follow the ``;``. A statement that does not parse is kept as written, and so is one whose
printed form does not parse back to the same AST (checked every time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from imisql.engine.feed import feed
from imisql.engine.printer import Line, statement_lines
from imisql.engine.results import Edit
from imisql.engine.statements import parse_piece
from imisql.engine.tokens import COMMENTS, Tok, tokenize
from imisql.frontend import BLANK, split

_ANCHORS = frozenset({"SELECT", "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET"})


@dataclass
class _Piece:
    """One ``;``-separated piece: its range and tokens, plus comments it takes from its neighbours."""

    start: int
    end: int
    tokens: list[Tok]
    terminated: bool  # followed by ';'
    carried: list[Tok] = field(default_factory=list)  # comments of comment-only pieces before it
    after: list[Tok] = field(default_factory=list)  # comments on the same line after its ';'

    @property
    def code(self) -> list[Tok]:
        return [t for t in self.tokens if t.type not in COMMENTS]


def format_sql(text: str) -> str:
    """The canonical form of ``text``."""
    blocks = [_statement_text(p, text, with_after=True) for p in _pieces(text)]
    return "\n\n".join(blocks) + "\n" if blocks else ""


def format_range(text: str, start: int, end: int) -> list[Edit]:
    """Edits formatting the statements that overlap ``text[start:end]``, each in place."""
    edits = []
    for piece in _pieces(text):
        if not piece.code or piece.end < start or piece.start > end:
            continue
        first = piece.tokens[0].start
        stop = piece.end + 1 if piece.terminated else piece.end
        new_text = _statement_text(piece, text, with_after=False)
        if text[first:stop].rstrip(BLANK) != new_text:
            edits.append(Edit(first, stop, new_text))
    return edits


# ---------------------------------------------------------------- pieces and their comments


def _pieces(text: str) -> list[_Piece]:
    raw = [_Piece(s, e, tokenize(text, s, e), e < len(text)) for s, e in split(text)]
    for previous, piece in pairwise(raw):
        _take_same_line_comments(text, previous, piece)
    out: list[_Piece] = []
    carried: list[Tok] = []
    for piece in raw:
        if piece.code:
            piece.carried, carried = carried, []
            out.append(piece)
            continue
        carried.extend(piece.tokens)
        if out:
            out[-1].after.extend(piece.after)
    if carried:
        out.append(_Piece(len(text), len(text), [], False, carried))
    return out


def _take_same_line_comments(text: str, previous: _Piece, piece: _Piece) -> None:
    """Comments that follow ``previous``'s ``;`` on its line belong to ``previous``."""
    at = previous.end
    while piece.tokens and piece.tokens[0].type in COMMENTS and "\n" not in text[at : piece.tokens[0].start]:
        comment = piece.tokens.pop(0)
        previous.after.append(comment)
        at = comment.end


# ---------------------------------------------------------------- one statement


def _statement_text(piece: _Piece, text: str, with_after: bool) -> str:
    """A statement's formatted text: leading comments, code lines, ``;``, trailing comments."""
    head = [_comment(c) for c in piece.carried]
    if not piece.code:
        return "\n".join(head)
    code_end = piece.code[-1].end
    trailing = [c for c in piece.tokens if c.start >= code_end] + (piece.after if with_after else [])
    lines, formatted = _lines(piece, text)
    if formatted or piece.terminated:
        lines[-1] = (lines[-1][0] + ";", lines[-1][1])
    lines[-1] = (lines[-1][0], lines[-1][1] + [_comment(c) for c in trailing])
    return "\n".join(head + [code + _notes(notes) for code, notes in lines])


def _notes(notes: list[str]) -> str:
    """Comments at the end of a line: block comments first, as a ``--`` comment swallows what follows."""
    ordered = sorted(notes, key=lambda note: note.startswith("--"))
    return "  " + " ".join(ordered) if ordered else ""


def _lines(piece: _Piece, text: str) -> tuple[list[tuple[str, list[str]]], bool]:
    """The statement's lines with the comments placed on them, and whether it was formatted."""
    chunk = text[piece.start : piece.end]
    statement, _ = parse_piece(chunk)
    if statement is not None:
        lines = statement_lines(statement, chunk, _anchors(piece))
        again, _ = parse_piece("\n".join(line.code for line in lines))
        if again == statement:
            return _place_comments(piece, lines), True
    return _as_written(piece, text), False


def _as_written(piece: _Piece, text: str) -> list[tuple[str, list[str]]]:
    written = text[piece.tokens[0].start : piece.code[-1].end].rstrip(BLANK)  # an unclosed string ends anywhere
    return [(line.rstrip(BLANK), []) for line in written.split("\n")]


def _anchors(piece: _Piece) -> dict[str, int]:
    """Offsets in the piece of its top-level clause keywords."""
    code = piece.code
    anchors: dict[str, int] = {}
    depth = 0
    for tok, term in zip(code, feed(code).terminals, strict=True):
        depth += {"LPAR": 1, "RPAR": -1}.get(term, 0)
        if term in _ANCHORS and depth == 0:
            anchors.setdefault(term, tok.start - piece.start)
    return anchors


def _place_comments(piece: _Piece, lines: list[Line]) -> list[tuple[str, list[str]]]:
    first, last = piece.code[0].start, piece.code[-1].end
    out: list[tuple[str, list[str]]] = [(_comment(c), []) for c in piece.tokens if c.end <= first]
    body: list[tuple[str, list[str]]] = [(line.code, []) for line in lines]
    for comment in piece.tokens:
        if comment.type in COMMENTS and first < comment.start < last:
            body[_line_for(lines, comment.start - piece.start)][1].append(_comment(comment))
    return out + body


def _line_for(lines: list[Line], offset: int) -> int:
    found = 0
    for index, line in enumerate(lines):
        if line.source <= offset:
            found = index
    return found


def _comment(tok: Tok) -> str:
    return tok.text.rstrip(BLANK)
