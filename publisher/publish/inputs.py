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

This is knowledge of the default theme: a change to its templates that makes a page show more
than the above (say, an author's other articles on an article page, or a record two references
away on a card) must add that input here. ``tests/test_incremental.py`` compares rebuilds after
edits of every kind of record with full builds, and fails when a digest misses an input.

A record's page digests its JSON-LD document's inputs rather than the document, which is then
worked out only when the page is drawn (:data:`~publisher.render.pages.DEFERRED`).
:func:`publisher.render.jsonld.page_document` reads the site's configuration (the environment
key), whether ``site.publisher`` is a record, the page's record and the records linked from it
up to two steps away (:func:`~publisher.render.jsonld.related_records`), each as its node: its
values, identity, and whether the records it names exist. That is the record's neighbourhood,
those of the records it names and those of the records *they* name ("names of names"): every
link target is a name (a link is a whole-reference value), and a neighbourhood covers each name's
existence (a missing record digests as such).

Pages the digest cannot describe get ``None`` and are always drawn: the home page (it lists the
latest studies and conditions of the whole site through ``theme.visible``), and every page of a
site with its own ``templates/`` (a template may reach any record through ``site``).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

import orjson

from publisher.model.values import REFERENCE_RE
from publisher.render.html import Renderer
from publisher.render.pages import Page
from publisher.site import Record, Site

ALWAYS_DRAWN = frozenset({"home"})
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_SERIALIZE_NUMPY
_MISSING = b"\x00missing"
# A reference as a whole quoted string: REFERENCE_RE's pattern between quotes instead of ^ and $
# (double quotes in JSON; either quote in the repr() of the last resort in _serialize).
_REFERENCE = REFERENCE_RE.pattern.strip("^$").encode()
_QUOTED_REFERENCE = re.compile(b'"(' + _REFERENCE + b')"')
_REPR_REFERENCE = re.compile(b'["\'](' + _REFERENCE + b')["\']')

# orjson's ``null`` as a value (it writes no spaces); the word in a text does not match.
_NULL_TOKEN = re.compile(rb"[:,\[]null[,\]}]")


def _serialize(value: Any, default: Any) -> bytes:
    return _serialized(value, default)[0]


def _serialized(value: Any, default: Any) -> tuple[bytes, bool]:
    """``value`` as JSON text, whatever it holds, and whether it is JSON (not the last resort).

    orjson first (fast); it refuses integers beyond 64 bits and lone surrogates, and writes NaN
    and infinities as ``null`` (so a change between them would go unseen), all of which a build
    forced past their errors still draws: then the standard library's JSON, and ``repr`` as a
    last resort (at worst a page is drawn again for nothing).
    """
    try:
        text = orjson.dumps(value, default=default, option=_OPTIONS)
        if b"null" not in text or _NULL_TOKEN.search(text) is None:
            return text, True
    except TypeError:
        pass
    try:
        return json.dumps(value, default=default, ensure_ascii=False).encode("utf-8", "surrogatepass"), True
    except (TypeError, ValueError, RecursionError):
        return repr(value).encode("utf-8", "surrogatepass"), False


def page_fields(page: Page) -> list[Any]:
    """The page's own fields a digest holds (besides ``extra``, its document and its records)."""
    return [page.template, page.output, page.url, page.title, page.kind, page.trail, page.number, page.count,
            page.prev_url, page.next_url]


def same_values(one: Any, other: Any) -> bool:
    """The same values, to the type (``1``, ``1.0`` and ``True`` are equal in Python, not here)."""
    try:
        return pickle.dumps(one, pickle.HIGHEST_PROTOCOL) == pickle.dumps(other, pickle.HIGHEST_PROTOCOL)
    except Exception:  # a value pickle cannot write: not known to be the same
        return False


class Used(NamedTuple):
    """What a page's digest was made of (a :class:`PageInputs` with ``track``): the records whose
    neighbourhood digests it holds, and the records whose links *to* them it read (the page's
    record: who names it; for an article, each record it is about: who else is, for the related
    stories). :mod:`publisher.publish.live` asks these to know which digests an edit can change."""

    around: frozenset[str]
    links: frozenset[str]


