"""The direct N-Triples writer (``publisher.render.ntriples``) reads our JSON-LD exactly as pyoxigraph's
JSON-LD processor does: the same triples, the same bytes, the processor as fallback for the rest."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from publisher import load_site
from publisher.render.ntriples import RDF_TYPE, Unsupported, escape_literal, writer
from publisher.render.processor import processor_lines as processor_reading
from publisher.render.rdf import SiteGraph, load_store_jsonld, site_graphs
from publisher.render.sitetriples import graph_lines, quads_texts, sorted_graphs, union_texts
from tests.conftest import EXAMPLE
from tests.hardening.fuzzing import budget

ROOT = Path(__file__).resolve().parents[2]
VALIDATION = ROOT / "tests" / "validate" / "corpus"
GRAPH = "https://news.example/g/"


def processor_lines(graphs: list[SiteGraph]) -> dict[str, list[str]]:
    """Each graph's triples as pyoxigraph's JSON-LD processor reads them (sorted N-Triples lines)."""
    return {name: sorted(lines) for name, lines in processor_reading(graphs).items()}


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


def direct_lines(graphs: list[SiteGraph]) -> dict[str, list[str]]:
    return {name: sorted(set(lines)) for name, lines in graph_lines(graphs).items()}


def assert_isomorphic(ours: list[str], theirs: list[str], what: str) -> None:
    if ours == theirs:
        return
    if not any("_:" in line for line in ours + theirs):
        assert ours == theirs, what
    left = Graph().parse(data="".join(ours), format="nt")
    right = Graph().parse(data="".join(theirs), format="nt")
    assert isomorphic(left, right), what


# --- literals and terms -----------------------------------------------------------------------


def test_literal_escapes_match_pyoxigraph_over_all_of_unicode() -> None:
    subject, predicate = ox.NamedNode("http://a/s"), ox.NamedNode("http://a/p")
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    text = ox.serialize([ox.Triple(subject, predicate, ox.Literal(c)) for c in chars],
                        format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    lines = text.split(" .\n")[:-1]
    assert len(lines) == len(chars)
    head = "<http://a/s> <http://a/p> "
    for char, line in zip(chars, lines, strict=True):
        assert line == f'{head}"{escape_literal(char)}"', hex(ord(char))


def test_terms_types_and_values() -> None:
    node = {
        "@type": ["NewsArticle", "Thing2"],
        "@id": "https://news.example/a/#article",
        "headline": 'Say "hi"\n\\',
        "url": "https://news.example/a/",
        "datePublished": "2025-03-21",
        "wordCount": 12,
        "isAccessibleForFree": True,
        "comment": None,
        "keywords": ["a", None, "b"],
        "author": {"@id": "https://news.example/p/#person"},
        "image": [{"@type": "ImageObject", "@id": "https://news.example/a/#image", "contentUrl": "https://x/y.png"}],
        "madeUpProperty": "kept, against @vocab",
    }
    lines = sorted(writer().node(node))
    schema = "http://schema.org/"
    s = "<https://news.example/a/#article>"
    expected = sorted([
        f"{s} {RDF_TYPE} <{schema}NewsArticle> .\n",
        f"{s} {RDF_TYPE} <{schema}Thing2> .\n",
        f'{s} <{schema}headline> "Say \\"hi\\"\\n\\\\" .\n',
        f"{s} <{schema}url> <https://news.example/a/> .\n",
        f'{s} <{schema}datePublished> "2025-03-21"^^<{schema}Date> .\n',
        f'{s} <{schema}wordCount> "12"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
        f'{s} <{schema}isAccessibleForFree> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n',
        f'{s} <{schema}keywords> "a" .\n',
        f'{s} <{schema}keywords> "b" .\n',
        f"{s} <{schema}author> <https://news.example/p/#person> .\n",
        f"{s} <{schema}image> <https://news.example/a/#image> .\n",
        f"<https://news.example/a/#image> {RDF_TYPE} <{schema}ImageObject> .\n",
        f"<https://news.example/a/#image> <{schema}contentUrl> <https://x/y.png> .\n",
        f'{s} <{schema}madeUpProperty> "kept, against @vocab" .\n',
    ])
    assert lines == expected
    assert processor_lines([SiteGraph(GRAPH, [node])])[GRAPH] == expected


@pytest.mark.parametrize("node", [
    {"@id": "https://x/a", "name": {"@value": "x", "@language": "en"}},
    {"@id": "https://x/a", "ratingValue": 4.5},
    {"@id": "https://x/a", "author": {"name": "no @id: a blank node"}},
    {"@id": "_:b0", "name": "blank subject"},
    {"@id": "https://x/a", "url": "relative/path"},
    {"@id": "https://x/a", "url": "schema:Thing"},
    {"@id": "https://x/a", "sameAs": "https://x/ü"},
    {"@id": "https://x/a/../b", "name": "dot segments"},
    {"@id": "https://x/a", "schema:name": "a compact IRI key"},
    {"@id": "https://x/a", "type": "Person"},
    {"@id": "https://x/a", "@reverse": {"author": {"@id": "https://x/b"}}},
    {"@id": "https://x/a", "keywords": [["nested"]]},
    {"@id": "https://x/a", "datePublished": 2025},
    {"@id": "https://x/a", "wordCount": 2**63},
    {"@id": "https://x/a", "@context": {"name": "http://example.org/name"}, "name": "own context"},
    {"@id": "https://x/a", "@type": "schema:Thing"},
])
def test_what_the_writer_does_not_know_goes_to_the_processor(node: dict[str, Any]) -> None:
    with pytest.raises(Unsupported):
        writer().node(node)
    graphs = [SiteGraph(GRAPH, [node, {"@id": "https://x/c", "name": "written directly"}])]
    ours, theirs = direct_lines(graphs)[GRAPH], processor_lines(graphs)[GRAPH]
    assert '<https://x/c> <http://schema.org/name> "written directly" .\n' in ours
    assert_isomorphic(ours, theirs, str(node))


# --- whole sites --------------------------------------------------------------------------------


def test_example_site_same_bytes_as_the_processor() -> None:
    graphs = site_graphs(load_site(EXAMPLE))
    writer_ = writer()
    for graph in graphs:  # the fast path covers every node of our own pages
        for node in graph.nodes:
            writer_.node(node)
    named = b"".join(quads_texts(sorted_graphs(graphs)))
    assert named == b"".join(canonical_lines(load_store_jsonld(graphs, named=True), named=True))
    union = "".join(union_texts(graphs)).encode("utf-8")
    assert union == b"".join(canonical_lines(load_store_jsonld(graphs, named=False), named=False))


@pytest.mark.parametrize("site", sorted(p.name for p in (VALIDATION / "sites").iterdir() if p.is_dir()))
def test_validation_corpus_sites(site: str) -> None:
    graphs = site_graphs(load_site(VALIDATION / "sites" / site))
    assert direct_lines(graphs) == processor_lines(graphs)


_SCRIPT = re.compile(r"<script[^>]*application/ld\+json[^>]*>(.*?)</script", re.S | re.I)


def _page_nodes(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8", errors="replace")
    blocks = [text] if path.suffix == ".jsonld" else _SCRIPT.findall(text)
    nodes: list[dict[str, Any]] = []
    for block in blocks:
        try:
            document = json.loads(block)
        except ValueError:
            continue
        for item in document if isinstance(document, list) else [document]:
            if isinstance(item, dict):
                nodes.append(item)
    return nodes


@pytest.mark.parametrize("page", sorted(p.name for p in (VALIDATION / "pages").iterdir()))
def test_validation_corpus_pages(page: str) -> None:
    """Other people's JSON-LD (mostly the processor's job): the mix is still what the processor reads."""
    graphs = [SiteGraph(GRAPH, nodes)] if (nodes := _page_nodes(VALIDATION / "pages" / page)) else []
    if not graphs:
        pytest.skip("no JSON-LD object in the page")
    try:
        theirs = processor_lines(graphs)[GRAPH]
    except (SyntaxError, ValueError, TypeError):
        pytest.skip("the processor itself refuses the page")
    assert_isomorphic(direct_lines(graphs)[GRAPH], theirs, page)


# --- any record's node --------------------------------------------------------------------------

_names = st.sampled_from(["name", "headline", "url", "sameAs", "datePublished", "birthDate", "keywords",
                          "author", "about", "wordCount", "isAccessibleForFree", "madeUp", "HTML",
                          "inLanguage", "contentUrl"])
_iris = st.sampled_from(["https://news.example/a/", "https://news.example/p/#person", "http://x.org/a?b=c#d",
                         "https://x/%41%7e", "https://x/a b", "https://x/ü", "relative", "_:b1",
                         "http://x", "https://x:8080/a?b/?c#d?/", "https://x/a#b#c", "https://x/%4g"])
_scalars = st.one_of(st.text(), _iris, st.integers(-(2**64), 2**64), st.booleans(), st.none(),
                     st.floats(allow_nan=False, allow_infinity=False))


def _nodes(depth: int) -> st.SearchStrategy[dict[str, Any]]:
    value = _scalars if depth == 0 else st.one_of(_scalars, st.fixed_dictionaries({"@id": _iris}),
                                                  _nodes(depth - 1))
    return st.builds(
        lambda iri, types, props: {"@id": iri, **({"@type": types} if types else {}), **props},
        _iris,
        st.one_of(st.none(), st.sampled_from(["Person", "NewsArticle", "MadeUpType"]),
                  st.lists(st.sampled_from(["Person", "Thing"]), max_size=2)),
        st.dictionaries(_names, st.one_of(value, st.lists(value, max_size=3)), max_size=5),
    )


@budget(150)
@given(st.lists(_nodes(2), min_size=1, max_size=4))
@example([{"@id": "https://x/a", "name": "\u2028\x85\ufffe\x7f\x00\"\\"}])
def test_any_nodes_read_as_the_processor_reads_them(nodes: list[dict[str, Any]]) -> None:
    graphs = [SiteGraph(GRAPH, nodes)]
    try:
        theirs = processor_lines(graphs)[GRAPH]
    except (SyntaxError, ValueError, TypeError):
        return  # the processor refuses these nodes (an invalid IRI, say): so does the fallback
    assert_isomorphic(direct_lines(graphs)[GRAPH], theirs, repr(nodes))


@budget(300)
@given(st.sampled_from(["https://x/a", "https://x/a/", "http://x", "https://x/a?b=c", "https://x/%41",
                        "https://x/a/.b", "https://x/a b"]),
       st.text(st.sampled_from("ab1-_~/?.%#4g:@ü "), max_size=6))
def test_a_fragment_after_a_checked_iri_is_checked_as_the_whole_iri(base: str, fragment: str) -> None:
    """The writer checks only the fragment of ``base#fragment`` once ``base`` is checked: the same
    verdict as checking the whole IRI."""
    from publisher.render.ntriples import _iri_term

    direct = writer()
    with contextlib.suppress(Unsupported):
        direct.node({"@id": base})
    iri = f"{base}#{fragment}"
    try:
        expected: str | None = _iri_term(iri)
    except Unsupported:
        expected = None
    try:
        got: str | None = direct.node({"@id": iri, "name": "x"})[0].split(" ", 1)[0]
    except Unsupported:
        got = None
    assert got == expected


def test_a_shape_written_again_escapes_what_its_strings_need() -> None:
    """Nodes of one shape share a compiled writer, which looks at all of a node's strings at once:
    the one string that needs escaping is escaped, the others are not, in a list too."""
    def node(n: int, name: str, keywords: list[str]) -> dict[str, Any]:
        return {"@type": "Thing", "@id": f"https://x/{n}", "name": name, "description": "plain",
                "datePublished": "2025-01-01", "keywords": keywords}

    nodes = [node(1, "plain", ["a", "b"]), node(2, 'say "hi"\n', ["a", "tab\there"]),
             node(3, "\ufffe", ["\x7f", "b"]), node(4, "caf\u00e9 \u2028", ["\\", "b"])]
    graphs = [SiteGraph(GRAPH, nodes)]
    assert direct_lines(graphs)[GRAPH] == processor_lines(graphs)[GRAPH]
