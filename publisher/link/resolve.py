"""Resolve references between records: dangling, duplicate, wrong-kind and cyclic links."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from publisher.codes import make
from publisher.content.reader import RawRecord
from publisher.content.yamlpos import escape_pointer_token
from publisher.diagnostics import Diagnostic
from publisher.model.registry import ACYCLIC_PROPERTIES, REFERENCE_KINDS
from publisher.model.values import REFERENCE_RE


class Link(NamedTuple):
    """One reference from a record to another: ``source --property--> target``.

    A named tuple, not a frozen dataclass: as immutable, and made five times faster (a site has
    several links per record).
    """

    source: str
    property: str
    pointer: str
    target: str


def iter_references(data: Any, pointer: str = "", prop: str = "") -> Iterator[tuple[str, str, str]]:
    """Yield (property, pointer, reference) for every reference string in ``data``, in order."""
    if isinstance(data, dict | list):
        found: list[tuple[str, str, str]] = []
        _collect(data, pointer, prop, found)
        yield from found
    elif isinstance(data, str) and REFERENCE_RE.match(data):
        yield prop, pointer, data


def _collect(data: dict[str, Any] | list[Any], pointer: str, prop: str,
             found: list[tuple[str, str, str]]) -> None:
    """Add the references below ``data`` to ``found``.

    A record has dozens of values and a few references: a pointer is spelled out only for a
    reference found or a container walked into, never for the other values.
    """
    match = REFERENCE_RE.match
    if isinstance(data, dict):
        for key, item in data.items():
            if key == "type" or key.startswith("@"):
                continue
            if isinstance(item, str):
                if match(item):
                    found.append((key, f"{pointer}/{escape_pointer_token(key)}", item))
            elif isinstance(item, dict | list):
                _collect(item, f"{pointer}/{escape_pointer_token(key)}", key, found)
        return
    for index, item in enumerate(data):
        if isinstance(item, str):
            if match(item):
                found.append((prop, f"{pointer}/{index}", item))
        elif isinstance(item, dict | list):
            _collect(item, f"{pointer}/{index}", prop, found)


def link_records(
    records: list[RawRecord], diagnostics: list[Diagnostic],
    references: Sequence[list[tuple[str, str, str]]],
) -> tuple[dict[str, RawRecord], list[Link]]:
    """Index records by reference and check every link between them.

    ``references`` holds :func:`iter_references` of each record's data (found where the record
    was read). Returns the index (first record wins on duplicates) and the links that
    resolve.
    """
    index: dict[str, RawRecord] = {}
    found: dict[str, list[tuple[str, str, str]]] = {}
    for position, record in enumerate(records):
        first = index.get(record.ref)
        if first is not None:
            line, col = record.source.value("/slug") if "/slug" in record.source.values else (1, 1)
            diagnostics.append(
                make("REF002", f"{record.ref!r} is already defined by {first.path}",
                     record.path, line, col,
                     hint="give one of them another file name or `slug:`")
            )
            continue
        index[record.ref] = record
        found[record.ref] = references[position]

    links: list[Link] = []
    closest = _Closest(list(index))
    for ref, record in index.items():
        for prop, pointer, target in found[ref]:
            allowed = REFERENCE_KINDS.get(prop)
            if target in index and (not allowed or target.split("/", 1)[0] in allowed):
                links.append(Link(record.ref, prop, pointer, target))  # the common case
                continue
            line, col = record.source.value(pointer)  # only now: a diagnostic needs the position
            if target not in index:
                close = closest(target)
                diagnostics.append(
                    make("REF001", f"{prop}: no record {target!r}", record.path, line, col,
                         pointer, hint=f"did you mean {close!r}?" if close else
                         f"create content/{target}{'.md' if target.startswith('articles/') else '.yaml'}")
                )
                continue
            kind = target.split("/", 1)[0]  # a record of a kind this property does not take
            diagnostics.append(
                make("REF003", f"{prop}: {target!r} is a record in {kind}/, "
                     f"but {prop} takes {' or '.join(allowed or ())}",
                     record.path, line, col, pointer)
            )
    _check_cycles(index, links, diagnostics)
    return index, links


class _Closest:
    """The record reference closest to a missing one, as ``difflib.get_close_matches(target,
    refs, n=1)`` finds it, but in a fraction of its time on a large site, and once per target (a
    missing person may be the author of hundreds of articles).

    ``get_close_matches`` works out the full ratio of every candidate that passes its two cheap
    upper bounds; at 10k records most do (they share ``articles/``), a second per target. Here
    the candidates are taken by their upper bound (``quick_ratio``), highest first, and the full
    ratio only until no remaining bound can reach the best ratio so far: the same answer (the
    highest ratio, ties to the greatest reference, none below the cutoff).
    """

    CUTOFF = 0.6  # get_close_matches's default

    def __init__(self, refs: list[str]) -> None:
        self._refs = refs
        self._found: dict[str, str | None] = {}

    def __call__(self, target: str) -> str | None:
        if target not in self._found:
            self._found[target] = self._closest(target)
        return self._found[target]

    def _closest(self, target: str) -> str | None:
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(target)
        cutoff = self.CUTOFF
        bounded: list[tuple[float, str]] = []
        for ref in self._refs:
            matcher.set_seq1(ref)
            if matcher.real_quick_ratio() >= cutoff:
                bound = matcher.quick_ratio()
                if bound >= cutoff:
                    bounded.append((bound, ref))
        bounded.sort(reverse=True)
        best: tuple[float, str] | None = None
        for bound, ref in bounded:
            if best is not None and bound < best[0]:
                break
            matcher.set_seq1(ref)
            ratio = matcher.ratio()
            if ratio >= cutoff and (best is None or (ratio, ref) > best):
                best = (ratio, ref)
        return None if best is None else best[1]


def _check_cycles(
    index: dict[str, RawRecord], links: list[Link], diagnostics: list[Diagnostic]
) -> None:
    for prop in ACYCLIC_PROPERTIES:
        edges: dict[str, list[Link]] = {}
        for link in links:
            if link.property == prop:
                edges.setdefault(link.source, []).append(link)
        reported: set[frozenset[str]] = set()
        for start in sorted(edges):
            # depth-first search for a path that returns to ``start``
            stack: list[tuple[str, list[str]]] = [(start, [start])]
            seen: set[str] = set()
            while stack:
                node, path = stack.pop()
                for link in edges.get(node, []):
                    if link.target == start:
                        cycle = frozenset(path)
                        if cycle not in reported:
                            reported.add(cycle)
                            first = edges[start][0]
                            record = index[start]
                            line, col = record.source.value(first.pointer)
                            chain = " -> ".join([*path, start])
                            diagnostics.append(
                                make("REF004", f"{prop} goes round in a circle: {chain}",
                                     record.path, line, col, first.pointer)
                            )
                    elif link.target not in seen:
                        seen.add(link.target)
                        stack.append((link.target, [*path, link.target]))
