"""Rule kinds: what a profile's ``[[rules]]`` entries can say, and how each is checked.

A rule applies to items of its ``types`` (and their subtypes; no ``types`` means every item), or,
with ``via = "author"``, to the values of that property on such items (followed through ``@id``
references; ``via_types`` narrows them, ``text = true`` lets a pattern rule test plain-text values
too, as the thing's name); ``not_types`` leaves out items of those types. ``scope = "top"`` limits
a rule to top-level items (a record, a node of a block or of its ``@graph``), ``scope = "main"`` to
what a record or a page is about: a record; on a page, a top-level item nothing else refers to, or
a page's ``mainEntity``/``about``, or a WebSite's ``publisher``.

=============  =====================================================================================
kind           parameters
=============  =====================================================================================
present        ``properties``: each one missing is a diagnostic
one-of         ``properties``: at least one of them
pattern        ``properties``, ``match`` or ``not`` (a regular expression) on text values
format         ``properties``, ``format``: one of :data:`FORMATS` (``bcp47``, ``timezone``, ...)
member         ``property``, ``enumeration``: values must be members (``Recruiting``, ``schema:..``)
order          ``earlier``, ``later``: the later date must not be before the earlier one
not-future     ``properties``: dates must not be in the future
url            ``properties`` (``"@url"``: every property whose range is URL but not Text),
               ``schemes`` (default http, https), ``follow`` (for things: their ``url`` ...)
value-type     ``property``, ``allowed``: values must be things of these types (``text`` allows text)
min-size       ``property``, ``width``, ``height``: images with a stated size must be this big
breadcrumb     ``codes`` = {elements, position, name, item}: Google's BreadcrumbList rules
vocabulary     ``codes``: the schemaorg checks (see :mod:`publisher.validate.vocabcheck`)
=============  =====================================================================================
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from publisher.validate import values as V
from publisher.validate.graph import Graph, Item, Loc, PageUrl, Source
from publisher.validate.vocabcheck import suggest
from publisher.vocab import Vocabulary, normalize_term

if TYPE_CHECKING:
    from publisher.validate.engine import Checker

Emit = Callable[..., None]

FORMATS: dict[str, tuple[Callable[[str], bool], str]] = {
    "bcp47": (V.is_bcp47, "a BCP 47 language tag (en, en-GB, pt-BR, zh-Hant)"),
    "timezone": (lambda t: not V.is_datetime(t.strip()) or V.has_timezone(t.strip()),
                 "a date-time with a timezone (2025-03-21T10:00:00+09:00 or ...Z)"),
    "date": (lambda t: V.is_date_or_datetime(t.strip()), "an ISO 8601 date or date-time"),
    "http-url": (V.is_http_url, "an absolute http(s) URL"),
}


class ProfileError(Exception):
    """A profile file that cannot be used: the command cannot run."""

    def __init__(self, message: str, path: str = "", line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


class Rule:
    """One entry of a profile's ``[[rules]]``."""

    kind = ""
    default_message = ""

    def __init__(self, spec: dict[str, Any], vocab: Vocabulary, where: str) -> None:
        self.spec = spec
        self.vocab = vocab
        self.where = where
        self.code: str = spec.get("code", "")
        self.types: tuple[str, ...] | None = tuple(_as_list(spec["types"])) if "types" in spec else None
        self.not_types: tuple[str, ...] = tuple(_as_list(spec.get("not_types")))
        self.scope: str = spec.get("scope", "all")
        self.via: str | None = spec.get("via")
        self.via_types: tuple[str, ...] | None = (
            tuple(_as_list(spec["via_types"])) if "via_types" in spec else None
        )
        self.text: bool = bool(spec.get("text", False))
        self.message: str = spec.get("message") or self.default_message
        self.hint: str | None = spec.get("hint")
        for name in (*(self.types or ()), *(self.via_types or ()), *self.not_types):
            if not vocab.is_type(name):
                raise ProfileError(f"{where}: unknown schema.org type {name!r} in types")
        if self.scope not in ("all", "top", "main"):
            raise ProfileError(f"{where}: scope must be \"all\", \"top\" or \"main\"")

    def codes(self) -> list[str]:
        return [self.code] if self.code else []

    def need(self, key: str) -> Any:
        if key not in self.spec:
            raise ProfileError(f"{self.where}: a {self.kind!r} rule needs {key!r}")
        return self.spec[key]

    def properties(self, key: str = "properties") -> tuple[str, ...]:
        names = tuple(_as_list(self.need(key)))
        for name in names:
            if not name.startswith("@") and not self.vocab.is_property(name):
                raise ProfileError(f"{self.where}: unknown schema.org property {name!r}")
        return names

    def say(self, item: Item | None, **fields: Any) -> str:
        label = item.label() if item is not None else "item"
        name = item.first_text("name") if item is not None else None
        described = f"{label} {name!r}" if name else label
        try:
            return self.message.format(type=label, item=described, via=self.via or "", **fields)
        except (KeyError, IndexError, ValueError):
            return self.message

    # subclasses implement one or both
    def check(self, item: Item, run: Checker) -> None:
        raise NotImplementedError

    def check_text(self, text: str, source: Source, loc: Loc, owner: Item, run: Checker) -> None:
        return None


