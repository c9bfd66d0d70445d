"""The site's triples by graph and subject (``publisher.render.sitetriples``): the same graphs as
reading the pages' nodes one by one (``site_graphs`` then ``graph_lines``), over one process or
several, and the same export bytes."""

from __future__ import annotations

import io
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from publisher import load_site
from publisher.parallel import can_fork
from publisher.render.rdf import graph_lines, nquads_lines, ntriples_lines, site_graphs, write_export
from publisher.render.sitetriples import _bounds, merge_chunks, ordered_text, site_triples
from publisher.site import Site
from tests.conftest import EXAMPLE

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import corpus  # noqa: E402

DRAFT = "---\ntype: NewsArticle\nheadline: Draft {n}\ndraft: true\n---\nBody\n"
CITING = "---\ntype: NewsArticle\nheadline: Citing {n}\ndatePublished: 2025-01-{n:02d}\ncitation: articles/draft\n---\nBody\n"


def reference(site: Site, drafts: bool = False) -> dict[str, list[str]]:
    """Each graph's canonical lines, read node by node (the reading the tests prove equal to a processor)."""
    return {name: sorted(set(lines)) for name, lines in graph_lines(site_graphs(site, drafts)).items()}


def by_chunks(site: Site, jobs: int, drafts: bool = False) -> dict[str, list[str]]:
    triples = site_triples(site, drafts, jobs=jobs)
    return {name: triples.graph_text(name).splitlines(keepends=True) for name in triples.graphs}


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("sitetriples") / "site"
    corpus.generate(80, root)
    return load_site(root)


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_same_graphs_as_node_by_node_in_page_order(corpus_site: Site, jobs: int) -> None:
    expected = reference(corpus_site)
    got = by_chunks(corpus_site, jobs)
    assert got == expected
    assert list(got) == list(expected)  # page order


@pytest.mark.parametrize("jobs", [1, 2])
def test_example_site(jobs: int) -> None:
    site = load_site(EXAMPLE)
    assert by_chunks(site, jobs) == reference(site)


def test_shares_really_fork() -> None:
    """The test above exercises the forked path, not only the serial fallback."""
    assert can_fork()


@pytest.mark.parametrize("drafts", [False, True])
@pytest.mark.parametrize("jobs", [1, 2, 4])
def test_a_node_no_page_owns_goes_to_the_first_page_that_carries_it(make_site, jobs: int,
                                                                      drafts: bool) -> None:
    """A draft cited by every article: without ``--drafts`` its node has no page of its own."""
    files = {f"content/articles/c{n}.md": CITING.format(n=n) for n in range(1, 29)}
    files["content/articles/draft.md"] = DRAFT.format(n=0)
    site = load_site(make_site(files))
    expected = reference(site, drafts)
    assert by_chunks(site, jobs, drafts) == expected
    draft = "/articles/draft/#article>"
    holders = [name for name, lines in expected.items()
               if any(line.split(" ", 1)[0].endswith(draft) for line in lines)]
    assert len(holders) == 1  # in one graph only, whichever share read the first citing page
    assert holders[0].endswith("/articles/draft/") == drafts


@pytest.mark.parametrize("fmt", ["nt", "nq"])
def test_export_bytes_are_the_sorted_lines(corpus_site: Site, fmt: str) -> None:
    lines = graph_lines(site_graphs(corpus_site))
    expected = "".join(nquads_lines(lines) if fmt == "nq" else ntriples_lines(lines)).encode("utf-8")
    out = io.BytesIO()
    assert write_export(corpus_site, fmt, out) == expected.count(b"\n")
    assert out.getvalue() == expected


def test_merging_chunks_unites_their_lines() -> None:
    key = "<https://x/a> "
    target = {key: f"{key}<p> \"1\" .\n{key}<p> \"3\" .\n", "<https://x/b> ": "<https://x/b> <p> \"b\" .\n"}
    merge_chunks(target, {key: f"{key}<p> \"2\" .\n{key}<p> \"3\" .\n", "<https://x/c> ": "<https://x/c> <q> <r> .\n"})
    assert ordered_text(target).splitlines() == [
        '<https://x/a> <p> "1" .', '<https://x/a> <p> "2" .', '<https://x/a> <p> "3" .',
        '<https://x/b> <p> "b" .', "<https://x/c> <q> <r> .",
    ]


def test_a_literal_with_a_line_separator_is_not_split() -> None:
    key = "<https://x/a> "
    target = {key: f'{key}<p> "a\u2028b\x85c" .\n'}
    merge_chunks(target, {key: f'{key}<p> "d" .\n'})
    assert target[key] == f'{key}<p> "a\u2028b\x85c" .\n{key}<p> "d" .\n'


@pytest.mark.parametrize(("records", "listing", "parts"), [(100, 10, 2), (5, 100, 2), (0, 3, 3), (7, 0, 4)])
def test_bounds_cover_the_records_in_order(records: int, listing: int, parts: int) -> None:
    bounds = _bounds(records, listing, parts)
    assert len(bounds) == parts
    assert bounds[0][0] == 0 and bounds[-1][1] == records
    assert all(a[1] == b[0] and a[0] <= a[1] for a, b in pairwise(bounds))
