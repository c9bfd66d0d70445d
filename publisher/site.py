"""A loaded site: configuration, records, links and everything reading found wrong.

``load_site`` runs the first stages of the pipeline (read -> model -> link) and never raises on
bad content; problems are in ``Site.diagnostics``. Only an unusable ``publisher.toml`` raises
:class:`~publisher.content.config.ConfigError` (the command cannot run).
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, TypeVar

from publisher.codes import make
from publisher.content.config import SiteConfig, load_config
from publisher.content.limits import Limits
from publisher.content.reader import (
    Packed,
    RawRecord,
    display_path,
    pack,
    read_record,
    record_files,
    unpack,
)
from publisher.content.yamlpos import DeferredSourceMap, SourceMap
from publisher.diagnostics import Diagnostic, Severity
from publisher.link import Identifiers, Link, link_records
from publisher.link.resolve import iter_references
from publisher.model.base import Node
from publisher.model.build import build_model
from publisher.parallel import auto_jobs, can_fork, fork_map, paused_gc, split
from publisher.rounds import Swap, fork_rounds

_UNSET: Any = object()
T = TypeVar("T")
R = TypeVar("R")


@dataclass(slots=True)
class Record:
    """One record of the site, read, modelled and linked.

    ``jsonld`` is the model's :meth:`~publisher.model.base.Node.jsonld_data` (``None`` when the
    record does not fit its model): what the pages and the rules are made from. The pydantic model
    itself is made again on first use of ``model`` (nothing in the pipeline reads it).
    """

    raw: RawRecord
    jsonld: dict[str, Any] | None
    id: str
    page_url: str
    _model: Any = field(default=_UNSET, repr=False, compare=False)
    # The raw record's fields that every page reads, many times over (a listing reads each
    # member's): copied here once, read without a property call and a second attribute lookup.
    # A RawRecord is not changed once read.
    kind: str = field(init=False, repr=False, compare=False)
    slug: str = field(init=False, repr=False, compare=False)
    ref: str = field(init=False, repr=False, compare=False)
    path: str = field(init=False, repr=False, compare=False)
    data: dict[str, Any] = field(init=False, repr=False, compare=False)
    body: str | None = field(init=False, repr=False, compare=False)
    draft: bool = field(init=False, repr=False, compare=False)
    title: str = field(init=False, repr=False, compare=False)  # the headline, else the name, else the slug

    def __post_init__(self) -> None:
        raw = self.raw
        self.kind, self.slug, self.ref, self.path = raw.kind, raw.slug, raw.ref, raw.path
        data = self.data = raw.data
        self.body, self.draft = raw.body, raw.draft
        title = data.get("headline") or data.get("name") or raw.slug
        self.title = title if isinstance(title, str) else raw.slug

    @classmethod
    def of(cls, raw: RawRecord, jsonld: dict[str, Any] | None, ids: Identifiers) -> Record:
        """The record of ``raw`` in a site whose identifiers are ``ids``."""
        return cls(raw, jsonld, ids.entity(raw.ref), ids.page(raw.ref))

    @property
    def model(self) -> Node | None:
        if self._model is _UNSET:
            self._model = None if self.jsonld is None else build_model(self.raw, [])
        return self._model  # type: ignore[no-any-return]

    def jsonld_data(self) -> dict[str, Any]:
        """The values the node of the record is made from (see :func:`render.jsonld.record_node`):
        the model's, or the record's as written when it does not fit its model."""
        return dict(self.raw.data) if self.jsonld is None else self.jsonld

    @property
    def type(self) -> str:
        return str(self.data.get("type", ""))



@dataclass
class Site:
    config: SiteConfig
    records: dict[str, Record]
    links: list[Link]
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.config.root

    @cached_property
    def ids(self) -> Identifiers:
        return Identifiers(self.config.base_url)

    def record(self, ref: str) -> Record:
        try:
            return self.records[ref]
        except KeyError:
            raise KeyError(f"no record {ref!r} in the site") from None

    def of_kind(self, kind: str) -> list[Record]:
        return [r for r in self.records.values() if r.kind == kind]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    def links_from(self, ref: str) -> list[Link]:
        return self._links_by_source.get(ref, [])

    def links_to(self, ref: str) -> list[Link]:
        return self._links_by_target.get(ref, [])

    @cached_property
    def _links_by_source(self) -> dict[str, list[Link]]:
        out: dict[str, list[Link]] = defaultdict(list)
        for link in self.links:
            out[link.source].append(link)
        return out

    @cached_property
    def _links_by_target(self) -> dict[str, list[Link]]:
        out: dict[str, list[Link]] = defaultdict(list)
        for link in self.links:
            out[link.target].append(link)
        return out


class ReadCache:
    """What reading gave for each record file, for a process that loads the same site again
    (``publisher serve``): a file whose size, modification and change times and inode are those
    it had when it was read is not read, modelled or looked through for references again.

    A file modified less than :data:`RACY_NS` before it was read is read again next time, whatever
    its times say (a file system with coarse times could show an edit made just after the read
    with the same modification time; any later edit moves it). Another configuration or working
    folder empties the cache.
    """

    def __init__(self) -> None:
        self._key: tuple[str, str] | None = None
        self._files: dict[Path, tuple[tuple[int, int, int, int], _Entry]] = {}
        self._stats: list[tuple[int, int, int, int] | None] = []  # the last split's, in its order

    def __len__(self) -> int:
        return len(self._files)

    def split(self, files: Sequence[tuple[str, Path]], config: SiteConfig,
              cwd: str) -> tuple[list[_Entry | None], list[int]]:
        """The cached entry of each file (``None`` where it must be read) and the places of the
        files to read; remembers each file's times, taken now, before it is read, for :meth:`keep`."""
        key = (repr(config), cwd)
        if key != self._key:
            self._key, self._files = key, {}
        known: list[_Entry | None] = []
        todo: list[int] = []
        self._stats = []
        started = time.time_ns()
        for place, (_, file) in enumerate(files):
            try:
                info = os.stat(file)
                stat: tuple[int, int, int, int] | None = (info.st_size, info.st_mtime_ns, info.st_ctime_ns,
                                                          info.st_ino)
            except OSError:
                stat = None
            cached = self._files.get(file)
            if stat is not None and cached is not None and cached[0] == stat:
                known.append(cached[1])
            else:
                known.append(None)
                todo.append(place)
            # a file changed just before now is not kept: read again next time
            self._stats.append(stat if stat is not None and started - stat[1] > RACY_NS else None)
        return known, todo

    def keep(self, files: Sequence[tuple[str, Path]], entries: Sequence[_Entry]) -> None:
        """Keep what reading gave for ``files`` (those of the last :meth:`split`), and only that."""
        kept = zip(files, self._stats, entries, strict=True)
        self._files = {file: (stat, entry) for (_, file), stat, entry in kept if stat is not None}


