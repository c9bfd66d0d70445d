"""The site's files that are not pages: sitemaps, the Google News sitemap, RSS and Atom feeds, robots.txt.

These carry no JSON-LD and are not part of ``export``; they are made from the same list of pages
(:func:`publisher.render.pages.iter_pages`), so they list exactly the pages the build writes.

* ``sitemap.xml``: every page but the 404 page (a sitemap index over ``sitemap-N.xml`` beyond
  50,000 URLs), with ``lastmod`` where a page has a date.
* ``news-sitemap.xml``: articles published in the two days before the build's reference time, at
  most 1,000, latest first; written only when there is at least one (an empty ``urlset`` is not
  valid). The reference time is ``SOURCE_DATE_EPOCH`` when set, else the clock.
* ``feed.xml`` (RSS 2.0) and ``atom.xml`` (Atom 1.0): the latest 20 articles.
* ``robots.txt``: allows everything and names the sitemaps.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from publisher.render.html import Renderer, markdown_to_html, parse_when
from publisher.render.pages import Page, as_list, date_of, latest_first
from publisher.site import Record, Site

SITEMAP_LIMIT = 50_000
NEWS_LIMIT = 1_000
NEWS_WINDOW = timedelta(days=2)
FEED_SIZE = 20
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass(frozen=True, slots=True)
class OutputFile:
    output: str  # path under the output folder
    text: str
    media_type: str


def reference_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` (reproducible builds) when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)


def as_datetime(value: object) -> datetime | None:
    """A schema.org Date or DateTime as an aware datetime (a Date is midnight UTC)."""
    if type(value) is str:
        return _text_datetime(value)
    return _as_datetime(value)


@functools.lru_cache(maxsize=65536)
def _text_datetime(value: str) -> datetime | None:
    """:func:`as_datetime` of text, kept: an article's dates are read for its page's and its
    listings' ``lastmod``, the news sitemap and the feeds."""
    return _as_datetime(value)


