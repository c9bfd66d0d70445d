"""Reading one record file safely: size limit, encoding, BOM and line endings."""

from __future__ import annotations

from pathlib import Path

from publisher.content.limits import Limits


class FileProblem(Exception):
    def __init__(self, code: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


def read_text(path: Path, limits: Limits) -> str:
    """The file's text with a BOM dropped and CRLF/CR turned into LF; raise :class:`FileProblem`."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileProblem("SRC006", f"cannot read file: {exc.strerror or exc}") from None
    if size > limits.max_file_bytes:
        raise FileProblem(
            "SRC007",
            f"file is {size} bytes, over the limit of {limits.max_file_bytes} (limits.max_file_bytes)",
        )
    try:
        data = path.read_bytes()
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


def split_front_matter(text: str) -> tuple[str, int, str, int]:
    """Split ``---`` front matter from a Markdown body.

    Returns (yaml text, line offset of the YAML, body, line number where the body starts).
    Raise :class:`FileProblem` (SRC002) when there is no front matter or it is not closed.
    """
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        raise FileProblem(
            "SRC002", "article has no front matter: the file must start with a line '---'"
        )
    end = -1
    position = 4
    while True:
        newline = text.find("\n", position)
        line = text[position:] if newline < 0 else text[position:newline]
        if line.rstrip() in ("---", "..."):
            end = position
            break
        if newline < 0:
            break
        position = newline + 1
    if end < 0:
        raise FileProblem("SRC002", "front matter is not closed: add a line '---' after it")
    yaml_text = text[4:end]
    after = text.find("\n", end)
    body = "" if after < 0 else text[after + 1 :]
    body_line = yaml_text.count("\n") + 3
    return yaml_text, 1, body, body_line
