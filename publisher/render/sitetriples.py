"""The site's triples, read from its pages: the nodes in their named graphs, and canonical N-Triples.

One pipeline for ``export``, ``push``, ``query`` and the site-wide checks:

1. **Pages** (:func:`~publisher.render.pages.iter_pages`): every page's top-level JSON-LD nodes.
2. **Graphs** (:func:`site_graphs`): each node once (the first of equal renderings), in the graph
   of the page its ``@id`` belongs to (the ``@id`` without its fragment), else in the graph of the
   first page that carries it; graphs in page order.
3. **Lines** (:func:`graph_blocks`): each graph's nodes written as N-Triples by
   :mod:`publisher.render.ntriples`; a node the writer does not know is read by the JSON-LD
   processor instead (:func:`publisher.render.processor.processor_lines`), into the same graph.
4. **Canonical lines** (:func:`sorted_lines`): sorted, each once.

:func:`site_triples`, for those that need the triples and not the nodes, skips the linked records'
nodes a record's page repeats (:func:`~publisher.render.jsonld.page_graph`) when every record has a
page that owns its node (no draft left out, no ``@id`` outside the site's pages): each of those
nodes is the very node its own page carries, in the graph its ``@id`` names whichever page is
read first, so reading it on the other pages adds nothing, and only
:func:`~publisher.render.jsonld.page_own_nodes` are read.

Canonical order is the order of ``sorted()`` on the lines: Python orders ``str`` by code point,
which is the byte order of their UTF-8 encoding. A subject term has no space and no term is
followed by anything but a space, so one subject's lines lie together in that order: sorting
the writer's blocks by subject, then each subject's lines, gives it with small sorts only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby, islice
from operator import eq
from typing import Any

from publisher.render.jsonld import page_graph, page_own_nodes
from publisher.render.ntriples import Block, TripleWriter, Unsupported, writer
from publisher.render.pages import Page, iter_pages
from publisher.render.processor import SiteGraph, processor_lines
from publisher.site import Record, Site

__all__ = [
    "SiteTriples",
    "chunks",
    "graph_blocks",
    "graph_lines",
    "quads_texts",
    "site_graphs",
    "site_triples",
    "sorted_graphs",
    "sorted_lines",
    "union_lines",
]

Node = dict[str, Any]
NodesOf = Callable[[Site, Record], list[Node]]
CHUNK_LINES = 4096  # lines joined at a time by chunks()


# --- pages and graphs ---------------------------------------------------------------------------


def _grouped(site: Site, pages: list[Page], nodes_of: NodesOf) -> list[SiteGraph]:
    """The pages' top-level nodes, each once, in the graph they belong to (page order, no empty graph).

    A record's page is read through ``nodes_of`` (its document is deferred: ``iter_pages(documents=False)``).
    """
    graphs: dict[str, list[Node]] = {page.url: [] for page in pages}
    seen: dict[str, list[Node]] = {}
    for page in pages:
        nodes = nodes_of(site, page.record) if page.record is not None else page.document["@graph"]
        for node in nodes:
            node_id = node.get("@id")
            if isinstance(node_id, str):
                variants = seen.get(node_id)
                if variants is None:
                    seen[node_id] = [node]
                elif any(v is node or v == node for v in variants):
                    continue  # the WebSite, on every page, or a related record's node: the same object
                else:
                    variants.append(node)
                owner = node_id.partition("#")[0]
                if owner not in graphs:
                    owner = page.url
            else:  # pragma: no cover - every rendered node has an @id
                owner = page.url
            graphs[owner].append(node)
    return [SiteGraph(name, nodes) for name, nodes in graphs.items() if nodes]


def site_graphs(site: Site, drafts: bool = False) -> list[SiteGraph]:
    """The pages' top-level nodes, each once, grouped by the graph they belong to (page order)."""
    return _grouped(site, list(iter_pages(site, drafts, documents=False)), page_graph)


def _triple_graphs(site: Site, drafts: bool) -> list[SiteGraph]:
    """:func:`site_graphs` for the triples: the same triples in the same graphs, fewer nodes read."""
    pages = list(iter_pages(site, drafts, documents=False))
    urls = {page.url for page in pages}
    records = [page.record for page in pages if page.record is not None]
    owned = len(records) == len(site.records) and all(r.id.partition("#")[0] in urls for r in records)
    return _grouped(site, pages, page_own_nodes if owned else page_graph)


