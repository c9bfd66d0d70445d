"""SHACL shapes generated from the profiles, so the same rules check the site's RDF.

    python -m publisher.validate.shacl            # rewrite schemas/shacl/ (make shacl)
    python -m publisher.validate.shacl --check    # exit 1 when the checked-in files are stale

One Turtle file per built-in profile that has rules SHACL can say (``google.ttl``,
``publisher.ttl``; each is whole: ``publisher.ttl`` holds the Google rules it includes, with
publisher's severities). The ``schemaorg`` profile is the vocabulary checks only, which are not
translated (see :data:`NOT_TRANSLATED`), so it has no file.

How the rules are said (docs/shacl.md has the full table):

* **Targets.** schema.org types are ``http://schema.org/`` IRIs, as our RDF (and every standard
  JSON-LD processor) has them. Subtypes are not ``rdfs:subClassOf``-declared in the data, so a
  rule on ``Article`` targets ``schema:Article`` and each of its subtypes explicitly
  (``sh:targetClass``, from the vocabulary index), and "is a Person or an Organization" is a type
  among an explicit list (``pub:is-Person-Organization``). The shapes need no ontology and no
  inference: any SHACL processor runs them over the plain data.
* **Codes.** Every shape has ``pub:code "PUB101"``, ``sh:severity`` (error -> ``sh:Violation``,
  warning -> ``sh:Warning``, info -> ``sh:Info``), an ``sh:message`` that starts with the code, and
  ``rdfs:seeAlso`` the rule's page. :func:`results` reads a pySHACL report back as
  ``(focus node, path, code)``.
* **SHACL Core**, except one SHACL-SPARQL constraint for dates in order (``sh:lessThanOrEquals``
  cannot compare ``schema:Date``-typed literals, which is how schema.org's context types dates).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher import generated
from publisher.validate import rules as R
from publisher.validate import values as V
from publisher.validate.profiles import DOCS_BASE, RuleSet, catalogue, load_ruleset
from publisher.vocab import Vocabulary

if TYPE_CHECKING:
    import rdflib

SCHEMA = "http://schema.org/"
SH = "http://www.w3.org/ns/shacl#"
PUB = "https://github.com/publisher-dev/publisher/blob/main/docs/shacl.md#"
PREFIXES = {
    "pub": PUB,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": SCHEMA,
    "sh": SH,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
PROFILES = ("google", "publisher")  # the built-in profiles with rules SHACL can say
SEVERITIES = {"error": "sh:Violation", "warning": "sh:Warning", "info": "sh:Info"}

# Rule kinds (and parts of kinds) SHACL cannot say, and why: listed in docs/shacl.md and in the
# comparison test, so no rule is skipped silently.
NOT_TRANSLATED: dict[str, str] = {
    "vocabulary": "the schema.org vocabulary checks (unknown types and properties, properties not "
    "expected on a type, ranges, data type formats, enumeration members, superseded terms) hold "
    "for every type and property of schema.org and its leniencies (text for a thing, a number as "
    "text); they are not rules of a profile that shapes could be generated from",
    "not-future": "\"not in the future\" depends on the moment of validation, not on the data; "
    "SHACL Core has no clock",
    "breadcrumb.item": "\"only the last ListItem may omit item\" compares each item's position "
    "with its siblings'; SHACL Core cannot",
}

# ---------------------------------------------------------------------------------------------
# A small Turtle writer: deterministic, readable output.


class Lit:
    """A literal: ``Lit("text")``, ``Lit(1)``, ``Lit("x", "xsd:anyURI")``; ``long`` for '''...'''."""

    __slots__ = ("datatype", "long", "value")

    def __init__(self, value: str | int | bool, datatype: str | None = None, long: bool = False) -> None:
        self.value = value
        self.datatype = datatype
        self.long = long

    def turtle(self) -> str:
        if isinstance(self.value, bool):
            return "true" if self.value else "false"
        if isinstance(self.value, int):
            return str(self.value)
        text = self.value
        if self.long:
            body = text.replace("\\", "\\\\").replace("'''", "\\'\\'\\'")
            out = f"'''{body}'''"
        else:
            body = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                    .replace("\r", "\\r").replace("\t", "\\t"))
            out = f'"{body}"'
        return out + (f"^^{self.datatype}" if self.datatype else "")


class Node:
    """A blank node: ``[ p o ; ... ]``."""

    __slots__ = ("pairs",)

    def __init__(self, *pairs: tuple[str, Any]) -> None:
        self.pairs = list(pairs)


class Coll:
    """An RDF list: ``( a b c )``."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = list(items)


