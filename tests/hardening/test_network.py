"""No network, no surprises: every command runs with networking blocked at the socket level and
nothing tries to connect anywhere but loopback (see tests/netguard.py).

Pages and records that name remote things (contexts, images, scripts, stylesheets, ``sameAs``
links) are reported or written as data, never fetched.
"""

from __future__ import annotations

import shutil
import signal
import socket
import threading
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from publisher.cli import cli

from ..conftest import EXAMPLE, ROOT

REMOTE_PAGE = """<!doctype html>
<html><head>
<link rel="stylesheet" href="https://cdn.evil.example/style.css">
<script src="https://cdn.evil.example/app.js"></script>
<script type="application/ld+json">
{"@context": ["https://schema.org", "https://evil.example/context.jsonld",
              {"@import": "http://169.254.169.254/latest/meta-data/"}],
 "@type": "NewsArticle", "headline": "H", "image": "https://img.evil.example/a.jpg",
 "author": {"@id": "https://evil.example/people/a"}, "sameAs": "https://www.wikidata.org/wiki/Q1"}
</script>
<script type="application/ld+json">{"@context": "http://schema.org/", "@type": "Person", "name": "A"}</script>
</head><body>
<div itemscope itemtype="https://schema.org/Person"><a itemprop="url" href="https://evil.example/">x</a>
<img itemprop="image" src="https://img.evil.example/b.jpg"></div>
<div vocab="https://schema.org/" typeof="Organization"><span property="name">O</span>
<link property="logo" href="https://img.evil.example/logo.png"></div>
<iframe src="https://evil.example/frame"></iframe>
<article><h1>A headline about remote things</h1><p>Some text of the article, long enough.</p></article>
</body></html>
"""


