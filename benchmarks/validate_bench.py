"""Measure ``publisher validate`` (records/s) and ``publisher check`` (pages/s), with peak memory,
and the same check by a peer validator where one can run here.

    python -m benchmarks.validate_bench 10000 --runs 3
    python -m benchmarks.validate_bench 1000 --jobs 1,2 --no-peer --json /dev/shm/validate-bench.json

For each size: generate the corpus with ``benchmarks.corpus`` (or reuse the one ``benchmarks.peers``
generated earlier, same size and seed, under ``/dev/shm/publisher-bench``), then

* ``validate``: ``publisher validate CORPUS --format json`` in a fresh process, ``--runs`` times:
  median wall time (interpreter start included), records/s, peak RSS (``benchmarks.measure``:
  the child's own ``ru_maxrss``). In-process, the same work split into reading/modelling/linking
  (``load_site``) and the profiles' rules (``profile_diagnostics``), so the two costs are visible.
* ``build`` once (not timed here: ``benchmarks.peers`` measures builds), then ``check`` over the
  built pages, for each ``--jobs`` value: median wall time, pages/s (HTML files / seconds), peak RSS
  of the largest process.
* the peer: ``@adobe/structured-data-validator`` (npm; JSON-LD, microdata and RDFa extraction by
  ``@marbec/web-auto-extractor``, schema.org and Google rich-result rules) on the same pages, when
  ``node`` and ``npm`` are here. It is installed into ``build/node/`` and given the same
  vocabulary (schema.org 30.1, from our index, as the ``@graph`` it would otherwise download:
  nothing is fetched). Its work per page is comparable to ``check`` with the ``schemaorg`` and
  ``google`` profiles; it runs in one process.

The 1-minute load average before each measurement is printed: numbers taken while other work
runs on the machine are not comparable.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks import corpus, measure

ROOT = Path(__file__).resolve().parent.parent
NODE_DIR = ROOT / "build" / "node"
PEER_PACKAGES = ("@adobe/structured-data-validator@1.7.1", "@marbec/web-auto-extractor@2")

PEER_SCRIPT = r"""
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Validator from '@adobe/structured-data-validator';
import WebAutoExtractor from '@marbec/web-auto-extractor';

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (name.endsWith('.html')) yield path;
  }
}
const [root, schemaFile] = process.argv.slice(2);
const validator = new Validator(JSON.parse(readFileSync(schemaFile, 'utf8')));
const extractor = new WebAutoExtractor({ addLocation: true, embedSource: ['rdfa', 'microdata'] });
let pages = 0, errors = 0, warnings = 0, validating = 0n;
const started = process.hrtime.bigint();
for (const path of walk(root)) {
  const data = extractor.parse(readFileSync(path, 'utf8'));
  const before = process.hrtime.bigint();
  const issues = await validator.validate(data);
  validating += process.hrtime.bigint() - before;
  pages += 1;
  for (const issue of issues) (issue.severity === 'ERROR' ? errors++ : warnings++);
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ pages, errors, warnings, seconds, validate_seconds: Number(validating) / 1e9 }));
"""


@dataclass
class Result:
    articles: int
    records: int
    pages: int
    cpus: int
    validate_seconds: list[float] = field(default_factory=list)
    validate_records_per_second: float = 0.0
    validate_peak_rss_mib: float = 0.0
    validate_load_seconds: float = 0.0  # in-process: load_site (read, model, link)
    validate_rules_seconds: float = 0.0  # in-process: the profiles' rules
    validate_rules_records_per_second: float = 0.0
    diagnostics: dict[str, int] = field(default_factory=dict)
    check: dict[str, dict[str, float]] = field(default_factory=dict)  # jobs -> numbers
    peer: dict[str, object] = field(default_factory=dict)


def load_average() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:  # pragma: no cover
        return float("nan")


def ensure_corpus(work: Path, n: int, seed: int) -> Path:
    target = work / f"corpus-{n}-seed{seed}"
    stamp = work / f"corpus-{n}-seed{seed}.json"
    if target.is_dir() and stamp.is_file():
        return target
    stats = corpus.generate(n, target, seed, overwrite=True)
    stamp.write_text(json.dumps(stats.as_dict(), indent=2) + "\n", encoding="utf-8")
    return target


def publisher(*args: str) -> list[str]:
    return [sys.executable, "-m", "publisher", *args]


def runs_of(cmd: list[str], runs: int, ok: tuple[int, ...] = (0, 1)) -> list[measure.RunResult]:
    out = []
    for _ in range(runs):
        result = measure.run_once(cmd)
        if result.returncode not in ok:
            raise RuntimeError(f"{cmd} failed ({result.returncode}):\n{result.stderr[-2000:]}")
        out.append(result)
    return out


def in_process_split(site_dir: Path) -> tuple[float, float, dict[str, int]]:
    """Seconds for load_site and for the profiles' rules, and the diagnostics by code."""
    from publisher.site import load_site
    from publisher.validate.site import profile_diagnostics, site_ruleset

    started = time.perf_counter()
    site = load_site(site_dir)
    loaded = time.perf_counter()
    ruleset = site_ruleset(site)
    ready = time.perf_counter()
    found = profile_diagnostics(site, ruleset)
    done = time.perf_counter()
    counts: dict[str, int] = {}
    for d in [*site.diagnostics, *found]:
        counts[d.code] = counts.get(d.code, 0) + 1
    return loaded - started, done - ready, dict(sorted(counts.items()))


