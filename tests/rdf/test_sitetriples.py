"""The site's triples as canonical text (``publisher.render.sitetriples``): the same graphs and the
same union as reading every page's nodes (``site_graphs`` then ``graph_lines``, which the other
tests prove equal to a JSON-LD processor's reading), sorted by ``sorted()``; the canonical text of
any blocks of lines is their lines sorted, each once."""

from __future__ import annotations

import io
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher import load_site
from publisher.render.rdf import SiteGraph, site_graphs, write_export
from publisher.render.sitetriples import canonical_texts, graph_lines, site_triples, union_texts
from publisher.site import Site
from tests.conftest import EXAMPLE, generated_corpus
from tests.hardening.fuzzing import budget

DRAFT = "---\ntype: NewsArticle\nheadline: Draft\ndraft: true\n---\nBody\n"
CITING = ("---\ntype: NewsArticle\nheadline: Citing {n}\ndatePublished: 2025-01-{n:02d}\n"
          "citation: articles/draft\n---\nBody\n")


def reference(site: Site, drafts: bool = False) -> dict[str, list[str]]:
    """Each graph's canonical lines, read node by node."""
    return {name: sorted(set(lines)) for name, lines in graph_lines(site_graphs(site, drafts)).items()}


def assert_same(site: Site, drafts: bool = False, jobs: int | None = None) -> dict[str, list[str]]:
    expected = reference(site, drafts)
    named = site_triples(site, drafts, named=True, jobs=jobs)
    got = {name: data.decode("utf-8") for name, data in named.graphs.items()}
    assert got == {name: "".join(lines) for name, lines in expected.items()}
    assert list(got) == list(expected)  # page order
    assert named.count == sum(map(len, expected.values()))
    union = sorted({line for lines in expected.values() for line in lines})
    triples = site_triples(site, drafts, named=False, jobs=jobs)
    assert b"".join(triples.union).decode("utf-8") == "".join(union)
    assert triples.count == len(union)
    return expected


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return load_site(generated_corpus(tmp_path_factory, "sitetriples", 80, 0))


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_corpus_site(corpus_site: Site, jobs: int) -> None:
    """In one part, or in parts read by forked processes whose units are merged."""
    assert_same(corpus_site, jobs=jobs)


@pytest.mark.parametrize("jobs", [1, 2])
def test_parts_with_text_beyond_ascii(tmp_path_factory: pytest.TempPathFactory, jobs: int) -> None:
    """A part whose text is not all ASCII (its units' offsets are counted in bytes, not characters)."""
    root = generated_corpus(tmp_path_factory, "beyond-ascii", 40, 1)
    for path in sorted((root / "content" / "people").glob("*.yaml"))[:3]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("name: ", "name: Zoë Ångström-", 1), encoding="utf-8")
    site = load_site(root)
    assert_same(site, jobs=jobs)
    assert b"Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m-" in b"".join(site_triples(site, named=False, jobs=jobs).union)


@pytest.mark.parametrize("jobs", [1, 2])
def test_example_site(jobs: int) -> None:
    assert_same(load_site(EXAMPLE), jobs=jobs)


@pytest.mark.parametrize("drafts", [False, True])
def test_a_node_no_page_owns_goes_to_the_first_page_that_carries_it(make_site, drafts: bool) -> None:
    """A draft cited by every article: without ``--drafts`` its node has no page of its own, and
    the related records' nodes must be read on every page."""
    files = {f"content/articles/c{n:02d}.md": CITING.format(n=n) for n in range(1, 13)}
    files["content/articles/draft.md"] = DRAFT
    site = load_site(make_site(files))
    expected = assert_same(site, drafts, jobs=2)
    draft = "/articles/draft/#article>"
    holders = [name for name, lines in expected.items()
               if any(line.split(" ", 1)[0].endswith(draft) for line in lines)]
    assert len(holders) == 1
    assert holders[0].endswith("/articles/draft/" if drafts else "/articles/c01/")  # the first record page


