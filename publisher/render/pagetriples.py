"""A record page's own WebPage and breadcrumb as N-Triples, from a template per kind of page.

Besides the WebSite and its record's node, every record's page carries two nodes of its own
(:func:`~publisher.render.jsonld.page_own_nodes`): its WebPage (ProfilePage, ItemPage) and its
BreadcrumbList (home, section, page). They are five subjects and 22 or 23 triples that differ
from page to page only by the page's URL, its title and its record's ``@id``: a third of what
the site's triples (:mod:`publisher.render.sitetriples`) take to make and write, node after node,
through :class:`~publisher.render.ntriples.TripleWriter`. :class:`RecordPages` writes them from one
template per kind of page (an article's with or without its image) instead.

A template is proved before it is used: the first page of each kind is written both ways, and the
template is kept only if the general writer, given all of the page's nodes, gives the same blocks
as the template plus the general writer given the other nodes; otherwise every page of that kind
is written the general way (the nodes changed shape, say). A page whose URL or record ``@id`` the
writer does not take as it is (see :mod:`publisher.render.ntriples`), or whose URL has a fragment,
is written the general way too. ``tests/rdf/test_pagetriples.py`` compares both ways on every page
of the example site and of a generated corpus.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

from publisher.link.ids import Identifiers
from publisher.render.jsonld import PAGE_TYPES, page_own_nodes, record_node, website_node
from publisher.render.ntriples import RDF_TYPE, Block, TripleWriter, Unsupported, escape_literal, fstring
from publisher.render.pages import SECTION_TITLES
from publisher.render.recordtriples import RecordTriples
from publisher.site import Record, Site

__all__ = ["RecordPages"]

Node = dict[str, Any]
_INTEGER = '"^^<http://www.w3.org/2001/XMLSchema#integer>'


def _literal(text: str) -> str:
    return f'"{escape_literal(text)}"'


def _field(text: str) -> str:
    """Constant text inside a :meth:`str.format` template."""
    return text.replace("{", "{{").replace("}", "}}")


class _Template:
    """The five blocks of one kind of record page, as :meth:`str.format` templates of the page's
    term ``{p}`` (``<url>``), that term without its ``>`` (``{u}``), the title's literal ``{t}``
    and the record's term ``{r}``, filled in by one function compiled from them (:func:`_filler`)."""

    __slots__ = ("_fill",)

    def __init__(self, direct: TripleWriter, site: Site, kind: str, image: bool) -> None:
        ids = site.ids
        term = direct.predicate
        rdf_type = f" {RDF_TYPE} "
        page = {
            term("url"): "{p}", term("name"): "{t}", term("isPartOf"): _field(direct.iri_term(ids.website)),
            term("breadcrumb"): "{u}#breadcrumb>", term("inLanguage"): _field(_literal(site.config.language)),
            term("mainEntity"): "{r}", rdf_type: _field(direct.type_term(PAGE_TYPES[kind])),
        }
        if image:
            page[term("primaryImageOfPage")] = "{u}" + _field(Identifiers.nested("", "/image/0")) + ">"
        trail = [(_field(_literal(site.config.title)), _field(direct.iri_term(ids.home))),
                 (_field(_literal(SECTION_TITLES[kind])), _field(direct.iri_term(ids.section(kind)))),
                 ("{t}", "{p}")]
        items = [f"{{u}}#breadcrumb-{position}>" for position in (1, 2, 3)]
        crumbs = [("{u}#breadcrumb>", _lines("{u}#breadcrumb>", {
            **{term("itemListElement") + "\0" + item: item for item in items},
            rdf_type: _field(direct.type_term("BreadcrumbList")),
        }))]
        for position, ((name, target), item) in enumerate(zip(trail, items, strict=True), start=1):
            crumbs.append((item, _lines(item, {
                term("item"): target, term("name"): name, term("position"): f'"{position}{_field(_INTEGER)}',
                rdf_type: _field(direct.type_term("ListItem")),
            })))
        self._fill = _filler([("{p}", _lines("{p}", page)), *crumbs])

    def blocks(self, page: str, title: str, record: str) -> list[Block]:
        return self._fill(page, page[:-1], title, record)


