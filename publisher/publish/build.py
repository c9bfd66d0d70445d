"""``publisher build``: render every page and the static files into the output folder.

The whole site is written into a temporary folder beside the output and swapped in only when
complete (:mod:`publisher.publish.atomic`), so a failed or interrupted build leaves the previous
site as it was. Pages are rendered in parallel worker processes with ``jobs > 1``; each worker
writes its own files into the temporary folder.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import shutil
import stat
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from publisher import parallel
from publisher.diagnostics import Diagnostic
from publisher.parallel import paused_gc
from publisher.publish.atomic import atomic_folder
from publisher.publish.incremental import (
    Previous,
    digests_apply,
    environment_key,
    link_or_copy,
    load_previous,
    write_state,
)
from publisher.publish.inputs import PageInputs
from publisher.render.feeds import OutputFile, iter_files
from publisher.render.html import Renderer, TemplateFailure, template_diagnostic
from publisher.render.pages import Page, iter_pages, with_document
from publisher.resources import templates_dir
from publisher.site import Site

Progress = Callable[[int], None]
AUTO_PARALLEL_MIN_PAGES = 400
CHUNK = 64
FEW = 2 * CHUNK  # pages a rebuild draws in this process rather than in workers


@dataclass(frozen=True, slots=True)
class BuildResult:
    out: Path
    pages: int
    files: int
    seconds: float
    jobs: int = 1
    outputs: tuple[str, ...] = field(default=())  # the non-page files written (sitemaps, feeds)
    reused: int = 0  # pages linked unchanged from the previous output (incremental builds)


class BuildError(Exception):
    """The build could not finish; ``diagnostics`` say why (e.g. TPL001). The output is untouched."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


def collect_diagnostics(site: Site) -> list[Diagnostic]:
    """Everything that may stop the build: read, model and link problems of ``site``.

    This is the one place where validation feeds the build: ``publisher.validate.validate_site``
    (reading, modelling, linking and the site's profiles), so ``build`` stops on their errors.
    Raises :class:`BuildError` when the site's profiles cannot be used.
    """
    return checked_diagnostics(site)[0]


def checked_diagnostics(
    site: Site, found: list[Diagnostic] | None = None
) -> tuple[list[Diagnostic], list[Diagnostic] | None]:
    """:func:`collect_diagnostics`, and the profiles' part of them when it may be reused later.

    With ``found`` (the profile diagnostics of a previous build, for the same validation key:
    :mod:`publisher.publish.checkcache`), the profiles' rules are not run again.
    """
    from publisher.publish import checkcache
    from publisher.validate.site import (
        ValidationSetupError,
        merge_diagnostics,
        profile_diagnostics,
        site_ruleset,
    )

    if found is not None:
        return merge_diagnostics(site.diagnostics, found), found
    try:
        ruleset = site_ruleset(site)
    except ValidationSetupError as exc:  # a profile that cannot be used: the build cannot run
        raise BuildError(exc.diagnostics) from None
    found = profile_diagnostics(site, ruleset)
    keep = found if checkcache.reusable(found, checkcache.time_dependent_codes(ruleset)) else None
    return merge_diagnostics(site.diagnostics, found), keep


class BuildStopped(Exception):
    """The ``gate`` of :func:`build_site` said no: nothing was swapped in."""


