"""The command line: exit statuses 0/1/2, one-line diagnostics, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from publisher.cli import main

from .conftest import EXAMPLE


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "publisher", *args],
        capture_output=True, text=True, cwd=cwd, timeout=120,
    )


def test_version_and_help() -> None:
    result = run("--version")
    assert result.returncode == 0 and "publisher" in result.stdout
    for command in ("build", "validate"):
        result = run(command, "--help")
        assert result.returncode == 0 and "Examples:" in result.stdout


def test_validate_example_site_exit_zero() -> None:
    assert main(["validate", str(EXAMPLE)]) == 0


def test_validate_reports_errors_with_file_line(make_site) -> None:
    root = make_site({"content/people/a.yaml": "type: Person\nname: A\naffiliation: organizations/x\n"})
    result = run("validate", str(root))
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "REF001" in line]
    assert lines[0].endswith("a.yaml:3:14: REF001 error: affiliation: no record 'organizations/x'")
    assert "Traceback" not in result.stdout + result.stderr


def test_json_format(make_site, tmp_path: Path) -> None:
    root = make_site({"content/people/a.yaml": "type: Person\nname: [x\n"})
    report = tmp_path / "r.json"
    result = run("validate", str(root), "--format", "json", "--output", str(report))
    assert result.returncode == 1
    data = json.loads(report.read_text())
    assert data["summary"]["errors"] == 1
    assert data["diagnostics"][0]["code"] == "SRC001"


def test_bad_config_and_bad_arguments_exit_two(make_site, tmp_path: Path) -> None:
    root = make_site({}, config="[site\n")
    result = run("validate", str(root))
    assert result.returncode == 2
    assert "CFG001" in result.stderr and "Traceback" not in result.stderr
    assert run("validate", str(tmp_path / "missing")).returncode == 2
    assert run("validate", "--format", "nope").returncode == 2
    assert run("no-such-command").returncode == 2


def test_build_stops_on_errors_and_leaves_output(make_site, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(EXAMPLE), "--out", str(out)).returncode == 0
    before = (out / "index.html").read_bytes()
    root = make_site({"content/people/a.yaml": "type: Person\nname: A\nworksFor: organizations/x\n"})
    result = run("build", str(root), "--out", str(out))
    assert result.returncode == 1
    assert "REF001" in result.stderr
    assert (out / "index.html").read_bytes() == before
    forced = run("build", str(root), "--out", str(out), "--force")
    assert forced.returncode == 0
    assert (out / "people" / "a" / "index.html").is_file()


def test_build_refuses_foreign_output(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "keep.txt").write_text("x")
    result = run("build", str(EXAMPLE), "--out", str(tmp_path / "mine"))
    assert result.returncode == 2
    assert "refusing to replace" in result.stderr


def test_build_checked_beside_rendering_stops_the_same_way(make_site, tmp_path: Path) -> None:
    """With PUBLISHER_MIN_PARALLEL=1 even a tiny site is checked in a process of its own while
    its pages render: errors still stop the build before anything is swapped in."""
    import os

    env = {**os.environ, "PUBLISHER_MIN_PARALLEL": "1"}

    def build(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "publisher", "build", *args],
                              capture_output=True, text=True, timeout=120, env=env)

    out = tmp_path / "out"
    assert build(str(EXAMPLE), "--out", str(out), "--jobs", "2").returncode == 0
    alone = tmp_path / "alone"
    assert run("build", str(EXAMPLE), "--out", str(alone), "--jobs", "1").returncode == 0
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(alone) for p in alone.rglob("*") if p.is_file())
    assert all((out / f).read_bytes() == (alone / f).read_bytes() for f in files)
    before = (out / "index.html").read_bytes()
    root = make_site({"content/people/a.yaml": "type: Person\nname: A\nworksFor: organizations/x\n"})
    result = build(str(root), "--out", str(out))
    assert result.returncode == 1, result.stderr
    assert "REF001" in result.stderr and "Build stopped: 1 error(s)" in result.stderr
    assert (out / "index.html").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]  # no temporary left
    forced = build(str(root), "--out", str(out), "--force")
    assert forced.returncode == 0 and "REF001" in forced.stderr
    assert (out / "people" / "a" / "index.html").is_file()


def test_main_in_a_large_process_keeps_nothing_of_a_small_site(capsys) -> None:
    """The exit shortcut (keep a large site for the OS to take back) is for a command that made
    the heap large, not for a small command run inside a process that is large already."""
    import gc

    ballast = [[index] for index in range(700_000)]  # a test process's own many objects
    frozen = gc.get_freeze_count()
    assert main(["validate", str(EXAMPLE)]) == 0
    assert gc.get_freeze_count() == frozen
    assert len(ballast) == 700_000
    capsys.readouterr()
