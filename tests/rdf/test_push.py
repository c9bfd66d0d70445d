"""``publisher push`` against a real Oxigraph server the tests start and stop (marked ``store``)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from publisher import load_site
from publisher.render.pages import iter_pages
from publisher.site import Site
from publisher.store import StoreError
from publisher.store.gsp import GraphStore, HttpClient, Retry
from publisher.store.push import SHA256, manifest_name, push
from tests.conftest import EXAMPLE
from tests.rdf.conftest import OxigraphServer, Ran, export_bytes, invoke
from tests.rdf.readers import assert_same, parse_nquads

pytestmark = pytest.mark.store
BASE = "https://ips-spinal-cord.example/"
PAGES = len(list(iter_pages(load_site(EXAMPLE))))  # one graph per page


def run(*args: str) -> Ran:
    return invoke(*args, text=True)


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "site"))


def backend(server: OxigraphServer, retries: int = 1) -> GraphStore:
    return GraphStore(server.store, HttpClient(timeout=5, retry=Retry(retries=retries, backoff=0.01)))


def stored(server: OxigraphServer) -> set[ox.Quad]:
    return parse_nquads(server.nquads())


def assert_store_is_the_site(server: OxigraphServer, site: Site) -> None:
    """The store holds exactly the export's named graphs, plus a manifest with one hash per graph."""
    quads = stored(server)
    manifest = ox.NamedNode(manifest_name(site))
    assert_same({q for q in quads if q.graph_name != manifest}, parse_nquads(export_bytes(site, "nq")),
                "store vs export")
    entries = [q for q in quads if q.graph_name == manifest]
    graphs = {q.graph_name for q in quads if q.graph_name != manifest}
    assert {q.subject for q in entries} == graphs
    assert len(entries) == len(graphs) and all(q.predicate.value == SHA256 for q in entries)


def by_graph(quads: set[ox.Quad]) -> dict[str, set[ox.Quad]]:
    out: dict[str, set[ox.Quad]] = {}
    for quad in quads:
        out.setdefault(quad.graph_name.value, set()).add(quad)
    return out


def test_first_and_second_push(oxigraph: OxigraphServer) -> None:
    site = load_site(EXAMPLE)
    first = push(site, backend(oxigraph))
    assert first.graphs_put == PAGES and first.triples_put == len(parse_nquads(export_bytes(site, "nq")))
    assert_store_is_the_site(oxigraph, site)
    before = oxigraph.nquads()
    written: list[str] = []
    second = push(site, backend(oxigraph), progress=lambda action, graph: written.append(graph))
    assert second.graphs_put == 0 and written == [] and not second.plan.changes
    assert len(second.plan.unchanged) == PAGES
    assert oxigraph.nquads() == before


def test_an_edited_record_replaces_only_its_graph(oxigraph: OxigraphServer, site_copy: Path) -> None:
    push(load_site(site_copy), backend(oxigraph))
    before = by_graph(stored(oxigraph))
    person = site_copy / "content/people/anya-sharma.yaml"
    person.write_text(person.read_text().replace("jobTitle: Neurologist", "jobTitle: Consultant neurologist"))
    edited = load_site(site_copy)
    result = push(edited, backend(oxigraph))
    page = BASE + "people/anya-sharma/"
    assert [c.name for c, reason in result.plan.put] == [page]
    assert result.plan.put[0][1] == "changed"
    after = by_graph(stored(oxigraph))
    changed = {g for g in before.keys() | after.keys() if before.get(g) != after.get(g)}
    assert changed == {page, manifest_name(edited)}
    assert_store_is_the_site(oxigraph, edited)


def test_a_deleted_record_is_dropped_with_prune(oxigraph: OxigraphServer, site_copy: Path) -> None:
    before = load_site(site_copy)
    push(before, backend(oxigraph))
    (site_copy / "content/articles/archyde-interview-anya-sharma.md").unlink()
    smaller = load_site(site_copy)
    page = BASE + "articles/archyde-interview-anya-sharma/"
    gone = {p.url for p in iter_pages(before)} - {p.url for p in iter_pages(smaller)}
    assert page in gone
    dry = push(smaller, backend(oxigraph), dry_run=True)
    assert set(dry.plan.stale) == gone and dry.graphs_put == 0
    kept = push(smaller, backend(oxigraph))
    # only listings change (home, sections, archive, topics); no other record's graph does
    changed = {c.name for c, _ in kept.plan.put}
    records = {r.page_url for r in smaller.records.values()}
    assert BASE in changed and BASE + "articles/" in changed and not changed & records
    assert page in by_graph(stored(oxigraph))
    pruned = push(smaller, backend(oxigraph), prune=True)
    assert set(pruned.plan.delete) == gone and pruned.graphs_put == 0
    assert page not in by_graph(stored(oxigraph))
    assert_store_is_the_site(oxigraph, smaller)


def kill_after(server: OxigraphServer, graphs: int) -> Callable[[str, str], None]:
    """A push progress callback that kills ``server`` once ``graphs`` graphs are reported done."""
    done: list[str] = []

    def progress(action: str, graph: str) -> None:
        done.append(graph)
        if len(done) == graphs:
            server.kill()

    return progress


