"""A loaded site: configuration, records, links and everything reading found wrong.

``load_site`` runs the first stages of the pipeline (read -> model -> link) and never raises on
bad content; problems are in ``Site.diagnostics``. Only an unusable ``publisher.toml`` raises
:class:`~publisher.content.config.ConfigError` (the command cannot run).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from publisher.codes import make
from publisher.content.config import SiteConfig, load_config
from publisher.content.reader import RawRecord, display_path, read_records
from publisher.diagnostics import Diagnostic, Severity
from publisher.link import Identifiers, Link, link_records
from publisher.model.base import Node
from publisher.model.build import build_model
from publisher.parallel import paused_gc


@dataclass(slots=True)
class Record:
    """One record of the site, read, modelled and linked."""

    raw: RawRecord
    model: Node | None
    id: str
    page_url: str

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
    """Read, model and link the site in ``path``. Bad content gives diagnostics, not exceptions."""
    root = Path(path)
    config, diagnostics = load_config(root, display_path(root) if str(path) else ".", base_url)
    with paused_gc():  # many small long-lived objects: collections would only walk them again
        raws, read_problems = read_records(root, config.limits)
        diagnostics.extend(read_problems)
        models = {id(raw): build_model(raw, diagnostics) for raw in raws}
        index, links = link_records(raws, diagnostics)
        ids = Identifiers(config.base_url)
        records = {
            ref: Record(raw, models[id(raw)], ids.entity(ref), ids.page(ref))
            for ref, raw in index.items()
        }
    if config.publisher and config.publisher not in records:
        diagnostics.append(
            make("REF001", f"site.publisher: no record {config.publisher!r}",
                 display_path(config.path))
        )
    diagnostics.sort(key=Diagnostic.sort_key)
    return Site(config, records, links, diagnostics)