# A file changed this close to its reading is read again on the next load (see ReadCache).
RACY_NS = 2_000_000_000

# What reading one file gave: the record (packed; None when it could not be read), its model's
# values, its references, and the reading and modelling diagnostics.
_Entry = tuple[Packed | None, dict[str, Any] | None, list[tuple[str, str, str]], Sequence[Diagnostic],
               Sequence[Diagnostic]]


def load_site(path: str | Path = ".", *, base_url: str | None = None, cache: ReadCache | None = None) -> Site:
    """Read, model and link the site in ``path``. Bad content gives diagnostics, not exceptions.

    A large site is read and modelled by one process per core, each a contiguous share of the
    files (see :mod:`publisher.parallel`); they send back the records, their models' values and
    their references, not the pydantic models. Records and diagnostics are the same, in the same
    order, as when one process does it all. With ``cache`` (kept by the caller between loads),
    only the files that changed since the last load with it are read.
    """
    root, config, diagnostics = _load_config(path, base_url)
    with paused_gc():  # many small long-lived objects: collections would only walk them again
        files = record_files(root, config.limits, diagnostics)
        cwd = os.getcwd()
        if cache is not None:
            entries, todo = cache.split(files, config, cwd)
        else:
            entries, todo = [None] * len(files), list(range(len(files)))
        jobs = auto_jobs(len(todo))

        def load_share(share: Sequence[int]) -> list[_Entry]:
            return [(None if raw is None else pack(raw), jsonld, refs, read, modelled)
                    for raw, jsonld, refs, read, modelled in _read_files(files, share, config, cwd)]

        shares = _shares(todo, jobs)
        for share, loaded in zip(shares, fork_map(load_share, shares, jobs), strict=True):
            for place, entry in zip(share, loaded, strict=True):
                entries[place] = entry
        done: list[_Entry] = entries  # type: ignore[assignment]  # every place is filled now
        if cache is not None:
            cache.keep(files, done)
        raws: list[RawRecord] = []
        jsonlds: dict[int, dict[str, Any] | None] = {}
        references: list[list[tuple[str, str, str]]] = []
        model_problems: list[Diagnostic] = []
        for (kind, file), (packed, jsonld, refs, read, modelled) in zip(files, done, strict=True):
            diagnostics.extend(read)
            model_problems.extend(modelled)
            if packed is not None:
                raw = unpack(kind, file, packed)
                raws.append(raw)
                jsonlds[id(raw)] = jsonld
                references.append(refs)
        diagnostics.extend(model_problems)
        index, links = link_records(raws, diagnostics, references)
        ids = Identifiers(config.base_url)
        records = {
            ref: Record.of(raw, jsonlds[id(raw)], ids)
            for ref, raw in index.items()
        }
    _finish_diagnostics(config, records, diagnostics)
    return Site(config, records, links, diagnostics)


