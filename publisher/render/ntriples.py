"""Our pages' JSON-LD written straight to N-Triples lines, without a JSON-LD processor.

Why: the export, ``push`` and the site-wide checks turn ~35,000 nodes into ~550,000 triples for a
10,000-article site. A JSON-LD processor (pyoxigraph's) spends most of that time expanding terms
against the 3,000-term schema.org context, node after node. We know our own graph: every node
comes from :mod:`publisher.render.jsonld`, with an absolute ``@id``, terms of the schema.org
context, and plain JSON values. So each term is expanded once (a dict look-up afterwards) and each
triple is one string.

What the fast path knows, exactly as JSON-LD 1.1 (with our context, see
:mod:`publisher.vocab.context`) reads it:

* node objects with an absolute ``http(s)`` ``@id`` (a conservative IRI grammar: ASCII, no dot
  segments, well-formed percent escapes) and ``@type`` (a string or a list of strings);
* properties that are context terms defined as ``{"@id": ...}`` with no coercion, ``"@type":
  "@id"`` (the string is an IRI) or ``"@type": "Date"`` (a ``schema:Date`` literal), and names that
  are no term and have no colon (expanded against ``@vocab``);
* values: strings, integers (not booleans or floats under a coerced property), booleans, ``null``
  (no triple), arrays of those, ``{"@id": ...}`` references and nested node objects.

Anything else (floats, ``@value``/``@language``/``@list`` objects, blank nodes, compact or relative
IRIs, keywords or aliases we do not write, non-ASCII IRIs, nested arrays) makes
:meth:`TripleWriter.node` raise :class:`Unsupported` for the whole top-level node, and the caller
hands that node to the JSON-LD processor instead (:mod:`publisher.render.processor`).
The lines are byte for byte what pyoxigraph's N-Triples serializer writes for the same terms
(literal escapes included); ``tests/rdf/test_ntriples.py`` proves the graphs equal to pyoxigraph's
reading of the same JSON-LD.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from types import CodeType
from typing import Any

from publisher.vocab.context import SCHEMA_VOCAB, context_document

__all__ = [
    "RDF_TYPE", "Block", "TripleWriter", "Unsupported", "WriterSlots", "clean", "escape_literal",
    "fstring", "shape_source", "split_text", "writer",
]

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_INTEGER = f"^^<{XSD}integer>"
_TRUE = f'"true"^^<{XSD}boolean>'
_FALSE = f'"false"^^<{XSD}boolean>'
_INT_LIMIT = 2**63  # beyond 64 bits orjson refuses them: the fallback path raises the same error

# The characters pyoxigraph's N-Triples serializer escapes in a literal (checked over all of Unicode
# by the tests): C0 controls, '"', '\', DEL and the two noncharacters U+FFFE/U+FFFF.
_ESCAPES = {i: f"\\u{i:04X}" for i in range(0x20)}
_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"})
_ESCAPES.update({0x22: '\\"', 0x5C: "\\\\", 0x7F: "\\u007F", 0xFFFE: "\\uFFFE", 0xFFFF: "\\uFFFF"})

# A conservative absolute-IRI grammar (RFC 3987 restricted to ASCII http(s) IRIs): every IRI it
# accepts is valid and needs neither resolution nor normalisation, so JSON-LD keeps it as written.
# After the authority, any run of these characters with at most one "#" is a path, a query and a
# fragment; a "%" must start a percent escape; "/." (a dot segment, maybe) is left to the processor.
_IRI = re.compile(r"https?://[A-Za-z0-9.\-]+(?::[0-9]*)?(?:[/?#][A-Za-z0-9\-._~!$&'()*+,;=:@/?#%]*)?").fullmatch
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})").search
# A fragment that, after "#" and a checked IRI without one, keeps it valid: no "#", "%" or "." (so
# neither a second fragment, a percent escape nor a dot segment). Most subjects are a page's
# checked IRI and such a fragment ("#breadcrumb-1", "#article"): only the fragment is read.
_PLAIN_FRAGMENT = re.compile(r"[A-Za-z0-9\-_~!$&'()*+,;=:@/?]*").fullmatch


class Unsupported(Exception):
    """The node uses something the direct writer does not write; use a JSON-LD processor."""


# Whether a text has one of them: its UTF-8 bytes without those of the ASCII ones (one table look-up
# a byte: a regex's character class costs ~70 machine instructions a character); U+FFFE and U+FFFF
# are EF BF BE and EF BF BF in UTF-8, which no other sequence contains.
_UNSAFE = bytes(range(0x20)) + b'"\\\x7f'


def clean(text: str) -> bool:
    """No character of ``text`` is escaped in a literal (see :func:`escape_literal`)."""
    data = text.encode("utf-8", "surrogatepass")
    return len(data.translate(None, _UNSAFE)) == len(data) and (
        data.isascii() or (b"\xef\xbf\xbe" not in data and b"\xef\xbf\xbf" not in data))


def escape_literal(text: str) -> str:
    """``text`` as an N-Triples string literal body (no quotes), escaped as pyoxigraph does."""
    return text if clean(text) else text.translate(_ESCAPES)


def _iri_term(iri: object) -> str:
    if (isinstance(iri, str) and _IRI(iri) is not None and "/." not in iri and iri.count("#") <= 1
            and ("%" not in iri or _BAD_PERCENT(iri) is None)):
        return f"<{iri}>"
    raise Unsupported(f"IRI {iri!r}")


Block = tuple[str, str]
"""A subject term and the text of its lines from one node object (each ``"<s> <p> <o> .\n"``),
sorted, each once: what :meth:`TripleWriter.write` adds."""

Shape = Callable[[Mapping[str, Any], str, list[Block]], str]
"""A node's text from the node, its subject term and the blocks its nested nodes go to."""

