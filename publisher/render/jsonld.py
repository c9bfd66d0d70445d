"""JSON-LD for records and pages, built from the linked site; deterministic, no blank nodes.

Every page carries a connected ``@graph``: the WebSite, the page itself (WebPage, ProfilePage,
ItemPage or CollectionPage), its BreadcrumbList, the page's main entity, and the records it links to
(up to two steps away: an article's authors, publisher, the study it is about and that study's
condition). A record renders to the same node on every page that carries it, so the pages' graphs
merge cleanly and ``export`` (the union of the pages) is well defined.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from publisher.link.ids import Identifiers
from publisher.model.values import REFERENCE_RE
from publisher.site import Record, Site

CONTEXT = "https://schema.org"
SECTION_TITLES = {
    "articles": "Articles",
    "people": "People",
    "organizations": "Organizations",
    "studies": "Studies",
    "conditions": "Conditions",
}
PAGE_TYPES = {
    "articles": "WebPage",
    "people": "ProfilePage",
    "organizations": "ProfilePage",
    "studies": "ItemPage",
    "conditions": "ItemPage",
}
RELATED_DEPTH = 2

Node = dict[str, Any]


_is_reference = REFERENCE_RE.match


def _convert(value: Any, pointer: str, page: str, resolve: Callable[[str], str | None]) -> Any:
    kind = value.__class__
    if kind is str:  # the commonest values first; a reference has a "/", and is matched once
        if "/" not in value or _is_reference(value) is None:
            return value
        target = resolve(value)
        return value if target is None else {"@id": target}
    if kind is list:  # without a pointer for plain text items (as for a node's values below)
        items = []
        for index, item in enumerate(value):
            if item.__class__ is not str:
                items.append(_convert(item, f"{pointer}/{index}", page, resolve))
            elif "/" in item and _is_reference(item) is not None:  # a reference, matched once
                target = resolve(item)
                items.append(item if target is None else {"@id": target})
            else:
                items.append(item)
        return items
    if kind is dict:
        return _nested(value, pointer, page, resolve)
    if kind is int or kind is float or kind is bool or value is None:
        return value
    if isinstance(value, str):
        if REFERENCE_RE.match(value):
            target = resolve(value)
            if target is not None:
                return {"@id": target}
        return value
    if isinstance(value, list):
        return [_convert(v, f"{pointer}/{i}", page, resolve) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return _nested(value, pointer, page, resolve)
    return value


def _nested(value: dict[str, Any], pointer: str, page: str, resolve: Callable[[str], str | None]) -> Node:
    """A thing written inside a record (an image, say): a node of its own, its ``@id`` made from
    the page and its place in the record unless it has one."""
    node: Node = {}
    if "@id" not in value:
        if "type" in value:
            node["@type"] = value["type"]
        node["@id"] = Identifiers.nested(page, pointer)
    for key, item in value.items():
        if key == "type":
            if "@type" not in node:
                node["@type"] = item
            continue
        if item.__class__ is str and ("/" not in item or _is_reference(item) is None):
            node[key] = item
        else:
            node[key] = _convert(item, f"{pointer}/{key}", page, resolve)
    return node


def _site_cache(site: Site, name: str) -> dict[str, Any]:
    """A dict kept on ``site`` under ``name`` (made on first use): it lives as long as the site."""
    cache: dict[str, Any] | None = site.__dict__.get(name)
    if cache is None:
        cache = site.__dict__[name] = {}
    return cache


def resolver(site: Site) -> Callable[[str], str | None]:
    """The ``@id`` of the record a reference names (``people/ada``), or None for no record."""
    records = site.records

    def resolve(ref: str) -> str | None:
        target = records.get(ref)
        return target.id if target is not None else None

    return resolve


def record_node(site: Site, record: Record) -> Node:
    """The record's own node, with nested inline things and ``@id`` links to other records."""
    cache: dict[str, Node] = _site_cache(site, "_node_cache")
    node = cache.get(record.ref)
    if node is not None:
        return node
    data = record.jsonld_data()
    resolve = resolver(site)
    node = {"@type": data.get("type", ""), "@id": record.id}
    page = record.page_url
    for key, value in data.items():
        if key == "type":
            continue
        if value.__class__ is str and ("/" not in value or _is_reference(value) is None):  # most: as they are
            node[key] = value
        else:
            node[key] = _convert(value, f"/{key}", page, resolve)
    node["mainEntityOfPage"] = {"@id": page}
    cache[record.ref] = node
    return node


def website_node(site: Site) -> Node:
    """The site's WebSite node: built once per site, the same object on every page (like records')."""
    known: Node | None = site.__dict__.get("_website_node")
    if known is not None:
        return known
    config = site.config
    node: Node = {
        "@type": "WebSite",
        "@id": site.ids.website,
        "url": site.ids.home,
        "name": config.title,
    }
    if config.description:
        node["description"] = config.description
    node["inLanguage"] = config.language
    if config.publisher and config.publisher in site.records:
        node["publisher"] = {"@id": site.records[config.publisher].id}
    site.__dict__["_website_node"] = node
    return node


def breadcrumb_node(page_url: str, trail: list[tuple[str, str]]) -> Node:
    """A BreadcrumbList for ``trail`` = [(name, url), ...] ending with the page itself."""
    items = []
    for position, (name, url) in enumerate(trail, start=1):
        items.append(
            {
                "@type": "ListItem",
                "@id": f"{page_url}#breadcrumb-{position}",
                "position": position,
                "name": name,
                "item": {"@id": url},
            }
        )
    return {"@type": "BreadcrumbList", "@id": f"{page_url}#breadcrumb", "itemListElement": items}


