"""A sample application: one known mistake per supported call shape (tests/check knows each position)."""

import imisql
import pandas as pd
from sqlalchemy import text

conn = imisql.connect(demo=True)
cur = conn.cursor()

cur.execute("SELECT PartyId, FirstNme FROM Party")
cur.executemany("SELECT * FROM Party WHERE LastName = :n AND Statuss = 'A'", [{"n": "x"}])
plan = imisql.compile("SELECT COUNT(*) FROM Party WHER Status = 'A'")
print(conn.explain("SELECT Emial FROM Party"))
frame = pd.read_sql("SELECT Cty FROM Party", conn)
frame = pd.read_sql_query(sql="SELECT Nme FROM Party", con=conn)
clause = text("SELECT PartyId FROM Party ORDER BY LastNam")
cur.execute(
    """
    SELECT PartyId,
           Email
    FROM Party
    WHERE Birthdte > '2000-01-01'
    """
)
cur.execute(
    "SELECT PartyId, "
    "Organizatoin "
    "FROM Party"
)
cur.execute(f"SELECT PartyId FROM Party WHERE LastName = '{clause}'")
cur.execute("SELECT PartyId FROM Party WHERE LastName = '%s'" % clause)
cur.execute("SELECT PartyId FROM Party WHERE LastName = '{}'".format(clause))
cur.execute("SELECT PartyId FROM Party WHERE LastName = '" + str(clause) + "'")
# imisql
LOOKUP = "SELECT PartyId FROM Pary WHERE LastName = :last"
escaped = cur.execute("SELECT PartyId,\tFullNam\N{NO-BREAK SPACE}FROM Party")
