"""What the commands share: loading a site, printing reports, exit statuses."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from publisher.diagnostics import Diagnostic, Severity
from publisher.report import FORMATS, ReportContext, render

if TYPE_CHECKING:  # (imported when used: ``check`` reads no site and needs no models)
    from publisher.content.config import SiteConfig
    from publisher.site import ReadCache, Site

EXIT_OK, EXIT_FOUND, EXIT_CANNOT_RUN = 0, 1, 2
F = TypeVar("F", bound=Callable[..., Any])


def site_argument(function: F) -> F:
    return click.argument(
        "site", required=False, default=".", type=click.Path(file_okay=False, path_type=Path)
    )(function)


def report_options(function: F) -> F:
    function = click.option(
        "--strict", is_flag=True, help="Exit with status 1 on warnings too."
    )(function)
    function = click.option(
        "--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path),
        help="Write the report to FILE instead of standard output.",
    )(function)
    function = click.option(
        "--format", "-f", "fmt", type=click.Choice(sorted(FORMATS)), default="text",
        show_default=True, help="Report format.",
    )(function)
    return function


def cannot_run(diagnostics: Sequence[Diagnostic]) -> NoReturn:
    """Print why the command could not run and exit with status 2."""
    emit(diagnostics, "text", None, "publisher", summary=False)
    sys.exit(EXIT_CANNOT_RUN)


def fail(message: str) -> NoReturn:
    click.echo(f"publisher: error: {message}", err=True)
    sys.exit(EXIT_CANNOT_RUN)


def open_site(path: Path, base_url: str | None = None, cache: ReadCache | None = None) -> Site:
    from publisher.content.config import ConfigError
    from publisher.site import load_site

    try:
        return load_site(path, base_url=base_url, cache=cache)
    except ConfigError as exc:
        cannot_run(exc.diagnostics)


def open_site_config(path: Path) -> SiteConfig:
    """Only the site's ``publisher.toml`` (no records read); exit 2 when it cannot be used."""
    from publisher.content.config import ConfigError, load_config
    from publisher.content.reader import display_path

    try:
        config, _warnings = load_config(path, display_path(path) if str(path) else ".")
    except ConfigError as exc:
        cannot_run(exc.diagnostics)
    return config


def emit(
    diagnostics: Sequence[Diagnostic],
    fmt: str,
    output: Path | None,
    command: str,
    *,
    summary: bool = True,
    **details: Any,
) -> None:
    """Write the report; ``details`` are more :class:`ReportContext` fields (checked, strict, ...)."""
    stream_is_tty = output is None and sys.stdout.isatty()
    context = ReportContext(command=command, color=stream_is_tty, excerpts=True, **details)
    text = render(diagnostics, fmt, context)
    if not summary and fmt == "text":
        text = "".join(line + "\n" for line in text.splitlines()[:-1])
    if output is not None:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            fail(f"cannot write report to {output}: {exc.strerror or exc}")
    else:
        click.echo(text, nl=False, err=not summary)


def exit_status(diagnostics: Sequence[Diagnostic], strict: bool) -> int:
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return EXIT_FOUND
    if strict and any(d.severity is Severity.WARNING for d in diagnostics):
        return EXIT_FOUND
    return EXIT_OK
