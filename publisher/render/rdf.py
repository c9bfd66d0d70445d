"""The site's RDF: what the built pages say, read by a standard JSON-LD processor, in named graphs.

**Where the triples come from.** Only from the pages' JSON-LD documents (:func:`iter_pages`):
every page, the home and section pages included. A record's node renders identically on every
page that carries it, so a node is read once however many pages carry it (a node whose renderings
differ is read in each form; the union is still exactly what the pages say). The JSON-LD is turned
into RDF by pyoxigraph's JSON-LD parser with our offline schema.org context inlined (the context
served for ``https://schema.org``, see :mod:`publisher.vocab.loader`); the tests prove that pyld,
rdflib and jsonld.js read the same triples from the same pages.

**Named graphs.** Every page has a graph of its own, named by the page's URL. A top-level node of
a page's ``@graph`` goes, with everything nested in it, into the graph of the page its ``@id``
belongs to: the ``@id`` without its fragment. So a record's graph (``{base}people/x/``) holds its
page (``WebPage``/``ProfilePage``/``ItemPage``), the page's ``BreadcrumbList`` and list items, the
record's own node and its nested things (``#primaryimage``, ``#address``, ...); the home page's graph
(``{base}``) holds the ``WebSite`` (``{base}#website``) and the home ``CollectionPage``; each
section page (``{base}articles/``) has its own. A node whose ``@id`` belongs to no built page (say,
a draft article another page links to) goes into the graph of the first page that carries it.

Quad formats (N-Quads, TriG) carry the named graphs; the other formats (N-Triples, Turtle,
RDF/XML, JSON-LD) carry their union. Output is canonical: N-Triples and N-Quads lines are sorted
(N-Quads by graph, then line), and the other formats are written from that order, so the same
input always gives the same bytes.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import IO, Any

import orjson
import pyoxigraph as ox

from publisher.render.jsonld import CONTEXT, dumps
from publisher.render.pages import iter_pages
from publisher.site import Site
from publisher.vocab.context import SCHEMA_VOCAB, context_document
from publisher.vocab.loader import inline_context

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "PREFIXES",
    "QUAD_FORMATS",
    "SiteGraph",
    "canonical_lines",
    "format_for_path",
    "gc_paused",
    "graph_ntriples",
    "jsonld_document",
    "load_store",
    "site_graphs",
    "write_export",
]

Node = dict[str, Any]

FORMATS: dict[str, ox.RdfFormat | None] = {
    "jsonld": None,  # written from the JSON-LD itself
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
QUAD_FORMATS = frozenset({"nq", "trig"})
EXTENSIONS = {
    ".jsonld": "jsonld", ".json": "jsonld", ".ttl": "turtle", ".nt": "nt", ".nq": "nq",
    ".trig": "trig", ".rdf": "rdfxml", ".xml": "rdfxml", ".owl": "rdfxml",
}
MEDIA_TYPES = {
    "jsonld": "application/ld+json", "turtle": "text/turtle", "nt": "application/n-triples",
    "nq": "application/n-quads", "trig": "application/trig", "rdfxml": "application/rdf+xml",
}
PREFIXES = {"schema": SCHEMA_VOCAB, "xsd": "http://www.w3.org/2001/XMLSchema#"}
BATCH = 512  # graphs per JSON-LD document handed to the parser


@dataclass(slots=True)
class SiteGraph:
    """One named graph: its name (a page URL) and the top-level JSON-LD nodes it holds."""

    name: str
    nodes: list[Node]


def format_for_path(path: str) -> str | None:
    """The export format a file name suggests (``graph.ttl`` -> ``turtle``), if any."""
    lowered = path.lower()
    for extension, fmt in EXTENSIONS.items():
        if lowered.endswith(extension):
            return fmt
    return None


def site_graphs(site: Site, drafts: bool = False) -> list[SiteGraph]:
    """The pages' top-level nodes, each once, grouped by the graph they belong to (page order)."""
    pages = list(iter_pages(site, drafts))
    graphs: dict[str, list[Node]] = {page.url: [] for page in pages}
    seen: dict[str, list[Node]] = {}
    for page in pages:
        for node in page.document["@graph"]:
            node_id = node.get("@id")
            if isinstance(node_id, str):
                variants = seen.setdefault(node_id, [])
                if any(v is node or v == node for v in variants):
                    continue
                variants.append(node)
                owner = node_id.partition("#")[0]
                if owner not in graphs:
                    owner = page.url
            else:  # pragma: no cover - every rendered node has an @id
                owner = page.url
            graphs[owner].append(node)
    return [SiteGraph(name, nodes) for name, nodes in graphs.items() if nodes]


