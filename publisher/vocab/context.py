"""The JSON-LD context served for ``"@context": "https://schema.org"``, built from the index.

It follows the rules of schema.org's own generator for ``https://schema.org/docs/jsonldcontext.jsonld``
(``software/util/sdojsonldcontext.py`` in schemaorg/schemaorg), so that expanding our pages gives
exactly the triples a standard processor gets from the official context:

* ``"@vocab": "http://schema.org/"`` and ``"schema": "http://schema.org/"``: schema.org's context
  maps terms to **http**, not https (for compatibility), and so do we. Our RDF therefore uses
  ``http://schema.org/`` IRIs, like every standard processor's.
* ``"type": "@type"``, ``"id": "@id"``, ``"HTML": {"@id": "rdf:HTML"}``, and a prefix for every
  namespace the vocabulary's build binds, except ``geo``.
* One term per type, property and enumeration member: ``"about": {"@id": "schema:about"}``.
* Type coercion of a property, only when ``Text`` is not in its range: ``"@type": "@id"`` when
  ``URL`` is (``url``, ``sameAs``, ``contentUrl``), ``"@type": "Date"`` when ``Date`` is
  (``datePublished``, ``birthDate``); ``Date`` expands against ``@vocab`` to the datatype
  ``http://schema.org/Date``. Upstream's generator tests for ``"Datetime"`` (sic), so properties
  ranged over ``DateTime`` only (``endTime``, ``dateReceived``) are not coerced, and neither are we.

Upstream pull request schemaorg/schemaorg#4854 (2026) removes every ``@type`` from the generated
context. Set ``TYPE_COERCION = False`` (and run ``make vocab``) to follow it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from publisher.vocab import Vocabulary

__all__ = ["CONTEXT_FILE", "SCHEMA_VOCAB", "TYPE_COERCION", "build_context", "context_document"]

CONTEXT_FILE = "schemaorg-context.jsonld"
SCHEMA_VOCAB = "http://schema.org/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
TYPE_COERCION = True


def _coercion(ranges: tuple[str, ...]) -> str | list[str] | None:
    if "Text" in ranges:
        return None
    types = sorted({"@id" for r in ranges if r == "URL"} | {"Date" for r in ranges if r == "Date"})
    if not types:
        return None
    return types[0] if len(types) == 1 else types


def build_context(vocab: Vocabulary, *, type_coercion: bool = TYPE_COERCION) -> dict[str, Any]:
    """``{"@context": {...}}`` for the vocabulary, by schema.org's rules (see the module doc)."""
    context: dict[str, Any] = {
        "type": "@type",
        "id": "@id",
        "HTML": {"@id": "rdf:HTML"},
        "@vocab": SCHEMA_VOCAB,
    }
    namespaces: Mapping[str, str] = {"rdf": RDF, **vocab.namespaces}
    for prefix, namespace in namespaces.items():
        if prefix == "geo":
            continue
        context[prefix] = SCHEMA_VOCAB if prefix == "schema" else namespace
    context["schema"] = SCHEMA_VOCAB
    for name in (*vocab.type_names(), *vocab.member_names()):
        context[name] = {"@id": f"schema:{name}"}
    for name in vocab.property_names():
        term: dict[str, Any] = {"@id": f"schema:{name}"}
        coercion = _coercion(vocab.ranges(name)) if type_coercion else None
        if coercion is not None:
            term["@type"] = coercion
        context[name] = term
    return {"@context": dict(sorted(context.items()))}


@cache
def context_document() -> dict[str, Any]:
    """Our schema.org context (``schemas/schemaorg-context.jsonld``), cached. Do not mutate it.

    Falls back to building it from the index when the file is missing.
    """
    from publisher.resources import schemas_dir
    from publisher.vocab import _loads, load_vocabulary

    path = schemas_dir() / CONTEXT_FILE
    if path.is_file():
        document: dict[str, Any] = _loads(path.read_bytes())
        return document
    return build_context(load_vocabulary())
