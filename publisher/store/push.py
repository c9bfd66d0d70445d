"""Push the site's named graphs into a store: replace what changed, skip the rest, prune on request.

The store keeps a small **manifest graph**, ``<{base_url}#publisher-manifest>``, with one triple per
graph publisher pushed: ``<graph> <http://schema.org/sha256> "<hex>"``, the SHA-256 of the
graph's canonical (sorted) N-Triples. From it a push knows, without downloading the graphs:

* which graphs are new or changed (replaced, each with one ``PUT``: old or new, never half);
* which are unchanged (skipped: pushing twice changes nothing);
* which belong to records that no longer exist (dropped with ``--prune``, else kept and listed).

Order of writes, so that a push stopped at any point (server down, network gone, Ctrl-C) leaves a
store that is consistent and that a re-run completes: ``PUT`` each graph (several at a time with
``jobs``); once graphs are written, ``POST`` their new hashes to the manifest (an RDF merge, 64
graphs a request, and before giving up on an error: the manifest may briefly hold a graph's old and
new hash, which a re-run reads as "changed" and pushes again, harmlessly; a graph written but not
yet recorded is pushed again too); after the last graph, ``PUT`` the manifest as a whole, with
exactly one hash per graph. ``--all`` (``force``) ignores the manifest and replaces every graph.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Protocol, cast

import pyoxigraph as ox

from publisher.parallel import paused_gc
from publisher.render.sitetriples import site_triples
from publisher.site import Site
from publisher.store import StoreError
from publisher.store.update import has_blank_nodes

SHA256 = "http://schema.org/sha256"
MANIFEST_FRAGMENT = "#publisher-manifest"


class Backend(Protocol):
    def describe(self) -> str: ...
    def get(self, graph: str) -> tuple[bytes, str] | None: ...
    def put(self, graph: str, ntriples: bytes) -> None: ...
    def post(self, graph: str, ntriples: bytes) -> None: ...
    def delete(self, graph: str) -> None: ...


class BatchBackend(Backend, Protocol):
    """A backend that replaces many graphs in one transaction (when its ``batches`` is true)."""

    batches: bool

    def replace_many(self, graphs: list[tuple[str, bytes]], add: tuple[str, bytes] | None = None) -> None: ...


@dataclass(frozen=True, slots=True)
class GraphContent:
    name: str
    ntriples: bytes
    sha256: str
    triples: int
    blank_nodes: bool  # may hold a blank node: sent alone (:func:`publisher.store.update.has_blank_nodes`)

    @classmethod
    def of(cls, name: str, data: bytes) -> GraphContent:
        """A graph's content from its canonical N-Triples: hashed, and scanned for blank nodes once."""
        return cls(name, data, hashlib.sha256(data).hexdigest(), data.count(b"\n"), has_blank_nodes(data))


def manifest_name(site: Site) -> str:
    return f"{site.config.base_url}{MANIFEST_FRAGMENT}"


def site_contents(site: Site, drafts: bool = False) -> list[GraphContent]:
    """Each named graph of the export with its canonical N-Triples and their hash, in page order."""
    with paused_gc():
        graphs = site_triples(site, drafts, named=True).graphs
        return [GraphContent.of(name, data) for name, data in graphs.items()]


def manifest_line(graph: str, sha256: str) -> bytes:
    return f'<{graph}> <{SHA256}> "{sha256}" .\n'.encode()


def manifest_ntriples(entries: dict[str, str]) -> bytes:
    return b"".join(sorted(manifest_line(g, h) for g, h in entries.items()))


def read_manifest(backend: Backend, name: str) -> dict[str, set[str]]:
    """``{graph: {hashes}}`` from the store's manifest graph (empty when there is none yet)."""
    answer = backend.get(name)
    if answer is None:
        return {}
    data, media_type = answer
    fmt = ox.RdfFormat.from_media_type(media_type.split(";")[0].strip()) or ox.RdfFormat.N_TRIPLES
    try:
        triples = list(ox.parse(data, format=fmt, base_iri=name))
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"the manifest graph <{name}> cannot be read ({media_type}): {exc}") from None
    entries: dict[str, set[str]] = {}
    for triple in triples:
        if (triple.predicate.value == SHA256 and isinstance(triple.subject, ox.NamedNode)
                and isinstance(triple.object, ox.Literal)):
            entries.setdefault(triple.subject.value, set()).add(triple.object.value)
    return entries


@dataclass
class Plan:
    put: list[tuple[GraphContent, str]] = field(default_factory=list)  # (graph, "new"|"changed"|"forced")
    delete: list[str] = field(default_factory=list)  # pruned: no longer in the site
    stale: list[str] = field(default_factory=list)  # no longer in the site, kept (no --prune)
    unchanged: list[GraphContent] = field(default_factory=list)
    manifest: dict[str, str] = field(default_factory=dict)  # what the manifest says when done
    manifest_current: bool = True  # the store's manifest already says exactly that

    @property
    def changes(self) -> bool:
        return bool(self.put or self.delete or not self.manifest_current)


def make_plan(contents: list[GraphContent], manifest: dict[str, set[str]], *, prune: bool,
              force: bool = False) -> Plan:
    plan = Plan()
    wanted = {c.name for c in contents}
    for content in contents:
        known = manifest.get(content.name)
        if force:
            plan.put.append((content, "forced"))
        elif known is None:
            plan.put.append((content, "new"))
        elif known != {content.sha256}:
            plan.put.append((content, "changed"))
        else:
            plan.unchanged.append(content)
        plan.manifest[content.name] = content.sha256
    for graph in sorted(set(manifest) - wanted):
        if prune:
            plan.delete.append(graph)
        else:
            plan.stale.append(graph)
            hashes = sorted(manifest[graph])
            plan.manifest[graph] = hashes[0]
    plan.manifest_current = {g: {h} for g, h in plan.manifest.items()} == manifest
    return plan


