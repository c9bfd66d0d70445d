"""A record's items for the rules, made straight from its values.

What :func:`publisher.render.jsonld.record_node` writes for a record, read back by
:class:`~publisher.validate.jsonld.JsonLdReader` in the record's context, is a fixed mapping of the
record's values: each mapping an item (``type`` its ``@type``, an ``@id`` from its place in the
record), each reference to another record a bare item with that record's ``@id``, every other
value a literal, each with the JSON pointer of its place. :func:`record_items` makes those items
directly, without the node in between, for records whose keys are plain names and whose values
are YAML's plain kinds (strings, numbers, booleans, null, lists and mappings): nearly all of
them. For any other record it makes nothing and says so; the caller then reads the node.
``tests/test_record_items.py`` holds both ways to the same items.

What it mirrors is :func:`publisher.render.jsonld._convert` (with ``record_node``): a change to
how a record's values become its node there is a change here too.
"""

from __future__ import annotations

import re
from typing import Any

from publisher.link.ids import Identifiers
from publisher.model.values import REFERENCE_RE
from publisher.site import Record, Site
from publisher.validate.graph import Graph, Item, Loc, Prop, Source

# A key the reader takes as the schema.org property of the same name, whose pointer token is the
# key itself: not a keyword (@...), not a compact IRI (a:b), nothing to escape (/ and ~).
_PLAIN_KEY = re.compile(r"[^@:/~][^:/~]*\Z")
# Far below the reader's MAX_DEPTH (and below any YAML a site can load with its limits), so
# that the reader would not stop anywhere: deeper records are left to it.
_MAX_DEPTH = 30

_is_reference = REFERENCE_RE.match
_plain_key = _PLAIN_KEY.match


class _Other(Exception):
    """The record is not one :func:`record_items` makes items for."""


def record_items(site: Site, record: Record, source: Source, graph: Graph) -> bool:
    """Add the items of ``record`` to ``graph``, as reading its node would; False (and nothing
    added) for a record that is to be read as a node."""
    data = record.jsonld_data()
    kind = data.get("type", "")
    if kind.__class__ is not str or ":" in kind:
        return False
    maker = _Maker(site, record, source)
    try:
        maker.record(data, kind)
    except _Other:
        return False
    graph.items.extend(maker.items)
    return True


class _Maker:
    __slots__ = ("items", "page", "record_id", "records", "source")

    def __init__(self, site: Site, record: Record, source: Source) -> None:
        self.records = site.records
        self.record_id = record.id
        self.page = record.page_url
        self.source = source
        self.items: list[Item] = []

    def record(self, data: dict[str, Any], kind: str) -> None:
        record = Item(self.source, "", True)
        self.items.append(record)
        record.types.append(kind.strip())
        record.type_locs.append((self.source, "/@type"))
        record.id = self.record_id
        main_entity = False
        for key, value in data.items():
            if key == "type":
                continue
            if key.__class__ is not str or _plain_key(key) is None:
                raise _Other
            if key == "mainEntityOfPage":  # written over by the page's own, in the key's place
                main_entity = True
                self.page_reference(record)
                continue
            self.property(record, key, value, f"/{key}", 1)
        if not main_entity:
            self.page_reference(record)

    def page_reference(self, record: Item) -> None:
        where = "/mainEntityOfPage"
        stub = self.stub(where, self.page)
        record.props["mainEntityOfPage"] = [Prop("mainEntityOfPage", self.source, where, [stub], [where])]

    def stub(self, where: Loc, ident: str) -> Item:
        stub = Item(self.source, where)
        stub.id = ident
        self.items.append(stub)
        return stub

    def property(self, item: Item, name: str, value: Any, where: str, depth: int) -> None:
        kind = value.__class__
        if kind is str:
            # a reference to a record of the site: a bare item with its @id (a text otherwise)
            found = self.records.get(value) if _is_reference(value) is not None else None
            values: list[Any] = [value if found is None else self.stub(where, found.id)]
            locs: list[Loc] = [where]
        elif kind is int or kind is float or kind is bool:
            values, locs = [value], [where]
        elif value is None:
            return
        elif kind is list:
            values, locs = [], []
            self.values(value, where, values, locs, 0, depth)
            if not values:
                return
        elif kind is dict:
            values, locs = [self.node(value, where, depth)], [where]
        else:
            raise _Other
        item.props[name] = [Prop(name, self.source, where, values, locs)]

    def values(self, value: list[Any], pointer: str, out: list[Any], locs: list[Loc], level: int,
               depth: int) -> None:
        if level >= _MAX_DEPTH:
            raise _Other
        records = self.records
        for index, element in enumerate(value):
            kind = element.__class__
            if kind is str:
                found = records.get(element) if _is_reference(element) is not None else None
                if found is None:
                    out.append(element)
                    locs.append(f"{pointer}/{index}")
                    continue
                where = f"{pointer}/{index}"
                out.append(self.stub(where, found.id))
            elif kind is int or kind is float or kind is bool:
                where = f"{pointer}/{index}"
                out.append(element)
            elif element is None:
                continue
            elif kind is list:
                self.values(element, f"{pointer}/{index}", out, locs, level + 1, depth)
                continue
            elif kind is dict:
                where = f"{pointer}/{index}"
                out.append(self.node(element, where, depth))
            else:
                raise _Other
            locs.append(where)

    def node(self, data: dict[str, Any], pointer: str, depth: int) -> Item:
        if depth >= _MAX_DEPTH:
            raise _Other
        item = Item(self.source, pointer)
        self.items.append(item)
        if "type" in data:
            kind = data["type"]
            if kind.__class__ is not str or ":" in kind:
                raise _Other
            item.types.append(kind.strip())
            item.type_locs.append((self.source, f"{pointer}/@type"))
        item.id = Identifiers.nested(self.page, pointer)
        for key, value in data.items():
            if key == "type":
                continue
            if key.__class__ is not str or _plain_key(key) is None:
                raise _Other
            self.property(item, key, value, f"{pointer}/{key}", depth + 1)
        return item
