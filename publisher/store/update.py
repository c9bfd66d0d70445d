"""SPARQL 1.1 Update text that replaces many named graphs in one request.

Why one request: a store applies a SPARQL update request as one transaction (Oxigraph, Fuseki,
GraphDB do), so a batch of graphs replaced together is still "each graph old or new", and a
thousand small requests cost far more than their triples (a round trip, a transaction and, on
Oxigraph, a RocksDB commit each). The manifest entries of the batch ride in the same request, so a
graph and its recorded hash change together.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["has_blank_nodes", "replace_graphs"]


def has_blank_nodes(ntriples: bytes) -> bool:
    """Whether the triples may hold a blank node (``_:``; a literal containing it counts too).

    SPARQL Update forbids one blank node label in two ``INSERT DATA`` operations of a request, so
    such a graph is sent on its own.
    """
    return b"_:" in ntriples


def replace_graphs(graphs: Iterable[tuple[str, bytes]], add: tuple[str, bytes] | None = None) -> bytes:
    """``DROP SILENT GRAPH`` + ``INSERT DATA`` for each ``(name, N-Triples)``; then add ``add``'s triples.

    N-Triples lines are valid triples inside ``INSERT DATA`` (same IRIs, literals and escapes).
    """
    parts: list[bytes] = []
    for name, ntriples in graphs:
        graph = f"<{name}>".encode()
        parts += (b"DROP SILENT GRAPH ", graph, b" ;\n")
        if ntriples:
            parts += (b"INSERT DATA { GRAPH ", graph, b" {\n", ntriples, b"} } ;\n")
    if add is not None and add[1]:
        parts += (b"INSERT DATA { GRAPH <", add[0].encode(), b"> {\n", add[1], b"} } ;\n")
    body = b"".join(parts)
    return body[:-3] + b"\n" if body.endswith(b" ;\n") else body
