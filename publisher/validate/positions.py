"""Lines and columns, computed only when a diagnostic needs them.

* :class:`TextIndex` turns a character offset in a file into ``(line, column)`` (1-based), with the
  line starts found on first use.
* :func:`pointer_offsets` scans one JSON text once and maps every JSON pointer to the offsets of its
  key and its value; :class:`JsonSource` does that scan the first time one of its items gets a
  diagnostic, so clean blocks cost nothing.
* :class:`RecordSource` maps a pointer into a record's node back to the YAML file through the
  reader's :class:`~publisher.content.yamlpos.SourceMap`.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import TYPE_CHECKING

from publisher.validate.graph import Loc, Source

if TYPE_CHECKING:  # (``check`` reads no records: no YAML)
    from publisher.content.yamlpos import SourceMap

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[{}\[\],:]|[^\s{}\[\],:"]+', re.S)


class TextIndex:
    """Offsets to lines and columns in one text (a file).

    The first few lookups count newlines directly (C speed, nothing kept); a text that gets many
    lookups builds a table of line starts once.
    """

    __slots__ = ("_lookups", "_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._lookups = 0

    def position(self, offset: int) -> tuple[int, int]:
        text = self.text
        offset = max(0, min(offset, len(text)))
        starts = self._starts
        if starts is None:
            self._lookups += 1
            if self._lookups <= 8:
                line_start = text.rfind("\n", 0, offset) + 1
                return text.count("\n", 0, offset) + 1, offset - line_start + 1
            starts = [0]
            starts.extend(m.end() for m in re.finditer("\n", text))
            self._starts = starts
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1


def _unquote(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    try:
        value = json.loads(token)
    except ValueError:
        return token[1:-1]
    return value if isinstance(value, str) else token[1:-1]


def escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def iter_pointers(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[str, int, int]]:
    """``(pointer, value_offset, key_offset)`` for every value of the JSON in ``text[start:end]``,
    in document order (so an ancestor always comes before its descendants).

    ``key_offset`` is the offset of the member's key (the value's own offset for array elements
    and the root). Tolerant: it yields what it can of a truncated or invalid text.
    """
    # a frame: [pointer, is_object, index or key, key_offset, expecting_key]
    stack: list[list] = []  # type: ignore[type-arg]
    seen_root = False
    for match in _TOKEN.finditer(text, start, len(text) if end is None else end):
        token = match.group()
        offset = match.start()
        char = token[0]
        if char == "}" or char == "]":
            if stack:
                stack.pop()
            continue
        if char == ",":
            if stack:
                frame = stack[-1]
                if frame[1]:
                    frame[4] = True
                else:
                    frame[2] += 1
            continue
        if char == ":":
            continue
        if stack:
            frame = stack[-1]
            if frame[1]:
                if frame[4]:
                    if char == '"':
                        frame[2] = escape_token(_unquote(token))
                        frame[3] = offset
                    frame[4] = False
                    continue
                pointer = f"{frame[0]}/{frame[2]}"
                key_offset = frame[3]
            else:
                pointer = f"{frame[0]}/{frame[2]}"
                key_offset = offset
        else:
            if seen_root:  # a second top-level value: trailing text
                return
            seen_root = True
            pointer, key_offset = "", offset
        yield pointer, offset, key_offset
        if char == "{":
            stack.append([pointer, True, "", offset, True])
        elif char == "[":
            stack.append([pointer, False, 0, offset, False])


def pointer_offsets(text: str, start: int = 0, end: int | None = None) -> dict[str, tuple[int, int]]:
    """``{pointer: (value_offset, key_offset)}`` for the whole JSON value (see :func:`iter_pointers`)."""
    out: dict[str, tuple[int, int]] = {}
    for pointer, value_offset, key_offset in iter_pointers(text, start, end):
        out.setdefault(pointer, (value_offset, key_offset))
    return out


_SCAN_ONCE = json.JSONDecoder().scan_once
_WHITESPACE = re.compile(r"[ \t\n\r]*")


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def locate(
    text: str, start: int, pointer: str, known: dict[str, tuple[int, int]] | None = None,
) -> tuple[int, int] | None:
    """``(value_offset, key_offset)`` of ``pointer`` in the JSON value at ``text[start:]``.

    Walks down the pointer only, skipping the values off the path with the C JSON scanner, so a
    lookup costs about one parse of what lies before the target. None if the pointer is not there
    or the text is not valid JSON on the way.

    ``known`` (a source's pointers found so far, updated here) lets a lookup start at the deepest
    known ancestor, and in an array at the nearest known element before the one wanted: a page's
    diagnostics at ``/@graph/5/...`` and ``/@graph/7/...`` skip the first five nodes once.
    """
    skip = _WHITESPACE.match
    tokens = pointer.split("/")[1:] if pointer else []
    pos = skip(text, start).end()
    key_offset = pos
    path = ""
    done = 0
    if known:
        for cut in range(len(tokens) - 1, 0, -1):
            prefix = "/" + "/".join(tokens[:cut])
            found = known.get(prefix)
            if found is not None:
                (pos, key_offset), path, done = found, prefix, cut
                break
    try:
        for token in tokens[done:]:
            char = text[pos]
            if char == "{":
                wanted = _unescape(token)
                pos = skip(text, pos + 1).end()
                while True:
                    if text[pos] != '"':
                        return None
                    key_at = pos
                    key, pos = json.decoder.scanstring(text, pos + 1)
                    pos = skip(text, pos).end()
                    if text[pos] != ":":
                        return None
                    pos = skip(text, pos + 1).end()
                    if key == wanted:
                        key_offset = key_at
                        break
                    _, pos = _SCAN_ONCE(text, pos)
                    pos = skip(text, pos).end()
                    if text[pos] != ",":
                        return None
                    pos = skip(text, pos + 1).end()
            elif char == "[":
                if not token.isdigit():
                    return None
                wanted_index = int(token)
                pos = skip(text, pos + 1).end()
                index = 0
                if known is not None:
                    for before in range(wanted_index, 0, -1):
                        found = known.get(f"{path}/{before}")
                        if found is not None:
                            pos, index = found[0], before
                            break
                while index < wanted_index:
                    _, pos = _SCAN_ONCE(text, pos)
                    pos = skip(text, pos).end()
                    if text[pos] != ",":
                        return None
                    pos = skip(text, pos + 1).end()
                    index += 1
                    if known is not None:
                        known.setdefault(f"{path}/{index}", (pos, pos))
                key_offset = pos
            else:
                return None
            path = f"{path}/{token}"
            if known is not None:
                known.setdefault(path, (pos, key_offset))
    except (IndexError, StopIteration, ValueError, RecursionError):
        return None
    return pos, key_offset


class JsonSource(Source):
    """Items parsed from a JSON text that starts at ``start`` in a file's :class:`TextIndex`."""

    __slots__ = ("_map", "_scan", "end", "index", "start")

    def __init__(self, path: str, index: TextIndex, start: int = 0, end: int | None = None) -> None:
        super().__init__(path)
        self.index = index
        self.start = start
        self.end = end
        self._map: dict[str, tuple[int, int]] = {}
        self._scan: Iterator[tuple[str, int, int]] | None = None

    @property
    def known(self) -> dict[str, tuple[int, int]]:
        """The offsets found so far, by pointer (a caller that knows some, as locate would find
        them, may add them)."""
        return self._map

    def offsets(self, pointer: str) -> tuple[int, int]:
        """Offsets of the pointer's value and key; the text is scanned only as far as needed."""
        found = self._map.get(pointer)
        if found is not None:
            return found
        if self._scan is None:
            known = self._map
            mark = len(known)
            located = locate(self.index.text, self.start, pointer, known)
            if located is not None and (self.end is None or located[0] < self.end):
                return located
            for added in list(known)[mark:]:  # what the failed lookup found is not kept
                del known[added]
            self._scan = iter_pointers(self.index.text, self.start, self.end)
        for seen, value_offset, key_offset in self._scan:
            if seen not in self._map:
                self._map[seen] = (value_offset, key_offset)
            if seen == pointer:
                return value_offset, key_offset
        while pointer:
            pointer = pointer.rsplit("/", 1)[0]
            found = self._map.get(pointer)
            if found is not None:
                return found
        return (self.start, self.start)

    def position(self, loc: Loc, key: bool = False) -> tuple[int, int]:
        if isinstance(loc, tuple):
            return loc
        value_offset, key_offset = self.offsets(loc)
        return self.index.position(key_offset if key else value_offset)


class RecordSource(Source):
    """A record's node: pointers are the file's keys, with ``@type`` written ``type``."""

    __slots__ = ("smap",)

    def __init__(self, path: str, smap: SourceMap) -> None:
        super().__init__(path)
        self.smap = smap

    def position(self, loc: Loc, key: bool = False) -> tuple[int, int]:
        if isinstance(loc, tuple):
            return loc
        pointer = self.file_pointer(loc)
        return self.smap.key(pointer) if key else self.smap.value(pointer)

    def file_pointer(self, loc: str) -> str:
        """The pointer as the file writes it: ``@type`` is ``type``, and the ``/0`` the model adds
        when it turns a single value into a list is dropped where the file has no list."""
        smap = self.smap
        out = ""
        for segment in loc.split("/")[1:]:
            if segment == "@type":
                segment = "type"
            candidate = f"{out}/{segment}"
            if candidate in smap.values or candidate in smap.keys:
                out = candidate
            elif segment == "0" and out in smap.values:
                continue  # a single value the model wrapped in a list
            else:
                out = candidate
        return out

    def pointer(self, loc: Loc) -> str:
        if isinstance(loc, tuple):
            return ""
        return self.file_pointer(loc)