class PageInputs:
    """Digests of pages of one site, with the per-record digests worked out once each."""

    def __init__(self, site: Site, renderer: Renderer, *, track: bool = False) -> None:
        self.site = site
        self.renderer = renderer
        self._own: dict[str, bytes] = {}
        self._around: dict[str, bytes] = {}
        self._named: dict[str, list[str]] = {}
        self._entries: dict[str, bytes] = {}  # a reference and its neighbourhood digest, as _add writes them
        # With ``track``, what each page's digest was made of (:class:`Used`), by output.
        self.used: dict[str, Used] | None = {} if track else None
        self._using: set[str] | None = None

    def _dumps(self, value: Any) -> bytes:
        return _serialize(value, self._default)

    def _default(self, value: Any) -> Any:
        if isinstance(value, Record):
            if self._using is not None:
                self._using.add(value.ref)
            return "record:" + self.around(value.ref).hex()
        if isinstance(value, set | frozenset):
            return sorted(value, key=repr)
        return repr(value)  # an unknown object: at worst the page is drawn again

    def _read(self, ref: str) -> None:
        """Work out the record's own digest and the references it holds, from one serialization.

        The references are found in the JSON text of the record: every JSON string that is a
        whole reference (a key or a value, at any depth). A string that merely contains one
        after an escaped quote may add a name that is not one: a page is then drawn once more
        than needed, never once less.
        """
        record = self.site.records.get(ref)
        if record is None:
            self._own[ref], self._named[ref] = _MISSING, []
            return
        text, is_json = _serialized([ref, record.id, record.page_url, record.draft, record.data], repr)
        hasher = hashlib.blake2b(text, digest_size=16)
        body = record.body  # digested as it is, not looked through for references
        hasher.update(b"\0no body" if body is None else b"\0body " + body.encode("utf-8", "surrogatepass"))
        self._own[ref] = hasher.digest()
        pattern = _QUOTED_REFERENCE if is_json else _REPR_REFERENCE
        found = {match.group(1).decode() for match in pattern.finditer(text)}
        found.discard(ref)
        self._named[ref] = sorted(found)

    def carry(self, before: PageInputs) -> tuple[set[str], set[str]]:
        """Take over ``before``'s digests (of an earlier state of the same site) of the records
        that are the same: the same values and body, as objects (a :class:`~publisher.site.ReadCache`
        gives back what it kept for a file it did not read again), identity and draft flag; the
        others' are worked out again. Returns the references whose own digest changed (added and
        removed records included), and those of them whose values changed, not only their body.
        """
        old_records = before.site.records
        changed: set[str] = set()
        moved: set[str] = set()
        for ref, record in self.site.records.items():
            old = old_records.get(ref)
            if old is None:
                changed.add(ref)
                moved.add(ref)
                continue
            same = (old.raw.data is record.raw.data or same_values(old.raw.data, record.raw.data)) and (
                old.id == record.id and old.page_url == record.page_url and old.draft == record.draft)
            if same and old.raw.body is record.raw.body and ref in before._own:
                self._own[ref], self._named[ref] = before._own[ref], before._named[ref]
                continue
            if self.own(ref) != before.own(ref):
                changed.add(ref)
                if not same:
                    moved.add(ref)
        for ref in old_records.keys() - self.site.records.keys():
            changed.add(ref)
            moved.add(ref)
        return changed, moved

    def carry_around(self, before: PageInputs, changed: set[str]) -> None:
        """Take over ``before``'s neighbourhood digests but those of ``changed`` records (whose
        own digest, or one of their names', changed: see :meth:`carry`)."""
        for ref, digest in before._around.items():
            if ref not in changed:
                self._around.setdefault(ref, digest)

    def prepare(self) -> None:
        """Work out every record's own digest and names now (before forking, say)."""
        for ref in self.site.records:
            if ref not in self._own:
                self._read(ref)

    def own(self, ref: str) -> bytes:
        """The record's own content: identity, draft flag, data (in its order) and body."""
        if ref not in self._own:
            self._read(ref)
        return self._own[ref]

    def named(self, ref: str) -> list[str]:
        """The references the record holds, sorted (its own excepted)."""
        if ref not in self._named:
            self._read(ref)
        return self._named[ref]

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

    def _add(self, parts: list[bytes], mark: bytes, refs: Iterable[str]) -> None:
        """Add each reference, tagged with ``mark``, and its neighbourhood digest to ``parts`` (the
        bytes of a page's digest, hashed at once: one update per page, not three per reference)."""
        entries = self._entries
        if self._using is not None:
            refs = list(refs)
            self._using.update(refs)
        for ref in refs:
            entry = entries.get(ref)
            if entry is None:
                entry = entries[ref] = ref.encode() + self.around(ref)
            parts += (mark, entry)

    def digest(self, page: Page) -> str | None:
        """The page's digest, or ``None`` when it must be drawn whatever the previous build did."""
        if page.kind in ALWAYS_DRAWN:
            return None
        if self.used is None:
            return self._digest(page)
        self._using = set()
        try:
            digest = self._digest(page)
        finally:
            around, self._using = frozenset(self._using), None
        record = page.record
        links: frozenset[str] = frozenset()
        if record is not None:
            links = frozenset({record.ref, *(self.renderer.related_targets(record)
                                             if record.kind == "articles" else ())})
        self.used[page.output] = Used(around, links)
        return digest

    def _digest(self, page: Page) -> str:
        # The page's own fields hold None where there is no previous or next page: written with
        # the standard library's JSON (small), so that orjson's ``null`` check in _serialize is
        # met only where a NaN could hide, in ``extra`` and the document.
        parts = [json.dumps(page_fields(page), default=repr).encode("utf-8", "surrogatepass"),
                 b"\0extra ", self._dumps(page.extra)]
        record = page.record
        if record is None or page.kind != "record":
            parts += (b"\0document ", self._dumps(page.document))
        else:  # the document's inputs instead of the document (see the module's notes)
            publisher = self.site.config.publisher
            parts.append(b"\0publisher %d" % (publisher in self.site.records if publisher else 2))
        self._add(parts, b"\0member ", (member.ref for member in page.members))
        if record is not None:
            ref = record.ref
            names = self.named(ref)
            self._add(parts, b"\0record ", [ref])
            self._add(parts, b"\0names ", names)
            if page.kind == "record":
                far = sorted({second for name in names for second in self.named(name)})
                self._add(parts, b"\0names of names ", far)
            self._add(parts, b"\0named by ", sorted({link.source for link in self.site.links_to(ref)}))
            if record.kind == "articles":
                self._add(parts, b"\0related ", (other.ref for other in self.renderer.related(record)))
        return hashlib.blake2b(b"".join(parts), digest_size=20).hexdigest()
