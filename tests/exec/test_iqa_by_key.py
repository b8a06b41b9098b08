"""IQA by document version key: iqa('<guid>') reads the same rows as iqa('<path>')."""

from __future__ import annotations

import imisql
from imisql.emulator.iqa import QUERIES


def test_a_query_by_its_key_returns_the_rows_of_its_path(conn: imisql.Connection) -> None:
    query = QUERIES[0]
    by_path = conn.execute("SELECT * FROM iqa(:q, 'sm')", {"q": query.path}).fetchall()
    by_key = conn.execute("SELECT * FROM iqa(:q, 'sm')", {"q": "{" + query.version_key + "}"}).fetchall()
    assert by_path and by_key == by_path
