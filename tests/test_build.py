"""The minimal build: a page per record with its JSON-LD, safely escaped, written atomically."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from publisher import load_site
from publisher.publish.atomic import MARKER, OutputError, atomic_folder
from publisher.publish.build import build_site
from publisher.render.pages import iter_pages

from .conftest import EXAMPLE


class ScriptGrabber(HTMLParser):
    """Reads <script type="application/ld+json"> the way a browser tokenizes it."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.text: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self._in = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self._in:
            self.blocks.append("")

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        self._in = False

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._in:
            self.blocks[-1] += data
        else:
            self.text.append(data)


def read_blocks(path: Path) -> list[dict]:
    grabber = ScriptGrabber()
    grabber.feed(path.read_text())
    return [json.loads(block) for block in grabber.blocks]


def test_one_page_per_record_with_its_jsonld(tmp_path: Path) -> None:
    site = load_site(EXAMPLE)
    result = build_site(site, tmp_path / "out")
    for ref, record in site.records.items():
        page = tmp_path / "out" / ref / "index.html"
        assert page.is_file(), ref
        blocks = read_blocks(page)
        assert len(blocks) == 1
        assert record.id in {n["@id"] for n in blocks[0]["@graph"]}
    assert (tmp_path / "out" / "index.html").is_file()
    assert (tmp_path / "out" / "static" / "publisher.css").is_file()
    assert (tmp_path / "out" / "static" / "images" / "spinal-column.svg").is_file()
    assert result.pages == len(list(iter_pages(site)))


def test_rebuild_gives_the_same_bytes(tmp_path: Path) -> None:
    build_site(load_site(EXAMPLE), tmp_path / "a")
    build_site(load_site(EXAMPLE), tmp_path / "b")
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*"))
    assert files_a == files_b
    for name in files_a:
        if (tmp_path / "a" / name).is_file():
            assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_hostile_text_stays_text(make_site, tmp_path: Path) -> None:
    evil = "</script><script>alert(1)</script><!-- \u2028"
    root = make_site({
        "content/people/x.yaml": f"type: Person\nname: {json.dumps(evil)}\nurl: https://x.example/\n",
        "content/articles/a.md": "---\ntype: NewsArticle\nheadline: '<img src=x onerror=alert(1)>'\n"
        "author: people/x\n---\n<script>alert(2)</script>\n\nText.\n",
    })
    build_site(load_site(root), tmp_path / "out")
    person_page = tmp_path / "out" / "people" / "x" / "index.html"
    html = person_page.read_text()
    assert "<script>alert" not in html
    blocks = read_blocks(person_page)
    assert evil in {n.get("name") for n in blocks[0]["@graph"]}
    article = (tmp_path / "out" / "articles" / "a" / "index.html").read_text()
    assert "<img src=x" not in article and "<script>alert(2)" not in article
    assert "&lt;img src=x onerror=alert(1)&gt;" in article


def test_failed_build_keeps_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(load_site(EXAMPLE), out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(RuntimeError), atomic_folder(out) as tmp:
        (tmp / "index.html").write_text("half")
        raise RuntimeError("interrupted")
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert before == after
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_stray_temporary_folders_are_cleaned(tmp_path: Path) -> None:
    (tmp_path / ".out.tmp-abc").mkdir()
    (tmp_path / ".out.tmp-abc" / "junk").write_text("x")
    build_site(load_site(EXAMPLE), tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_refuses_to_replace_a_foreign_folder(tmp_path: Path) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    with pytest.raises(OutputError):
        build_site(load_site(EXAMPLE), out)
    assert (out / "thesis.tex").read_text() == "years of work"
    assert not (out / MARKER).exists()


def test_every_page_lists_under_its_output_path() -> None:
    for page in iter_pages(load_site(EXAMPLE)):
        assert not page.output.startswith("/") and ".." not in page.output
        assert re.fullmatch(r"[a-z0-9/-]*index\.html|404\.html", page.output)
