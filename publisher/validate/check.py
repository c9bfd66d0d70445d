"""``publisher check``: the structured data of any HTML page or JSON-LD file, by the same rules.

Each file is one graph: its JSON-LD blocks (arrays, ``@graph``, several blocks that refer to each
other by ``@id``), its microdata and its RDFa are merged by ``@id`` before the rules run, so an
article in one block can name its author in another. Files are independent, so ``jobs > 1``
checks them in a process pool.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from publisher.content.limits import DEFAULT_LIMITS
from publisher.diagnostics import Diagnostic
from publisher.parallel import worker_pool
from publisher.validate.engine import Checker, Finding, unique
from publisher.validate.extract import decode_page, read_html, read_json_file
from publisher.validate.graph import Graph, Source
from publisher.validate.profiles import RuleSet, load_ruleset
from publisher.validate.reuse import PageMemo
from publisher.vocab import load_vocabulary

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
JSON_SUFFIXES = (".jsonld", ".json")
FOLDER_SUFFIXES = (*HTML_SUFFIXES, ".jsonld")
STDIN = "-"
STDIN_NAME = "<stdin>"
MAX_BYTES = DEFAULT_LIMITS.max_page_bytes  # [limits] max_page_bytes, or check --max-bytes


class CheckInputError(Exception):
    """A path given on the command line does not exist (the command cannot run)."""


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    found: int = 0  # JSON-LD blocks and microdata/RDFa items


@dataclass(frozen=True)
class Recipe:
    """How to rebuild the rule set in a worker process."""

    profiles: tuple[str, ...]
    base: str | None
    severity: tuple[tuple[str, str], ...]
    max_bytes: int = MAX_BYTES

    def ruleset(self) -> RuleSet:
        return load_ruleset(self.profiles, Path(self.base) if self.base else None, dict(self.severity))


def collect(paths: Sequence[str]) -> list[str]:
    """Files to check: the files given, and the HTML/JSON-LD files below the folders given."""
    out: list[str] = []
    for given in paths:
        if given == STDIN:
            out.append(STDIN)
            continue
        path = Path(given)
        if path.is_dir():
            _walk(os.fspath(path), out)
        elif path.exists():
            out.append(given)
        else:
            raise CheckInputError(f"{given}: no such file or folder")
    return out


def _walk(folder: str, out: list[str]) -> None:
    """The files of ``folder`` as ``os.walk`` lists them, then its folders' (sorted; hidden ones and
    node_modules left out; a link to a folder is not followed). One ``scandir`` a folder: the
    entries' types come with it, where ``os.walk`` asks for each folder again whether it is a link."""
    try:
        with os.scandir(folder) as entries:
            listed = list(entries)
    except OSError:
        return
    dirs: list[str] = []
    links: set[str] = set()
    files: list[str] = []
    for entry in listed:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if not is_dir:
            files.append(entry.name)
            continue
        dirs.append(entry.name)
        try:
            if entry.is_symlink():
                links.add(entry.name)
        except OSError:
            links.add(entry.name)
    out.extend(
        os.path.join(folder, name) for name in sorted(files)
        if name.lower().endswith(FOLDER_SUFFIXES) and not name.startswith(".")
    )
    for name in sorted(d for d in dirs if not d.startswith(".") and d != "node_modules"):
        if name not in links:
            _walk(os.path.join(folder, name), out)


def _is_json(path: str, text: str) -> bool:
    lower = path.lower()
    if lower.endswith(JSON_SUFFIXES):
        return True
    if lower.endswith(HTML_SUFFIXES):
        return False
    return text.lstrip()[:1] in ("{", "[")


def check_text(
    text: str, path: str, ruleset: RuleSet, now: datetime | None = None, as_json: bool | None = None,
    trace: list[Finding] | None = None, utf8: bytes | None = None,
) -> tuple[list[Diagnostic], int]:
    """The diagnostics of one page (or JSON-LD document) given as text (and, with ``trace``, each
    profile diagnostic by node and property, see :class:`~publisher.validate.engine.Finding`).
    ``utf8``: the text as UTF-8 bytes, when the caller read them (saves encoding it again)."""
    if as_json is None:
        as_json = _is_json(path, text)
    if trace is None and not as_json:
        done = _memo(ruleset, now).check(text, path, utf8)
        if done is not None:
            return done
    graph = Graph()
    out: list[Diagnostic] = []
    checker = Checker(ruleset, graph, out, now, trace)
    vocab = load_vocabulary()
    if as_json:
        found = read_json_file(text, path, graph, vocab, checker.emit)
    else:
        found = read_html(text, path, graph, vocab, checker.emit, utf8)
        if found == 0:
            checker.emit("CHK010", "no structured data found (no JSON-LD, microdata or RDFa)",
                         Source(path), (1, 1))
    items = graph.finish()
    for item in items:
        if item.top and not item.types and not item.other_types:
            checker.emit("CHK012", "a top-level node has no @type: consumers cannot tell what it is",
                         item.source, item.loc, hint='add "@type", e.g. "@type": "NewsArticle"')
    graph.mark_main(items, _page_types(ruleset))
    checker.run(items)
    return out, found


def _page_types(ruleset: RuleSet) -> frozenset[str]:
    found = _PAGE_TYPES.get(id(ruleset.vocab))
    if found is None:
        vocab = ruleset.vocab
        found = frozenset(t for t in vocab.type_names() if vocab.is_subtype(t, "WebPage")) | {"WebSite"}
        _PAGE_TYPES[id(ruleset.vocab)] = found
    return found


