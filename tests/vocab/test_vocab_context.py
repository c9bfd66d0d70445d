"""The JSON-LD context generated from the index, by schema.org's rules."""

from __future__ import annotations

from typing import Any

import pytest
from pyld import jsonld

from publisher.vocab import load_vocabulary
from publisher.vocab.context import SCHEMA_VOCAB, build_context, context_document
from publisher.vocab.loader import make_document_loader

S = "http://schema.org/"


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    document = context_document()
    assert set(document) == {"@context"}
    return document["@context"]


def test_vocab_and_prefixes_are_http(context: dict[str, Any]) -> None:
    assert context["@vocab"] == SCHEMA_VOCAB == S
    assert context["schema"] == S
    assert context["type"] == "@type"
    assert context["id"] == "@id"
    assert context["HTML"] == {"@id": "rdf:HTML"}
    assert context["rdf"] == "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    assert context["geo"] == {"@id": "schema:geo"}  # the property; the geo: prefix is left out


@pytest.mark.parametrize("name", ["url", "sameAs", "contentUrl", "thumbnailUrl"])
def test_url_ranged_properties_are_id_typed(context: dict[str, Any], name: str) -> None:
    assert context[name] == {"@id": f"schema:{name}", "@type": "@id"}


def test_date_and_text_rules(context: dict[str, Any]) -> None:
    assert context["datePublished"] == {"@id": "schema:datePublished", "@type": "Date"}
    assert context["birthDate"] == {"@id": "schema:birthDate", "@type": "Date"}
    # upstream tests for "Datetime" (sic): DateTime-only properties are not coerced
    assert context["endTime"] == {"@id": "schema:endTime"}
    # Text in the range: no coercion, even with URL or Date beside it
    assert context["additionalType"] == {"@id": "schema:additionalType"}
    assert context["applicationDeadline"] == {"@id": "schema:applicationDeadline"}
    assert context["image"] == {"@id": "schema:image", "@type": "@id"}  # ImageObject or URL
    assert context["headline"] == {"@id": "schema:headline"}


def test_every_term_is_defined(context: dict[str, Any]) -> None:
    vocab = load_vocabulary()
    for name in (*vocab.type_names(), *vocab.property_names(), *vocab.member_names()):
        assert context[name]["@id"] == f"schema:{name}"


def test_checked_in_context_matches_the_index() -> None:
    assert context_document() == build_context(load_vocabulary())


def test_without_type_coercion() -> None:
    context = build_context(load_vocabulary(), type_coercion=False)["@context"]
    assert context["url"] == {"@id": "schema:url"}
    assert not any(isinstance(v, dict) and "@type" in v for v in context.values())


def test_pyld_expands_a_news_article_to_http_schema_org() -> None:
    doc = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": "https://example.org/articles/a/#article",
        "headline": "Spinal cord study",
        "datePublished": "2025-03-21T10:00:00+09:00",
        "url": "https://example.org/articles/a/",
        "author": {"@type": "Person", "@id": "https://example.org/people/p/#person", "name": "P"},
    }
    [node] = jsonld.expand(doc, {"documentLoader": make_document_loader()})
    assert node["@type"] == [S + "NewsArticle"]
    assert node[S + "headline"] == [{"@value": "Spinal cord study"}]
    assert node[S + "url"] == [{"@id": "https://example.org/articles/a/"}]
    assert node[S + "datePublished"] == [{"@type": S + "Date", "@value": "2025-03-21T10:00:00+09:00"}]
    [author] = node[S + "author"]
    assert author["@type"] == [S + "Person"]
    assert all(key.startswith((S, "@")) for key in node)