def _load_config(path: str | Path, base_url: str | None) -> tuple[Path, SiteConfig, list[Diagnostic]]:
    root = Path(path)
    config, diagnostics = load_config(root, display_path(root) if str(path) else ".", base_url)
    return root, config, diagnostics


def _finish_diagnostics(config: SiteConfig, refs: Container[str], diagnostics: list[Diagnostic]) -> None:
    """The site's publisher must be one of its records (``refs``); then the diagnostics in order."""
    if config.publisher and config.publisher not in refs:
        diagnostics.append(
            make("REF001", f"site.publisher: no record {config.publisher!r}",
                 display_path(config.path))
        )
    diagnostics.sort(key=Diagnostic.sort_key)


def _read_files(files: Sequence[tuple[str, Path]], places: Sequence[int], config: SiteConfig,
                cwd: str) -> list[tuple[RawRecord | None, dict[str, Any] | None, list[tuple[str, str, str]],
                                        Sequence[Diagnostic], Sequence[Diagnostic]]]:
    """Read and model the files at ``places``: for each, the record (None when it could not be
    read), its model's values (None when it does not fit its model), its references, and the
    reading and the modelling diagnostics."""
    reads: list[Sequence[Diagnostic]] = []
    raws = []
    for place in places:
        kind, file = files[place]
        read: list[Diagnostic] = []
        raws.append(read_record(kind, file, config.limits, read, cwd))
        reads.append(read or ())  # () pickles smaller than []
    # modelled after all are read: one loop after the other keeps each one's code and data
    # in the processor's caches (interleaved, pydantic's validation takes half as long again)
    out = []
    for raw, read in zip(raws, reads, strict=True):
        if raw is None:
            out.append((None, None, [], read, ()))
            continue
        modelled: list[Diagnostic] = []
        model = build_model(raw, modelled)
        jsonld = None if model is None else model.jsonld_data()
        out.append((raw, jsonld, list(iter_references(raw.data)), read, modelled or ()))
    return out


# This process reads more than an equal part: the others also pickle what they read and send it
# back, which this process unpickles once its own part is read (at 10k articles, a file takes about
# 75 µs to read and model, 22 µs more to pickle, 17 µs to unpickle).
_OWN_PART = 1.15
# load_in_parts: the first part is this process's, which also links the site and unpickles what
# the others send.
_FIRST_PART = 0.95


def _parts(count: int, jobs: int, first_share: float) -> list[range]:
    """Contiguous parts of ``count`` items for ``jobs`` processes, this process's first, of
    ``first_share`` times an equal part (one part when ``jobs`` is 1 or the items are too few)."""
    first = max(1, int(count / jobs * first_share)) if jobs > 1 else count
    if first >= count:
        return [range(count)]
    return [range(first), *split(range(first, count), jobs - 1)]  # type: ignore[list-item]


def _shares(files: Sequence[T], jobs: int) -> list[Sequence[T]]:
    """Contiguous shares of ``files`` for :func:`fork_map`, one per process, this process's first
    (:data:`_OWN_PART`)."""
    return [files[part.start:part.stop] for part in _parts(len(files), jobs, _OWN_PART)]


# --- loading in parts that keep their records -----------------------------------------------------

PartWork = Callable[["Site", list["Record"]], R]
"""Work on a part of a site: ``work(site, records)``, ``records`` the part's own (see
:func:`load_in_parts`)."""


@dataclass
class PartsLoaded(Generic[R]):
    """What :func:`load_in_parts` gives back: the site's configuration, the reading, modelling and
    linking diagnostics (``Site.diagnostics``), the path of every record (in ``Site.records``'
    order), and what the work on each part returned (in part order)."""

    config: SiteConfig
    diagnostics: list[Diagnostic]
    paths: list[str]
    results: list[R]


