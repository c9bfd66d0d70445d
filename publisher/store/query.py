"""SPARQL SELECT, ASK and CONSTRUCT/DESCRIBE over the site's graph, a local store or an endpoint.

In memory and in a local store the default graph is the union of the named graphs, so queries need
no ``GRAPH`` clause. An endpoint decides that for itself (Oxigraph: ``?union-default-graph`` on the
query URL or ``oxigraph serve --union-default-graph``; GraphDB: always; Fuseki: the dataset's
``unionDefaultGraph`` setting).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from publisher.render.rdf import PREFIXES
from publisher.store import StoreError
from publisher.store.gsp import RESULTS_ACCEPT, HttpClient, check_url

Results = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]
FORMATS = ("table", "json", "csv", "tsv", "turtle", "nt")
WIDTH = 60  # characters per table cell; longer values are clipped (use csv or json for all)
_RESULTS_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


_KINDS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
          "tsv": ox.QueryResultsFormat.TSV}


class QueryError(Exception):
    """The query is not valid SPARQL (exit status 2); the message is the parser's."""


# IRIs, strings and comments of a SPARQL text, removed before looking for a SERVICE keyword
_NOT_KEYWORDS = re.compile(r"""<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#[^\n]*""")
_SERVICE = re.compile(r"(?<![:\w?$])SERVICE\b", re.IGNORECASE)


def calls_service(query: str) -> bool:
    """Does the query federate (``SERVICE <endpoint>``)? Long strings are rare enough to ignore."""
    return _SERVICE.search(_NOT_KEYWORDS.sub(" ", query)) is not None


def run_local(store: ox.Store, query: str) -> Results:
    """Run ``query`` on a local store. ``SERVICE`` is refused: the query engine would fetch from
    the endpoint it names, and publisher fetches nothing on its own (query that endpoint with
    ``--endpoint`` instead)."""
    if calls_service(query):
        raise QueryError("SERVICE is not allowed in a local query: publisher fetches nothing from the "
                         "network on its own; query the remote endpoint with --endpoint instead")
    try:
        return store.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"invalid SPARQL: {exc}") from None
    except OSError as exc:
        raise StoreError(f"the query failed: {exc}") from None


def run_remote(endpoint: str, query: str, client: HttpClient) -> Results:
    """The SPARQL 1.1 protocol: POST the query, read JSON/XML/CSV results or RDF back."""
    check_url(endpoint)
    response = client.request(
        "POST", endpoint, "query", content=query.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": RESULTS_ACCEPT},
    )
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    data = response.content
    try:
        results_format = _RESULTS_FORMATS.get(media_type)
        if results_format is not None:
            return ox.parse_query_results(data, format=results_format)
        rdf_format = ox.RdfFormat.from_media_type(media_type) if media_type else None
        if rdf_format is not None:
            return [q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(data, format=rdf_format)]
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"query: cannot read the endpoint's answer ({media_type}): {exc}") from None
    raise StoreError(f"query: the endpoint answered with an unexpected media type {media_type!r}")


@dataclass(frozen=True, slots=True)
class Rendered:
    text: bytes
    rows: int  # solutions, triples, 1 for a boolean; -1 when not counted


def _term_text(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return term.value if not isinstance(term, ox.BlankNode) else f"_:{term.value}"
    return str(term)


def _table(variables: list[str], rows: list[list[str]]) -> str:
    widths = [len(v) for v in variables]
    for row in rows:
        widths = [max(w, min(len(cell), WIDTH)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: list[str]) -> str:
        clipped = [c if len(c) <= WIDTH else c[: WIDTH - 1] + "…" for c in cells]
        return "  ".join(c.ljust(w) for c, w in zip(clipped, widths, strict=True)).rstrip()

    out = [line(variables), "  ".join("-" * w for w in widths)]
    out.extend(line(row) for row in rows)
    return "\n".join(out) + "\n"


def render(results: Results, fmt: str) -> Rendered:
    """Results in ``fmt``: table/json/csv/tsv for SELECT and ASK (SPARQL results formats for
    json/csv/tsv), turtle/nt for CONSTRUCT and DESCRIBE (table gives Turtle, json gives JSON-LD)."""
    if isinstance(results, ox.QueryBoolean):
        if fmt in ("turtle", "nt"):
            raise ValueError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; ASK: table, json, csv, tsv")
        if fmt == "table":
            return Rendered(b"true\n" if bool(results) else b"false\n", 1)
        return Rendered(results.serialize(format=_KINDS[fmt]) + b"\n", 1)
    if isinstance(results, ox.QuerySolutions):
        if fmt in ("json", "csv", "tsv"):
            return Rendered(results.serialize(format=_KINDS[fmt]), -1)
        if fmt not in ("table",):
            raise ValueError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; SELECT: table, json, csv, tsv")
        variables = [v.value for v in results.variables]
        rows = [[_term_text(s[v]) for v in variables] for s in results]
        return Rendered(_table(variables, rows).encode("utf-8"), len(rows))
    triples = sorted(results, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    if fmt in ("table", "turtle", "csv", "tsv"):
        rdf = ox.RdfFormat.TURTLE if fmt in ("table", "turtle") else ox.RdfFormat.N_TRIPLES
    elif fmt == "json":
        rdf = ox.RdfFormat.JSON_LD
    else:
        rdf = ox.RdfFormat.N_TRIPLES
    prefixes = PREFIXES if rdf in (ox.RdfFormat.TURTLE,) else None
    return Rendered(ox.serialize(triples, format=rdf, prefixes=prefixes) or b"", len(triples))
