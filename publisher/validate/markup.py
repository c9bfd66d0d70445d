"""Microdata and RDFa (Lite, and the parts of RDFa 1.1 pages use) to items, with source lines.

Microdata follows the WHATWG algorithm: top-level items are elements with ``itemscope`` and no
``itemprop``; an item's properties are found in its subtree (not entering nested items) and through
``itemref``; values come from ``content``, ``src``, ``href``, ``data``, ``value``, ``datetime``
or the text. RDFa: ``vocab``, ``prefix`` (plus RDFa's initial context: ``schema:``, ``og:``,
``dc:``, ...), ``typeof`` (a new thing), ``property`` (on the nearest thing above; with ``typeof``
on the same element the new thing is the value), ``resource``/``about`` (its ``@id``).

URLs taken from ``href``/``src`` attributes are relative to the page by HTML's own rules, so they
are marked :class:`PageUrl` and not reported as relative.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.html
from lxml import etree

from publisher.validate.graph import Graph, Item, Loc, PageUrl, Prop, Source
from publisher.validate.jsonld import MAX_DEPTH, OTHER, SCHEMA, Emit, classify_iri
from publisher.validate.positions import TextIndex
from publisher.vocab import Vocabulary

_URL_SRC = frozenset({"audio", "embed", "iframe", "img", "source", "track", "video"})
_URL_HREF = frozenset({"a", "area", "link"})
_RDFA_PREFIXES = {
    "schema": "http://schema.org/", "og": "http://ogp.me/ns#", "dc": "http://purl.org/dc/terms/",
    "dcterms": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "sioc": "http://rdfs.org/sioc/ns#",
    "dc11": "http://purl.org/dc/elements/1.1/", "cc": "http://creativecommons.org/ns#",
    "ctag": "http://commontag.org/ns#", "gr": "http://purl.org/goodrelations/v1#",
    "ical": "http://www.w3.org/2002/12/cal/icaltzd#", "ma": "http://www.w3.org/ns/ma-ont#",
    "rev": "http://purl.org/stuff/rev#", "sioct": "http://rdfs.org/sioc/types#",
    "v": "http://rdf.data-vocabulary.org/#", "vcard": "http://www.w3.org/2006/vcard/ns#",
    "void": "http://rdfs.org/ns/void#", "xhv": "http://www.w3.org/1999/xhtml/vocab#",
    "article": "http://ogp.me/ns/article#", "fb": "http://ogp.me/ns/fb#",
    "prov": "http://www.w3.org/ns/prov#", "dcat": "http://www.w3.org/ns/dcat#",
    "as": "https://www.w3.org/ns/activitystreams#", "csvw": "http://www.w3.org/ns/csvw#",
}
_SPACE = re.compile(r"\s+")


def _attribute_columns(text: str, attribute: str) -> tuple[dict[str, int], int]:
    """``({value: first offset of attribute=value}, fallback offset)`` for one line of the page."""
    by_value: dict[str, int] = {}
    pattern = re.compile(re.escape(attribute) + r"""=(?:"([^"]*)"|'([^']*)'|([^\s"'>]*))""")
    for match in pattern.finditer(text):
        value = next((g for g in match.groups() if g is not None), "")
        by_value.setdefault(value, match.start())
    fallback = text.find(attribute + "=")
    if fallback < 0:
        fallback = text.find(attribute)
    if fallback < 0:
        fallback = text.find("<")
    return by_value, fallback


class MarkupSource(Source):
    """Positions are ``(line, column)`` pairs found while reading the DOM."""

    __slots__ = ()


