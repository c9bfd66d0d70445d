"""Nodes that come again on many pages are read and checked once (``publisher check`` on a site).

A site's pages repeat most of their JSON-LD: the site's WebSite, its publishers, authors, studies
and conditions are the same nodes, written the same way, on thousands of pages. This module keeps,
per process, what one node of a page's ``@graph`` gives:

* its *template*: the items it reads into, read once on their own (pointers relative to the node),
  keyed by the node's JSON (``orjson.dumps`` of the parsed node: same key, same items);
* the *contribution* of its items to the page's diagnostics, keyed by the node's *closure*: the
  templates of the nodes its references lead to on the page, transitively, each with the ``top``
  and ``main`` flags of its items. The rules and the vocabulary checks read nothing else (an item,
  its values, and the items those resolve to through ``@id``), so the same closure gives the same
  diagnostics, relocated: each one is kept as (node of the closure, pointer in it) and put back at
  that node's place on the page, where the page's own text gives its line and column.

A page takes this path only in the plain case: an HTML page with one JSON-LD block that parses,
``{"@context": <schema.org>, "@graph": [objects]}``, no microdata or RDFa, no reading diagnostics
in its nodes, no ``@reverse``. Nodes that share an ``@id`` on the page (merged items) are read
from templates too but checked without the contribution memo. Anything else (a bad block, a page
with markup, ...) returns ``None`` and the caller checks the page as before, so the diagnostics
are the same either way: the order is the sorted order of :func:`engine.unique`, which the caller
applies.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson

from publisher.diagnostics import Diagnostic, Severity
from publisher.validate.engine import Checker
from publisher.validate.extract import _NEAR_MISS, has_markup, script_blocks
from publisher.validate.graph import Graph, Item, Loc, Source
from publisher.validate.jsonld import SCHEMA_CONTEXT, JsonLdReader
from publisher.validate.positions import _SCAN_ONCE, _WHITESPACE, JsonSource, TextIndex, locate
from publisher.validate.profiles import RuleSet
from publisher.vocab.loader import is_schema_context_url

MAX_TEMPLATES = 20_000  # then every cache starts again (a process checking a huge site)
_LD = "application/ld+json"

# a diagnostic of a node's items, before it has a page: (where, loc, key, code, severity, message,
# hint); ``where`` is the node's place in the page's @graph, or in a closure
Record = tuple[int, str, bool, str, Severity, str, str | None]


class NodeSource(Source):
    """The source of a template's items: one node read on its own, at pointer ``""``."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("")


class Template:
    """The items one node reads into, with their flags as read."""

    __slots__ = ("deltas", "items", "refs", "serial", "solid", "source", "tops", "written")

    def __init__(self, serial: int, source: NodeSource, items: list[Item]) -> None:
        self.serial = serial  # 0: not kept (its contributions are not kept either)
        self.source = source
        self.items = items
        self.tops = [item.top for item in items]
        self.solid = [item for item in items if item.types or item.props or item.other_types]
        # the @ids it refers to (bare references): where its closure goes on
        refs: dict[str, None] = {}
        for item in items:
            if item.id is not None and not (item.types or item.props or item.other_types):
                refs[item.id] = None
        self.refs = tuple(refs)
        self.written: tuple[str, str] | None = None  # (indent, its text so indented), see _member_offsets
        # where a diagnostic's (pointer, key) is from the start of that text: the same wherever it is
        self.deltas: dict[tuple[str, bool], int] = {}


class _Recorder(Checker):
    """A checker that keeps each diagnostic by source and pointer, without a line and column."""

    __slots__ = ("records",)

    def __init__(self, ruleset: RuleSet, graph: Graph, now: datetime) -> None:
        super().__init__(ruleset, graph, [], now)
        self.records: list[tuple[Source, Loc, bool, str, Severity, str, str | None]] = []

    def emit(
        self, code: str, message: str, source: Source, loc: Loc, key: bool = False,
        hint: str | None = None, prop: str | None = None,
    ) -> None:
        severity = self.ruleset.severity(code)
        if severity is not None:
            self.records.append((source, loc, key, code, severity, message, hint))


class _Unfit(Exception):
    """The node or page is not for this path (the caller checks the page as before)."""


