"""The Helix set-up as docs/editors.md gives it (Helix itself is not installable here, so this checks
what Helix reads rather than running it).

Helix resolves highlighting for a ``[[language]]`` by two names: ``grammar`` picks the tree-sitter
parser, and the queries come from ``runtime/queries/<name>/``. With ``grammar = "sql"`` and
``name = "imisql"``, the shipped runtime must hold ``queries/imisql/highlights.scm`` inheriting ``sql``,
or Helix shows the file unhighlighted.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from tests.editors.support import ROOT, editor_env, section, snippets

HELIX = ROOT / "editors" / "helix"


def _shipped() -> str:
    return (HELIX / "languages.toml").read_text(encoding="utf-8")


def test_the_documented_entry_is_the_shipped_one() -> None:
    body = [line for line in _shipped().splitlines() if not line.startswith("#")]
    assert snippets("Helix", "toml")[0].splitlines() == body


def test_every_language_can_resolve_its_highlighting_queries() -> None:
    languages = tomllib.loads(_shipped())["language"]
    assert [language["name"] for language in languages] == ["imisql"]
    for language in languages:
        grammar = language.get("grammar", language["name"])
        queries = HELIX / "runtime" / "queries" / language["name"] / "highlights.scm"
        assert queries.read_text(encoding="utf-8").splitlines()[0] == f"; inherits: {grammar}"


def test_the_language_server_entry_starts_the_installed_server(tmp_path: Path) -> None:
    config = tomllib.loads(_shipped())
    server = config["language-server"]["imisql-lsp"]
    assert all("imisql-lsp" in language["language-servers"] for language in config["language"])
    assert shutil.which(server["command"], path=editor_env(tmp_path)["PATH"])
    assert server["config"] == {"imisql": {"demo": True}}


def test_no_claim_that_helix_uses_semantic_tokens() -> None:
    text = section("Helix")
    assert "semantic tokens do" not in text and "does not use the server's semantic tokens" in text