@dataclass
class PushResult:
    plan: Plan
    graphs_put: int = 0
    triples_put: int = 0
    graphs_deleted: int = 0
    seconds: float = 0.0


BATCH = 256  # graphs per SPARQL update request, at most
BATCH_BYTES = 8 << 20  # N-Triples per request, at most (a single larger graph goes alone)


def batched(contents: list[GraphContent], size: int = BATCH,
            max_bytes: int = BATCH_BYTES) -> list[list[GraphContent]]:
    """The graphs in requests of at most ``size`` graphs and ``max_bytes``, in order.

    A graph that may hold blank nodes goes alone (see :func:`publisher.store.update.has_blank_nodes`).
    """
    units: list[list[GraphContent]] = []
    unit: list[GraphContent] = []
    held = 0
    for content in contents:
        alone = content.blank_nodes
        if unit and (alone or len(unit) >= size or held + len(content.ntriples) > max_bytes):
            units.append(unit)
            unit, held = [], 0
        unit.append(content)
        held += len(content.ntriples)
        if alone:
            units.append(unit)
            unit, held = [], 0
    if unit:
        units.append(unit)
    return units


def execute(plan: Plan, backend: Backend, manifest: str,
            progress: Callable[[str, str], None] | None = None, *, jobs: int = 1,
            manifest_every: int = 64, batch: int = BATCH) -> PushResult:
    """Carry out the plan in the crash-safe order described in the module documentation.

    ``jobs`` requests are in flight at a time (one connection each). With ``batch > 1`` and a
    backend that can (``backend.batches``), up to ``batch`` graphs and their manifest entries are
    replaced by one SPARQL update (one transaction). Otherwise each graph is one ``PUT`` and the
    hashes of finished graphs are added to the manifest ``manifest_every`` graphs at a time, and
    before an error is raised, so that a re-run skips them.
    """
    result = PushResult(plan)
    start = time.perf_counter()
    finished: list[GraphContent] = []
    batches = batch > 1 and bool(getattr(backend, "batches", False))

    def record_finished() -> None:
        if finished:
            backend.post(manifest, b"".join(manifest_line(c.name, c.sha256) for c in finished))
            finished.clear()

    def single_put(unit: list[GraphContent]) -> bool:
        """One graph replaced by a ``PUT`` (its hash recorded later), not a batch with its hash."""
        return len(unit) == 1 and (not batches or unit[0].blank_nodes)

    def send(unit: list[GraphContent]) -> None:
        if single_put(unit):
            backend.put(unit[0].name, unit[0].ntriples)
            return
        lines = b"".join(manifest_line(c.name, c.sha256) for c in unit)
        cast(BatchBackend, backend).replace_many([(c.name, c.ntriples) for c in unit], (manifest, lines))

    def done(unit: list[GraphContent]) -> None:
        if single_put(unit):
            finished.extend(unit)
        for content in unit:
            result.graphs_put += 1
            result.triples_put += content.triples
            if progress is not None:
                progress("put", content.name)
        if len(finished) >= manifest_every:
            record_finished()

    contents = [content for content, _reason in plan.put]
    units = batched(contents, batch) if batches else [[content] for content in contents]
    try:
        if jobs <= 1:
            for unit in units:
                send(unit)
                done(unit)
        else:
            _send_concurrently(units, jobs, send, done)
    except BaseException:
        with contextlib.suppress(StoreError):
            record_finished()
        raise
    record_finished()
    for graph in plan.delete:
        backend.delete(graph)
        result.graphs_deleted += 1
        if progress is not None:
            progress("delete", graph)
    if not plan.manifest_current:
        backend.put(manifest, manifest_ntriples(plan.manifest))
    result.seconds = time.perf_counter() - start
    return result


Unit = list[GraphContent]


def _send_concurrently(units: list[Unit], jobs: int, send: Callable[[Unit], None],
                       done: Callable[[Unit], None]) -> None:
    """Send with ``jobs`` workers, at most ``2 * jobs`` requests in flight; stop at the first error."""
    pending = iter(units)
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="publisher-push") as pool:
        running: dict[Future[None], Unit] = {}
        error: BaseException | None = None
        while True:
            while error is None and len(running) < 2 * jobs:
                unit = next(pending, None)
                if unit is None:
                    break
                running[pool.submit(send, unit)] = unit
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                unit = running.pop(future)
                problem = future.exception()
                if problem is None:
                    done(unit)
                elif error is None:
                    error = problem
        if error is not None:
            raise error


def push(site: Site, backend: Backend, *, prune: bool = False, force: bool = False, dry_run: bool = False,
         drafts: bool = False, progress: Callable[[str, str], None] | None = None,
         jobs: int = 1, batch: int = BATCH) -> PushResult:
    """Plan against the store's manifest and, unless ``dry_run``, carry the plan out."""
    contents = site_contents(site, drafts)
    name = manifest_name(site)
    plan = make_plan(contents, read_manifest(backend, name), prune=prune, force=force)
    if dry_run:
        return PushResult(plan)
    return execute(plan, backend, name, progress, jobs=jobs, batch=batch)
