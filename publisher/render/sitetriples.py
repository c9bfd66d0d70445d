"""The site's triples, from its pages, by named graph and by subject, in canonical order.

The same reading as :func:`publisher.render.rdf.site_graphs` followed by
:func:`publisher.render.rdf.graph_lines` (each node once, in the graph its ``@id`` belongs to,
written by :mod:`publisher.render.ntriples`, the JSON-LD processor for the rest), kept in a form
that is cheap to put in order and to merge:

* a graph is ``{"<subject> ": chunk}``, where ``chunk`` is every line of that subject, each once,
  sorted. All lines of a subject start with its key and no key starts another, so the lines of
  the keys' chunks in key order are the graph's lines in order: ~80,000 keys are sorted for a
  10,000-article site instead of ~550,000 lines;
* on a large site (:data:`~publisher.parallel.MIN_PARALLEL` records, several cores) the pages are
  split between forked processes (:func:`~publisher.parallel.fork_map`), each reading its share
  of the pages; their chunks are merged here. A subject two shares both hold has the same chunk in
  both when its node renders the same everywhere (the usual case); otherwise the two chunks'
  lines are united.

A node whose ``@id`` belongs to no page goes to the graph of the first page that carries it. Which
page is first depends on all the pages before it, so the shares hand such nodes back as they are,
in page order, and they are placed here, as the serial reading places them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from publisher import parallel
from publisher.render.ntriples import Tails, TripleWriter, Unsupported, writer
from publisher.render.pages import Page, listing_pages, not_found_page, published, record_page
from publisher.site import Record, Site

if TYPE_CHECKING:
    from publisher.render.rdf import SiteGraph

__all__ = ["Chunks", "SiteTriples", "graphs_triples", "merge_chunks", "ordered_text", "site_triples"]

Node = dict[str, Any]
Chunks = dict[str, str]  # "<subject> " -> that subject's lines, each once, sorted
LISTING_WEIGHT = 1.5  # a listing page costs about as much to read as this many record pages


def _chunk(key: str, tails: list[str]) -> str:
    if len(tails) == 1:
        return key + tails[0]
    return key + key.join(sorted(set(tails)))


def _lines(chunk: str) -> list[str]:
    """A chunk's lines, split at ``\\n`` only (U+2028 and friends stay unescaped in literals)."""
    return [line + "\n" for line in chunk.split("\n")[:-1]]


def _union(first: str, second: str) -> str:
    return "".join(sorted(set(_lines(first)) | set(_lines(second))))


def merge_chunks(target: Chunks, source: Chunks) -> None:
    """Add ``source``'s lines to ``target``, subject by subject (each line once)."""
    for key, chunk in source.items():
        known = target.get(key)
        if known is None:
            target[key] = chunk
        elif known != chunk:
            target[key] = _union(known, chunk)


def ordered_text(chunks: Chunks) -> str:
    """A graph's lines in canonical order, as one text."""
    return "".join([chunks[key] for key in sorted(chunks)])


class _Collector:
    """Nodes written into graphs (``add``), then each graph's chunks (``finish``)."""

    def __init__(self, direct: TripleWriter) -> None:
        self._writer = direct
        self._graphs: dict[str, Tails] = {}
        self._unknown: dict[str, list[Node]] = {}

    def add(self, graph: str, node: Node) -> None:
        try:
            tails = self._writer.tails(node)
        except Unsupported:
            self._unknown.setdefault(graph, []).append(node)
            self._graphs.setdefault(graph, {})  # a graph that carries a node is a graph, triples or not
            return
        self._merge(graph, tails)

    def _merge(self, graph: str, tails: Tails) -> None:
        target = self._graphs.get(graph)
        if target is None:
            self._graphs[graph] = tails
            return
        for key, items in tails.items():
            known = target.get(key)
            if known is None:
                target[key] = items
            else:
                known += items

    def finish(self) -> dict[str, Chunks]:
        if self._unknown:
            self._read_unknown()
        return {name: {key: _chunk(key, tails) for key, tails in graph.items() if tails}
                for name, graph in self._graphs.items()}

    def _read_unknown(self) -> None:
        """Nodes the direct writer does not know, read by the JSON-LD processor into their graphs."""
        from publisher.render.rdf import SiteGraph, load_store_jsonld  # rdf.py imports this module

        unknown = [SiteGraph(name, nodes) for name, nodes in self._unknown.items()]
        self._unknown = {}
        store = load_store_jsonld(unknown, named=True)
        for graph in unknown:
            data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph.name))
            tails: Tails = {}
            for line in _lines(data.decode("utf-8")):
                subject, _space, tail = line.partition(" ")  # a subject term has no space
                tails.setdefault(subject + " ", []).append(tail)
            self._merge(graph.name, tails)


