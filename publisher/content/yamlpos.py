"""Safe YAML loading that keeps the position of every key and value.

PyYAML's composer (libyaml when available) builds a node tree with marks; we convert that tree to
plain Python values ourselves, so that

* every value keeps its line and column, indexed by JSON pointer,
* only the plain YAML tags are accepted (no object construction, no ``!!python/...``),
* aliases are expanded under a node budget (no "billion laughs"), and nesting is bounded,
* duplicate keys are an error instead of a silent overwrite,
* timestamps stay the strings the author wrote, and only ``true``/``false`` are booleans
  (``NO`` stays the country code it was meant to be).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from publisher.content.fastyaml import NOT_SIMPLE, load_simple
from publisher.content.limits import DEFAULT_LIMITS, Limits
from publisher.content.yamlscalar import CONTROL, MAP, MERGE, SEQ, ScalarProblem, scalar_value

try:  # pragma: no cover - depends on how PyYAML was built
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


@dataclass(slots=True)
class SourceMap:
    """Where each part of a loaded document came from (1-based lines and columns)."""

    path: str
    values: dict[str, tuple[int, int]] = field(default_factory=dict)
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)

    def key(self, pointer: str) -> tuple[int, int]:
        """Position of the key that holds ``pointer`` (or of the nearest ancestor)."""
        while True:
            if pointer in self.keys:
                return self.keys[pointer]
            if pointer in self.values:
                return self.values[pointer]
            if not pointer:
                return (1, 1)
            pointer = pointer.rsplit("/", 1)[0]

    def value(self, pointer: str) -> tuple[int, int]:
        """Position of the value at ``pointer`` (or of the nearest ancestor)."""
        while True:
            if pointer in self.values:
                return self.values[pointer]
            if not pointer:
                return (1, 1)
            pointer = pointer.rsplit("/", 1)[0]


class DeferredSourceMap(SourceMap):
    """A :class:`SourceMap` whose positions are worked out (:meth:`_load`) on first use only.

    Positions are needed only when a diagnostic points into the file, which is rare.
    """

    __slots__ = ()

    def _load(self) -> SourceMap:
        raise NotImplementedError

    def __getattr__(self, name: str) -> Any:  # only for what is not set yet: values and keys
        if name not in ("values", "keys"):
            raise AttributeError(name)
        full = self._load()
        self.values = full.values
        self.keys = full.keys
        return getattr(self, name)


class LazySourceMap(DeferredSourceMap):
    """The positions of a document read without them: its text is kept and loaded again, with
    positions, on first use (see ``load_yaml(positions=False)``)."""

    __slots__ = ("_limits", "_offset", "_text")

    def __init__(self, path: str, text: str, line_offset: int, limits: Limits) -> None:
        self.path = path
        self._text = text
        self._offset = line_offset
        self._limits = limits

    def _load(self) -> SourceMap:
        return load_yaml(self._text, self.path, line_offset=self._offset, limits=self._limits)[1]

    def __reduce__(self) -> Any:
        # Pickled as its text, even once its positions are worked out: smaller, and the same
        # whatever was asked of it, so that comparing the pickles of two maps (the validation
        # inputs of :mod:`publisher.publish.checkcache`) compares what they are made from.
        return LazySourceMap, (self.path, self._text, self._offset, self._limits)


class YamlError(Exception):
    """A problem found while loading; carries a code and a position."""

    def __init__(self, code: str, message: str, line: int, column: int, pointer: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.pointer = pointer


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class _Converter:
    def __init__(self, smap: SourceMap, limits: Limits, line_offset: int) -> None:
        self.smap = smap
        self.limits = limits
        self.offset = line_offset
        self.count = 0
        self.top: yaml.Node | None = None  # the top-level key being converted

    def pos(self, node: yaml.Node) -> tuple[int, int]:
        mark = node.start_mark
        return (mark.line + 1 + self.offset, mark.column + 1)

    def fail(self, code: str, message: str, node: yaml.Node, pointer: str) -> YamlError:
        line, col = self.pos(node)
        return YamlError(code, message, line, col, pointer)

    def convert(self, node: yaml.Node, pointer: str, depth: int) -> Any:
        self.count += 1
        if self.count > self.limits.max_nodes:
            # Aliases share nodes, so the node at hand may sit anywhere: point at the top-level
            # key whose value blew the budget.
            raise self.fail(
                "SRC008",
                f"more than {self.limits.max_nodes} YAML nodes after expanding aliases "
                "(limits.max_nodes)",
                self.top or node,
                pointer,
            )
        if depth > self.limits.max_depth:
            raise self.fail(
                "SRC008",
                f"nesting deeper than {self.limits.max_depth} levels (limits.max_depth)",
                node,
                pointer,
            )
        self.smap.values.setdefault(pointer, self.pos(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, pointer)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != SEQ:
                raise self.fail("SRC005", f"YAML tag {node.tag!r} is not allowed", node, pointer)
            return [
                self.convert(item, f"{pointer}/{i}", depth + 1) for i, item in enumerate(node.value)
            ]
        if isinstance(node, yaml.MappingNode):
            if node.tag != MAP:
                raise self.fail("SRC005", f"YAML tag {node.tag!r} is not allowed", node, pointer)
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail("SRC003", "mapping keys must be plain strings", key_node, pointer)
                if key_node.tag == MERGE:
                    raise self.fail("SRC005", "YAML merge keys (<<) are not allowed: write the keys out",
                                    key_node, pointer)
                key = str(key_node.value)
                bad = CONTROL.search(key)
                if bad is not None:
                    raise self.fail("SRC006", f"control character U+{ord(bad.group()):04X} in a key",
                                    key_node, pointer)
                child = f"{pointer}/{escape_pointer_token(key)}"
                if key in out:
                    line, _ = self.smap.keys[child]
                    raise self.fail(
                        "SRC004", f"duplicate key {key!r} (first defined on line {line})",
                        key_node, child,
                    )
                self.smap.keys[child] = self.pos(key_node)
                if depth == 0:
                    self.top = key_node
                out[key] = self.convert(value_node, child, depth + 1)
            return out
        raise self.fail("SRC001", "unsupported YAML node", node, pointer)  # pragma: no cover

    def scalar(self, node: yaml.ScalarNode, pointer: str) -> Any:
        try:
            return scalar_value(node.tag, node.value)
        except ScalarProblem as problem:
            raise self.fail(problem.code, problem.message, node, pointer) from None


class _Fallback(Exception):
    """The plain path met something to report: the positional path says what, and where."""


class _Plain:
    """The values of a node tree with every check of :class:`_Converter` but no positions.

    Any problem raises :class:`_Fallback`; the caller then converts the same tree with
    :class:`_Converter`, which raises the positioned :class:`YamlError`.
    """

    __slots__ = ("count", "max_depth", "max_nodes")

    def __init__(self, limits: Limits) -> None:
        self.count = 0
        self.max_nodes = limits.max_nodes
        self.max_depth = limits.max_depth

    def convert(self, node: yaml.Node, depth: int) -> Any:
        self.count += 1
        if self.count > self.max_nodes or depth > self.max_depth:
            raise _Fallback
        kind = node.__class__
        if kind is yaml.ScalarNode:
            try:
                return scalar_value(node.tag, node.value)
            except ScalarProblem:
                raise _Fallback from None
        if kind is yaml.MappingNode:
            if node.tag != MAP:
                raise _Fallback
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.__class__ is not yaml.ScalarNode:
                    raise _Fallback
                if key_node.tag == MERGE:
                    raise _Fallback
                key = str(key_node.value)
                if key in out or CONTROL.search(key) is not None:
                    raise _Fallback
                out[key] = self.convert(value_node, depth + 1)
            return out
        if kind is yaml.SequenceNode:
            if node.tag != SEQ:
                raise _Fallback
            return [self.convert(item, depth + 1) for item in node.value]
        raise _Fallback


_C_SAFE_DEPTH = 800


def rough_depth(text: str) -> int:
    """An upper bound on how deeply ``text`` can nest (never less than the real depth).

    libyaml's composer recurses in C and crashes the interpreter on a document nested some tens
    of thousands of levels deep; documents that might nest deeper than :data:`_C_SAFE_DEPTH` have
    their depth measured on the parser's events first (:func:`_check_depth`: a loop, linear), and
    stop at ``limits.max_depth``. (PyYAML's pure-Python scanner, the former fallback, is
    quadratic in the nesting: 3 s for a 20,000-deep line.)
    """
    flow = text.count("[") + text.count("{")
    block = 0
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        block = max(block, len(line) - len(stripped) + stripped.count("-") + stripped.count(":"))
    return flow + block + 1


def _check_depth(text: str, limits: Limits, line_offset: int) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.max_depth + 1:  # the record's own mapping is depth 0 for the limit
                mark = event.start_mark
                raise YamlError(
                    "SRC008", f"nesting deeper than {limits.max_depth} levels (limits.max_depth)",
                    mark.line + 1 + line_offset, mark.column + 1,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_yaml(
    text: str,
    path: str,
    *,
    line_offset: int = 0,
    limits: Limits = DEFAULT_LIMITS,
    positions: bool = True,
) -> tuple[Any, SourceMap]:
    """Load one YAML document; raise :class:`YamlError` with a position on any problem.

    With ``positions=False`` the values are the same and every check is made, but the positions
    are worked out only if something asks for one (a :class:`LazySourceMap`): about a third
    less work for a document that needs no diagnostic.
    """
    if not positions:
        data = load_simple(text, limits)  # most record files: no libyaml, no node tree
        if data is not NOT_SIMPLE:
            return data, LazySourceMap(path, text, line_offset, limits)
    return load_with_libyaml(text, path, line_offset=line_offset, limits=limits, positions=positions)


def load_with_libyaml(
    text: str,
    path: str,
    *,
    line_offset: int = 0,
    limits: Limits = DEFAULT_LIMITS,
    positions: bool = True,
) -> tuple[Any, SourceMap]:
    """:func:`load_yaml` without trying the plain-record reader first (for a caller that has)."""
    smap = SourceMap(path)
    loader = _Loader
    try:
        if rough_depth(text) > _C_SAFE_DEPTH:
            # Maybe nested deeper than libyaml's composer can recurse: measure the depth on the
            # parser's events first (a loop, no recursion, linear), and stop at the limit.
            _check_depth(text, limits, line_offset)
            if limits.max_depth > _C_SAFE_DEPTH:
                loader = yaml.SafeLoader
        node = yaml.compose(text, Loader=loader)
    except RecursionError:
        raise YamlError(
            "SRC008", f"nesting deeper than {limits.max_depth} levels (limits.max_depth)",
            1 + line_offset, 1,
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        column = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlError("SRC001", f"YAML syntax error: {problem}", line, column) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        before = text[: exc.position]
        line = before.count("\n") + 1 + line_offset
        column = exc.position - (before.rfind("\n") + 1) + 1
        raise YamlError(
            "SRC001", f"character U+{exc.character:04X} is not allowed in YAML", line, column
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError("SRC001", f"YAML error: {exc}", 1 + line_offset, 1) from None
    if node is None:
        return None, smap
    if not positions:
        try:
            return _Plain(limits).convert(node, 0), LazySourceMap(path, text, line_offset, limits)
        except _Fallback:
            pass  # the positional path below raises the diagnostic
    return _Converter(smap, limits, line_offset).convert(node, "", 0), smap