def related_records(site: Site, record: Record, depth: int = RELATED_DEPTH) -> list[Record]:
    """Records linked from ``record``, breadth first, up to ``depth`` steps, in a stable order."""
    if depth < 1:
        return []
    records = site.records
    seen = {record.ref}
    order: list[Record] = []
    frontier: list[str] = []
    for link in site.links_from(record.ref):  # the record's own links: followed only here
        target = link.target
        if target not in seen and target in records:
            seen.add(target)
            order.append(records[target])
            frontier.append(target)
    for _ in range(depth - 1):
        following: list[str] = []
        for ref in frontier:
            for target in _link_targets(site, ref):
                if target not in seen:
                    seen.add(target)
                    order.append(records[target])
                    following.append(target)
        frontier = following
    return order


def _link_targets(site: Site, ref: str) -> list[str]:
    """The records ``ref`` links to, each once, in the order of its links; kept per site (an
    author's or a study's links are followed from every article's page that names them)."""
    known: dict[str, list[str]] = _site_cache(site, "_link_targets")
    targets = known.get(ref)
    if targets is None:
        records = site.records
        targets = known[ref] = list(dict.fromkeys(
            link.target for link in site.links_from(ref) if link.target in records))
    return targets


def page_node(site: Site, record: Record) -> Node:
    """The WebPage (or ProfilePage, ItemPage) that carries ``record``."""
    page = record.page_url
    node: Node = {
        "@type": PAGE_TYPES[record.kind],
        "@id": page,
        "url": page,
        "name": record.title,
        "isPartOf": {"@id": site.ids.website},
        "breadcrumb": {"@id": site.ids.breadcrumb(page)},
        "inLanguage": site.config.language,
        "mainEntity": {"@id": record.id},
    }
    data = record.data
    if record.kind == "articles" and data.get("image"):
        node["primaryImageOfPage"] = {"@id": Identifiers.nested(page, "/image/0")}
    return node


def page_graph(site: Site, record: Record) -> list[Node]:
    """The nodes of ``record``'s page: its own (:func:`page_own_nodes`), then the related records'."""
    graph = page_own_nodes(site, record)
    graph.extend(record_node(site, other) for other in related_records(site, record))
    return graph


def page_own_nodes(site: Site, record: Record) -> list[Node]:
    """The WebSite, the page, its breadcrumb and the record: ``page_graph`` without related records."""
    trail = [
        (site.config.title, site.ids.home),
        (SECTION_TITLES[record.kind], site.ids.section(record.kind)),
        (record.title, record.page_url),
    ]
    return [
        website_node(site),
        page_node(site, record),
        breadcrumb_node(record.page_url, trail),
        record_node(site, record),
    ]


def page_document(site: Site, record: Record) -> Node:
    """The JSON-LD document embedded in ``record``'s page."""
    return {"@context": CONTEXT, "@graph": page_graph(site, record)}


def _site_page(kind: str, site: Site, url: str, name: str) -> Node:
    """The node of one of the site's own pages (a listing, the 404 page) at ``url``."""
    return {
        "@type": kind,
        "@id": url,
        "url": url,
        "name": name,
        "isPartOf": {"@id": site.ids.website},
        "breadcrumb": {"@id": site.ids.breadcrumb(url)},
        "inLanguage": site.config.language,
    }


def collection_document(
    site: Site,
    url: str,
    name: str,
    trail: list[tuple[str, str]],
    members: list[Record],
    *,
    parts: list[str] | None = None,
) -> Node:
    """The JSON-LD of a listing page (the home page, a section, the archive, a topic).

    ``hasPart`` names the listed records' pages, or the pages in ``parts`` (a listing of listings).
    """
    page = _site_page("CollectionPage", site, url, name)
    targets = [m.page_url for m in members] + list(parts or [])
    if targets:
        page["hasPart"] = [{"@id": target} for target in targets]
    graph = [website_node(site), page]
    if len(trail) > 1:
        graph.append(breadcrumb_node(url, trail))
    else:  # the home page: a one-item breadcrumb says nothing (Google wants two or more)
        del page["breadcrumb"]
    return {"@context": CONTEXT, "@graph": graph}


def webpage_document(site: Site, url: str, name: str, trail: list[tuple[str, str]]) -> Node:
    """The JSON-LD of a plain page of the site (the 404 page): WebSite, WebPage, BreadcrumbList."""
    page = _site_page("WebPage", site, url, name)
    return {
        "@context": CONTEXT,
        "@graph": [website_node(site), page, breadcrumb_node(url, trail)],
    }


# What may not appear as is inside a script element, and its JSON escape (the JSON is the same).
_SCRIPT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def dumps(document: Any, *, indent: bool = True) -> str:
    """Deterministic JSON text (keys in the order built, UTF-8, no NaN)."""
    option = orjson.OPT_INDENT_2 if indent else 0
    return orjson.dumps(document, option=option).decode("utf-8")


def script_json(document: Any) -> str:
    """JSON safe to place inside ``<script type="application/ld+json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c``/``\\u003e``/``\\u0026`` and U+2028/U+2029 are
    escaped, so no value can close the script element or open a comment; the JSON is unchanged.
    """
    text = dumps(document)
    # Each character looked for once (rare: searching is cheaper than replacing), each replaced
    # by a text with none of the others in it.
    for char, escaped in _SCRIPT_ESCAPES:
        if char in text:
            text = text.replace(char, escaped)
    return text
