"""Fixtures for the linked-data tests: the example site, a generated corpus, RDF readers, a real
Oxigraph server, and jsonld.js when Node.js is on the machine."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from publisher import load_site
from publisher.render.rdf import write_export
from publisher.site import Site
from tests.conftest import EXAMPLE, ROOT
from tests.rdf.corpus import write_corpus

CORPUS_ARTICLES = 30
NODE_CACHE = ROOT / "build" / "node-jsonld"  # its own folder: npm prunes what a package.json does not list
JSONLD_JS_VERSION = "9"


@pytest.fixture(scope="session")
def example_site() -> Site:
    return load_site(EXAMPLE)


@pytest.fixture(scope="session")
def corpus_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "site", CORPUS_ARTICLES)


@pytest.fixture(scope="session")
def corpus_site(corpus_path: Path) -> Site:
    site = load_site(corpus_path)
    assert site.errors == []
    return site


def export_bytes(site: Site, fmt: str) -> bytes:
    out = io.BytesIO()
    write_export(site, fmt, out)
    return out.getvalue()


# --- jsonld.js ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def jsonld_js() -> Path:
    """The installed jsonld.js package folder (build/node-jsonld/), installed once; skip without Node."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("Node.js (node and npm) is not on this machine")
    package = NODE_CACHE / "node_modules" / "jsonld"
    if not (package / "package.json").is_file():
        # Install beside the cache, then rename into place: parallel test workers cannot collide.
        NODE_CACHE.mkdir(parents=True, exist_ok=True)
        staging = NODE_CACHE / f".install-{os.getpid()}"
        try:
            result = subprocess.run(
                [npm, "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(staging),
                 f"jsonld@{JSONLD_JS_VERSION}"],
                capture_output=True, text=True, timeout=300,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            shutil.rmtree(staging, ignore_errors=True)
            pytest.skip(f"npm could not install jsonld: {exc}")
        installed = staging / "node_modules"
        if result.returncode != 0 or not (installed / "jsonld" / "package.json").is_file():
            shutil.rmtree(staging, ignore_errors=True)
            pytest.skip(f"npm could not install jsonld: {result.stderr.strip()[-300:]}")
        with contextlib.suppress(OSError):
            os.rename(installed, NODE_CACHE / "node_modules")
        shutil.rmtree(staging, ignore_errors=True)
    return package


# --- a real Oxigraph server ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class OxigraphServer:
    """``oxigraph serve`` on a loopback port with a data folder; restartable on the same folder."""

    binary: str
    location: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def store(self) -> str:
        return f"{self.url}/store"

    @property
    def query(self) -> str:
        return f"{self.url}/query"

    def start(self, timeout: float = 30.0) -> None:
        assert self.process is None
        self.process = subprocess.Popen(
            [self.binary, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode(errors="replace") if self.process.stderr else ""
                self.process = None
                raise RuntimeError(f"oxigraph serve exited: {err.strip()}")
            try:
                if httpx.get(self.url + "/", timeout=1.0).status_code < 500:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("oxigraph serve did not become ready")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        if self.process.stderr:
            self.process.stderr.close()
        self.process = None

    def kill(self) -> None:
        """Stop the server at once, as a crash would."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            if self.process.stderr:
                self.process.stderr.close()
            self.process = None

    def nquads(self) -> bytes:
        response = httpx.get(self.store, headers={"Accept": "application/n-quads"}, timeout=30)
        response.raise_for_status()
        return response.content


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[OxigraphServer]:
    """A fresh Oxigraph server for one test, stopped afterwards (skip if the binary is missing)."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).is_file():
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    server = OxigraphServer(binary, tmp_path / "oxigraph-data")
    server.start()
    try:
        yield server
    finally:
        server.stop()


# --- the command line, in process ------------------------------------------------------------


@dataclass
class Ran:
    returncode: int
    stdout: bytes | str
    stderr: bytes | str


def invoke(*args: str, text: bool = False) -> Ran:
    """Run ``publisher ARGS`` in this process (click's runner): exit status, stdout, stderr.

    An exception other than ``SystemExit`` is raised again: a command must never end in a traceback.
    """
    from click.testing import CliRunner

    from publisher.cli import cli

    result = CliRunner().invoke(cli, list(args), catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    out, err = result.stdout_bytes, result.stderr_bytes or b""
    if text:
        return Ran(result.exit_code, out.decode("utf-8"), err.decode("utf-8"))
    return Ran(result.exit_code, out, err)