class PendingDiagnostics:
    """:func:`collect_diagnostics` of a site, worked out in a forked process while this one renders.

    Rendering does not need the diagnostics, only the decision to swap the new output in does:
    on a site of :data:`~publisher.parallel.MIN_PARALLEL` records or more, with two cores or
    more, the check runs beside the rendering instead of before it. :meth:`result` waits for it
    and returns (or raises) exactly what :func:`collect_diagnostics` would have. Small sites,
    and systems without ``fork``, compute them at once, here.
    """

    def __init__(self, site: Site, background: bool | None = None, *, keyed: bool = False,
                 previous: Path | None = None) -> None:
        if background is None:
            background = parallel.cores() > 1 and len(site.records) >= parallel.MIN_PARALLEL
        self._done: tuple[str, Any] | None = None
        self._child: parallel.Forked[tuple[str, Any]] | None = None
        if background and parallel.can_fork():
            self._child = parallel.Forked(self._beside, (site, keyed, previous))
        else:
            self._done = self._compute(site, keyed, previous)

    @classmethod
    def _beside(cls, arguments: tuple[Site, bool, Path | None]) -> tuple[str, Any]:
        """:meth:`_compute` in the forked child, beside the render workers: in one process."""
        parallel.beside_others()
        return cls._compute(*arguments)

    @staticmethod
    def _compute(site: Site, keyed: bool, previous: Path | None) -> tuple[str, Any]:
        """``keyed``: work out the validation key (:mod:`.checkcache`) too; with it and ``previous``,
        the output folder whose stored profile diagnostics are reused if the key is theirs."""
        from publisher.publish import checkcache

        try:
            key = checkcache.validation_key(site) if keyed else None
            found = checkcache.load(previous, key) if previous is not None else None
            diagnostics, keep = checked_diagnostics(site, found)
            return "ok", (diagnostics, None if key is None or keep is None else (key, keep))
        except BuildError as exc:
            return "stop", exc.diagnostics
        except Exception:  # pragma: no cover - reported as it would have been here
            return "crash", traceback.format_exc()

    @property
    def ready(self) -> bool:
        """Worked out already (a small site, or no ``fork``)."""
        return self._done is not None

    def result(self) -> list[Diagnostic]:
        return self._result()[0]

    def reusable(self) -> tuple[str, list[Diagnostic]] | None:
        """The validation key and the profiles' diagnostics, when a later build may reuse them
        (``keyed`` only; call after :meth:`result`)."""
        return self._result()[1]

    def _result(self) -> tuple[list[Diagnostic], tuple[str, list[Diagnostic]] | None]:
        if self._done is None:
            assert self._child is not None
            self._done = self._child.result()
        kind, value = self._done
        if kind == "stop":
            raise BuildError(value)
        if kind == "crash":  # pragma: no cover
            raise RuntimeError(f"checking the site failed:\n{value}")
        return value

    def save(self, folder: Path) -> None:
        """Store the profiles' diagnostics in the new output ``folder`` for a later build to reuse
        (``keyed`` only, and only when they may be reused: :mod:`.checkcache`); a ``finish`` hook
        of :func:`build_site`, called after :meth:`result`."""
        from publisher.publish import checkcache

        reusable = self.reusable()
        if reusable is not None:
            checkcache.save(folder, *reusable)

    def cancel(self) -> None:
        """Stop the checking process, if it is still running (the build failed meanwhile)."""
        if self._child is not None:
            self._child.cancel()


def safe_join(root: Path, relative: str) -> Path:
    """``root / relative``, refusing any path that would leave ``root``.

    Checked on the text of the path: ``root`` is the build's own new temporary folder, with no
    symbolic links in it, so no resolving (a system call per folder of every page) is needed.
    """
    normal = os.path.normpath(relative)
    if os.path.isabs(normal) or normal == ".." or normal.startswith(("../", "..\\")) or normal == ".":
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")
    return root / normal


def copy_static(source: Path, dest: Path, site_root: Path | None = None) -> int:
    """Copy a static folder: regular files only, in a stable order.

    Symbolic links are followed only to a regular file inside the site (or the folder itself);
    links that leave it, dangle or loop are skipped, and so are named pipes, sockets and devices
    (copying a pipe would wait forever). Folders are walked without following links.
    """
    if not source.is_dir():
        return 0
    count = 0
    root = source.resolve()
    fence = (site_root or source).resolve()
    for folder, dirs, files in os.walk(source):
        dirs.sort()
        for name in sorted(files) + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            path = Path(folder, name)
            try:
                real = path.resolve(strict=True)
                mode = real.stat().st_mode
            except (OSError, RuntimeError):  # dangling link, loop, vanished
                continue
            if not stat.S_ISREG(mode):
                continue
            if not real.is_relative_to(fence) and not real.is_relative_to(root):
                continue
            target = dest / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                shutil.copyfile(real, target)
            except OSError as exc:
                raise OSError(exc.errno, f"cannot copy {path}: {exc.strerror or exc}") from None
            count += 1
    return count