Term = str | Lit | Node | Coll


def _term(value: Any, indent: int) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Lit):
        return value.turtle()
    if isinstance(value, Coll):
        parts = [_term(item, indent + 1) for item in value.items]
        one_line = "( " + " ".join(parts) + " )"
        if len(one_line) + indent * 4 <= 100 and "\n" not in one_line:
            return one_line
        pad = "    " * (indent + 1)
        return "(\n" + "".join(f"{pad}{p}\n" for p in parts) + "    " * indent + ")"
    if isinstance(value, Node):
        return "[\n" + _pairs(value.pairs, indent + 1) + "\n" + "    " * indent + "]"
    raise TypeError(value)


def _pairs(pairs: list[tuple[str, Any]], indent: int) -> str:
    pad = "    " * indent
    grouped: dict[str, list[Any]] = {}
    for predicate, value in pairs:
        grouped.setdefault(predicate, []).append(value)
    lines = []
    for predicate, objects in grouped.items():
        rendered = [_term(o, indent) for o in objects]
        if len(objects) > 3 and all(isinstance(o, str) for o in objects):
            joined = (",\n" + pad + "    ").join(rendered)
            lines.append(f"{pad}{predicate}\n{pad}    {joined}")
        else:
            lines.append(f"{pad}{predicate} " + ", ".join(rendered))
    return " ;\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Regular expressions of the formats, as SHACL patterns (Python/Java syntax: (?:...), \b, (?!...)).

_DATETIME_NO_TZ = r"^\s*\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*$"
_DATE_OR_DATETIME = (r"^\s*(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}"
                     r"(?::\d{2}(?:[.,]\d+)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?)\s*$")
_HTTP = r"^\s*" + V._HTTP_URL.pattern[1:-1] + r"\s*$"
_BCP47 = r"^\s*(?:" + V._BCP47.pattern[1:-1] + r")\s*$"
# position: a positive integer, as an integer, a whole decimal or double, or digits in text
_POSITION = r"^\s*\+?0*[1-9][0-9]*(?:\.0*)?(?:[eE]0)?\s*$"


@dataclass(frozen=True)
class Check:
    """A test of one value: ``sh:pattern`` (or, with ``negate``, that the pattern is absent)."""

    pattern: str
    flags: str = ""
    negate: bool = False

    def pairs(self) -> list[tuple[str, Any]]:
        inner: list[tuple[str, Any]] = [("sh:pattern", Lit(self.pattern))]
        if self.flags:
            inner.append(("sh:flags", Lit(self.flags)))
        return [("sh:not", Node(*inner))] if self.negate else inner


def _regex(text: str, flags: int = 0) -> tuple[str, str]:
    out = "i" if flags & re.IGNORECASE else ""
    if text.startswith("(?i)"):
        text, out = text[4:], "i"
    return text, out


def format_check(name: str) -> Check:
    if name == "bcp47":
        return Check(_BCP47, "i")
    if name == "timezone":  # a date-time must say its timezone; anything else passes
        return Check(_DATETIME_NO_TZ, negate=True)
    if name == "date":
        return Check(_DATE_OR_DATETIME)
    if name == "http-url":
        return Check(_HTTP, "i")
    raise KeyError(name)


def url_check(schemes: tuple[str, ...]) -> Check:
    """Absolute URLs of these schemes; http(s) ones with a host (as ``Url.bad`` decides)."""
    others = [re.escape(s) for s in schemes if s not in ("http", "https")]
    web = [s for s in schemes if s in ("http", "https")]
    parts = []
    if web:
        scheme = "https?" if len(web) == 2 else web[0]
        parts.append(scheme + V._HTTP_URL.pattern[len("^https?"):-1])
    if others:
        parts.append("(?:" + "|".join(others) + r"):\S*")
    return Check(r"^\s*(?:" + "|".join(parts) + r")\s*$", "i")


# ---------------------------------------------------------------------------------------------
# The shapes of one profile.


def _schema(name: str) -> str:
    return f"schema:{name}"


def _severity(ruleset: RuleSet, code: str) -> str:
    severity = ruleset.severity(code)
    assert severity is not None  # rules whose code is off are not in the rule set
    return SEVERITIES[str(severity)]


