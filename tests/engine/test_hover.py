"""Table tests of ``hover``: ``|`` is the cursor, ``«…»`` the range the hover applies to."""

from __future__ import annotations

import pytest

from imisql.engine import hover
from tests.engine.cursor import cursor, ranges

CASES = [
    ("SELECT * FROM «Pa|rty» WHERE LastName = 'x'", ["**Party** — typed entity", "`GET /api/Party`", "key `PartyId`"]),
    ("DESCRIBE «Eve|nt»", ["**Event**", "`GET /api/Event`"]),
    ("SELECT * FROM Party p WHERE «p.Last|Name» = 'x'", ["**PersonName.LastName** — `string`", "`LastName`", "Family"]),
    ("SELECT «Count|ryCode» FROM Party", ["ISO 3166-1", "Values: `AD`", "(249 in all)"]),
    ("SELECT * FROM Party WHERE «Status|» = 'A'", ["`Status`", "`A` (Active), `I` (Inactive), `D`"]),
    ("SELECT «Gen|der» FROM Party", ["`integer`", "checked on the client"]),
    ("SELECT * FROM Party «p|» WHERE p.Email = 'x'", ["alias of **Party**"]),
    ("SELECT * FROM Party p WHERE «p|».Email = 'x'", ["alias of **Party**"]),
    ("SELECT «PersonName|».LastName FROM Party", ["object of Party", "`LastName`", "`FirstName`"]),
    ("SELECT «CO|UNT»(*) FROM Party", ["**COUNT(* | [DISTINCT] value)**", "TotalCount"]),
    ("SELECT * FROM «i|qa»('$/Q')", ["**iqa(path, prompt…, COLUMN => value…)**"]),
    ("«SEL|ECT * FROM Party WHERE LastName CONTAINS 'smith' LIMIT 20»",
     ["GET https://<site>/api/Party?LastName=contains%3Asmith&limit=20&offset=0", "estimated requests: 1"]),
    ("«SELECT * FROM Party WHERE PartyId = :id» |", ["GET https://<site>/api/Party?EntityId=%3Aid", "placeholders"]),
    ("«SELECT * FROM Party WHERE x = 1|»", ["**error**: Party has no field 'x'"]),
    ("«SELECT * FRM| Party»", ["**syntax error**"]),
    ("«DESC|RIBE Party»", ["answered from the catalog, no request"]),
    ("«SELECT * FROM Party WHERE BirthDate > :since AND| Gender = 1»", ["filter: Gender = 1", "placeholders"]),
]  # fmt: skip


@pytest.mark.parametrize(("marked", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_hover_table(marked: str, fragments: list[str]) -> None:
    unmarked, span = ranges(marked)
    text, offset = cursor(unmarked)
    spans = [(s - (s > offset), e - (e > offset)) for s, e in span]
    found = hover(text, offset)
    assert found is not None
    for fragment in fragments:
        assert fragment in found.markdown, found.markdown
    assert [(found.start, found.end)] == spans


def test_no_hover_in_blank_space_between_statements() -> None:
    assert hover("SELECT * FROM Party;\n\n\n;", 21) is None