# --- lines ----------------------------------------------------------------------------------------


def graph_blocks(graphs: list[SiteGraph]) -> dict[str, list[Block]]:
    """Each graph's triples as N-Triples blocks (:data:`~publisher.render.ntriples.Block`), by name.

    Written directly from the nodes, a graph at a time (its lines close together in memory for the
    sorts that follow); the top-level nodes the writer does not know are read by the JSON-LD
    processor, into the same graph.
    """
    direct = writer()
    result: dict[str, list[Block]] = {}
    unknown: list[SiteGraph] = []
    for graph in graphs:
        blocks = result[graph.name] = []  # a graph that carries a node is a graph (names are unique)
        left = [node for node in graph.nodes if not _written(direct, node, blocks)]
        if left:
            unknown.append(SiteGraph(graph.name, left))
    if unknown:
        for name, lines in processor_lines(unknown).items():
            result[name] += [(line[: line.index(" ")], [line]) for line in lines]
    return result


def _written(direct: TripleWriter, node: Node, blocks: list[Block]) -> bool:
    try:
        direct.write(node, blocks)
    except Unsupported:
        return False
    return True


def graph_lines(graphs: list[SiteGraph]) -> dict[str, list[str]]:
    """Each graph's triples as N-Triples lines (unsorted, maybe repeated), by graph name."""
    return {name: [line for _s, lines in blocks for line in lines]
            for name, blocks in graph_blocks(graphs).items()}


# --- canonical text ------------------------------------------------------------------------------


def sorted_lines(blocks: list[Block]) -> list[str]:
    """The blocks' lines sorted, each once (the blocks' line lists are sorted and extended in place)."""
    subjects: dict[str, list[str]] = {}
    for subject, lines in blocks:
        known = subjects.get(subject)
        if known is None:
            subjects[subject] = lines
        else:
            known += lines  # the block lists are the caller's to sort and extend (see the docstring)
    out: list[str] = []
    for subject in sorted(subjects):
        lines = subjects[subject]
        lines.sort()
        out += lines
    if any(map(eq, out, islice(out, 1, None))):  # a repeated line: next to its twin
        out = [line for line, _same in groupby(out)]
    return out


def union_lines(graphs: list[SiteGraph]) -> list[str]:
    """The union of the graphs' triples as canonical N-Triples lines."""
    return sorted_lines([block for blocks in graph_blocks(graphs).values() for block in blocks])


def chunks(lines: list[str], size: int = CHUNK_LINES) -> Iterator[str]:
    """``lines`` joined ``size`` at a time: text to encode and write a piece at a time (a whole
    site's text at once costs a fresh allocation, page faults included, twice: join and encode)."""
    for start in range(0, len(lines), size):
        yield "".join(lines[start : start + size])


def sorted_graphs(graphs: list[SiteGraph]) -> dict[str, list[str]]:
    """Each graph's triples as canonical N-Triples lines, by name (in the order of ``graphs``)."""
    return {name: sorted_lines(blocks) for name, blocks in graph_blocks(graphs).items()}


def _graph_order(name: str) -> str:
    return f"<{name}>"


def quads_texts(graphs: dict[str, list[str]]) -> Iterator[str]:
    """Canonical N-Quads from each graph's canonical N-Triples lines, a graph at a time.

    Sorted by graph term, then by line: within a graph, sorting the triples sorts the quads too
    (they differ only by the same `` <graph>`` before the final dot, and a triple that is a prefix
    of another ends where the other goes on with a character above the space).
    """
    for name in sorted(graphs, key=_graph_order):
        lines = graphs[name]
        if lines:  # " .\n" ends lines only: a newline in a literal is escaped
            yield "".join(lines).replace(" .\n", f" <{name}> .\n")


@dataclass(slots=True)
class SiteTriples:
    """The site's triples as canonical N-Triples lines: their union's, or each graph's (page order)."""

    lines: list[str] | None = None
    graphs: dict[str, list[str]] | None = None


def site_triples(site: Site, drafts: bool = False, *, named: bool) -> SiteTriples:
    """The site's triples: each named graph's text, in page order (``named``), else the union's."""
    graphs = _triple_graphs(site, drafts)
    if named:
        return SiteTriples(graphs=sorted_graphs(graphs))
    return SiteTriples(lines=union_lines(graphs))
