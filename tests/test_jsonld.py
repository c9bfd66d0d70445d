"""Identifiers and JSON-LD: stable ids, no blank nodes, same bytes on rebuild, safe in <script>."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest

from publisher import load_site, record_jsonld
from publisher.link.ids import Identifiers
from publisher.render.jsonld import dumps, script_json
from publisher.render.pages import iter_pages

from .conftest import EXAMPLE


def walk_nodes(value: Any):
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from walk_nodes(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk_nodes(item)


def test_identifier_scheme() -> None:
    ids = Identifiers("https://x.example/")
    assert ids.entity("articles/a") == "https://x.example/articles/a/#article"
    assert ids.entity("people/p") == "https://x.example/people/p/#person"
    assert ids.entity("organizations/o") == "https://x.example/organizations/o/#organization"
    assert ids.entity("studies/s") == "https://x.example/studies/s/#study"
    assert ids.entity("conditions/c") == "https://x.example/conditions/c/#condition"
    assert ids.website == "https://x.example/#website"
    assert ids.page("people/p") == "https://x.example/people/p/"
    page = "https://x.example/articles/a/"
    assert Identifiers.nested(page, "/image/0") == page + "#primaryimage"
    assert Identifiers.nested(page, "/image/1") == page + "#image-2"
    assert Identifiers.nested(page, "/logo") == page + "#logo"
    assert Identifiers.nested(page, "/studyLocation/0/address") == page + "#studylocation-address"


def test_ids_do_not_depend_on_order_or_time(make_site) -> None:
    files = {
        "content/people/a.yaml": "type: Person\nname: A\nurl: https://a.example/\n",
        "content/people/b.yaml": "type: Person\nname: B\nurl: https://b.example/\n",
    }
    one = load_site(make_site(files, name="one"))
    two = load_site(make_site(dict(reversed(list(files.items()))), name="two"))
    assert {r: x.id for r, x in one.records.items()} == {r: x.id for r, x in two.records.items()}


@pytest.fixture(scope="module")
def example_site():
    return load_site(EXAMPLE)


def test_no_blank_nodes_structurally(example_site) -> None:
    for page in iter_pages(example_site):
        for node in walk_nodes(page.document["@graph"]):
            assert "@id" in node, (page.url, node)


def test_no_blank_nodes_in_parsed_triples(example_site) -> None:
    # A minimal inline context is enough to see the graph's shape: every subject and object
    # that is not a literal must be an IRI.
    for page in iter_pages(example_site):
        document = dict(page.document)
        document["@context"] = {"@vocab": "http://schema.org/"}
        quads = pyoxigraph.parse(json.dumps(document), format=pyoxigraph.RdfFormat.JSON_LD)
        for quad in quads:
            assert not isinstance(quad.subject, pyoxigraph.BlankNode), quad
            assert not isinstance(quad.object, pyoxigraph.BlankNode), quad


def test_same_bytes_every_time(tmp_path: Path) -> None:
    first = [dumps(p.document) for p in iter_pages(load_site(EXAMPLE))]
    second = [dumps(p.document) for p in iter_pages(load_site(EXAMPLE))]
    assert first == second


def test_record_nodes_are_identical_on_every_page(example_site) -> None:
    seen: dict[str, dict[str, Any]] = {}
    for page in iter_pages(example_site):
        for node in page.document["@graph"]:
            if node["@id"] in seen:
                assert seen[node["@id"]] == node
            seen[node["@id"]] = node


def test_article_page_graph_is_connected(example_site) -> None:
    doc = record_jsonld(example_site, "articles/nhk-ips-cells-spinal-cord-recovery")
    types = [n["@type"] for n in doc["@graph"]]
    assert types[:4] == ["WebSite", "WebPage", "BreadcrumbList", "ReportageNewsArticle"]
    assert "MedicalStudy" in types and "MedicalCondition" in types
    assert "NewsMediaOrganization" in types
    ids = {n["@id"] for n in doc["@graph"]}
    article = doc["@graph"][3]
    assert article["image"][0]["@id"].endswith("/#primaryimage")
    for ref in article["about"] + article["author"]:
        assert ref["@id"] in ids


@pytest.mark.parametrize(
    "evil",
    ["</script><script>alert(1)</script>", "<!-- x", "a\u2028b\u2029c", "&amp; <b>", "]]>"],
)
def test_script_json_cannot_close_the_element(evil: str) -> None:
    text = script_json({"name": evil})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"name": evil}
