"""``python -m imisql.lsp``: run the language server on stdio."""

from __future__ import annotations

from imisql.lsp.server import main

main()
