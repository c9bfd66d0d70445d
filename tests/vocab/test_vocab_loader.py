"""The offline document loader and inline contexts: nothing ever reaches the network."""

from __future__ import annotations

import copy
import socket
from typing import Any

import pytest
from pyld import jsonld
from pyld.jsonld import JsonLdError

from publisher.vocab import loader as loader_module
from publisher.vocab.context import context_document
from publisher.vocab.loader import (
    SCHEMA_CONTEXT_URLS,
    inline_context,
    is_schema_context_url,
    make_document_loader,
)

SCHEMA_URLS = [
    "https://schema.org",
    "https://schema.org/",
    "http://schema.org",
    "http://schema.org/",
    "https://schema.org/docs/jsonldcontext.jsonld",
    "http://schema.org/docs/jsonldcontext.jsonld",
]
REMOTE = "https://example.org/contexts/other.jsonld"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Make every socket connection fail loudly, and record the attempts."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise AssertionError(f"network access attempted: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.mark.parametrize("url", SCHEMA_URLS)
def test_serves_the_schema_org_context(url: str, no_network: list[object]) -> None:
    remote = make_document_loader()(url, {})
    assert remote["documentUrl"] == url
    assert remote["contentType"] == "application/ld+json"
    assert remote["document"] == context_document()
    assert is_schema_context_url(url) and url in SCHEMA_CONTEXT_URLS
    assert no_network == []


def test_refuses_other_urls_without_opening_a_socket(no_network: list[object]) -> None:
    load = make_document_loader()
    with pytest.raises(JsonLdError) as info:
        load(REMOTE, {})
    assert info.value.code == "loading document failed"
    assert REMOTE in str(info.value.args[0])
    assert "allow-list" in str(info.value.args[0])
    assert no_network == []


def test_pyld_cannot_fetch_a_remote_context(no_network: list[object]) -> None:
    doc = {"@context": REMOTE, "@type": "Thing", "name": "x"}
    with pytest.raises(JsonLdError) as info:
        jsonld.expand(doc, {"documentLoader": make_document_loader()})
    causes = []
    error: BaseException | None = info.value
    while error is not None:
        causes.append(getattr(error, "code", None))
        error = error.__cause__
    assert "loading document failed" in causes
    assert no_network == []


def test_allow_list_delegates_to_pyld_and_only_for_allowed_urls(
    monkeypatch: pytest.MonkeyPatch, no_network: list[object]
) -> None:
    calls: list[str] = []

    def fake_requests_loader(url: str) -> Any:
        def load(url: str, options: dict[str, Any]) -> dict[str, Any]:
            calls.append(url)
            return {
                "contentType": "application/ld+json",
                "contextUrl": None,
                "documentUrl": url,
                "document": {"@context": {"x": "http://x/"}},
            }

        return load

    monkeypatch.setattr(loader_module, "_requests_loader", fake_requests_loader)
    load = make_document_loader(allow=[REMOTE])
    assert load(REMOTE, {})["document"] == {"@context": {"x": "http://x/"}}
    with pytest.raises(JsonLdError):
        load("https://example.org/not-allowed.jsonld", {})
    assert load("https://schema.org/", {})["document"] == context_document()
    assert calls == [REMOTE]
    assert no_network == []


def test_inline_context_replaces_every_schema_org_reference() -> None:
    doc = {
        "@context": "https://schema.org",
        "@graph": [
            {"@context": "http://schema.org/", "@type": "Person", "name": "A"},
            {"@context": ["https://schema.org/", {"ex": "https://example.org/"}], "@type": "Thing"},
            {"@context": "https://example.org/ctx", "@type": "Thing"},
        ],
    }
    original = copy.deepcopy(doc)
    context = context_document()["@context"]
    out = inline_context(doc)
    assert doc == original  # the input is not modified
    assert out["@context"] is context
    assert out["@graph"][0]["@context"] is context
    assert out["@graph"][1]["@context"] == [context, {"ex": "https://example.org/"}]
    assert out["@graph"][2]["@context"] == "https://example.org/ctx"
    assert inline_context([{"@context": "https://schema.org", "name": "x"}])[0]["@context"] is (context)


def test_minimal_inline_context_keeps_what_the_document_uses() -> None:
    doc = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "url": "https://example.org/a",
        "encodingFormat": "text/html",
        "sameAs": "dct:subject",
    }
    context = inline_context(doc, minimal=True)["@context"]
    full = context_document()["@context"]
    assert {"@vocab", "type", "id", "schema", "NewsArticle", "url", "sameAs", "dct"} <= set(context)
    assert context["url"] == full["url"]
    assert "birthDate" not in context
    assert len(context) < 20
