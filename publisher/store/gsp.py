"""The SPARQL 1.1 Graph Store HTTP Protocol (and the SPARQL query protocol) over httpx.

Graphs are named with indirect identification (``?graph=<uri>``), so one client speaks to any
store: Oxigraph (``/store``), Apache Jena Fuseki (``/{dataset}/data``), GraphDB
(``/repositories/{repo}/rdf-graphs/service``), Virtuoso (``/sparql-graph-crud``), Amazon Neptune
(``/sparql/gsp/``).

* Credentials come from the environment only: ``PUBLISHER_STORE_TOKEN`` (Bearer), or
  ``PUBLISHER_STORE_USER`` and ``PUBLISHER_STORE_PASSWORD`` (Basic). A URL with a user name or
  password in it is refused, so that no secret ends up in a shell history or a process list.
* Timeouts, connection errors and 5xx answers are retried with exponential backoff
  (``backoff * 2**n`` seconds). A 4xx answer is not retried: it becomes a :class:`StoreError`
  naming the method, the graph, the status and the server's own message.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from publisher import __version__
from publisher.store import StoreError
from publisher.store.update import replace_graphs

TOKEN_VAR = "PUBLISHER_STORE_TOKEN"
USER_VAR = "PUBLISHER_STORE_USER"
PASSWORD_VAR = "PUBLISHER_STORE_PASSWORD"
NTRIPLES = "application/n-triples"
SPARQL_UPDATE = "application/sparql-update"
RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/n-quads;q=0.8, application/rdf+xml;q=0.5"
RESULTS_ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
    "application/sparql-results+xml;q=0.5, text/csv;q=0.2"
)

_QUERY_ENDPOINTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?P<root>.*)/store/?$"), r"\g<root>/query"),  # Oxigraph
    (re.compile(r"^(?P<root>.*/repositories/[^/]+)/rdf-graphs/service/?$"), r"\g<root>"),  # GraphDB
    (re.compile(r"^(?P<root>.*)/sparql/gsp/?$"), r"\g<root>/sparql"),  # Neptune
    (re.compile(r"^(?P<root>.*)/sparql-graph-crud(-auth)?/?$"), r"\g<root>/sparql"),  # Virtuoso
    (re.compile(r"^(?P<root>.*/[^/]+)/data/?$"), r"\g<root>/sparql"),  # Fuseki
]


_UPDATE_ENDPOINTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?P<root>.*)/store/?$"), r"\g<root>/update"),  # Oxigraph
    # GraphDB
    (re.compile(r"^(?P<root>.*/repositories/[^/]+)/rdf-graphs/service/?$"), r"\g<root>/statements"),
    (re.compile(r"^(?P<root>.*/[^/]+)/data/?$"), r"\g<root>/update"),  # Fuseki
]


def update_endpoint_for(url: str) -> str | None:
    """The SPARQL update endpoint beside a Graph Store endpoint, by the store's convention, if known.

    ``http://h:7878/store`` -> ``http://h:7878/update``; ``http://h:3030/ds/data`` ->
    ``http://h:3030/ds/update``; ``.../repositories/r/rdf-graphs/service`` ->
    ``.../repositories/r/statements``.
    ``None`` for other URLs: graphs are then written one ``PUT`` at a time.
    """
    base = url.partition("?")[0]
    for pattern, replacement in _UPDATE_ENDPOINTS:
        if pattern.match(base):
            return pattern.sub(replacement, base)
    return None


def query_endpoint_for(url: str) -> str:
    """The SPARQL query endpoint beside a Graph Store endpoint, by each store's convention.

    ``http://h:7878/store`` -> ``http://h:7878/query``; ``http://h:3030/ds/data`` ->
    ``http://h:3030/ds/sparql``; ``.../repositories/r/rdf-graphs/service`` -> ``.../repositories/r``.
    Any other URL is taken to be the query endpoint itself.
    """
    base, _, query = url.partition("?")
    for pattern, replacement in _QUERY_ENDPOINTS:
        if pattern.match(base):
            derived = pattern.sub(replacement, base)
            return f"{derived}?{query}" if query else derived
    return url


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an http(s) URL: {url!r}")
    if parts.username or parts.password:
        raise StoreError(
            f"credentials in the URL are not accepted; set {USER_VAR} and {PASSWORD_VAR} "
            f"(or {TOKEN_VAR}) in the environment instead"
        )
    return url


def auth_from_environment(environ: Mapping[str, str] | None = None) -> httpx.Auth | None:
    env = os.environ if environ is None else environ
    token = env.get(TOKEN_VAR)
    user, password = env.get(USER_VAR), env.get(PASSWORD_VAR)
    if token:
        return _Bearer(token)
    if user or password:
        if not (user and password):
            raise StoreError(f"set both {USER_VAR} and {PASSWORD_VAR} for Basic authentication")
        return httpx.BasicAuth(user, password)
    return None


class _Bearer(httpx.Auth):
    def __init__(self, token: str) -> None:
        self._value = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request):  # type: ignore[no-untyped-def]
        request.headers["Authorization"] = self._value
        yield request


def _server_message(response: httpx.Response) -> str:
    text = " ".join(response.text.split()) if response.content else ""
    return text[:300] + ("…" if len(text) > 300 else "")


@dataclass
class Retry:
    retries: int = 4
    backoff: float = 0.5  # seconds; doubled after each failed attempt
    sleep: Callable[[float], None] = time.sleep


class HttpClient:
    """httpx with the retry policy and one-line errors; one connection pool for the whole run."""

    def __init__(self, *, timeout: float = 30.0, retry: Retry | None = None,
                 environ: Mapping[str, str] | None = None) -> None:
        self.retry = retry or Retry()
        self._client = httpx.Client(
            auth=auth_from_environment(environ),
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": f"publisher/{__version__}"},
            follow_redirects=False,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(self, method: str, url: str, what: str, *, ok_statuses: tuple[int, ...] = (),
                **kwargs: object) -> httpx.Response:
        """Send with retries. ``what`` names the request in errors (``PUT <graph>``)."""
        attempts = self.retry.retries + 1
        problem = ""
        for attempt in range(attempts):
            if attempt:
                self.retry.sleep(self.retry.backoff * 2 ** (attempt - 1))
            try:
                response = self._client.request(method, url, **kwargs)  # type: ignore[arg-type]
            except httpx.TimeoutException:
                problem = "timed out"
                continue
            except httpx.TransportError as exc:
                problem = f"cannot connect: {exc}" if isinstance(exc, httpx.ConnectError) else str(exc)
                problem = problem or type(exc).__name__
                continue
            if response.status_code >= 500:
                problem = f"{response.status_code} {response.reason_phrase}: {_server_message(response)}"
                continue
            if response.status_code >= 400 and response.status_code not in ok_statuses:
                raise StoreError(
                    f"{what}: the store answered {response.status_code} {response.reason_phrase}"
                    + (f": {_server_message(response)}" if response.content else "")
                )
            return response
        raise StoreError(f"{what}: {problem.rstrip('.: ')} ({attempts} attempt(s), {url.split('?')[0]})")


class GraphStore:
    """Named graphs of a store over the Graph Store HTTP Protocol."""

    def __init__(self, endpoint: str, client: HttpClient) -> None:
        self.endpoint = check_url(endpoint)
        self.client = client
        self.update_endpoint = update_endpoint_for(endpoint)
        self.batches = self.update_endpoint is not None  # SPARQL update known: many graphs a request

    def describe(self) -> str:
        return self.endpoint

    def _params(self, graph: str) -> dict[str, str]:
        return {"graph": graph}

    def get(self, graph: str) -> tuple[bytes, str] | None:
        """The graph's content and media type, or ``None`` when the store has no such graph."""
        response = self.client.request(
            "GET", self.endpoint, f"GET <{graph}>", ok_statuses=(404,), params=self._params(graph),
            headers={"Accept": RDF_ACCEPT},
        )
        if response.status_code == 404:
            return None
        return response.content, response.headers.get("content-type", NTRIPLES)

    def put(self, graph: str, ntriples: bytes) -> None:
        """Replace the graph as a whole (one request: the store applies it atomically)."""
        self.client.request("PUT", self.endpoint, f"PUT <{graph}>", params=self._params(graph),
                            content=ntriples, headers={"Content-Type": NTRIPLES})

    def post(self, graph: str, ntriples: bytes) -> None:
        """Add triples to the graph (an RDF merge; adding the same triple twice changes nothing)."""
        self.client.request("POST", self.endpoint, f"POST <{graph}>", params=self._params(graph),
                            content=ntriples, headers={"Content-Type": NTRIPLES})

    def delete(self, graph: str) -> None:
        """Drop the graph; a graph that is already gone is fine."""
        self.client.request("DELETE", self.endpoint, f"DELETE <{graph}>", ok_statuses=(404,),
                            params=self._params(graph))

    def replace_many(self, graphs: list[tuple[str, bytes]], add: tuple[str, bytes] | None = None) -> None:
        """Replace the graphs and add ``add``'s triples with one SPARQL update (one transaction)."""
        if self.update_endpoint is None:
            raise StoreError(f"no SPARQL update endpoint is known for {self.endpoint}")
        more = f" and {len(graphs) - 1} more graph(s)" if len(graphs) > 1 else ""
        what = f"UPDATE <{graphs[0][0]}>{more}"
        self.client.request("POST", self.update_endpoint, what, content=replace_graphs(graphs, add),
                            headers={"Content-Type": SPARQL_UPDATE})