@pytest.mark.parametrize("jobs", [1, 4])
def test_server_stopped_mid_push(oxigraph: OxigraphServer, jobs: int) -> None:
    site = load_site(EXAMPLE)
    with pytest.raises(StoreError) as caught:
        push(site, backend(oxigraph), progress=kill_after(oxigraph, 5), jobs=jobs, batch=1)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("PUT <") and "cannot connect" in message
    assert "2 attempt(s)" in message
    oxigraph.start()  # same folder, same port
    partial = stored(oxigraph)
    assert 0 < len({q.graph_name for q in partial}) <= PAGES
    rerun = push(site, backend(oxigraph), jobs=jobs)
    assert 0 < rerun.graphs_put <= PAGES
    assert_store_is_the_site(oxigraph, site)
    assert push(site, backend(oxigraph)).graphs_put == 0


@pytest.mark.parametrize("jobs", [1, 4])
def test_server_stopped_mid_batched_push(oxigraph: OxigraphServer, jobs: int) -> None:
    """Batches of 2 graphs: each request replaces its graphs and records their hashes together.

    The server dies after the first batch is done; at most ``2 * jobs`` batches were in flight.
    """
    site = load_site(EXAMPLE)
    with pytest.raises(StoreError) as caught:
        push(site, backend(oxigraph), progress=kill_after(oxigraph, 2), jobs=jobs, batch=2)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("UPDATE <") and "more graph(s)" in message
    oxigraph.start()
    partial = by_graph(stored(oxigraph))
    manifest = manifest_name(site)
    recorded = {q.subject.value for q in partial.get(manifest, set())}
    assert recorded and recorded == set(partial) - {manifest}  # every graph written is recorded
    assert len(recorded) % 2 == 0 and len(recorded) < PAGES
    rerun = push(site, backend(oxigraph), jobs=jobs, batch=2)
    assert rerun.graphs_put == PAGES - len(recorded)
    assert_store_is_the_site(oxigraph, site)
    assert push(site, backend(oxigraph)).graphs_put == 0


def test_batched_and_single_pushes_store_the_same(oxigraph: OxigraphServer, tmp_path: Path) -> None:
    site = load_site(EXAMPLE)
    first = push(site, backend(oxigraph), batch=1)
    single = oxigraph.nquads()
    assert first.graphs_put == PAGES
    assert push(site, backend(oxigraph), force=True, batch=7, jobs=2).graphs_put == PAGES
    assert parse_nquads(oxigraph.nquads()) == parse_nquads(single)
    assert_store_is_the_site(oxigraph, site)


class Refuses:
    """A store that answers the n-th PUT with a 4xx, as a store with a size limit would."""

    def __init__(self, inner: GraphStore, n: int) -> None:
        self.inner, self.n, self.puts = inner, n, 0

    def __getattr__(self, name: str):
        return getattr(self.inner, name)

    def put(self, graph: str, ntriples: bytes) -> None:
        self.puts += 1
        if self.puts == self.n:
            raise StoreError(f"PUT <{graph}>: the store answered 413 Payload Too Large")
        self.inner.put(graph, ntriples)


def test_a_refused_graph_stops_the_push_and_the_rest_is_recorded(oxigraph: OxigraphServer) -> None:
    site = load_site(EXAMPLE)
    with pytest.raises(StoreError, match="413"):
        push(site, Refuses(backend(oxigraph), 7), batch=1)
    rerun = push(site, backend(oxigraph))
    assert rerun.graphs_put == PAGES - 6  # the six graphs written before the refusal are skipped
    assert_store_is_the_site(oxigraph, site)


def test_cli_push_dry_run_and_store_errors(oxigraph: OxigraphServer, tmp_path: Path) -> None:
    dry = run("push", str(EXAMPLE), "--endpoint", oxigraph.store, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.count("would put") == PAGES and "nothing was written" in dry.stdout
    assert stored(oxigraph) == set()
    real = run("push", str(EXAMPLE), "--endpoint", oxigraph.store)
    assert real.returncode == 0 and f"Pushed {PAGES} graph(s)" in real.stdout
    again = run("push", str(EXAMPLE), "--endpoint", oxigraph.store)
    assert "Pushed 0 graph(s)" in again.stdout and f"{PAGES} unchanged" in again.stdout
    answer = run("query", "--endpoint", oxigraph.store + "?union-default-graph", "-f", "csv",
                 "SELECT ?n WHERE { ?p a <http://schema.org/Person> ; <http://schema.org/name> ?n } ORDER BY ?n")
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.splitlines() == ["n", "Anya Sharma", "Hideyuki Okano"]
    oxigraph.stop()
    down = run("push", str(EXAMPLE), "--endpoint", oxigraph.store, "--retries", "0", "--all")
    assert down.returncode == 2 and "Traceback" not in down.stderr
    first = next(line for line in down.stderr.splitlines() if line.startswith("publisher: error:"))
    assert first.startswith("publisher: error: GET <") and "cannot connect" in first
    refused = run("push", str(EXAMPLE), "--endpoint", "http://user:secret@127.0.0.1:1/store")
    assert refused.returncode == 2 and "PUBLISHER_STORE_USER" in refused.stderr
    assert "secret" not in refused.stderr
