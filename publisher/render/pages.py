"""Every page of the site: where it goes, which template draws it, and its JSON-LD.

The list of pages is the single source for ``build`` (HTML) and for ``export`` (the union of
the pages' graphs), so the two cannot disagree about what the site says. Feeds, sitemaps and
``robots.txt`` are files, not pages: they carry no JSON-LD and come from
:mod:`publisher.render.feeds`.

Pages, in order:

* the home page (``/``), latest articles first;
* one listing per kind (``articles/``, ``people/``, ...), paginated (``articles/page/2/``);
* the archive (``archive/``: every article, by month) and one page per year (``archive/2025/``);
* topics (``topics/``) and one page per keyword (``topics/<slug>/``), paginated;
* one page per record (``articles/<slug>/``, ``people/<slug>/``, ...);
* the 404 page (``404.html``).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from publisher.render.jsonld import (
    SECTION_TITLES,
    collection_document,
    page_document,
    webpage_document,
)
from publisher.site import Record, Site

KIND_TEMPLATES = {
    "articles": "article.html",
    "people": "person.html",
    "organizations": "organization.html",
    "studies": "study.html",
    "conditions": "condition.html",
}
HOME_SIZE = 20
PAGE_SIZE = 50
NOT_FOUND = "404.html"


@dataclass(slots=True)
class Page:
    url: str  # absolute URL, the page's WebPage @id
    output: str  # path under the output folder, always ".../index.html" or a file name
    template: str
    title: str
    document: dict[str, Any]
    record: Record | None = None
    members: list[Record] = field(default_factory=list)
    kind: str = "record"  # home, section, archive, year, topics, topic, record, notfound
    trail: list[tuple[str, str]] = field(default_factory=list)
    number: int = 1  # page number of a paginated listing
    count: int = 1  # number of pages of that listing
    prev_url: str | None = None
    next_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def in_sitemap(self) -> bool:
        return self.kind != "notfound"


@dataclass(frozen=True, slots=True)
class Topic:
    slug: str
    name: str
    articles: tuple[Record, ...]


def published(site: Site, drafts: bool = False) -> list[Record]:
    """Records that get a page: all but draft articles (unless ``drafts``)."""
    return [r for r in site.records.values() if drafts or not r.draft]


def date_of(record: Record, name: str = "datePublished") -> str:
    value = record.data.get(name)
    return value if isinstance(value, str) else ""


def latest_first(records: list[Record]) -> list[Record]:
    return sorted(records, key=lambda r: (date_of(r), r.ref), reverse=True)


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


@functools.lru_cache(maxsize=65536)
def topic_slug(name: str) -> str:
    """A URL slug for a keyword: ASCII letters, digits and hyphens; a hash if nothing is left.

    Kept for the process: a few hundred keywords recur on thousands of articles.
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-")
    if not slug:
        slug = "t-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    return slug


def topics(articles: list[Record]) -> list[Topic]:
    """Keywords of ``articles`` (which are latest first), by slug; the first spelling names it."""
    names: dict[str, str] = {}
    members: dict[str, list[Record]] = {}
    for article in articles:
        seen: set[str] = set()
        for keyword in as_list(article.data.get("keywords")):
            name = keyword.get("name") if isinstance(keyword, dict) else keyword
            if not isinstance(name, str) or not name.strip():
                continue
            slug = topic_slug(name.strip())
            if slug in seen:
                continue
            seen.add(slug)
            names.setdefault(slug, name.strip())
            members.setdefault(slug, []).append(article)
    return sorted(
        (Topic(slug, names[slug], tuple(items)) for slug, items in members.items()),
        key=lambda t: (t.name.lower(), t.slug),
    )


def _paginate(
    site: Site,
    *,
    base_url: str,
    base_output: str,
    title: str,
    trail: list[tuple[str, str]],
    members: list[Record],
    template: str,
    kind: str,
    size: int = PAGE_SIZE,
    extra: dict[str, Any] | None = None,
) -> Iterator[Page]:
    """A listing split into pages of ``size``: ``base/``, ``base/page/2/``, ..."""
    count = max(1, -(-len(members) // size))

    def url_of(number: int) -> str:
        return base_url if number == 1 else f"{base_url}page/{number}/"

    for number in range(1, count + 1):
        chunk = members[(number - 1) * size : number * size]
        url = url_of(number)
        name = title if number == 1 else f"{title}, page {number}"
        page_trail = trail if number == 1 else [*trail, (f"Page {number}", url)]
        output = f"{base_output}index.html" if number == 1 else f"{base_output}page/{number}/index.html"
        yield Page(
            url=url,
            output=output,
            template=template,
            title=name,
            document=collection_document(site, url, name, page_trail, chunk),
            members=chunk,
            kind=kind,
            trail=page_trail,
            number=number,
            count=count,
            prev_url=url_of(number - 1) if number > 1 else None,
            next_url=url_of(number + 1) if number < count else None,
            extra=dict(extra or {}),
        )


_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])")


def year_of(record: Record) -> str:
    """The year an article is filed under in the archive: 4 digits, else ``undated``.

    The year names a folder of the output, so it is never taken from the text as written: a
    ``datePublished`` of ``../x`` (an error a ``--force`` build goes past) must not become a path.
    """
    year = date_of(record)[:4]
    return year if _YEAR.fullmatch(year) else "undated"


