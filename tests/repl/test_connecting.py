"""What a ``\\connect`` argument means; credentials never stay in the URL."""

from __future__ import annotations

import pytest

from imisql.repl.connecting import parse_target, split_credentials


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/imis", ("https://example.org/imis", None, None)),
        ("https://ann@example.org/imis", ("https://example.org/imis", "ann", None)),
        ("https://ann:p%40ss@example.org:8443/imis", ("https://example.org:8443/imis", "ann", "p@ss")),
        ("http://ann:pw@[::1]:9000/", ("http://[::1]:9000/", "ann", "pw")),
    ],
)
def test_credentials_are_taken_out_of_the_url(url: str, expected: tuple[str, str | None, str | None]) -> None:
    assert split_credentials(url) == expected


def test_targets() -> None:
    url = parse_target("https://ann:pw@example.org/imis", "/cfg.toml")
    assert url.flags == {"config": "/cfg.toml", "url": "https://example.org/imis", "username": "ann",
                         "password": "pw"}  # fmt: skip
    assert "pw" not in repr(url) and url.label == "https://example.org/imis"
    assert parse_target("demo").flags == {"config": None, "demo": True}
    assert parse_target("prod").flags == {"config": None, "profile": "prod"}