_PAGE_TYPES: dict[int, frozenset[str]] = {}
_MEMO: list[PageMemo] = []  # the last one: a process checks with one rule set at one time


def _memo(ruleset: RuleSet, now: datetime | None) -> PageMemo:
    """The :class:`PageMemo` of this rule set and time (``now`` None: a new one each time, as the
    checker takes the time of the call)."""
    if now is None:
        return PageMemo(ruleset, datetime.now(UTC), _page_types(ruleset))
    if _MEMO and _MEMO[0].ruleset is ruleset and _MEMO[0].now == now:
        return _MEMO[0]
    _MEMO[:] = [PageMemo(ruleset, now, _page_types(ruleset))]
    return _MEMO[0]


def check_file(path: str, ruleset: RuleSet, now: datetime | None = None,
               data: bytes | None = None, max_bytes: int = MAX_BYTES) -> tuple[list[Diagnostic], int]:
    shown = STDIN_NAME if path == STDIN else path
    if data is None:
        try:
            with open(path, "rb") as handle:  # never more than the limit (a pipe or /dev/zero too)
                data = read_limited(handle, max_bytes + 1)
        except OSError as exc:
            checker = Checker(ruleset, Graph(), [], now)
            checker.emit("CHK007", f"cannot read the file: {exc.strerror or exc}", Source(shown), (1, 1))
            return checker.out, 0
    if len(data) > max_bytes:
        checker = Checker(ruleset, Graph(), [], now)
        checker.emit("CHK007", f"the file is larger than {max_bytes} bytes (limits.max_page_bytes, "
                     "check --max-bytes)", Source(shown), (1, 1))
        return checker.out, 0
    text, utf8 = decode_page(data)
    return check_text(text, shown, ruleset, now, utf8=utf8)


def read_limited(handle: BinaryIO, limit: int) -> bytes:
    """The first ``limit`` bytes of a file (all of it when shorter), as ``handle.read(limit)``.

    ``read(limit)`` sets aside ``limit`` bytes first: with the 32 MiB default that costs more than
    reading a page, so a file is read by its size (one read; ``+ 1`` sees a file that grew), and a
    pipe or a device in chunks, never past the limit.
    """
    try:
        size = os.fstat(handle.fileno()).st_size
    except (OSError, ValueError, io.UnsupportedOperation):
        size = 0
    first = min(limit, size + 1 if size > 0 else _CHUNK)
    data = handle.read(first)
    if len(data) < first:  # a buffered read stops short only at the end of the file
        return data
    chunks = [data]
    total = len(data)
    while total < limit:
        chunk = handle.read(min(limit - total, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


_CHUNK = 1 << 20


# --- many files ------------------------------------------------------------------------------------

_WORKER: tuple[RuleSet, datetime, int] | None = None


def _init_worker(recipe: Recipe, now: datetime) -> None:
    global _WORKER
    _WORKER = (recipe.ruleset(), now, recipe.max_bytes)


def _check_chunk(paths: list[str]) -> tuple[list[Diagnostic], int]:
    assert _WORKER is not None
    ruleset, now, max_bytes = _WORKER
    out: list[Diagnostic] = []
    found = 0
    for path in paths:
        diagnostics, count = check_file(path, ruleset, now, max_bytes=max_bytes)
        out.extend(diagnostics)
        found += count
    return out, found


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def auto_jobs(files: int) -> int:
    if files < 200:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def check_paths(
    paths: Sequence[str],
    recipe: Recipe,
    jobs: int = 0,
    now: datetime | None = None,
    stdin: bytes | None = None,
    files: list[str] | None = None,
) -> CheckResult:
    """Check files and folders (``-`` reads standard input). ``jobs=0`` picks a number itself.
    ``files``: what :func:`collect` gives for ``paths``, when the caller has it already."""
    now = now or datetime.now(UTC)
    if files is None:
        files = collect(paths)
    ruleset = recipe.ruleset()
    result = CheckResult(files=len(files))
    if jobs <= 0:
        jobs = auto_jobs(len(files))
    on_disk = [f for f in files if f != STDIN]
    if STDIN in files:
        data = stdin if stdin is not None else read_limited(sys.stdin.buffer, recipe.max_bytes + 1)
        diagnostics, found = check_file(STDIN, ruleset, now, data, recipe.max_bytes)
        result.diagnostics.extend(diagnostics)
        result.found += found
    if jobs == 1 or len(on_disk) < 2:
        for path in on_disk:
            diagnostics, found = check_file(path, ruleset, now, max_bytes=recipe.max_bytes)
            result.diagnostics.extend(diagnostics)
            result.found += found
    else:
        import multiprocessing

        context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        size = max(1, min(256, len(on_disk) // (jobs * 8) or 1))
        # a worker killed (out of memory, say): WorkerLost, and nothing half-reported
        with worker_pool(jobs, "checking pages", context, initializer=_init_worker,
                         initargs=(recipe, now)) as pool:
            for diagnostics, found in pool.map(_check_chunk, list(_chunks(on_disk, size))):
                result.diagnostics.extend(diagnostics)
                result.found += found
    result.diagnostics = unique(result.diagnostics)
    return result
