"""JSON-LD to items, without a JSON-LD processor: terms are expanded by the context rules we need.

A key or a type is a schema.org term when it is

* a plain term (``author``) under schema.org's context (any of its http/https URLs) or under an
  inline context whose ``@vocab`` is schema.org's namespace,
* a compact IRI with the ``schema:`` prefix (or any prefix an inline context maps to schema.org),
* a full ``http://schema.org/...`` or ``https://schema.org/...`` IRI, or a term an inline context
  defines as one of those.

Anything else (``og:title``, ``dc:creator``, ``http://xmlns.com/foaf/0.1/name``, terms of an inline
context mapping elsewhere) belongs to another vocabulary and is left alone. A remote context other
than schema.org's is never fetched: it gets a ``CHK003`` warning, and plain terms that schema.org
does not define are left alone in its scope, since that context may define them.

``@graph``, arrays of documents, nested nodes, ``@reverse``, ``@list``/``@set``, value objects
(``{"@value": ...}``), ``@included``, ``@nest`` and scoped contexts are handled; ``"type"`` and
``"id"`` are the aliases schema.org's context defines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from publisher.validate.graph import Graph, Item, Loc, Prop, Source
from publisher.validate.positions import escape_token
from publisher.vocab import Vocabulary
from publisher.vocab.loader import is_schema_context_url

SCHEMA_HTTP = "http://schema.org/"
SCHEMA_HTTPS = "https://schema.org/"
_LOOKALIKE = re.compile(
    r"^(?:(?:https?:)?//)?(?:www\.)?schema\.org(?:/(?:docs/jsonldcontext\.json(?:ld)?)?)?$", re.IGNORECASE
)
# prefixes schema.org's own context defines for other vocabularies (so "og:title" is not schema's)
_KEYWORDS = frozenset({
    "@context", "@id", "@type", "@graph", "@reverse", "@value", "@language", "@list", "@set",
    "@index", "@nest", "@included", "@direction", "@base", "@vocab", "@version", "@json", "@none",
    "@protected", "@propagate", "@import", "@prefix",
})

_KEYWORDS_LOWER = {k.lower(): k for k in _KEYWORDS}
_SCALARS = frozenset({str, int, float, bool})
Emit = Callable[..., None]

# results of resolving a term
SCHEMA, OTHER, OPEN, KEYWORD = 0, 1, 2, 3


def classify_iri(iri: str) -> tuple[int, str]:
    if iri.startswith(SCHEMA_HTTPS):
        return SCHEMA, iri[len(SCHEMA_HTTPS):]
    if iri.startswith(SCHEMA_HTTP):
        return SCHEMA, iri[len(SCHEMA_HTTP):]
    return OTHER, iri


class Context:
    """The part of a JSON-LD active context that decides which terms are schema.org's."""

    __slots__ = ("cache", "loaded", "prefixes", "remote", "terms", "vocab")

    def __init__(self) -> None:
        self.cache: dict[str, tuple[int, str, bool]] = {}  # key -> resolution, in this context
        self.vocab = ""  # "schema", "other" or "" (no @vocab)
        self.loaded = False  # schema.org's context is in force (type/id aliases, schema: prefix)
        self.remote = False  # an unloaded remote context is in force
        self.terms: dict[str, tuple[int, str, bool]] | None = None  # term -> (kind, name, reverse)
        self.prefixes: dict[str, str] | None = None

    def copy(self) -> Context:
        new = Context()
        new.vocab, new.loaded, new.remote = self.vocab, self.loaded, self.remote
        new.terms = dict(self.terms) if self.terms else None
        new.prefixes = dict(self.prefixes) if self.prefixes else None
        return new

    def expand(self, value: str) -> str:
        """An IRI (or keyword) from a term definition's value."""
        if value.startswith("@"):
            return value
        prefix, colon, suffix = value.partition(":")
        if colon:
            if suffix.startswith("//"):
                return value
            if self.prefixes and prefix in self.prefixes:
                return self.prefixes[prefix] + suffix
            if self.terms and prefix in self.terms and self.terms[prefix][0] == SCHEMA \
                    and not self.terms[prefix][1]:
                return SCHEMA_HTTP + suffix
            if prefix == "schema" and self.loaded:
                return SCHEMA_HTTP + suffix
            return value
        if self.vocab == "schema":
            return SCHEMA_HTTP + value
        return value


SCHEMA_CONTEXT = Context()
SCHEMA_CONTEXT.vocab = "schema"
SCHEMA_CONTEXT.loaded = True
EMPTY_CONTEXT = Context()
# a record's node: keys are schema.org names as the file writes them; "id" is no alias there
RECORD_CONTEXT = Context()
RECORD_CONTEXT.vocab = "schema"


