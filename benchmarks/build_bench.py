"""``publisher build`` against Hugo and Pelican on the same generated corpora, in one job.

    python -m benchmarks.build_bench 1000 10000 --runs 3 --jobs 1 2
    python -m benchmarks.build_bench 1000 --no-peers --json /dev/shm/build.json
    python -m benchmarks.build_bench 10000 --no-peers --jobs 1 --rebuild

For each size: generate the corpus with :func:`benchmarks.corpus.generate` (reused when already
there), build it with ``publisher build --jobs J`` for each J, then with the peers of
:mod:`benchmarks.peers` (Hugo and Pelican with an equivalent JSON-LD template) when they are
installed. Every build runs in a child process measured by :mod:`benchmarks.measure` (median wall
time of ``--runs`` runs, CPU time, peak RSS of the largest process). Reported: HTML pages
written, pages/s, CPU seconds and peak memory.

With ``--rebuild``, each publisher build is followed by ``--runs`` rebuilds into its output, each
after appending a sentence to the body of the same article (the one in the middle, by name):
the incremental build users see after one edit (rows ``publisher -jJ rebuild``). The article is
put back as it was afterwards.

publisher writes more pages than the peers (archive, topic and paginated listing pages, 404) and
more per page (the full ``@graph``); pages/s counts each tool's own pages, and the table also
gives articles/s, the like-for-like number.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks import measure

try:  # the peers are optional: without them only publisher is measured
    from benchmarks.peers.__main__ import PEERS, run_peer
except ImportError:  # pragma: no cover - depends on the checkout
    PEERS, run_peer = {}, None


def ensure_corpus(work: Path, n: int, seed: int) -> Path:
    """The corpus for (n, seed), generated in a child process when missing.

    Not in this process: on Linux a child's peak RSS (``ru_maxrss``) starts at its parent's RSS
    when it is spawned, so the measuring process must stay small for the numbers to be the
    builds' own.
    """
    # keyed by the generator's own source too: a corpus made by an older generator is made again
    here = Path(__file__).parent
    digest = hashlib.sha256(b"".join((here / name).read_bytes() for name in ("corpus.py", "_words.py")))
    target = work / f"corpus-{n}-seed{seed}-{digest.hexdigest()[:10]}"
    stamp = target.with_name(target.name + ".json")
    if not (target.is_dir() and stamp.is_file()):
        stats = subprocess.run(
            [sys.executable, "-m", "benchmarks.corpus", str(n), str(target), "--seed", str(seed), "--force"],
            check=True, capture_output=True, text=True,
        ).stdout
        stamp.write_text(stats, encoding="utf-8")
    return target


def own_rss_mib() -> float:
    """This process's peak RSS: a floor under every child's peak RSS reported below."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass(frozen=True)
class Row:
    tool: str
    articles: int
    html_pages: int
    median_seconds: float
    pages_per_second: float
    articles_per_second: float
    median_cpu_seconds: float
    peak_rss_mib: float
    load_before: float
    runs_seconds: list[float]


def publisher_build(corpus_dir: Path, work: Path, n: int, jobs: int, runs: int) -> Row:
    out = work / f"publisher-out-{n}-j{jobs}"
    command = [sys.executable, "-m", "publisher", "build", str(corpus_dir), "--out", str(out),
               "--jobs", str(jobs), "--quiet"]
    load = os.getloadavg()[0]
    # publisher's build replaces its output atomically: remove it between runs so that every run
    # writes from scratch, like the peers into their emptied folders.
    result = measure.measure(command, k=runs, before_each=lambda: shutil.rmtree(out, ignore_errors=True),
                             what="publisher build")
    pages = measure.count_files(out, ".html")
    median = result.median_seconds
    return Row(f"publisher -j{jobs}", n, pages, round(median, 3), round(pages / median, 1),
               round(n / median, 1), round(result.median_cpu_seconds, 3),
               round(result.peak_rss_mib, 1), round(load, 2), [round(r.seconds, 3) for r in result.runs])


