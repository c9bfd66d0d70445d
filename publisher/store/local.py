"""The Graph Store operations on a local pyoxigraph store folder (the embedded default).

Each replacement is one SPARQL update (``DROP SILENT GRAPH``, then ``INSERT DATA``; a batch of
graphs with :meth:`LocalGraphStore.replace_many`) and so one transaction: a graph is either the old
one or the new one, never half.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from publisher.store import StoreError
from publisher.store.update import replace_graphs


def open_store(path: Path, *, create: bool = True) -> ox.Store:
    """Open (or create) a pyoxigraph store folder, with a one-line error when it cannot be."""
    if not create and not path.is_dir():
        raise StoreError(f"no store at {path} (push into it first: publisher push --store {path})")
    try:
        if create:
            path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StoreError(f"cannot open the store at {path}: {message}") from None


class LocalGraphStore:
    def __init__(self, path: Path, store: ox.Store | None = None) -> None:
        self.path = path
        self.store = store if store is not None else open_store(path)

    def describe(self) -> str:
        return str(self.path)

    def get(self, graph: str) -> tuple[bytes, str] | None:
        node = ox.NamedNode(graph)
        if not self.store.contains_named_graph(node):
            return None
        return self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=node), "application/n-triples"

    def put(self, graph: str, ntriples: bytes) -> None:
        body = ntriples.decode("utf-8")
        self._update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}")

    def post(self, graph: str, ntriples: bytes) -> None:
        self._update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{ntriples.decode('utf-8')}}} }}")

    def delete(self, graph: str) -> None:
        self._update(f"DROP SILENT GRAPH <{graph}>")

    batches = True

    def replace_many(self, graphs: list[tuple[str, bytes]], add: tuple[str, bytes] | None = None) -> None:
        """Replace the graphs and add ``add``'s triples in one update (one transaction)."""
        self._update(replace_graphs(graphs, add).decode("utf-8"))

    def _update(self, update: str) -> None:
        try:
            self.store.update(update)
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"cannot write to the store at {self.path}: {exc}") from None

    def flush(self) -> None:
        self.store.flush()
