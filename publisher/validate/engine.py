"""The one rule engine behind ``validate`` and ``check``: items in, diagnostics out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, NamedTuple

from publisher.diagnostics import Diagnostic
from publisher.validate.graph import Graph, Item, Loc, Prop, Source
from publisher.validate.profiles import RuleSet
from publisher.validate.rules import Rule


class Finding(NamedTuple):
    """A profile diagnostic by the thing and property it is about (see ``Checker.trace``): the
    ``@id`` of the item the rule ran on (for a ``via`` rule, the item whose property led to the
    value), and the property (``via`` for a ``via`` rule; ``None`` for a ``one-of`` rule)."""

    node: str | None
    path: str | None
    code: str
    severity: str


class Checker:
    """Runs a :class:`RuleSet` over the items of one :class:`Graph`.

    With ``trace`` (a list), every profile diagnostic is also recorded there as a
    :class:`Finding`, by node and property rather than by file and line (the SHACL shapes'
    results are compared with these, see :mod:`publisher.validate.shacl`).
    """

    __slots__ = ("_focus", "_via", "graph", "now", "out", "ruleset", "trace")

    def __init__(
        self, ruleset: RuleSet, graph: Graph, out: list[Diagnostic], now: datetime | None = None,
        trace: list[Finding] | None = None,
    ) -> None:
        self.ruleset = ruleset
        self.graph = graph
        self.out = out
        self.now = now or datetime.now(UTC)
        self.trace = trace
        self._focus: Item | None = None
        self._via: str | None = None

    def emit(
        self, code: str, message: str, source: Source, loc: Loc, key: bool = False,
        hint: str | None = None, prop: str | None = None,
    ) -> None:
        severity = self.ruleset.severity(code)
        if severity is None:
            return
        line, column = source.position(loc, key)
        self.out.append(
            Diagnostic(code, severity, message, source.path, line, column, source.pointer(loc), hint)
        )
        if self.trace is not None and self._focus is not None:
            self.trace.append(Finding(self._focus.id, self._via or prop, code, str(severity)))

    def run(self, items: Iterable[Item]) -> None:
        ruleset = self.ruleset
        graph = self.graph
        vocabulary = ruleset.vocabulary
        emit = self.emit
        # A rule that follows a property (``via``) to another item says the same about that item
        # whichever item led to it (an author of a thousand articles): it runs once per item
        # reached, unless findings are traced (they name the item that led to it).
        reached: set[tuple[Rule, Item]] | None = set() if self.trace is None else None
        for item in items:
            self._focus = None  # the vocabulary checks are not traced
            if vocabulary is not None:
                vocabulary.check(item, graph, emit)
            self._focus = item
            rules = ruleset.rules_for(tuple(item.types), item.top, item.main)
            followed: dict[str, list[tuple[Any, Prop, int]]] = {}  # several rules follow "author"
            for rule in rules:
                via = rule.via
                self._via = via
                if via is None:
                    rule.check(item, self)
                    continue
                values = followed.get(via)
                if values is None:
                    values = followed[via] = self.role_values(item, via)
                for value, prop, index in values:
                    if isinstance(value, str):
                        rule.check_text(value, prop.source, prop.locs[index], item, self)
                        continue
                    if not isinstance(value, Item):
                        continue
                    node = graph.resolve(value)
                    if node.is_stub:
                        continue
                    if reached is not None:
                        if (rule, node) in reached:
                            continue
                        reached.add((rule, node))
                    if rule.via_types is not None and not any(
                        ruleset.vocab.is_subtype(t, v) for t in node.types for v in rule.via_types
                    ):
                        continue
                    rule.check(node, self)
        self._focus = self._via = None

    def role_values(self, item: Item, name: str) -> list[tuple[Any, Prop, int]]:
        """The values of a property, looking through Roles: schema.org lets
        ``"author": {"@type": "Role", "roleName": "Editor", "author": {...}}`` stand for the
        person it qualifies."""
        out: list[tuple[Any, Prop, int]] = []
        vocab = self.ruleset.vocab
        for value, prop, index in item.values(name):
            if isinstance(value, Item):
                node = self.graph.resolve(value)
                if node.types and name in node.props and any(vocab.is_subtype(t, "Role") for t in node.types):
                    out.extend(node.values(name))
                    continue
            out.append((value, prop, index))
        return out


def unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted, without repeats (a person referenced by many articles is reported once)."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)