@pytest.mark.parametrize("fmt", ["nt", "nq"])
def test_export_bytes_are_the_sorted_lines(corpus_site: Site, fmt: str) -> None:
    graphs = reference(corpus_site)
    if fmt == "nq":
        quads = [line[:-2] + f"<{name}> .\n" for name, lines in graphs.items() for line in lines]
        expected = "".join(sorted(quads, key=lambda quad: (quad.rsplit(" ", 2)[-2], quad))).encode("utf-8")
    else:
        expected = "".join(sorted({line for lines in graphs.values() for line in lines})).encode("utf-8")
    out = io.BytesIO()
    assert write_export(corpus_site, fmt, out) == expected.count(b"\n")
    assert out.getvalue() == expected


def test_a_literal_with_a_line_separator_read_by_the_processor_stays_one_line() -> None:
    """A node the direct writer does not know (a float) goes to the processor; its text is split
    at ``\\n`` only, not at U+2028 or U+0085."""
    node = {"@id": "https://x/a", "ratingValue": 4.5, "name": "a\u2028b\x85c"}
    graphs = [SiteGraph("https://x/", [node])]
    union = "".join(union_texts(graphs))
    assert union == "".join(sorted(set(graph_lines(graphs)["https://x/"])))
    assert '<https://x/a> <http://schema.org/name> "a\u2028b\x85c" .\n' in union
    assert union.count("\n") == 2


_subjects = st.sampled_from(["<https://x/a>", "<https://x/a#b>", "<https://x/a/>", "<https://x/ab>",
                             "_:b1", "_:b10", "_:b1a", "<https://x/\u00e9>"])
_tails = st.lists(st.sampled_from(['<https://x/p> "1"', '<https://x/p> "1 "', '<https://x/p> "\u00e9"',
                                   "<https://x/p> <https://x/a>", "<https://x/q> _:b1", "<https://x/q> _:b10",
                                   '<https://x/p> "a b" <https://x/g>']), max_size=4)


@budget(200)
@given(st.lists(st.tuples(_subjects, _tails), max_size=12))
def test_canonical_texts_are_the_lines_sorted_each_once(blocks: list[tuple[str, list[str]]]) -> None:
    """Subjects that are prefixes of others, repeated lines and subjects, lines that are prefixes."""
    lines = [f"{subject} {tail} .\n" for subject, tails in blocks for tail in tails]
    written = [(subject, "".join(sorted({f"{subject} {tail} .\n" for tail in tails}))) for subject, tails in blocks]
    assert "".join(canonical_texts(written)) == "".join(sorted(set(lines)))


def test_a_listing_node_outside_its_graph_reads_the_site_in_one_part(
        corpus_site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parts start before the listing pages are known: when one of their nodes turns out not to
    name its graph, the parts are stopped and the site is read in one part, with the same result."""
    from publisher.render import sitetriples

    asked: list[int] = []

    def refuse(pages: list[object], urls: set[str]) -> bool:
        asked.append(len(pages))
        return False

    monkeypatch.setattr(sitetriples, "_own_graphs", refuse)
    assert_same(corpus_site, jobs=2)
    assert asked  # the parallel path was tried, and left


def test_claims_cover_every_record_once_across_processes() -> None:
    """Spans claimed by forked processes from one counter: every item once, none twice; a process
    that leaves the last items stops before them, and one that leaves none takes them."""
    from publisher.parallel import fork_map
    from publisher.render.sitetriples import _Claims

    claims = _Claims(1000, 64)
    try:
        def claim(leave: int) -> list[tuple[int, int]]:
            spans = []
            while (span := claims.next(leave)) is not None:
                spans.append(span)
            return spans

        late, early = fork_map(claim, [0, 300], 2)
        assert all(start < 700 for start, _ in early)
        spans = sorted(late + early)
        assert spans[0][0] == 0 and spans[-1][1] == 1000
        assert all(one[1] == two[0] for one, two in itertools.pairwise(spans))
        assert claims.next() is None
    finally:
        claims.close()


def test_no_shared_lock_reads_the_site_in_one_part(corpus_site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """A system without semaphores (no /dev/shm) cannot share the parts' counter: one part, the same
    triples, no error."""
    import multiprocessing

    def refuse() -> object:
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(multiprocessing, "Lock", refuse)
    assert_same(corpus_site, jobs=2)