# How a key's values are written (the second item of a key's spec, see TripleWriter._spec)
_PLAIN, _IRI_VALUE, _DATATYPE, _TYPE, _SKIP = range(5)  # _TYPE and _SKIP: the keywords
MAX_SHAPES = 1024  # node shapes (key sequences) compiled per writer; others are written the general way
_GENERAL: Shape = lambda node, subject, blocks: ""  # noqa: E731 - a marker: the shape is written the general way


class _NoTriple(Exception):
    """A key of a compiled shape has no triple (``None``, ``[]``): the node is written the general way."""


def split_text(text: str) -> list[str]:
    """N-Triples text as lines, split at ``\\n`` only (U+2028 and friends stay unescaped in literals)."""
    return [line + "\n" for line in text.split("\n")[:-1]]


class TripleWriter:
    """Writes top-level JSON-LD nodes of ours as N-Triples text.

    Term expansions and IRI checks are cached, so a term costs about one dict look-up. Each node
    object becomes a :data:`Block`: its subject and its lines, sorted, each once, as one text.
    Nodes of one shape (the same keys in the same order: most nodes of one type) are written by a
    function compiled once for the shape (:meth:`_compile`): its keys in the order of their
    predicates, one string per node (a line sorts by its predicate, then its object, since a term
    has no space and an IRI no ``>``). Not thread-safe (the caches are plain dicts).

    Canonical order is then the blocks sorted by subject, each subject's text once
    (:func:`publisher.render.sitetriples.canonical_texts`).
    """

    def __init__(self, context: Mapping[str, Any]) -> None:
        self._context = context
        vocab = context.get("@vocab")
        if not isinstance(vocab, str):  # pragma: no cover - our context always has one
            raise ValueError("the context has no @vocab")
        self._vocab = vocab
        # key -> (" <predicate> ", how its values are written, datatype suffix)
        self._specs: dict[str, tuple[str, int, str]] = {
            "@id": ("", _SKIP, ""), "@type": (f" {RDF_TYPE} ", _TYPE, ""),
        }
        self._types: dict[str, str] = {}
        self._iris: dict[str, str] = {}
        self._fragments: dict[str, bool] = {}
        self._shapes: dict[tuple[str, ...], Shape] = {}

    # --- terms ---------------------------------------------------------------------------------

    def _expand(self, value: str) -> str:
        """A term definition's ``@id`` (``schema:about``, ``rdf:HTML``) as an absolute IRI."""
        prefix, colon, rest = value.partition(":")
        if colon and not rest.startswith("//"):
            namespace = self._context.get(prefix)
            if isinstance(namespace, str) and not namespace.startswith("@"):
                return namespace + rest
        return value

    def _vocab_term(self, name: str) -> str:
        """``name`` read with ``vocab=true``: a term's ``@id``, else ``@vocab`` + name."""
        if not name or name.startswith("@") or ":" in name:
            raise Unsupported(f"term {name!r}")
        definition = self._context.get(name)
        if definition is None:
            return _iri_term(self._vocab + name)
        if isinstance(definition, dict) and isinstance(definition.get("@id"), str):
            return _iri_term(self._expand(definition["@id"]))
        raise Unsupported(f"term {name!r}")

    def _spec(self, key: str) -> tuple[str, int, str]:
        """How ``key``'s values are written (cached): its predicate, coercion and datatype."""
        known = self._specs.get(key)
        if known is not None:
            return known
        definition = self._context.get(key)
        how, datatype = _PLAIN, ""
        if isinstance(definition, dict):
            if not set(definition) <= {"@id", "@type"}:
                raise Unsupported(f"term {key!r}")
            kind = definition.get("@type")
            if kind == "@id":
                how = _IRI_VALUE
            elif isinstance(kind, str) and not kind.startswith("@"):
                how, datatype = _DATATYPE, "^^" + self._vocab_term(kind)
            elif kind is not None:
                raise Unsupported(f"term {key!r}")
        known = (f" {self._vocab_term(key)} ", how, datatype)
        self._specs[key] = known
        return known

    def _type(self, name: object) -> str:
        if not isinstance(name, str):
            raise Unsupported(f"@type {name!r}")
        term = self._types.get(name)
        if term is None:
            term = self._types[name] = self._vocab_term(name)
        return term

    def _iri(self, iri: object) -> str:
        if iri.__class__ is not str:
            raise Unsupported(f"IRI {iri!r}")
        term = self._iris.get(iri)  # type: ignore[call-overload]
        if term is None:
            base, mark, fragment = iri.partition("#")  # type: ignore[attr-defined]
            if mark and base in self._iris and self._plain_fragment(fragment):
                term = f"<{iri}>"  # a checked IRI without "#", and a fragment that keeps it one
            else:
                term = _iri_term(iri)
            self._iris[iri] = term  # type: ignore[index]  # a str, checked
        return term

    def _plain_fragment(self, fragment: str) -> bool:
        """``fragment`` keeps a checked IRI without one valid (cached: a few recur on every page)."""
        known = self._fragments.get(fragment)
        if known is None:
            known = self._fragments[fragment] = _PLAIN_FRAGMENT(fragment) is not None
        return known

    # --- terms for those who write lines themselves (publisher.render.pagetriples) --------------

    def predicate(self, key: str) -> str:
        """``key``'s predicate term, with a space either side (raises :class:`Unsupported`)."""
        return self._spec(key)[0]

    def type_term(self, name: str) -> str:
        """The term of the ``@type`` ``name`` (raises :class:`Unsupported`)."""
        return self._type(name)

    def iri_term(self, iri: str) -> str:
        """The term of the IRI ``iri``, as the writer writes it (raises :class:`Unsupported`)."""
        return self._iri(iri)

    def slots(self) -> WriterSlots:
        """What a function compiled outside the writer needs to write lines as its shapes do
        (:mod:`publisher.render.recordtriples`): the names a shape's code uses, and the keys' specs."""
        names = {"clean": clean, "ESC": _ESCAPES, "iris": self._iris, "types": self._types,
                 "iri": self._iri, "terms": self._terms, "nested": self._node, "LIMIT": _INT_LIMIT}
        return WriterSlots(names, self._spec, _IRI_VALUE, _NoTriple)

    # --- nodes -----------------------------------------------------------------------------------

    def node(self, node: Mapping[str, Any]) -> list[str]:
        """The triples of a top-level node and everything nested in it (raises :class:`Unsupported`)."""
        blocks: list[Block] = []
        self._node(node, blocks)
        return [line for _subject, text in blocks for line in split_text(text)]

    def write(self, node: Mapping[str, Any], blocks: list[Block]) -> None:
        """Add the blocks of a top-level node to ``blocks``; on :class:`Unsupported`, none of them."""
        size = len(blocks)
        try:
            self._node(node, blocks)
        except Unsupported:
            del blocks[size:]
            raise

    def _node(self, node: Mapping[str, Any], blocks: list[Block]) -> str:
        iri = node.get("@id")
        subject = self._iris.get(iri) if iri.__class__ is str else None  # type: ignore[arg-type]
        if subject is None:
            subject = self._iri(iri)
        keys = tuple(node)
        shape = self._shapes.get(keys) or self._compile(keys)
        if shape is not _GENERAL:
            size = len(blocks)
            try:
                blocks.append((subject, shape(node, subject, blocks)))
                return subject
            except _NoTriple:
                del blocks[size:]  # its nested nodes, written again below
        blocks.append((subject, self._general(node, subject, blocks)))
        return subject

    def _general(self, node: Mapping[str, Any], subject: str, blocks: list[Block]) -> str:
        """A node's text, key by key (any shape)."""
        lines = []
        for key, value in node.items():
            predicate, how, datatype = self._spec(key)
            terms = self._objects(how, datatype, value, blocks)
            lines += [f"{subject}{predicate}{term} .\n" for term in terms]
        return "".join(sorted(set(lines)))

    def _objects(self, how: int, datatype: str, value: Any, blocks: list[Block]) -> list[str]:
        """The object terms of one key's value (none for ``None``, the ``@id``; maybe repeated)."""
        if how >= _TYPE:
            if how == _SKIP:
                return []
            return [self._type(name) for name in (value if value.__class__ is list else [value])]
        if value.__class__ is list:
            terms = []
            for item in value:
                if item.__class__ is list:
                    raise Unsupported("nested array")
                if item is not None:
                    terms.append(self._object(how, datatype, item, blocks))
            return terms
        return [] if value is None else [self._object(how, datatype, value, blocks)]

    def _terms(self, how: int, datatype: str, value: Any, blocks: list[Block], subject: str,
               predicate: str) -> str:
        """A compiled shape's slot for one key (see :meth:`_compile`): its object term, or its
        objects sorted, each once, joined into that many lines; :class:`_NoTriple` if it has none."""
        if value.__class__ is not list or how >= _TYPE:
            terms = self._objects(how, datatype, value, blocks)
        else:  # a list: :meth:`_objects`, with the commonest items written here
            terms = []
            strings: list[tuple[int, str]] = []  # looked at together for a character to escape
            iris = self._iris
            for item in value:
                kind = item.__class__
                if kind is str and how == _PLAIN:
                    strings.append((len(terms), item))
                    terms.append(f'"{item}"')
                elif kind is dict and "@id" in item:
                    if len(item) > 1:
                        terms.append(self._node(item, blocks))
                    else:
                        ref = item["@id"]
                        term = iris.get(ref) if ref.__class__ is str else None
                        terms.append(term or self._iri(ref))
                elif kind is list:
                    raise Unsupported("nested array")
                elif item is not None:
                    terms.append(self._object(how, datatype, item, blocks))
            if strings and not clean("".join(text for _at, text in strings)):
                for at, text in strings:
                    terms[at] = f'"{escape_literal(text)}"'
        if len(terms) == 1:
            return terms[0]
        if not terms:
            raise _NoTriple
        return f" .\n{subject}{predicate}".join(sorted(set(terms)))

    def _object(self, how: int, datatype: str, value: Any, blocks: list[Block]) -> str:
        """The object term of one value that is not ``None`` (which has none), of a property."""
        kind = value.__class__
        if kind is str:
            if how == _PLAIN:
                return f'"{escape_literal(value)}"'
            if how == _IRI_VALUE:
                return self._iri(value)
            return f'"{escape_literal(value)}"{datatype}'
        if kind is dict:
            if "@id" not in value:
                raise Unsupported("blank node")
            if len(value) == 1:
                return self._iri(value["@id"])
            return self._node(value, blocks)
        if how != _PLAIN:
            raise Unsupported("a coerced non-string value")
        if kind is int:
            if not -_INT_LIMIT <= value < _INT_LIMIT:
                raise Unsupported("a big integer")
            return f'"{value}"{_INTEGER}'
        if kind is bool:
            return _TRUE if value else _FALSE
        raise Unsupported(f"value {value!r}")

    # --- shapes ----------------------------------------------------------------------------------

    def _compile(self, keys: tuple[str, ...]) -> Shape:
        """The function that writes nodes with these keys (cached; raises :class:`Unsupported`).

        Its text is one f-string: a line per key, keys in the order of their predicates, each line's
        object worked out inline for the commonest values (a string, a reference, an integer, a
        list of one of those), else by :meth:`_terms` (any value: a list of many is that many
        lines, sorted). Keys that share a predicate would interleave their lines: such a shape,
        and any beyond :data:`MAX_SHAPES`, is written the general way (:meth:`_general`).
        """
        specs = sorted((self._spec(key), index) for index, key in enumerate(keys) if key != "@id")
        predicates = [predicate for (predicate, _how, _datatype), _index in specs]
        if len(set(predicates)) < len(predicates) or len(self._shapes) >= MAX_SHAPES:
            shape = _GENERAL
        else:
            source = _shape_source([(keys[index], how, datatype) for (_p, how, datatype), index in specs],
                                   predicates)
            names = dict(self.slots().names)
            exec(_code(source), names)
            shape = names["shape"]
        if len(self._shapes) < MAX_SHAPES:
            self._shapes[keys] = shape
        return shape