def texts(item: Item, name: str) -> Sequence[tuple[str, Source, Loc]]:
    """The text values of the property, each with where it was written (none when it is absent)."""
    props = item.props.get(name)
    if not props:
        return _NONE
    return [(value, prop.source, loc) for prop in props
            for value, loc in zip(prop.values, prop.locs, strict=False) if isinstance(value, str)]


_NONE: tuple[tuple[str, Source, Loc], ...] = ()


class Present(Rule):
    kind = "present"
    default_message = "{item} has no {property}"

    def __init__(self, spec: dict[str, Any], vocab: Vocabulary, where: str) -> None:
        super().__init__(spec, vocab, where)
        self.names = self.properties()

    def check(self, item: Item, run: Checker) -> None:
        for name in self.names:
            if not item.has(name):
                source, loc, key = item.anchor()
                run.emit(self.code, self.say(item, property=name), source, loc, key=key, hint=self.hint,
                         prop=name)


class OneOf(Rule):
    kind = "one-of"
    default_message = "{item} has none of {properties}"

    def __init__(self, spec: dict[str, Any], vocab: Vocabulary, where: str) -> None:
        super().__init__(spec, vocab, where)
        self.names = self.properties()

    def check(self, item: Item, run: Checker) -> None:
        if not any(item.has(name) for name in self.names):
            source, loc, key = item.anchor()
            run.emit(self.code, self.say(item, properties=" or ".join(self.names)), source, loc,
                     key=key, hint=self.hint)


class Pattern(Rule):
    kind = "pattern"
    default_message = "{property}: {value!r} does not have the expected form"

    def __init__(self, spec: dict[str, Any], vocab: Vocabulary, where: str) -> None:
        super().__init__(spec, vocab, where)
        self.names = self.properties()
        text = spec.get("match", spec.get("not"))
        if not isinstance(text, str) or ("match" in spec) == ("not" in spec):
            raise ProfileError(f"{where}: a pattern rule needs exactly one of 'match' or 'not'")
        try:
            self.regex = re.compile(text)
        except re.error as exc:
            raise ProfileError(f"{where}: invalid regular expression: {exc}") from None
        self.negate = "not" in spec

    def bad(self, text: str) -> bool:
        found = self.regex.search(text) is not None
        return found if self.negate else not found

    def check(self, item: Item, run: Checker) -> None:
        for name in self.names:
            for text, source, loc in texts(item, name):
                if self.bad(text):
                    run.emit(self.code, self.say(item, property=name, value=text), source, loc,
                             hint=self.hint, prop=name)

    def check_text(self, text: str, source: Source, loc: Loc, owner: Item, run: Checker) -> None:
        if self.text and self.bad(text):
            run.emit(self.code, self.say(None, property=self.via or "", value=text), source, loc,
                     hint=self.hint)


class Format(Rule):
    kind = "format"
    default_message = "{property}: {value!r} is not {format}"

    def __init__(self, spec: dict[str, Any], vocab: Vocabulary, where: str) -> None:
        super().__init__(spec, vocab, where)
        self.names = self.properties()
        name = self.need("format")
        if name not in FORMATS:
            raise ProfileError(f"{where}: unknown format {name!r} (one of {', '.join(FORMATS)})")
        self.test, self.described = FORMATS[name]

    def check(self, item: Item, run: Checker) -> None:
        for name in self.names:
            for text, source, loc in texts(item, name):
                if not self.test(text):
                    run.emit(self.code, self.say(item, property=name, value=text, format=self.described),
                             source, loc, hint=self.hint, prop=name)


