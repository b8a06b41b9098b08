"""Generate the TextMate grammar for imisql from the same word lists as the Pygments lexer.

python editors/textmate.py            # rewrite editors/vscode/syntaxes/imisql.tmLanguage.json
python editors/textmate.py --check    # exit 1 if the file is out of date (the test suite checks too)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from imisql.highlight import CONSTANTS, keyword_words, operator_words
from imisql.frontend import FUNCTIONS

TARGET = Path(__file__).resolve().parent / "vscode" / "syntaxes" / "imisql.tmLanguage.json"


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


def grammar() -> dict[str, Any]:
    """The TextMate grammar as a JSON-ready dict."""
    functions = [*sorted(a.lower() for a in FUNCTIONS), "iqa"]
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "imisql",
        "scopeName": "source.imisql",
        "fileTypes": ["imisql"],
        "patterns": [
            {"name": "comment.line.double-dash.imisql", "match": "--.*$"},
            {"name": "comment.block.imisql", "begin": "/\\*", "end": "\\*/"},
            {"name": "string.quoted.single.imisql", "begin": "'", "end": "'(?!')", "patterns": [
                {"name": "constant.character.escape.imisql", "match": "''"}]},
            {"name": "variable.other.quoted.imisql", "match": '"(?:[^"\\n]|"")*"'},
            {"name": "variable.parameter.imisql", "match": "(?i):[a-z_][a-z0-9_]*|\\?"},
            {"name": "constant.numeric.imisql", "match": "\\b[0-9]+(?:\\.[0-9]+)?\\b|\\.[0-9]+\\b"},
            {"name": "keyword.operator.word.imisql", "match": "(?i)!contain\\b|!empty\\b"},
            {"name": "support.function.imisql", "match": f"(?i)\\b(?:{_alternation(functions)})(?=\\s*\\()"},
            {"name": "constant.language.imisql", "match": f"(?i)\\b(?:{_alternation(CONSTANTS)})\\b"},
            {"name": "keyword.operator.word.imisql", "match": f"(?i)\\b(?:{_alternation(operator_words())})\\b"},
            {"name": "keyword.other.imisql", "match": f"(?i)\\b(?:{_alternation(keyword_words())})\\b"},
            {"name": "keyword.operator.imisql", "match": "<=|>=|<>|!=|==|[=<>*-]"},
            {"name": "punctuation.imisql", "match": "[(),.;]"},
        ],
    }  # fmt: skip


def render() -> str:
    return json.dumps(grammar(), indent=2) + "\n"


def main(argv: list[str]) -> int:
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        return 0 if current == render() else 1
    TARGET.write_text(render(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
