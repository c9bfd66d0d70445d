"""A record's node written from its values (``publisher.render.recordtriples``) is the blocks the
writer gives for ``record_node``'s node, on every record and whatever its values hold; where it
cannot write a record, it writes nothing and says so (the record is then written the usual way)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from publisher import load_site
from publisher.render import jsonld, recordtriples
from publisher.render.jsonld import record_node
from publisher.render.ntriples import Block, Unsupported, writer
from publisher.render.recordtriples import RecordTriples
from publisher.render.sitetriples import site_triples
from publisher.site import Record, Site
from tests.conftest import generated_corpus

Usual = list[Block] | str


def usual(site: Site, record: Record) -> Usual:
    """The writer's blocks for the record's node, made afresh (or why it cannot write it)."""
    site.__dict__.pop("_node_cache", None)
    blocks: list[Block] = []
    try:
        writer().write(record_node(site, record), blocks)
    except Unsupported:
        return "unsupported"
    return sorted(blocks)


def fused(triples: RecordTriples, record: Record) -> tuple[bool, list[Block]]:
    blocks: list[Block] = []
    done = triples.write(record, blocks)
    return done, sorted(blocks)


def assert_every_record_the_same(site: Site) -> int:
    """Every record the function writes, written as the writer writes it; the number written."""
    triples = RecordTriples(site, writer())
    written = 0
    for record in site.records.values():
        done, mine = fused(triples, record)
        if done:
            assert mine == usual(site, record), record.ref
            written += 1
        else:
            assert mine == [], record.ref
    return written


def test_every_record_of_the_example_site(example_site: Site) -> None:
    assert assert_every_record_the_same(example_site) == len(example_site.records)


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return load_site(generated_corpus(tmp_path_factory, "recordtriples", 60, 5))


def test_every_record_of_a_generated_corpus(corpus_site: Site) -> None:
    assert assert_every_record_the_same(corpus_site) == len(corpus_site.records)


AWKWARD: list[dict[str, Any]] = [
    {"headline": 'Quotes "here", a back\\slash, a\ttab, a\nline, Zoë, \ufffe and \u2028'},
    {"keywords": ["b", "a", "b", 'a "quoted" one', "ünïcode"]},
    {"author": ["people/nobody-at-all"]},  # a reference to no record: a string
    {"about": ["studies/nothing-of-the-kind", "a/b", "not a reference"]},
    {"publisher": "organizations/nobody-either"},
    {"description": "a/b/c: a slash, no reference"},
    {"keywords": []},  # no triple: written the usual way
    {"description": None},  # no triple: written the usual way
    {"inLanguage": 1.5},  # the writer does not write a float
    {"inLanguage": 12},
    {"inLanguage": True},
    {"image": [{"type": "ImageObject", "url": "https://e.org/a.jpg"}, {"type": "ImageObject", "url": "https://e.org/b.jpg"}]},
    {"image": {"type": "ImageObject", "url": "https://e.org/only.jpg", "caption": "One \"image\""}},
    {"mainEntityOfPage": "https://elsewhere.example/"},  # record_node sets its own
]


@pytest.mark.parametrize("change", AWKWARD, ids=[next(iter(change)) + f"-{i}" for i, change in enumerate(AWKWARD)])
def test_awkward_values(corpus_site: Site, change: dict[str, Any]) -> None:
    """The first article proves the function for articles' keys; a later article, changed, is then
    written by it (or, where it cannot be, by nothing), as the writer writes its node."""
    articles = corpus_site.of_kind("articles")
    triples = RecordTriples(corpus_site, writer())
    assert triples.write(articles[0], [])  # proved on an ordinary article
    record = articles[1]
    values = dict(record.jsonld or {})
    values.update(change)
    changed = dataclasses.replace(record, jsonld=values)
    corpus_site.__dict__.pop("_node_cache", None)  # a site's nodes are made once: this one changed
    done, mine = fused(triples, changed)
    expected = usual(corpus_site, changed)
    if done:
        assert mine == expected
    else:
        assert mine == []
        if change in ({"keywords": []}, {"description": None}, {"inLanguage": 1.5}):
            return  # the usual way writes it without that key, or hands it to the processor
        pytest.fail(f"not written: {change}")


def test_a_value_of_no_triple_or_one_the_writer_refuses_is_left_to_the_usual_way(corpus_site: Site) -> None:
    articles = corpus_site.of_kind("articles")
    triples = RecordTriples(corpus_site, writer())
    assert triples.write(articles[0], [])
    for change in ({"keywords": []}, {"description": None}, {"inLanguage": 1.5}):
        changed = dataclasses.replace(articles[1], jsonld={**(articles[1].jsonld or {}), **change})
        blocks: list[Block] = [("<x>", "kept\n")]
        assert not triples.write(changed, blocks)
        assert blocks == [("<x>", "kept\n")]  # nothing added, not even a nested node's block


def test_a_record_whose_node_is_on_another_page_is_not_written(corpus_site: Site) -> None:
    record = corpus_site.of_kind("articles")[0]
    elsewhere = dataclasses.replace(record, id="https://bench.example/people/somebody/#article")
    assert not RecordTriples(corpus_site, writer()).write(elsewhere, [])


def test_a_function_that_does_not_prove_itself_is_not_used(
        corpus_site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were record_node to make a node of another shape (a property more), the functions no longer
    match it: every record is written the usual way."""
    made = jsonld.record_node

    def with_more(site: Site, record: Record) -> dict[str, Any]:
        node = dict(made(site, record))
        node["copyrightYear"] = 2025
        return node

    monkeypatch.setattr(recordtriples, "record_node", with_more)
    triples = RecordTriples(corpus_site, writer())
    assert not any(triples.write(record, []) for record in corpus_site.records.values())
    assert triples._fills and not any(triples._fills.values())


def test_keys_without_a_type_or_with_a_keyword_get_no_function(corpus_site: Site) -> None:
    triples = RecordTriples(corpus_site, writer())
    record = corpus_site.of_kind("articles")[0]
    values = dict(record.jsonld or {})
    untyped = {key: value for key, value in values.items() if key != "type"}
    assert not triples.write(dataclasses.replace(record, jsonld=untyped), [])
    assert not triples.write(dataclasses.replace(record, jsonld={**values, "@id": "https://e.org/x"}), [])


def test_the_site_triples_are_those_of_the_nodes(corpus_site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole export with records written from their values, and with every record's node made
    and written by the writer: the same text."""
    direct = b"".join(site_triples(corpus_site, named=False, jobs=1).union)
    monkeypatch.setattr(RecordTriples, "write", lambda self, record, blocks: False)
    corpus_site.__dict__.pop("_node_cache", None)
    assert b"".join(site_triples(corpus_site, named=False, jobs=1).union) == direct
