"""Reading one record file safely: size limit, encoding, BOM and line endings."""

from __future__ import annotations

import os
import re
from pathlib import Path

from publisher.content.limits import Limits


class FileProblem(Exception):
    def __init__(self, code: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


def _read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes; :class:`FileProblem` (SRC007) past ``limit``.

    Read with the size from ``fstat``: asking ``read`` for "up to the limit" (1 MiB) allocates
    that much for every file, which costs four times the read of a 4 KiB record. Reading goes on
    to the end of the file (never past the limit), in case it grew since ``fstat``.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise FileProblem(
                "SRC007", f"file is {size} bytes, over the limit of {limit} (limits.max_file_bytes)"
            )
        chunks = [os.read(fd, size + 1)]
        total = len(chunks[0])
        while chunks[-1]:
            if total > limit:
                raise FileProblem(
                    "SRC007", f"file is over {limit} bytes, the limit (limits.max_file_bytes)"
                )
            chunks.append(os.read(fd, 65536))
            total += len(chunks[-1])
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 2 else b"".join(chunks)


def read_text(path: Path, limits: Limits) -> str:
    """The file's text with a BOM dropped and CRLF/CR turned into LF; raise :class:`FileProblem`."""
    try:
        data = _read_bytes(path, limits.max_file_bytes)
    except OSError as exc:
        raise FileProblem("SRC006", f"cannot read file: {exc.strerror or exc}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise FileProblem("SRC006", "file contains NUL bytes: binary, not UTF-8 text", line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FileProblem(
            "SRC006", f"invalid UTF-8 (byte 0x{data[exc.start]:02x})", line, column
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# A line that closes front matter: "---" or "...", maybe followed by whitespace (as str.rstrip()
# strips it; "\s" and rstrip() agree on what whitespace is).
_CLOSE = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)


def split_front_matter(text: str) -> tuple[str, int, str, int]:
    """Split ``---`` front matter from a Markdown body.

    Returns (yaml text, line offset of the YAML, body, line number where the body starts).
    Raise :class:`FileProblem` (SRC002) when there is no front matter or it is not closed.
    """
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        raise FileProblem(
            "SRC002", "article has no front matter: the file must start with a line '---'"
        )
    close = _CLOSE.search(text, 4)
    end = -1 if close is None else close.start()
    if end < 0:
        raise FileProblem("SRC002", "front matter is not closed: add a line '---' after it")
    yaml_text = text[4:end]
    after = text.find("\n", end)
    body = "" if after < 0 else text[after + 1 :]
    body_line = yaml_text.count("\n") + 3
    return yaml_text, 1, body, body_line