class Member(Rule):
    kind = "member"
    default_message = "{property}: {value!r} is not a {enumeration} member"

    def __init__(self, spec: dict[str, Any], vocab: Vocabulary, where: str) -> None:
        super().__init__(spec, vocab, where)
        self.name = self.properties("property")[0]
        self.enumeration = self.need("enumeration")
        if not vocab.is_enumeration(self.enumeration):
            raise ProfileError(f"{where}: {self.enumeration!r} is not a schema.org enumeration")
        self.members = vocab.members(self.enumeration)

    def check(self, item: Item, run: Checker) -> None:
        for value, prop, index in item.values(self.name):
            value = run.graph.resolve(value)
            if isinstance(value, Item):
                term = normalize_term(value.id) if value.id else None
                shown = value.id or value.label()
            else:
                term = normalize_term(value) if isinstance(value, str) else None
                shown = value
            if term is None or term not in self.members:
                close = suggest(term, tuple(sorted(self.members))) if term else None
                hint = self.hint or (f"did you mean {close}?" if close else
                                     f"use one of: {', '.join(sorted(self.members))}")
                run.emit(self.code, self.say(item, property=self.name, value=shown,
                                             enumeration=self.enumeration),
                         prop.source, prop.locs[index], hint=hint, prop=self.name)


class Order(Rule):
    kind = "order"
    default_message = "{later} {later_value} is before {earlier} {earlier_value}"

    def __init__(self, spec: dict[str, Any], vocab: Vocabulary, where: str) -> None:
        super().__init__(spec, vocab, where)
        self.earlier = self.properties("earlier")[0]
        self.later = self.properties("later")[0]

    def check(self, item: Item, run: Checker) -> None:
        first = _first_instant(item, self.earlier)
        if first is None:
            return
        for text, source, loc in texts(item, self.later):
            parsed = V.parse_instant(text)
            if parsed is None:
                continue
            (a, a_date), (b, b_date) = first[0], parsed
            earlier = a.date() if (a_date or b_date) else a
            later = b.date() if (a_date or b_date) else b
            if later < earlier:  # type: ignore[operator]
                run.emit(self.code, self.say(item, earlier=self.earlier, later=self.later,
                                             earlier_value=first[1], later_value=text),
                         source, loc, hint=self.hint, prop=self.later)


def _first_instant(item: Item, name: str) -> tuple[tuple[datetime, bool], str] | None:
    for text, _, _ in texts(item, name):
        parsed = V.parse_instant(text)
        if parsed is not None:
            return parsed, text
    return None


class NotFuture(Rule):
    kind = "not-future"
    default_message = "{property} {value} is in the future"

    def __init__(self, spec: dict[str, Any], vocab: Vocabulary, where: str) -> None:
        super().__init__(spec, vocab, where)
        self.names = self.properties()
        self.tolerance = timedelta(minutes=float(spec.get("tolerance_minutes", 5)))

    def check(self, item: Item, run: Checker) -> None:
        now = run.now
        for name in self.names:
            for text, source, loc in texts(item, name):
                parsed = V.parse_instant(text)
                if parsed is None:
                    continue
                moment, date_only = parsed
                # a date is in the future only once it has not begun anywhere on Earth (UTC+14)
                limit = now + (timedelta(hours=14) if date_only else self.tolerance)
                if moment > limit:
                    run.emit(self.code, self.say(item, property=name, value=text), source, loc,
                             hint=self.hint, prop=name)


