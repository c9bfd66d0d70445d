"""``publisher export``: every format reads back to the same graph; named graphs; same bytes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from publisher import load_site
from publisher.render.pages import iter_pages
from publisher.render.rdf import FORMATS, format_for_path, site_graphs
from tests.conftest import EXAMPLE
from tests.rdf.conftest import export_bytes, invoke
from tests.rdf.readers import assert_same, by_pyld, no_blank_nodes, parse_nquads, parse_rdf, triples

BASE = "https://ips-spinal-cord.example/"
READ_BACK = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    """The real entry point, in a new process."""
    return subprocess.run([sys.executable, "-m", "publisher", *args], capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def example_nq(example_site) -> set[ox.Quad]:
    return parse_nquads(export_bytes(example_site, "nq"))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("name", ["example", "corpus"])
def test_every_format_reads_back_to_the_same_graph(request, name: str, fmt: str) -> None:
    site = request.getfixturevalue(f"{name}_site")
    quads = parse_nquads(export_bytes(site, "nq"))
    data = export_bytes(site, fmt)
    union = triples(quads)
    if fmt == "jsonld":
        import orjson

        assert_same(triples(by_pyld([orjson.loads(data)])), union, "jsonld")
        return
    read = parse_rdf(data, READ_BACK[fmt])
    if fmt in ("nq", "trig"):
        assert_same(read, quads, fmt)
    else:
        assert all(q.graph_name == ox.DefaultGraph() for q in read)
        assert_same(triples(read), union, fmt)
    assert len(union) == len(parse_nquads(export_bytes(site, "nt")))


def test_graph_shape(example_nq) -> None:
    assert no_blank_nodes(example_nq)
    assert len(triples(example_nq)) > 400
    predicates = {q.predicate.value for q in example_nq}
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert all(p.startswith("http://schema.org/") or p == rdf_type for p in predicates)
    dates = [q.object for q in example_nq if q.predicate.value == "http://schema.org/datePublished"]
    assert dates and all(d.datatype == ox.NamedNode("http://schema.org/Date") for d in dates)


def test_named_graph_rule(example_site, example_nq) -> None:
    """Each statement is in the graph of its subject's page: the subject without its fragment."""
    pages = {page.url for page in iter_pages(example_site)}
    graphs = {q.graph_name.value for q in example_nq}
    assert graphs == pages
    for quad in example_nq:
        assert quad.graph_name.value == quad.subject.value.partition("#")[0], quad
    website = ox.NamedNode(BASE + "#website")
    assert {q.graph_name for q in example_nq if q.subject == website} == {ox.NamedNode(BASE)}
    okano = BASE + "people/hideyuki-okano/"
    subjects = {q.subject.value for q in example_nq if q.graph_name.value == okano}
    assert subjects == {okano, okano + "#person", okano + "#breadcrumb",
                        *(f"{okano}#breadcrumb-{i}" for i in (1, 2, 3))}


def test_export_is_the_union_of_the_pages(example_site) -> None:
    """No statement that no page makes; none that a page makes is missing (by pyld, page by page)."""
    pages = [page.document for page in iter_pages(example_site)]
    assert_same(triples(parse_nquads(export_bytes(example_site, "nt"))), triples(by_pyld(pages)), "union")


def test_a_record_node_is_read_once(example_site) -> None:
    graphs = site_graphs(example_site)
    ids = [node["@id"] for g in graphs for node in g.nodes]
    assert len(ids) == len(set(ids))
    pages = list(iter_pages(example_site))
    assert len(ids) < sum(len(p.document["@graph"]) for p in pages)


def test_same_bytes_every_time() -> None:
    for fmt in FORMATS:
        assert export_bytes(load_site(EXAMPLE), fmt) == export_bytes(load_site(EXAMPLE), fmt), fmt


@pytest.mark.parametrize("fmt", ["turtle", "rdfxml"])
def test_same_bytes_in_another_process(example_site, fmt: str) -> None:
    """No ordering from a per-process hash seed (Python's or the serializer's)."""
    assert run("export", str(EXAMPLE), "-f", fmt).stdout == export_bytes(example_site, fmt)


def test_canonical_order(example_site) -> None:
    nt = export_bytes(example_site, "nt").splitlines()
    assert nt == sorted(nt) and len(nt) == len(set(nt))
    nq = export_bytes(example_site, "nq").splitlines()
    graphs = [line.rsplit(b" ", 2)[-2] for line in nq]
    assert graphs == sorted(graphs)


def test_format_from_extension() -> None:
    assert format_for_path("g.ttl") == "turtle"
    assert format_for_path("G.NQ") == "nq"
    assert format_for_path("g.rdf") == "rdfxml"
    assert format_for_path("g.jsonld") == "jsonld"
    assert format_for_path("g.txt") is None


def test_cli_writes_files_atomically_and_infers_the_format(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "graph.ttl"
    result = invoke("export", str(EXAMPLE), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert b"Exported" in result.stderr and result.stdout == b""
    assert out.read_bytes().startswith(b"@prefix")
    assert [p.name for p in out.parent.iterdir()] == ["graph.ttl"]
    stdout = invoke("export", str(EXAMPLE), "--format", "nt")
    assert stdout.returncode == 0 and stdout.stdout.count(b"\n") > 400


def test_cli_refuses_a_site_with_errors(make_site, tmp_path: Path) -> None:
    root = make_site({"content/people/a.yaml": "type: Person\nname: A\naffiliation: organizations/x\n"})
    out = tmp_path / "graph.nq"
    out.write_bytes(b"previous\n")
    result = invoke("export", str(root), "--out", str(out))
    assert result.returncode == 1
    assert b"REF001" in result.stderr and b"Traceback" not in result.stderr
    assert out.read_bytes() == b"previous\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".graph")) == []
    forced = invoke("export", str(root), "--out", str(out), "--force")
    assert forced.returncode == 0 and out.read_bytes() != b"previous\n"


def test_cli_bad_arguments(tmp_path: Path) -> None:
    for args in (["--format", "xml"], [str(tmp_path / "missing")]):
        result = invoke("export", *args)
        assert result.returncode == 2 and b"Traceback" not in result.stderr
    (tmp_path / "file").write_text("x")
    result = invoke("export", str(EXAMPLE), "--out", str(tmp_path / "file" / "graph.nq"))
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith(b"publisher: error:")]
    assert len(errors) == 1 and errors[0].startswith(b"publisher: error: cannot write")
    assert b"Traceback" not in result.stderr


def test_drafts_stay_out_unless_asked(make_site) -> None:
    root = make_site({
        "content/articles/a.md": "---\ntype: NewsArticle\nheadline: A\ndraft: true\n---\nBody\n",
        "content/people/p.yaml": "type: Person\nname: P\nurl: https://p.example/\n",
    })
    plain = invoke("export", str(root), "-f", "nt").stdout
    drafts = invoke("export", str(root), "-f", "nt", "--drafts").stdout
    assert b"/articles/a/#article" not in plain and b"/articles/a/#article" in drafts
