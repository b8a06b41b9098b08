"""Packaging: a regular (non-editable) install works (the wheel carries the grammar and maps lsp/ and repl/ under
imisql), the metadata is complete and names no site that does not exist, and the sdist carries the docs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True, timeout=600,
    )  # fmt: skip
    [built] = out.glob("imisql-*.whl")
    return built


def test_wheel_contents(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "imisql/grammar/imisql.lark" in names
    assert "imisql/lsp/server.py" in names and "imisql/repl/app.py" in names
    assert not any(n.startswith(("lsp/", "repl/", "grammar/", "tests/")) for n in names)
    for init in ROOT.glob("*/**/__init__.py"):
        relative = init.relative_to(ROOT)
        top = relative.parts[0]
        if top in ("imisql", "lsp", "repl", "grammar"):
            mapped = relative if top == "imisql" else Path("imisql", *relative.parts)
            assert mapped.as_posix() in names, f"{relative} is not packaged (add it to [tool.setuptools] packages)"
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "imisql = imisql.launch:cli" in text and "imisql-lsp = imisql.launch:lsp" in text


def test_installed_wheel_parses_and_compiles(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True, timeout=600,
    )  # fmt: skip
    code = (
        "import imisql, imisql.grammar, imisql.lsp, imisql.repl\n"
        f"assert imisql.__file__.startswith({str(target)!r}), imisql.__file__\n"
        "print(imisql.compile(\"SELECT * FROM Party WHERE LastName CONTAINS 'smith'\").requests[0].readable())"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "GET /api/Party?LastName=contains:smith&limit=500&offset=0"


def test_metadata_has_licence_classifiers_urls_and_one_version(wheel: Path) -> None:
    import email

    import imisql

    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    metadata_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
    metadata = email.message_from_bytes(archive.read(metadata_name))
    assert metadata["Version"] == imisql.__version__
    assert metadata["License-Expression"] == "MIT"
    assert any(n.endswith("licenses/LICENSE") for n in names)
    assert "Programming Language :: Python :: 3.11" in metadata.get_all("Classifier")
    assert metadata.get_all("Project-URL") is None  # no public site exists to name; the docs ship in the sdist
    assert metadata["Description-Content-Type"] == "text/markdown" and "imisql" in metadata.get_payload()
    assert metadata["Author"] or metadata["Author-email"]
    lines = (ROOT / "pyproject.toml").read_text().splitlines()
    assert not any(line.startswith('version = "') for line in lines)  # the version lives in imisql only


def test_the_source_distribution_carries_what_the_readme_links_to(tmp_path: Path) -> None:
    code = f"from setuptools import build_meta; print(build_meta.build_sdist({str(tmp_path)!r}))"
    built = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    with tarfile.open(tmp_path / built.stdout.split()[-1]) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    linked = set(re.findall(r"\]\(((?!https?:|#)[^)#]+)", (ROOT / "README.md").read_text(encoding="utf-8")))
    assert linked and {"docs/cli.md", "docs/shell.md"} <= linked
    assert linked | {"LICENSE", "README.md", "pyproject.toml"} <= names, linked - names


def test_execute_takes_a_literal_string() -> None:
    from typing import LiteralString, get_type_hints

    from imisql.dbapi import Connection, Cursor

    for method in (Connection.execute, Cursor.execute, Cursor.executemany):
        assert get_type_hints(method)["sql"] is LiteralString