class _Reader:
    def __init__(self, text: str, index: TextIndex, path: str, graph: Graph, vocab: Vocabulary,
                 emit: Emit) -> None:
        self.text = text
        self.index = index
        self.source = MarkupSource(path)
        self.graph = graph
        self.vocab = vocab
        self.emit = emit
        self._lines: list[str] | None = None
        self._columns: dict[tuple[int, str], tuple[dict[str, int], int]] = {}
        self.count = 0
        self.depth = 0

    # --- positions -------------------------------------------------------------------------------

    def where(self, element: Any, attribute: str | None = None) -> Loc:
        """The element's line, and the column of ``attribute`` (with this element's value) on it.

        lxml gives lines, not columns: the column is where ``attribute="value"`` first appears on
        the line (else the attribute, else the first tag). Each line is scanned once per attribute
        name, so a minified page (one long line, thousands of items) stays linear.
        """
        line = element.sourceline or 1
        if attribute is None:
            return (line, 1)
        if self._lines is None:
            self._lines = self.text.splitlines()
        if not 1 <= line <= len(self._lines):
            return (line, 1)
        table = self._columns.get((line, attribute))
        if table is None:
            table = self._columns[(line, attribute)] = _attribute_columns(self._lines[line - 1], attribute)
        by_value, fallback = table
        value = element.get(attribute)
        found = by_value.get(value, -1) if value is not None else -1
        if found < 0:
            found = fallback
        return (line, found + 1 if found >= 0 else 1)

    # --- microdata -------------------------------------------------------------------------------

    def microdata(self, root: Any) -> None:
        ids = {el.get("id"): el for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
        claimed: set[Any] = set()
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            if element.get("itemscope") is not None and element.get("itemprop") is None:
                self.md_item(element, ids, claimed, top=True, inherit_schema=False)
        for element in root.iter():
            if not isinstance(element.tag, str) or element.get("itemprop") is None:
                continue
            if element not in claimed:
                self.emit("CHK008", f"itemprop {element.get('itemprop')!r} is not inside any item "
                          "(no itemscope above it): it is ignored", self.source,
                          self.where(element, "itemprop"),
                          hint="put it inside the element with itemscope, or refer to it with itemref")

    def md_item(self, element: Any, ids: dict[str, Any], claimed: set[Any], top: bool,
                inherit_schema: bool) -> Item:
        self.count += 1
        item = Item(self.source, self.where(element, "itemscope"), top)
        if self.depth >= MAX_DEPTH:
            return item
        self.depth += 1
        try:
            return self._md_item(item, element, ids, claimed, inherit_schema)
        finally:
            self.depth -= 1

    def _md_item(self, item: Item, element: Any, ids: dict[str, Any], claimed: set[Any],
                 inherit_schema: bool) -> Item:
        self.graph.add(item)
        schema = inherit_schema
        itemtype = (element.get("itemtype") or "").strip()
        for token in _SPACE.split(itemtype) if itemtype else ():
            kind, name = classify_iri(token)
            if kind != SCHEMA and "://" not in token:
                self.emit("CHK008", f"itemtype {token!r} is not an absolute URL", self.source,
                          self.where(element, "itemtype"),
                          hint=f"write https://schema.org/{token.rsplit('/', 1)[-1]}")
                if token.lower().startswith(("schema.org/", "www.schema.org/", "//schema.org/")):
                    kind, name = SCHEMA, token.rsplit("/", 1)[-1]
            if kind == SCHEMA:
                schema = True
                if name not in item.types:
                    item.types.append(name)
                    item.type_locs.append((self.source, self.where(element, "itemtype")))
            else:
                item.other_types.append(token)
        if itemtype:
            schema = bool(item.types)
        elif item.top:
            self.emit("CHK012", "a top-level microdata item has no itemtype: consumers cannot tell what "
                      "it is", self.source, self.where(element, "itemscope"),
                      hint='add itemtype="https://schema.org/..."')
        itemid = element.get("itemid")
        if itemid:
            item.id = itemid.strip()
        pending: list[Any] = list(element)
        for ref in _SPACE.split((element.get("itemref") or "").strip()):
            if not ref:
                continue
            target = ids.get(ref)
            if target is None:
                self.emit("CHK008", f"itemref {ref!r} names no element id", self.source,
                          self.where(element, "itemref"))
            else:
                pending.append(target)
        seen: set[Any] = set()
        stack = pending[::-1]  # tree order: take from the end, put children back reversed
        while stack:
            node = stack.pop()
            if node in seen or not isinstance(node.tag, str):
                continue
            seen.add(node)
            names = node.get("itemprop")
            if names is not None:
                claimed.add(node)
                self.md_property(item, node, names, schema, ids, claimed)
            if node.get("itemscope") is None:
                stack.extend(reversed(node))
        return item

    def md_property(self, item: Item, node: Any, names: str, schema: bool, ids: dict[str, Any],
                    claimed: set[Any]) -> None:
        if node.get("itemscope") is not None:
            value: Any = self.md_item(node, ids, claimed, top=False, inherit_schema=schema)
        else:
            value = _element_value(node)
        loc = self.where(node, "itemprop")
        for token in _SPACE.split(names.strip()):
            if not token:
                continue
            if "://" in token:
                kind, name = classify_iri(token)
            elif schema:
                kind, name = SCHEMA, token
            else:
                kind, name = OTHER, token
            if kind == SCHEMA:
                item.add(Prop(name, self.source, loc, [value], [loc]))

    # --- RDFa ------------------------------------------------------------------------------------

    def rdfa(self, root: Any) -> None:
        self._rdfa(root, None, {}, None)

    def _rdfa(self, element: Any, vocab: str | None, prefixes: dict[str, str], subject: Item | None,
              depth: int = 0) -> None:
        if not isinstance(element.tag, str) or depth > 4 * MAX_DEPTH:
            return
        if element.get("vocab") is not None:
            vocab = element.get("vocab", "").strip() or None
        if element.get("prefix"):
            prefixes = {**prefixes, **_parse_prefixes(element.get("prefix", ""))}
        typeof = element.get("typeof")
        prop = element.get("property")
        new: Item | None = None
        if typeof is not None:
            self.count += 1
            new = Item(self.source, self.where(element, "typeof"), top=subject is None or prop is None)
            self.graph.add(new)
            names = ("resource", "about", "href", "src")
            ident = next((element.get(a) for a in names if element.get(a)), None)
            if ident:
                new.id = ident.strip()
            for token in _SPACE.split(typeof.strip()):
                if not token:
                    continue
                kind, name = self.rdfa_term(token, vocab, prefixes, element, "typeof")
                if kind == SCHEMA:
                    if name not in new.types:
                        new.types.append(name)
                        new.type_locs.append((self.source, self.where(element, "typeof")))
                elif kind == OTHER:
                    new.other_types.append(token)
        if prop is not None and subject is not None:
            value: Any = new if new is not None else _rdfa_value(element)
            loc = self.where(element, "property")
            for token in _SPACE.split(prop.strip()):
                if not token:
                    continue
                kind, name = self.rdfa_term(token, vocab, prefixes, element, "property")
                if kind == SCHEMA:
                    subject.add(Prop(name, self.source, loc, [value], [loc]))
        below = new if new is not None else subject
        for child in element:
            self._rdfa(child, vocab, prefixes, below, depth + 1)

    def rdfa_term(self, token: str, vocab: str | None, prefixes: dict[str, str], element: Any,
                  attribute: str) -> tuple[int, str]:
        if "://" in token:
            return classify_iri(token)
        prefix, colon, suffix = token.partition(":")
        if colon:
            namespace = prefixes.get(prefix) or _RDFA_PREFIXES.get(prefix)
            if namespace is None:
                self.emit("CHK009", f"{attribute} {token!r}: prefix {prefix!r} is not declared",
                          self.source, self.where(element, attribute),
                          hint=f'declare it: prefix="{prefix}: https://..."')
                return -1, token
            return classify_iri(namespace + suffix)
        if vocab is None:
            return -1, token  # a term without a vocabulary: not a property of any vocabulary
        return classify_iri(vocab + token)


def _parse_prefixes(text: str) -> dict[str, str]:
    parts = _SPACE.split(text.strip())
    out: dict[str, str] = {}
    for name, iri in zip(parts[::2], parts[1::2], strict=False):
        if name.endswith(":"):
            out[name[:-1]] = iri
    return out


def _text(element: Any) -> str:
    return _SPACE.sub(" ", "".join(element.itertext())).strip()


def _element_value(node: Any) -> Any:
    tag = node.tag.lower() if isinstance(node.tag, str) else ""
    if tag == "meta" or node.get("content") is not None:
        # a `content` attribute on any element: not WHATWG microdata, but schema.org's and Google's
        # own examples (<span itemprop="datePublished" content="2024-01-05T08:00:00+08:00">) use
        # it, and search engines read it
        return node.get("content", "")
    if tag in _URL_SRC:
        return PageUrl(node.get("src", ""))
    if tag in _URL_HREF:
        return PageUrl(node.get("href", ""))
    if tag == "object":
        return PageUrl(node.get("data", ""))
    if tag in ("data", "meter"):
        return node.get("value", "")
    if tag == "time" and node.get("datetime") is not None:
        return node.get("datetime", "")
    return _text(node)


def _rdfa_value(node: Any) -> Any:
    if node.get("content") is not None:
        return node.get("content")
    tag = node.tag.lower() if isinstance(node.tag, str) else ""
    for attribute in ("resource", "href", "src"):
        if node.get(attribute) is not None and (attribute == "resource" or tag in _URL_HREF | _URL_SRC):
            return PageUrl(node.get(attribute))
    if node.get("datetime") is not None:
        return node.get("datetime")
    return _text(node)


def parse_html(text: str) -> Any:
    """The DOM, with source lines; never raises on odd markup."""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, recover=True)
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def read_markup(text: str, index: TextIndex, path: str, graph: Graph, vocab: Vocabulary, emit: Emit) -> int:
    """Microdata and RDFa items of a page into ``graph``; returns how many items were found."""
    root = parse_html(text)
    if root is None:
        return 0
    reader = _Reader(text, index, path, graph, vocab, emit)
    if "itemscope" in text.lower():
        reader.microdata(root)
    reader.rdfa(root)
    return reader.count