class Url(Rule):
    kind = "url"
    default_message = "{property}: {value!r} is not an absolute {schemes} URL"

    def __init__(self, spec: dict[str, Any], vocab: Vocabulary, where: str) -> None:
        super().__init__(spec, vocab, where)
        names = self.properties()
        if "@url" in names:
            names = tuple(n for n in names if n != "@url") + tuple(
                p for p in vocab.property_names()
                if "URL" in vocab.ranges(p) and not {"Text", "PronounceableText"} & set(vocab.ranges(p))
            )
        self.names = frozenset(names)
        self.schemes = tuple(s.lower() for s in _as_list(spec.get("schemes", ["http", "https"])))
        self.follow = tuple(_as_list(spec.get("follow", [])))

    def bad(self, text: str) -> bool:
        stripped = text.strip()
        scheme = V.url_scheme(stripped)
        if scheme is None and isinstance(text, PageUrl):
            return False  # relative to the page: HTML resolves it
        if scheme is None or scheme not in self.schemes:
            return True
        if scheme in ("http", "https"):
            return not V.is_http_url(stripped)
        return False

    def check(self, item: Item, run: Checker) -> None:
        names = self.names
        for name, props in item.props.items():
            if name not in names:
                continue
            for prop in props:
                for index, value in enumerate(prop.values):
                    if isinstance(value, str):
                        if self.bad(value):
                            run.emit(self.code, self.say(item, property=name, value=value,
                                                         schemes="/".join(self.schemes)),
                                     prop.source, prop.locs[index], hint=self.hint, prop=name)
                    elif self.follow and isinstance(value, Item):
                        self._check_followed(item, name, value, run)

    def _check_followed(self, item: Item, name: str, value: Item, run: Checker) -> None:
        node = run.graph.resolve(value)
        for sub in self.follow:
            for text, source, loc in texts(node, sub):
                if self.bad(text):
                    run.emit(self.code, self.say(item, property=f"{name}.{sub}", value=text,
                                                 schemes="/".join(self.schemes)),
                             source, loc, hint=self.hint, prop=name)


class ValueType(Rule):
    kind = "value-type"
    default_message = "{property} should be a {allowed}, not {found}"

    def __init__(self, spec: dict[str, Any], vocab: Vocabulary, where: str) -> None:
        super().__init__(spec, vocab, where)
        self.name = self.properties("property")[0]
        self.allowed = tuple(_as_list(self.need("allowed")))
        for name in self.allowed:
            if not vocab.is_type(name):
                raise ProfileError(f"{where}: unknown schema.org type {name!r} in allowed")
        self.text_ok = bool(spec.get("text", False))
        self._fits: dict[tuple[str, ...], bool] = {}  # types -> one is a subtype of an allowed one

    def check(self, item: Item, run: Checker) -> None:
        if self.name not in item.props:  # (most items: nothing to look through)
            return
        for value, prop, index in run.role_values(item, self.name):
            found: str | None = None
            if isinstance(value, str):
                if not self.text_ok:
                    found = f"the text {value!r}"
            elif isinstance(value, Item):
                node = run.graph.resolve(value)
                if node.types:
                    if not self.fits(tuple(node.types)):
                        found = f"a {node.label()}"
                elif node.other_types:
                    found = f"a {'/'.join(node.other_types)}"
                elif node.props:
                    found = "a thing without @type"
                # a bare reference to something not on the page: cannot tell
            elif value is not None:
                found = f"the value {value!r}"
            if found is not None:
                run.emit(self.code, self.say(item, property=self.name, allowed=" or ".join(self.allowed),
                                             found=found),
                         prop.source, prop.locs[index], hint=self.hint, prop=self.name)

    def fits(self, types: tuple[str, ...]) -> bool:
        fits = self._fits.get(types)
        if fits is None:
            vocab = self.vocab
            fits = self._fits[types] = any(vocab.is_subtype(t, a) for t in types for a in self.allowed)
        return fits


class MinSize(Rule):
    kind = "min-size"
    default_message = "{property} is {width}x{height}px, smaller than {min_width}x{min_height}px"

    def __init__(self, spec: dict[str, Any], vocab: Vocabulary, where: str) -> None:
        super().__init__(spec, vocab, where)
        self.name = self.properties("property")[0]
        self.width = int(self.need("width"))
        self.height = int(self.need("height"))

    def check(self, item: Item, run: Checker) -> None:
        for value, prop, index in item.values(self.name):
            node = run.graph.resolve(value)
            if not isinstance(node, Item):
                continue
            width, height = _pixels(node, "width"), _pixels(node, "height")
            if (width is not None and width < self.width) or (height is not None and height < self.height):
                run.emit(self.code, self.say(item, property=self.name, width=_show(width),
                                             height=_show(height), min_width=self.width,
                                             min_height=self.height),
                         prop.source, prop.locs[index], hint=self.hint, prop=self.name)


def _pixels(node: Item, name: str) -> float | None:
    for value, _, _ in node.values(name):
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str):
            match = re.match(r"^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$", value)
            if match:
                return float(match.group(1))
        if isinstance(value, Item):
            inner = _pixels(value, "value")
            if inner is not None:
                return inner
    return None


def _show(number: float | None) -> str:
    return "?" if number is None else f"{number:g}"


