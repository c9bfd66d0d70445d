"""Build generated corpora with the peers and report pages/s and peak memory.

    python -m benchmarks.peers 1000 10000 --runs 3
    python -m benchmarks.peers 1000 --peers hugo --json /dev/shm/peers.json

For each size: generate the corpus (or reuse one generated earlier with the same size and seed),
convert it for each peer (not timed in the build numbers), then build it ``--runs`` times into an
emptied output folder and report the median wall time, pages/s (HTML pages written / median
seconds), the median CPU time (user + system, all threads) and the peak RSS of the build process
(see ``benchmarks.measure``). The 1-minute load average before the runs is printed too: wall
times taken while other work runs on the machine are not comparable. Everything lives
under ``--work`` (default ``/dev/shm/publisher-bench``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks import corpus, measure
from benchmarks.peers import hugo, pelican


@dataclass(frozen=True)
class Peer:
    name: str
    available: Callable[[], bool]
    version: Callable[[], str]
    convert: Callable[[Path, Path], int]
    command: Callable[[Path, Path], list[str]]


PEERS: dict[str, Peer] = {
    "hugo": Peer("hugo", hugo.available, hugo.version, hugo.convert, hugo.command),
    "pelican": Peer("pelican", pelican.available, pelican.version, pelican.convert, pelican.command),
}


@dataclass(frozen=True)
class PeerResult:
    peer: str
    version: str
    articles: int
    html_pages: int
    output_files: int
    convert_seconds: float
    runs_seconds: list[float]
    median_seconds: float
    pages_per_second: float
    runs_cpu_seconds: list[float]
    median_cpu_seconds: float
    load_before: float  # 1-minute load average when the runs started (other work on the machine)
    peak_rss_mib: float
    cpus: int


def ensure_corpus(work: Path, n: int, seed: int) -> Path:
    """The corpus for (n, seed) under ``work``, generated unless an identical one is there."""
    target = work / f"corpus-{n}-seed{seed}"
    stamp = work / f"corpus-{n}-seed{seed}.json"
    if target.is_dir() and stamp.is_file():
        return target
    started = time.perf_counter()
    stats = corpus.generate(n, target, seed, overwrite=True)
    elapsed = time.perf_counter() - started
    stamp.write_text(json.dumps(stats.as_dict(), indent=2) + "\n", encoding="utf-8")
    print(f"generated {n} articles in {elapsed:.1f} s -> {target}", file=sys.stderr)
    return target


def run_peer(peer: Peer, corpus_dir: Path, work: Path, n: int, runs: int) -> PeerResult:
    site_dir = work / f"{peer.name}-site-{n}"
    out_dir = work / f"{peer.name}-out-{n}"
    started = time.perf_counter()
    peer.convert(corpus_dir, site_dir)
    convert_seconds = time.perf_counter() - started
    load_before = os.getloadavg()[0]
    result = measure.measure(
        peer.command(site_dir, out_dir),
        k=runs,
        before_each=lambda: measure.fresh_dir(out_dir),
        what=peer.name,
    )
    pages = measure.count_files(out_dir, ".html")
    files = sum(1 for p in out_dir.rglob("*") if p.is_file())
    median = result.median_seconds
    return PeerResult(
        peer=peer.name,
        version=peer.version(),
        articles=n,
        html_pages=pages,
        output_files=files,
        convert_seconds=round(convert_seconds, 3),
        runs_seconds=[round(r.seconds, 3) for r in result.runs],
        median_seconds=round(median, 3),
        pages_per_second=round(pages / median, 1),
        runs_cpu_seconds=[round(r.cpu_seconds, 3) for r in result.runs],
        median_cpu_seconds=round(result.median_cpu_seconds, 3),
        load_before=round(load_before, 2),
        peak_rss_mib=round(result.peak_rss_mib, 1),
        cpus=measure.cpu_count(),
    )


def _table(results: Sequence[PeerResult]) -> str:
    head = (
        f"{'peer':<8} {'articles':>8} {'pages':>7} {'median s':>9} {'pages/s':>9} "
        f"{'CPU s':>8} {'peak RSS MiB':>12} {'load':>5}  runs (s)"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r.peer:<8} {r.articles:>8} {r.html_pages:>7} {r.median_seconds:>9.2f} "
            f"{r.pages_per_second:>9.1f} {r.median_cpu_seconds:>8.2f} {r.peak_rss_mib:>12.1f} "
            f"{r.load_before:>5.1f}  " + ", ".join(f"{s:.2f}" for s in r.runs_seconds)
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.peers", description=__doc__)
    parser.add_argument("sizes", type=int, nargs="*", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--peers", nargs="+", choices=sorted(PEERS), default=sorted(PEERS))
    parser.add_argument("--work", type=Path, default=None, help="default: /dev/shm/publisher-bench")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)

    work = args.work or measure.scratch_root()
    work.mkdir(parents=True, exist_ok=True)
    results: list[PeerResult] = []
    for n in args.sizes:
        corpus_dir = ensure_corpus(work, n, args.seed)
        for name in args.peers:
            peer = PEERS[name]
            if not peer.available():
                print(f"skipping {name}: not installed", file=sys.stderr)
                continue
            print(f"building {n} articles with {name} ({args.runs} runs)...", file=sys.stderr)
            results.append(run_peer(peer, corpus_dir, work, n, args.runs))
            print(_table(results[-1:]).splitlines()[-1], file=sys.stderr)
    print(
        f"machine: {platform.platform()}, python {platform.python_version()}, "
        f"{measure.cpu_count()} CPUs, work dir {work}"
    )
    print(_table(results))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
