"""The values the editor engine returns: plain frozen dataclasses with character offsets.

Offsets are Python string indices into the document (code points). Adapters convert them: the
language server to UTF-16 line/character positions, the REPL to its buffer positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("keyword", "entity", "field", "operator", "value", "function", "snippet", "parameter")
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Completion:
    """One suggestion: insert ``insert_text`` in place of ``text[start:end]``.

    ``kind`` is one of ``KINDS``. For ``"snippet"`` the insert text uses LSP snippet syntax
    (``${1:placeholder}``); ``plain_text`` gives the text without the placeholders' markup.
    ``sort_text`` orders suggestions best first; ``description`` is shown beside the label (what a
    code stands for: ``'A'`` — Active).
    """

    label: str
    kind: str
    detail: str
    insert_text: str
    start: int
    end: int
    sort_text: str
    documentation: str = ""
    description: str = ""

    @property
    def plain_text(self) -> str:
        return plain_snippet(self.insert_text) if self.kind == "snippet" else self.insert_text


_PLACEHOLDER = re.compile(r"\$\{\d+:([^}]*)\}|\$\{\d+\}|\$\d+")


def plain_snippet(snippet: str) -> str:
    """A snippet with ``${1:x}`` turned into ``x`` and bare tab stops removed."""
    return _PLACEHOLDER.sub(lambda m: m.group(1) or "", snippet)


@dataclass(frozen=True)
class Diagnostic:
    """A problem or note in ``text[start:end]``.

    ``severity`` is ``"error"``, ``"warning"`` or ``"info"``; ``code`` names the check (``syntax``,
    ``misspelt-keyword``, ``unknown-field``, ``unknown-entity``, ``type``, ``semantic``, ``plan``); ``fixes`` are
    replacement texts for the range that would resolve it (a misspelt name's likely meanings).
    """

    start: int
    end: int
    severity: str
    message: str
    hint: str | None = None
    code: str = ""
    fixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hover:
    """Markdown to show for ``text[start:end]``."""

    markdown: str
    start: int
    end: int


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``new_text``."""

    start: int
    end: int
    new_text: str


@dataclass(frozen=True)
class Action:
    """A code action: a titled set of edits, optionally fixing diagnostics of ``fixes_code``."""

    title: str
    kind: str  # "quickfix" | "refactor.rewrite"
    edits: tuple[Edit, ...]
    fixes_code: str = ""


@dataclass(frozen=True)
class Signature:
    """Signature help: the call's label, its parameter labels and the one the cursor is on."""

    label: str
    parameters: tuple[str, ...]
    active: int
    documentation: str = ""


@dataclass(frozen=True)
class Symbol:
    """One statement of a document, for outlines."""

    name: str
    detail: str
    start: int
    end: int
    select_start: int
    select_end: int


@dataclass(frozen=True)
class SemanticToken:
    """A highlighted range; ``type`` is one of ``imisql.engine.semantic.TOKEN_TYPES``."""

    start: int
    end: int
    type: str