def load_in_parts(path: str | Path, prepare: Callable[[SiteConfig], PartWork[R]], *,
                  base_url: str | None = None) -> PartsLoaded[R]:
    """Load the site in ``path`` as :func:`load_site` does, and run some work on every record of
    it, in parts that each keep the records they read.

    ``prepare(config)`` (called once the configuration is read, before any record file is)
    gives the work. A large site's files are shared out over the cores in contiguous parts (see
    :mod:`publisher.rounds`): each process reads and models its part, sends what linking needs
    (each record's reference and references, the diagnostics) to this process, which links the
    site, and gets back which of its records are the site's (a duplicate is not) and which of
    them other records refer to. Those are sent to every part; then each part's process runs
    ``work(site, records)``: ``records`` its part's records of the site, in reading order,
    ``site`` a :class:`Site` whose ``records`` are those and every record of the site that any
    record refers to (from other parts without their body), so that the work can follow any
    reference. Only what the work returns comes back. The diagnostics are those of
    ``load_site(path).diagnostics``.
    """
    root, config, diagnostics = _load_config(path, base_url)
    work = prepare(config)
    with paused_gc():
        files = record_files(root, config.limits, diagnostics)
        cwd = os.getcwd()
        jobs = auto_jobs(len(files)) if can_fork() else 1
        parts = _parts(len(files), jobs, _FIRST_PART)
        meeting = _Meeting(files, parts, config, cwd, diagnostics)
        ids = Identifiers(config.base_url)

        def run(places: Sequence[int], swap: Swap) -> R:
            entries = _read_files(files, places, config, cwd)
            own, wanted = swap([(None, None, refs, read, modelled) if raw is None else
                                (raw.slug, raw.path, refs, read, modelled)
                                for raw, _, refs, read, modelled in entries])
            entry = dict(zip(places, entries, strict=True))
            sent = swap([(place, _without_body(entry[place][0]), entry[place][1])  # type: ignore[arg-type]
                         for place in wanted])
            records: dict[str, Record] = {}
            for place in own:
                raw, jsonld = entry[place][:2]
                assert raw is not None  # a record of the site was read
                records[raw.ref] = Record.of(raw, jsonld, ids)
            mine = list(records.values())
            for place, packed, jsonld in sent:
                if place not in entry:
                    raw = unpack(*files[place], packed)
                    records[raw.ref] = Record.of(raw, jsonld, ids)
            return work(Site(config, records, []), mine)

        results = fork_rounds(run, parts, meeting.meet)
    return PartsLoaded(config, meeting.diagnostics, meeting.paths, results)


def _without_body(raw: RawRecord) -> Packed:
    slug, path, data, source, _, body_line, draft = pack(raw)
    return slug, path, data, source, None, body_line, draft


class _Meeting:
    """:func:`load_in_parts`'s meetings: links the site from what the parts read, then passes
    on the records that are referred to."""

    def __init__(self, files: Sequence[tuple[str, Path]], parts: Sequence[range], config: SiteConfig,
                 cwd: str, diagnostics: list[Diagnostic]) -> None:
        self.files = files
        self.parts = parts
        self.config = config
        self.cwd = cwd
        self.diagnostics = diagnostics
        self.paths: list[str] = []

    def meet(self, count: int, values: list[Any]) -> list[Any]:
        if count == 0:
            return self._link(values)
        sent = [record for part in values for record in part]
        return [sent] * len(values)

    def _link(self, summaries: list[Any]) -> list[tuple[list[int], list[int]]]:
        """Link the records as :func:`load_site` does; each part's records of the site, and
        those of them that a record of the site refers to."""
        diagnostics = self.diagnostics
        files, limits, cwd = self.files, self.config.limits, self.cwd
        stand_ins: list[RawRecord] = []
        places: list[int] = []
        references: list[list[tuple[str, str, str]]] = []
        model_problems: list[Diagnostic] = []
        for part, summary in zip(self.parts, summaries, strict=True):
            for place, (slug, shown, refs, read, modelled) in zip(part, summary, strict=True):
                diagnostics.extend(read)
                model_problems.extend(modelled)
                if slug is not None:
                    kind, file = files[place]
                    stand_ins.append(RawRecord(kind, slug, shown, file, {},
                                               _ReadAgain(shown, kind, file, limits, cwd)))
                    places.append(place)
                    references.append(refs)
        diagnostics.extend(model_problems)
        index, _ = link_records(stand_ins, diagnostics, references)
        _finish_diagnostics(self.config, index, diagnostics)
        self.paths = [record.path for record in index.values()]
        place_of = {id(record): place for record, place in zip(stand_ins, places, strict=True)}
        own = {place_of[id(record)] for record in index.values()}
        wanted: set[int] = set()
        for place, refs in zip(places, references, strict=True):
            if place in own:
                for _, _, target in refs:
                    found = index.get(target)
                    if found is not None:
                        wanted.add(place_of[id(found)])
        return [([p for p in part if p in own], [p for p in part if p in wanted]) for part in self.parts]


class _ReadAgain(DeferredSourceMap):
    """The source map of a record read in another process, read again from its file on first use
    (only a diagnostic of linking asks for a position)."""

    __slots__ = ("_cwd", "_file", "_kind", "_limits")

    def __init__(self, path: str, kind: str, file: Path, limits: Limits, cwd: str) -> None:
        self.path = path
        self._kind = kind
        self._file = file
        self._limits = limits
        self._cwd = cwd

    def _load(self) -> SourceMap:
        raw = read_record(self._kind, self._file, self._limits, [], self._cwd)
        return raw.source if raw is not None else SourceMap(self.path)
