"""Every page of the site: where it goes, which template draws it, and its JSON-LD.

The list of pages is the single source for ``build`` (HTML) and for ``export`` (the union of
the pages' graphs), so the two cannot disagree about what the site says.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from publisher.render.jsonld import (
    SECTION_TITLES,
    collection_document,
    page_document,
)
from publisher.site import Record, Site

KIND_TEMPLATES = {
    "articles": "article.html",
    "people": "person.html",
    "organizations": "organization.html",
    "studies": "study.html",
    "conditions": "condition.html",
}


@dataclass(slots=True)
class Page:
    url: str  # absolute URL, the page's WebPage @id
    output: str  # path under the output folder, always ".../index.html" or a file name
    template: str
    title: str
    document: dict[str, Any]
    record: Record | None = None
    members: list[Record] = field(default_factory=list)


def published(site: Site, drafts: bool = False) -> list[Record]:
    """Records that get a page: all but draft articles (unless ``drafts``)."""
    return [r for r in site.records.values() if drafts or not r.draft]


def latest_first(records: list[Record]) -> list[Record]:
    def key(record: Record) -> tuple[str, str]:
        value = record.data.get("datePublished")
        return (value if isinstance(value, str) else "", record.ref)

    return sorted(records, key=key, reverse=True)


def iter_pages(site: Site, drafts: bool = False) -> Iterator[Page]:
    records = published(site, drafts)
    ids = site.ids
    home_trail = [(site.config.title, ids.home)]
    articles = latest_first([r for r in records if r.kind == "articles"])
    yield Page(
        url=ids.home,
        output="index.html",
        template="index.html",
        title=site.config.title,
        document=collection_document(site, ids.home, site.config.title, home_trail, articles),
        members=articles,
    )
    for kind, title in SECTION_TITLES.items():
        members = [r for r in records if r.kind == kind]
        if kind == "articles":
            members = articles
        else:
            members.sort(key=lambda r: (r.title.lower(), r.ref))
        url = ids.section(kind)
        trail = [*home_trail, (title, url)]
        yield Page(
            url=url,
            output=f"{kind}/index.html",
            template="section.html",
            title=title,
            document=collection_document(site, url, title, trail, members),
            members=members,
        )
    for record in records:
        yield record_page(site, record)


def record_page(site: Site, record: Record) -> Page:
    return Page(
        url=record.page_url,
        output=f"{record.ref}/index.html",
        template=KIND_TEMPLATES[record.kind],
        title=record.title,
        document=page_document(site, record),
        record=record,
    )
