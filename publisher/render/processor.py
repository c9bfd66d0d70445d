"""Named graphs of our JSON-LD nodes, and a standard JSON-LD processor's reading of them.

pyoxigraph's JSON-LD parser, with our offline schema.org context inlined (the context served for
``https://schema.org``, see :mod:`publisher.vocab.loader`), is the reference reading of our pages,
and the fallback for the nodes the direct writer (:mod:`publisher.render.ntriples`) does not know.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import orjson
import pyoxigraph as ox

from publisher.render.jsonld import CONTEXT
from publisher.render.ntriples import split_text
from publisher.vocab.context import context_document
from publisher.vocab.loader import inline_context

__all__ = ["BATCH", "SiteGraph", "jsonld_document", "load_store_jsonld", "processor_lines"]

Node = dict[str, Any]
BATCH = 512  # graphs per JSON-LD document handed to the parser


@dataclass(slots=True)
class SiteGraph:
    """One named graph: its name (a page URL) and the top-level JSON-LD nodes it holds."""

    name: str
    nodes: list[Node]


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
    """Parse the graphs' JSON-LD (schema.org context inline) with pyoxigraph's JSON-LD processor."""
    store = store if store is not None else ox.Store()
    for batch in _batches(graphs):
        store.load(_parse_document(jsonld_document(batch, named=named)), format=ox.RdfFormat.JSON_LD)
    return store


def processor_lines(graphs: list[SiteGraph]) -> dict[str, list[str]]:
    """Each graph's triples as the processor reads them: N-Triples lines (unsorted), by graph name."""
    store = load_store_jsonld(graphs, named=True)
    lines: dict[str, list[str]] = {}
    for graph in graphs:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph.name))
        lines[graph.name] = split_text(data.decode("utf-8"))
    return lines