def schema_graph(path: Path) -> None:
    """Our vocabulary index as the schema.org ``@graph`` the peer reads (classes, properties)."""
    from publisher.vocab import load_vocabulary

    vocab = load_vocabulary()
    graph: list[dict[str, object]] = []
    for name in vocab.type_names():
        entry: dict[str, object] = {"@id": f"schema:{name}", "@type": "rdfs:Class"}
        parents = vocab.parents(name)
        if parents:
            entry["rdfs:subClassOf"] = [{"@id": f"schema:{p}"} for p in parents]
        graph.append(entry)
    for name in vocab.property_names():
        graph.append({
            "@id": f"schema:{name}", "@type": "rdf:Property",
            "schema:domainIncludes": [{"@id": f"schema:{d}"} for d in vocab.domains(name)],
            "schema:rangeIncludes": [{"@id": f"schema:{r}"} for r in vocab.ranges(name)],
        })
    path.write_text(json.dumps({"@graph": graph}), encoding="utf-8")


def prepare_peer() -> str | None:
    """Install the peer into build/node/ (npm); the reason it cannot run, or None."""
    if not shutil.which("node") or not shutil.which("npm"):
        return "node/npm not found"
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    if not (NODE_DIR / "node_modules" / "@adobe" / "structured-data-validator").is_dir():
        done = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(NODE_DIR),
                               *PEER_PACKAGES], capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            return f"npm install failed: {done.stderr.strip()[-300:]}"
    (NODE_DIR / "check-pages.mjs").write_text(PEER_SCRIPT, encoding="utf-8")
    schema_graph(NODE_DIR / "schemaorg-30.1-from-index.jsonld")
    return None


def run_peer(pages_dir: Path, runs: int) -> dict[str, object]:
    reason = prepare_peer()
    if reason:
        return {"skipped": reason}
    cmd = ["node", str(NODE_DIR / "check-pages.mjs"), str(pages_dir),
           str(NODE_DIR / "schemaorg-30.1-from-index.jsonld")]
    load = load_average()
    results = runs_of(cmd, runs, ok=(0,))
    seconds = [r.seconds for r in results]
    report = json.loads(results[-1].stdout.strip().splitlines()[-1])
    median = statistics.median(seconds)
    return {
        "name": "@adobe/structured-data-validator 1.7.1 (+ @marbec/web-auto-extractor)",
        "pages": report["pages"],
        "issues": {"errors": report["errors"], "warnings": report["warnings"]},
        "seconds": seconds,
        "pages_per_second": round(report["pages"] / median, 1),
        "pages_per_second_without_startup": round(report["pages"] / report["seconds"], 1),
        # validator.validate() alone, on what the extractor gave it (reading files and extracting
        # the markup from the HTML not counted): the peer at its fastest
        "validate_only_pages_per_second": round(report["pages"] / report["validate_seconds"], 1),
        "peak_rss_mib": round(max(r.max_rss_bytes for r in results) / 2**20, 1),
        "load_before": load,
    }


def bench(n: int, runs: int, jobs: list[int], peer: bool, work: Path, seed: int = 0,
          pages_dir: Path | None = None) -> Result:
    """``pages_dir``: pages just built from the same corpus (by ``python -m benchmarks``), if any."""
    site_dir = ensure_corpus(work, n, seed)
    records = sum(1 for _ in (site_dir / "content").rglob("*") if _.is_file())
    out_dir = pages_dir or work / f"validate-bench-out-{n}"
    if pages_dir is None or not (pages_dir / "index.html").is_file():
        # built afresh every time (not timed: benchmarks.peers measures builds), so the pages are
        # what the current theme writes
        subprocess.run(publisher("build", str(site_dir), "--out", str(out_dir), "--force", "--quiet",
                                 "--jobs", str(measure.cpu_count())),
                       check=True, capture_output=True, text=True)
    pages = measure.count_files(out_dir, ".html")
    result = Result(articles=n, records=records, pages=pages, cpus=measure.cpu_count())

    print(f"[{n}] validate {records} records (load {load_average():.2f}) ...", file=sys.stderr)
    timed = runs_of(publisher("validate", str(site_dir), "--format", "json", "--output", os.devnull), runs)
    result.validate_seconds = [round(r.seconds, 3) for r in timed]
    result.validate_records_per_second = round(records / statistics.median(r.seconds for r in timed), 1)
    result.validate_peak_rss_mib = round(max(r.max_rss_bytes for r in timed) / 2**20, 1)
    load_s, rules_s, counts = in_process_split(site_dir)
    result.validate_load_seconds = round(load_s, 3)
    result.validate_rules_seconds = round(rules_s, 3)
    result.validate_rules_records_per_second = round(records / rules_s, 1)
    result.diagnostics = counts

    for j in jobs:
        print(f"[{n}] check {pages} pages, --jobs {j} (load {load_average():.2f}) ...", file=sys.stderr)
        load = load_average()
        timed = runs_of(publisher("check", str(out_dir), "--jobs", str(j), "--format", "json",
                                  "--output", os.devnull), runs)
        median = statistics.median(r.seconds for r in timed)
        result.check[str(j)] = {
            "seconds": [round(r.seconds, 3) for r in timed],  # type: ignore[dict-item]
            "pages_per_second": round(pages / median, 1),
            "peak_rss_mib": round(max(r.max_rss_bytes for r in timed) / 2**20, 1),
            "load_before": load,
        }
    if peer:
        print(f"[{n}] peer on {pages} pages ...", file=sys.stderr)
        result.peer = run_peer(out_dir, runs)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.validate_bench", description=__doc__)
    parser.add_argument("sizes", nargs="+", type=int, help="numbers of articles")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values for check")
    parser.add_argument("--no-peer", action="store_true", help="skip the peer validator")
    parser.add_argument("--work", type=Path, default=measure.scratch_root())
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    jobs = [int(j) for j in args.jobs.split(",") if j.strip()]
    results = [bench(n, args.runs, jobs, not args.no_peer, args.work) for n in args.sizes]
    text = json.dumps([asdict(r) for r in results], indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