_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_MADE: set[Path] = set()  # folders this process has created in the current build's output


def _target(root: Path, output: str) -> Path:
    """Where ``output`` goes under ``root``, its folder made (once per folder and process)."""
    target = safe_join(root, output)
    parent = target.parent
    if parent not in _MADE:
        parent.mkdir(parents=True, exist_ok=True)
        _MADE.add(parent)
    return target


def _write(root: Path, output: str, text: str) -> None:
    # A raw descriptor, not a buffered file object: three system calls and no Python buffer
    # for the page's one write (the data is in memory already).
    data = text.encode("utf-8")
    fd = os.open(_target(root, output), os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


# --- parallel rendering -------------------------------------------------------------------------
# Workers are forked after the parent has built the page list, so they share it (copy on write)
# and receive only index ranges; each renders and writes its pages and returns a count, or the
# diagnostic of the first template error it met.

_STATE: dict[str, object] = {}


def _render_range(bounds: tuple[int, int]) -> tuple[int, Diagnostic | None]:
    renderer: Renderer = _STATE["renderer"]  # type: ignore[assignment]
    pages: list[Page] = _STATE["pages"]  # type: ignore[assignment]
    root: Path = _STATE["root"]  # type: ignore[assignment]
    start, stop = bounds
    for index in range(start, stop):
        try:
            _write(root, pages[index].output, renderer.render(with_document(renderer.site, pages[index])))
        except TemplateFailure as exc:
            return index - start, exc.diagnostic
        except Exception as exc:  # pragma: no cover - reported, never a traceback
            return index - start, template_diagnostic(exc, pages[index], renderer.site.root)
    return stop - start, None


def choose_jobs(jobs: int | None, pages: int) -> int:
    """``jobs`` workers; ``None``/0 means one per core once the site is big enough to gain."""
    cores = os.cpu_count() or 1
    if not jobs:
        return cores if pages >= AUTO_PARALLEL_MIN_PAGES else 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(jobs, cores * 4))


def _render_pages(renderer: Renderer, pages: list[Page], root: Path, jobs: int,
                  progress: Progress | None, alongside: Iterator[None] | None = None) -> None:
    """Draw and write ``pages``; with ``jobs > 1`` in forked workers, while this process runs
    ``alongside`` (a generator of work that does not need the drawn pages: it yields now and then
    so that the progress is told of the workers' pages as they come)."""
    if jobs <= 1:
        for page in pages:
            _write(root, page.output, renderer.render(with_document(renderer.site, page)))
            if progress:
                progress(1)
        for _ in alongside or ():
            pass
        return
    _STATE.update(renderer=renderer, pages=pages, root=root)
    try:
        ranges = [(i, min(i + CHUNK, len(pages))) for i in range(0, len(pages), CHUNK)]
        with parallel.worker_pool(jobs, "drawing pages") as pool:  # a worker killed: WorkerLost
            pending = {pool.submit(_render_range, bounds) for bounds in ranges}

            def take(finished: set[Future[tuple[int, Diagnostic | None]]]) -> None:
                for future in finished:
                    done, problem = future.result()
                    if problem is not None:
                        raise TemplateFailure(problem)
                    if progress:
                        progress(done)

            for _ in alongside or ():
                finished = {future for future in pending if future.done()}
                if finished:
                    pending -= finished
                    take(finished)
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                take(finished)
    finally:
        _STATE.clear()


def plan(site: Site, drafts: bool = False, documents: bool = True) -> list[Page]:
    """The pages the build writes, in order (records' pages without their JSON-LD document,
    :data:`~publisher.render.pages.DEFERRED`, unless ``documents``: drawing works it out)."""
    return list(iter_pages(site, drafts, documents=documents))


