"""Excluded from the walk in the tests (--exclude legacy/)."""

cur.execute("SELECT Broken FROM Party")
