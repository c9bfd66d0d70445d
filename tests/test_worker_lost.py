"""A worker process killed from outside (the system's out-of-memory killer, say) stops the command
at once with a clear message and exit status 2: never a hang, never a traceback, never a partial
output. Each test kills a real forked worker with SIGKILL."""

from __future__ import annotations

import os
import shutil
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from publisher.cli import main
from publisher.parallel import WorkerLost
from publisher.publish.build import build_site
from publisher.render.html import Renderer
from publisher.site import load_site

T = TypeVar("T")
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "ips-spinal-cord"
# Generous: the example site builds in well under a second; a regression to a hang fails here.
LIMIT = 60.0


@pytest.fixture
def site(tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("_site"))
    return copy


def _kill_workers(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> None:
    """``owner.name`` (a class's or a module's function) kills the process calling it, when that
    is not this one (a forked worker)."""
    parent = os.getpid()
    original = getattr(owner, name)

    def dying(*args: object, **kwargs: object) -> object:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, dying)


def _within(seconds: float, work: Callable[[], T]) -> T:
    """``work()``, run in a thread: what it returns, or what it raised, raised here. Fails when it
    is still running after ``seconds`` (a killed worker left it waiting)."""
    outcome: list[tuple[T | None, BaseException | None]] = []

    def run() -> None:
        try:
            outcome.append((work(), None))
        except BaseException as exc:  # raised again in the test's thread
            outcome.append((None, exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still running after {seconds:.0f}s: a killed worker left the command waiting"
    value, error = outcome[0]
    if error is not None:
        raise error
    return value  # type: ignore[return-value]


def test_a_killed_drawing_worker_stops_the_build_and_keeps_the_previous_output(
        site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build_site(load_site(site), out, jobs=1)
    before = {path.relative_to(out): path.read_bytes() for path in out.rglob("*") if path.is_file()}
    _kill_workers(monkeypatch, Renderer, "render")
    loaded = load_site(site)
    with pytest.raises(WorkerLost, match="ended before its work was done"):
        _within(LIMIT, lambda: build_site(loaded, out, jobs=2))
    after = {path.relative_to(out): path.read_bytes() for path in out.rglob("*") if path.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]  # no temporary folder left


def test_the_cli_says_a_worker_was_stopped_from_outside(
        site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _kill_workers(monkeypatch, Renderer, "render")
    out = tmp_path / "out"
    assert _within(LIMIT, lambda: main(["build", str(site), "--out", str(out), "-j", "2", "-q"])) == 2
    err = capsys.readouterr().err
    assert "stopped from outside (out of memory?)" in err
    assert "Traceback" not in err and "internal error" not in err
    assert not out.exists()


def test_a_killed_checking_worker_stops_check(
        site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from publisher.validate import check

    out = tmp_path / "out"
    build_site(load_site(site), out, jobs=1)
    _kill_workers(monkeypatch, check, "check_file")
    report = tmp_path / "report.json"
    command = ["check", str(out), "--jobs", "2", "--format", "json", "--output", str(report)]
    assert _within(LIMIT, lambda: main(command)) == 2
    err = capsys.readouterr().err
    assert "a process checking pages ended before its work was done" in err
    assert "Traceback" not in err and "internal error" not in err
    assert not report.exists()
