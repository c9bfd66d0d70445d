"""The ``schemaorg`` profile's built-in checks: types, properties and values against the vocabulary.

schema.org is lenient, and so are these checks where real-world markup relies on it: text is
acceptable where a thing is expected, a number where a quantity is, a URL (or a reference) where a
thing is, a string for an enumeration member (``Recruiting``, ``schema:Recruiting`` or
``https://schema.org/Recruiting``), numeric text for a number, ``"True"`` for a Boolean, a Role
in place of the thing it qualifies, and ``query-input``-style Action annotations.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from publisher.validate import values as V
from publisher.validate.graph import Graph, Item, Loc, Prop, Source
from publisher.vocab import Vocabulary, normalize_term

TEXT_TYPES = frozenset({"Text", "PronounceableText", "CssSelectorType", "XPathType"})
QUANTITY_TYPES = frozenset({"Quantity", "Distance", "Energy", "Mass"})
NUMBER_TYPES = frozenset({"Number", "Float"})

Emit = Callable[..., None]
# VocabularyCheck._shape: (nothing to say about the types, the types if all known, a Role among
# them, {property: VocabularyCheck._fact_on})
_Shape = tuple[bool, tuple[str, ...], bool, dict[str, tuple[bool, "RangeInfo", bool]]]


@dataclass(frozen=True, slots=True)
class RangeInfo:
    """What a property's range accepts, precomputed once per property."""

    ranges: tuple[str, ...]
    text: bool
    url: bool
    date: bool
    datetime: bool
    time: bool
    number: bool
    integer: bool
    boolean: bool
    quantity: bool
    duration: bool
    things: tuple[str, ...]  # classes (not data types, not enumerations)
    enums: tuple[str, ...]
    members: frozenset[str]
    structured: bool  # a StructuredValue/Rating/... (a number stands for one)

    def expected(self) -> str:
        return ", ".join(self.ranges)


@dataclass(frozen=True, slots=True)
class VocabularyCodes:
    unknown_type: str | None = "SDO101"
    unknown_property: str | None = "SDO102"
    unexpected_property: str | None = "SDO103"
    range: str | None = "SDO104"
    format: str | None = "SDO105"
    member: str | None = "SDO106"
    superseded: str | None = "SDO107"
    enum_text: str | None = "SDO108"


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """The closest known name (case-insensitive first), for a hint."""
    pool = tuple(candidates)
    return _suggest(name, pool)


@lru_cache(maxsize=4096)
def _suggest(name: str, pool: tuple[str, ...]) -> str | None:
    lowered = _lowered(pool)
    if name.lower() in lowered:
        return lowered[name.lower()]
    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.8)
    return close[0] if close else None


@lru_cache(maxsize=64)
def _lowered(pool: tuple[str, ...]) -> dict[str, str]:
    return {c.lower(): c for c in pool}