_FIELD = re.compile(r"\{(\w+)(?:![rs])?(?::[^}]*)?\}")


@dataclass
class Shapes:
    """The shapes of one profile, built rule by rule, then written as Turtle."""

    ruleset: RuleSet
    vocab: Vocabulary
    subjects: list[tuple[str, list[tuple[str, Any]]]] = field(default_factory=list)
    helpers: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (code, NOT_TRANSLATED key)
    counters: dict[str, int] = field(default_factory=dict)

    # --- vocabulary helpers -------------------------------------------------------------------

    def subtypes(self, types: Iterable[str]) -> list[str]:
        roots = tuple(types)
        found = {t for t in self.vocab.type_names() if any(self.vocab.is_subtype(t, r) for r in roots)}
        return sorted(found, key=lambda t: (t not in roots, t))

    def is_type(self, types: Iterable[str]) -> str:
        """A named shape: the node has a type among ``types`` or their subtypes."""
        types = tuple(types)
        name = "pub:is-" + "-".join(types)
        if name not in self.helpers:
            members = Coll(_schema(t) for t in self.subtypes(types))
            listed = "pub:types-" + "-".join(types)
            self.helpers[listed] = [("a", "sh:NodeShape"), ("sh:in", members)]
            self.helpers[name] = [
                ("a", "sh:NodeShape"),
                ("rdfs:comment", Lit(f"a {' or '.join(types)} (or a subtype): one of these rdf:types")),
                ("sh:property", Node(
                    ("sh:path", "rdf:type"),
                    ("sh:qualifiedValueShape", listed),
                    ("sh:qualifiedMinCount", Lit(1)),
                )),
            ]
        return name

    def message(self, rule: R.Rule, code: str, **fields: str) -> Lit:
        """The rule's message with its fields said in general terms, after the code."""
        types = " or ".join((rule.via_types if rule.via else rule.types) or ("thing",))
        general = {"item": f"the {types}", "type": types, "via": rule.via or "", "value": "",
                   "found": "something else", **fields}
        text = _FIELD.sub(lambda m: general.get(m.group(1), m.group(0)), rule.message)
        text = re.sub(r"\s+", " ", text.replace(": ''", ":").replace(" ''", "")).strip()
        text = re.sub(r":\s+is\b", " is", text)
        return Lit(f"{code}: {text}")

    def annotate(self, rule: R.Rule, code: str, message: Lit) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = [
            ("pub:code", Lit(code)),
            ("sh:severity", _severity(self.ruleset, code)),
            ("sh:message", message),
        ]
        if code in catalogue():  # a built-in code has a page in docs/rules/ (a site's own has not)
            out.append(("rdfs:seeAlso", f"<{DOCS_BASE}{code}.md>"))
        return out

    def name(self, code: str) -> str:
        self.counters[code] = self.counters.get(code, 0) + 1
        return f"pub:{code}-{self.counters[code]}"

    # --- targets ------------------------------------------------------------------------------

    def targets(self, rule: R.Rule) -> tuple[list[tuple[str, Any]], str | None]:
        """The rule's targets, and a shape that conforms where the rule does *not* apply (or None
        when the targets are exact)."""
        if rule.scope != "all":
            # what a record or page is about: a record's node (it names its page) or a page's
            # mainEntity
            targets = [("sh:targetSubjectsOf", "schema:mainEntityOfPage"),
                       ("sh:targetObjectsOf", "schema:mainEntity")]
            return targets, self.not_applies(rule.types, rule.not_types)
        assert rule.types is not None
        excluded = set(self.subtypes(rule.not_types)) if rule.not_types else set()
        classes = [t for t in self.subtypes(rule.types) if t not in excluded]
        targets = [("sh:targetClass", _schema(t)) for t in classes]
        # a node of both kinds (an Organization that is also a LocalBusiness) is left out too
        return targets, (self.is_type(rule.not_types) if rule.not_types else None)

    def not_applies(self, types: tuple[str, ...] | None, not_types: tuple[str, ...]) -> str | None:
        branches: list[Any] = []
        if types is not None:
            branches.append(Node(("sh:not", self.is_type(types))))
        if not_types:
            branches.append(self.is_type(not_types))
        if not branches:
            return None
        if len(branches) == 1 and isinstance(branches[0], str):
            return branches[0]
        name = "pub:not-" + "-".join(types or ()) + ("-or-" + "-".join(not_types) if not_types else "")
        self.helpers.setdefault(name, [("a", "sh:NodeShape"), ("sh:or", Coll(branches))])
        return name

    # --- one rule -----------------------------------------------------------------------------

    def add_rule(self, rule: R.Rule) -> None:
        kind = rule.kind
        if isinstance(rule, R.NotFuture):
            self.skipped.append((rule.code, "not-future"))
            return
        if isinstance(rule, R.Breadcrumb):
            self.add_breadcrumb(rule)
            return
        if isinstance(rule, R.Order):
            self.add_order(rule)
            return
        units = list(self.units(rule))
        if not units:  # pragma: no cover - every kind has units
            raise ValueError(f"no SHACL for a {kind} rule")
        self.emit(rule, rule.code, units)

    def units(self, rule: R.Rule) -> Iterator[tuple[str | None, list[tuple[str, Any]]]]:
        """(property, the constraint on the rule's item) for each part of a rule: a property
        shape's body when ``property`` is set, a node shape's constraint pairs when it is None."""
        if rule.via is not None:
            for prop, inner in self.item_units(rule):
                yield rule.via, [("sh:path", _schema(rule.via)), *self.via_values(rule, prop, inner)]
            return
        yield from self.item_units(rule)

    def item_units(self, rule: R.Rule) -> Iterator[tuple[str | None, list[tuple[str, Any]]]]:
        if isinstance(rule, R.Present):
            for name in rule.names:
                yield name, [("sh:path", _schema(name)), ("sh:qualifiedValueShape", "pub:NonBlank"),
                             ("sh:qualifiedMinCount", Lit(1))]
        elif isinstance(rule, R.OneOf):
            yield None, [("sh:or", Coll(
                Node(("sh:path", _schema(n)), ("sh:qualifiedValueShape", "pub:NonBlank"),
                     ("sh:qualifiedMinCount", Lit(1)))
                for n in rule.names))]
        elif isinstance(rule, R.Pattern):
            pattern, flags = _regex(rule.regex.pattern, rule.regex.flags)
            check = Check(pattern, flags, rule.negate)
            for name in rule.names:
                yield name, [("sh:path", _schema(name)), *self.text_values(check, name)]
        elif isinstance(rule, R.Format):
            check = format_check(rule.spec["format"])
            for name in rule.names:
                yield name, [("sh:path", _schema(name)), *self.text_values(check, name)]
        elif isinstance(rule, R.Member):
            members = sorted(rule.members)
            terms: list[Any] = []
            for member in members:
                terms += [f"schema:{member}", f"<https://schema.org/{member}>"]
            for member in members:
                terms += [Lit(member), Lit(f"schema:{member}"), Lit(f"http://schema.org/{member}"),
                          Lit(f"https://schema.org/{member}")]
            yield rule.name, [("sh:path", _schema(rule.name)), ("sh:in", Coll(terms))]
        elif isinstance(rule, R.Url):
            # text (a literal, or an IRI nothing is said about) is a URL to check; a thing is
            # not checked, or (with ``follow``) its url, contentUrl ... are
            check = url_check(rule.schemes)
            thing: Any = "pub:Described"
            if rule.follow:
                thing = Node(("sh:node", "pub:Described"), *(
                    ("sh:property", Node(("sh:path", _schema(sub)), *self.text_values(check, sub)))
                    for sub in rule.follow))
            text = Node(("sh:node", "pub:Bare"), *check.pairs())
            for name in sorted(rule.names):
                yield name, [("sh:path", _schema(name)), ("sh:or", Coll([thing, text]))]
        elif isinstance(rule, R.ValueType):
            branches: list[Any] = [self.is_type(rule.allowed), "pub:BareNode"]
            if rule.text_ok:
                branches.append(Node(("sh:nodeKind", "sh:Literal")))
            role = Node(
                ("sh:node", self.is_type(("Role",))),
                ("sh:property", Node(("sh:path", _schema(rule.name)), ("sh:minCount", Lit(1)),
                                     ("sh:or", Coll(branches)))),
            )
            yield rule.name, [("sh:path", _schema(rule.name)), ("sh:or", Coll([*branches, role]))]
        elif isinstance(rule, R.MinSize):
            numeric = Coll(Node(("sh:datatype", f"xsd:{t}"))
                           for t in ("integer", "decimal", "double", "float"))
            size = Node(*(
                ("sh:property", Node(("sh:path", _schema(side)), ("sh:or", Coll([
                    Node(("sh:not", Node(("sh:or", numeric)))),
                    Node(("sh:minInclusive", Lit(limit))),
                ]))))
                for side, limit in (("width", rule.width), ("height", rule.height))
            ))
            yield rule.name, [("sh:path", _schema(rule.name)), ("sh:node", size)]
        else:  # pragma: no cover - a new kind needs its translation (or an entry in NOT_TRANSLATED)
            raise ValueError(f"no SHACL translation for rule kind {rule.kind!r}")

    def text_values(self, check: Check, prop: str) -> list[tuple[str, Any]]:
        """Each value that is text passes ``check``; things are not text and pass. Text is a
        literal, or, for a property whose text values are URLs (schema.org's context makes them
        IRIs), an IRI nothing is said about."""
        if self.iri_valued(prop):
            return [("sh:or", Coll(["pub:Described", Node(("sh:node", "pub:Bare"), *check.pairs())]))]
        return [("sh:or", Coll([Node(("sh:nodeKind", "sh:BlankNodeOrIRI")),
                                Node(("sh:nodeKind", "sh:Literal"), *check.pairs())]))]

    def iri_valued(self, prop: str) -> bool:
        ranges = self.vocab.ranges(prop)
        return "URL" in ranges and "Text" not in ranges

    def via_values(
        self, rule: R.Rule, prop: str | None, inner: list[tuple[str, Any]]
    ) -> list[tuple[str, Any]]:
        """The constraint on each value of ``via``: the rule on the things of ``via_types``; text
        values only for a ``text`` pattern rule (as the thing's name)."""
        thing = ("sh:property", Node(*inner)) if prop is not None else inner[0]
        branches: list[Any] = ["pub:BareNode"]
        if isinstance(rule, R.Pattern) and rule.text:
            pattern, flags = _regex(rule.regex.pattern, rule.regex.flags)
            branches.append(Node(("sh:nodeKind", "sh:Literal"), *Check(pattern, flags, rule.negate).pairs()))
        else:
            branches.append(Node(("sh:nodeKind", "sh:Literal")))
        if rule.via_types is not None:
            branches.append(Node(("sh:nodeKind", "sh:BlankNodeOrIRI"),
                                 ("sh:not", self.is_type(rule.via_types))))
        branches.append(Node(("sh:nodeKind", "sh:BlankNodeOrIRI"), thing, *inner[1:] if prop is None else ()))
        return [("sh:or", Coll(branches))]

    def emit(self, rule: R.Rule, code: str, units: list[tuple[str | None, list[tuple[str, Any]]]]) -> None:
        name = self.name(code)
        if rule.types is None and rule.scope == "all":
            # every thing that has the property: the property shape is its own target
            for prop, body in units:
                assert prop is not None, "a rule on every thing needs properties"
                message = self.message(rule, code, property=prop, **self.fields(rule))
                pairs: list[tuple[str, Any]] = [
                    ("a", "sh:PropertyShape"), ("sh:targetSubjectsOf", _schema(prop)),
                    *body, *self.annotate(rule, code, message),
                ]
                self.subjects.append((f"{name}-{prop}", pairs))
            return
        targets, not_applies = self.targets(rule)
        node: list[tuple[str, Any]] = [("a", "sh:NodeShape"), *targets]
        shapes: list[tuple[str, list[tuple[str, Any]]]] = []
        for prop, body in units:
            message = self.message(rule, code, property=prop or "", **self.fields(rule))
            if not_applies is None and prop is not None:
                shape = f"{name}-{prop}"
                node.append(("sh:property", shape))
                shapes.append(
                    (shape, [("a", "sh:PropertyShape"), *body, *self.annotate(rule, code, message)]))
                continue
            constraint = Node(*body)
            if not_applies is not None:
                constraint = Node(("sh:or", Coll([not_applies, constraint])))
            extra = [("pub:property", _schema(prop))] if prop is not None else []
            shape = f"{name}-{prop or 'node'}"
            shapes.append((shape, [("a", "sh:NodeShape"), *targets, *constraint.pairs, *extra,
                                   *self.annotate(rule, code, message)]))
        if any(p == "sh:property" for p, _ in node):
            self.subjects.append((name, node))
        self.subjects.extend(shapes)

    def fields(self, rule: R.Rule) -> dict[str, str]:
        out: dict[str, str] = {}
        if isinstance(rule, R.OneOf):
            out["properties"] = " or ".join(rule.names)
        if isinstance(rule, R.ValueType):
            out["allowed"] = " or ".join(rule.allowed)
        if isinstance(rule, R.Member):
            out["enumeration"] = rule.enumeration
        if isinstance(rule, R.Format):
            out["format"] = rule.described
        if isinstance(rule, R.Url):
            out["schemes"] = "/".join(rule.schemes)
        if isinstance(rule, R.MinSize):
            out.update(width="W", height="H", min_width=str(rule.width), min_height=str(rule.height))
        if isinstance(rule, R.Order):
            out.update(earlier=rule.earlier, later=rule.later, earlier_value="", later_value="")
        return out

    # --- kinds with a shape of their own -----------------------------------------------------

    def add_order(self, rule: R.Order) -> None:
        """A SHACL-SPARQL constraint: ``sh:lessThanOrEquals`` cannot compare our dates, which are
        ``schema:Date``-typed literals (the type schema.org's context gives them), and it would
        compare date-times with different offsets as text. Only things that have the later
        property are targets (pySHACL parses the query once per focus node)."""
        if rule.not_types or rule.scope != "all" or rule.types is None:  # pragma: no cover
            raise ValueError("an order rule with not_types or a scope has no SHACL translation")
        name = self.name(rule.code)
        earlier, later = f"<{SCHEMA}{rule.earlier}>", f"<{SCHEMA}{rule.later}>"
        query = f"""
SELECT $this ?value ?path WHERE {{
    $this {earlier} ?earlier ; {later} ?value .
    BIND ({later} AS ?path)
    BIND (STR(?earlier) AS ?a)
    BIND (STR(?value) AS ?b)
    FILTER (REGEX(?a, "^[0-9]{{4}}") && REGEX(?b, "^[0-9]{{4}}"))
    FILTER (IF(CONTAINS(?a, "T") && CONTAINS(?b, "T"), xsd:dateTime(?b) < xsd:dateTime(?a),
               SUBSTR(?b, 1, 10) < SUBSTR(?a, 1, 10)))
}}
"""
        message = self.message(rule, rule.code, **self.fields(rule))
        sparql = Node(("sh:sparql", Node(("a", "sh:SPARQLConstraint"), ("sh:prefixes", "pub:prefixes"),
                                         ("sh:select", Lit(query, long=True)))))
        not_applies = Node(("sh:not", self.is_type(rule.types)))
        self.subjects.append((name, [
            ("a", "sh:NodeShape"), ("sh:targetSubjectsOf", _schema(rule.later)),
            ("sh:or", Coll([not_applies, sparql])),
            ("pub:property", _schema(rule.later)),
            *self.annotate(rule, rule.code, message),
        ]))
        self.helpers.setdefault("pub:prefixes", [
            ("sh:declare", Node(("sh:prefix", Lit("xsd")),
                                ("sh:namespace", Lit(PREFIXES["xsd"], "xsd:anyURI")))),
        ])

    def add_breadcrumb(self, rule: R.Breadcrumb) -> None:
        codes = rule.code_map
        entry = "pub:BreadcrumbEntry"
        self.helpers.setdefault(entry, [
            ("a", "sh:NodeShape"),
            ("rdfs:comment", Lit("what a BreadcrumbList's rules look into: a ListItem, or a thing "
                                 "without rdf:type")),
            ("sh:nodeKind", "sh:BlankNodeOrIRI"),
            ("sh:or", Coll([self.is_type(("ListItem",)),
                            Node(("sh:property", Node(("sh:path", "rdf:type"), ("sh:maxCount", Lit(0)))))])),
        ])
        skip = Node(("sh:not", entry))
        path = ("sh:path", "schema:itemListElement")
        parts: list[tuple[str, str, list[tuple[str, Any]], str]] = []
        if "elements" in codes:
            parts.append(("elements", codes["elements"], [path, ("sh:minCount", Lit(1)), ("sh:node", entry)],
                          "a BreadcrumbList has ListItems in itemListElement"))
        if "position" in codes:
            position = Node(("sh:property", Node(("sh:path", "schema:position"), ("sh:minCount", Lit(1)),
                                                 ("sh:pattern", Lit(_POSITION)))))
            parts.append(("position", codes["position"], [path, ("sh:or", Coll([skip, position]))],
                          "each ListItem has a position, a positive integer"))
        if "name" in codes:
            named = [Node(("sh:path", p), ("sh:qualifiedValueShape", "pub:NonBlank"),
                          ("sh:qualifiedMinCount", Lit(1)))
                     for p in ("schema:name", Coll(["schema:item", "schema:name"]))]
            parts.append(("name", codes["name"], [path, ("sh:or", Coll([skip, *named]))],
                          "each ListItem has a name (or its item has one)"))
        if "item" in codes:
            self.skipped.append((codes["item"], "breadcrumb.item"))
        targets, _ = self.targets(rule)
        for _part, code, body, text in parts:
            name = self.name(code)
            self.subjects.append(
                (name, [("a", "sh:NodeShape"), *targets, ("sh:property", f"{name}-itemListElement")]))
            self.subjects.append((f"{name}-itemListElement", [
                ("a", "sh:PropertyShape"), *body, *self.annotate(rule, code, Lit(f"{code}: {text}")),
            ]))

    # --- the file -----------------------------------------------------------------------------

    def turtle(self, title: str, profiles: list[str]) -> str:
        others = ", ".join(profiles[:-1])
        head = [
            f"# SHACL shapes of the `{profiles[-1]}` profile ({title}"
            + (f"; includes {others}" if others else "") + ").",
            "# Generated from schemas/profiles/ by `python -m publisher.validate.shacl` (make shacl): "
            "do not edit.",
            f"# schema.org {self.vocab.schema_version} terms as http://schema.org/ IRIs; subtypes are listed "
            "explicitly, so no ontology or inference is needed.",
            f"# Run: pyshacl -s schemas/shacl/{profiles[-1]}.ttl site.nt   (see docs/shacl.md)",
            "# Not translated (docs/shacl.md says why): "
            + (", ".join(sorted({f"{c} ({k})" for c, k in self.skipped})) or "nothing"),
            "",
        ]
        head += [f"@prefix {p}: <{iri}> ." for p, iri in PREFIXES.items()]
        head.append("")
        blocks = []
        for subject, pairs in [*self.subjects, *sorted(self.common().items()), *sorted(self.helpers.items())]:
            blocks.append(f"{subject}\n{_pairs(pairs, 1)} .\n")
        return "\n".join(head) + "\n" + "\n".join(blocks)

    def common(self) -> dict[str, list[tuple[str, Any]]]:
        return {
            "pub:code": [("a", "rdf:Property"), ("rdfs:label", Lit("code")),
                         ("rdfs:comment",
                          Lit("the publisher diagnostic code a shape reports (docs/rules/)"))],
            "pub:property": [("a", "rdf:Property"), ("rdfs:label", Lit("property")),
                             ("rdfs:comment", Lit("the property a node-level shape's results are about"))],
            "pub:NonBlank": [("a", "sh:NodeShape"),
                             ("rdfs:comment", Lit("a value that says something: a thing, or text with a "
                                                  "character other than white space")),
                             ("sh:or", Coll([Node(("sh:nodeKind", "sh:BlankNodeOrIRI")),
                                             Node(("sh:pattern", Lit(r"\S")))]))],
            "pub:Bare": [("a", "sh:NodeShape"),
                         ("rdfs:comment", Lit("nothing is said about it: a literal, or a node that is the "
                                              "subject of no statement")),
                         ("sh:closed", Lit(True))],
            "pub:BareNode": [("a", "sh:NodeShape"),
                             ("rdfs:comment", Lit("a reference to something not described here")),
                             ("sh:nodeKind", "sh:BlankNodeOrIRI"), ("sh:closed", Lit(True))],
            "pub:Described": [("a", "sh:NodeShape"),
                              ("rdfs:comment", Lit("a thing: the subject of at least one statement")),
                              ("sh:not", "pub:Bare")],
        }


