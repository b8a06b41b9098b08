"""A clean module: parameterised queries, nothing to report."""

import imisql

conn = imisql.connect(demo=True)
rows = conn.execute("SELECT PartyId, LastName FROM Party WHERE LastName = :last", {"last": "Smith"}).fetchall()
plan = imisql.compile("SELECT COUNT(*) FROM Party WHERE Status = 'A'")
