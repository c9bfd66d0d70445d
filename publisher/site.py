"""A loaded site: configuration, records, links and everything reading found wrong.

``load_site`` runs the first stages of the pipeline (read -> model -> link) and never raises on
bad content; problems are in ``Site.diagnostics``. Only an unusable ``publisher.toml`` raises
:class:`~publisher.content.config.ConfigError` (the command cannot run).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from publisher.codes import make
from publisher.content.config import SiteConfig, load_config
from publisher.content.reader import (
    Packed,
    RawRecord,
    display_path,
    pack,
    read_record,
    record_files,
    unpack,
)
from publisher.diagnostics import Diagnostic, Severity
from publisher.link import Identifiers, Link, link_records
from publisher.link.resolve import iter_references
from publisher.model.base import Node
from publisher.model.build import build_model
from publisher.parallel import auto_jobs, fork_map, paused_gc, split

_UNSET: Any = object()


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
    def kind(self) -> str:
        return self.raw.kind

    @property
    def slug(self) -> str:
        return self.raw.slug

    @property
    def ref(self) -> str:
        return self.raw.ref

    @property
    def path(self) -> str:
        return self.raw.path

    @property
    def type(self) -> str:
        return str(self.raw.data.get("type", ""))

    @property
    def data(self) -> dict[str, Any]:
        return self.raw.data

    @property
    def body(self) -> str | None:
        return self.raw.body

    @property
    def draft(self) -> bool:
        return self.raw.draft

    @property
    def title(self) -> str:
        data = self.raw.data
        value = data.get("headline") or data.get("name") or self.slug
        return value if isinstance(value, str) else self.slug


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


def load_site(path: str | Path = ".", *, base_url: str | None = None) -> Site:
    """Read, model and link the site in ``path``. Bad content gives diagnostics, not exceptions.

    A large site is read and modelled by one process per core, each a contiguous share of the
    files (see :mod:`publisher.parallel`); they send back the records, their models' values and
    their references, not the pydantic models (which are not kept: see :attr:`Record.model`).
    Records and diagnostics are the same, in the same order, as when one process does it all.
    """
    root = Path(path)
    config, diagnostics = load_config(root, display_path(root) if str(path) else ".", base_url)
    with paused_gc():  # many small long-lived objects: collections would only walk them again
        files = record_files(root, config.limits, diagnostics)
        jobs = auto_jobs(len(files))
        cwd = os.getcwd()

        def load_share(share: Sequence[tuple[str, Path]]) -> _Share:
            read: list[Diagnostic] = []
            modelled: list[Diagnostic] = []
            raws = []
            for index, (kind, file) in enumerate(share):
                raw = read_record(kind, file, config.limits, read, cwd)
                if raw is not None:
                    raws.append((index, raw))
            out = []
            # modelled after all are read: one loop after the other keeps each one's code and data
            # in the processor's caches (interleaved, pydantic's validation takes half as long again)
            for index, raw in raws:
                model = build_model(raw, modelled)
                jsonld = None if model is None else model.jsonld_data()
                out.append((pack(index, raw), jsonld, list(iter_references(raw.data))))
            return out, read, modelled

        raws: list[RawRecord] = []
        jsonlds: dict[int, dict[str, Any] | None] = {}
        references: list[list[tuple[str, str, str]]] = []
        model_problems: list[Diagnostic] = []
        shares = _shares(files, jobs)
        for share, (loaded, read, modelled) in zip(shares, fork_map(load_share, shares, jobs), strict=True):
            for packed, jsonld, refs in loaded:
                raw = unpack(share, packed)
                raws.append(raw)
                jsonlds[id(raw)] = jsonld
                references.append(refs)
            diagnostics.extend(read)
            model_problems.extend(modelled)
        diagnostics.extend(model_problems)
        index, links = link_records(raws, diagnostics, references)
        ids = Identifiers(config.base_url)
        records = {
            ref: Record(raw, jsonlds[id(raw)], ids.entity(ref), ids.page(ref))
            for ref, raw in index.items()
        }
    if config.publisher and config.publisher not in records:
        diagnostics.append(
            make("REF001", f"site.publisher: no record {config.publisher!r}",
                 display_path(config.path))
        )
    diagnostics.sort(key=Diagnostic.sort_key)
    return Site(config, records, links, diagnostics)


# This process reads a little less than its part: it also unpickles what the others send back.
_OWN_PART = 0.9
# The others' parts go in pieces, each sent back (and unpickled here) while the next is read.
_PIECES = 4


def _shares(files: Sequence[tuple[str, Path]], jobs: int) -> list[Sequence[tuple[str, Path]]]:
    """Contiguous shares of ``files`` for :func:`fork_map`: this process's first, then the rest in
    :data:`_PIECES` pieces per other process (one share when ``jobs`` is 1)."""
    if jobs <= 1:
        return [files]
    own = int(len(files) / jobs * _OWN_PART)
    return [files[:own], *split(files[own:], _PIECES * (jobs - 1))]


_Share = tuple[
    list[tuple[Packed, dict[str, Any] | None, list[tuple[str, str, str]]]],
    list[Diagnostic],
    list[Diagnostic],
]
