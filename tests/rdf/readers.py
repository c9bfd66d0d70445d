"""Read JSON-LD with each standard processor and compare what they read, term by term."""

from __future__ import annotations

import json
import subprocess
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
import pyoxigraph as ox
from pyld import jsonld
from rdflib import Dataset

from publisher.resources import schemas_dir
from publisher.vocab.context import CONTEXT_FILE
from publisher.vocab.loader import inline_context, make_document_loader

Document = dict[str, Any]
HERE = Path(__file__).resolve().parent


def parse_nquads(data: bytes | str) -> set[ox.Quad]:
    """Quads as pyoxigraph reads them: terms compare by their exact lexical form."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return set(ox.parse(raw, format=ox.RdfFormat.N_QUADS))


def parse_rdf(data: bytes, fmt: ox.RdfFormat) -> set[ox.Quad]:
    quads = ox.parse(data, format=fmt)
    return {q if isinstance(q, ox.Quad) else ox.Quad(q.subject, q.predicate, q.object) for q in quads}


def triples(quads: Iterable[ox.Quad]) -> set[ox.Triple]:
    return {q.triple for q in quads}


def by_pyld(documents: Iterable[Document]) -> set[ox.Quad]:
    loader = make_document_loader()
    out: set[ox.Quad] = set()
    for document in documents:
        out |= parse_nquads(jsonld.to_rdf(document, {"documentLoader": loader, "format": "application/n-quads"}))
    return out


def by_rdflib(documents: Iterable[Document]) -> set[ox.Quad]:
    out: set[ox.Quad] = set()
    for document in documents:
        dataset = Dataset()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset.parse(data=orjson.dumps(inline_context(document)).decode("utf-8"), format="json-ld")
            out |= parse_nquads(dataset.serialize(format="nquads", encoding="utf-8"))
    return out


def by_pyoxigraph(documents: Iterable[Document]) -> set[ox.Quad]:
    out: set[ox.Quad] = set()
    for document in documents:
        out |= set(ox.parse(orjson.dumps(inline_context(document, minimal=True)), format=ox.RdfFormat.JSON_LD))
    return out


def by_jsonld_js(package: Path, documents: list[Document], tmp: Path) -> set[ox.Quad]:
    source = tmp / "documents.json"
    source.write_text(json.dumps(documents))
    result = subprocess.run(
        ["node", str(HERE / "jsonld_to_nquads.js"), str(package), str(schemas_dir() / CONTEXT_FILE),
         str(source)],
        capture_output=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    return parse_nquads(result.stdout)


def assert_same(actual: set[Any], expected: set[Any], what: str = "") -> None:
    """Equal sets, or a message naming a few statements on each side."""
    if actual == expected:
        return
    missing = sorted(str(x) for x in expected - actual)[:5]
    extra = sorted(str(x) for x in actual - expected)[:5]
    raise AssertionError(
        f"{what}: {len(expected - actual)} missing, {len(actual - expected)} extra\n"
        f"missing: {missing}\nextra: {extra}"
    )


def no_blank_nodes(quads: Iterable[ox.Quad]) -> bool:
    return not any(
        isinstance(term, ox.BlankNode) for q in quads for term in (q.subject, q.object, q.graph_name)
    )
