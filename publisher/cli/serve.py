"""``publisher serve``: build the site, serve it on localhost and rebuild when a file changes."""

from __future__ import annotations

import functools
import http.server
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from publisher.cli.build import run_build
from publisher.cli.common import fail, open_site, site_argument
from publisher.diagnostics import Diagnostic, Severity
from publisher.parallel import WorkerLost
from publisher.publish.atomic import OutputError
from publisher.publish.build import BuildError, BuildResult, PendingDiagnostics, build_site
from publisher.publish.inputs import PageInputs
from publisher.publish.live import LiveBuild
from publisher.render.html import base_path
from publisher.report import ReportContext, render
from publisher.site import ReadCache, Site

WATCHED = ("content", "templates", "static", "publisher.toml")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder under base_url's path; missing pages get the site's 404 page."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if self.prefix != "/" and clean.startswith(self.prefix):
            path = "/" + path[len(self.prefix):]
        return super().translate_path(path)

    def do_GET(self) -> None:
        if self.prefix != "/" and self.path in ("/", ""):
            self.send_response(302)
            self.send_header("Location", self.prefix)
            self.end_headers()
            return
        super().do_GET()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(str(self.directory)) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        if args and str(args[1] if len(args) > 1 else "").startswith(("4", "5")):
            sys.stderr.write(f"  {self.command} {self.path} -> {args[1]}\n")


def make_server(out: Path, host: str, port: int, prefix: str = "/") -> http.server.ThreadingHTTPServer:
    handler = type("Handler", (SiteHandler,), {"prefix": prefix})
    return http.server.ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(out)))


def rebuild(site_path: Path, out: Path, base_url: str | None, drafts: bool, force: bool,
            jobs: int | None, cache: ReadCache | None = None,
            built: Callable[[Site, PendingDiagnostics], None] | None = None) -> bool:
    """Build again after a change; on errors (unless ``force``) keep serving the previous build.

    With ``cache`` (kept from the first build), only the record files that changed are read.
    ``built``, if given, is called with the site and its check after a new output is in place.
    A worker process stopped from outside (out of memory?) stops this rebuild only: the next
    change tries again."""
    try:
        return _rebuild(site_path, out, base_url, drafts, force, jobs, cache, built)
    except WorkerLost as exc:
        return _lost(exc)


def _lost(exc: WorkerLost) -> bool:
    click.echo(f"publisher: {exc}: {exc.cause}. "
               "Not rebuilt; still serving the previous build.", err=True)
    return False


def _rebuild(site_path: Path, out: Path, base_url: str | None, drafts: bool, force: bool,
             jobs: int | None, cache: ReadCache | None,
             built: Callable[[Site, PendingDiagnostics], None] | None) -> bool:
    context = ReportContext(command="serve", color=False, excerpts=True)
    try:
        loaded = open_site(site_path, base_url, cache)
    except SystemExit:  # publisher.toml became unusable; open_site printed why
        return False
    # Checked here, before drawing (a rebuild is small); the previous output's profile
    # diagnostics are reused when no front matter changed (publish/checkcache.py).
    pending = PendingDiagnostics(loaded, background=False, keyed=True, previous=out.absolute())
    try:
        diagnostics = pending.result()
    except BuildError as exc:  # a profile in publisher.toml that cannot be used
        click.echo(render(exc.diagnostics, "text", context), err=True, nl=False)
        return False
    if not _verdict(diagnostics, force, context):
        return False
    try:
        # incremental: pages whose inputs did not change are carried over (publish/incremental.py)
        result = build_site(loaded, out, drafts=drafts, jobs=jobs, incremental=True,
                            finish=pending.save)
    except BuildError as exc:
        click.echo(render(exc.diagnostics, "text", context), err=True, nl=False)
        click.echo("Not rebuilt; still serving the previous build.", err=True)
        return False
    except (OutputError, OSError) as exc:
        click.echo(f"publisher: error: {exc}", err=True)
        return False
    _rebuilt(result)
    if built is not None:
        built(loaded, pending)
    return True


def _verdict(diagnostics: list[Diagnostic], force: bool, context: ReportContext) -> bool:
    """Print the diagnostics; whether the rebuild may go on."""
    if diagnostics:
        click.echo(render(diagnostics, "text", context), err=True, nl=False)
    if not force and any(d.severity is Severity.ERROR for d in diagnostics):
        click.echo("Not rebuilt: fix the errors above; still serving the previous build.", err=True)
        return False
    return True


def _rebuilt(result: BuildResult) -> None:
    reused = f", {result.reused} unchanged" if result.reused else ""
    click.echo(f"Rebuilt {result.pages} pages in {result.seconds:.2f}s{reused}.")


