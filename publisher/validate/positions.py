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

from publisher.content.yamlpos import SourceMap
from publisher.validate.graph import Loc, Source

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[{}\[\],:]|[^\s{}\[\],:"]+', re.S)


class TextIndex:
    """Offsets to lines and columns in one text (a file)."""

    __slots__ = ("_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        starts = self._starts
        if starts is None:
            starts = [0]
            starts.extend(m.end() for m in re.finditer("\n", self.text))
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


def pointer_offsets(text: str, start: int = 0, end: int | None = None) -> dict[str, tuple[int, int]]:
    """``{pointer: (value_offset, key_offset)}`` for the JSON value in ``text[start:end]``.

    ``key_offset`` is the offset of the member's key (the value's own offset for array elements
    and the root). Tolerant: it maps what it can of a truncated or invalid text.
    """
    out: dict[str, tuple[int, int]] = {}
    # a frame: [pointer, is_object, index or key, key_offset, expecting_key]
    stack: list[list] = []  # type: ignore[type-arg]
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
            if out:  # a second top-level value: trailing text
                break
            pointer, key_offset = "", offset
        if pointer not in out:
            out[pointer] = (offset, key_offset)
        if char == "{":
            stack.append([pointer, True, "", offset, True])
        elif char == "[":
            stack.append([pointer, False, 0, offset, False])
    return out


class JsonSource(Source):
    """Items parsed from a JSON text that starts at ``start`` in a file's :class:`TextIndex`."""

    __slots__ = ("_map", "end", "index", "start")

    def __init__(self, path: str, index: TextIndex, start: int = 0, end: int | None = None) -> None:
        super().__init__(path)
        self.index = index
        self.start = start
        self.end = end
        self._map: dict[str, tuple[int, int]] | None = None

    def offsets(self, pointer: str) -> tuple[int, int]:
        if self._map is None:
            self._map = pointer_offsets(self.index.text, self.start, self.end)
        while True:
            found = self._map.get(pointer)
            if found is not None:
                return found
            if not pointer:
                return (self.start, self.start)
            pointer = pointer.rsplit("/", 1)[0]

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
        if "@type" in loc:
            loc = loc.replace("/@type", "/type")
        return self.smap.key(loc) if key else self.smap.value(loc)

    def pointer(self, loc: Loc) -> str:
        if isinstance(loc, tuple):
            return ""
        return loc.replace("/@type", "/type")
