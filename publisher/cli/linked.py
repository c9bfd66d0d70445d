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

from publisher.cli.common import EXIT_FOUND, emit, open_site
from publisher.site import Site


def load_clean_site(path: Path, command: str, *, base_url: str | None = None, force: bool = False) -> Site:
    """Load SITE, print its diagnostics to stderr; stop with status 1 on errors unless ``force``."""
    site = open_site(path, base_url)
    if site.diagnostics:
        emit(site.diagnostics, "text", None, command, summary=False)
    if site.errors and not force:
        click.echo(
            f"{command.capitalize()} stopped: {len(site.errors)} error(s) in {path}. "
            "Fix them or use --force.",
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
