"""What ``export``, ``push`` and ``query`` share: a site that must load without errors, atomic files."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import click

from publisher.cli.common import EXIT_FOUND, cannot_run, emit, open_site
from publisher.diagnostics import Severity
from publisher.site import Site


def load_clean_site(path: Path, command: str, *, base_url: str | None = None, force: bool = False,
                    warnings: bool = True) -> Site:
    """Load SITE and check it as ``build`` does (reading, linking, the site's profiles).

    The diagnostics go to stderr (errors only unless ``warnings``); errors stop the command with
    status 1 unless ``force``; profiles that cannot be used stop it with status 2.
    """
    from publisher.publish.build import BuildError, collect_diagnostics

    site = open_site(path, base_url)
    try:
        diagnostics = collect_diagnostics(site)
    except BuildError as exc:
        cannot_run(exc.diagnostics)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    shown = diagnostics if warnings else errors
    if shown:
        emit(shown, "text", None, command, summary=False)
    if errors and not force:
        click.echo(
            f"{command.capitalize()} stopped: {len(errors)} error(s) in {path}. "
            "Fix them or use --force." if command == "export" else
            f"{command.capitalize()} stopped: {len(errors)} error(s) in {path}. Fix them first.",
            err=True,
        )
        sys.exit(EXIT_FOUND)
    return site


@contextlib.contextmanager
def atomic_output(target: str) -> Iterator[IO[bytes]]:
    """Standard output for ``-``; otherwise a temporary file beside ``target``, renamed on success.

    A failure (or an interruption) removes the temporary file, so no partial output is left.
    """
    if target == "-":
        stream = sys.stdout.buffer
        yield stream
        stream.flush()
        return
    path = Path(target)
    directory = path.parent if str(path.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