class PageMemo:
    """Templates and contributions for one rule set and one time (``now``), in one process."""

    def __init__(self, ruleset: RuleSet, now: datetime, page_types: frozenset[str]) -> None:
        self.ruleset = ruleset
        self.now = now
        self.page_types = page_types
        self.vocab = ruleset.vocab
        self._templates: dict[bytes, Template | None] = {}  # None: the node is unfit
        self._seen: set[int] = set()  # hashes of nodes met once (kept from the second time)
        self._contributions: dict[tuple[Any, ...], list[Record]] = {}
        self._serial = 0

    # --- templates -------------------------------------------------------------------------------

    def _read(self, node: dict[str, Any], serial: int) -> Template | None:
        source = NodeSource()
        graph = Graph()
        said: list[object] = []

        def emit(*args: Any, **kwargs: Any) -> None:
            said.append(args)

        reader = JsonLdReader(source, graph, self.vocab, emit)
        reader.depth = 1  # as a member of the block's @graph
        reader.node(node, "", SCHEMA_CONTEXT, top=True)
        if said:
            return None
        for item in graph.items:
            for props in item.props.values():
                for prop in props:
                    if prop.reverse:
                        return None
        return Template(serial, source, graph.items)

    def template(self, key: bytes, node: dict[str, Any]) -> Template | None:
        found = self._templates.get(key, ...)
        if found is not ...:
            return found  # type: ignore[return-value]
        hashed = hash(key)
        if hashed not in self._seen:  # met once: read, not kept
            self._seen.add(hashed)
            if len(self._seen) > 4 * MAX_TEMPLATES:
                self._seen.clear()
            return self._read(node, 0)
        if len(self._templates) >= MAX_TEMPLATES:
            self._templates.clear()
            self._contributions.clear()
        self._serial += 1
        made = self._templates[key] = self._read(node, self._serial)
        return made

    # --- pages -----------------------------------------------------------------------------------

    def check(self, text: str, path: str, utf8: bytes | None) -> tuple[list[Diagnostic], int] | None:
        """The diagnostics of an HTML page, or None when the page is not for this path."""
        block = _single_block(text)
        if block is None or has_markup(text, utf8):
            return None
        start, end = block
        try:
            value = orjson.loads(text[start:end])
        except orjson.JSONDecodeError:
            return None
        if value.__class__ is not dict or len(value) != 2 or not is_schema_context_url(value.get("@context")):
            return None
        members = value.get("@graph")
        if members.__class__ is not list or not members:
            return None
        try:
            templates, records = self._page(members)
        except _Unfit:
            return None
        out: list[Diagnostic] = []
        if not records:
            return out, 1
        source = JsonSource(path, TextIndex(text), start, end)
        verified = _member_offsets(text, start, members, templates, max(r[0] for r in records), source)
        index = source.index
        for where, loc, key, code, severity, message, hint in records:
            pointer = f"/@graph/{where}{loc}"
            at = verified.get(where)
            if at is None:
                line, column = source.position(pointer, key)
            else:  # the node's text is its template's: the same distance from its start
                template = templates[where]
                delta = template.deltas.get((loc, key))
                if delta is None:
                    value_offset, key_offset = source.offsets(pointer)
                    delta = (key_offset if key else value_offset) - at
                    if 0 <= delta < len(template.written[1]):  # type: ignore[index]
                        template.deltas[(loc, key)] = delta
                line, column = index.position(at + delta)
            out.append(Diagnostic(code, severity, message, path, line, column, pointer, hint))
        return out, 1

    def _page(self, members: list[Any]) -> tuple[list[Template], list[Record]]:
        """The page's templates (one per member of its @graph) and its diagnostics."""
        templates: list[Template] = []
        used: set[int] = set()
        for node in members:
            if node.__class__ is not dict:
                raise _Unfit
            template = self.template(orjson.dumps(node), node)
            if template is None:
                raise _Unfit
            if id(template) in used:  # the same node twice on a page: a copy of its own
                template = self._read(node, 0)  # (fit: the same node read the same way)
                assert template is not None
            used.add(id(template))
            templates.append(template)

        graph = Graph()
        everything = graph.items
        owner: dict[int, int] = {}  # id(solid item) -> its node's place in @graph
        solid = 0
        for place, template in enumerate(templates):
            for item, top in zip(template.items, template.tops, strict=True):
                item.top = item.main = top
            everything.extend(template.items)
            for item in template.solid:
                owner[id(item)] = place
            solid += len(template.solid)
        items = graph.finish()
        graph.mark_main(items, self.page_types)
        places = {id(template.source): place for place, template in enumerate(templates)}
        records: list[Record] = []
        if len(items) != solid:  # items merged by @id: checked as a whole, not memoized
            self._run(items, graph, places, None, records)
            return templates, records
        by_id = graph.by_id
        flags: list[tuple[tuple[bool, bool], ...] | None] = [None] * len(templates)
        for place, template in enumerate(templates):
            if not template.solid:
                continue
            if not template.serial:
                self._run(template.solid, graph, places, None, records)
                continue
            closure = [place]
            member = {place: 0}
            key: list[Any] = []
            cacheable = True
            index = 0
            while index < len(closure):
                at = closure[index]
                index += 1
                reached = templates[at]
                if not reached.serial:
                    cacheable = False
                    break
                shown = flags[at]
                if shown is None:
                    shown = flags[at] = tuple([(item.top, item.main) for item in reached.solid])
                key.append(reached.serial)
                key.append(shown)
                for ref in reached.refs:
                    target = by_id.get(ref)
                    if target is None:
                        continue
                    other = owner.get(id(target))
                    if other is not None and other not in member:
                        member[other] = len(closure)
                        closure.append(other)
            if not cacheable:
                self._run(template.solid, graph, places, None, records)
                continue
            memo_key = tuple(key)
            found = self._contributions.get(memo_key)
            if found is None:
                found = []
                self._run(template.solid, graph, places, member, found)
                self._contributions[memo_key] = found
            for where, loc, is_key, code, severity, message, hint in found:
                records.append((closure[where], loc, is_key, code, severity, message, hint))
        return templates, records

    def _run(self, items: list[Item], graph: Graph, places: dict[int, int], closure: dict[int, int] | None,
             records: list[Record]) -> None:
        """Check ``items``; their diagnostics go to ``records`` by node place (on the page, or in
        the closure when ``closure`` maps page places to closure places)."""
        checker = _Recorder(self.ruleset, graph, self.now)
        for item in items:
            if item.top and not item.types and not item.other_types:
                checker.emit("CHK012", "a top-level node has no @type: consumers cannot tell what it is",
                             item.source, item.loc, hint='add "@type", e.g. "@type": "NewsArticle"')
        checker.run(items)
        for source, loc, key, code, severity, message, hint in checker.records:
            place = places.get(id(source))
            if place is None or not isinstance(loc, str):
                raise _Unfit  # (a diagnostic outside the page's nodes: not expected)
            if closure is not None:
                where = closure.get(place)
                if where is None:
                    raise _Unfit
                place = where
            records.append((place, loc, key, code, severity, message, hint))


