"""A record's own node as N-Triples, written from the record's values without making the node.

:func:`~publisher.render.jsonld.record_node` turns a record's values into its JSON-LD node (each
reference to another record made an ``{"@id": ...}`` object, each list copied, the page added as
``mainEntityOfPage``), and :class:`~publisher.render.ntriples.TripleWriter` then reads that node
back, key by key, into lines. For the site's triples (:mod:`publisher.render.sitetriples`) every
record's node is made only to be written once: a third of the time a record page takes there.
:class:`RecordTriples` writes the lines from the values themselves, with one function compiled per
set of keys (as the writer compiles one per node shape), each key's value turned into its object
term where it is read:

* a string that names a record (``people/ada``) is that record's IRI; any other string is a
  literal, an IRI or a dated literal as the key's term says;
* a list of one string is that string;
* anything else (a list of several, a nested thing, a number) is made into its JSON-LD value
  exactly as ``record_node`` makes it, and written by the writer's own slot (``TripleWriter._terms``).

A function is proved before it is used: on the first record with its keys, it must give the blocks
the writer gives for ``record_node``'s node; otherwise records with those keys are written the usual
way. A record whose values the function cannot take (a key without a triple, something the writer
does not write) is written the usual way too, and so is one whose ``@id`` is not on its own page
(its node belongs to another page's graph). ``tests/rdf/test_recordtriples.py`` compares both ways
on every record of the example site and of a generated corpus, and on records made to be awkward.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from publisher.render.jsonld import REFERENCE_RE, _convert, record_node, resolver
from publisher.render.ntriples import (
    Block,
    TripleWriter,
    Unsupported,
    WriterSlots,
    fstring,
    shape_source,
)
from publisher.site import Record, Site

__all__ = ["RecordTriples"]

Fill = Callable[[dict[str, Any], str, str, list[Block]], str]
_UNKNOWN: Any = object()
# The node's own key that record_node sets whatever the values say.
_PAGE_KEY = "mainEntityOfPage"


class RecordTriples:
    """Records' own nodes written from their values (see the module's notes). One per writer: it
    shares the writer's caches."""

    def __init__(self, site: Site, direct: TripleWriter) -> None:
        self._site = site
        self._direct = direct
        self._slots = direct.slots()
        self._fills: dict[tuple[str, ...], Fill | None] = {}
        self._names: dict[str, Any] = {**self._slots.names, "resolve": resolver(site),
                                       "reference": REFERENCE_RE.match, "convert": _convert}

    def write(self, record: Record, blocks: list[Block]) -> bool:
        """Add the blocks of ``record``'s node to ``blocks`` and say True, or add none and say
        False: the node is then to be made and written the usual way."""
        data = record.jsonld
        if data is None or record.id.partition("#")[0] != record.page_url:
            return False
        keys = tuple(data)
        fill = self._fills.get(keys, _UNKNOWN)
        if fill is None:
            return False
        if fill is _UNKNOWN:
            fill = self._fills[keys] = self._proved(record, keys)
            if fill is None:
                return False
        size = len(blocks)
        try:
            subject = self._direct.iri_term(record.id)
            blocks.append((subject, fill(data, subject, record.page_url, blocks)))
        except (Unsupported, self._slots.no_triple):
            del blocks[size:]
            return False
        return True

    def _proved(self, record: Record, keys: tuple[str, ...]) -> Fill | None:
        """The function for ``keys`` if it writes ``record`` as the writer writes its node."""
        fill = self._compiled(keys)
        if fill is None or record.jsonld is None:
            return None
        direct = self._direct
        try:
            usual: list[Block] = []
            direct.write(record_node(self._site, record), usual)
            mine: list[Block] = []
            subject = direct.iri_term(record.id)
            mine.append((subject, fill(record.jsonld, subject, record.page_url, mine)))
        except (Unsupported, self._slots.no_triple):
            return None
        return fill if sorted(usual) == sorted(mine) else None

    def _compiled(self, keys: tuple[str, ...]) -> Fill | None:
        """The function for records with ``keys`` (None when they cannot have one: no ``type``, a
        keyword among them, two keys of one predicate, a key that is no term the writer knows)."""
        if "type" not in keys or any(key.startswith("@") for key in keys):
            return None
        spec = self._slots.spec
        try:
            specs = [(spec(key), key) for key in keys if key not in ("type", _PAGE_KEY)]
            specs += [(spec("@type"), "type"), (spec(_PAGE_KEY), _PAGE_KEY)]
        except Unsupported:
            return None
        specs.sort()
        predicates = [predicate for (predicate, _how, _datatype), _key in specs]
        if len(set(predicates)) < len(predicates):
            return None
        names = dict(self._names)
        exec(_source(specs, self._slots), names)  # our code: keys and terms go in through repr
        fill: Fill = names["fill"]
        return fill


def _source(specs: list[tuple[tuple[str, int, str], str]], slots: WriterSlots) -> str:
    """Python source of ``fill(data, s, page, blocks)`` for records whose keys have ``specs``
    (sorted by predicate): the node's text, its nested nodes' blocks added to ``blocks``."""
    v = ("v",)
    code = ["def fill(data, s, page, blocks):"]
    literals: dict[int, str] = {}  # slot -> what follows the literal's closing quote
    for index, ((predicate, how, datatype), key) in enumerate(specs):
        out = f"o{index}"
        if key == "type":
            code += ["    v = data['type']",
                     f"    {out} = types.get(v) if v.__class__ is str else None",
                     f"    if {out} is None:",
                     f"        {out} = terms({how}, {datatype!r}, v, blocks, s, {predicate!r})"]
            continue
        if key == _PAGE_KEY:  # record_node's {"@id": page}, whatever the values say
            code += [f"    {out} = iris.get(page) or iri(page)"]
            continue
        code += [f"    v = data[{key!r}]",
                 "    if v.__class__ is list and len(v) == 1 and v[0].__class__ is str:",
                 "        v = v[0]",
                 "    if v.__class__ is str:",
                 "        if '/' in v and reference(v) is not None and (t := resolve(v)) is not None:",
                 f"            {out} = iris.get(t) or iri(t)",
                 "        else:"]
        if how == slots.iri_value:
            code += [f"            {out} = iris.get(v) or iri(v)"]
        else:
            literals[index] = datatype
            literal = fstring('"', v, '"' + datatype)
            code += [f"            {out} = {literal}", f"            r{index} = v"]
        code += ["    else:",
                 f"        {out} = terms({how}, {datatype!r}, convert(v, {'/' + key!r}, page, resolve), "
                 f"blocks, s, {predicate!r})"]
    return shape_source(code, literals, [predicate for (predicate, _how, _datatype), _key in specs])
