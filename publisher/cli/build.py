"""``publisher build``: validate, then write the static site."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from publisher.cli.common import EXIT_FOUND, cannot_run, emit, fail, open_site, site_argument
from publisher.diagnostics import Diagnostic, Severity
from publisher.publish.atomic import OutputError
from publisher.publish.build import BuildError, BuildResult, PendingDiagnostics, build_site
from publisher.publish.inputs import PageInputs
from publisher.site import Site


def show_progress() -> bool:
    """A progress bar only on an interactive terminal, never in CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


class ProgressBar:
    """click's progress bar on standard error, opened when the build knows its page count."""

    def __init__(self) -> None:
        self._bar: Any = None

    def __call__(self, total: int) -> Callable[[int], None]:
        self._bar = click.progressbar(length=total, label="Rendering", file=sys.stderr, width=30,
                                      show_pos=True)
        self._bar.__enter__()
        return self._bar.update

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def run_build(
    loaded: Site, target: Path, *, drafts: bool, force: bool, jobs: int | None, quiet: bool = False,
    incremental: bool = False, cache: bool = True,
    on_checked: Callable[[PendingDiagnostics], None] | None = None,
    track: Callable[[PageInputs], None] | None = None,
) -> BuildResult:
    """Check, then build; print diagnostics and exit 1 on errors (unless ``force``) or 2.

    A large site is checked while its pages render (:class:`PendingDiagnostics`); the new output
    is swapped in only once the check has found no error (or with ``force``), so what is printed
    and kept is the same as checking first. ``incremental`` keeps a build state in the output and,
    with ``cache``, reuses the previous output's unchanged pages (byte-identical either way).
    ``on_checked``, if given, is called with the check once the build is in place (``serve`` keeps
    its reusable part); ``track`` is :func:`build_site`'s.
    """
    pending = PendingDiagnostics(loaded, keyed=incremental,
                                 previous=target.absolute() if incremental and cache else None)
    verdict: list[list[Diagnostic]] = []

    def checked() -> list[Diagnostic]:
        if not verdict:
            try:
                diagnostics = pending.result()
            except BuildError as exc:  # e.g. a profile in publisher.toml that cannot be used
                if bar:
                    bar.close()
                cannot_run(exc.diagnostics)
            if diagnostics:
                emit(diagnostics, "text", None, "build", summary=False)
            verdict.append(diagnostics)
        return verdict[0]

    def stop_on_errors() -> bool:
        errors = [d for d in checked() if d.severity is Severity.ERROR]
        if errors and not force:
            if bar:
                bar.close()
            click.echo(f"Build stopped: {len(errors)} error(s). Fix them or use --force.", err=True)
            sys.exit(EXIT_FOUND)
        return True

    bar = None
    try:
        if pending.ready:
            stop_on_errors()  # checked already: stop before writing anything
        bar = ProgressBar() if show_progress() and not quiet else None
        try:
            result = build_site(loaded, target, drafts=drafts, jobs=jobs, progress=bar, gate=stop_on_errors,
                                incremental=incremental, reuse=cache, finish=pending.save, track=track)
        except BuildError as exc:
            if bar:
                bar.close()
            stop_on_errors()  # the check's errors come first, as when it ran before the build
            cannot_run(exc.diagnostics)
        except OutputError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"cannot write {target}: {exc.strerror or exc}")
        finally:
            if bar:
                bar.close()
    finally:
        pending.cancel()
    diagnostics = checked()
    if on_checked is not None:
        on_checked(pending)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
    rate = result.pages / result.seconds if result.seconds > 0 else float(result.pages)
    jobs = f"{result.jobs} job" + ("" if result.jobs == 1 else "s")
    if result.reused:
        jobs += f", {result.reused} unchanged"
    click.echo(
        f"Built {result.pages} pages and {result.files - result.pages} other files into {result.out} "
        f"in {result.seconds:.2f}s ({rate:,.0f} pages/s, {jobs}); "
        f"{len(errors)} error(s), {warnings} warning(s)."
    )
    return result


@click.command()
@site_argument
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: SITE/_site, or [build] output).")
@click.option("--base-url", help="Override site.base_url (e.g. for a preview deployment).")
@click.option("--drafts", is_flag=True, help="Include articles marked draft: true.")
@click.option("--force", is_flag=True, help="Build even when validation finds errors.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None,
              help="Worker processes for rendering (default: [build] jobs, or 0 = one per core "
                   "for large sites).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--no-cache", is_flag=True,
              help="Draw every page again instead of reusing the unchanged pages of the previous build.")
def build(site: Path, out: Path | None, base_url: str | None, drafts: bool, force: bool,
          jobs: int | None, quiet: bool, no_cache: bool) -> None:
    """Build the static site of SITE: a page per record, listings, feeds and sitemaps.

    Every page embeds its JSON-LD graph. The output is written to a temporary folder and swapped
    in only when complete; errors stop the build and leave the previous output as it was. Pages
    whose inputs did not change since the previous build are linked from it, not drawn again.

    Outputs: index.html, articles/, people/, organizations/, studies/, conditions/, archive/,
    topics/, 404.html, sitemap.xml, news-sitemap.xml (articles of the last two days), feed.xml
    (RSS 2.0), atom.xml, robots.txt and static/.

    \b
    Examples:
      publisher build examples/ips-spinal-cord
      publisher build . --out public --base-url https://staging.example.org/
      publisher build . --jobs 4 --drafts
    """
    loaded = open_site(site, base_url)
    if jobs is None:
        configured = loaded.config.raw.get("build", {}).get("jobs")
        jobs = configured if isinstance(configured, int) and configured >= 0 else None
    target = out if out is not None else site / loaded.config.output
    run_build(loaded, target, drafts=drafts, force=force, jobs=jobs, quiet=quiet, incremental=True,
              cache=not no_cache)