def month_of(record: Record) -> str:
    month = date_of(record)[:7]
    return month if _MONTH.fullmatch(month) else "undated"


def _months(articles: list[Record]) -> list[tuple[str, list[Record]]]:
    groups: dict[str, list[Record]] = {}
    for article in articles:
        groups.setdefault(month_of(article), []).append(article)
    return list(groups.items())


# The document of a record's page not worked out yet (``iter_pages(documents=False)``): never
# changed, only compared by identity; :func:`with_document` works it out when the page is drawn.
DEFERRED: dict[str, Any] = {}


def with_document(site: Site, page: Page) -> Page:
    """``page`` with its JSON-LD document worked out, if :func:`iter_pages` deferred it."""
    if page.document is DEFERRED and page.record is not None:
        page.document = page_document(site, page.record)
    return page


def iter_pages(site: Site, drafts: bool = False, *, documents: bool = True) -> Iterator[Page]:
    """The site's pages; without ``documents``, records' pages carry :data:`DEFERRED` instead of
    their JSON-LD document (most of the work of listing the pages), for :func:`with_document`."""
    records = published(site, drafts)
    yield from listing_pages(site, records)
    for record in records:
        yield record_page(site, record, documents)
    yield not_found_page(site)


def listing_pages(site: Site, records: list[Record]) -> Iterator[Page]:
    """The pages of :func:`iter_pages` before the records' own: home, sections, archive, topics.

    ``records`` are the published ones (:func:`published`).
    """
    ids = site.ids
    home = ids.home
    home_trail = [(site.config.title, home)]
    articles = latest_first([r for r in records if r.kind == "articles"])
    lead = articles[:HOME_SIZE]
    yield Page(
        url=home,
        output="index.html",
        template="index.html",
        title=site.config.title,
        document=collection_document(site, home, site.config.title, home_trail, lead),
        members=lead,
        kind="home",
        trail=home_trail,
        extra={"total": len(articles)},
    )

    for kind, title in SECTION_TITLES.items():
        members = [r for r in records if r.kind == kind]
        if kind == "articles":
            members = articles
        else:
            members.sort(key=lambda r: (r.title.lower(), r.ref))
        url = ids.section(kind)
        yield from _paginate(
            site, base_url=url, base_output=f"{kind}/", title=title,
            trail=[*home_trail, (title, url)], members=members, template="section.html",
            kind="section", extra={"section": kind},
        )

    archive_url = f"{home}archive/"
    archive_trail = [*home_trail, ("Archive", archive_url)]
    years: dict[str, list[Record]] = {}
    for article in articles:
        years.setdefault(year_of(article), []).append(article)
    yield Page(
        url=archive_url,
        output="archive/index.html",
        template="archive.html",
        title="Archive",
        document=collection_document(
            site, archive_url, "Archive", archive_trail,
            [], parts=[f"{archive_url}{year}/" for year in years],
        ),
        kind="archive",
        trail=archive_trail,
        extra={"years": [(year, f"{archive_url}{year}/", len(items)) for year, items in years.items()]},
    )
    for year, items in years.items():
        year_url = f"{archive_url}{year}/"
        yield Page(
            url=year_url,
            output=f"archive/{year}/index.html",
            template="archive-year.html",
            title=f"Archive: {year}",
            document=collection_document(
                site, year_url, f"Archive: {year}", [*archive_trail, (year, year_url)], items
            ),
            members=items,
            kind="year",
            trail=[*archive_trail, (year, year_url)],
            extra={"year": year, "months": _months(items)},
        )

    topics_url = f"{home}topics/"
    topics_trail = [*home_trail, ("Topics", topics_url)]
    all_topics = topics(articles)
    yield Page(
        url=topics_url,
        output="topics/index.html",
        template="topics.html",
        title="Topics",
        document=collection_document(
            site, topics_url, "Topics", topics_trail, [],
            parts=[f"{topics_url}{t.slug}/" for t in all_topics],
        ),
        kind="topics",
        trail=topics_trail,
        extra={"topics": [(t.name, f"{topics_url}{t.slug}/", len(t.articles)) for t in all_topics]},
    )
    for topic in all_topics:
        url = f"{topics_url}{topic.slug}/"
        yield from _paginate(
            site, base_url=url, base_output=f"topics/{topic.slug}/", title=topic.name,
            trail=[*topics_trail, (topic.name, url)], members=list(topic.articles),
            template="topic.html", kind="topic", extra={"topic": topic.name},
        )


def not_found_page(site: Site) -> Page:
    """The 404 page, the last of :func:`iter_pages`."""
    home = site.ids.home
    url = f"{home}{NOT_FOUND}"
    trail = [(site.config.title, home), ("Page not found", url)]
    return Page(
        url=url,
        output=NOT_FOUND,
        template="404.html",
        title="Page not found",
        document=webpage_document(site, url, "Page not found", trail),
        kind="notfound",
        trail=trail,
    )


def record_page(site: Site, record: Record, document: bool = True) -> Page:
    return Page(
        url=record.page_url,
        output=f"{record.ref}/index.html",
        template=KIND_TEMPLATES[record.kind],
        title=record.title,
        document=page_document(site, record) if document else DEFERRED,
        record=record,
        trail=[
            (site.config.title, site.ids.home),
            (SECTION_TITLES[record.kind], site.ids.section(record.kind)),
            (record.title, record.page_url),
        ],
    )
