"""``python -m benchmarks``: every speed figure of publisher beside its peers', as one table.

    python -m benchmarks                          # 1,000 and 10,000 articles, 3 runs each
    python -m benchmarks --full                   # also 100,000 articles
    python -m benchmarks --quick                  # a tiny run (the smoke test of ``make test``)
    python -m benchmarks --sizes 1000 --runs 5 --peers-venv build/peers-venv

For each size, on one generated corpus (:mod:`benchmarks.corpus`), in this order:

* **build**: ``publisher build`` from scratch (emptied output), pages/s and peak memory, then Hugo
  and Pelican on the same articles (:mod:`benchmarks.peers`; :mod:`benchmarks.build_bench`);
* **rebuild**: one article's body edited, then ``publisher build`` into the existing output; and
  the same edit under a running ``publisher serve``, timed from the write to the new output
  (:mod:`benchmarks.serve_bench`);
* **validate** records/s and **check** pages/s on the built pages, beside
  ``@adobe/structured-data-validator`` when ``node`` is here (:mod:`benchmarks.validate_bench`);
* **export** N-Triples and Turtle triples/s beside rdflib, **JSON-LD -> RDF** microseconds per
  page beside pyld, **push** into ``oxigraph serve`` beside the server's own bulk load
  (:mod:`benchmarks.rdf_bench`, when the checkout has it).

Every figure is the median of ``--runs`` runs in fresh processes (:mod:`benchmarks.measure`),
with a ratio to its peer from the same run and the target it is held to. A peer that cannot run
here is skipped, and the table says why. Output: the Markdown table on standard output, and
``report.md`` and ``report.json`` in ``--work`` (default ``/dev/shm/publisher-bench/run``).

Hugo and Pelican are looked for in ``--peers-venv`` (``make bench`` installs them into
``build/peers-venv``: Pelican pins ``pygments<2.20``, which would downgrade the project's own),
then in this environment. The 1-minute load average is recorded before each measurement: wall
times taken while other work runs on the machine are pessimistic, CPU seconds much less so.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import build_bench, measure, serve_bench, validate_bench

try:  # export and push benchmarks arrive with the linked-data commands
    from benchmarks import rdf_bench
except ImportError:  # pragma: no cover - depends on the checkout
    rdf_bench = None  # type: ignore[assignment]

QUICK_SIZE = 30


@dataclass
class Figure:
    """One line of the table: our number, the peer's from the same run, and the target."""

    what: str
    articles: int
    ours: float | None
    unit: str
    peer: str = ""
    theirs: float | None = None
    ratio: float | None = None  # how many times better than the peer (>1 is better)
    target: str = ""
    met: bool | None = None
    note: str = ""
    cpu: str = ""  # CPU seconds, ours / the peer's, where measured (less disturbed by other load)


@dataclass
class Report:
    started: str
    machine: str
    cpu: str
    cpus: int
    python: str
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    seconds: float = 0.0
    args: dict[str, Any] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def load() -> tuple[float, float, float]:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:  # pragma: no cover - not on Linux
        return (0.0, 0.0, 0.0)
    return (round(one, 2), round(five, 2), round(fifteen, 2))


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:  # pragma: no cover
        pass
    return platform.processor() or platform.machine()


def use_peers_venv(venv: Path | None) -> None:
    """Point the peers at ``venv``'s Hugo binary and Python (for Pelican), when it has them."""
    if venv is None or not venv.is_dir():
        return
    python = venv / "bin" / "python"
    if python.exists() and "PELICAN_PYTHON" not in os.environ:
        os.environ["PELICAN_PYTHON"] = str(python)
    if "HUGO" not in os.environ:
        for binary in sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo")):
            os.environ["HUGO"] = str(binary)


def ratio(ours: float | None, theirs: float | None, higher_is_better: bool = True) -> float | None:
    if not ours or not theirs:
        return None
    return round(ours / theirs if higher_is_better else theirs / ours, 2)


# --- the measurements ---------------------------------------------------------------------------


