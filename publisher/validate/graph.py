"""The graph the rules see: schema.org items, their properties and values, and where each came from.

Every extractor (JSON-LD blocks and files, microdata, RDFa, the site's records) produces
:class:`Item` objects whose property names and types are schema.org local names (``author``,
``NewsArticle``); terms of other vocabularies are left out, so no rule ever sees them. A value is a
literal (``str``, ``int``, ``float``, ``bool``) or another :class:`Item`.

Positions are resolved lazily: an item or property keeps a :class:`Source` and a location (a JSON
pointer, or a ``(line, column)`` pair for HTML attributes), and only a diagnostic asks the source
for a line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Loc = str | tuple[int, int]


class PageUrl(str):
    """A URL from an HTML attribute (``href``, ``src``): relative to the page by HTML's own rules,
    and resolved by every consumer, so never reported as relative."""

    __slots__ = ()


class Source:
    """Where a group of items came from; turns a location into ``(line, column)``."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def position(self, loc: Loc, key: bool = False) -> tuple[int, int]:
        if isinstance(loc, tuple):
            return loc
        return (1, 1)

    def pointer(self, loc: Loc) -> str:
        return loc if isinstance(loc, str) else ""


class Prop:
    """One property of an item as written in one place (a merged item may have several)."""

    __slots__ = ("key_loc", "locs", "name", "reverse", "source", "values")

    def __init__(
        self, name: str, source: Source, key_loc: Loc, values: list[Any], locs: list[Loc],
        reverse: bool = False,
    ) -> None:
        self.name = name
        self.source = source
        self.key_loc = key_loc
        self.values = values
        self.locs = locs
        self.reverse = reverse


class Item:
    """A node: its schema.org types, ``@id``, properties, and position."""

    __slots__ = (
        "id",
        "loc",
        "main",
        "merged",
        "other_types",
        "props",
        "source",
        "top",
        "type_locs",
        "types",
    )

    def __init__(self, source: Source, loc: Loc, top: bool = False) -> None:
        self.source = source
        self.loc = loc
        self.top = top
        self.id: str | None = None
        self.types: list[str] = []
        self.type_locs: list[tuple[Source, Loc]] = []  # where each of ``types`` was written
        self.other_types: list[str] = []
        self.props: dict[str, list[Prop]] = {}
        self.main = top  # what a page (or a record) is about; see Graph.mark_main
        self.merged: list[Item] | None = None

    def add(self, prop: Prop) -> None:
        found = self.props.get(prop.name)
        if found is None:
            self.props[prop.name] = [prop]
        else:
            found.append(prop)

    @property
    def is_stub(self) -> bool:
        """A bare reference (``{"@id": ...}``): nothing said about the thing here."""
        return not self.types and not self.props and not self.other_types

    def values(self, name: str) -> Iterator[tuple[Any, Prop, int]]:
        """Every value of the property, with the property it was written in and its index."""
        for prop in self.props.get(name, ()):
            for index, value in enumerate(prop.values):
                yield value, prop, index

    def first_text(self, name: str) -> str | None:
        for prop in self.props.get(name, ()):  # (not through values(): rules call this per item)
            for value in prop.values:
                if isinstance(value, str) and value.strip():
                    return value
        return None

    def has(self, name: str) -> bool:
        """The property has at least one value that says something (not an empty string)."""
        for prop in self.props.get(name, ()):
            for value in prop.values:
                if isinstance(value, str):
                    if value.strip():
                        return True
                elif value is not None:
                    return True
        return False

    def anchor(self) -> tuple[Source, Loc, bool]:
        """Where a diagnostic about the item as a whole points: its ``@type`` key, else the item."""
        if self.type_locs:
            source, loc = self.type_locs[0]
            return source, loc, True
        return self.source, self.loc, False

    def label(self) -> str:
        if self.types:
            return "/".join(self.types)
        return "item"

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Item({self.label()}, id={self.id!r}, props={sorted(self.props)})"


class Graph:
    """All items of one page (or one site), merged by ``@id``."""

    __slots__ = ("by_id", "items")

    def __init__(self) -> None:
        self.items: list[Item] = []
        self.by_id: dict[str, Item] = {}

    def add(self, item: Item) -> None:
        self.items.append(item)

    def finish(self) -> list[Item]:
        """Merge items that share an ``@id``; return the items rules should look at (bare
        references are left out: they say nothing)."""
        by_id: dict[str, Item] = {}
        out: list[Item] = []
        for item in self.items:
            ident = item.id
            if not item.types and not item.props and not item.other_types:  # a stub
                if ident is not None and ident not in by_id:
                    by_id[ident] = item
                continue
            if ident is None:
                out.append(item)
                continue
            first = by_id.get(ident)
            if first is None or first.is_stub:
                if first is not None and first.top:
                    item.top = True
                by_id[ident] = item
                out.append(item)
                continue
            if first.merged is None:
                merged = Item(first.source, first.loc, first.top)
                merged.id = ident
                merged.merged = [first]
                _absorb(merged, first)
                by_id[ident] = merged
                out[out.index(first)] = merged
                first = merged
            first.merged.append(item)  # type: ignore[union-attr]
            _absorb(first, item)
        self.by_id = by_id
        return out

    def mark_main(self, items: list[Item], page_types: frozenset[str]) -> None:
        """A page's main things: top-level items nothing else on the page refers to, and what a
        page (an item whose type is in ``page_types``) names as its ``mainEntity`` or ``about``,
        or a WebSite as its ``publisher``."""
        referenced = {item.id for item in self.items if not item.top and item.id is not None}
        for item in items:
            item.main = item.top and (item.id is None or item.id not in referenced)
        for item in items:
            if not item.types or not any(t in page_types for t in item.types):
                continue
            for name in ("mainEntity", "about", "publisher"):
                for prop in item.props.get(name, ()):
                    for value in prop.values:
                        if isinstance(value, Item):
                            self.resolve(value).main = True

    def resolve(self, value: Any) -> Any:
        """The full item a reference stands for (itself when not known by ``@id``)."""
        if isinstance(value, Item) and value.id is not None:
            return self.by_id.get(value.id, value)
        return value


def _absorb(into: Item, item: Item) -> None:
    if item.top:
        into.top = True
    if not into.type_locs and item.type_locs:
        into.source, into.loc = item.source, item.loc
    for name, where in zip(item.types, item.type_locs, strict=False):
        if name not in into.types:
            into.types.append(name)
            into.type_locs.append(where)
    for other in item.other_types:
        if other not in into.other_types:
            into.other_types.append(other)
    into.main = into.main or item.main
    for props in item.props.values():
        for prop in props:
            into.add(prop)
