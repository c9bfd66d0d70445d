"""The site's RDF: what the built pages say, read by a standard JSON-LD processor, in named graphs.

**Where the triples come from.** Only from the pages' JSON-LD documents (:func:`iter_pages`):
every page, the home and section pages included. A record's node renders identically on every
page that carries it, so a node is read once however many pages carry it (a node whose renderings
differ is read in each form; the union is still exactly what the pages say; ``export`` and ``push``
read them through :mod:`publisher.render.sitetriples`, which also skips the linked records' nodes
a record's page repeats when each of them is carried by its own page). The JSON-LD is turned
into RDF by :mod:`publisher.render.ntriples`, which writes N-Triples lines straight from our nodes
(we know our own graph: ~10x faster than a JSON-LD processor); a node it does not know goes to
pyoxigraph's JSON-LD parser with our offline schema.org context inlined (the context served for
``https://schema.org``, see :mod:`publisher.vocab.loader`). The tests prove the direct lines equal,
byte for byte, to pyoxigraph's reading, and that pyld, rdflib and jsonld.js read the same triples
from the same pages.

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

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from typing import IO, Any

import orjson
import pyoxigraph as ox

from publisher.parallel import paused_gc
from publisher.render.jsonld import CONTEXT, dumps
from publisher.render.ntriples import Unsupported, writer
from publisher.render.pages import iter_pages
from publisher.render.sitetriples import graphs_triples, site_triples
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
    "graph_lines",
    "jsonld_document",
    "load_store",
    "load_store_jsonld",
    "nquads_lines",
    "ntriples_lines",
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
WRITE_CHARS = 1 << 20  # characters of N-Triples encoded and written at a time


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


def load_store_jsonld(graphs: list[SiteGraph], *, named: bool, store: ox.Store | None = None) -> ox.Store:
    """Parse the graphs' JSON-LD (schema.org context inline) with pyoxigraph's JSON-LD processor.

    The reference reading of our pages, and the fallback for nodes the direct writer
    (:mod:`publisher.render.ntriples`) does not know.
    """
    store = store if store is not None else ox.Store()
    for batch in _batches(graphs):
        store.load(_parse_document(jsonld_document(batch, named=named)), format=ox.RdfFormat.JSON_LD)
    return store


def _split_lines(data: bytes) -> list[str]:
    """N-Triples text as lines, split at ``\n`` only (U+2028 and friends stay unescaped in literals)."""
    text = data.decode("utf-8")
    return [line + "\n" for line in text.split("\n")[:-1]]


def graph_lines(graphs: list[SiteGraph]) -> dict[str, list[str]]:
    """Each graph's triples as N-Triples lines (``str``; unsorted, maybe repeated), by graph name.

    Written directly from the nodes (:class:`~publisher.render.ntriples.TripleWriter`); a top-level
    node the writer does not know is read by the JSON-LD processor instead (:func:`load_store_jsonld`),
    into the same graph, so the result is always what a JSON-LD processor reads from the pages.
    """
    direct = writer()
    result: dict[str, list[str]] = {}
    fallback: list[SiteGraph] = []
    for graph in graphs:
        lines: list[str] = []
        unknown: list[Node] = []
        for node in graph.nodes:
            try:
                lines += direct.node(node)
            except Unsupported:
                unknown.append(node)
        if unknown:
            fallback.append(SiteGraph(graph.name, unknown))
        result[graph.name] = lines
    if fallback:
        store = load_store_jsonld(fallback, named=True)
        for graph in fallback:
            data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph.name))
            result[graph.name] += _split_lines(data)
    return result


def _graph_order(name: str) -> str:
    return f"<{name}>"


def ntriples_lines(lines_by_graph: dict[str, list[str]]) -> list[str]:
    """The union of the graphs as canonical N-Triples lines: each triple once, sorted.

    Python orders ``str`` by code point, which is the byte order of their UTF-8 encoding, so the
    order is the one ``sorted()`` gives the encoded lines.

    Each graph's lines are sorted on their own first (small sorts), graphs in name order: a graph's
    subjects mostly start with its name, so the whole is then nearly sorted and the final sort only
    merges long runs (about 2.5x faster than sorting the union at once). Triples in more than one
    graph end up next to each other and are written once.
    """
    out: list[str] = []
    for name in sorted(lines_by_graph):
        out += sorted(set(lines_by_graph[name]))
    out.sort()
    return [line for line, _same in groupby(out)]


def nquads_lines(lines_by_graph: dict[str, list[str]]) -> list[str]:
    """Canonical N-Quads lines: sorted by graph term, then by line; each quad once.

    Within a graph, sorting the triples sorts the quads too: they differ only by the same
    `` <graph>`` before the final dot, and a triple that is a prefix of another ends where the other
    goes on with a character above the space.
    """
    out: list[str] = []
    for name in sorted(lines_by_graph, key=_graph_order):
        tail = f"<{name}> .\n"
        out += [line[:-2] + tail for line in sorted(set(lines_by_graph[name]))]
    return out


def load_store(graphs: list[SiteGraph], *, named: bool, store: ox.Store | None = None) -> ox.Store:
    """The graphs' triples in a pyoxigraph store (in memory): named graphs, or their union.

    The same statements as :func:`load_store_jsonld`, written directly (:func:`graph_lines`).
    """
    store = store if store is not None else ox.Store()
    lines = graph_lines(graphs)
    if named:
        data = "".join(nquads_lines(lines)).encode("utf-8")
        store.load(data, format=ox.RdfFormat.N_QUADS)
    else:
        data = "".join(ntriples_lines(lines)).encode("utf-8")
        store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
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


def write_export(site: Site, fmt: str, out: IO[bytes], *, drafts: bool = False) -> int:
    """Write the site's graph in ``fmt`` to ``out``; return the number of triples (or quads)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    with paused_gc():
        return _write_export(site, fmt, out, drafts)


def _write_export(site: Site, fmt: str, out: IO[bytes], drafts: bool) -> int:
    if fmt == "jsonld":
        graphs = site_graphs(site, drafts)
        out.write(dumps(jsonld_document(graphs, named=False)).encode("utf-8"))
        out.write(b"\n")
        return (graphs_triples(graphs).union or "").count("\n")
    named = fmt in QUAD_FORMATS
    triples = site_triples(site, drafts, named=named)
    texts = _quad_texts(triples.graphs or {}) if named else _slices(triples.union or "")
    del triples
    if fmt in ("nt", "nq"):
        count = 0
        for text in texts:  # in slices: no second copy of the whole text
            count += text.count("\n")
            out.write(text.encode("utf-8"))
        return count
    data = "".join(texts).encode("utf-8")
    source = ox.RdfFormat.N_QUADS if named else ox.RdfFormat.N_TRIPLES
    # lenient: the text is ours, every term already checked where it was written (the direct
    # writer's IRI grammar, or the JSON-LD processor's own output); half the parsing time
    statements = ox.parse(data, format=source, lenient=True)
    ox.serialize(statements, out, format=FORMATS[fmt], prefixes=PREFIXES)
    return data.count(b"\n")


def _slices(text: str) -> Iterator[str]:
    for start in range(0, len(text), WRITE_CHARS):
        yield text[start : start + WRITE_CHARS]


def _quad_texts(graphs: dict[str, str]) -> Iterator[str]:
    """Canonical N-Quads, a graph at a time: by graph term, then by line (see :func:`nquads_lines`)."""
    for name in sorted(graphs, key=_graph_order):
        text = graphs[name]
        if text:  # " .\n" ends lines only: a newline in a literal is escaped
            yield text.replace(" .\n", f" <{name}> .\n")