def ruleset_shapes(ruleset: RuleSet) -> Shapes:
    """The shapes of a compiled rule set (built-in profiles, a site's own, its severities)."""
    shapes = Shapes(ruleset, ruleset.vocab)
    for rule in ruleset.rules:
        shapes.add_rule(rule)
    if ruleset.vocabulary is not None:
        for code in sorted(_vocabulary_codes(ruleset)):
            shapes.skipped.append((code, "vocabulary"))
    return shapes


def profile_shapes(profile: str) -> Shapes:
    return ruleset_shapes(load_ruleset((profile,)))


def ruleset_turtle(ruleset: RuleSet, title: str = "") -> str:
    """The shapes of a rule set as Turtle (what ``schemas/shacl/<profile>.ttl`` holds)."""
    return ruleset_shapes(ruleset).turtle(title or " + ".join(ruleset.profiles), ruleset.profiles)


def _vocabulary_codes(ruleset: RuleSet) -> set[str]:
    from publisher.validate.profiles import VOCABULARY_KEYS

    assert ruleset.vocabulary is not None
    codes = ruleset.vocabulary.codes
    return {c for c in (getattr(codes, f) for f in VOCABULARY_KEYS.values()) if c}


def not_translated(profile: str) -> dict[str, str]:
    """The codes of the profile that no shape reports, each with the NOT_TRANSLATED key saying why."""
    return dict(sorted(profile_shapes(profile).skipped))


