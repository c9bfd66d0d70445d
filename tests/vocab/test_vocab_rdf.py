"""pyld (remote context through our loader), pyoxigraph and rdflib (inline context) agree."""

from __future__ import annotations

from typing import Any

import orjson
import pyoxigraph
import pytest
from pyld import jsonld
from rdflib import Graph
from rdflib.compare import isomorphic

from publisher.vocab.loader import inline_context, make_document_loader

BASE = "https://example.org/"
DOCUMENT: dict[str, Any] = {
    "@context": "https://schema.org",
    "@graph": [
        {
            "@type": "NewsArticle",
            "@id": f"{BASE}articles/ipsc/#article",
            "headline": "iPS cells help a spinal cord patient stand",
            "datePublished": "2025-03-21T10:00:00+09:00",
            "dateModified": "2025-03-22",
            "url": f"{BASE}articles/ipsc/",
            "inLanguage": "en",
            "isAccessibleForFree": True,
            "author": [{"@id": f"{BASE}people/reporter/#person"}],
            "about": {"@id": f"{BASE}studies/keio/#study"},
            "image": {
                "@type": "ImageObject",
                "@id": f"{BASE}articles/ipsc/#primaryimage",
                "url": f"{BASE}static/lead.jpg",
                "width": 1200,
                "height": 675,
            },
        },
        {
            "@type": "Person",
            "@id": f"{BASE}people/reporter/#person",
            "name": "A Reporter",
            "sameAs": ["https://www.wikidata.org/wiki/Q42"],
        },
        {
            "@type": "MedicalTrial",
            "@id": f"{BASE}studies/keio/#study",
            "name": "iPSC-derived neural cells for subacute spinal cord injury",
            "status": "https://schema.org/ResultsAvailable",
            "healthCondition": {
                "@type": "MedicalCondition",
                "@id": f"{BASE}conditions/sci/#condition",
                "name": "Spinal cord injury",
            },
            "studyLocation": {
                "@type": "AdministrativeArea",
                "@id": f"{BASE}studies/keio/#studylocation",
                "name": "Tokyo",
            },
            "description": "A first-in-human trial.",
        },
    ],
}


def _pyld_graph(document: dict[str, Any]) -> Graph:
    nquads = jsonld.to_rdf(
        document, {"documentLoader": make_document_loader(), "format": "application/n-quads"}
    )
    return Graph().parse(data=nquads, format="nt")  # default graph only


def _oxigraph_graph(document: dict[str, Any]) -> Graph:
    quads = pyoxigraph.parse(orjson.dumps(document), format=pyoxigraph.RdfFormat.JSON_LD)
    ntriples = pyoxigraph.serialize([q.triple for q in quads], format=pyoxigraph.RdfFormat.N_TRIPLES)
    return Graph().parse(data=ntriples.decode("utf-8"), format="nt")


@pytest.mark.parametrize("minimal", [False, True], ids=["full-context", "minimal-context"])
def test_pyld_and_pyoxigraph_agree(minimal: bool) -> None:
    if not hasattr(pyoxigraph.RdfFormat, "JSON_LD"):
        pytest.skip("this pyoxigraph cannot parse JSON-LD")
    expected = _pyld_graph(DOCUMENT)
    actual = _oxigraph_graph(inline_context(DOCUMENT, minimal=minimal))
    assert len(expected) == len(actual) > 20
    assert isomorphic(expected, actual)
    predicates = {str(p) for p in expected.predicates()}
    assert "http://schema.org/healthCondition" in predicates
    assert all(p.startswith("http://schema.org/") or p.endswith("#type") for p in predicates)


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("minimal", [False, True], ids=["full-context", "minimal-context"])
def test_pyld_and_rdflib_agree(minimal: bool) -> None:
    document = orjson.dumps(inline_context(DOCUMENT, minimal=minimal)).decode("utf-8")
    assert isomorphic(_pyld_graph(DOCUMENT), Graph().parse(data=document, format="json-ld"))
