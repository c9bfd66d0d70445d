"""Offline JSON-LD document loading: schema.org's context is served locally, nothing is fetched.

* :func:`make_document_loader` gives a pyld document loader. It answers the schema.org context URLs
  (``https://schema.org``, ``http://schema.org/``, ``.../docs/jsonldcontext.jsonld``, ...) with our
  context and refuses every other URL with pyld's ``JsonLdError`` (code
  ``loading document failed``). A URL in the explicit ``allow`` list is handed to pyld's own
  requests-based loader: publisher itself never opens a connection.
* :func:`inline_context` replaces those URLs in a document by the context object, for processors
  that cannot load a remote context at all (pyoxigraph).

    from pyld import jsonld
    jsonld.expand(doc, {"documentLoader": make_document_loader()})
    pyoxigraph.parse(orjson.dumps(inline_context(doc)), format=pyoxigraph.RdfFormat.JSON_LD)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from publisher.vocab.context import context_document

if TYPE_CHECKING:  # pyld is imported when a loader is made, not by every command that reads JSON-LD
    from pyld.jsonld import JsonLdError

__all__ = [
    "SCHEMA_CONTEXT_URLS",
    "DocumentLoader",
    "inline_context",
    "is_schema_context_url",
    "make_document_loader",
]

SCHEMA_CONTEXT_URLS = frozenset(
    f"{scheme}://schema.org{path}"
    for scheme in ("http", "https")
    for path in ("", "/", "/docs/jsonldcontext.jsonld", "/docs/jsonldcontext.json")
)

RemoteDocument = dict[str, Any]
DocumentLoader = Callable[..., RemoteDocument]
T = TypeVar("T")


def is_schema_context_url(url: object) -> bool:
    return isinstance(url, str) and url.strip() in SCHEMA_CONTEXT_URLS


def _refuse(url: str, reason: str) -> JsonLdError:
    from pyld.jsonld import JsonLdError

    return JsonLdError(
        f"Refusing to load {url!r}: {reason}",
        "jsonld.LoadDocumentError",
        {"url": url},
        code="loading document failed",
    )


def make_document_loader(allow: Iterable[str] = ()) -> DocumentLoader:
    """A pyld document loader that never touches the network on its own.

    ``allow`` lists URLs (exact matches) that may be loaded by pyld's requests loader.
    """
    allowed = frozenset(allow)
    delegate: list[DocumentLoader] = []

    def load(url: str, options: Mapping[str, Any] | None = None) -> RemoteDocument:
        if is_schema_context_url(url):
            document = context_document()
            return {
                "contentType": "application/ld+json",
                "contextUrl": None,
                "documentUrl": url,
                "document": {"@context": dict(document["@context"])},
            }
        if url not in allowed:
            raise _refuse(
                url,
                "publisher loads no documents from the network; only the schema.org context is "
                "available (served locally). Add the URL to an explicit allow-list to load it.",
            )
        if not delegate:
            delegate.append(_requests_loader(url))
        return delegate[0](url, dict(options or {}))

    return load


def _requests_loader(url: str) -> DocumentLoader:
    try:
        import requests  # noqa: F401  (pyld's loader needs it)
        from pyld.jsonld import requests_document_loader
    except ImportError as exc:
        raise _refuse(url, "it is allow-listed, but loading it needs the 'requests' package") from exc
    loader: DocumentLoader = requests_document_loader()
    return loader


def inline_context(document: T, *, minimal: bool = False) -> T:
    """A copy of the document with every schema.org context URL replaced by our context object.

    Handles ``"@context"`` at any depth (top level, ``@graph`` nodes, nested objects) and inside
    context arrays (``["https://schema.org", {...}]``). The full context object is shared, not
    copied: do not mutate it.

    With ``minimal=True`` the context keeps only what this document can use: ``@vocab``, the
    ``type``/``id`` aliases, the terms it names (keys and ``@type`` values) and the prefixes its
    strings use. The expansion (and so the RDF) is the same, and a processor that handles the
    context on every parse (pyoxigraph) gets ~10x faster than with the 3,000 terms of the full one.
    """
    full = context_document()["@context"]
    context = _minimal_context(document, full) if minimal else full

    def context_value(value: Any) -> Any:
        if is_schema_context_url(value):
            return context
        if isinstance(value, list):
            return [context if is_schema_context_url(item) else item for item in value]
        return value

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                key: context_value(item) if key == "@context" else walk(item) for key, item in value.items()
            }
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    result: T = walk(document)
    return result


_ALWAYS = ("@vocab", "type", "id", "schema")


def _minimal_context(document: object, full: Mapping[str, Any]) -> dict[str, Any]:
    """The part of ``full`` that expanding ``document`` can consult (see :func:`inline_context`)."""
    used: set[str] = set(_ALWAYS)

    def note(text: str) -> None:
        if text in full:
            used.add(text)
        prefix, colon, rest = text.partition(":")
        if colon and not rest.startswith("//") and prefix in full:
            used.add(prefix)

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "@context":
                    continue
                note(key)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            note(value)

    walk(document)
    for term in list(used):  # a term's own definition may use a prefix (rdf:HTML)
        definition = full.get(term)
        iri = definition.get("@id") if isinstance(definition, dict) else None
        if isinstance(iri, str):
            note(iri)
    return {term: full[term] for term in sorted(used) if term in full}