class Breadcrumb(Rule):
    """Google's BreadcrumbList: itemListElement of ListItems with position, name, and item."""

    kind = "breadcrumb"

    def __init__(self, spec: dict[str, Any], vocab: Vocabulary, where: str) -> None:
        super().__init__(spec, vocab, where)
        codes = self.need("codes")
        if not isinstance(codes, dict) or set(codes) - {"elements", "position", "name", "item"}:
            raise ProfileError(f"{where}: breadcrumb codes are elements, position, name and item")
        self.code_map: dict[str, str] = dict(codes)

    def codes(self) -> list[str]:
        return list(self.code_map.values())

    def check(self, item: Item, run: Checker) -> None:
        codes = self.code_map
        elements = list(item.values("itemListElement"))
        if not elements:
            if "elements" in codes:
                source, loc, key = item.anchor()
                run.emit(codes["elements"], "BreadcrumbList has no itemListElement", source, loc, key=key,
                         hint="list the trail as ListItem objects with position, name and item",
                         prop=ELEMENTS)
            return
        entries: list[tuple[Item | None, Any, Source, Loc, float | None]] = []
        for value, prop, index in elements:
            node = run.graph.resolve(value)
            loc = prop.locs[index]
            if not isinstance(node, Item) or (node.types and not any(
                    self.vocab.is_subtype(t, "ListItem") for t in node.types)):
                if "elements" in codes:
                    run.emit(codes["elements"], "a BreadcrumbList element must be a ListItem",
                             prop.source, loc, prop=ELEMENTS)
                continue
            entries.append((node, value, prop.source, loc, _position(node)))
        ordered = sorted(entries, key=lambda e: (e[4] is None, e[4] or 0))
        valid = [e for e in entries if e[4] is not None]
        final = max(valid, key=lambda e: e[4] or 0) if valid else (entries[-1] if entries else None)
        for node, _, source, loc, position in ordered:
            assert node is not None
            anchor_source, anchor_loc, key = node.anchor() if node.type_locs else (source, loc, False)
            if "position" in codes and position is None:
                raw = next((v for v, _, _ in node.values("position")), None)
                message = ("ListItem has no position" if raw is None
                           else f"ListItem position {raw!r} is not a positive integer")
                run.emit(codes["position"], message, anchor_source, anchor_loc, key=key,
                         hint="number the items 1, 2, 3, ... from the top of the trail", prop=ELEMENTS)
            item_value = next((v for v, _, _ in node.values("item")), None)
            target = run.graph.resolve(item_value) if isinstance(item_value, Item) else None
            if "name" in codes and not node.has("name") and not (target is not None and target.has("name")):
                run.emit(codes["name"], "ListItem has no name", anchor_source, anchor_loc, key=key,
                         hint="name is the breadcrumb's label, as shown to readers", prop=ELEMENTS)
            last = final is not None and node is final[0]
            if "item" in codes and item_value is None and not last:
                run.emit(codes["item"], "ListItem has no item (only the last breadcrumb may omit it)",
                         anchor_source, anchor_loc, key=key, hint="item is the URL of the breadcrumb's page",
                         prop=ELEMENTS)


ELEMENTS = "itemListElement"


def _position(node: Item) -> float | None:
    for value, _, _ in node.values("position"):
        if isinstance(value, bool):
            return None
        if isinstance(value, int) and value >= 1:
            return float(value)
        if isinstance(value, float) and value.is_integer() and value >= 1:
            return value
        if isinstance(value, str) and value.strip().isdigit() and int(value) >= 1:
            return float(value)
        return None
    return None


KINDS: dict[str, type[Rule]] = {
    cls.kind: cls
    for cls in (Present, OneOf, Pattern, Format, Member, Order, NotFuture, Url, ValueType, MinSize,
                Breadcrumb)
}


def build_rule(spec: dict[str, Any], vocab: Vocabulary, where: str) -> Rule:
    kind = spec.get("kind")
    if kind not in KINDS:
        raise ProfileError(f"{where}: unknown rule kind {kind!r} (one of: {', '.join(sorted(KINDS))}, "
                           "vocabulary)")
    rule = KINDS[kind](spec, vocab, where)
    if kind != "breadcrumb" and not rule.code:
        raise ProfileError(f"{where}: the rule has no code")
    return rule


__all__ = ["FORMATS", "KINDS", "Graph", "ProfileError", "Rule", "build_rule"]