def publisher_rebuild(corpus_dir: Path, work: Path, n: int, jobs: int, runs: int) -> Row:
    """Edit one article's body, then ``publisher build`` into the existing output, ``runs`` times."""
    out = work / f"publisher-out-{n}-j{jobs}"
    command = [sys.executable, "-m", "publisher", "build", str(corpus_dir), "--out", str(out),
               "--jobs", str(jobs), "--quiet"]
    articles = sorted((corpus_dir / "content" / "articles").glob("*.md"))
    article = articles[len(articles) // 2]
    original = article.read_bytes()
    edits = iter(range(runs))
    load = os.getloadavg()[0]
    try:
        measure.run_once(command).check("publisher build (before the edits)")
        result = measure.measure(
            command, k=runs, what="publisher rebuild",
            before_each=lambda: article.write_bytes(original + f"\nEdit {next(edits)}.\n".encode()),
        )
    finally:
        article.write_bytes(original)
    pages = measure.count_files(out, ".html")
    median = result.median_seconds
    return Row(f"publisher -j{jobs} rebuild", n, pages, round(median, 3), round(pages / median, 1),
               round(n / median, 1), round(result.median_cpu_seconds, 3),
               round(result.peak_rss_mib, 1), round(load, 2), [round(r.seconds, 3) for r in result.runs])


def peer_row(name: str, corpus_dir: Path, work: Path, n: int, runs: int) -> Row | None:
    peer = PEERS.get(name)
    if peer is None or run_peer is None or not peer.available():
        print(f"skipping {name}: not installed", file=sys.stderr)
        return None
    r = run_peer(peer, corpus_dir, work, n, runs)
    words = r.version.replace(",", " ").split()
    version = words[1] if words[:1] == [name] and len(words) > 1 else r.version
    label = f"{name} {version.split('-')[0][:12]}".strip()
    return Row(label, n, r.html_pages, r.median_seconds, r.pages_per_second,
               round(n / r.median_seconds, 1), r.median_cpu_seconds, r.peak_rss_mib, r.load_before,
               r.runs_seconds)


def table(rows: Sequence[Row]) -> str:
    head = (f"{'tool':<26} {'articles':>8} {'pages':>7} {'median s':>9} {'pages/s':>8} "
            f"{'articles/s':>10} {'CPU s':>7} {'peak MiB':>9} {'load':>5}")
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r.tool:<26} {r.articles:>8} {r.html_pages:>7} {r.median_seconds:>9.2f} "
                     f"{r.pages_per_second:>8.1f} {r.articles_per_second:>10.1f} "
                     f"{r.median_cpu_seconds:>7.2f} {r.peak_rss_mib:>9.1f} {r.load_before:>5.1f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.build_bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, measure.cpu_count()])
    parser.add_argument("--no-peers", action="store_true", help="measure publisher only")
    parser.add_argument("--rebuild", action="store_true",
                        help="also time rebuilds after editing one article (incremental builds)")
    parser.add_argument("--work", type=Path, default=None, help="default: /dev/shm/publisher-bench")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    args = parser.parse_args(argv)

    work = args.work or measure.scratch_root()
    work.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    for n in args.sizes:
        corpus_dir = ensure_corpus(work, n, args.seed)
        for jobs in dict.fromkeys(args.jobs):
            print(f"publisher build: {n} articles, --jobs {jobs}, {args.runs} runs", file=sys.stderr)
            rows.append(publisher_build(corpus_dir, work, n, jobs, args.runs))
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr)
            if args.rebuild:
                rows.append(publisher_rebuild(corpus_dir, work, n, jobs, args.runs))
                print(table(rows[-1:]).splitlines()[-1], file=sys.stderr)
        if not args.no_peers:
            for name in sorted(PEERS):
                print(f"{name}: {n} articles, {args.runs} runs", file=sys.stderr)
                row = peer_row(name, corpus_dir, work, n, args.runs)
                if row is not None:
                    rows.append(row)
                    print(table(rows[-1:]).splitlines()[-1], file=sys.stderr)
    print(f"machine: {platform.platform()}, python {platform.python_version()}, "
          f"{measure.cpu_count()} CPUs, work dir {work}; runner peak RSS {own_rss_mib():.0f} MiB")
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
