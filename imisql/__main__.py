"""``python -m imisql``: the ``imisql`` command (see ``imisql.cli``)."""

from __future__ import annotations

import sys

from imisql.cli import main

if __name__ == "__main__":
    sys.exit(main())
