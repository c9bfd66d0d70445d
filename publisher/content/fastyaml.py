"""A fast reader for the plain YAML that record files are nearly always written in.

libyaml composes a node tree with a start and end mark for every node, which the reader then
converts: about 200 microseconds for a 15-line front matter, most of the time of loading a site.
Record files use a small part of YAML: block mappings with plain keys, block sequences (of
mappings, too), one-line plain or quoted scalars and one-line flow sequences of plain scalars.
:func:`load_simple` reads exactly that part, line by line, and gives the values the full path
(libyaml, then :class:`~publisher.content.yamlpos._Plain`) would give; it returns
:data:`NOT_SIMPLE` for anything else (tags, anchors, aliases, block scalars, multi-line scalars,
escapes, comments after values, flow mappings, tabs, unusual characters, duplicate keys, numbers
out of range, limits reached, an ``id`` key...), and the caller then takes the full path, which also says what
is wrong, and where. Plain scalars are typed by PyYAML's own implicit resolvers, so ``NO``, ``1e3``,
``0o17`` or ``2025-03-21`` mean here what they mean there. ``tests/test_fastyaml.py`` compares
both paths on every record of the example site, the bad-input corpus and mutated documents.
"""

from __future__ import annotations

import re
from sys import intern
from typing import Any, Final

import yaml

from publisher.content.limits import Limits
from publisher.content.yamlscalar import STR, ScalarProblem, scalar_value

NOT_SIMPLE: Final = object()
"""Returned when the document is not in the simple part of YAML: take the full path."""

# Any character but LF, the printable ASCII and the plain printable Unicode ranges: tabs, CR,
# C0/C1 controls, DEL, NEL, U+2028/2029 (line breaks to libyaml), BOM, non-characters. Their
# rules (errors, breaks, escapes) are the full path's business.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# A line that is neither blank nor a comment: (its indent, key, value text) for "key: value" or
# "key:", (its indent, "", "", the text after the indent) for any other.
_LINE = re.compile(r"^( *)(?:([A-Za-z_][A-Za-z0-9_-]*):(?: +([^\n]*))?$|([^ \n#][^\n]*))", re.MULTILINE)
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$")
_SINGLE = re.compile(r"'((?:[^']|'')*)' *$")
_DOUBLE = re.compile(r'"([^"\\]*)" *$')
_FLOW_SEQUENCE = re.compile(r'\[([^\[\]{}"#]*)\] *$')
_FLOW_COLON = re.compile(":(?!/)")  # "https://..." is a plain scalar in a flow sequence, "a: b" is not
# A plain scalar may not start with an indicator; "-" may, when no space follows ("-2"). ("?" and
# ":" may too in YAML, but not in flow sequences for libyaml: left to the full path.)
_PLAIN_START_BAD = frozenset("?:,[]{}#&*!|>'\"%@`")

_IMPLICIT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: tuple(resolvers)
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    if first is not None
}
if yaml.resolver.Resolver.yaml_implicit_resolvers.get(None):  # pragma: no cover - PyYAML < 6
    raise ImportError("fastyaml: this PyYAML has wildcard implicit resolvers")


class _NotSimple(Exception):
    """The document leaves the simple part of YAML."""


def _plain(text: str) -> Any:
    """The value of a one-line plain scalar, typed as PyYAML's resolver and the full path do."""
    tag = STR
    for candidate, pattern in _IMPLICIT.get(text[0], ()):
        if pattern.match(text):
            tag = candidate
            break
    if tag == STR:
        return text
    try:
        return scalar_value(tag, text)
    except ScalarProblem:  # merge keys, huge numbers...: reported by the full path
        raise _NotSimple from None


def _bad_start(text: str) -> bool:
    first = text[0]
    if first == "-":
        return len(text) == 1 or text[1] == " "
    return first in _PLAIN_START_BAD


def _scalar(rest: str) -> Any:
    """The value written after ``key: `` or ``- `` on one line (never empty)."""
    first = rest[0]
    if first == "'":
        match = _SINGLE.match(rest)
        if match is None:
            raise _NotSimple
        return match.group(1).replace("''", "'")
    if first == '"':
        match = _DOUBLE.match(rest)
        if match is None:
            raise _NotSimple
        return match.group(1)
    if first == "[":
        match = _FLOW_SEQUENCE.match(rest)
        if match is None:
            raise _NotSimple
        inner = match.group(1)
        if not inner.strip(" "):
            return []
        items = []
        for item in inner.split(","):
            item = item.strip(" ")
            if not item or _bad_start(item) or _FLOW_COLON.search(item):
                raise _NotSimple
            items.append(_cached(item))
        return items
    if _bad_start(rest) or ": " in rest or " #" in rest or rest[-1] == ":":
        raise _NotSimple
    if rest.startswith(("---", "...")):
        raise _NotSimple
    text = rest.rstrip(" ")
    # (without trailing spaces, the caller has just looked ``rest`` up, and remembers its value)
    return _plain(text) if text is rest else _cached(text)


