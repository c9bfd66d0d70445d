"""The wheel carries templates/ and schemas/, so a plain `pip install .` gives a working publisher."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    if result.returncode != 0 and "hatchling" in result.stderr:
        pytest.skip("hatchling is not installed in this environment")
    assert result.returncode == 0, result.stderr
    return next(out.glob("publisher-*.whl"))


def test_wheel_contains_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in [
        "publisher/templates/base.html",
        "publisher/templates/static/publisher.css",
        "publisher/schemas/vocab.json",
        "publisher/schemas/schemaorg-context.jsonld",
        "publisher/cli/__init__.py",
        "publisher/templates/scaffold/site/publisher.toml.j2",
        "publisher/templates/scaffold/site/static/images/lead.svg",
        "publisher/templates/scaffold/new/article.md.j2",
        "publisher/schemas/jsonschema/article.schema.json",
        "publisher/schemas/jsonschema/index.json",
        "publisher/schemas/shacl/publisher.ttl",
        "publisher/schemas/shacl/google.ttl",
    ]:
        assert required in names, required
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "publisher = publisher.cli:run" in zipfile.ZipFile(wheel).read(entry_points).decode()