def invoke(*args: str, input: bytes | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def test_the_guard_records_and_refuses(no_network) -> None:
    with pytest.raises(OSError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.org", 443)
    with pytest.raises(OSError), socket.socket() as sock:
        sock.connect(("203.0.113.5", 443))
    assert [a[:2] for a in no_network] == [
        ("create_connection", "192.0.2.1"), ("getaddrinfo", "example.org"), ("connect", "203.0.113.5")]
    no_network.clear()
    with socket.socket() as server:  # loopback passes
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=1):
            pass
    assert no_network == []


def test_every_command_offline(no_network, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert invoke("init", str(site)).exit_code == 0
    assert invoke("new", "article", "offline-story", "--site", str(site)).exit_code == 0
    assert invoke("new", "person", "remote-person", "--site", str(site)).exit_code == 0
    (site / "content/people/remote-person.yaml").write_text(
        "type: Person\nname: Remote Person\nurl: https://evil.example/p\n"
        "sameAs: [https://www.wikidata.org/wiki/Q1, https://orcid.org/0000-0000-0000-0000]\n"
        "image: {type: ImageObject, url: https://img.evil.example/p.jpg}\n")
    assert invoke("validate", str(site)).exit_code == 1  # the new article is a draft without author
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        assert invoke("build", str(site), "--out", str(out), "--jobs", jobs, "--force", "--drafts").exit_code == 0
        result = invoke("check", str(out), "--jobs", jobs, "--config", str(site / "publisher.toml"))
        assert result.exit_code in (0, 1)
    page = tmp_path / "remote.html"
    page.write_text(REMOTE_PAGE)
    result = invoke("check", str(page), "--format", "json")
    assert result.exit_code in (0, 1)
    assert result.output.count('"CHK003"') >= 2  # reported, not fetched
    assert invoke("check", "-", input=REMOTE_PAGE.encode()).exit_code in (0, 1)
    (site / "content/articles/offline-story.md").unlink()
    for fmt in ("nq", "nt", "turtle", "trig", "rdfxml", "jsonld"):
        assert invoke("export", str(site), "--format", fmt, "--out", str(tmp_path / f"g.{fmt}")).exit_code == 0
    store = tmp_path / "store"
    assert invoke("push", str(site), "--store", str(store)).exit_code == 0
    assert invoke("push", str(site), "--store", str(store), "--dry-run").exit_code == 0
    select = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert invoke("query", str(site), select).exit_code == 0
    assert invoke("query", "--store", str(store), select).exit_code == 0
    # a SERVICE clause names a remote endpoint: the local query engine must not call it
    service = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    assert invoke("query", "--store", str(store), service).exit_code == 2
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    assert invoke("import", str(page), "--out", str(drafts / "a.md")).exit_code in (0, 1)
    for fixture in sorted((ROOT / "tests/fixtures/import").glob("*.html")):
        assert invoke("import", str(fixture), "--out", str(drafts / fixture.with_suffix(".md").name)).exit_code == 0
    assert invoke("import", "-", "--out", str(drafts / "stdin.md"), input=REMOTE_PAGE.encode()).exit_code in (0, 1)
    assert invoke("completion", "bash").exit_code == 0
    assert no_network == [], no_network


def test_serve_offline(no_network, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """serve builds, listens on loopback and answers; nothing else is contacted."""
    import http.server

    site = tmp_path / "site"
    shutil.copytree(EXAMPLE, site, ignore=shutil.ignore_patterns("_site"))
    got: dict[str, bytes] = {}
    real = http.server.ThreadingHTTPServer.serve_forever

    def serve_once(self, poll_interval: float = 0.5) -> None:  # type: ignore[no-untyped-def]
        host, port = self.server_address[:2]

        def fetch() -> None:
            try:
                with urllib.request.urlopen(f"http://{host}:{port}/", timeout=10) as response:
                    got["home"] = response.read()
            finally:
                self.shutdown()

        threading.Thread(target=fetch, daemon=True).start()
        real(self, poll_interval=0.05)

    monkeypatch.setattr(http.server.ThreadingHTTPServer, "serve_forever", serve_once)
    handler = signal.getsignal(signal.SIGTERM)
    result = invoke("serve", str(site), "--port", "0", "--no-watch")
    assert result.exit_code == 0, result.output
    # serve's own SIGTERM handler is not left behind (forked pool workers would inherit it)
    assert signal.getsignal(signal.SIGTERM) is handler
    assert b"application/ld+json" in got["home"]
    assert no_network == []


def test_push_contacts_only_the_endpoint_it_is_given(no_network, tmp_path: Path) -> None:
    """Asked to push to a remote store, push tries that host and no other, then stops cleanly."""
    result = invoke("push", str(EXAMPLE), "--endpoint", "http://192.0.2.7:7878/store", "--retries", "0",
                    "--timeout", "2")
    assert result.exit_code == 2
    assert {host for _what, host, _port in no_network} == {"192.0.2.7"}


def test_the_vocabulary_loader_refuses_remote_contexts(no_network) -> None:
    """pyld's document loader serves schema.org's context locally and refuses any other URL
    (unless a user allow-lists it): a document whose @context is remote is never fetched."""
    from pyld import jsonld

    from publisher.vocab.loader import make_document_loader

    load = make_document_loader()
    assert load("https://schema.org", {})["document"]["@context"]
    with pytest.raises(jsonld.JsonLdError, match="Refusing to load"):
        load("https://evil.example/context.jsonld", {})
    document = {"@context": "https://evil.example/context.jsonld", "name": "x"}
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(document, {"documentLoader": load})
    assert jsonld.expand({"@context": "https://schema.org", "name": "x"}, {"documentLoader": load})
    assert no_network == []


# --- native code too: the system calls of whole processes -----------------------------------------

def _strace_connects(args: list[str], tmp_path: Path, name: str) -> list[str]:
    """Run ``publisher ARGS`` under strace; the non-loopback addresses it tried to reach."""
    import re
    import subprocess
    import sys

    log = tmp_path / f"{name}.strace"
    command = ["strace", "-f", "--seccomp-bpf", "-qq", "-o", str(log), "-e", "trace=connect,sendto,sendmsg",
               sys.executable, "-m", "publisher", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    found = []
    for line in log.read_text().splitlines():
        for address in re.findall(r'inet_(?:addr|pton)\((?:AF_INET6, )?"([^"]+)"', line):
            if not (address.startswith("127.") or address in ("::1", "0.0.0.0")):
                found.append(f"{address}: {line.strip()[:160]}")
    return found


def test_no_process_connects_anywhere(tmp_path: Path) -> None:
    """The socket patches above see Python's sockets; pyoxigraph, lxml and libyaml are native code,
    so whole processes run under strace too, and every connect() they make is read back.
    (This is how SERVICE in a local query was found to reach out.)"""
    import subprocess

    if shutil.which("strace") is None:
        pytest.skip("strace is not installed")
    probe = subprocess.run(["strace", "-f", "--seccomp-bpf", "-qq", "-o", "/dev/null", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("strace cannot trace here (ptrace not permitted)")
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE, site, ignore=shutil.ignore_patterns("_site"))
    page = tmp_path / "remote.html"
    page.write_text(REMOTE_PAGE)
    out, store = tmp_path / "out", tmp_path / "store"
    runs = {
        "build": ["build", str(site), "--out", str(out), "--jobs", "2"],
        "check": ["check", str(out), str(page), "--jobs", "2"],
        "export": ["export", str(site), "--format", "turtle", "--out", str(tmp_path / "g.ttl")],
        "push": ["push", str(site), "--store", str(store)],
        "query": ["query", "--store", str(store),
                  "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"],
        "import": ["import", str(page), "--out", str(tmp_path / "draft.md")],
    }
    attempts = {name: _strace_connects(args, tmp_path, name) for name, args in runs.items()}
    assert attempts == {name: [] for name in runs}
