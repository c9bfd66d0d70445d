"""The site's RDF: what the built pages say, read by a standard JSON-LD processor, in named graphs.

**Where the triples come from.** Only from the pages' JSON-LD documents (:func:`iter_pages`):
every page, the home and section pages included. A record's node renders identically on every
page that carries it, so a node is read once however many pages carry it (a node whose renderings
differ is read in each form; the union is still exactly what the pages say; ``export`` and ``push``
read them through :mod:`publisher.render.sitetriples`, the one pipeline from pages to canonical
lines, which also skips the linked records' nodes a record's page repeats when each of them is
carried by its own page). The JSON-LD is turned into RDF by :mod:`publisher.render.ntriples`,
which writes N-Triples lines straight from our nodes (we know our own graph: ~10x faster than a
JSON-LD processor); a node it does not know goes to pyoxigraph's JSON-LD parser with our offline
schema.org context inlined (:mod:`publisher.render.processor`). The tests prove the direct lines equal,
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

import io
from collections.abc import Iterable
from typing import IO

import pyoxigraph as ox

from publisher.parallel import paused_gc
from publisher.render.jsonld import dumps
from publisher.render.processor import SiteGraph, jsonld_document, load_store_jsonld
from publisher.render.sitetriples import (
    Buffer,
    count_lines,
    quads_texts,
    site_graphs,
    site_triples,
    union_texts,
)
from publisher.site import Site
from publisher.vocab.context import SCHEMA_VOCAB

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "PREFIXES",
    "QUAD_FORMATS",
    "SiteGraph",
    "format_for_path",
    "jsonld_document",
    "load_store_jsonld",
    "site_graphs",
    "site_store",
    "write_export",
]

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


def format_for_path(path: str) -> str | None:
    """The export format a file name suggests (``graph.ttl`` -> ``turtle``), if any."""
    lowered = path.lower()
    for extension, fmt in EXTENSIONS.items():
        if lowered.endswith(extension):
            return fmt
    return None


def site_store(site: Site, drafts: bool = False) -> ox.Store:
    """The site's named graphs in a pyoxigraph store (in memory), read as ``export --format nq``
    reads them (:func:`~publisher.render.sitetriples.site_triples`)."""
    graphs = site_triples(site, drafts, named=True).graphs
    store = ox.Store()
    store.load(_Reader(quads_texts(graphs)), format=ox.RdfFormat.N_QUADS)
    return store


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
        return count_lines(union_texts(graphs))
    named = fmt in QUAD_FORMATS
    triples = site_triples(site, drafts, named=named)
    count = triples.count
    texts: Iterable[Buffer] = quads_texts(triples.graphs) if named else triples.union
    del triples
    if fmt in ("nt", "nq"):
        for text in texts:  # a run of subjects or a graph at a time: no copy of the whole text
            out.write(text)
        return count
    source = ox.RdfFormat.N_QUADS if named else ox.RdfFormat.N_TRIPLES
    # lenient: the text is ours, every term already checked where it was written (the direct
    # writer's IRI grammar, or the JSON-LD processor's own output); half the parsing time
    statements = ox.parse(_Reader(texts), format=source, lenient=True)
    ox.serialize(statements, out, format=FORMATS[fmt], prefixes=PREFIXES)
    return count


class _Chunks(io.RawIOBase):
    """Pieces of UTF-8 text read as one stream, a piece at a time (no copy of the whole)."""

    def __init__(self, texts: Iterable[Buffer]) -> None:
        self._texts = iter(texts)
        self._data = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._data:
            text = next(self._texts, None)
            if text is None:
                return 0
            self._data = memoryview(text)
        size = min(len(buffer), len(self._data))
        buffer[:size] = self._data[:size]
        self._data = self._data[size:]
        return size


class _Reader(io.BufferedReader):
    """A buffered :class:`_Chunks` (pyoxigraph reads a few bytes at a time)."""

    def __init__(self, texts: Iterable[Buffer]) -> None:
        super().__init__(_Chunks(texts), buffer_size=1 << 16)