@dataclass(slots=True)
class _Share:
    """What one share of the pages reads: its graphs, and the nodes no page owns (in page order)."""

    graphs: dict[str, Chunks]
    orphans: list[tuple[str, Node]] = field(default_factory=list)


def _read(pages: Iterable[Page], urls: frozenset[str] | set[str]) -> _Share:
    """Each node of ``pages`` once (the first of equal renderings), in the graph it belongs to."""
    collector = _Collector(writer())
    seen: dict[str, list[Node]] = {}
    orphans: list[tuple[str, Node]] = []
    for page in pages:
        for node in page.document["@graph"]:
            node_id = node.get("@id")
            if isinstance(node_id, str):
                variants = seen.get(node_id)
                if variants is None:
                    seen[node_id] = [node]
                elif any(v is node or v == node for v in variants):
                    continue
                else:
                    variants.append(node)
                owner = node_id.partition("#")[0]
                if owner not in urls:
                    orphans.append((page.url, node))
                    continue
            else:  # pragma: no cover - every rendered node has an @id
                owner = page.url
            collector.add(owner, node)
    return _Share(collector.finish(), orphans)


def _place_orphans(shares: list[_Share]) -> dict[str, Chunks]:
    """The nodes no page owns, each in the graph of the first page that carries it."""
    collector = _Collector(writer())
    seen: dict[str, list[Node]] = {}
    for share in shares:
        for page_url, node in share.orphans:
            variants = seen.setdefault(node["@id"], [])
            if any(v is node or v == node for v in variants):
                continue
            variants.append(node)
            collector.add(page_url, node)
    return collector.finish()


@dataclass(slots=True)
class SiteTriples:
    """The site's named graphs (page order) as chunks; see the module's docstring."""

    graphs: dict[str, Chunks]

    def union(self) -> Chunks:
        """The union of the graphs, by subject."""
        out: Chunks = {}
        for chunks in self.graphs.values():
            merge_chunks(out, chunks)
        return out

    def graph_text(self, name: str) -> str:
        """One graph's canonical N-Triples text."""
        return ordered_text(self.graphs[name])


@dataclass(frozen=True, slots=True)
class _Plan:
    """Who reads what: the listing pages (read first), then slices of the records, then the 404 page."""

    listing: list[Page]
    records: list[Record]
    end: Page
    bounds: list[tuple[int, int]]

    def pages(self, site: Site, index: int) -> Iterator[Page]:
        if index == 0:
            yield from self.listing
        start, stop = self.bounds[index]
        for record in self.records[start:stop]:
            yield record_page(site, record)
        if index == len(self.bounds) - 1:
            yield self.end


def _bounds(records: int, listing: int, parts: int) -> list[tuple[int, int]]:
    """Record slices of about equal work, the first share also reading the listing pages."""
    head = round(listing * LISTING_WEIGHT)
    size = (records + head) / parts
    cuts = [0]
    for index in range(1, parts):
        cuts.append(min(records, max(cuts[-1], round(size * index) - head)))
    cuts.append(records)
    return list(pairwise(cuts))


def site_triples(site: Site, drafts: bool = False, *, jobs: int | None = None) -> SiteTriples:
    """The site's triples by graph (in page order) and subject; over cores on a large site."""
    records = published(site, drafts)
    listing = list(listing_pages(site, records))
    end = not_found_page(site)
    order = [page.url for page in listing] + [record.page_url for record in records] + [end.url]
    urls = frozenset(order)
    parts = parallel.auto_jobs(len(records), jobs)
    plan = _Plan(listing, records, end, _bounds(len(records), len(listing), parts))

    def read(index: int) -> _Share:
        return _read(plan.pages(site, index), urls)

    shares = parallel.fork_map(read, list(range(parts)), parts)
    graphs: dict[str, Chunks] = {}
    for share in shares:
        for name, chunks in share.graphs.items():
            known = graphs.get(name)
            if known is None:
                graphs[name] = chunks
            else:
                merge_chunks(known, chunks)
    if any(share.orphans for share in shares):
        for name, chunks in _place_orphans(shares).items():
            merge_chunks(graphs.setdefault(name, {}), chunks)
    return SiteTriples({name: graphs[name] for name in order if name in graphs})


def graphs_triples(graphs: Iterable[SiteGraph]) -> SiteTriples:
    """The triples of graphs already read from the pages (:func:`publisher.render.rdf.site_graphs`)."""
    collector = _Collector(writer())
    for graph in graphs:
        for node in graph.nodes:
            collector.add(graph.name, node)
    return SiteTriples(collector.finish())
