"""Sitemaps follow their XML schemas' rules, the News sitemap Google's limits, feeds parse."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from publisher import load_site
from publisher.publish.build import build_site
from publisher.render import feeds
from publisher.render.pages import iter_pages

from .conftest import EXAMPLE

etree = pytest.importorskip("lxml.etree")
feedparser = pytest.importorskip("feedparser")

SCHEMAS = Path(__file__).parent / "schemas"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
# Three days after the NHK report (2025-03-21), half a day after the two Archyde ones (2025-03-24).
NOW = datetime(2025, 3, 24, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("feeds") / "out"
    build_site(load_site(EXAMPLE), out, now=NOW)
    return out


def check(schema, path: Path):
    document = etree.parse(str(path))
    assert schema.validate(document), schema.error_log
    return document


def test_sitemap_lists_every_page_but_404(built: Path, schema) -> None:
    document = check(schema, built / "sitemap.xml")
    locs = [e.text for e in document.iter(f"{SM}loc")]
    pages = [p for p in iter_pages(load_site(EXAMPLE)) if p.kind != "notfound"]
    assert locs == [p.url for p in pages]
    assert len(set(locs)) == len(locs)
    article = "https://ips-spinal-cord.example/articles/nhk-ips-cells-spinal-cord-recovery/"
    url = next(u for u in document.iter(f"{SM}url") if u.findtext(f"{SM}loc") == article)
    assert url.findtext(f"{SM}lastmod") == "2025-03-21T00:00:00+09:00"


def test_schema_rejects_a_bad_sitemap(schema, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><lastmod>yesterday'
                   "</lastmod></url></urlset>")
    assert not schema.validate(etree.parse(str(bad)))


def test_news_sitemap_has_only_the_last_two_days(built: Path, schema) -> None:
    document = check(schema, built / "news-sitemap.xml")
    urls = document.findall(f"{SM}url")
    locs = [u.findtext(f"{SM}loc") for u in urls]
    assert sorted(locs) == [
        "https://ips-spinal-cord.example/articles/archyde-interview-anya-sharma/",
        "https://ips-spinal-cord.example/articles/archyde-stem-cell-breakthrough-spinal-cord/",
    ]
    for url in urls:
        news = url.find(f"{NEWS}news")
        assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Spinal Cord Research Desk"
        assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
        assert news.findtext(f"{NEWS}publication_date").startswith("2025-03-24T00:00:00")
        assert news.findtext(f"{NEWS}title")
    robots = (built / "robots.txt").read_text()
    assert "Sitemap: https://ips-spinal-cord.example/sitemap.xml" in robots
    assert "Sitemap: https://ips-spinal-cord.example/news-sitemap.xml" in robots


def test_no_news_sitemap_without_recent_articles(tmp_path: Path) -> None:
    build_site(load_site(EXAMPLE), tmp_path / "out", now=datetime(2026, 1, 1, tzinfo=UTC))
    assert not (tmp_path / "out" / "news-sitemap.xml").exists()
    assert "news-sitemap" not in (tmp_path / "out" / "robots.txt").read_text()


def test_news_sitemap_keeps_at_most_1000(make_site, schema, tmp_path: Path) -> None:
    files = {
        f"content/articles/a{i}.md": f"---\ntype: NewsArticle\nheadline: Story {i} & <more>\n"
        f"datePublished: 2025-03-24T{i // 60 % 24:02d}:{i % 60:02d}:00Z\n---\nText.\n"
        for i in range(1003)
    }
    site = load_site(make_site(files))
    articles = [r for r in site.records.values() if r.kind == "articles"]
    news = feeds.news_sitemap(site, articles, datetime(2025, 3, 25, tzinfo=UTC))
    assert news is not None
    path = tmp_path / "news.xml"
    path.write_text(news.text)
    document = check(schema, path)
    dates = [e.text for e in document.iter(f"{NEWS}publication_date")]
    assert len(dates) == 1000 and dates == sorted(dates, reverse=True)


def test_big_sitemaps_split_into_an_index(schema, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(feeds, "SITEMAP_LIMIT", 10)
    site = load_site(EXAMPLE)
    files = feeds.sitemaps(site, list(iter_pages(site)))
    assert files[0].output == "sitemap.xml" and "<sitemapindex" in files[0].text
    assert len(files) == 1 + -(-sum(1 for p in iter_pages(site) if p.in_sitemap) // 10)
    for item in files:
        path = tmp_path / item.output
        path.write_text(item.text)
        check(schema, path)


def test_rss_and_atom_parse(built: Path) -> None:
    for name, version in (("feed.xml", "rss20"), ("atom.xml", "atom10")):
        parsed = feedparser.parse((built / name).read_bytes())
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.version == version
        assert parsed.feed.title == "Spinal Cord Research Desk"
        entries = parsed.entries
        assert len(entries) == 3
        assert entries[-1].link == "https://ips-spinal-cord.example/articles/nhk-ips-cells-spinal-cord-recovery/"
        assert entries[-1].title.startswith("Two of four spinal cord injury patients")
        assert entries[-1].published_parsed[:3] == (2025, 3, 20)  # 00:00 in Tokyo
        assert "spinal cord injury" in [t.term for t in entries[-1].tags]
        assert entries[0].author in ("Archyde",)
        assert "<h2>" in entries[-1].content[0].value


def test_feeds_escape_hostile_text(make_site, tmp_path: Path) -> None:
    root = make_site({
        "content/articles/a.md": "---\ntype: NewsArticle\nheadline: \"]]></title><script>x</script>\"\n"
        "description: 'a & b < c'\ndatePublished: 2025-03-24\n---\nBody <b>bold</b> & more.\n",
    })
    build_site(load_site(root), tmp_path / "out")
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((tmp_path / "out" / name).read_bytes())
        assert not parsed.bozo
        assert parsed.entries[0].title == "]]></title><script>x</script>"
