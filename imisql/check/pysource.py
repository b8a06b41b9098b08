"""Where the queries are in a Python file: string literals passed as SQL, and literals marked ``# imisql``.

``scan(source)`` reads the file with the standard library's ``tokenize`` (so a file that is being
edited and does not parse yet still yields what can be found) and returns:

- ``queries``: each literal passed as the SQL argument of ``.execute(``, ``.executemany(``,
  ``.explain(``, ``imisql.compile(``, ``read_sql(``, ``read_sql_query(`` or ``text(``, or written in
  the logical line right after a ``# imisql`` comment line. Implicitly concatenated literals are one
  query; every query character maps back to its exact place in the file.
- ``warnings``: the same arguments built with an f-string, ``%``, ``.format()`` or ``+``
  (``injection``): values belong in parameters, not in the statement text.
"""

from __future__ import annotations

import bisect
import io
import re
import tokenize
from dataclasses import dataclass
from functools import lru_cache

from imisql.check.pystrings import Piece, decode, is_formatted, prefix_of
from imisql.engine.results import Diagnostic

_METHODS = frozenset({"execute", "executemany", "explain"})
# Names other APIs use for other things (Plan.explain(base_url), pandas' read_sql("TableName", ...)):
# their literal is read as a query only when it starts like a statement.
_GENERIC = frozenset({"explain", "text", "read_sql"})
_STATEMENT_START = re.compile(
    r"\s*(?:--[^\n]*\n\s*)*(?:SELECT|EXPLAIN|DESCRIBE|DESC|SHOW|INSERT|UPDATE|DELETE)\b", re.IGNORECASE
)
_FUNCTIONS = frozenset({"read_sql", "read_sql_query", "text"})
_SQL_KEYWORDS = frozenset({"sql", "statement", "operation", "query"})
_MARKER = re.compile(r"#\s*imisql\s*$", re.IGNORECASE)
_OPEN, _CLOSE = "([{", ")]}"
_SKIPPED = frozenset({tokenize.NL, tokenize.COMMENT})
_BUILDERS = {"%": "%-formatting", "+": "+ concatenation", "format": ".format()"}
_FSTRING_START = getattr(tokenize, "FSTRING_START", -1)  # Python 3.12+ splits an f-string into tokens


@dataclass(frozen=True)
class Tok:
    type: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Embedded:
    """One query written as Python literal(s); offsets into the SQL map to offsets in the file."""

    pieces: tuple[Piece, ...]

    @property
    def sql(self) -> str:
        return "".join(p.value for p in self.pieces)

    @property
    def starts(self) -> tuple[int, ...]:
        return tuple(s for p in self.pieces for s in p.starts)

    @property
    def ends(self) -> tuple[int, ...]:
        return tuple(e for p in self.pieces for e in p.ends)

    def host_offset(self, index: int) -> int:
        """The file offset of SQL offset ``index`` (its end when ``index`` is the SQL's length)."""
        starts = self.starts
        return starts[index] if 0 <= index < len(starts) else self.pieces[-1].body_end

    def host_range(self, start: int, end: int) -> tuple[int, int]:
        """The file range of the SQL range ``[start, end)``."""
        first = self.host_offset(start)
        last = self.ends[end - 1] if end > start and end - 1 < len(self.ends) else first
        return first, max(first, last)

    def sql_offset(self, offset: int) -> int | None:
        """The SQL offset at file ``offset``, or ``None`` when it is not inside the literals' text."""
        if not any(p.body_start <= offset <= p.body_end for p in self.pieces):
            return None
        starts, ends = self.starts, self.ends
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return 0
        return i + 1 if offset >= ends[i] else i

    def escape(self, text: str, offset: int) -> str:
        """``text`` spelt so it can be inserted into the literal holding file ``offset``."""
        piece = next((p for p in self.pieces if p.body_start <= offset <= p.body_end), self.pieces[0])
        if piece.raw:
            return text
        text = text.replace("\\", "\\\\")
        if len(piece.quote) == 1:
            text = text.replace(piece.quote, "\\" + piece.quote).replace("\n", "\\n")
        return text


@dataclass(frozen=True)
class Scan:
    queries: tuple[Embedded, ...]
    warnings: tuple[Diagnostic, ...]


@lru_cache(maxsize=16)
def scan(source: str) -> Scan:
    """The embedded queries and injection warnings of a Python file's text. Never raises."""
    raw = _tokens(source)
    tokens = [t for t in raw if t.type not in _SKIPPED]
    found: dict[int, Embedded | Diagnostic] = {}
    for argument, generic in _call_arguments(tokens):
        _classify(argument, found, generic)
    for run in _marked_runs(raw, source):
        _classify(run, found, False)
    ordered = [found[k] for k in sorted(found)]
    return Scan(
        tuple(f for f in ordered if isinstance(f, Embedded)),
        tuple(f for f in ordered if isinstance(f, Diagnostic)),
    )


def _tokens(source: str) -> list[Tok]:
    line_starts = [0]
    for line in io.StringIO(source):
        line_starts.append(line_starts[-1] + len(line))
    out: list[Tok] = []

    def offset(row: int, col: int) -> int:
        return line_starts[min(row - 1, len(line_starts) - 1)] + col

    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            out.append(Tok(tok.type, tok.string, offset(*tok.start), offset(*tok.end)))
    except (tokenize.TokenError, SyntaxError):
        pass  # an unfinished file: keep what was read
    return out


