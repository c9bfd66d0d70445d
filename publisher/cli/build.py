"""``publisher build``: validate, then write the static site."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher.cli.common import EXIT_FOUND, cannot_run, emit, fail, open_site, site_argument
from publisher.publish.atomic import OutputError
from publisher.publish.build import build_site


@click.command()
@site_argument
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: SITE/_site, or [build] output).")
@click.option("--base-url", help="Override site.base_url (e.g. for a preview deployment).")
@click.option("--drafts", is_flag=True, help="Include articles marked draft: true.")
@click.option("--force", is_flag=True, help="Build even when validation finds errors.")
def build(site: Path, out: Path | None, base_url: str | None, drafts: bool, force: bool) -> None:
    """Build the static site of SITE: one page per record, each with its JSON-LD.

    The output is written to a temporary folder and swapped in only when complete; errors stop
    the build and leave the previous output as it was.

    \b
    Examples:
      publisher build examples/ips-spinal-cord
      publisher build . --out public --base-url https://staging.example.org/
    """
    from publisher.diagnostics import Severity
    from publisher.validate.site import ValidationSetupError, validate_site

    loaded = open_site(site, base_url)
    try:
        diagnostics = validate_site(loaded)  # reading, linking and the site's profiles
    except ValidationSetupError as exc:
        cannot_run(exc.diagnostics)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if diagnostics:
        emit(diagnostics, "text", None, "build", summary=False)
    if errors and not force:
        click.echo(f"Build stopped: {len(errors)} error(s). Fix them or use --force.", err=True)
        sys.exit(EXIT_FOUND)
    target = out if out is not None else site / loaded.config.output
    try:
        result = build_site(loaded, target, drafts=drafts)
    except OutputError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {target}: {exc.strerror or exc}")
    warnings = sum(d.severity is Severity.WARNING for d in diagnostics)
    click.echo(
        f"Built {result.pages} pages ({result.files} files) into {result.out} in "
        f"{result.seconds:.2f}s; {warnings} warning(s)."
    )