def _as_datetime(value: object) -> datetime | None:
    when = parse_when(value)
    if when is None:
        return None
    if not isinstance(when, datetime):
        assert isinstance(when, date)
        return datetime(when.year, when.month, when.day, tzinfo=UTC)
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def w3c(when: datetime) -> str:
    return when.isoformat().replace("+00:00", "Z")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    """XML text: escaped, and without the characters XML 1.0 cannot carry (the reader reports them;
    a ``--force`` build must still write a feed that parses)."""
    return escape(_NOT_XML.sub("\ufffd", value))


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", value))


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _lastmod(page: Page, members: dict[str, tuple[int, datetime] | None]) -> datetime | None:
    """When ``page`` last changed; ``members`` keeps each listed record's time (with that time in
    whole microseconds, quicker to compare), worked out once (a record is listed on many pages:
    its section, year and topics). Of equal times, the first listed is the page's, as ``max``."""
    record = page.record
    if record is not None:
        data = record.data
        return as_datetime(data.get("dateModified")) or as_datetime(data.get("datePublished"))
    latest: datetime | None = None
    latest_key = 0
    for member in page.members:
        ref = member.ref
        if ref in members:
            known = members[ref]
        else:
            when = as_datetime(date_of(member, "dateModified") or date_of(member))
            known = members[ref] = None if when is None else ((when - _EPOCH) // _MICROSECOND, when)
        if known is not None and (latest is None or known[0] > latest_key):
            latest_key, latest = known
    return latest


def _urlset(entries: list[tuple[str, datetime | None]]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    for loc, lastmod in entries:
        lines.append(f"  <url><loc>{_text(loc)}</loc>" + (
            f"<lastmod>{w3c(lastmod)}</lastmod>" if lastmod else "") + "</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemaps(site: Site, pages: Iterable[Page]) -> list[OutputFile]:
    members: dict[str, tuple[int, datetime] | None] = {}
    entries = [(page.url, _lastmod(page, members)) for page in pages if page.in_sitemap]
    if len(entries) <= SITEMAP_LIMIT:
        return [OutputFile("sitemap.xml", _urlset(entries), "application/xml")]
    files = []
    index = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{SITEMAP_NS}">']
    for number, start in enumerate(range(0, len(entries), SITEMAP_LIMIT), start=1):
        chunk = entries[start : start + SITEMAP_LIMIT]
        name = f"sitemap-{number}.xml"
        files.append(OutputFile(name, _urlset(chunk), "application/xml"))
        dates = [d for _, d in chunk if d is not None]
        lastmod = f"<lastmod>{w3c(max(dates))}</lastmod>" if dates else ""
        index.append(f"  <sitemap><loc>{_text(site.ids.home + name)}</loc>{lastmod}</sitemap>")
    index.append("</sitemapindex>")
    return [OutputFile("sitemap.xml", "\n".join(index) + "\n", "application/xml"), *files]


def news_language(tag: str) -> str:
    """Google News wants an ISO 639 code, with ``zh-cn`` / ``zh-tw`` for Chinese."""
    tag = tag.lower()
    if tag.startswith("zh"):
        return "zh-tw" if any(x in tag for x in ("hant", "-tw", "-hk", "-mo")) else "zh-cn"
    return tag.split("-", 1)[0]


def recent_articles(articles: list[Record], now: datetime) -> list[tuple[Record, datetime]]:
    """Articles published in :data:`NEWS_WINDOW` before ``now``, latest first (in whatever order
    ``articles`` come: sorted by time and reference)."""
    out = []
    for article in articles:
        published = as_datetime(article.data.get("datePublished"))
        if published is not None and now - NEWS_WINDOW <= published <= now + timedelta(minutes=5):
            out.append((article, published))
    out.sort(key=lambda pair: (pair[1], pair[0].ref), reverse=True)
    return out[:NEWS_LIMIT]


def news_sitemap(site: Site, articles: list[Record], now: datetime) -> OutputFile | None:
    recent = recent_articles(articles, now)
    if not recent:
        return None
    name = _text(site.config.title)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">']
    for article, published in recent:
        language = article.data.get("inLanguage")
        language = news_language(language if isinstance(language, str) else site.config.language)
        lines += [
            "  <url>",
            f"    <loc>{_text(article.page_url)}</loc>",
            "    <news:news>",
            "      <news:publication>",
            f"        <news:name>{name}</news:name>",
            f"        <news:language>{_text(language)}</news:language>",
            "      </news:publication>",
            f"      <news:publication_date>{w3c(published)}</news:publication_date>",
            f"      <news:title>{_text(article.title)}</news:title>",
            "    </news:news>",
            "  </url>",
        ]
    lines.append("</urlset>")
    return OutputFile("news-sitemap.xml", "\n".join(lines) + "\n", "application/xml")


def _names(renderer: Renderer, value: object) -> list[str]:
    names = []
    for item in as_list(value):
        record = renderer.record(item)
        if record is not None:
            names.append(record.title)
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            names.append(item["name"])
        elif isinstance(item, str) and "/" not in item:
            names.append(item)
    return names


def _keywords(article: Record) -> list[str]:
    out = []
    for keyword in as_list(article.data.get("keywords")):
        name = keyword.get("name") if isinstance(keyword, dict) else keyword
        if isinstance(name, str) and name.strip():
            out.append(name.strip())
    return out


def _summary(article: Record) -> str:
    value = article.data.get("description")
    return " ".join(value.split()) if isinstance(value, str) else ""


def _feed_items(articles: list[Record], ordered: bool) -> list[tuple[Record, datetime, datetime]]:
    """The feed's articles (``ordered``: ``articles`` are :func:`latest_first` already)."""
    items = []
    for article in (articles if ordered else latest_first(articles))[:FEED_SIZE]:
        published = as_datetime(article.data.get("datePublished"))
        if published is None:
            continue
        updated = as_datetime(article.data.get("dateModified")) or published
        items.append((article, published, max(published, updated)))
    return items


def _absolute_body(site: Site, article: Record) -> str:
    html = str(markdown_to_html(article.body or ""))
    return html.replace('href="/', f'href="{site.ids.home}').replace('src="/', f'src="{site.ids.home}')


def rss(site: Site, renderer: Renderer, articles: list[Record], *, ordered: bool = False) -> OutputFile:
    config = site.config
    items = _feed_items(articles, ordered)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        "<channel>",
        f"  <title>{_text(config.title)}</title>",
        f"  <link>{_text(site.ids.home)}</link>",
        f"  <description>{_text(config.description or config.title)}</description>",
        f"  <language>{_text(config.language)}</language>",
        f'  <atom:link href={quoteattr(site.ids.home + "feed.xml")} rel="self" type="application/rss+xml"/>',
        "  <generator>publisher</generator>",
    ]
    if items:
        lines.append(f"  <lastBuildDate>{format_datetime(max(u for _, _, u in items))}</lastBuildDate>")
    for article, published, _updated in items:
        lines += [
            "  <item>",
            f"    <title>{_text(article.title)}</title>",
            f"    <link>{_text(article.page_url)}</link>",
            f'    <guid isPermaLink="true">{_text(article.page_url)}</guid>',
            f"    <pubDate>{format_datetime(published)}</pubDate>",
        ]
        authors = _names(renderer, article.data.get("author"))
        lines += [f"    <dc:creator>{_text(n)}</dc:creator>" for n in authors]
        lines += [f"    <category>{_text(k)}</category>" for k in _keywords(article)]
        lines.append(f"    <description>{_text(_summary(article))}</description>")
        lines.append(f"    <content:encoded>{_text(_absolute_body(site, article))}</content:encoded>")
        lines.append("  </item>")
    lines += ["</channel>", "</rss>"]
    return OutputFile("feed.xml", "\n".join(lines) + "\n", "application/rss+xml")


def atom(site: Site, renderer: Renderer, articles: list[Record], *, ordered: bool = False) -> OutputFile:
    config = site.config
    items = _feed_items(articles, ordered)
    updated = max((u for _, _, u in items), default=datetime(1970, 1, 1, tzinfo=UTC))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
        f"  <id>{_text(site.ids.home)}</id>",
        f"  <title>{_text(config.title)}</title>",
    ]
    if config.description:
        lines.append(f"  <subtitle>{_text(config.description)}</subtitle>")
    lines += [
        f"  <updated>{w3c(updated)}</updated>",
        f'  <link rel="alternate" type="text/html" href={quoteattr(site.ids.home)}/>',
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(site.ids.home + "atom.xml")}/>',
        f"  <author><name>{_text(config.title)}</name></author>",
        "  <generator>publisher</generator>",
    ]
    for article, published, entry_updated in items:
        lines += [
            "  <entry>",
            f"    <id>{_text(article.page_url)}</id>",
            f"    <title>{_text(article.title)}</title>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(article.page_url)}/>',
            f"    <published>{w3c(published)}</published>",
            f"    <updated>{w3c(entry_updated)}</updated>",
        ]
        lines += [f"    <author><name>{_text(n)}</name></author>"
                  for n in _names(renderer, article.data.get("author"))]
        lines += [f"    <category term={_attr(k)}/>" for k in _keywords(article)]
        if _summary(article):
            lines.append(f"    <summary>{_text(_summary(article))}</summary>")
        lines.append(f'    <content type="html">{_text(_absolute_body(site, article))}</content>')
        lines.append("  </entry>")
    lines.append("</feed>")
    return OutputFile("atom.xml", "\n".join(lines) + "\n", "application/atom+xml")


def robots(site: Site, has_news: bool) -> OutputFile:
    lines = ["User-agent: *", "Allow: /", "", f"Sitemap: {site.ids.home}sitemap.xml"]
    if has_news:
        lines.append(f"Sitemap: {site.ids.home}news-sitemap.xml")
    return OutputFile("robots.txt", "\n".join(lines) + "\n", "text/plain")


def iter_files(
    site: Site, pages: list[Page], renderer: Renderer, now: datetime | None = None,
    known_sitemaps: list[OutputFile] | None = None,
) -> Iterator[OutputFile]:
    """The non-page files of the site, for the pages the build writes; with ``known_sitemaps``,
    those instead of the sitemaps of ``pages`` (the caller knows they would be the same)."""
    now = now or reference_time()
    articles = latest_first([p.record for p in pages if p.record is not None and p.record.kind == "articles"])
    yield from sitemaps(site, pages) if known_sitemaps is None else known_sitemaps
    news = news_sitemap(site, articles, now)
    if news is not None:
        yield news
    yield rss(site, renderer, articles, ordered=True)
    yield atom(site, renderer, articles, ordered=True)
    yield robots(site, news is not None)
