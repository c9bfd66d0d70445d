"""Walk ``content/`` and turn each file into a :class:`RawRecord` (or diagnostics).

Nothing here raises on bad content: every problem becomes a diagnostic with file, line and code,
and the reader goes on with the next file.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.codes import make
from publisher.content.fastyaml import NOT_SIMPLE, load_simple
from publisher.content.files import FileProblem, read_text, split_front_matter
from publisher.content.limits import Limits
from publisher.content.yamlpos import (
    LazySourceMap,
    SourceMap,
    YamlError,
    escape_pointer_token,
    load_with_libyaml,
)
from publisher.diagnostics import Diagnostic
from publisher.model.registry import FOLDER_KINDS
from publisher.model.values import SLUG_RE

CONTENT = "content"
MAX_SLUG = 120  # characters; a slug is an output folder name (ext4 and most others: 255 bytes)
_YAML_SUFFIXES = (".yaml", ".yml")
_RESERVED = {
    "con", "prn", "aux", "nul",
    *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10)),
}


@dataclass(slots=True)
class RawRecord:
    """A record as read: its values (schema.org names) and where each came from."""

    kind: str
    slug: str
    path: str  # as shown in diagnostics
    file: Path
    data: dict[str, Any]
    source: SourceMap
    body: str | None = None
    body_line: int = 0
    draft: bool = False
    ref: str = field(init=False, repr=False, compare=False)  # "kind/slug", read on every page

    def __post_init__(self) -> None:
        self.ref = f"{self.kind}/{self.slug}"


# A record as sent back by a process that read it: its fields but the kind and the Path (the
# reading process's own). A Path is rebuilt part by part when unpickled, and a slotted dataclass
# field by field: a plain tuple costs a fraction of that.
Packed = tuple[str, str, dict[str, Any], SourceMap, str | None, int, bool]


def pack(record: RawRecord) -> Packed:
    return (record.slug, record.path, record.data, record.source, record.body, record.body_line, record.draft)


def unpack(kind: str, file: Path, packed: Packed) -> RawRecord:
    slug, path, data, source, body, body_line, draft = packed
    return RawRecord(kind, slug, path, file, data, source, body, body_line, draft)


def display_path(path: Path, cwd: str | None = None) -> str:
    """A path as a user can click it: relative to the working folder (``cwd``) when below it."""
    text = os.fspath(path)
    if not os.path.isabs(text):
        return os.path.normpath(text)
    if cwd is None:
        cwd = os.getcwd()
    prefix = cwd if cwd.endswith(os.sep) else cwd + os.sep
    if text.startswith(prefix):
        return text[len(prefix) :]
    return text


def suggest_slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "record"


def check_slug(slug: str) -> str | None:
    """Why ``slug`` is not allowed, or None."""
    if not SLUG_RE.match(slug):
        return (
            f"slug {slug!r} is not allowed: use lower-case letters, digits and single hyphens "
            f"(e.g. {suggest_slug(slug)!r})"
        )
    if slug in _RESERVED:
        return f"slug {slug!r} is a reserved device name on Windows"
    if len(slug) > MAX_SLUG:
        return (f"slug {slug[:20]}... is {len(slug)} characters long, over {MAX_SLUG}: it names a folder "
                "of the output, and file systems limit names to 255 bytes")
    return None


def _files(root: Path, diagnostics: list[Diagnostic]) -> list[tuple[str, Path]]:
    content = root / CONTENT
    found: list[tuple[str, Path]] = []
    if not content.is_dir():
        return found
    real_root = root.resolve()
    for entry in sorted(content.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.name not in FOLDER_KINDS or not entry.is_dir():
            diagnostics.append(
                make("SRC011", f"{entry.name!r} is not a content folder: expected one of "
                     f"{', '.join(FOLDER_KINDS)}", display_path(entry))
            )
            continue
        if not entry.resolve().is_relative_to(real_root):
            diagnostics.append(
                make("SRC013", f"content folder {entry.name!r} points outside the site folder",
                     display_path(entry))
            )
            continue
        kind = entry.name
        suffixes = (".md",) if kind == "articles" else _YAML_SUFFIXES
        with os.scandir(entry) as scan:
            files = sorted(scan, key=lambda e: e.name)
        for file_entry in files:
            if file_entry.name.startswith("."):
                continue
            file = entry / file_entry.name
            # Only symbolic links need resolving: a plain file in a content folder is inside.
            if file_entry.is_symlink():
                shown = display_path(file)
                try:
                    resolved = file.resolve(strict=True)
                except (OSError, RuntimeError):
                    diagnostics.append(make("SRC013", "broken or looping symbolic link", shown))
                    continue
                if not resolved.is_relative_to(real_root):
                    diagnostics.append(
                        make("SRC013", f"{file.name!r} points outside the site folder ({resolved})",
                             shown, hint="copy the file into the site instead of linking to it")
                    )
                    continue
                is_dir = resolved.is_dir()
            else:
                is_dir = file_entry.is_dir(follow_symlinks=False)
            if is_dir:
                diagnostics.append(
                    make("SRC011", "sub-folders of content folders are not read", display_path(file))
                )
                continue
            if not file_entry.name.endswith(suffixes):
                diagnostics.append(
                    make("SRC011", f"ignored: {kind} records are {' or '.join(suffixes)} files",
                         display_path(file))
                )
                continue
            found.append((kind, file))
    return found


def record_files(root: Path, limits: Limits, diagnostics: list[Diagnostic]) -> list[tuple[str, Path]]:
    """The record files under ``root/content`` as ``(kind, path)``, in reading order; none (and
    SRC012) when there are more than ``limits.max_records``."""
    files = _files(root, diagnostics)
    if len(files) > limits.max_records:
        diagnostics.append(
            make("SRC012", f"{len(files)} record files, over the limit of {limits.max_records} "
                 "(limits.max_records)", display_path(root / CONTENT))
        )
        return []
    return files


def read_record(
    kind: str, file: Path, limits: Limits, diagnostics: list[Diagnostic], cwd: str | None = None
) -> RawRecord | None:
    shown = display_path(file, cwd)
    try:
        text = read_text(file, limits)
        body: str | None = None
        body_line = 0
        offset = 0
        if kind == "articles":
            text, offset, body, body_line = split_front_matter(text)
        # positions are worked out only if a diagnostic needs one (LazySourceMap)
        data = load_simple(text, limits)
        if data is NOT_SIMPLE:
            data, source = load_with_libyaml(text, shown, line_offset=offset, limits=limits,
                                             positions=False)
            keywords = True
        else:  # keys are plain names, never a JSON-LD keyword
            source = LazySourceMap(shown, text, offset, limits)
            keywords = False
    except FileProblem as exc:
        diagnostics.append(make(exc.code, exc.message, shown, exc.line, exc.column))
        return None
    except YamlError as exc:
        diagnostics.append(make(exc.code, exc.message, shown, exc.line, exc.column, exc.pointer))
        return None
    if data is None:
        diagnostics.append(make("SRC009", "the record is empty", shown, 1 + offset))
        return None
    if not isinstance(data, dict):
        line, col = source.value("")
        diagnostics.append(
            make("SRC003", f"a record must be a mapping of properties, not a {_kind_of(data)}",
                 shown, line, col)
        )
        return None

    if keywords:
        _drop_keyword_keys(data, "", source, shown, diagnostics)
    slug = file.stem
    explicit = data.pop("slug", None)
    if explicit is not None:
        if not isinstance(explicit, str):
            line, col = source.value("/slug")
            diagnostics.append(make("MOD003", "slug must be a string", shown, line, col, "/slug"))
            return None
        slug = explicit
        problem = check_slug(slug)
        if problem:
            line, col = source.value("/slug")
            diagnostics.append(make("SRC010", problem, shown, line, col, "/slug"))
            return None
    else:
        problem = check_slug(slug)
        if problem:
            diagnostics.append(
                make("SRC010", f"file name gives {problem}", shown,
                     hint="rename the file, or set `slug:` in the record")
            )
            return None
    draft = data.pop("draft", False)
    if not isinstance(draft, bool):
        line, col = source.value("/draft")
        diagnostics.append(make("MOD003", "draft must be true or false", shown, line, col, "/draft"))
        draft = False
    return RawRecord(kind, slug, shown, file, data, source, body, body_line, draft)


def _drop_keyword_keys(
    value: Any, pointer: str, source: SourceMap, shown: str, diagnostics: list[Diagnostic]
) -> None:
    """Remove (and report) keys that would be JSON-LD keywords on the page: ``@...`` and ``id``.

    A record's keys are schema.org property names. Written into the page's JSON-LD as they are,
    ``@id`` (or ``id``, schema.org's alias of it) would change the record's identifier, ``@context``
    the meaning of every other key, ``@graph``/``@reverse``/``@included`` add statements about other
    things. Identifiers and contexts are publisher's to write, so such keys never reach the output.
    """
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict | list):
                _drop_keyword_keys(item, f"{pointer}/{index}", source, shown, diagnostics)
        return
    if not isinstance(value, dict):
        return
    for key in list(value):
        if key.startswith("@") or key == "id":
            child = f"{pointer}/{escape_pointer_token(key)}"
            line, col = source.key(child)
            diagnostics.append(
                make("MOD005", f"key {key!r} is not allowed: it is a JSON-LD keyword"
                     + (" (schema.org's alias of @id)" if key == "id" else "")
                     + " and publisher writes identifiers and contexts itself",
                     shown, line, col, child,
                     hint="to name the same thing elsewhere, use sameAs (or url, identifier)")
            )
            del value[key]
        elif isinstance(value[key], dict | list):  # the pointer is spelled out only here
            _drop_keyword_keys(value[key], f"{pointer}/{escape_pointer_token(key)}", source, shown,
                               diagnostics)


def _kind_of(value: object) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__
    )
