"""The example site in real headless Chromium: no console errors, the JSON-LD the browser reads
from the DOM is the page's exported graph, links resolve, and screenshots are kept.

One Chromium session serves every page. Screenshots go to ``tests/artifacts/`` (desktop and
mobile width for each page). Skipped when Debian's ``chromium`` or Playwright is missing;
``.ci/run`` installs Chromium. Playwright drives the system browser: ``playwright install`` is
never needed.
"""

from __future__ import annotations

import json
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pyoxigraph
import pytest

from publisher import load_site
from publisher.cli.serve import make_server
from publisher.publish.build import build_site
from publisher.render.pages import iter_pages
from publisher.vocab.loader import inline_context

from .conftest import EXAMPLE, ROOT

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]
PAGES = {
    "article": "articles/nhk-ips-cells-spinal-cord-recovery/",
    "article-archyde": "articles/archyde-stem-cell-breakthrough-spinal-cord/",
    "person": "people/hideyuki-okano/",
    "study": "studies/keio-ipsc-sci/",
    "home": "",
}
WIDTHS = {"desktop": (1280, 900), "mobile": (390, 844)}
READ_JSONLD = """() => [...document.querySelectorAll('script[type="application/ld+json"]')]
    .map(s => JSON.parse(s.textContent))"""
LOAD_IMAGES = """() => Promise.all([...document.images].map(i => { i.loading = 'eager';
    return i.complete ? null : new Promise(r => { i.onload = i.onerror = r; }); }))"""
PAGE_FACTS = """() => ({
    lang: document.documentElement.lang,
    h1: document.querySelectorAll('h1').length,
    imagesWithoutAlt: [...document.images].filter(i => !i.hasAttribute('alt')).length,
    brokenImages: [...document.images].filter(i => i.complete && i.naturalWidth === 0).map(i => i.src),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    overflow: document.documentElement.scrollWidth > window.innerWidth,
    stylesheet: getComputedStyle(document.body).fontFamily,
})"""


def to_rdf(document: dict[str, Any]) -> set[Any]:
    """The page's triples, with schema.org's context served offline (publisher.vocab).

    The graph has no blank nodes, so two graphs are isomorphic exactly when their sets of
    triples are equal.
    """
    triples = set(pyoxigraph.parse(json.dumps(inline_context(document)), format=pyoxigraph.RdfFormat.JSON_LD))
    assert triples and not any(isinstance(t.subject, pyoxigraph.BlankNode) for t in triples)
    return triples


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, dict[str, Any]]]:
    site = load_site(EXAMPLE)
    out = tmp_path_factory.mktemp("browser") / "site"
    build_site(site, out)
    documents = {page.url: page.document for page in iter_pages(site)}
    server = make_server(out, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", documents
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory) -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        try:
            context = playwright.chromium.launch_persistent_context(
                str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 900}, locale="en-US",
            )
        except Exception as exc:  # pragma: no cover - depends on the machine
            pytest.skip(f"Chromium could not start: {exc}")
        try:
            yield context
        finally:
            context.close()


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_pages_in_chromium(served, browser) -> None:
    base, documents = served
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    checked_links: dict[str, int] = {}
    for name, path in PAGES.items():
        url = base + path
        for width_name, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            response = page.goto(url, wait_until="load")
            assert response is not None and response.status == 200, url
            page.evaluate(LOAD_IMAGES)
            facts = page.evaluate(PAGE_FACTS)
            assert facts["lang"] == "en" and facts["h1"] == 1 and facts["imagesWithoutAlt"] == 0, facts
            assert facts["brokenImages"] == [], facts["brokenImages"]
            assert not facts["overflow"], f"{name} scrolls sideways at {width}px"
            assert "Georgia" in facts["stylesheet"], "the theme's stylesheet did not load"
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width_name}.png"), full_page=True)

        # The JSON-LD as the browser's DOM holds it is the page's exported graph.
        in_dom = page.evaluate(READ_JSONLD)
        exported = documents["https://ips-spinal-cord.example/" + path]
        assert in_dom == [exported]
        assert to_rdf(in_dom[0]) == to_rdf(exported)

        # Every link to a page of the site opens it.
        for link in facts["links"]:
            if link.startswith(base) and link not in checked_links:
                checked_links[link] = status_of(link.split("#", 1)[0])
    broken = {link: status for link, status in checked_links.items() if status != 200}
    assert broken == {}
    assert len(checked_links) > 20
    assert problems == []
    page.close()


def test_missing_page_shows_the_404_page(served, browser) -> None:
    base, _ = served
    page = browser.new_page()
    response = page.goto(base + "no/such/story/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    page.screenshot(path=str(ARTIFACTS / "404-desktop.png"))
    page.close()


def test_no_javascript_needed(served) -> None:
    """The theme is HTML and CSS only: the one script element is the JSON-LD data block."""
    base, _ = served
    for path in PAGES.values():
        html = urllib.request.urlopen(base + path, timeout=10).read().decode()
        assert html.count("<script") == 1 and '<script type="application/ld+json">' in html