@cache
def _code(source: str) -> CodeType:
    """A shape's source compiled (once a process: each writer runs it with its own caches)."""
    return compile(source, "<shape>", "exec")


def fstring(*parts: str | tuple[str]) -> str:
    """An f-string expression: ``str`` parts are constant text, ``(name,)`` parts are variables
    (code compiled from it has the constants as they are, whatever they hold)."""
    text = "".join(f"{{{part[0]}}}" if isinstance(part, tuple) else part.replace("{", "{{").replace("}", "}}")
                   for part in parts)
    return "f" + repr(text)


def _shape_source(slots: list[tuple[str, int, str]], predicates: list[str]) -> str:
    """Python source of a compiled shape (see :meth:`TripleWriter._compile`): ``shape(node, s, blocks)``.

    A string written as a literal is put in as it is, and kept (``r<slot>``): all of them are
    looked at together, once, for a character to escape (one in a thousand has one); then each.
    """
    v = ("v",)
    code = ["def shape(node, s, blocks):"]
    literals: dict[int, str] = {}  # slot -> what follows the closing quote (a datatype)
    for index, ((key, how, datatype), predicate) in enumerate(zip(slots, predicates, strict=True)):
        out = f"o{index}"
        code += [f"    v = node[{key!r}]"]
        general = f"{out} = terms({how}, {datatype!r}, v, blocks, s, {predicate!r})"
        if how == _TYPE:
            code += [f"    {out} = types.get(v) if v.__class__ is str else None",
                     f"    if {out} is None:",
                     f"        {general}"]
            continue
        code += ["    c = v.__class__",
                 "    if c is list and len(v) == 1 and v[0] is not None and v[0].__class__ is not list:",
                 "        v = v[0]",
                 "        c = v.__class__",
                 "    if c is str:"]
        if how == _IRI_VALUE:
            code += [f"        {out} = iris.get(v) or iri(v)"]
        else:
            literals[index] = datatype if how == _DATATYPE else ""
            literal = fstring('"', v, '"' + literals[index])
            code += [f"        {out} = {literal}", f"        r{index} = v"]
        code += ["    elif c is dict and len(v) == 1 and (r := v.get('@id')).__class__ is str "
                 "and (t := iris.get(r)) is not None:",
                 f"        {out} = t",
                 "    elif c is dict and len(v) > 1 and '@id' in v:",  # a nested node (an image, say)
                 f"        {out} = nested(v, blocks)"]
        if how == _PLAIN:
            integer = fstring('"', v, '"' + _INTEGER)
            code += ["    elif c is int and -LIMIT <= v < LIMIT:", f"        {out} = {integer}"]
        code += ["    else:", f"        {general}"]
    return shape_source(code, literals, predicates)


