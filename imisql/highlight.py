"""Syntax highlighting for imisql: the Pygments lexer ``ImisqlLexer`` (``pygmentize -l imisql``).

The word lists come from the grammar's front end (its ``"word"i`` literals, ``imisql.frontend``) and
from the operator table, so a keyword added to ``grammar/imisql.lark`` is highlighted without touching
this module. The words are read from the grammar's text, which keeps this import light: no parser is built.
"""

from __future__ import annotations

import re

from pygments.lexer import RegexLexer, words
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text

from imisql.frontend import FUNCTIONS, grammar_words
from imisql.operators import ALL_SPELLINGS

CONSTANTS = ("true", "false", "null")


def operator_words() -> tuple[str, ...]:
    """Word spellings of operators (``contains``, ``startsWith``, ``isEmpty``, ``gt``...), lower-case."""
    found = {s.lower() for s in ALL_SPELLINGS if s.isalpha()} | {"starts", "ends", "with", "like"}
    return tuple(sorted(found - set(CONSTANTS), key=lambda w: (-len(w), w)))


def keyword_words() -> tuple[str, ...]:
    """Grammar words that are neither operators nor constants."""
    skip = set(operator_words()) | set(CONSTANTS)
    return tuple(w for w in grammar_words() if w not in skip)


class ImisqlLexer(RegexLexer):
    """Pygments lexer for imisql, SQL for the iMIS REST API."""

    name = "imisql"
    aliases = ["imisql"]
    filenames = ["*.imisql"]
    mimetypes = ["text/x-imisql"]
    flags = re.IGNORECASE

    tokens = {
        "root": [
            (r"\s+", Text),
            (r"--[^\n]*", Comment.Single),
            (r"/\*", Comment.Multiline, "comment"),
            (r"'(?:[^']|'')*'?", String.Single),
            (r'"(?:[^"\n]|"")*"?', Name.Variable),
            (r":[a-z_][a-z0-9_]*", Name.Variable.Magic),
            (r"\?", Name.Variable.Magic),
            (r"[0-9]+\.[0-9]+|\.[0-9]+", Number.Float),
            (r"[0-9]+", Number.Integer),
            (r"!contain\b|!empty\b", Operator.Word),
            (words((*sorted(FUNCTIONS), "iqa"), prefix=r"\b", suffix=r"(?=\s*\()"), Name.Function),
            (words(CONSTANTS, prefix=r"\b", suffix=r"\b"), Keyword.Constant),
            (words(operator_words(), prefix=r"\b", suffix=r"\b"), Operator.Word),
            (words(keyword_words(), prefix=r"\b", suffix=r"\b"), Keyword),
            (r"[a-z_][a-z0-9_$]*", Name),
            (r"<=|>=|<>|!=|==|[=<>*-]", Operator),
            (r"[(),.;]", Punctuation),
            (r".", Text),
        ],
        "comment": [
            (r"[^*]+", Comment.Multiline),
            (r"\*/", Comment.Multiline, "#pop"),
            (r"\*", Comment.Multiline),
        ],
    }