class VocabularyCheck:
    """Unknown terms, properties not expected on the type, values outside the range, old terms."""

    def __init__(self, vocab: Vocabulary, codes: VocabularyCodes) -> None:
        self.vocab = vocab
        self.codes = codes
        self._ranges: dict[str, RangeInfo] = {}
        self._expects: dict[tuple[str, tuple[str, ...]], bool] = {}
        self._known_types: dict[str, bool] = {}
        self._roles: dict[tuple[str, ...], bool] = {}
        self._facts: dict[str, tuple[bool, str | None, RangeInfo, bool]] = {}
        self._in_range: dict[tuple[str, tuple[str, ...]], bool] = {}
        self._suggestions: dict[tuple[str, str], str | None] = {}
        self._shapes: dict[tuple[str, ...], _Shape] = {}

    # --- facts, cached ---------------------------------------------------------------------------

    def range_info(self, prop: str) -> RangeInfo:
        info = self._ranges.get(prop)
        if info is not None:
            return info
        vocab = self.vocab
        ranges = vocab.ranges(prop)
        rset = set(ranges)
        things = tuple(r for r in ranges if not vocab.is_datatype(r) and not vocab.is_enumeration(r))
        enums = tuple(r for r in ranges if vocab.is_enumeration(r))
        members: frozenset[str] = frozenset().union(*(vocab.members(e) for e in enums))
        structured = any(
            vocab.is_subtype(t, base) for t in things for base in ("StructuredValue", "Rating", "Quantity")
        )
        info = RangeInfo(
            ranges=ranges,
            text=bool(rset & TEXT_TYPES),
            url="URL" in rset,
            date="Date" in rset,
            datetime="DateTime" in rset,
            time="Time" in rset,
            number=bool(rset & NUMBER_TYPES),
            integer="Integer" in rset,
            boolean="Boolean" in rset,
            quantity=bool(rset & QUANTITY_TYPES),
            duration="Duration" in rset,
            things=things,
            enums=enums,
            members=members,
            structured=structured,
        )
        self._ranges[prop] = info
        return info

    def expects(self, prop: str, types: tuple[str, ...]) -> bool:
        key = (prop, types)
        found = self._expects.get(key)
        if found is None:
            found = self.vocab.expects(prop, types)
            self._expects[key] = found
        return found

    def is_role(self, types: tuple[str, ...]) -> bool:
        found = self._roles.get(types)
        if found is None:
            found = any(self.vocab.is_subtype(t, "Role") for t in types)
            self._roles[types] = found
        return found

    def is_type(self, name: str) -> bool:
        found = self._known_types.get(name)
        if found is None:
            found = self.vocab.is_type(name)
            self._known_types[name] = found
        return found

    # --- the checks ------------------------------------------------------------------------------

    def check(self, item: Item, graph: Graph, emit: Emit) -> None:
        types = item.types
        shape = self._shapes.get(tuple(types))
        if shape is None:
            shape = self._shape(tuple(types))
        quiet, known, role, table = shape
        if not quiet:
            self._check_types(item, emit)
        for name, props in item.props.items():
            fact = table.get(name)
            if fact is None:
                fact = table[name] = self._fact_on(name, known, role)
            said, info, text_ok = fact
            if said and not self._check_property(name, props, known, role, emit):
                continue
            for prop in props:
                for value, loc in zip(prop.values, prop.locs, strict=False):
                    if text_ok and value.__class__ is str:
                        continue
                    self.check_value(name, info, value, prop, loc, graph, emit)

    def _shape(self, types: tuple[str, ...]) -> _Shape:
        """What the checks make of items of ``types``: whether their types are all known and
        current (nothing to say about them), the types if all known, whether one is a Role, and
        (filled as properties are met) each property's :meth:`_fact_on`."""
        codes = self.codes
        vocab = self.vocab
        all_known = all(self.is_type(name) for name in types)
        quiet = all_known and not (codes.superseded and any(vocab.superseded_by(name) for name in types))
        known = types if all_known else ()
        shape = (quiet, known, bool(known) and self.is_role(known), {})
        self._shapes[types] = shape
        return shape

    def _fact_on(self, name: str, known: tuple[str, ...], role: bool) -> tuple[bool, RangeInfo, bool]:
        """For the property on items of the types ``known`` (``role``: one is a Role): whether
        :meth:`_check_property` may have something to say, its range, whether text is fine."""
        fact = self._facts.get(name)
        if fact is None:
            fact = self._property_facts(name)
        is_property, replacement, info, text_ok = fact
        said = (not is_property or bool(replacement and self.codes.superseded)
                or (bool(known) and not role and bool(self.codes.unexpected_property)
                    and not self.expects(name, known)))
        return said, info, text_ok

    def _check_types(self, item: Item, emit: Emit) -> None:
        codes = self.codes
        vocab = self.vocab
        for name, (source, loc) in zip(item.types, item.type_locs, strict=False):
            if self.is_type(name):
                replacement = vocab.superseded_by(name)
                if replacement and codes.superseded:
                    emit(codes.superseded, f"type {name} is superseded by {replacement}", source, loc,
                         hint=f"use {replacement}")
                continue
            if codes.unknown_type:
                emit(codes.unknown_type, f"unknown type {name!r}: schema.org has no such type",
                     source, loc, hint=self._type_hint(name))

    def _check_property(self, name: str, props: list[Prop], known: tuple[str, ...], role: bool,
                        emit: Emit) -> bool:
        """An unknown, superseded or unexpected property; False when its values are not to be
        checked (an unknown property)."""
        codes = self.codes
        vocab = self.vocab
        is_property, replacement, _, _ = self._facts[name]
        if not is_property:
            if name.endswith(("-input", "-output")) and vocab.is_property(name.rsplit("-", 1)[0]):
                return False  # an Action annotation (query-input), see schema.org/docs/actions.html
            if codes.unknown_property:
                for prop in props:
                    emit(codes.unknown_property, self._unknown_property_message(name),
                         prop.source, prop.key_loc, key=True, hint=self._property_hint(name))
            return False
        if replacement and codes.superseded:
            for prop in props:
                emit(codes.superseded, f"property {name} is superseded by {replacement}",
                     prop.source, prop.key_loc, key=True, hint=f"use {replacement}")
        if known and not role and codes.unexpected_property and not self.expects(name, known):
            domains = vocab.domains(name)
            for prop in props:
                emit(codes.unexpected_property,
                     f"property {name} is not expected on {'/'.join(known)}",
                     prop.source, prop.key_loc, key=True,
                     hint=f"schema.org expects {name} on {', '.join(domains[:6])}"
                     + (", ..." if len(domains) > 6 else ""))
        return True

    def _property_facts(self, name: str) -> tuple[bool, str | None, RangeInfo, bool]:
        vocab = self.vocab
        info = self.range_info(name)
        fact = (vocab.is_property(name), vocab.superseded_by(name), info,
                (info.text or not info.ranges) and not info.enums)
        self._facts[name] = fact
        return fact

    def _suggest_member(self, info: RangeInfo, term: str) -> str | None:
        key = (",".join(info.enums), term)
        if key not in self._suggestions:
            self._suggestions[key] = suggest(term, sorted(info.members))
        return self._suggestions[key]

    def _unknown_property_message(self, name: str) -> str:
        if self.vocab.is_type(name):
            return f"unknown property {name!r}: it is a schema.org type, not a property"
        return f"unknown property {name!r}: schema.org has no such property"

    def _type_hint(self, name: str) -> str | None:
        vocab = self.vocab
        if vocab.is_member(name):
            return f"{name} is a member of {', '.join(vocab.enumeration_of(name))}, not a type"
        if vocab.is_property(name):
            return f"{name} is a property, not a type"
        close = self._suggest("types", name)
        return f"did you mean {close}?" if close else None

    def _property_hint(self, name: str) -> str | None:
        close = self._suggest("properties", name)
        return f"did you mean {close}?" if close else None

    def _suggest(self, kind: str, name: str) -> str | None:
        key = (kind, name)
        if key not in self._suggestions:
            pool = self.vocab.type_names() if kind == "types" else self.vocab.property_names()
            self._suggestions[key] = suggest(name, pool)
        return self._suggestions[key]

    def check_value(
        self, prop_name: str, info: RangeInfo, value: Any, prop: Prop, loc: Loc, graph: Graph,
        emit: Emit,
    ) -> None:
        codes = self.codes
        source = prop.source
        if prop.reverse:
            # @reverse: the value is the subject; its type must fit the property's range
            if isinstance(value, Item):
                self._node_value(prop_name, info, graph.resolve(value), source, loc, emit, prop)
            return
        if isinstance(value, str):
            self._text_value(prop_name, info, value, source, loc, emit)
        elif isinstance(value, bool):
            if info.boolean or info.text or not info.ranges:
                return
            if codes.range:
                emit(codes.range, f"{prop_name} expects {info.expected()}, not a boolean",
                     source, loc)
        elif isinstance(value, int | float):
            self._number_value(prop_name, info, value, source, loc, emit)
        elif isinstance(value, Item):
            self._node_value(prop_name, info, graph.resolve(value), source, loc, emit, prop)

    def _text_value(
        self, prop_name: str, info: RangeInfo, text: str, source: Source, loc: Loc, emit: Emit
    ) -> None:
        codes = self.codes
        vocab = self.vocab
        if info.enums:
            term = normalize_term(text)
            if term is not None:
                replacement = vocab.superseded_by(term)
                if replacement and codes.superseded and (term in info.members or vocab.is_member(term)):
                    emit(codes.superseded, f"{prop_name}: {term} is superseded by {replacement}",
                         source, loc, hint=f"use {replacement}")
                    return
            if info.enums and term is not None and term in info.members:
                return
        if info.text or not info.ranges:
            return
        stripped = text.strip()
        if info.url and V.is_url_like(stripped):
            return
        if (info.date or info.datetime) and V.is_date_or_datetime(stripped):
            return
        if info.time and (V.is_time(stripped) or V.is_datetime(stripped)):
            return
        if info.number and V.is_number(stripped):
            return
        if info.integer and V.is_integer(stripped):
            return
        if info.boolean and V.is_boolean_text(stripped):
            return
        if info.duration and V.is_duration(stripped):
            return
        if info.quantity:
            return
        if info.enums:
            term = normalize_term(text)
            close = self._suggest_member(info, term) if term is not None else None
            # a member was meant: written as a schema.org IRI or compact IRI, in CamelCase
            # (EventCanceled), or a near miss of one (InStok, Neurologie)
            looks_like_term = term is not None and (
                term != stripped or close is not None or any(c.isupper() for c in term[1:])
            )
            if looks_like_term and codes.member:
                emit(codes.member,
                     f"{prop_name}: {text!r} is not a member of {', '.join(info.enums)}",
                     source, loc,
                     hint=f"did you mean {close}?" if close else
                     f"use one of: {', '.join(sorted(info.members)[:8])}")
                return
            if not info.things:
                if codes.enum_text:
                    emit(codes.enum_text,
                         f"{prop_name}: free text {text!r} where a member of {', '.join(info.enums)} "
                         "is expected", source, loc,
                         hint=f"use one of: {', '.join(sorted(info.members)[:8])}")
                return
        if info.things:
            return  # text where a thing is expected: schema.org accepts it
        if codes.format:
            emit(codes.format, f"{prop_name}: {text!r} is not {self._format_name(info)}", source, loc,
                 hint=self._format_hint(info))

    def _fits(self, prop_name: str, info: RangeInfo, types: tuple[str, ...]) -> bool:
        """Nothing to say about a thing of ``types`` as a value of the property: one of its types
        is unknown (reported as such), it is in the range, a Role, or of an enumeration type of
        the range."""
        vocab = self.vocab
        return (not all(self.is_type(t) for t in types) or vocab.in_range(prop_name, types)
                or self.is_role(types)
                or bool(info.enums and any(vocab.is_subtype(t, e) for t in types for e in info.enums)))

    def _format_name(self, info: RangeInfo) -> str:
        if info.date or info.datetime:
            return "an ISO 8601 date or date-time"
        if info.time:
            return "an ISO 8601 time"
        if info.duration:
            return "an ISO 8601 duration"
        if info.integer:
            return "an integer"
        if info.number:
            return "a number"
        if info.boolean:
            return "a Boolean"
        if info.url:
            return "a URL"
        return f"a {info.expected()}"

    def _format_hint(self, info: RangeInfo) -> str | None:
        if info.datetime:
            return "e.g. 2025-03-21T10:00:00+09:00 (or a date, 2025-03-21)"
        if info.date:
            return "e.g. 2025-03-21"
        if info.time:
            return "e.g. 19:30:00+01:00"
        if info.duration:
            return "e.g. PT1H30M"
        if info.boolean:
            return "true or false"
        if info.url:
            return "a URL has no spaces; escape them as %20"
        return None

    def _number_value(
        self, prop_name: str, info: RangeInfo, number: float, source: Source, loc: Loc, emit: Emit
    ) -> None:
        codes = self.codes
        if not info.ranges:
            return
        if info.number or info.quantity or info.text or info.structured:
            return
        if info.integer:
            if isinstance(number, int) or float(number).is_integer():
                return
            if codes.format:
                emit(codes.format, f"{prop_name}: {number!r} is not an integer", source, loc)
            return
        if (info.date or info.datetime or info.time or info.duration or info.boolean) and codes.format:
            emit(codes.format, f"{prop_name}: the number {number!r} is not {self._format_name(info)}",
                 source, loc, hint=self._format_hint(info))
            return
        if codes.range:
            emit(codes.range, f"{prop_name} expects {info.expected()}, not a number", source, loc)

    def _node_value(
        self, prop_name: str, info: RangeInfo, node: Item, source: Source, loc: Loc, emit: Emit,
        prop: Prop,
    ) -> None:
        codes = self.codes
        if not info.ranges or not codes.range:
            return
        types = node.types
        if types:
            key = tuple(types)
            fits = self._in_range.get((prop_name, key))
            if fits is None:
                fits = self._in_range[(prop_name, key)] = self._fits(prop_name, info, key)
            if fits:
                return
            if info.url and node.id is not None and not node.props:
                return
            if prop.reverse:
                message = (f"@reverse {prop_name}: a {'/'.join(key)} cannot be the {prop_name} of "
                           f"something (expected {info.expected()})")
            else:
                message = f"{prop_name} expects {info.expected()}, not a {'/'.join(key)}"
            emit(codes.range, message, source, loc)
            return
        if node.other_types:
            return  # typed in another vocabulary: not ours to judge
        if node.id is not None and not node.props:
            # a bare reference: an IRI. Fine wherever a thing, a URL or an enumeration member goes.
            if info.things or info.url:
                return
            if info.enums:
                term = normalize_term(node.id)
                if term is not None and term in info.members:
                    return
                if codes.member:
                    emit(codes.member, f"{prop_name}: {node.id!r} is not a member of "
                         f"{', '.join(info.enums)}", source, loc)
                return
            emit(codes.range, f"{prop_name} expects {info.expected()}, not a reference", source, loc)
            return
        if info.things or info.enums or info.structured:
            return  # an untyped thing
        emit(codes.range, f"{prop_name} expects {info.expected()}, not an object", source, loc,
             hint="write the value itself, not an object")
