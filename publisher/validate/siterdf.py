"""The site's RDF, for the SHACL shapes: what the built pages' JSON-LD says, as triples.

Until ``publisher export`` lands, this reads the pages' documents (:func:`iter_pages`, so a site
with validation errors gives its graph too, as ``build --force`` would) with pyoxigraph's JSON-LD
parser and our offline schema.org context inlined; schema.org terms become ``http://schema.org/``
IRIs, as every standard processor reads them. This is the only place that makes the site's RDF
for the SHACL code and its tests: switch it to the export API
(``publisher.render.rdf.load_store(site_graphs(site, drafts), named=False)``) when that is in main.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import orjson
import pyoxigraph as ox

from publisher.render.pages import iter_pages
from publisher.vocab.loader import inline_context

if TYPE_CHECKING:
    import rdflib

    from publisher.site import Site

__all__ = ["SiteRdfError", "site_ntriples", "site_rdflib_graph"]


class SiteRdfError(Exception):
    """A page's JSON-LD that a JSON-LD processor refuses (then the page has no RDF)."""


def site_ntriples(site: Site, drafts: bool = False) -> bytes:
    """Every triple the site's pages say (their union, each once), as sorted N-Triples."""
    store = ox.Store()
    for page in iter_pages(site, drafts):
        document = inline_context(page.document, minimal=True)
        try:
            store.load(orjson.dumps(document), format=ox.RdfFormat.JSON_LD)
        except SyntaxError as exc:
            raise SiteRdfError(f"{page.url}: {exc}") from None
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return b"".join(sorted(set(data.splitlines(keepends=True))))


def site_rdflib_graph(site: Site, drafts: bool = False) -> rdflib.Graph:
    """The same triples in an rdflib graph (what pySHACL validates)."""
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=site_ntriples(site, drafts), format="nt")
    return graph
