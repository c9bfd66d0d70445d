"""Structured data out of a page: JSON-LD blocks, microdata and RDFa, with positions in the file.

JSON-LD blocks are found by a scan of the raw text (no DOM): the offset of each block's text gives
its lines, and HTML comments are skipped. The DOM is only built (with lxml, which keeps each
element's source line) when the page has microdata (``itemscope``) or schema.org RDFa
(``typeof``/``vocab`` attributes, or ``property="schema:..."``), so plain pages stay fast.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

from publisher.validate.graph import Graph, Source
from publisher.validate.jsonld import Emit, JsonLdReader
from publisher.validate.positions import JsonSource, TextIndex
from publisher.vocab import Vocabulary

_OPEN = re.compile(r"<(?:!--|[sS][cC][rR][iI][pP][tT](?=[\s>/]))")
_SCRIPT_TAG = re.compile(r"""((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_SCRIPT_END = re.compile(r"</[sS][cC][rR][iI][pP][tT]\s*>")
_TYPE_ATTR = re.compile(r"""(?:^|\s)type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_NEAR_MISS = re.compile(r"ld.?json|json.?ld", re.IGNORECASE)
_RDFA = (
    re.compile(r"typeof\s*="), re.compile(r"vocab\s*="), re.compile(r"""property\s*=\s*["']?\s*schema:""")
)
# The same tests on the page's UTF-8 bytes, lowered ASCII-only (``bytes.lower``: no Unicode case
# tables, several times faster than ``str.lower`` on a page with one non-ASCII character). ``_S`` is
# exactly what ``\s`` matches in a ``str`` pattern, as UTF-8. No non-ASCII character lowers to a
# letter, ``=``, quote or colon these patterns need, or to whitespace (İ lowers to "i" + U+0307 and
# the Kelvin sign to "k", which none of them can use), so the verdict is the same as on
# ``text.lower()``; tests/validate/test_extract_scan.py checks that over every code point. Each
# regular expression runs only when a word it needs is there (``property`` is on most pages, for
# Open Graph; ``schema:`` is not).
_S = (rb"(?:[\t-\r\x1c-\x20]|\xc2[\x85\xa0]|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f"
      rb"|\xe3\x80\x80)")
_RDFA_BYTES = (
    (b"typeof", re.compile(rb"typeof" + _S + rb"*=")),
    (b"vocab", re.compile(rb"vocab" + _S + rb"*=")),
    (b"schema:", re.compile(rb"property" + _S + rb"*=" + _S + rb"*[\"']?" + _S + rb"*schema:")),
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_page(data: bytes) -> tuple[str, bytes | None]:
    """A page's text: UTF-8 (with or without BOM), else the charset its <meta> declares; and the
    UTF-8 bytes of the text when the file was UTF-8 (else None), so byte-level scans need not
    encode the text again."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), data
    except UnicodeDecodeError:
        pass
    return _decode_declared(data), None


def _decode_declared(data: bytes) -> str:
    match = _CHARSET.search(data[:4096])
    if match:
        try:
            return data.decode(match.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace")


def json_document(
    text: str, index: TextIndex, start: int, end: int, path: str, graph: Graph, vocab: Vocabulary,
    emit: Emit,
) -> bool:
    """Parse one JSON-LD text (``text[start:end]``) and read it into ``graph``; False if invalid."""
    source = JsonSource(path, index, start, end)
    body = text[start:end]
    stripped = body.strip()
    if not stripped:
        emit("CHK002", "the JSON-LD block is empty", source, (index.position(start)))
        return False
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        value = _recover(body, start, index, source, emit)
        if value is _INVALID:
            return False
    JsonLdReader(source, graph, vocab, emit).document(value)
    return True


_INVALID = object()


def _recover(body: str, start: int, index: TextIndex, source: Source, emit: Emit) -> Any:
    """A value followed by trailing text is reported and kept; anything else is CHK001."""
    lead = len(body) - len(body.lstrip())
    decoder = json.JSONDecoder()
    try:
        value, end = decoder.raw_decode(body, lead)
    except json.JSONDecodeError as exc:
        emit("CHK001", f"invalid JSON: {_json_message(exc.msg)}", source, index.position(start + exc.pos),
             hint=_json_hint(body, exc.pos))
        return _INVALID
    except RecursionError:
        emit("CHK001", "invalid JSON: nested too deeply to read", source, index.position(start + lead))
        return _INVALID
    except ValueError as exc:  # e.g. an integer of more than 4300 digits (Python's own limit)
        emit("CHK001", f"invalid JSON: {_json_message(str(exc).split(';')[0])}", source,
             index.position(start + lead))
        return _INVALID
    rest = body[end:]
    if rest.strip():
        offset = start + end + (len(rest) - len(rest.lstrip()))
        shown = rest.strip()[:20]
        emit("CHK005", f"text after the JSON value: {shown!r}", source, index.position(offset),
             hint="put several objects in an array or in @graph; remove stray characters")
        return value
    # json accepts NaN/Infinity; orjson (RFC 8259) does not
    emit("CHK001", "invalid JSON: NaN and Infinity are not JSON numbers", source,
         index.position(start + lead))
    return _INVALID


def _json_message(message: str) -> str:
    return message[0].lower() + message[1:] if message else message


def _json_hint(body: str, pos: int) -> str | None:
    before = body[:pos].rstrip()
    here = body[pos:pos + 1]
    if before.endswith(",") and here in "}]":
        return "remove the trailing comma"
    if here == "'":
        return "JSON strings use double quotes"
    if here in ("/", "#"):
        return "JSON has no comments"
    if pos < len(body) and body[pos] in "\n\r\t":
        return "a line break inside a string must be written \\n"
    return None


def script_blocks(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, type)`` of every ``<script>`` body outside comments."""
    out: list[tuple[int, int, str]] = []
    position = 0
    length = len(text)
    while True:
        match = _OPEN.search(text, position)
        if match is None:
            return out
        if match.group() == "<!--":
            end = text.find("-->", match.end())
            if end < 0:
                return out
            position = end + 3
            continue
        tag = _SCRIPT_TAG.match(text, match.end())
        if tag is None:
            return out
        attrs = tag.group(1)
        start = tag.end()
        close = _SCRIPT_END.search(text, start)
        end = close.start() if close else length
        found = _TYPE_ATTR.search(attrs)
        kind = next(g for g in found.groups() if g is not None) if found else ""
        out.append((start, end, kind.strip()))
        position = close.end() if close else length


def read_html(
    text: str, path: str, graph: Graph, vocab: Vocabulary, emit: Emit, utf8: bytes | None = None,
) -> int:
    """Every JSON-LD block, microdata item and RDFa resource of an HTML page; returns how many
    blocks or items were found. ``utf8``: the page's text as UTF-8, when the caller has it."""
    index = TextIndex(text)
    found = 0
    if "<script" in text or "<SCRIPT" in text or "<Script" in text:
        for start, end, kind in script_blocks(text):
            media = kind.split(";", 1)[0].strip().lower()
            if media == "application/ld+json":
                found += 1
                json_document(text, index, start, end, path, graph, vocab, emit)
            elif media and _NEAR_MISS.search(media):
                found += 1
                emit("CHK011", f"script type {kind!r} is not application/ld+json: the block is ignored "
                     "by search engines", Source(path), _tag_position(text, index, start),
                     hint='write type="application/ld+json"')
    if has_markup(text, utf8):
        from publisher.validate.markup import read_markup

        found += read_markup(text, index, path, graph, vocab, emit)
    return found


def has_markup(text: str, utf8: bytes | None = None) -> bool:
    """Whether the page may hold microdata or schema.org RDFa (then the DOM is built): the
    tests of :data:`_RDFA` and ``itemscope`` on the lowered text, made on lowered UTF-8 bytes.
    ``utf8`` must be ``text`` encoded as UTF-8 (the file's own bytes, when it was UTF-8)."""
    if utf8 is None:
        utf8 = text.encode("utf-8", "surrogatepass")
    lowered = utf8.lower()
    if b"itemscope" in lowered:
        return True
    return any(word in lowered and regex.search(lowered) for word, regex in _RDFA_BYTES)


def _tag_position(text: str, index: TextIndex, body_start: int) -> tuple[int, int]:
    """The ``<script`` tag of a body: the last ``<`` before it that opens a script tag."""
    tag = text.rfind("<", 0, body_start)
    while tag > 0 and text[tag:tag + 7].lower() != "<script":
        tag = text.rfind("<", 0, tag)
    return index.position(max(tag, 0))


def read_json_file(text: str, path: str, graph: Graph, vocab: Vocabulary, emit: Emit) -> int:
    index = TextIndex(text)
    return int(json_document(text, index, 0, len(text), path, graph, vocab, emit))