def build_figures(corpus: Path, work: Path, n: int, runs: int, jobs: int, peers: bool,
                  report: Report) -> Path:
    """Cold builds of publisher and the peers; returns publisher's output folder."""
    print(f"[{n}] publisher build --jobs {jobs} ({runs} runs, load {load()[0]})", file=sys.stderr)
    ours = build_bench.publisher_build(corpus, work, n, jobs, runs)
    rows = {"publisher": ours}
    if peers:
        for name in ("hugo", "pelican"):
            print(f"[{n}] {name} ({runs} runs, load {load()[0]})", file=sys.stderr)
            try:
                row = build_bench.peer_row(name, corpus, work, n, runs)
            except Exception as exc:  # a peer that fails is reported, never fatal
                report.skipped.append(f"{name} at {n} articles: {exc}".splitlines()[0])
                row = None
            # The peer's site and output are not used again: on a tmpfs they hold memory that the
            # later figures need (at 100k articles, about 1.7 GB a peer).
            for folder in (work / f"{name}-site-{n}", work / f"{name}-out-{n}"):
                shutil.rmtree(folder, ignore_errors=True)
            if row is None:
                if not any(s.startswith(name) for s in report.skipped):
                    report.skipped.append(f"{name}: not installed (make bench installs it)")
            else:
                rows[name] = row
    report.details.setdefault(str(n), {})["build"] = {k: asdict(v) for k, v in rows.items()}
    hugo, pelican = rows.get("hugo"), rows.get("pelican")
    def cpu(peer: build_bench.Row | None) -> str:
        theirs = f"{peer.median_cpu_seconds:.1f}" if peer else "—"
        return f"{ours.median_cpu_seconds:.1f} / {theirs}"

    report.figures.append(Figure(
        "cold build", n, ours.pages_per_second, "pages/s", hugo.tool if hugo else "Hugo",
        hugo.pages_per_second if hugo else None, ratio(ours.pages_per_second, hugo and hugo.pages_per_second),
        "≥ 1.0× Hugo", note=f"{ours.html_pages} pages; Hugo {hugo.html_pages if hugo else '—'}",
        cpu=cpu(hugo),
    ))
    report.figures.append(Figure(
        "cold build", n, ours.pages_per_second, "pages/s", pelican.tool if pelican else "Pelican",
        pelican.pages_per_second if pelican else None,
        ratio(ours.pages_per_second, pelican and pelican.pages_per_second), "≥ 6× Pelican", cpu=cpu(pelican),
    ))
    report.figures.append(Figure(
        "build peak memory", n, ours.peak_rss_mib, "MiB", hugo.tool if hugo else "Hugo",
        hugo.peak_rss_mib if hugo else None,
        ratio(ours.peak_rss_mib, hugo and hugo.peak_rss_mib, higher_is_better=False), "≤ 0.5× Hugo",
    ))
    return work / f"publisher-out-{n}-j{jobs}"


