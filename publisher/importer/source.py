"""Reading what is to be imported: a file or standard input, as bytes, then as text."""

from __future__ import annotations

import codecs
import sys
from dataclasses import dataclass
from pathlib import Path

MAX_INPUT_BYTES = 16 * 1024 * 1024


class ImportProblem(Exception):
    """The input cannot be imported: a code (IMP...), a message and where."""

    def __init__(self, code: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True, slots=True)
class Source:
    name: str  # as shown in diagnostics: the path, or <stdin>
    data: bytes
    suffix: str = ""


def read_source(path: str) -> Source:
    """Read ``path`` (``-`` for standard input); raise ImportProblem IMP001/IMP004."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        name, suffix = "<stdin>", ""
    else:
        file = Path(path)
        name, suffix = path, file.suffix.lower()
        try:
            if file.is_dir():
                raise ImportProblem("IMP001", "is a folder, not a file")
            with file.open("rb") as handle:
                data = handle.read(MAX_INPUT_BYTES + 1)
        except ImportProblem:
            raise
        except FileNotFoundError:
            raise ImportProblem("IMP001", "no such file") from None
        except OSError as exc:
            raise ImportProblem("IMP001", f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise ImportProblem(
            "IMP004", f"the input is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB"
        )
    return Source(name, data, suffix)


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def check_not_binary(data: bytes) -> None:
    """Raise IMP002 when ``data`` is not text (NUL bytes outside UTF-16)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    nul = data.find(b"\x00", 0, 1 << 20)
    if nul >= 0:
        line, column = _position(data, nul)
        raise ImportProblem("IMP002", "the input is binary (NUL bytes), not text or HTML", line, column)


def decode_text(data: bytes) -> str:
    """Text from a plain-text export: UTF-8 (or UTF-16 with a BOM), else the likeliest encoding."""
    check_not_binary(data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportProblem("IMP002", "the input is not valid UTF-16 text") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_error = exc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding in ("utf_8", "utf-8"):
        line, column = _position(data, first_error.start)
        raise ImportProblem(
            "IMP002", f"the input is not text: invalid UTF-8 (byte 0x{data[first_error.start]:02x}) "
            "and no other encoding fits", line, column,
        )
    return str(best)


def looks_like_html(source: Source) -> bool:
    if source.suffix in (".html", ".htm", ".xhtml", ".shtml"):
        return True
    if source.suffix in (".txt", ".text", ".md"):
        return False
    head = source.data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") or b"<html" in head or b"<!doctype html" in head