def jsonld_document(graphs: Iterable[SiteGraph], *, named: bool) -> Node:
    """One JSON-LD document for ``graphs``: as named graphs, or all nodes in the default graph."""
    if named:
        items: list[Node] = [{"@id": g.name, "@graph": g.nodes} for g in graphs]
    else:
        items = [node for g in graphs for node in g.nodes]
    return {"@context": CONTEXT, "@graph": items}


def _batches(graphs: list[SiteGraph], size: int = BATCH) -> Iterator[list[SiteGraph]]:
    for start in range(0, len(graphs), size):
        yield graphs[start : start + size]


@cache
def _context_bytes() -> bytes:
    return orjson.dumps(context_document()["@context"])


def _parse_document(document: Node) -> bytes:
    """JSON text of a document of ours, with the full schema.org context object in place of the URL.

    Our documents name the context once, at the top; batches of hundreds of graphs share that one
    context, so the full context costs the parser less than finding the minimal one would. A
    document with a context anywhere else gets :func:`inline_context`'s full treatment.
    """
    if document.get("@context") == CONTEXT and set(document) == {"@context", "@graph"}:
        graph = orjson.dumps(document["@graph"])
        if b'"@context"' not in graph:
            return b'{"@context":' + _context_bytes() + b',"@graph":' + graph + b"}"
    return orjson.dumps(inline_context(document))


def load_store(graphs: list[SiteGraph], *, named: bool, store: ox.Store | None = None) -> ox.Store:
    """Parse the graphs' JSON-LD (schema.org context inline) into a pyoxigraph store (in memory)."""
    store = store if store is not None else ox.Store()
    for batch in _batches(graphs):
        store.load(_parse_document(jsonld_document(batch, named=named)), format=ox.RdfFormat.JSON_LD)
    return store


def _graph_of(line: bytes) -> bytes:
    """The graph term of an N-Quads line (``b""`` for the default graph)."""
    parts = line.rsplit(b" ", 2)
    return parts[-2] if len(parts) == 3 and parts[-2].startswith(b"<") else b""


def canonical_lines(store: ox.Store, *, named: bool) -> list[bytes]:
    """Every statement of the store as N-Triples/N-Quads lines, each once, in canonical order."""
    if named:
        data = store.dump(format=ox.RdfFormat.N_QUADS)
    else:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    lines = data.splitlines(keepends=True)
    del data
    if named:
        lines.sort(key=lambda line: (_graph_of(line), line))
    else:
        lines.sort()
    return lines


def graph_ntriples(store: ox.Store, name: str) -> bytes:
    """One named graph of the store as canonical (sorted) N-Triples."""
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
    return b"".join(sorted(data.splitlines(keepends=True)))


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while building many short-lived, acyclic objects.

    Each full collection walks the whole loaded site; pausing it makes an export of 10,000
    articles about a fifth faster. Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_export(site: Site, fmt: str, out: IO[bytes], *, drafts: bool = False) -> int:
    """Write the site's graph in ``fmt`` to ``out``; return the number of triples (or quads)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    with gc_paused():
        return _write_export(site, fmt, out, drafts)


def _write_export(site: Site, fmt: str, out: IO[bytes], drafts: bool) -> int:
    graphs = site_graphs(site, drafts)
    named = fmt in QUAD_FORMATS
    store = load_store(graphs, named=named)
    count = len(store)
    if fmt == "jsonld":
        out.write(dumps(jsonld_document(graphs, named=False)).encode("utf-8"))
        out.write(b"\n")
        return count
    lines = canonical_lines(store, named=named)
    del store
    if fmt in ("nt", "nq"):
        out.writelines(lines)
        return count
    source = ox.RdfFormat.N_QUADS if named else ox.RdfFormat.N_TRIPLES
    statements = ox.parse(b"".join(lines), format=source)
    ox.serialize(statements, out, format=FORMATS[fmt], prefixes=PREFIXES)
    return count
