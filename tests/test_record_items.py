"""A record's items made directly (validate.records) are the items its JSON-LD node reads as."""

from __future__ import annotations

from typing import Any

import pytest

from publisher.render.jsonld import record_node
from publisher.site import Site, load_site
from publisher.validate.graph import Graph, Item, Prop
from publisher.validate.jsonld import RECORD_CONTEXT, JsonLdReader
from publisher.validate.positions import RecordSource
from publisher.validate.records import record_items
from publisher.vocab import load_vocabulary
from tests.conftest import EXAMPLE, generated_corpus

# Records at the edges of what is made directly, and past them (read as nodes instead).
ODD_RECORDS = {
    "people/odd-values.yaml": (
        "type: Person\n"
        "name: '  Odd Values '\n"
        "mainEntityOfPage: https://example.org/somewhere\n"
        "knowsAbout: [people/no-such-person, organizations/acme, 3, 2.5, true]\n"
        "worksFor: organizations/acme\n"
        "alumniOf: articles/first\n"
        "award:\n  - ''\n  - - nested\n    - people/odd-values\n  - \n"
        "address:\n  type: ' PostalAddress '\n  streetAddress: 1 Road\n  addressCountry:\n"
        "    type: Country\n    name: Elsewhere\n"
        "homeLocation:\n  name: no type here\n  geo: [1, 2]\n"
        "description:\n"
        "sameAs: []\n"
        "birthDate: 1970-01-01\n"
    ),
    "people/compact-key.yaml": "type: Person\nname: Compact\n'schema:jobTitle': Writer\n",
    "people/compact-type.yaml": "type: 'schema:Person'\nname: Compact Type\n",
    "people/nested-compact-type.yaml": (
        "type: Person\nname: Nested\naddress:\n  type: 'schema:PostalAddress'\n  streetAddress: x\n"
    ),
    "people/number-type.yaml": "type: Person\nname: Number Type\naddress:\n  type: 5\n",
    "people/no-model.yaml": "type: Person\nname: [not, a, name]\nurl: 7\n",
    "organizations/acme.yaml": "type: Organization\nname: Acme\nlogo:\n  type: ImageObject\n  url: x\n",
}


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A small corpus with the odd records added (read once: the tests only read it)."""
    root = generated_corpus(tmp_path_factory, "record-items", 12, 0)
    for name, text in ODD_RECORDS.items():
        (root / "content" / name).write_text(text, encoding="utf-8")
    first = sorted((root / "content" / "articles").iterdir())[0]
    first.rename(first.with_name("first.md"))
    return load_site(root)


def _by_node(site: Site, record: Any) -> list[Item]:
    graph = Graph()
    source = RecordSource(record.path, record.raw.source)
    JsonLdReader(source, graph, load_vocabulary(), _no_diagnostic).node(
        record_node(site, record), "", RECORD_CONTEXT, top=True)
    return graph.items


def _no_diagnostic(*args: object, **kwargs: object) -> None:
    raise AssertionError(f"a record's node gave a diagnostic: {args}")


def _directly(site: Site, record: Any) -> list[Item] | None:
    graph = Graph()
    source = RecordSource(record.path, record.raw.source)
    return graph.items if record_items(site, record, source, graph) else None


def _described(items: list[Item]) -> list[tuple[Any, ...]]:
    """The items with every attribute the rules read; items in values by their place."""
    place = {id(item): index for index, item in enumerate(items)}

    def value(v: Any) -> Any:
        return ("item", place[id(v)]) if isinstance(v, Item) else (type(v).__name__, v)

    def prop(p: Prop) -> tuple[Any, ...]:
        return (p.name, p.source.path, p.key_loc, [value(v) for v in p.values], p.locs, p.reverse)

    return [
        (item.source.path, item.loc, item.top, item.main, item.id, item.types,
         [(s.path, loc) for s, loc in item.type_locs], item.other_types, item.merged,
         [(name, [prop(p) for p in props]) for name, props in item.props.items()])
        for item in items
    ]


@pytest.mark.parametrize("which", ["corpus", "example"])
def test_items_made_directly_are_the_items_of_the_node(which: str, odd_site: Site) -> None:
    site = odd_site if which == "corpus" else load_site(EXAMPLE)
    made = 0
    for record in site.records.values():
        direct = _directly(site, record)
        if direct is None:
            continue
        made += 1
        assert _described(direct) == _described(_by_node(site, record)), record.ref
    assert made >= len(site.records) - 5


def test_records_past_the_plain_kinds_are_left_to_the_reader(odd_site: Site) -> None:
    site = odd_site
    left = {ref for ref, record in site.records.items() if _directly(site, record) is None}
    assert left == {"people/compact-key", "people/compact-type", "people/nested-compact-type",
                    "people/number-type"}
    # made directly: the values as written, for a record that does not fit its model
    assert site.records["people/no-model"].jsonld is None