class Rebuilder:
    """What ``serve`` does after each batch of changes: an edit of records only updates the output
    in place from the build kept in memory (:mod:`publisher.publish.live`); any other change, or
    when that cannot be done, rebuilds as :func:`rebuild` does (and keeps that build in memory)."""

    def __init__(self, site: Path, out: Path, base_url: str | None, drafts: bool, force: bool,
                 jobs: int | None, cache: ReadCache) -> None:
        self.site, self.out, self.base_url = site, out, base_url
        self.drafts, self.force, self.jobs, self.cache = drafts, force, jobs, cache
        self.content = os.path.join(os.path.realpath(site), "content") + os.sep
        self.live: LiveBuild | None = None
        self._inputs: PageInputs | None = None

    def track(self, inputs: PageInputs) -> None:
        """What the first build worked its digests out with (``build_site``'s ``track``)."""
        self._inputs = inputs

    def keep(self, loaded: Site, pending: PendingDiagnostics) -> None:
        """Keep the build just written of ``loaded``, checked by ``pending``, in memory."""
        reusable = pending.reusable()
        inputs, self._inputs = self._inputs, None
        self.live = LiveBuild.start(loaded, self.out, self.drafts, reusable[1] if reusable else None, inputs)

    def __call__(self, changes: Iterable[tuple[Any, str]] = ()) -> bool:
        paths = [path for _, path in changes]
        if self.live is not None and paths and all(
                os.path.realpath(path).startswith(self.content) for path in paths):
            done = self._update(self.live)
            if done is not None:
                return done
        self.live = None
        return rebuild(self.site, self.out, self.base_url, self.drafts, self.force, self.jobs, self.cache,
                       built=self.keep)

    def _update(self, live: LiveBuild) -> bool | None:
        """The live update; ``None`` when it cannot be done (a whole rebuild is needed)."""
        context = ReportContext(command="serve", color=False, excerpts=True)
        try:
            loaded = open_site(self.site, self.base_url, self.cache)
        except SystemExit:  # pragma: no cover - publisher.toml did not change: it was read before
            return False
        except WorkerLost as exc:
            return _lost(exc)
        try:
            outcome = live.update(loaded, check=not self.force)
        except BuildError as exc:  # a template error, or a profile that cannot be used
            click.echo(render(exc.diagnostics, "text", context), err=True, nl=False)
            click.echo("Not rebuilt; still serving the previous build.", err=True)
            return False
        except OSError as exc:  # written in part: the output has no build state, rebuilt in full next
            self.live = None
            click.echo(f"publisher: error: {exc}", err=True)
            return False
        except Exception as exc:  # a defect: say so, and let a whole rebuild do the work
            self.live = None
            click.echo(f"publisher: internal error in a live update ({type(exc).__name__}: {exc}); "
                       "rebuilding in full", err=True)
            return None
        if outcome is None:
            return None
        diagnostics, result = outcome
        if not _verdict(diagnostics, self.force, context) or result is None:
            return False
        _rebuilt(result)
        return True


def watch(site_path: Path, on_change: Any, stop: threading.Event) -> None:
    """Call ``on_change`` with each batch of changes (``(change, path)`` pairs) under the site's
    watched paths."""
    from watchfiles import watch as watch_files

    paths = [site_path / name for name in WATCHED if (site_path / name).exists()]
    for changes in watch_files(*paths, stop_event=stop, debounce=300, raise_interrupt=False):
        on_change(changes)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


@click.command()
@site_argument
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on localhost (0 picks a free one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; keep the default unless you know why.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="Build into this folder (default: a temporary folder removed on exit).")
@click.option("--base-url", help="Override site.base_url.")
@click.option("--drafts/--no-drafts", default=True, show_default=True,
              help="Include articles marked draft: true.")
@click.option("--force", is_flag=True, help="Serve even when validation finds errors.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None, help="Worker processes.")
@click.option("--no-watch", is_flag=True, help="Build and serve once; do not rebuild on changes.")
def serve(site: Path, port: int, host: str, out: Path | None, base_url: str | None, drafts: bool,
          force: bool, jobs: int | None, no_watch: bool) -> None:
    """Build SITE, serve it on localhost and rebuild whenever its files change.

    Watches content/, templates/, static/ and publisher.toml. Pages are served under the path of
    base_url, with the site's 404 page for missing ones. A rebuild with errors keeps the previous
    build online. Stop with Ctrl+C.

    \b
    Examples:
      publisher serve examples/ips-spinal-cord
      publisher serve . --port 8080 --no-drafts
    """
    cache = ReadCache()  # what reading gave, per file: a rebuild reads only the files that changed
    loaded = open_site(site, base_url, cache)
    temporary = None
    if out is None:
        temporary = tempfile.TemporaryDirectory(prefix="publisher-serve-")
        out = Path(temporary.name) / "site"
    try:
        again = Rebuilder(site, out, base_url, drafts, force, jobs, cache)
        run_build(loaded, out, drafts=drafts, force=force, jobs=jobs, incremental=True,
                  on_checked=None if no_watch else functools.partial(again.keep, loaded),
                  track=None if no_watch else again.track)
        prefix = base_path(loaded)
        try:
            server = make_server(out, host, port, prefix)
        except OSError as exc:
            fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
        address = f"http://{host}:{server.server_address[1]}{prefix}"
        click.echo(f"Serving {site} at {address} (Ctrl+C to stop)")
        sys.stdout.flush()
        stop = threading.Event()
        # SIGTERM stops serving as Ctrl+C does; the handler before is put back on the way out (an
        # in-process caller, a test say, must not keep it: its forked processes would inherit it)
        before = signal.signal(signal.SIGTERM, _interrupt)
        if not no_watch:
            watcher = threading.Thread(target=watch, args=(site, again, stop), daemon=True)
            watcher.start()
        try:
            server.serve_forever(poll_interval=0.25)
        except KeyboardInterrupt:
            click.echo("\nStopped.")
        finally:
            stop.set()
            server.server_close()
            signal.signal(signal.SIGTERM, before)
    finally:
        if temporary is not None:
            temporary.cleanup()
