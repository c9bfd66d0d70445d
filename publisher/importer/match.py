"""Find the site's records that an imported author or publisher names."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from publisher.importer.draft import Agent
    from publisher.site import Site

_HONORIFICS = re.compile(r"^(?:dr|prof|professor|mr|mrs|ms|mx|sir|dame)\.?\s+", re.IGNORECASE)


def normalize_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[\s\u00a0]+", " ", text).strip(" .,")
    return _HONORIFICS.sub("", text)


def _url_key(url: str) -> tuple[str, str] | None:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    return host, parts.path.rstrip("/") + "/"


@dataclass
class SiteIndex:
    """Names and addresses of the site's people and organizations (empty without a site)."""

    names: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> name -> ref
    urls: dict[str, list[tuple[tuple[str, str], str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, site: Site | None) -> SiteIndex:
        index = cls()
        if site is None:
            return index
        for record in sorted(site.records.values(), key=lambda r: r.ref):
            if record.kind not in ("people", "organizations"):
                continue
            names = index.names.setdefault(record.kind, {})
            data = record.data
            values = [data.get("name"), data.get("legalName")]
            alternate = data.get("alternateName")
            values += alternate if isinstance(alternate, list) else [alternate]
            for value in values:
                if isinstance(value, str) and value.strip():
                    names.setdefault(normalize_name(value), record.ref)
            urls = data.get("url")
            same_as = data.get("sameAs")
            for url in [urls, *(same_as if isinstance(same_as, list) else [same_as])]:
                key = _url_key(url) if isinstance(url, str) else None
                if key is not None:
                    index.urls.setdefault(record.kind, []).append((key, record.ref))
        return index

    def find_agent(self, agent: Agent, kinds: tuple[str, ...]) -> str | None:
        """The record an author or publisher names: by name first, then by address."""
        wanted = kinds
        if agent.type == "Person":
            wanted = tuple(k for k in kinds if k == "people")
        elif agent.type:
            wanted = tuple(k for k in kinds if k == "organizations")
        key = normalize_name(agent.name)
        for kind in wanted:
            ref = self.names.get(kind, {}).get(key)
            if ref is not None:
                return ref
        for url in [agent.url, *agent.same_as]:
            if url:
                ref = self.find_by_url(url, wanted, exact=True)
                if ref is not None:
                    return ref
        return None

    def find_by_url(self, url: str, kinds: tuple[str, ...], exact: bool = False) -> str | None:
        """The record whose address is ``url`` (exact) or the longest prefix of it."""
        key = _url_key(url)
        if key is None:
            return None
        best: tuple[int, str] | None = None
        for kind in kinds:
            for (host, path), ref in self.urls.get(kind, []):
                if host != key[0]:
                    continue
                fits = path == key[1] or (not exact and key[1].startswith(path))
                if fits and (best is None or len(path) > best[0]):
                    best = (len(path), ref)
        return best[1] if best else None