def rebuild_figure(corpus: Path, out: Path, n: int, runs: int, jobs: int, report: Report) -> None:
    """Edit one article's body, then build into the existing output; seconds, median of ``runs``."""
    articles = sorted((corpus / "content" / "articles").glob("*.md"))
    article = articles[len(articles) // 2]
    original = article.read_bytes()
    command = [sys.executable, "-m", "publisher", "build", str(corpus), "--out", str(out),
               "--jobs", str(jobs), "--quiet"]
    print(f"[{n}] rebuild after editing {article.name} ({runs} runs, load {load()[0]})", file=sys.stderr)
    results = []
    try:
        measure.run_once(command).check("publisher build (before the edit)")
        for run in range(runs):
            marker = f"Edited for the benchmark, run {run} at {time.time_ns()}."
            article.write_bytes(original + f"\n{marker}\n".encode())
            results.append(measure.run_once(command).check("publisher build (after the edit)"))
            page = out / "articles" / article.stem / "index.html"
            if marker not in page.read_text(encoding="utf-8"):
                raise RuntimeError(f"the rebuilt {page} does not show the edit")
    finally:
        article.write_bytes(original)
    seconds = sorted(r.seconds for r in results)[len(results) // 2]
    report.details.setdefault(str(n), {})["rebuild"] = {
        "article": article.name, "runs_seconds": [round(r.seconds, 3) for r in results],
        "runs_cpu_seconds": [round(r.cpu_seconds, 3) for r in results],
        "peak_rss_mib": round(max(r.max_rss_bytes for r in results) / 2**20, 1),
    }
    cpu_seconds = sorted(r.cpu_seconds for r in results)[len(results) // 2]
    report.figures.append(Figure("rebuild after one edit", n, round(seconds, 3), "s", target="≤ 1 s",
                                 met=seconds <= 1.0, cpu=f"{cpu_seconds:.1f} / —"))


def serve_rebuild_figure(corpus: Path, work: Path, n: int, runs: int, report: Report) -> None:
    """Edit one article's body under a running ``publisher serve``: seconds from the write to the
    new output (:mod:`benchmarks.serve_bench`), median of ``runs``."""
    print(f"[{n}] rebuild under serve ({runs} runs, load {load()[0]})", file=sys.stderr)
    try:
        result = serve_bench.bench(corpus, work / f"serve-out-{n}", runs)
    except serve_bench.ServeFailed as exc:
        report.skipped.append(f"rebuild under serve, {n} articles: {exc}")
        return
    finally:
        shutil.rmtree(work / f"serve-out-{n}", ignore_errors=True)  # not used again (memory: see above)
    report.details.setdefault(str(n), {})["serve_rebuild"] = result
    seconds = result["median_seconds"]
    report.figures.append(Figure("rebuild under serve (edit to new output)", n, seconds, "s", target="≤ 1 s",
                                 met=seconds <= 1.0, note="site kept in memory; includes noticing the edit"))


def validate_figures(n: int, runs: int, jobs: int, peers: bool, work: Path, pages_dir: Path,
                     report: Report) -> None:
    result = validate_bench.bench(n, runs, [jobs], peers, work, pages_dir=pages_dir)
    report.details.setdefault(str(n), {})["validate"] = asdict(result)
    rate = result.validate_records_per_second
    report.figures.append(Figure("validate", n, rate, "records/s", target="≥ 5,000 records/s",
                                 met=rate >= 5000, note=f"{result.records} records"))
    check = result.check.get(str(jobs), {})
    ours = check.get("pages_per_second")
    peer = result.peer if isinstance(result.peer, dict) else {}
    theirs = peer.get("pages_per_second") if "skipped" not in peer else None
    if peers and "skipped" in peer:
        report.skipped.append(f"@adobe/structured-data-validator: {peer['skipped']}")
    report.figures.append(Figure(
        "check (all rules)", n, ours, "pages/s", "@adobe/structured-data-validator",
        theirs, ratio(ours, theirs), "≥ 3× Adobe", note=f"{result.pages} pages, --jobs {jobs}",
    ))
    # The peer's validator alone, its extraction from the HTML left out (our figure keeps
    # reading and parsing the pages): the strictest reading of the target.
    alone = peer.get("validate_only_pages_per_second") if "skipped" not in peer else None
    if alone is not None:
        report.figures.append(Figure(
            "check (all rules)", n, ours, "pages/s", "Adobe validator alone (no extraction)",
            alone, ratio(ours, alone), "≥ 3× Adobe",
            note=f"{result.pages} pages, --jobs {jobs}; the peer's HTML extraction not timed",
        ))


def rdf_figures(n: int, corpus: Path, work: Path, pages: int, push: bool, rdflib: bool,
                report: Report, runs: int = 1, checkpoint: Callable[[], None] | None = None) -> None:
    if rdf_bench is None:
        report.skipped.append("export, JSON-LD -> RDF, push: benchmarks/rdf_bench.py is not in this checkout")
        return
    details: dict[str, Any] = report.details.setdefault(str(n), {}).setdefault("rdf", {})
    for kind in ("nt", "turtle"):
        print(f"[{n}] export {kind} (load {load()[0]})", file=sys.stderr)
        details[f"export_{kind}"] = rdf_bench.child(kind, corpus, work / f"export-{n}.{kind}", 3600.0, runs)
    theirs = None
    if rdflib:
        print(f"[{n}] rdflib export (load {load()[0]})", file=sys.stderr)
        details["rdflib_nt"] = rdf_bench.child("rdflib", corpus, work / f"rdflib-{n}.nt", 3600.0, runs)
        theirs = details["rdflib_nt"].get("triples_per_s")
    for leftover in work.glob(f"*-{n}.nt"):
        leftover.unlink()
    for leftover in work.glob(f"*-{n}.turtle"):
        leftover.unlink()
    ours = details["export_nt"].get("triples_per_s")
    report.figures.append(Figure(
        "export N-Triples", n, ours, "triples/s", "rdflib" if rdflib else "", theirs, ratio(ours, theirs),
        "≥ 1,000,000 triples/s and ≥ 5× rdflib",
        met=None if ours is None else ours >= 1_000_000 and (theirs is None or ours >= 5 * theirs),
    ))
    turtle = details["export_turtle"].get("triples_per_s")
    report.figures.append(Figure("export Turtle", n, turtle, "triples/s"))
    print(f"[{n}] JSON-LD -> RDF per page (load {load()[0]})", file=sys.stderr)
    per_page = details["per_page"] = rdf_bench.per_page(corpus, pages)
    ours_us = per_page.get("publisher_pyoxigraph", {}).get("us_per_page")
    pyld_us = per_page.get("pyld", {}).get("us_per_page")
    report.figures.append(Figure(
        "JSON-LD -> RDF per page", n, ours_us, "µs/page", "pyld", pyld_us,
        ratio(ours_us, pyld_us, higher_is_better=False), "≥ 10× pyld",
    ))
    if not push:
        report.figures.append(Figure("push", n, None, "triples/s", "Oxigraph bulk load",
                                     target="≥ 0.8× bulk load", note="not run (--no-push)"))
        return
    if checkpoint is not None:
        checkpoint()
    print(f"[{n}] push (load {load()[0]})", file=sys.stderr)
    pushed = details["push"] = rdf_bench.push_bench(corpus, work, runs)
    if "skipped" in pushed:
        report.skipped.append(f"push: {pushed['skipped']}")
        return
    ours = pushed.get("first_push_jobs4", {}).get("triples_per_s")
    theirs = pushed.get("bulk_post", {}).get("triples_per_s")
    report.figures.append(Figure("push (4 graphs at a time)", n, ours, "triples/s", "Oxigraph bulk load",
                                 theirs, ratio(ours, theirs), "≥ 0.8× bulk load"))


# --- the table ----------------------------------------------------------------------------------

_THRESHOLDS: dict[str, Callable[[Figure], bool | None]] = {
    "≥ 1.0× Hugo": lambda f: None if f.ratio is None else f.ratio >= 1.0,
    "≥ 6× Pelican": lambda f: None if f.ratio is None else f.ratio >= 6.0,
    "≤ 0.5× Hugo": lambda f: None if f.ratio is None else f.ratio >= 2.0,  # ratio = Hugo / ours
    "≥ 3× Adobe": lambda f: None if f.ratio is None else f.ratio >= 3.0,
    "≥ 10× pyld": lambda f: None if f.ratio is None else f.ratio >= 10.0,
    "≥ 0.8× bulk load": lambda f: None if f.ratio is None else f.ratio >= 0.8,
}


def judge(figure: Figure) -> None:
    if figure.met is None and figure.target in _THRESHOLDS:
        figure.met = _THRESHOLDS[figure.target](figure)


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit in ("s",):
        return f"{value:.2f} s"
    if unit == "MiB":
        return f"{value:,.0f} MiB"
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def markdown(report: Report) -> str:
    one, five, fifteen = report.load_before
    after = report.load_after
    lines = [
        f"Run of {report.started[:16].replace('T', ' ')} UTC on {report.machine} ({report.cpu}, "
        f"{report.cpus} CPUs), Python {report.python}; load average {one}/{five}/{fifteen} before, "
        f"{after[0]}/{after[1]}/{after[2]} after; took {report.seconds:,.0f} s; "
        f"median of {report.args.get('runs')} runs.",
        "",
        "| measure | articles | publisher | peer | peer's | ratio | target | met | CPU s (ours / peer's) |",
        "| --- | ---: | ---: | --- | ---: | ---: | --- | :---: | ---: |",
    ]
    for f in report.figures:
        unit = "" if f.unit in ("s", "MiB") else f" {f.unit}"
        ratio_text = "—" if f.ratio is None else f"{f.ratio:.2f}×"
        met = {True: "yes", False: "**no**", None: "—"}[f.met]
        what = f.what + (f" ({f.note})" if f.note else "")
        lines.append(
            f"| {what} | {f.articles:,} | {_number(f.ours, f.unit)}{unit if f.ours is not None else ''} | "
            f"{f.peer or '—'} | {_number(f.theirs, f.unit)} | {ratio_text} | {f.target or '—'} | {met} | "
            f"{f.cpu or '—'} |"
        )
    lines.append("")
    lines.append("Ratios are 'times better than the peer': pages/s over the peer's pages/s, the peer's "
                 "memory or time over ours. Wall-clock figures; CPU seconds (user + system, all "
                 "processes and threads) are less disturbed by other work on the machine.")
    for reason in dict.fromkeys(report.skipped):
        lines.append(f"- skipped: {reason}")
    return "\n".join(lines) + "\n"


# --- main ---------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=None, help="articles (default 1000 10000)")
    parser.add_argument("--full", action="store_true", help="also 100,000 articles")
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_SIZE} articles, 1 run, no peers, no push: checks the runner works")
    parser.add_argument("--runs", type=int, default=None, help="runs per figure (default 3; 1 with --quick)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=measure.cpu_count(), help="--jobs of build and check")
    parser.add_argument("--no-peers", action="store_true", help="publisher's figures only")
    parser.add_argument("--peers-venv", type=Path, default=None,
                        help="a venv with hugo and pelican (make bench: build/peers-venv)")
    parser.add_argument("--no-push", action="store_true", help="skip push (needs the oxigraph binary)")
    parser.add_argument("--skip", nargs="*", default=[], choices=["build", "rebuild", "validate", "rdf"],
                        help="leave these measurements out")
    parser.add_argument("--pages", type=int, default=300, help="pages for JSON-LD -> RDF per page")
    parser.add_argument("--work", type=Path, default=None, help="default: /dev/shm/publisher-bench")
    parser.add_argument("--json", type=Path, default=None, help="default: WORK/run/report.json")
    parser.add_argument("--markdown", type=Path, default=None, help="default: WORK/run/report.md")
    args = parser.parse_args(argv)

    sizes = args.sizes or ([QUICK_SIZE] if args.quick else [1000, 10000])
    if args.full and 100_000 not in sizes:
        sizes = [*sizes, 100_000]
    runs = args.runs or (1 if args.quick else 3)
    peers = not (args.no_peers or args.quick)
    push = not (args.no_push or args.quick)
    use_peers_venv(args.peers_venv)
    work = args.work or measure.scratch_root()
    work.mkdir(parents=True, exist_ok=True)
    (work / "run").mkdir(exist_ok=True)

    started = time.perf_counter()
    report = Report(
        started=datetime.now(UTC).isoformat(timespec="seconds"),
        machine=f"{platform.system()} {platform.release()} {platform.machine()}",
        cpu=cpu_model(), cpus=measure.cpu_count(), python=platform.python_version(),
        load_before=load(),
        args={"sizes": sizes, "runs": runs, "jobs": args.jobs, "peers": peers, "push": push,
              "quick": args.quick, "work": str(work)},
    )
    json_path = args.json or work / "run" / "report.json"
    md_path = args.markdown or work / "run" / "report.md"
    for n in sizes:
        corpus = build_bench.ensure_corpus(work, n, args.seed)
        out = work / f"publisher-out-{n}-j{args.jobs}"
        # The report is written after each part: what is measured so far outlives a later failure
        # (a part killed for want of memory at 100,000 articles, say).
        if "build" not in args.skip:
            out = build_figures(corpus, work, n, runs, args.jobs, peers, report)
            save(report, json_path, md_path, started)
        if "rebuild" not in args.skip:
            rebuild_figure(corpus, out, n, runs, args.jobs, report)
            serve_rebuild_figure(corpus, work, n, runs, report)
            save(report, json_path, md_path, started)
        if "validate" not in args.skip:
            validate_figures(n, runs, args.jobs, peers, work, out, report)
            save(report, json_path, md_path, started)
        if "rdf" not in args.skip:
            rdf_figures(n, corpus, work, min(args.pages, n), push, peers and n <= 10_000, report, runs,
                        checkpoint=lambda: save(report, json_path, md_path, started))
    text = save(report, json_path, md_path, started)
    print(text)
    print(f"written: {md_path}, {json_path}", file=sys.stderr)
    return 0


def save(report: Report, json_path: Path, md_path: Path, started: float) -> str:
    """Judge the figures so far and write the report (JSON and Markdown); returns the Markdown."""
    for figure in report.figures:
        judge(figure)
    report.load_after = load()
    report.seconds = round(time.perf_counter() - started, 1)
    text = markdown(report)
    json_path.write_text(json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    raise SystemExit(main())