_FIELDS = frozenset({"p", "u", "t", "r"})


def _filler(templates: list[tuple[str, str]]) -> Callable[[str, str, str, str], list[Block]]:
    """A function of ``(p, u, t, r)`` that gives the blocks ``templates`` (pairs of
    :meth:`str.format` templates: subject and text) make of them: each template compiled as an
    f-string (:func:`~publisher.render.ntriples.fstring`), six times as fast as ``format_map``."""

    def source(template: str) -> str:
        parts: list[str | tuple[str]] = []
        for constant, name, spec, conversion in string.Formatter().parse(template):
            parts.append(constant)
            if name is not None:
                if name not in _FIELDS or spec or conversion:
                    raise ValueError(f"not a page template's field: {name!r}")
                parts.append((name,))
        return fstring(*parts)

    blocks = ", ".join(f"({source(subject)}, {source(text)})" for subject, text in templates)
    function: Callable[[str, str, str, str], list[Block]] = eval(f"lambda p, u, t, r: [{blocks}]", {})
    return function


def _lines(subject: str, objects: dict[str, str]) -> str:
    """A block's template: a line per predicate (a key: its term, maybe with ``\\0`` and a tie
    breaker after it), in the order of their predicates, as the writer sorts a node's lines."""
    return "".join(f"{subject}{predicate.partition(chr(0))[0]}{objects[predicate]} .\n"
                   for predicate in sorted(objects))


_UNKNOWN: Any = object()


class RecordPages:
    """Record pages' nodes for the site's triples, their WebPage and breadcrumb written from a
    template (see the module's notes). One per writer: it shares the writer's caches."""

    def __init__(self, site: Site, direct: TripleWriter) -> None:
        self._site = site
        self._direct = direct
        self._templates: dict[tuple[str, bool], _Template | None] = {}
        self._records = RecordTriples(site, direct)

    def nodes(self, record: Record, blocks: list[Block]) -> list[Node]:
        """The nodes of ``record``'s page that are left to write the general way, the blocks of
        the others added to ``blocks`` (all of :func:`page_own_nodes`, and no block, when the
        template cannot be used). The record's node is written from its values where
        :class:`~publisher.render.recordtriples.RecordTriples` can, else left with the WebSite."""
        site, direct = self._site, self._direct
        image = record.kind == "articles" and bool(record.data.get("image"))
        key = (record.kind, image)
        template = self._templates.get(key, _UNKNOWN)
        url = record.page_url
        if template is None or "#" in url or record.kind not in SECTION_TITLES:
            return page_own_nodes(site, record)
        try:
            page, entity = direct.iri_term(url), direct.iri_term(record.id)
        except Unsupported:
            return page_own_nodes(site, record)
        values = (page, _literal(record.title), entity)
        if template is _UNKNOWN:  # the first page of its kind: the template is proved on it
            rest = [website_node(site), record_node(site, record)]
            template = self._templates[key] = self._proved(record, key, rest, values)
            if template is None:
                return page_own_nodes(site, record)
        blocks += template.blocks(*values)
        if self._records.write(record, blocks):
            return [website_node(site)]
        return [website_node(site), record_node(site, record)]

    def _proved(self, record: Record, key: tuple[str, bool], rest: list[Node],
                values: tuple[str, str, str]) -> _Template | None:
        """The template of ``key`` if, given ``values`` (the page's term, its title's literal, the
        record's term), it writes ``record``'s page as the writer does (``rest`` written the
        general way), else None."""
        direct = self._direct
        try:
            template = _Template(direct, self._site, *key)
            whole: list[Block] = []
            for node in page_own_nodes(self._site, record):
                direct.write(node, whole)
            parts = template.blocks(*values)
            for node in rest:
                direct.write(node, parts)
        except Unsupported:
            return None
        return template if sorted(whole) == sorted(parts) else None