# ---------------------------------------------------------------------------------------------
# Files.


def render(profile: str) -> str:
    import tomllib

    from publisher.validate.profiles import find_profile

    data = tomllib.loads(find_profile(profile, None).read_text(encoding="utf-8"))
    return ruleset_turtle(load_ruleset((profile,)), str(data.get("title", profile)))


@cache
def _render_all() -> dict[str, str]:
    return {f"{profile}.ttl": render(profile) for profile in PROFILES}


def render_all() -> dict[str, str]:
    """Every file of ``schemas/shacl/``: name -> text."""
    return dict(_render_all())


def default_folder() -> Path:
    from publisher.resources import schemas_dir

    return schemas_dir() / "shacl"


def stale_files(folder: Path) -> list[str]:
    """Files of ``folder`` that differ from what the profiles generate (or are missing/extra)."""
    return generated.stale_files(folder, render_all(), ".ttl")


# ---------------------------------------------------------------------------------------------
# Reading a SHACL report back as publisher codes.

SH_NS = SH


def results(report: rdflib.Graph, shapes: rdflib.Graph) -> set[tuple[str, str | None, str, str]]:
    """A validation report's results as ``(focus node, property, code, severity)``: the property
    is the result's path (its first step's local name), else the shape's ``pub:property``; the code
    and severity are the source shape's ``pub:code`` and ``sh:severity``."""
    from rdflib import URIRef

    sh = lambda name: URIRef(SH + name)  # noqa: E731
    code_of = URIRef(PUB + "code")
    property_of = URIRef(PUB + "property")
    severities = {URIRef(SH + "Violation"): "error", URIRef(SH + "Warning"): "warning",
                  URIRef(SH + "Info"): "info"}
    out = set()
    for result in report.objects(None, sh("result")):  # not the sh:detail results nested in them
        shape = report.value(result, sh("sourceShape"))
        code = shapes.value(shape, code_of) if shape is not None else None
        focus = report.value(result, sh("focusNode"))
        path = report.value(result, sh("resultPath"))
        if path is None and shape is not None:
            path = shapes.value(shape, property_of)
        severity = severities.get(report.value(result, sh("resultSeverity")), "?")  # type: ignore[arg-type]
        name = str(path).rpartition("/")[2] if isinstance(path, URIRef) else None
        out.add((str(focus), name, str(code) if code is not None else "?", severity))
    return out


def print_site_shapes(site: Path) -> int:
    """The shapes of a site's profiles (its own profile files included), on standard output."""
    from publisher.validate.profiles import ProfileError, validate_settings

    config = site / "publisher.toml" if site.is_dir() else site
    try:
        profiles, severity = validate_settings(config)
        ruleset = load_ruleset(profiles, config.parent, severity)
    except ProfileError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    sys.stdout.write(ruleset_turtle(ruleset))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m publisher.validate.shacl",
        description="Generate the SHACL shapes of the built-in profiles (schemas/shacl/).",
    )
    parser.add_argument("--out", type=Path, help="folder to write (default: schemas/shacl)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when the files are stale")
    parser.add_argument("--site", type=Path, metavar="SITE",
                        help="instead, print the shapes of a site's own [validate] profiles and severities "
                             "(SITE: its folder or its publisher.toml)")
    args = parser.parse_args(argv)
    if args.site is not None:
        return print_site_shapes(args.site)
    folder = args.out or default_folder()
    return generated.generator_main(folder, render_all(), ".ttl", args.check, "shacl")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
