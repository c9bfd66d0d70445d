"""The site's RDF, for the SHACL shapes: exactly what ``publisher export`` writes.

The triples come from the pages' JSON-LD (:func:`publisher.render.sitetriples.site_triples`, which
reads ``iter_pages`` whatever validation says, as ``export --force`` does), read as a standard
JSON-LD processor reads them with the offline schema.org context; schema.org terms are
``http://schema.org/`` IRIs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from publisher.parallel import paused_gc
from publisher.render.sitetriples import site_triples

if TYPE_CHECKING:
    import rdflib

    from publisher.site import Site

__all__ = ["SiteRdfError", "site_ntriples", "site_rdflib_graph"]


class SiteRdfError(Exception):
    """The pages' JSON-LD is refused by the JSON-LD processor (then there is no RDF)."""


def site_ntriples(site: Site, drafts: bool = False) -> bytes:
    """Every triple the site's pages say (their union, each once), as canonical N-Triples: the
    bytes of ``publisher export --format nt --force``."""
    with paused_gc():
        try:
            return b"".join(site_triples(site, drafts, named=False).union)
        except SyntaxError as exc:
            raise SiteRdfError(f"the pages' JSON-LD is not valid: {exc}") from None


def site_rdflib_graph(site: Site, drafts: bool = False) -> rdflib.Graph:
    """The same triples in an rdflib graph (what pySHACL validates)."""
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=site_ntriples(site, drafts), format="nt")
    return graph
