"""The Graph Store client against a scripted loopback server: retries, 4xx errors, credentials."""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from publisher.store import StoreError
from publisher.store.gsp import (
    GraphStore,
    HttpClient,
    Retry,
    auth_from_environment,
    check_url,
    query_endpoint_for,
)


class Script:
    """Answers to give, in order: (status, body, delay seconds); the last one repeats."""

    def __init__(self) -> None:
        self.answers: list[tuple[int, bytes, float]] = [(204, b"", 0.0)]
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []


@pytest.fixture
def stub() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            script.requests.append((self.command, self.path, dict(self.headers), body))
            status, text, delay = script.answers.pop(0) if len(script.answers) > 1 else script.answers[0]
            time.sleep(delay)
            self.send_response(status)
            self.send_header("Content-Length", str(len(text)))
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(text)

        do_GET = do_PUT = do_POST = do_DELETE = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store", script
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def client(retries: int = 3, timeout: float = 5.0, environ: dict[str, str] | None = None) -> HttpClient:
    sleeps: list[float] = []
    made = HttpClient(timeout=timeout, retry=Retry(retries=retries, backoff=0.01, sleep=sleeps.append),
                      environ=environ or {})
    made.sleeps = sleeps  # type: ignore[attr-defined]
    return made


def test_put_sends_ntriples_to_the_named_graph(stub) -> None:
    url, script = stub
    GraphStore(url, client()).put("https://x.example/a/", b"<a:b> <c:d> <e:f> .\n")
    method, path, headers, body = script.requests[0]
    assert method == "PUT" and path == "/store?graph=https%3A%2F%2Fx.example%2Fa%2F"
    assert headers["Content-Type"] == "application/n-triples" and body == b"<a:b> <c:d> <e:f> .\n"
    assert "Authorization" not in headers


def test_5xx_is_retried_with_exponential_backoff(stub) -> None:
    url, script = stub
    script.answers = [(503, b"busy", 0.0), (502, b"gateway", 0.0), (204, b"", 0.0)]
    c = client(retries=3)
    GraphStore(url, c).put("https://x.example/a/", b"")
    assert len(script.requests) == 3
    assert c.sleeps == [0.01, 0.02]  # type: ignore[attr-defined]


def test_retries_run_out_with_one_clear_line(stub) -> None:
    url, script = stub
    script.answers = [(500, b"Internal\nerror: disk full", 0.0)]
    with pytest.raises(StoreError) as caught:
        GraphStore(url, client(retries=2)).put("https://x.example/a/", b"")
    assert str(caught.value) == (
        f"PUT <https://x.example/a/>: 500 Internal Server Error: Internal error: disk full (3 attempt(s), {url})"
    )
    assert len(script.requests) == 3


def test_timeouts_are_retried(stub) -> None:
    url, script = stub
    script.answers = [(204, b"", 1.0), (204, b"", 0.0)]
    GraphStore(url, client(retries=1, timeout=0.3)).delete("https://x.example/a/")
    assert len(script.requests) == 2


def test_4xx_is_not_retried_and_names_status_and_message(stub) -> None:
    url, script = stub
    script.answers = [(403, b"Forbidden: read-only dataset", 0.0)]
    with pytest.raises(StoreError) as caught:
        GraphStore(url, client()).put("https://x.example/a/", b"")
    assert str(caught.value) == (
        "PUT <https://x.example/a/>: the store answered 403 Forbidden: Forbidden: read-only dataset"
    )
    assert len(script.requests) == 1


def test_missing_graphs_are_fine_for_get_and_delete(stub) -> None:
    url, script = stub
    script.answers = [(404, b"", 0.0)]
    store = GraphStore(url, client())
    assert store.get("https://x.example/none/") is None
    store.delete("https://x.example/none/")


def test_credentials_come_from_the_environment(stub) -> None:
    url, script = stub
    GraphStore(url, client(environ={"PUBLISHER_STORE_USER": "u", "PUBLISHER_STORE_PASSWORD": "p w"})).delete("g:x")
    GraphStore(url, client(environ={"PUBLISHER_STORE_TOKEN": "t0k"})).delete("g:x")
    assert script.requests[0][2]["Authorization"] == "Basic " + base64.b64encode(b"u:p w").decode()
    assert script.requests[1][2]["Authorization"] == "Bearer t0k"
    with pytest.raises(StoreError, match="both"):
        auth_from_environment({"PUBLISHER_STORE_USER": "u"})
    assert auth_from_environment({}) is None


def test_urls() -> None:
    with pytest.raises(StoreError, match="PUBLISHER_STORE_USER"):
        check_url("https://me:secret@store.example/store")
    with pytest.raises(StoreError, match="http"):
        check_url("ftp://store.example/")
    assert query_endpoint_for("http://h:7878/store") == "http://h:7878/query"
    assert query_endpoint_for("http://h:7878/store?union-default-graph") == "http://h:7878/query?union-default-graph"
    assert query_endpoint_for("http://h:3030/news/data") == "http://h:3030/news/sparql"
    assert query_endpoint_for("http://h:7200/repositories/news/rdf-graphs/service") == "http://h:7200/repositories/news"
    assert query_endpoint_for("http://h:3030/news/sparql") == "http://h:3030/news/sparql"
