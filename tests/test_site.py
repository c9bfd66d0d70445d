"""The static site: what each page shows, links that resolve, accessible markup, theme overrides,
template errors as diagnostics, parallel builds, drafts and ``publisher serve``."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from publisher import load_site
from publisher.publish.build import build_site
from publisher.render.pages import iter_pages

from .conftest import EXAMPLE

BASE = "https://ips-spinal-cord.example/"


class Page(HTMLParser):
    """The parts of a built page the tests look at."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []
        self.jsonld: list[str] = []
        self.scripts = 0
        self.text: list[str] = []
        self._script: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "script":
            self.scripts += 1
            self._script = dict(attrs).get("type")
            if self._script == "application/ld+json":
                self.jsonld.append("")

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "script":
            self._script = None

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._script == "application/ld+json":
            self.jsonld[-1] += data
        elif self._script is None:
            self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    def meta(self, key: str) -> str | None:
        for attrs in self.all("meta"):
            if attrs.get("property") == key or attrs.get("name") == key:
                return attrs.get("content")
        return None

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


@pytest.fixture(scope="module")
def site():
    return load_site(EXAMPLE)


@pytest.fixture(scope="module")
def out(site, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site") / "out"
    build_site(site, target)
    return target


def parse(out: Path, output: str) -> Page:
    return Page((out / output).read_text(encoding="utf-8"))


def href_target(out: Path, page_output: str, href: str) -> Path | None:
    """The file a site-relative link opens, or None for links that leave the site."""
    page_url = "/" + page_output.removesuffix("index.html")
    target = urljoin(page_url, href)
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    path = parts.path.lstrip("/")
    return out / (path + "index.html" if path.endswith("/") or not path else path)


def test_every_page_embeds_exactly_its_document(site, out: Path) -> None:
    for page in iter_pages(site):
        parsed = parse(out, page.output)
        assert len(parsed.jsonld) == 1, page.output
        assert json.loads(parsed.jsonld[0]) == page.document, page.output
        assert parsed.scripts == 1, "the theme needs no JavaScript"


def test_every_internal_link_and_asset_resolves(site, out: Path) -> None:
    checked = 0
    for page in iter_pages(site):
        parsed = parse(out, page.output)
        refs = [a.get("href") for a in parsed.all("a")] + [i.get("src") for i in parsed.all("img")]
        refs += [link.get("href") for link in parsed.all("link") if link.get("rel") != "canonical"
                 and not (link.get("href") or "").startswith("http")]
        for href in refs:
            assert href, page.output
            if href.startswith("#"):
                continue
            target = href_target(out, page.output, href)
            if target is not None:
                assert target.is_file(), (page.output, href)
                checked += 1
    assert checked > 500


def test_accessible_structure(site, out: Path) -> None:
    for page in iter_pages(site):
        parsed = parse(out, page.output)
        assert parsed.all("html")[0].get("lang") == "en"
        assert parsed.headings.count(1) == 1, page.output
        for before, after in zip(parsed.headings, parsed.headings[1:], strict=False):
            assert after <= before + 1, (page.output, parsed.headings)
        for image in parsed.all("img"):
            assert "alt" in image, (page.output, image)
        for landmark in ("header", "nav", "main", "footer"):
            assert parsed.all(landmark), (page.output, landmark)
        assert parsed.meta("viewport")
        canonical = [link for link in parsed.all("link") if link.get("rel") == "canonical"]
        assert [c.get("href") for c in canonical] == [page.url]


def test_article_page(out: Path) -> None:
    output = "articles/nhk-ips-cells-spinal-cord-recovery/index.html"
    parsed = parse(out, output)
    text = parsed.plain
    assert "Two of four spinal cord injury patients regain movement after iPS cell transplants" in text
    assert "A Keio University-led team reports motor recovery" in text
    hrefs = {a.get("href") for a in parsed.all("a")}
    authors = [a for a in parsed.all("a") if a.get("rel") == "author"]
    assert [a.get("href") for a in authors] == ["/organizations/nhk-world-japan/"]
    times = parsed.all("time")
    assert {"datetime": "2025-03-21T00:00:00+09:00"} in times
    assert "Published 21 March 2025" in text
    image = parsed.all("img")[0]
    assert image["src"] == "/static/images/spinal-column.svg"
    assert image["alt"] == "Illustration of a spinal column with a cluster of new cells at its middle."
    assert "Scientists at Keio University" in text  # the Markdown body
    assert "About the study" in text and "/studies/keio-ipsc-sci/" in hrefs
    assert "Results available" in text and "Four patients" in text
    assert "Sources" in text and "https://www3.nhk.or.jp/nhkworld/en/news/20250321_21/" in hrefs
    assert "/topics/spinal-cord-injury/" in hrefs
    assert parsed.meta("og:type") == "article"
    assert parsed.meta("og:image") == BASE + "static/images/spinal-column.svg"
    assert parsed.meta("article:published_time") == "2025-03-21T00:00:00+09:00"
    assert parsed.meta("twitter:card") == "summary_large_image"
    assert parsed.meta("og:url") == BASE + "articles/nhk-ips-cells-spinal-cord-recovery/"


def test_person_page(out: Path) -> None:
    parsed = parse(out, "people/hideyuki-okano/index.html")
    text = parsed.plain
    document = json.loads(parsed.jsonld[0])
    assert document["@graph"][1]["@type"] == "ProfilePage"
    assert "Hideyuki Okano" in text and "Professor" in text and "Okano Hideyuki" in text
    hrefs = {a.get("href") for a in parsed.all("a")}
    assert "/organizations/keio-university/" in hrefs
    assert "Articles mentioning Hideyuki Okano" in text
    assert "/articles/nhk-ips-cells-spinal-cord-recovery/" in hrefs
    assert "/articles/archyde-interview-anya-sharma/" not in hrefs
    assert parsed.meta("og:type") == "profile"


def test_organization_page_lists_what_it_published(out: Path) -> None:
    parsed = parse(out, "organizations/archyde/index.html")
    hrefs = {a.get("href") for a in parsed.all("a")}
    assert "Published by Archyde" in parsed.plain
    assert "/articles/archyde-interview-anya-sharma/" in hrefs
    keio = parse(out, "organizations/keio-university/index.html")
    assert "/people/hideyuki-okano/" in {a.get("href") for a in keio.all("a")}
    assert "Studies sponsored" in keio.plain and "Tokyo, Japan" in keio.plain


def test_study_page(out: Path) -> None:
    parsed = parse(out, "studies/keio-ipsc-sci/index.html")
    text = parsed.plain
    hrefs = {a.get("href") for a in parsed.all("a")}
    for fact in ("Condition", "Sponsor", "Location", "Status", "Design", "Participants", "Results",
                 "Tokyo", "Results available", "Medical study", "Four patients",
                 "One year after transplantation: two of the four improved"):
        assert fact in text, fact
    assert "/conditions/spinal-cord-injury/" in hrefs and "/organizations/keio-university/" in hrefs
    assert "Reporting on this study" in text
    for article in ("nhk-ips-cells-spinal-cord-recovery", "archyde-interview-anya-sharma",
                    "archyde-stem-cell-breakthrough-spinal-cord"):
        assert f"/articles/{article}/" in hrefs


def test_condition_home_archive_topics_and_404(out: Path) -> None:
    condition = parse(out, "conditions/spinal-cord-injury/index.html").plain
    assert "T09.3" in condition and "ICD-10" in condition and "5,000" in condition
    home = parse(out, "index.html")
    titles = [a.get("href") for a in home.all("a") if (a.get("href") or "").startswith("/articles/")]
    assert titles.index("/articles/archyde-stem-cell-breakthrough-spinal-cord/") < titles.index(
        "/articles/nhk-ips-cells-spinal-cord-recovery/")
    assert "2025" in parse(out, "archive/index.html").plain
    assert "March 2025" in parse(out, "archive/2025/index.html").plain
    topics = parse(out, "topics/index.html").plain
    assert "spinal cord injury 3" in topics
    assert (out / "topics" / "ips-cells" / "index.html").is_file()
    assert "Page not found" in parse(out, "404.html").plain
    assert parse(out, "404.html").meta("robots") == "noindex"


def test_theme_override_by_name_and_by_block(make_site, tmp_path: Path) -> None:
    root = make_site({
        "content/articles/a.md": "---\ntype: NewsArticle\nheadline: Hello\ndatePublished: 2025-01-02\n"
        "---\nBody text.\n",
        "templates/article.html": '{% extends "default:article.html" %}\n'
        '{% block body %}<div class="mine">{{ super() }}</div>{% endblock %}\n',
        "templates/base.html": '{% extends "default:base.html" %}\n'
        "{% block footer %}<footer><p>Our own footer</p></footer>{% endblock %}\n",
        "static/site.css": "body { color: red }\n",
    })
    build_site(load_site(root), tmp_path / "out")
    article = (tmp_path / "out" / "articles" / "a" / "index.html").read_text()
    assert re.search(r'<div class="mine">\s*<div class="prose"><p>Body text.</p>', article)
    assert "Our own footer" in article
    assert "Our own footer" in (tmp_path / "out" / "people" / "index.html").read_text()
    assert (tmp_path / "out" / "static" / "site.css").is_file()
    assert (tmp_path / "out" / "static" / "publisher.css").is_file()


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publisher", *args], capture_output=True, text=True,
                          timeout=120, env=env)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{% extends 'default:article.html' %}\n{% block body %}{% if %}{% endblock %}\n",
         r"templates/article\.html:2:\d+: TPL001 error: template syntax error"),
        ("{% extends 'default:article.html' %}\n\n{% block body %}{{ data.nope.deeper }}{% endblock %}\n",
         r"templates/article\.html:3:\d+: TPL001 error: template error: .*nope"),
    ],
)
def test_template_errors_are_one_line_diagnostics(make_site, tmp_path: Path, template: str,
                                                   expected: str) -> None:
    out = tmp_path / "out"
    assert run("build", str(EXAMPLE), "--out", str(out)).returncode == 0
    before = (out / "index.html").read_bytes()
    root = make_site({
        "content/articles/a.md": "---\ntype: NewsArticle\nheadline: Hi\n---\nBody.\n",
        "templates/article.html": template,
    })
    result = run("build", str(root), "--out", str(out))
    assert result.returncode == 2, result.stderr
    assert re.search(expected, result.stderr), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert (out / "index.html").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_unwritable_output_is_exit_two(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("build", str(EXAMPLE), "--out", str(blocker / "site"))
    assert result.returncode == 2
    # the example site's (true, explained) validation warnings come first
    assert result.stderr.splitlines()[-1].startswith("publisher: error:")
    assert "Traceback" not in result.stderr


def test_parallel_build_gives_the_same_bytes(site, tmp_path: Path) -> None:
    one = build_site(site, tmp_path / "one", jobs=1)
    two = build_site(site, tmp_path / "two", jobs=2)
    assert two.jobs == 2 and one.pages == two.pages
    for path in sorted((tmp_path / "one").rglob("*")):
        if path.is_file():
            twin = tmp_path / "two" / path.relative_to(tmp_path / "one")
            assert twin.read_bytes() == path.read_bytes(), path


def test_cli_summary_and_jobs(tmp_path: Path) -> None:
    result = run("build", str(EXAMPLE), "--out", str(tmp_path / "out"), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert re.search(r"Built \d+ pages and \d+ other files into .* in [\d.]+s \(\d+ pages/s, 2 jobs\); "
                     r"0 error\(s\), \d+ warning\(s\)\.", result.stdout)
    assert "Rendering" not in result.stderr  # no progress bar when not on a terminal
    for command in ("build", "serve"):
        help_text = run(command, "--help").stdout
        assert "Examples:" in help_text


def test_drafts_only_with_the_flag(make_site, tmp_path: Path) -> None:
    root = make_site({
        "content/articles/a.md": "---\ntype: NewsArticle\nheadline: Live\ndatePublished: 2025-01-02\n---\nA.\n",
        "content/articles/d.md": "---\ntype: NewsArticle\nheadline: Secret draft\ndraft: true\n"
        "datePublished: 2025-01-03\nkeywords: [hidden]\n---\nD.\n",
    })
    build_site(load_site(root), tmp_path / "out")
    assert not (tmp_path / "out" / "articles" / "d").exists()
    assert not (tmp_path / "out" / "topics" / "hidden").exists()
    for name in ("index.html", "sitemap.xml", "feed.xml", "atom.xml", "articles/index.html"):
        assert "Secret draft" not in (tmp_path / "out" / name).read_text()
        assert "articles/d/" not in (tmp_path / "out" / name).read_text()
    build_site(load_site(root), tmp_path / "drafts", drafts=True)
    assert (tmp_path / "drafts" / "articles" / "d" / "index.html").is_file()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_serve_builds_serves_and_rebuilds(make_site, tmp_path: Path) -> None:
    root = make_site({
        "content/articles/a.md": "---\ntype: NewsArticle\nheadline: First headline\n"
        "datePublished: 2025-01-02\n---\nA.\n",
    })
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "publisher", "serve", str(root), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = fetch(base + "articles/a/")
                break
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert status == 200 and "First headline" in body
        status, body = fetch(base + "no/such/page/")
        assert status == 404 and "Page not found" in body
        article = root / "content" / "articles" / "a.md"
        article.write_text(article.read_text().replace("First headline", "Second headline"))
        deadline = time.monotonic() + 30
        while "Second headline" not in fetch(base + "articles/a/")[1]:
            assert time.monotonic() < deadline, "no rebuild after a change"
            time.sleep(0.2)
        article.write_text("---\ntype: NewsArticle\nheadline: [broken\n---\n")
        time.sleep(1.5)
        status, body = fetch(base + "articles/a/")
        assert status == 200 and "Second headline" in body  # errors keep the previous build online
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            process.kill()
            process.wait()
    assert "Serving" in (process.stdout.read() if process.stdout else "")


def test_output_paths_cannot_leave_the_folder(tmp_path: Path) -> None:
    from publisher.publish.build import safe_join
    from publisher.render.pages import topic_slug

    for bad in ("../escape.html", "a/../../escape.html", "/etc/passwd"):
        with pytest.raises(ValueError):
            safe_join(tmp_path, bad)
    assert topic_slug("../../etc/passwd") == "etc-passwd"
    assert re.fullmatch(r"t-[0-9a-f]{10}", topic_slug("脊髄損傷"))
    assert topic_slug("Spinal Cord Injury") == "spinal-cord-injury"


def test_hostile_keywords_make_safe_topic_pages(make_site, tmp_path: Path) -> None:
    root = make_site({
        "content/articles/a.md": "---\ntype: NewsArticle\nheadline: A\ndatePublished: 2025-01-02\n"
        "keywords: ['../../outside', '<script>x</script>', '脊髄損傷']\n---\nA.\n",
    })
    build_site(load_site(root), tmp_path / "built" / "out")
    assert sorted(p.name for p in (tmp_path / "built").iterdir()) == ["out"]
    topics = sorted(p.name for p in (tmp_path / "built" / "out" / "topics").iterdir() if p.is_dir())
    assert "outside" in topics and "script-x-script" in topics and len(topics) == 3
    html = (tmp_path / "built" / "out" / "topics" / "index.html").read_text()
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