MAX_DEPTH = 64  # nodes inside nodes; real markup stays far below, a hostile page does not


class JsonLdReader:
    """Turns one JSON-LD document (parsed JSON) into items added to a :class:`Graph`."""

    __slots__ = ("depth", "emit", "graph", "source", "too_deep", "vocab")

    def __init__(self, source: Source, graph: Graph, vocab: Vocabulary, emit: Emit) -> None:
        self.source = source
        self.graph = graph
        self.vocab = vocab
        self.emit = emit
        self.depth = 0
        self.too_deep = False

    # --- documents -------------------------------------------------------------------------------

    def document(self, value: Any, pointer: str = "", context: Context | None = None) -> None:
        """A whole JSON-LD document: an object, or an array of them."""
        if isinstance(value, list) and pointer.count("/") > MAX_DEPTH:
            self.emit("CHK006", f"arrays nested more than {MAX_DEPTH} levels deep", self.source, pointer)
            return
        if isinstance(value, list):
            if not value:
                self.emit("CHK002", "the JSON-LD block is an empty array", self.source, pointer)
            for index, element in enumerate(value):
                self.document(element, f"{pointer}/{index}", context)
            return
        if not isinstance(value, dict):
            self.emit("CHK006", f"a JSON-LD document must be an object or an array, not "
                      f"{_json_kind(value)}", self.source, pointer)
            return
        if not value:
            self.emit("CHK002", "the JSON-LD object is empty", self.source, pointer)
            return
        if context is None:
            if "@context" not in value:
                self.emit("CHK004", "no @context: the terms of this block are not linked data, and "
                          "search engines ignore it", self.source, pointer,
                          hint='add "@context": "https://schema.org"; the block is checked as if it had')
                context = SCHEMA_CONTEXT
            else:
                context = EMPTY_CONTEXT
        self.node(value, pointer, context, top=True)

    # --- contexts --------------------------------------------------------------------------------

    def context(self, active: Context, value: Any, pointer: str) -> Context:
        if active is EMPTY_CONTEXT and isinstance(value, str) and is_schema_context_url(value):
            return SCHEMA_CONTEXT  # the common case: one shared context, its term cache warm
        new = active.copy()
        entries = value if isinstance(value, list) else [value]
        for index, entry in enumerate(entries):
            where = f"{pointer}/{index}" if isinstance(value, list) else pointer
            if entry is None:
                new = Context()
            elif isinstance(entry, str):
                self._remote_context(new, entry, where)
            elif isinstance(entry, dict):
                self._inline_context(new, entry, where)
            else:
                self.emit("CHK006", f"@context must be a URL, an object or an array, not "
                          f"{_json_kind(entry)}", self.source, where)
        return new

    def _remote_context(self, new: Context, url: str, where: str) -> None:
        if is_schema_context_url(url):
            new.vocab, new.loaded = "schema", True
            return
        if _LOOKALIKE.match(url.strip()):
            new.vocab, new.loaded = "schema", True
            self.emit("CHK003", f"@context {url!r} is not one of schema.org's context URLs; it is "
                      "read as schema.org here, but processors will try to fetch it",
                      self.source, where, hint='write "@context": "https://schema.org"')
            return
        new.remote = True
        self.emit("CHK003", f"remote @context {url!r} is not loaded (publisher never fetches "
                  "anything); the terms it defines are not checked", self.source, where)

    def _inline_context(self, new: Context, entry: dict[str, Any], where: str) -> None:
        terms = new.terms if new.terms is not None else {}
        prefixes = new.prefixes if new.prefixes is not None else {}
        new.terms, new.prefixes = terms, prefixes
        vocab = entry.get("@vocab", ...)
        if vocab is not ...:
            if vocab is None:
                new.vocab = ""
            elif isinstance(vocab, str):
                kind, _ = classify_iri(new.expand(vocab) if ":" in vocab else vocab)
                new.vocab = "schema" if kind == SCHEMA and vocab.rstrip("/#").lower().endswith(
                    "schema.org") else "other"
        if "@import" in entry:
            new.remote = True
            self.emit("CHK003", f"@import {entry['@import']!r} is not loaded; the terms it defines "
                      "are not checked", self.source, f"{where}/@import")
        for term, definition in entry.items():
            if term.startswith("@"):
                continue
            reverse = False
            if definition is None:
                terms[term] = (OTHER, "", False)
                continue
            if isinstance(definition, dict):
                if "@reverse" in definition and isinstance(definition["@reverse"], str):
                    iri, reverse = definition["@reverse"], True
                elif isinstance(definition.get("@id"), str):
                    iri = definition["@id"]
                elif ":" not in term:
                    iri = term  # relative to @vocab
                else:
                    iri = term
            elif isinstance(definition, str):
                iri = definition
            else:
                continue
            expanded = new.expand(iri)
            if expanded in ("@type", "@id", "@graph", "@reverse", "@value", "@list", "@set",
                            "@included", "@nest", "@language", "@index"):
                terms[term] = (KEYWORD, expanded, False)
                continue
            kind, name = classify_iri(expanded)
            terms[term] = (kind, name, reverse)
            if isinstance(definition, str) and (expanded.endswith(("/", "#", ":"))):
                prefixes[term] = expanded

    # --- terms -----------------------------------------------------------------------------------

    def key(self, key: str, ctx: Context) -> tuple[int, str, bool]:
        found = ctx.cache.get(key)
        if found is None:
            found = ctx.cache[key] = self._key(key, ctx)
        return found

    def _key(self, key: str, ctx: Context) -> tuple[int, str, bool]:
        if key.startswith("@"):
            return KEYWORD, key, False
        if ctx.terms is not None:
            found = ctx.terms.get(key)
            if found is not None:
                return found
        if ctx.loaded and (key == "type" or key == "id"):
            return KEYWORD, "@" + key, False
        if ":" in key:
            return (*self._compact(key, ctx), False)
        if ctx.vocab == "schema":
            if ctx.remote and not self.vocab.is_property(key):
                return OPEN, key, False
            return SCHEMA, key, False
        if ctx.remote and ctx.vocab == "":
            return OPEN, key, False
        return OTHER, key, False

    def _compact(self, value: str, ctx: Context) -> tuple[int, str]:
        prefix, _, suffix = value.partition(":")
        if suffix.startswith("//"):
            return classify_iri(value)
        if ctx.prefixes and prefix in ctx.prefixes:
            return classify_iri(ctx.prefixes[prefix] + suffix)
        if prefix == "schema" and (ctx.loaded or ctx.vocab == "schema"):
            return SCHEMA, suffix
        return OTHER, value

    def type_name(self, value: str, ctx: Context) -> tuple[int, str]:
        if ctx.terms is not None:
            found = ctx.terms.get(value)
            if found is not None:
                return found[0], found[1]
        if ":" in value:
            return self._compact(value, ctx)
        if ctx.vocab == "schema":
            if ctx.remote and not self.vocab.is_type(value):
                return OPEN, value
            return SCHEMA, value
        if ctx.remote and ctx.vocab == "":
            return OPEN, value
        return OTHER, value

    # --- nodes and values ------------------------------------------------------------------------

    def node(self, data: dict[str, Any], pointer: str, ctx: Context, top: bool = False) -> Item:
        source = self.source
        item = Item(source, pointer, top)
        if self.depth >= MAX_DEPTH:
            if not self.too_deep:
                self.too_deep = True
                self.emit("CHK006", f"nodes nested more than {MAX_DEPTH} levels deep: the deeper ones "
                          "are not read", source, pointer)
            return item
        if "@context" in data:
            ctx = self.context(ctx, data["@context"], f"{pointer}/@context")
        self.graph.add(item)
        self.depth += 1
        try:
            self._members(item, data, pointer, ctx)
        finally:
            self.depth -= 1
        return item

    def _members(self, item: Item, data: dict[str, Any], pointer: str, ctx: Context) -> None:
        source = self.source
        cache = ctx.cache
        props = item.props
        for key, value in data.items():
            if key == "@context":
                continue
            resolved = cache.get(key)
            if resolved is None:
                resolved = cache[key] = self._key(key, ctx)
            kind, name, reverse = resolved
            where = f"{pointer}/{escape_token(key)}" if ("/" in key or "~" in key) else f"{pointer}/{key}"
            if kind == SCHEMA:
                if reverse:
                    self._reverse(item, name, value, where, ctx)
                    continue
                if value.__class__ in _SCALARS:  # the common case: one literal
                    prop = Prop(name, source, where, [value], [where])
                else:
                    values: list[Any] = []
                    locs: list[Loc] = []
                    self.values(value, where, ctx, values, locs)
                    if not values:
                        continue
                    prop = Prop(name, source, where, values, locs)
                found = props.get(name)
                if found is None:
                    props[name] = [prop]
                else:
                    found.append(prop)
                continue
            if kind != KEYWORD:
                # another vocabulary: not checked, but nested schema.org things are
                if isinstance(value, dict | list):
                    self.values(value, where, ctx, [], [])
                continue
            if name == "@type":
                self._types(item, value, where, ctx)
            elif name == "@id":
                if isinstance(value, str):
                    item.id = value
                else:
                    self.emit("CHK006", f"@id must be a string, not {_json_kind(value)}", source, where)
            elif name == "@graph" or name == "@included":
                members = value if isinstance(value, list) else [value]
                for index, member in enumerate(members):
                    at = f"{where}/{index}" if isinstance(value, list) else where
                    if isinstance(member, dict):
                        self.node(member, at, ctx, top=True)
                    elif member is not None:
                        self.emit("CHK006", f"{name} must hold objects, not {_json_kind(member)}",
                                  source, at)
            elif name == "@reverse":
                if not isinstance(value, dict):
                    self.emit("CHK006", "@reverse must be an object", source, where)
                    continue
                for rkey, rvalue in value.items():
                    rkind, rname, _ = self.key(rkey, ctx)
                    if rkind == SCHEMA:
                        self._reverse(item, rname, rvalue, f"{where}/{escape_token(rkey)}", ctx)
            elif name == "@nest" and isinstance(value, dict):
                self._members(item, value, where, ctx)
            elif name not in _KEYWORDS and name.lower() in _KEYWORDS_LOWER:
                self.emit("CHK006", f"{name!r} is not a JSON-LD keyword (keywords are lower case): it is "
                          "ignored", source, where, key=True, hint=f"write {_KEYWORDS_LOWER[name.lower()]}")

    def _types(self, item: Item, value: Any, where: str, ctx: Context) -> None:
        names = value if isinstance(value, list) else [value]
        for index, name in enumerate(names):
            at = f"{where}/{index}" if isinstance(value, list) else where
            if not isinstance(name, str):
                self.emit("CHK006", f"@type must be a string or an array of strings, not "
                          f"{_json_kind(name)}", self.source, at)
                continue
            kind, local = self.type_name(name.strip(), ctx)
            if kind == SCHEMA:
                if local not in item.types:
                    item.types.append(local)
                    item.type_locs.append((self.source, at))
            else:
                item.other_types.append(local)

    def _reverse(self, item: Item, name: str, value: Any, where: str, ctx: Context) -> None:
        """``{"@reverse": {"author": X}}`` on P says X's ``author`` is P: add that to X."""
        values: list[Any] = []
        locs: list[Loc] = []
        self.values(value, where, ctx, values, locs, strings_are_ids=True)
        for other, loc in zip(values, locs, strict=True):
            if isinstance(other, Item):
                other.add(Prop(name, self.source, where, [item], [loc], reverse=True))

    def values(
        self, value: Any, pointer: str, ctx: Context, out: list[Any], locs: list[Loc],
        strings_are_ids: bool = False, level: int = 0,
    ) -> None:
        if isinstance(value, list):
            if level >= MAX_DEPTH:
                if not self.too_deep:
                    self.too_deep = True
                    self.emit("CHK006", f"arrays nested more than {MAX_DEPTH} levels deep: the deeper "
                              "ones are not read", self.source, pointer)
                return
            for index, element in enumerate(value):
                if element.__class__ in _SCALARS and not strings_are_ids:  # a literal: as below
                    out.append(element)
                    locs.append(f"{pointer}/{index}")
                    continue
                self.values(element, f"{pointer}/{index}", ctx, out, locs, strings_are_ids, level + 1)
            return
        if isinstance(value, dict):
            if len(value) == 1 and self.depth < MAX_DEPTH:  # the common {"@id": ...}: as node() reads it
                ((key, ident),) = value.items()
                if ident.__class__ is str:
                    resolved = ctx.cache.get(key)
                    if resolved is None:
                        resolved = ctx.cache[key] = self._key(key, ctx)
                    if resolved[0] == KEYWORD and resolved[1] == "@id":
                        stub = Item(self.source, pointer)
                        stub.id = ident
                        self.graph.add(stub)
                        out.append(stub)
                        locs.append(pointer)
                        return
            if "@value" in value:
                literal = value["@value"]
                if literal is not None:
                    out.append(literal)
                    locs.append(pointer)
                return
            for container in ("@list", "@set"):
                if container in value:
                    if level >= MAX_DEPTH:  # {"@list": {"@list": ...}}: no array in between
                        if not self.too_deep:
                            self.too_deep = True
                            self.emit("CHK006", f"values nested more than {MAX_DEPTH} levels deep: the "
                                      "deeper ones are not read", self.source, pointer)
                        return
                    self.values(value[container], f"{pointer}/{container}", ctx, out, locs,
                                strings_are_ids, level + 1)
                    return
            out.append(self.node(value, pointer, ctx))
            locs.append(pointer)
            return
        if value is None:
            return
        if strings_are_ids and isinstance(value, str):
            stub = Item(self.source, pointer)
            stub.id = value
            self.graph.add(stub)
            out.append(stub)
        else:
            out.append(value)
        locs.append(pointer)


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "an array"
    return "an object"
