"""Interrupted work loses nothing.

``build`` is killed with SIGKILL at random (seeded) moments: the previous site stays byte for
byte, and the next build removes what the killed one left. ``push --store`` is killed the same
way: each page's graph in the store is the old one or the new one, never a mix, and a re-run
completes the push.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.corpus import generate

SEED = int(os.environ.get("PUBLISHER_KILL_SEED", "20260321"))
KILLS = int(os.environ.get("PUBLISHER_KILLS", "10"))


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def publisher(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "publisher", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)


def run(*args: str) -> None:
    process = publisher(*args)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()
    assert b"Traceback" not in err


def kill_after(process: subprocess.Popen[bytes], delay: float) -> bool:
    """SIGKILL the command and its workers after ``delay`` s; False if it had already finished."""
    try:
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return True


def strays(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("kill") / "site"
    generate(100, site, seed=7)
    return site


def test_kill_9_during_build_keeps_the_previous_site(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    start = time.perf_counter()
    run("build", str(corpus), "--out", str(out), "--quiet")
    duration = time.perf_counter() - start
    before = snapshot(out)
    rng = random.Random(SEED)
    killed = 0
    for attempt in range(KILLS):
        jobs = "2" if attempt % 2 else "1"
        process = publisher("build", str(corpus), "--out", str(out), "--quiet", "--jobs", jobs)
        killed += kill_after(process, rng.uniform(0.05, duration * 1.1))
        assert snapshot(out) == before, f"kill {attempt}: the site changed"
    assert killed >= KILLS // 2, "the build finished before most kills: raise the delays' range"
    run("build", str(corpus), "--out", str(out), "--quiet")
    assert strays(out) == []
    assert snapshot(out) == before


def test_an_interrupted_swap_is_put_back(tmp_path: Path) -> None:
    """Where renameat2 is missing the swap is two renames; killed between them, the next run puts
    the previous output back before anything else."""
    from publisher.publish.atomic import MARKER, recover

    out = tmp_path / "public"
    old = tmp_path / ".public.old-abc123"
    old.mkdir()
    (old / MARKER).write_text("x")
    (old / "index.html").write_text("previous")
    (tmp_path / ".public.tmp-def456").mkdir()
    recover(out)
    assert (out / "index.html").read_text() == "previous"
    assert strays(out) == []


# --- push into the local store ---------------------------------------------------------------------

def graphs_of(store: Path) -> dict[str, frozenset[str]]:
    import pyoxigraph as ox

    opened = ox.Store.read_only(str(store))
    out: dict[str, set[str]] = {}
    for quad in opened:
        out.setdefault(str(quad.graph_name), set()).add(str(quad.triple))
    return {name: frozenset(triples) for name, triples in out.items()}


def export_graphs(site: Path, tmp_path: Path, name: str) -> dict[str, frozenset[str]]:
    import pyoxigraph as ox

    target = tmp_path / f"{name}.nq"
    run("export", str(site), "--out", str(target))
    out: dict[str, set[str]] = {}
    for quad in ox.parse(target.read_bytes(), format=ox.RdfFormat.N_QUADS):
        out.setdefault(str(quad.graph_name), set()).add(str(quad.triple))
    return {graph: frozenset(triples) for graph, triples in out.items()}


def test_kill_9_during_push_leaves_each_graph_old_or_new(corpus: Path, tmp_path: Path) -> None:
    import shutil

    site = tmp_path / "site"
    shutil.copytree(corpus, site)
    store = tmp_path / "store"
    run("push", str(site), "--store", str(store))
    old = export_graphs(site, tmp_path, "old")
    for article in sorted((site / "content" / "articles").glob("*.md")):  # every article changes
        text = article.read_text()
        article.write_text(text.replace("---\n", "---\nalternativeHeadline: Updated\n", 1))
    new = export_graphs(site, tmp_path, "new")
    assert new != old
    rng = random.Random(SEED)
    for _ in range(3):
        kill_after(publisher("push", str(site), "--store", str(store)), rng.uniform(0.5, 3.0))
        stored = graphs_of(store)
        for graph, triples in stored.items():
            if "#publisher-manifest" in graph:
                continue
            assert triples in (old.get(graph), new.get(graph)), f"{graph} is neither old nor new"
    run("push", str(site), "--store", str(store))
    stored = {g: t for g, t in graphs_of(store).items() if "#publisher-manifest" not in g}
    assert stored == new
