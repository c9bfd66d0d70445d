"""A build kept in memory between rebuilds: ``publisher serve`` after an edit of content.

A rebuild by :func:`publisher.publish.build.build_site` works out every page's digest and makes a
whole new output folder (hard links to the unchanged pages) that is swapped in for the old one:
right for ``publisher build``, a fresh process that knows nothing of the last build, but on a
large site most of a rebuild after one edit. A running ``serve`` knows what it built last: the
site, each page's digest, what each digest was made of (:class:`~publisher.publish.inputs.Used`)
and each page file's size. After an edit of records only, :meth:`LiveBuild.update`:

1. takes over the digests of every record that did not change (the same values: the objects a
   :class:`~publisher.site.ReadCache` gives back for a file it did not read again), and so knows
   which records changed (added and removed ones included) and which of them changed their
   values rather than only their Markdown body;
2. works out again the digest of every page that could have changed, and only those: a page
   whose *shape* changed (its own fields, members and records in ``extra``, as references:
   :func:`_shape`), and a page whose digest held the neighbourhood of a record that changed or
   now names one that changed, or read the links to a record that an edited record named before
   or names now (who names it; for an article, the other articles about the same records). Any
   other page's inputs are those of the last build: its digest is too. When no record's values
   changed (only bodies), the pages are those of the last build, made of the new records
   (:func:`_replan`), and so are the sitemaps;
3. draws the pages whose digest changed (in memory: a template error leaves the output as it
   was), then writes them into the output *in place*, each as a new file renamed over the old one
   (a reader holding the old file keeps it whole), removes the pages that are gone, writes the
   sitemaps and feeds that changed and the build state last.

The build state file is removed before the first page is replaced and written again after the
last, so an update that is interrupted leaves an output without a state, which the next build
rebuilds in full, never a state that describes files it does not have. The profile diagnostics
of the last check are reused when no record's validation inputs changed
(:func:`publisher.publish.checkcache.record_inputs`): a body edit.

Anything else (a template, a static file, ``publisher.toml``, another environment key, a site
with its own templates) goes through :func:`~publisher.publish.build.build_site` as before.
``tests/test_live.py`` compares an update after every kind of edit with a full build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher.diagnostics import Diagnostic, Severity
from publisher.parallel import paused_gc
from publisher.publish import checkcache
from publisher.publish.build import BuildError, BuildResult, checked_diagnostics, plan, safe_join
from publisher.publish.incremental import (
    STATE,
    Previous,
    digests_apply,
    environment_key,
    load_previous,
    write_state,
)
from publisher.publish.inputs import PageInputs, page_fields, same_values
from publisher.render.feeds import OutputFile, iter_files, sitemaps
from publisher.render.html import Renderer, TemplateFailure
from publisher.render.pages import Page, record_page, with_document
from publisher.site import Record, Site

_NEW = object()


def _shape(page: Page) -> tuple[object, ...]:
    """What a page's digest holds of the page itself, records as their references (see
    ``PageInputs._digest``). A listing's JSON-LD document is made of these, the site's
    configuration, whether its publisher is a record, and the pages of its members (their own
    digests): the same shape, configuration and members give the same document."""
    return (*page_fields(page), _with_records(page.extra, _reference),
            tuple(member.ref for member in page.members), None if page.record is None else page.record.ref)


def _reference(record: Record) -> object:
    return ("record", record.ref)


def _with_records(value: Any, replace: Callable[[Record], object]) -> Any:
    """``value`` (lists, tuples and dicts of values) with each record in it replaced."""
    if isinstance(value, Record):
        return replace(value)
    if isinstance(value, dict):
        return {key: _with_records(item, replace) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_records(item, replace) for item in value]
    if isinstance(value, tuple):
        return tuple(_with_records(item, replace) for item in value)
    return value


@dataclass
class LiveBuild:
    """What ``serve`` keeps of its last build of ``out`` (see the module's notes)."""

    out: Path
    drafts: bool
    key: str
    site: Site
    inputs: PageInputs
    digests: dict[str, str | None]
    sizes: dict[str, int]
    shapes: dict[str, tuple[object, ...]]
    pages: list[Page]
    extra: dict[str, str]  # the non-page files (sitemaps, feeds) as written
    sitemaps: list[OutputFile]
    found: list[Diagnostic] | None  # the profiles' diagnostics, when they may be reused
    cwd: str

    @classmethod
    def start(cls, site: Site, out: Path, drafts: bool, found: list[Diagnostic] | None,
              inputs: PageInputs | None = None) -> LiveBuild | None:
        """The state of the build of ``site`` just written into ``out`` by ``build_site(...,
        incremental=True)``, whose check found ``found`` (the profiles' diagnostics, when they may
        be reused: :meth:`PendingDiagnostics.reusable`); ``None`` when it cannot be kept (a site
        with its own templates, an output without the state of this site).

        ``inputs``: what that build worked its digests out with, if it kept them (``build_site``'s
        ``track``); else every digest is worked out again here, with what it was made of."""
        if not digests_apply(site):
            return None
        out = out.absolute()
        key = environment_key(site, drafts)
        previous = load_previous(out, key)
        if previous is None:
            return None
        renderer = Renderer(site, drafts)
        if inputs is None or inputs.site is not site or inputs.used is None:
            inputs, used = PageInputs(site, renderer, track=True), None
        else:
            used = inputs.used
        digests: dict[str, str | None] = {}
        sizes: dict[str, int] = {}
        shapes: dict[str, tuple[object, ...]] = {}
        pages = plan(site, drafts, documents=False)
        for page in pages:
            entry = previous.pages.get(page.output)
            if used is not None and entry is not None and page.output in used:
                digest = digests[page.output] = entry[0]  # the build's, written from these inputs
            else:
                digest = digests[page.output] = inputs.digest(page)
            if digest is not None and (entry is None or entry[0] != digest):
                return None  # not the output of this site: let the next rebuild be a whole one
            sizes[page.output] = entry[1] if entry is not None else -1
            shapes[page.output] = _shape(page)
        maps = sitemaps(site, pages)
        extra = {item.output: item.text for item in iter_files(site, pages, renderer, known_sitemaps=maps)}
        return cls(out, drafts, key, site, inputs, digests, sizes, shapes, pages, extra, maps, found,
                   os.getcwd())

    def update(self, site: Site, check: bool = True) -> tuple[list[Diagnostic], BuildResult | None] | None:
        """Bring the output up to ``site``, read again after an edit of records.

        Returns ``None`` when this cannot be done here (another environment key: a whole build
        is needed), else the diagnostics (reading, linking and the profiles') and the result; the
        result is ``None`` when the diagnostics hold an error (unless ``check`` is False: build
        anyway) and the output was left as it was. A template error raises :class:`BuildError`,
        the output untouched.
        """
        with paused_gc():
            return self._update(site, check)

    def _update(self, site: Site, check: bool) -> tuple[list[Diagnostic], BuildResult | None] | None:
        start = time.perf_counter()
        if os.getcwd() != self.cwd or not digests_apply(site):
            return None
        if environment_key(site, self.drafts) != self.key:
            return None
        renderer = Renderer(site, self.drafts)
        inputs = PageInputs(site, renderer, track=True)
        changed, moved = inputs.carry(self.inputs)
        diagnostics, found, validation = self._diagnostics(site)
        if check and any(d.severity is Severity.ERROR for d in diagnostics):
            return diagnostics, None
        # No record's values changed (only bodies): the same pages, of the site's records.
        pages = _replan(site, self.pages) if not moved else plan(site, self.drafts, documents=False)
        digests, shapes = self._digests(site, inputs, pages, changed, moved)
        last = self.digests
        todo = [page for page in pages
                if digests[page.output] is None or last.get(page.output, _NEW) != digests[page.output]]
        try:
            drawn = [(page.output, renderer.render(with_document(site, page)).encode("utf-8"))
                     for page in todo]
        except TemplateFailure as exc:
            raise BuildError([exc.diagnostic]) from None
        gone = [output for output in self.digests if output not in digests]
        # The sitemaps list each page with the date of its record or of its latest member: the
        # same pages, members and values give the same sitemaps (a body edit, say).
        same = not moved and not gone and len(digests) == len(self.digests)
        maps = self.sitemaps if same else sitemaps(site, pages)
        files = list(iter_files(site, pages, renderer, known_sitemaps=maps))
        extra = {item.output: item.text for item in files}
        self._write(drawn, gone, extra, digests)
        if found is not self.found:
            self._save_validation(validation, found)
        self.site, self.inputs, self.digests, self.extra, self.found = site, inputs, digests, extra, found
        self.sitemaps, self.shapes, self.pages = maps, shapes, pages
        seconds = time.perf_counter() - start
        count = len(pages)
        result = BuildResult(self.out, count, count + len(extra), seconds, 1, tuple(extra), count - len(todo))
        return diagnostics, result

    def _diagnostics(self, site: Site) -> tuple[list[Diagnostic], list[Diagnostic] | None, str | None]:
        """The site's diagnostics; the profiles' rules run only when some record's validation inputs
        changed (or the last ones may not be reused). Returns them, the profiles' part to keep and,
        when the rules ran, the validation key to keep it under (worked out before they ran: they
        may work out source maps, which pickle otherwise)."""
        if self.found is not None and self._same_validation(site):
            return checked_diagnostics(site, self.found)[0], self.found, None
        key = checkcache.validation_key(site)
        diagnostics, keep = checked_diagnostics(site)
        return diagnostics, keep, key

    def _same_validation(self, site: Site) -> bool:
        """No record's validation inputs changed (as :func:`checkcache.validation_key` sees them)."""
        before = self.site.records
        if before.keys() != site.records.keys():
            return False
        for ref, new in site.records.items():
            old = before[ref]
            if old.raw.source is new.raw.source and old.raw.data is new.raw.data:
                continue
            if not same_values(checkcache.record_inputs(old), checkcache.record_inputs(new)):
                return False
        return True

    def _save_validation(self, key: str | None, found: list[Diagnostic] | None) -> None:
        """Store (or drop) the output's validation file for a later build (:mod:`.checkcache`)."""
        if key is not None and found is not None:
            checkcache.save(self.out, key, found)
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.out / checkcache.VALIDATION)

    def _digests(self, site: Site, inputs: PageInputs, pages: list[Page], changed: set[str],
                 moved: set[str]) -> tuple[dict[str, str | None], dict[str, tuple[object, ...]]]:
        """Every page's digest, worked out again where it may have changed, else the last one; and
        every page's shape (:func:`_shape`)."""
        before = self.inputs
        # Records whose neighbourhood digest changed: the changed ones and those naming one.
        around = set(changed)
        if changed:
            around.update(ref for ref in site.records if not changed.isdisjoint(inputs.named(ref)))
        inputs.carry_around(before, around)
        # Records whose links *from* others may have changed: those a record whose values changed
        # named before or names now (and the record itself).
        links = set(moved)
        for ref in moved:
            if ref in self.site.records:
                links.update(before.named(ref))
            if ref in site.records:
                links.update(inputs.named(ref))
        publisher = site.config.publisher
        everything = bool(publisher) and (publisher in site.records) != (publisher in self.site.records)
        known = before.used or {}
        keep = inputs.used if inputs.used is not None else {}
        digests: dict[str, str | None] = {}
        shapes: dict[str, tuple[object, ...]] = {}
        last = self.shapes
        for page in pages:
            output = page.output
            # A record's page takes its shape from the record (and the configuration): the same
            # record, the same shape; when no values changed, no page changed its shape.
            record = page.record
            shape = shapes[output] = (last[output] if output in last and (
                not moved or (record is not None and record.ref not in changed)) else _shape(page))
            used = known.get(output)
            old = self.digests.get(output, _NEW)
            if (everything or used is None or old is _NEW or last.get(output) != shape
                    or not used.around.isdisjoint(around) or not used.links.isdisjoint(links)):
                digests[output] = inputs.digest(page)
            else:
                digests[output] = old  # type: ignore[assignment]
                keep[output] = used
        return digests, shapes

    def _write(self, drawn: list[tuple[str, bytes]], gone: list[str], extra: dict[str, str],
               digests: dict[str, str | None]) -> None:
        """Replace the changed files of the output in place; the state last (see the notes)."""
        state = self.out / STATE
        with contextlib.suppress(FileNotFoundError):
            os.unlink(state)
        sizes = self.sizes
        for output, data in drawn:
            _replace(self.out, output, data)
            sizes[output] = len(data)
        for output in gone:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(safe_join(self.out, output))
            sizes.pop(output, None)
        for output, text in extra.items():
            if self.extra.get(output) != text:
                _replace(self.out, output, text.encode("utf-8"))
        for output in self.extra.keys() - extra.keys():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(safe_join(self.out, output))
        known = Previous(self.out, {output: (digest, sizes[output]) for output, digest in digests.items()
                                    if digest is not None and sizes.get(output, -1) >= 0})
        write_state(self.out, self.key, digests, known, frozenset(known.pages))


def _replan(site: Site, last: list[Page]) -> list[Page]:
    """:func:`plan` of ``site`` when the values of its records are those of the site ``last`` was
    planned for (bodies may have changed): the same pages, made of ``site``'s records."""
    records = site.records
    pages = []
    for page in last:
        record = page.record
        if page.kind == "record" and record is not None:
            pages.append(record_page(site, records[record.ref], False))
        else:
            pages.append(dataclasses.replace(
                page, record=None if record is None else records[record.ref],
                members=[records[member.ref] for member in page.members],
                extra=_with_records(page.extra, lambda record: records[record.ref])))
    return pages


def _replace(root: Path, output: str, data: bytes) -> None:
    """Write ``data`` as ``output`` under ``root``: a new file renamed over the old one."""
    target = safe_join(root, output)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.publisher-new")
    with open(temporary, "wb") as handle:
        handle.write(data)
    os.replace(temporary, target)