def _call_arguments(tokens: list[Tok]) -> list[tuple[list[Tok], bool]]:
    """The first argument's tokens of every call that takes SQL, and whether the call's name is generic."""
    out = []
    for i, tok in enumerate(tokens[:-1]):
        if tok.type == tokenize.NAME and tokens[i + 1].text == "(" and _takes_sql(tokens, i):
            argument = _argument(tokens, i + 2)
            if argument:
                out.append((argument, tok.text in _GENERIC))
    return out


def _takes_sql(tokens: list[Tok], i: int) -> bool:
    name = tokens[i].text
    before = tokens[i - 1].text if i >= 1 else ""
    if name in _METHODS:
        return before == "."
    if name == "compile":
        return before == "." and i >= 2 and tokens[i - 2].text == "imisql"
    return name in _FUNCTIONS and before != "def"


def _argument(tokens: list[Tok], j: int) -> list[Tok]:
    """The tokens of the argument starting at ``tokens[j]``, up to a top-level ``,`` or ``)``."""
    if j + 1 < len(tokens) and tokens[j].text in _SQL_KEYWORDS and tokens[j + 1].text == "=":
        j += 2
    depth, out = 0, []
    for tok in tokens[j:]:
        if depth == 0 and tok.text in (",", ")"):
            break
        if tok.type == tokenize.OP and tok.text in _OPEN:
            depth += 1
        elif tok.type == tokenize.OP and tok.text in _CLOSE:
            depth -= 1
        elif tok.type == tokenize.NEWLINE or tok.type == tokenize.ENDMARKER:
            break
        out.append(tok)
    return out


def _marked_runs(raw: list[Tok], source: str) -> list[list[Tok]]:
    """The literal run (and what follows it on the line) after each ``# imisql`` comment line."""
    out = []
    for i, tok in enumerate(raw):
        if tok.type != tokenize.COMMENT or not _MARKER.match(tok.text):
            continue
        if source[source.rfind("\n", 0, tok.start) + 1 : tok.start].strip():
            continue  # a trailing comment, not a comment line
        line = [t for t in _next_logical_line(raw, i + 1) if t.type not in _SKIPPED]
        first = next((k for k, t in enumerate(line) if t.type == tokenize.STRING), None)
        if first is not None:
            out.append(_argument(line, first))
    return out


def _next_logical_line(raw: list[Tok], i: int) -> list[Tok]:
    line: list[Tok] = []
    for tok in raw[i:]:
        if tok.type == tokenize.NEWLINE or tok.type == tokenize.ENDMARKER:
            break
        if tok.type not in (tokenize.INDENT, tokenize.DEDENT):
            line.append(tok)
    return line


def _classify(argument: list[Tok], found: dict[int, Embedded | Diagnostic], generic: bool) -> None:
    """Record ``argument`` as a query, an injection warning, or nothing (no literal in it, or, for a
    ``generic`` call name, a literal that does not start like a statement)."""
    argument = _unwrapped(argument)
    strings = [t for t in argument if t.type in (tokenize.STRING, _FSTRING_START)]
    if not strings or strings[0].start in found or any("b" in prefix_of(t.text).lower() for t in strings):
        return
    if generic and not _STATEMENT_START.match(_literal_head(argument, argument.index(strings[0]))):
        return
    builder = _builder(argument)
    if builder is not None:
        found[strings[0].start] = _injection(argument[0].start, argument[-1].end, builder)
        return
    if len(strings) < len(argument):
        return  # a literal inside a larger expression: not the query text itself
    pieces = [decode(t.text, t.start) for t in strings]
    if all(p is not None for p in pieces):
        found[strings[0].start] = Embedded(tuple(p for p in pieces if p is not None))


def _literal_head(argument: list[Tok], i: int) -> str:
    """The text at the start of the literal ``argument[i]`` (prefix and quotes left out)."""
    tok = argument[i]
    if tok.type == _FSTRING_START:  # Python 3.12+: the text is the next token
        return argument[i + 1].text if i + 1 < len(argument) else ""
    piece = decode(tok.text, tok.start)
    return piece.value if piece is not None else tok.text[len(prefix_of(tok.text)) :].lstrip("'\"")


def _unwrapped(argument: list[Tok]) -> list[Tok]:
    while len(argument) >= 2 and argument[0].text == "(" and argument[-1].text == ")":
        argument = argument[1:-1]
    return argument


def _builder(argument: list[Tok]) -> str | None:
    """How the argument builds its text from values (at its top level), if it does."""
    if any(t.type == _FSTRING_START or (t.type == tokenize.STRING and is_formatted(t.text)) for t in argument):
        return "an f-string"
    depth = 0
    for i, tok in enumerate(argument):
        if tok.type != tokenize.OP and tok.type != tokenize.NAME:
            continue
        if tok.text in _OPEN or tok.text in _CLOSE:
            depth += 1 if tok.text in _OPEN else -1
        elif depth == 0 and tok.text in ("%", "+"):
            return _BUILDERS[tok.text]
        elif depth == 0 and tok.text == "format" and i and argument[i - 1].text == ".":
            return _BUILDERS["format"]
    return None


def _injection(start: int, end: int, builder: str) -> Diagnostic:
    return Diagnostic(
        start,
        end,
        "warning",
        f"query text built with {builder}: build queries with parameters (injection)",
        "write :name or ? in the query and pass the value as a parameter",
        "injection",
    )