def _member_offsets(text: str, start: int, members: list[Any], templates: list[Template], last: int,
                    source: JsonSource) -> dict[int, int]:
    """Tell ``source`` where the block's ``@graph`` members 0 to ``last`` start, as
    :func:`~publisher.validate.positions.locate` would find them, so that locating a diagnostic
    walks its own node only.

    ``locate`` skips a member by parsing it; here a member whose text is what ``orjson`` writes
    for it indented as the page indents it (a page written by ``json.dumps(..., indent=2)``, as
    most are) is skipped by comparing that text: a JSON object's text ends where its brackets
    close, so a text that matches is the whole member. Any other member is parsed, as before.

    Returns the start of each member, up to ``last``, of a kept template whose text is that
    template's text (so what lies at a distance from its start is the same on every page).
    """
    verified: dict[int, int] = {}
    found = locate(text, start, "/@graph")  # (to the first "@graph" key)
    if found is None:
        return verified
    skip = _WHITESPACE.match
    pos = found[0]
    try:
        if text[pos] != "[":
            return verified
        pos = skip(text, pos + 1).end()
        known = source.known
        for index in range(last + 1):
            known[f"/@graph/{index}"] = (pos, pos)
            indent = text[text.rfind("\n", 0, pos) + 1:pos]
            template = templates[index]
            kept = template.written
            if kept is not None and kept[0] == indent:
                written = kept[1]
            else:
                written = orjson.dumps(members[index], option=orjson.OPT_INDENT_2).decode()
                if indent:
                    written = written.replace("\n", "\n" + indent) if not indent.strip() else ""
                if template.serial:
                    template.written = (indent, written)
                    template.deltas = {}
            if written and text.startswith(written, pos):
                if template.serial:
                    verified[index] = pos
                pos += len(written)
            elif index == last:
                return verified
            else:
                _, pos = _SCAN_ONCE(text, pos)
            if index == last:
                return verified
            pos = skip(text, pos).end()
            if text[pos] != ",":
                return verified
            pos = skip(text, pos + 1).end()
    except (IndexError, StopIteration, ValueError, RecursionError):
        return verified
    return verified


def _single_block(text: str) -> tuple[int, int] | None:
    """The one JSON-LD block of a page, if it has exactly one and no near-miss script types."""
    if "<script" not in text and "<SCRIPT" not in text and "<Script" not in text:
        return None
    found: tuple[int, int] | None = None
    for start, end, kind in script_blocks(text):
        media = kind.split(";", 1)[0].strip().lower()
        if media == _LD:
            if found is not None:
                return None
            found = (start, end)
        elif media and _NEAR_MISS.search(media):
            return None
    return found
