"""``publisher validate``: check every record of a site."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher.cli.common import emit, exit_status, open_site, report_options, site_argument


@click.command()
@site_argument
@report_options
def validate(site: Path, fmt: str, output: Path | None, strict: bool) -> None:
    """Check every record of SITE (default: the current folder) and report all problems.

    Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 could not run.

    \b
    Examples:
      publisher validate examples/ips-spinal-cord
      publisher validate --format json --output report.json
    """
    loaded = open_site(site)
    diagnostics = loaded.diagnostics
    emit(diagnostics, fmt, output, "validate")
    sys.exit(exit_status(diagnostics, strict))
