"""Queries inside files: ``imisql check``, ``imisql format``, ``imisql catalog dump``, and the scanner
that finds SQL in Python source (``scan``) with editor help mapped into the host file
(``check_python``, ``complete_python``, ``hover_python``), shared by the command and the language server.
"""

from __future__ import annotations

from imisql.check.hosted import check_python, code_actions_python, complete_python, hover_python, query_at
from imisql.check.pysource import Embedded, Scan, scan

__all__ = [
    "Embedded",
    "Scan",
    "check_python",
    "code_actions_python",
    "complete_python",
    "hover_python",
    "query_at",
    "scan",
]
