"""The console scripts' entry points: ``imisql --version`` and ``imisql-lsp --version`` answer at once.

A bare ``--version`` is answered here, before the command's own module (the CLI with the DB-API and
the renderers, or the language server with pygls) is imported; every other command line goes to that
module's ``main``, whose parser answers ``--version`` the same way when it is mixed with other flags.
"""

from __future__ import annotations

import sys

import imisql


def cli() -> int:
    """The ``imisql`` command."""
    if sys.argv[1:] == ["--version"]:
        print(f"imisql {imisql.__version__}")
        return 0
    from imisql.cli import main

    return main()


def lsp() -> None:
    """The ``imisql-lsp`` command."""
    if sys.argv[1:] == ["--version"]:
        print(f"imisql-lsp {imisql.__version__}")
        return
    from imisql.lsp.server import main

    main()
