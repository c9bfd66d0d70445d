"""``publisher query`` over the site in memory and a local store; ``push --store``."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from publisher import load_site
from publisher.render.pages import iter_pages
from publisher.store.local import LocalGraphStore
from publisher.store.push import push
from tests.conftest import EXAMPLE
from tests.rdf.conftest import Ran, export_bytes, invoke
from tests.rdf.readers import parse_nquads

S = "PREFIX schema: <http://schema.org/>\n"
PEOPLE = S + "SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name"


def run(*args: str) -> Ran:
    return invoke(*args, text=True)


def test_select_formats() -> None:
    table = run("query", str(EXAMPLE), PEOPLE)
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines() == ["name", "--------------", "Anya Sharma", "Hideyuki Okano"]
    as_json = json.loads(run("query", str(EXAMPLE), PEOPLE, "-f", "json").stdout)
    assert [b["name"]["value"] for b in as_json["results"]["bindings"]] == ["Anya Sharma", "Hideyuki Okano"]
    assert run("query", str(EXAMPLE), PEOPLE, "-f", "csv").stdout.splitlines() == [
        "name", "Anya Sharma", "Hideyuki Okano"]


def test_ask_and_construct() -> None:
    assert run("query", str(EXAMPLE), S + "ASK { ?s a schema:MedicalStudy }").stdout == "true\n"
    construct = run("query", str(EXAMPLE), "-f", "nt",
                    S + "CONSTRUCT { ?s schema:name ?n } WHERE { ?s a schema:Person ; schema:name ?n }")
    assert construct.returncode == 0
    assert len(parse_nquads(construct.stdout)) == 2
    assert run("query", str(EXAMPLE), S + "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").stdout.startswith("@prefix")


def test_bad_queries_exit_two_with_the_parsers_message(tmp_path: Path) -> None:
    bad = run("query", str(EXAMPLE), "SELEC ?x WHERE {}")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.startswith("publisher: error: invalid SPARQL: error at 1:") and bad.stderr.count("\n") == 1
    assert run("query", str(EXAMPLE), PEOPLE, "-f", "nt").returncode == 2
    assert run("query", str(EXAMPLE), "   ").returncode == 2
    assert run("query").returncode == 2
    assert run("query", "--store", str(tmp_path / "none"), "ASK {}").returncode == 2
    unreachable = run("query", "--endpoint", "http://127.0.0.1:1/query", "ASK {}", "--timeout", "1")
    assert unreachable.returncode == 2 and unreachable.stderr.startswith("publisher: error: query: ")


def test_push_into_a_local_store_then_query_it(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    first = run("push", str(EXAMPLE), "--store", str(store_dir))
    assert first.returncode == 0, first.stderr
    assert f"Pushed {len(list(iter_pages(load_site(EXAMPLE))))} graph(s)" in first.stdout
    again = run("push", str(EXAMPLE), "--store", str(store_dir))
    assert "Pushed 0 graph(s)" in again.stdout
    answer = run("query", "--store", str(store_dir), PEOPLE, "-f", "csv")
    assert answer.stdout.splitlines() == ["name", "Anya Sharma", "Hideyuki Okano"]
    site = load_site(EXAMPLE)
    backend = LocalGraphStore(store_dir)
    try:
        quads = set(backend.store)
        manifest = ox.NamedNode(site.config.base_url + "#publisher-manifest")
        assert {q for q in quads if q.graph_name != manifest} == parse_nquads(export_bytes(site, "nq"))
        assert push(site, backend).graphs_put == 0
    finally:
        del backend
