"""The site's triples, from its pages, as canonical N-Triples text: the union, or each named graph.

The same reading as :func:`publisher.render.rdf.site_graphs` followed by
:func:`publisher.render.rdf.graph_lines` (each node once, the first of equal renderings, in the
graph its ``@id`` belongs to, else in the graph of the first page that carries it; written by
:mod:`publisher.render.ntriples`, the JSON-LD processor for the rest), for ``export`` and ``push``,
which need the triples and not the nodes:

* a record's page carries the records it links to (:func:`~publisher.render.jsonld.page_graph`);
  when every record has a page that owns its node (no draft left out, no ``@id`` outside the
  site's pages), each of those nodes is the very node its own page carries, in the graph its
  ``@id`` names whichever page is read first, so reading it on the other pages adds nothing and
  only :func:`~publisher.render.jsonld.page_own_nodes` are read;
* nodes are written a graph at a time, so that a graph's lines lie close together in memory
  for the sorts that follow.

Canonical order is the order of ``sorted()`` on the lines: Python orders ``str`` by code point,
which is the byte order of their UTF-8 encoding.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from publisher.render.jsonld import page_graph, page_own_nodes
from publisher.render.ntriples import TripleWriter, Unsupported, writer
from publisher.render.pages import listing_pages, not_found_page, published
from publisher.site import Site

if TYPE_CHECKING:
    from publisher.render.rdf import SiteGraph

__all__ = ["SiteTriples", "canonical", "graphs_triples", "site_triples"]

Node = dict[str, Any]


def canonical(lines: list[str]) -> list[str]:
    """``lines`` sorted, each once (sorts ``lines`` in place). Sorted runs are only merged."""
    lines.sort()
    return [line for line, _same in groupby(lines)]


class _Collector:
    """Nodes written into graphs as lines (``add``); nodes the writer does not know, read by the
    JSON-LD processor when the lines are asked for (``graphs``)."""

    def __init__(self, direct: TripleWriter) -> None:
        self._writer = direct
        self._graphs: dict[str, list[str]] = {}
        self._unknown: dict[str, list[Node]] = {}

    def add(self, graph: str, node: Node) -> None:
        lines = self._graphs.get(graph)
        if lines is None:  # a graph that carries a node is a graph, triples or not
            lines = self._graphs[graph] = []
        try:
            lines += self._writer.node(node)
        except Unsupported:
            self._unknown.setdefault(graph, []).append(node)

    def graphs(self) -> dict[str, list[str]]:
        """Each graph's lines (with ``\n``; unsorted, maybe repeated)."""
        if self._unknown:
            from publisher.render.rdf import SiteGraph, _split_lines, load_store_jsonld  # rdf.py imports us

            unknown = [SiteGraph(name, nodes) for name, nodes in self._unknown.items()]
            self._unknown = {}
            store = load_store_jsonld(unknown, named=True)
            for graph in unknown:
                data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph.name))
                self._graphs[graph.name] += _split_lines(data)
        return self._graphs


def _union_text(graphs: dict[str, list[str]]) -> str:
    """The union of the graphs as one canonical text.

    Each graph's lines are sorted on their own first (small sorts), graphs in name order: a graph's
    subjects mostly start with its name, so the whole is then nearly sorted and the final sort
    only merges long runs (about 2.5x faster than sorting the union at once). Repeated lines end
    up next to each other and are dropped once, at the end (no set per graph: hashing every line
    costs more than that).
    """
    out: list[str] = []
    for name in sorted(graphs):
        out += sorted(graphs[name])
    return "".join(canonical(out))


@dataclass(slots=True)
class SiteTriples:
    """The site's triples as canonical N-Triples text: their union, or each graph's (page order)."""

    union: str | None = None
    graphs: dict[str, str] | None = None


def _read(pages: Iterable[tuple[str, list[Node]]], urls: frozenset[str]) -> dict[str, list[str]]:
    """Each node of the pages once, in the graph it belongs to: each graph's lines (unsorted)."""
    nodes: dict[str, list[Node]] = {}
    seen: dict[str, list[Node]] = {}
    for page_url, page_nodes in pages:
        for node in page_nodes:
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
                    owner = page_url
            else:  # pragma: no cover - every rendered node has an @id
                owner = page_url
            nodes.setdefault(owner, []).append(node)
    collector = _Collector(writer())
    for owner, graph_nodes in nodes.items():  # a graph at a time: its lines close together in memory
        for node in graph_nodes:
            collector.add(owner, node)
    return collector.graphs()


def site_triples(site: Site, drafts: bool = False, *, named: bool) -> SiteTriples:
    """The site's triples: each named graph's text, in page order (``named``), else the union's."""
    records = published(site, drafts)
    listing = list(listing_pages(site, records))
    end = not_found_page(site)
    order = [page.url for page in listing] + [record.page_url for record in records] + [end.url]
    urls = frozenset(order)
    owned = len(records) == len(site.records) and all(r.id.partition("#")[0] in urls for r in records)
    nodes_of = page_own_nodes if owned else page_graph

    def pages() -> Iterator[tuple[str, list[Node]]]:
        for page in listing:
            yield page.url, page.document["@graph"]
        for record in records:
            yield record.page_url, nodes_of(site, record)
        yield end.url, end.document["@graph"]

    graphs = _read(pages(), urls)
    if named:
        texts = {name: "".join(sorted(set(graphs[name]))) for name in order if name in graphs}
        return SiteTriples(graphs=texts)
    return SiteTriples(union=_union_text(graphs))


def graphs_triples(graphs: Iterable[SiteGraph]) -> SiteTriples:
    """The union's text of graphs already read from the pages (:func:`publisher.render.rdf.site_graphs`)."""
    collector = _Collector(writer())
    for graph in graphs:
        for node in graph.nodes:
            collector.add(graph.name, node)
    return SiteTriples(union=_union_text(collector.graphs()))