def build_site(
    site: Site,
    out: Path,
    *,
    drafts: bool = False,
    jobs: int | None = 1,
    now: datetime | None = None,
    progress: Callable[[int], Progress | None] | None = None,
    gate: Callable[[], bool] | None = None,
    incremental: bool = False,
    reuse: bool = True,
    finish: Callable[[Path], None] | None = None,
    track: Callable[[PageInputs], None] | None = None,
) -> BuildResult:
    """Write the site into ``out`` (replaced atomically). Validation is the caller's job.

    ``incremental`` keeps a build state in the output (:mod:`publisher.publish.incremental`) and,
    with ``reuse``, hard-links the previous output's pages whose inputs did not change instead of
    drawing them again; the result is byte-identical to a full build.

    ``progress``, if given, is called once with the number of pages and returns a callback that
    is told how many more pages are done. A template error raises :class:`BuildError` with a
    TPL001 diagnostic; the previous output stays as it was. ``gate``, if given, is asked once
    everything is written: if it returns False, :class:`BuildStopped` is raised and the previous
    output stays as it was. ``finish``, if given, is then called with the new output's temporary
    folder, to add files that belong with it (the validation's, :mod:`.checkcache`). ``track``,
    if given, is called once the output is in place with the :class:`PageInputs` a first
    incremental build worked out its digests with, each page's :class:`~.inputs.Used` kept
    (``serve`` starts its :class:`~publisher.publish.live.LiveBuild` from them); a rebuild, whose
    digests are shared out over processes, does not call it.
    """
    # Building allocates many objects that live as long as the build (page documents, drawn
    # macros) and little cyclic garbage: the cycle collector would only walk them again and
    # again (a third of the time of a large build). Forked workers inherit the pause.
    with paused_gc():
        return _build(site, out, drafts, jobs, now, progress, gate, incremental, reuse, finish, track)


def _build(
    site: Site, out: Path, drafts: bool, jobs: int | None, now: datetime | None,
    progress: Callable[[int], Progress | None] | None, gate: Callable[[], bool] | None,
    incremental: bool = False, reuse: bool = True, finish: Callable[[Path], None] | None = None,
    track: Callable[[PageInputs], None] | None = None,
) -> BuildResult:
    start = time.perf_counter()
    renderer = Renderer(site, drafts)
    try:
        pages = plan(site, drafts, documents=False)
        # Load every template once up front: a syntax error stops the build before any work.
        for name in sorted({page.template for page in pages}):
            renderer.env.get_template(name)
    except TemplateFailure as exc:
        raise BuildError([exc.diagnostic]) from None
    except Exception as exc:
        if type(exc).__module__.startswith("jinja2"):
            raise BuildError([template_diagnostic(exc, None, site.root)]) from None
        raise
    key, digests, previous = "", {}, None
    if incremental:
        key = environment_key(site, drafts)
        previous = load_previous(out.absolute(), key) if reuse else None
    tick = progress(len(pages)) if progress else None
    files = 0
    written: list[str] = []
    _MADE.clear()
    with atomic_folder(out) as tmp:
        files += copy_static(templates_dir() / "static", tmp / "static")
        files += copy_static(site.root / "static", tmp / "static", site.root)
        kept: set[str] = set()
        todo = pages
        extra: list[OutputFile] = []
        tracked: list[PageInputs] = []  # a first build's inputs, every digest worked out

        def feeds() -> Iterator[None]:
            """Sitemaps and feeds: they need no drawn page, so they are worked out while other
            processes work out digests (a rebuild) or draw (a first build)."""
            for item in iter_files(site, pages, renderer, now):
                extra.append(item)
                yield

        def first_digests() -> Iterator[None]:
            """A first build's digests, only written down for the next build: worked out here
            while the workers draw."""
            inputs = PageInputs(site, renderer, track=track is not None) if digests_apply(site) else None
            for index, page in enumerate(pages):
                digests[page.output] = inputs.digest(page) if inputs is not None else None
                if index % CHUNK == 0:
                    yield
            if inputs is not None:
                tracked.append(inputs)

        alongside: Iterator[None] = feeds()
        if previous is not None:
            digests, todo, kept = _digest_and_link(site, renderer, pages, previous, tmp,
                                                   choose_jobs(jobs, len(pages)), alongside)
        elif incremental:
            alongside = itertools.chain(first_digests(), alongside)
        if tick and len(todo) < len(pages):
            tick(len(pages) - len(todo))
        # A few pages to draw again (a rebuild after an edit): here, cheaper than starting workers.
        workers = 1 if previous is not None and len(todo) < FEW else choose_jobs(jobs, len(todo))
        try:
            _render_pages(renderer, todo, tmp, workers, tick, alongside)
        except TemplateFailure as exc:
            raise BuildError([exc.diagnostic]) from None
        for item in extra:
            _write(tmp, item.output, item.text)
            written.append(item.output)
            files += 1
        if incremental:
            write_state(tmp, key, digests, previous, kept)
        if gate is not None and not gate():
            raise BuildStopped("the build was stopped before its output was swapped in")
        if finish is not None:
            finish(tmp)
    if track is not None and tracked:
        track(tracked[0])
    return BuildResult(out, len(pages), len(pages) + files, time.perf_counter() - start, workers,
                       tuple(written), len(pages) - len(todo))