def shape_source(body: list[str], literals: dict[int, str], predicates: list[str]) -> str:
    """A compiled shape's whole source: its ``def`` line and ``body`` (which works out each slot's
    object term ``o<slot>``, and keeps the text of each literal slot in ``r<slot>``), then what
    every shape ends with. ``literals``: the literal slots, each with what follows its closing
    quote (a datatype); they are looked at together, once, for a character to escape (one in a
    thousand has one), then each. ``predicates``: each slot's predicate term, in slot order."""
    code = body[:1] + [f"    r{index} = ''" for index in literals] + body[1:]
    if literals:
        code.append(f"    if not clean({fstring(*[(f'r{index}',) for index in literals])}):")
        for index, suffix in literals.items():
            escaped = fstring('"', (f"r{index}.translate(ESC)",), '"' + suffix)
            code += [f"        if not clean(r{index}):", f"            o{index} = {escaped}"]
    lines: list[str | tuple[str]] = []
    for index, predicate in enumerate(predicates):
        lines += [("s",), predicate, (f"o{index}",), " .\n"]
    code.append(f"    return {fstring(*lines)}")
    return "\n".join(code) + "\n"


@dataclass(frozen=True, slots=True)
class WriterSlots:
    """See :meth:`TripleWriter.slots`."""

    names: dict[str, Any]
    """``clean``, ``ESC``, ``iris``, ``types``, ``iri``, ``terms``, ``nested`` and ``LIMIT``, as a
    compiled shape has them."""
    spec: Callable[[str], tuple[str, int, str]]
    """A key's predicate term (a space either side), how its values are written, datatype suffix."""
    iri_value: int
    """The ``how`` of a key whose strings are IRIs."""
    no_triple: type[Exception]
    """What ``terms`` raises for a value without a triple (``None``, ``[]``)."""


def writer() -> TripleWriter:
    """A writer for our schema.org context (:func:`publisher.vocab.context.context_document`)."""
    context: dict[str, Any] = context_document()["@context"]
    if context.get("@vocab") != SCHEMA_VOCAB:  # pragma: no cover - guarded by the vocab tests
        raise ValueError("unexpected @vocab in the schema.org context")
    return TripleWriter(context)
