"""What standard processors read from our JSON-LD, and from the built pages' embedded blocks, is
the graph ``publisher export`` writes: pyld (with our offline loader), rdflib, pyoxigraph and, when
Node.js is on the machine, jsonld.js. Terms are compared by their exact lexical form."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import orjson
import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from publisher.publish.build import build_site
from publisher.render.pages import iter_pages
from publisher.render.rdf import jsonld_document, site_graphs
from publisher.site import Site
from tests.rdf.conftest import export_bytes
from tests.rdf.readers import (
    assert_same,
    by_jsonld_js,
    by_pyld,
    by_pyoxigraph,
    by_rdflib,
    no_blank_nodes,
    parse_nquads,
    triples,
)

READERS = {"pyld": by_pyld, "rdflib": by_rdflib, "pyoxigraph": by_pyoxigraph}


class _JsonLdBlocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def embedded_documents(out: Path) -> list[dict]:
    documents = []
    for page in sorted(out.rglob("*.html")):
        parser = _JsonLdBlocks()
        parser.feed(page.read_text(encoding="utf-8"))
        assert len(parser.blocks) == 1, page
        documents.append(orjson.loads(parser.blocks[0]))
    return documents


def the_site(request: pytest.FixtureRequest, name: str) -> Site:
    return request.getfixturevalue(f"{name}_site")


SITES = ["example", "corpus"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, example_site, corpus_site) -> dict[str, list[dict]]:
    out = {}
    for name, site in (("example", example_site), ("corpus", corpus_site)):
        target = tmp_path_factory.mktemp(f"built-{name}") / "site"
        build_site(site, target)
        out[name] = embedded_documents(target)
    return out


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("name", SITES)
def test_processors_read_the_export_from_the_jsonld(request, name: str, reader: str) -> None:
    site = the_site(request, name)
    exported = parse_nquads(export_bytes(site, "nt"))
    assert no_blank_nodes(exported)
    read = READERS[reader]([page.document for page in iter_pages(site)])
    assert no_blank_nodes(read)
    assert_same(triples(read), triples(exported), f"{reader} on {name}")


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("name", SITES)
def test_processors_read_the_export_from_the_built_pages(request, built, name: str, reader: str) -> None:
    site = the_site(request, name)
    documents = built[name]
    assert len(documents) == len(list(iter_pages(site)))
    read = READERS[reader](documents)
    assert_same(triples(read), triples(parse_nquads(export_bytes(site, "nt"))), f"{reader} on built {name}")


@pytest.mark.parametrize("name", SITES)
def test_named_graphs_are_what_pyld_reads(request, name: str) -> None:
    """The N-Quads equal pyld's reading of the named-graph JSON-LD the export is derived from."""
    site = the_site(request, name)
    document = jsonld_document(site_graphs(site), named=True)
    assert_same(by_pyld([document]), parse_nquads(export_bytes(site, "nq")), f"named graphs of {name}")


def test_rdflib_isomorphic_on_the_example(example_site, built) -> None:
    exported = Graph().parse(data=export_bytes(example_site, "nt").decode("utf-8"), format="nt")
    from_pages = Graph()
    for quad in by_rdflib(built["example"]):
        from_pages.parse(data=str(quad.triple) + " .\n", format="nt")
    assert len(exported) == len(from_pages) > 400
    assert isomorphic(exported, from_pages)


@pytest.mark.parametrize("name", SITES)
def test_jsonld_js_reads_the_export(request, built, jsonld_js: Path, tmp_path: Path, name: str) -> None:
    site = the_site(request, name)
    expected = triples(parse_nquads(export_bytes(site, "nt")))
    pages = [page.document for page in iter_pages(site)]
    assert_same(triples(by_jsonld_js(jsonld_js, pages, tmp_path)), expected, f"jsonld.js on {name}")
    assert_same(triples(by_jsonld_js(jsonld_js, built[name], tmp_path)), expected,
                f"jsonld.js on built {name}")
    named = jsonld_document(site_graphs(site), named=True)
    assert_same(by_jsonld_js(jsonld_js, [named], tmp_path), parse_nquads(export_bytes(site, "nq")),
                f"jsonld.js named graphs of {name}")


def test_values_survive_every_step(corpus_site) -> None:
    """Hard strings, dates, numbers and booleans come out as the processors agree they should."""
    nt = parse_nquads(export_bytes(corpus_site, "nt"))
    objects = {q.object for q in nt if isinstance(q.object, ox.Literal)}
    values = {o.value for o in objects}
    assert any("</script>" in v for v in values)
    assert any("\u2028" in v for v in values)
    assert any('Quote "double" and \\backslash\\' in v for v in values)
    assert any("日本語" in v for v in values)
    kinds = {o.datatype.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1] for o in objects}
    assert {"Date", "integer", "boolean", "string"} <= kinds