def _digest_and_link(
    site: Site, renderer: Renderer, pages: list[Page], previous: Previous | None, tmp: Path, jobs: int,
    alongside: Iterator[None] | None = None,
) -> tuple[dict[str, str | None], list[Page], set[str]]:
    """Every page's digest; the previous output's files of the pages whose digest did not change
    linked into ``tmp``. Returns the digests, the pages to draw and the outputs linked.

    A large site's pages are shared out over ``jobs`` forked processes (each sees the page list
    and works out the record digests its pages need); results are the same, in the same order.
    This process runs ``alongside`` (work that needs no digest) after its own, smaller, share.
    """
    inputs = PageInputs(site, renderer) if digests_apply(site) else None
    parts = 1 if inputs is None or len(pages) < parallel.MIN_PARALLEL else max(1, jobs)
    if inputs is not None and parts > 1:
        inputs.prepare()  # every record's own digest once, here: the forked processes share them

    def share(bounds: tuple[int, int]) -> tuple[list[str | None], list[int], list[str]]:
        digests: list[str | None] = []
        todo: list[int] = []
        kept: list[str] = []
        for index in range(*bounds):
            page = pages[index]
            digest = inputs.digest(page) if inputs is not None else None
            digests.append(digest)
            source = previous.reusable(page.output, digest) if previous is not None else None
            if source is None:
                todo.append(index)
            else:
                link_or_copy(source, _target(tmp, page.output))
                kept.append(page.output)
        if bounds[0] == 0:  # this process's share
            for _ in alongside or ():
                pass
        return digests, todo, kept

    # This process works out the records' digests first, then its share (a smaller one: it has
    # room for ``alongside`` too, the feeds of a large site taking about what the difference does).
    first = len(pages) if parts == 1 else len(pages) * 3 // (5 * parts)
    rest = parallel.split(range(first, len(pages)), parts - 1) if parts > 1 else []
    bounds = [(0, first)] + [(part[0], part[-1] + 1) for part in rest if len(part)]
    digests: dict[str, str | None] = {}
    todo: list[Page] = []
    kept: set[str] = set()
    for (start, _), (share_digests, share_todo, share_kept) in zip(
            bounds, parallel.fork_map(share, bounds, parts), strict=True):
        digests.update(zip((page.output for page in pages[start:start + len(share_digests)]), share_digests,
                           strict=True))
        todo.extend(pages[index] for index in share_todo)
        kept.update(share_kept)
    return digests, todo, kept
