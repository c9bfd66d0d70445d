"""Linked-data benchmarks: export, JSON-LD -> RDF per page, push into a real Oxigraph server.

    python benchmarks/rdf_bench.py                 # 10,000 articles
    python benchmarks/rdf_bench.py --sizes 1000    # a quick run
    python benchmarks/rdf_bench.py --big           # 10,000 and 100,000 articles (slow, ~7 GB)

Corpora come from ``benchmarks/corpus.py`` (``generate(n, out_dir)``) when it is importable, else
from the small generator in ``tests/rdf/corpus.py`` (said so in the report). Everything is written
under ``/dev/shm/publisher-rdf-bench`` (``--work``). Each export runs in a fresh process so that
its peak memory (max RSS, the Rust side included) is its own; there the site is loaded and
exported ``--runs`` times (3), and the median export is reported. The report is JSON on stdout and in
``WORK/report.json``.

Measured, per size:

* ``export_nt`` / ``export_turtle``: ``publisher.render.rdf.write_export`` (the whole export after
  the site is loaded: pages, JSON-LD -> RDF by the direct writer, canonical sort, writing) in
  triples/s;
  ``load_site`` is timed apart. Peak RSS is the process's, loading included.
* ``rdflib_nt``: rdflib alone on the same JSON-LD (the deduplicated union document, full context
  inline): parse, then serialize N-Triples.
* ``per_page``: JSON-LD -> RDF for article pages, microseconds per page: our path (the direct
  writer, ``publisher.render.ntriples``), pyoxigraph (minimal inline context), pyld (offline
  loader), rdflib (full inline context).
* ``push``: ``publisher push`` into ``oxigraph serve`` (256 graphs and their manifest entries per
  SPARQL update) with 1 and 4 requests at a time, a second push (nothing changed), and the
  server's own bulk path for the same quads: one POST of all N-Quads to ``/store``. Four at a
  time and the bulk POST are the medians of ``--runs`` runs, each into a new store.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WORK = Path("/dev/shm/publisher-rdf-bench")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_corpus(n: int, work: Path) -> tuple[Path, str]:
    target = work / f"corpus-{n}"
    marker = target / ".complete"
    try:
        from benchmarks.corpus import generate  # type: ignore[import-not-found]

        source = "benchmarks/corpus.py"
    except ImportError:
        generate = None
        source = "tests/rdf/corpus.py (benchmarks/corpus.py not importable)"
    if not marker.exists():
        if target.exists():
            shutil.rmtree(target)
        if generate is not None:
            generate(n, target)
        else:
            from tests.rdf.corpus import write_corpus

            write_corpus(target, n)
        marker.write_text(source)
    return target, marker.read_text()


# --- one measurement in this process (run as a child) -------------------------------------------


def one(kind: str, site_path: Path, out: Path, runs: int = 1) -> dict[str, Any]:
    """One measurement in this process: the export ``runs`` times, each of a site loaded afresh
    (a loaded site keeps what its pages' nodes were made into), the median reported and every
    run's seconds with it."""
    from publisher import load_site

    if kind in ("nt", "turtle", "nq"):
        from publisher.render.rdf import write_export

        def export(site: Any) -> int:
            with out.open("wb") as stream:
                return write_export(site, kind, stream)
    elif kind == "rdflib":
        import orjson
        from rdflib import Graph

        from publisher.render.rdf import jsonld_document, site_graphs
        from publisher.vocab.loader import inline_context

        def export(site: Any) -> int:
            document = inline_context(jsonld_document(site_graphs(site), named=False))
            text = orjson.dumps(document).decode("utf-8")
            del document
            graph = Graph()
            graph.parse(data=text, format="json-ld")
            del text
            graph.serialize(destination=str(out), format="nt", encoding="utf-8")
            return len(graph)
    else:
        raise SystemExit(f"unknown measurement {kind!r}")
    loads: list[float] = []
    seconds: list[float] = []
    rss_loaded = 0.0
    for _ in range(max(1, runs)):
        start = time.perf_counter()
        site = load_site(site_path)
        loads.append(time.perf_counter() - start)
        rss_loaded = rss_loaded or _peak_rss_mb()
        records = len(site.records)
        out.unlink(missing_ok=True)  # as each build starts from no output: freeing it is not the export's
        start = time.perf_counter()
        count = export(site)
        seconds.append(time.perf_counter() - start)
        del site
    median = statistics.median(seconds)
    return {"load_site_s": round(statistics.median(loads), 2), "records": records, "triples": count,
            "seconds": round(median, 3), "runs_seconds": [round(s, 3) for s in seconds],
            "triples_per_s": round(count / median), "bytes": out.stat().st_size,
            "peak_rss_mb": round(_peak_rss_mb()), "rss_after_load_mb": round(rss_loaded)}


def child(kind: str, site_path: Path, out: Path, timeout: float, runs: int = 1) -> dict[str, Any]:
    """:func:`one` in a fresh process (its peak memory its own)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--one", kind, "--site", str(site_path),
               "--out", str(out), "--runs", str(runs)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f}s"}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    return json.loads(done.stdout)


# --- JSON-LD -> RDF per page ----------------------------------------------------------------


def per_page(site_path: Path, pages: int) -> dict[str, Any]:
    import warnings

    import orjson
    import pyoxigraph as ox
    from pyld import jsonld
    from rdflib import Graph

    from publisher import load_site
    from publisher.render.ntriples import writer
    from publisher.render.pages import iter_pages
    from publisher.vocab.loader import inline_context, make_document_loader

    site = load_site(site_path)
    documents = [p.document for p in iter_pages(site) if p.record is not None and p.record.kind == "articles"]
    documents = documents[:pages]
    out: dict[str, Any] = {"pages": len(documents)}

    def timed(label: str, function: Any, sample: list[Any]) -> None:
        start = time.perf_counter()
        triples = 0
        for document in sample:
            triples += function(document)
        seconds = time.perf_counter() - start
        out[label] = {"us_per_page": round(seconds / len(sample) * 1e6),
                      "triples_per_page": round(triples / len(sample), 1)}

    direct = writer()

    def ours(document: Any) -> int:
        return len({line for node in document["@graph"] for line in direct.node(node)})

    def oxigraph(document: Any) -> int:
        data = orjson.dumps(inline_context(document, minimal=True))
        return len(list(ox.parse(data, format=ox.RdfFormat.JSON_LD)))

    loader = make_document_loader()

    def pyld(document: Any) -> int:
        text = jsonld.to_rdf(document, {"documentLoader": loader, "format": "application/n-quads"})
        return int(text.count("\n"))

    def rdflib(document: Any) -> int:
        graph = Graph()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            graph.parse(data=orjson.dumps(inline_context(document)).decode("utf-8"), format="json-ld")
        return len(graph)

    timed("publisher_direct", ours, documents)
    timed("publisher_pyoxigraph", oxigraph, documents)
    timed("pyld", pyld, documents[: max(1, len(documents) // 3)])
    timed("rdflib", rdflib, documents[: max(1, len(documents) // 3)])
    ours_us = out["publisher_direct"]["us_per_page"]
    out["speedup_vs_pyoxigraph"] = round(out["publisher_pyoxigraph"]["us_per_page"] / ours_us, 1)
    out["speedup_vs_pyld"] = round(out["pyld"]["us_per_page"] / ours_us, 1)
    out["speedup_vs_rdflib"] = round(out["rdflib"]["us_per_page"] / ours_us, 1)
    return out


# --- push into a real server ---------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(binary: str, location: Path, port: int) -> subprocess.Popen[bytes]:
    import httpx

    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
            return process
        except httpx.HTTPError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("oxigraph serve did not start")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` server on the PATH or beside this Python, if it is installed."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    return binary if Path(binary).is_file() else None


def push_bench(site_path: Path, work: Path, runs: int = 1) -> dict[str, Any]:
    """``publisher push`` into a fresh ``oxigraph serve`` with 1 and 4 requests at a time, then a
    second push (nothing changed), against the server's own bulk path for the same quads (one
    POST of all N-Quads to ``/store``). The figure the runner reports, 4 at a time against the
    bulk POST, is the median of ``runs`` runs each, every run into a new store."""
    import httpx

    from publisher import load_site
    from publisher.render.rdf import write_export
    from publisher.store.gsp import GraphStore, HttpClient
    from publisher.store.push import push

    binary = oxigraph_binary()
    if binary is None:
        return {"skipped": "the oxigraph binary is not installed (pip install oxigraph)"}
    site = load_site(site_path)
    out: dict[str, Any] = {}
    port = _free_port()
    location = work / "oxigraph-push"
    for jobs in (1, 4):
        firsts: list[Any] = []
        seconds: list[float] = []
        for _ in range(max(1, runs) if jobs == 4 else 1):
            shutil.rmtree(location, ignore_errors=True)
            server = _serve(binary, location, port)
            try:
                with HttpClient(timeout=120) as client:
                    backend = GraphStore(f"http://127.0.0.1:{port}/store", client)
                    firsts.append(push(site, backend, jobs=jobs))
                    start = time.perf_counter()
                    second = push(site, backend, jobs=jobs)
                    seconds.append(time.perf_counter() - start)
            finally:
                _stop(server)
        first = sorted(firsts, key=lambda result: result.seconds)[len(firsts) // 2]
        out[f"first_push_jobs{jobs}"] = {
            "graphs": first.graphs_put, "triples": first.triples_put,
            "seconds_writing": round(first.seconds, 2),
            "runs_seconds": [round(result.seconds, 3) for result in firsts],
            "triples_per_s": round(first.triples_put / first.seconds),
            "graphs_per_s": round(first.graphs_put / first.seconds),
        }
        out[f"second_push_jobs{jobs}"] = {
            "graphs_put": second.graphs_put, "seconds_total": round(statistics.median(seconds), 2)}
    # Memory: the push's store, the site and the N-Quads are let go as soon as they are not needed
    # (at 100,000 articles they are GBs each, on a tmpfs or in this process). The quads are posted
    # from a file, read as they are sent.
    shutil.rmtree(location, ignore_errors=True)
    nquads = work / "bulk.nq"
    with open(nquads, "wb") as handle:
        quads = write_export(site, "nq", handle)
    del site
    location = work / "oxigraph-bulk"
    posts: list[float] = []
    try:
        for _ in range(max(1, runs)):
            shutil.rmtree(location, ignore_errors=True)
            server = _serve(binary, location, port)
            try:
                with open(nquads, "rb") as data:
                    start = time.perf_counter()
                    response = httpx.post(f"http://127.0.0.1:{port}/store", content=data,
                                          headers={"Content-Type": "application/n-quads"}, timeout=3600)
                    response.raise_for_status()
                    posts.append(time.perf_counter() - start)
            finally:
                _stop(server)
    finally:
        nquads.unlink(missing_ok=True)
    median = statistics.median(posts)
    out["bulk_post"] = {"quads": quads, "seconds": round(median, 2),
                        "runs_seconds": [round(post, 3) for post in posts],
                        "triples_per_s": round(quads / median)}
    bulk = out["bulk_post"]["triples_per_s"]
    out["push_vs_bulk"] = round(out["first_push_jobs4"]["triples_per_s"] / bulk, 2)
    for folder in ("oxigraph-push", "oxigraph-bulk"):
        shutil.rmtree(work / folder, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--big", action="store_true", help="also 100,000 articles")
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--pages", type=int, default=300, help="pages for the per-page comparison")
    parser.add_argument("--no-rdflib", action="store_true", help="skip rdflib's whole export")
    parser.add_argument("--rdflib-max", type=int, default=10_000,
                        help="largest corpus for rdflib's whole export (at 100,000 articles it passed "
                             "9.3 GB of memory while still parsing)")
    parser.add_argument("--no-push", action="store_true")
    parser.add_argument("--timeout", type=float, default=3600.0, help="per child process, seconds")
    parser.add_argument("--runs", type=int, default=3,
                        help="exports per measurement (the median is reported)")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--site", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.one, args.site, args.out, args.runs)))
        return 0
    sizes = sorted(set(args.sizes + ([100_000] if args.big else [])))
    args.work.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "sizes": {}}
    for n in sizes:
        site_path, source = make_corpus(n, args.work)
        entry: dict[str, Any] = {"corpus": source}
        report["sizes"][str(n)] = entry
        for kind in ("nt", "turtle"):
            entry[f"export_{kind}"] = child(kind, site_path, args.work / f"export-{n}.{kind}", args.timeout,
                                            args.runs)
            print(f"[{n}] export {kind}: {entry[f'export_{kind}']}", file=sys.stderr)
        if not args.no_rdflib and n <= args.rdflib_max:
            entry["rdflib_nt"] = child("rdflib", site_path, args.work / f"rdflib-{n}.nt", args.timeout,
                                       args.runs)
            print(f"[{n}] rdflib nt: {entry['rdflib_nt']}", file=sys.stderr)
            ours, theirs = entry["export_nt"], entry["rdflib_nt"]
            if "triples_per_s" in ours and "triples_per_s" in theirs:
                entry["export_nt_vs_rdflib"] = round(ours["triples_per_s"] / theirs["triples_per_s"], 1)
        entry["per_page"] = per_page(site_path, args.pages)
        print(f"[{n}] per page: {entry['per_page']}", file=sys.stderr)
        if not args.no_push:
            entry["push"] = push_bench(site_path, args.work, args.runs)
            print(f"[{n}] push: {entry['push']}", file=sys.stderr)
        for leftover in args.work.glob(f"*-{n}.*"):
            leftover.unlink()
    text = json.dumps(report, indent=2)
    (args.work / "report.json").write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
