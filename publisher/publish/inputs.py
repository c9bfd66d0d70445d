"""What each page is drawn from, as a digest: the key of an incremental build.

A page's digest covers every input its default-theme template can reach, so two builds that give
a page the same digest draw it byte for byte the same (with the same templates, code and
configuration, which :func:`publisher.publish.incremental.environment_key` covers):

* the :class:`~publisher.render.pages.Page` itself: template, output, URL, title, trail,
  pagination, ``extra`` and its JSON-LD document;
* each record the page draws (its own record, the members of a listing, the records in
  ``extra``), by its *neighbourhood* digest: the record's own content plus the content of every
  record it names (a card shows the names of its authors, a study box its sponsor);
* for a record's page, the neighbourhoods of the records it names, of the records naming it
  (``theme.linking``: a person's articles, a study's reports) and, for an article, of its related
  stories (``theme.related``, worked out exactly as the template will).

Pages the digest cannot describe get ``None`` and are always drawn: the home page (it lists the
latest studies and conditions of the whole site through ``theme.visible``), and every page of a
site with its own ``templates/`` (a template may reach any record through ``site``).
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

from publisher.model.values import is_reference
from publisher.render.html import Renderer
from publisher.render.pages import Page
from publisher.site import Record, Site

ALWAYS_DRAWN = frozenset({"home"})
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_SERIALIZE_NUMPY
_MISSING = b"\x00missing"


def _names(value: Any, found: set[str]) -> None:
    """Every reference (``kind/slug``) anywhere in ``value``: what a template may look up."""
    if isinstance(value, str):
        if is_reference(value):
            found.add(value)
    elif isinstance(value, dict):
        for item in value.values():
            _names(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _names(item, found)


class PageInputs:
    """Digests of pages of one site, with the per-record digests worked out once each."""

    def __init__(self, site: Site, renderer: Renderer) -> None:
        self.site = site
        self.renderer = renderer
        self._own: dict[str, bytes] = {}
        self._around: dict[str, bytes] = {}
        self._named: dict[str, list[str]] = {}

    def _dumps(self, value: Any) -> bytes:
        return orjson.dumps(value, default=self._default, option=_OPTIONS)

    def _default(self, value: Any) -> Any:
        if isinstance(value, Record):
            return "record:" + self.around(value.ref).hex()
        if isinstance(value, set | frozenset):
            return sorted(value, key=repr)
        return repr(value)  # an unknown object: at worst the page is drawn again

    def own(self, ref: str) -> bytes:
        """The record's own content: identity, draft flag, data (in its order) and body."""
        digest = self._own.get(ref)
        if digest is None:
            record = self.site.records.get(ref)
            if record is None:
                digest = _MISSING
            else:
                text = orjson.dumps(
                    [ref, record.id, record.page_url, record.draft, record.data, record.body],
                    default=repr, option=_OPTIONS,
                )
                digest = hashlib.blake2b(text, digest_size=16).digest()
            self._own[ref] = digest
        return digest

    def named(self, ref: str) -> list[str]:
        """The references in the record's data, sorted."""
        names = self._named.get(ref)
        if names is None:
            record = self.site.records.get(ref)
            found: set[str] = set()
            if record is not None:
                _names(record.data, found)
            found.discard(ref)
            names = self._named[ref] = sorted(found)
        return names

    def around(self, ref: str) -> bytes:
        """The record's own digest and those of the records it names."""
        digest = self._around.get(ref)
        if digest is None:
            hasher = hashlib.blake2b(self.own(ref), digest_size=16)
            for name in self.named(ref):
                hasher.update(name.encode())
                hasher.update(self.own(name))
            digest = self._around[ref] = hasher.digest()
        return digest

    def _record_inputs(self, record: Record) -> list[str]:
        ref = record.ref
        parts = [ref, self.around(ref).hex()]
        parts += [f"{name}={self.around(name).hex()}" for name in self.named(ref)]
        sources = sorted({link.source for link in self.site.links_to(ref)})
        parts += [f"<{source}={self.around(source).hex()}" for source in sources]
        if record.kind == "articles":
            related = self.renderer.related(record)
            parts += [f"~{other.ref}={self.around(other.ref).hex()}" for other in related]
        return parts

    def digest(self, page: Page) -> str | None:
        """The page's digest, or ``None`` when it must be drawn whatever the previous build did."""
        if page.kind in ALWAYS_DRAWN:
            return None
        parts: list[Any] = [
            page.template, page.output, page.url, page.title, page.kind, page.trail, page.number,
            page.count, page.prev_url, page.next_url, page.extra, page.document,
            [self.around(member.ref).hex() for member in page.members],
        ]
        if page.record is not None:
            parts.append(self._record_inputs(page.record))
        return hashlib.blake2b(self._dumps(parts), digest_size=20).hexdigest()
