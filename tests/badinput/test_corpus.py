"""Run the bad-input corpus (cases.yaml) against every command that reads a site.

Each case must give its diagnostics (code, file, line) and exit status, never a traceback, and a
failed build must leave the previous output exactly as it was.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from publisher.cli import cli
from publisher.codes import CODES

from ..conftest import BASIC_CONFIG

CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text())


def materialize(case: dict[str, Any], root: Path) -> Path:
    site = root / "site"
    site.mkdir()
    config = case.get("config", BASIC_CONFIG)
    if config.startswith("@bytes:"):
        (site / "publisher.toml").write_bytes(bytes.fromhex(config[7:]))
    elif config != "@none":
        (site / "publisher.toml").write_text(config)
    for name, text in case.get("files", {}).items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for name, data in case.get("bytes", {}).items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes.fromhex(data))
    for name, (prefix, chunk, count) in case.get("repeat", {}).items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(prefix + chunk * count + "\n")
    for name, target in case.get("symlinks", {}).items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if target == "@outside":
            outside = root / "outside.yaml"
            outside.write_text("type: Organization\nname: Secret\n")
            target = str(outside)
        os.symlink(target, path)
    return site


def found(report: dict[str, Any]) -> set[tuple[str, str, int]]:
    return {
        (d["code"], Path(d["path"]).name if d["path"] != "." else ".", d["line"])
        for d in report["diagnostics"]
    }


def parse_text_diagnostics(output: str) -> set[tuple[str, str, int]]:
    out = set()
    for line in output.splitlines():
        parts = line.split(": ", 2)
        if len(parts) >= 2 and parts[0].count(":") >= 2:
            location, rest = parts[0], parts[1]
            path, line_no, _ = location.rsplit(":", 2)
            code = rest.split()[0]
            out.add((code, Path(path).name if path != "." else ".", int(line_no)))
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_validate(case: dict[str, Any], tmp_path: Path) -> None:
    site = materialize(case, tmp_path)
    result = CliRunner().invoke(cli, ["validate", str(site), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code == case["exit"], result.output
    if case["exit"] == 2:
        diagnostics = parse_text_diagnostics(result.output)
    else:
        diagnostics = found(json.loads(result.stdout))
    for code, name, line in case["expect"]:
        assert (code, name, line) in diagnostics, diagnostics
    if not case["expect"]:  # nothing from reading, modelling or linking (profiles are not this corpus')
        assert not [d for d in diagnostics if d[0] != "SRC011" and d[0] in CODES], diagnostics


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_build(case: dict[str, Any], tmp_path: Path) -> None:
    site = materialize(case, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / ".publisher-output").write_text("previous build\n")
    (out / "index.html").write_text("previous site")
    result = CliRunner().invoke(cli, ["build", str(site), "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code == case["exit"], result.output
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    assert leftovers == []
    if case["exit"] != 0:
        assert (out / "index.html").read_text() == "previous site"
        for code, name, line in case["expect"]:
            assert f"{name}:{line}:" in result.output or code.startswith("CFG") or name == "site"
            assert f"{code} " in result.output
    else:
        assert (out / "index.html").read_text() != "previous site"
        html = "\n".join(p.read_text() for p in out.rglob("*.html"))
        assert "<script>alert" not in html


def test_corpus_size() -> None:
    assert len(CASES) >= 100
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names))