# Values repeat across records (types, languages, names of people and places, keyword lists):
# each is read and typed once, and the same string object is shared by every record that has it
# (less memory). Lists are kept as tuples and copied out.
_CACHE: dict[str, Any] = {}
_CACHE_SIZE = 100_000
_CACHE_TEXT = 80  # characters: longer values rarely repeat
_MISS = object()


def _cached(text: str) -> Any:
    """:func:`_plain` of ``text``, from the cache when it was seen before."""
    value = _CACHE.get(text, _MISS)
    if value is _MISS:
        value = _plain(text)
        _remember(text, value)
    return value


def _value(rest: str) -> Any:
    """:func:`_scalar` of ``rest``, from the cache when it was seen before."""
    value = _CACHE.get(rest, _MISS)
    if value is _MISS:
        value = _scalar(rest)
        if value.__class__ is list:
            _remember(rest, tuple(value))
            return value
        _remember(rest, value)
    elif value.__class__ is tuple:
        return list(value)
    return value


def _remember(text: str, value: Any) -> None:
    if len(text) <= _CACHE_TEXT:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        _CACHE[text] = value


def _is_entry(content: str) -> bool:
    return content.startswith("- ") or content == "-"


class _Reader:
    """Recursive descent over the significant lines: (indent, text after the indent).

    The limits are checked conservatively: a container whose values could be deeper than
    ``max_depth``, or a document that could have more than ``max_nodes`` nodes, is left to the
    full path (which reports exactly when a limit is passed).
    """

    __slots__ = ("lines", "max_depth", "position")

    def __init__(self, lines: list[tuple[int, str, str, str]], limits: Limits) -> None:
        self.lines = lines
        self.position = 0
        self.max_depth = limits.max_depth

    def mapping(self, indent: int, depth: int) -> dict[str, Any]:
        if depth + 2 > self.max_depth:  # its values, and their flow items
            raise _NotSimple
        lines = self.lines
        count = len(lines)
        out: dict[str, Any] = {}
        position = self.position
        while position < count:
            at, key, rest, _ = lines[position]
            if at < indent:
                break
            if at != indent or not key:
                raise _NotSimple
            if key in out or key == "id":  # "id" (JSON-LD's @id): the reader reports it
                raise _NotSimple
            position += 1
            if rest:
                out[key] = _value(rest)
            else:
                self.position = position
                out[key] = self.block(indent, depth + 1)
                position = self.position
        self.position = position
        return out

    def block(self, parent: int, depth: int) -> Any:
        """The value of ``key:`` written on the lines below it (or null when there are none)."""
        lines = self.lines
        if self.position < len(lines):
            at, _, _, content = lines[self.position]
            if at >= parent and _is_entry(content):
                return self.sequence(at, depth, indentless=at == parent)
            if at > parent:
                return self.mapping(at, depth)
        return None

    def sequence(self, indent: int, depth: int, *, indentless: bool) -> list[Any]:
        if depth + 2 > self.max_depth:
            raise _NotSimple
        lines = self.lines
        out: list[Any] = []
        while self.position < len(lines):
            at, _, _, content = lines[self.position]
            if at < indent or (indentless and at == indent and not _is_entry(content)):
                break
            if at > indent or not content.startswith("- "):
                raise _NotSimple  # a bare "-", or something YAML reads otherwise
            item = content[2:].lstrip(" ")
            if not item or item[0] == "-":
                raise _NotSimple
            match = _KEY_LINE.match(item)
            if match is not None:  # "- key: value": a mapping whose keys line up with "key"
                column = indent + len(content) - len(item)
                lines[self.position] = (column, intern(match.group(1)), match.group(2) or "", "")
                out.append(self.mapping(column, depth + 1))
            else:
                self.position += 1
                out.append(_value(item))
        return out


def load_simple(text: str, limits: Limits) -> Any:
    """The values of ``text`` if it is a simple YAML mapping, else :data:`NOT_SIMPLE`.

    Its keys are plain names (letters, digits, ``_`` and ``-``) and never ``id``: no JSON-LD
    keyword for the reader to drop.
    """
    if _UNUSUAL.search(text) is not None:
        return NOT_SIMPLE
    lines = [(len(indent), intern(key), rest, other) for indent, key, rest, other in _LINE.findall(text)]
    # Every node is on a line of its own, or shares one with at most two others ("- key: value"),
    # or is an item of a flow sequence (one more than its commas).
    if not lines or lines[0][0] != 0 or 3 * len(lines) + 2 * text.count(",") > limits.max_nodes:
        return NOT_SIMPLE
    reader = _Reader(lines, limits)
    try:
        data = reader.mapping(0, 0)
    except _NotSimple:
        return NOT_SIMPLE
    if reader.position != len(lines):
        return NOT_SIMPLE
    return data
