"""``publisher check``: the structured data of any HTML page or JSON-LD file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher.cli.common import EXIT_CANNOT_RUN, emit, exit_status, fail, report_options


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--profile", "-p", "profiles", multiple=True, metavar="NAME|FILE",
              help="Profile to check with: schemaorg, google, publisher, or a profile file; repeatable. "
              "Default: the --config file's [validate] profiles, else schemaorg and google.")
@click.option("--config", "-c", "config", type=click.Path(dir_okay=False, path_type=Path),
              help="A publisher.toml whose [validate] profiles and severity to use.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes (0: one per core for 200 files or more, else 1).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None, metavar="N",
              help="Largest file read, in bytes; larger ones are CHK007 (default: the --config file's "
              "[limits] max_page_bytes, else 33554432, 32 MiB).")
@report_options
def check(
    paths: tuple[str, ...], profiles: tuple[str, ...], config: Path | None, jobs: int,
    max_bytes: int | None, fmt: str, output: Path | None, strict: bool,
) -> None:
    """Check the structured data of HTML pages and JSON-LD files, any site's, not only ours.

    PATH is an HTML file, a .jsonld/.json file, a folder (its .html, .htm, .xhtml, .shtml, .jsonld
    files, recursively) or - for standard input. Every <script type="application/ld+json"> block
    is read (arrays, @graph, blocks that refer to each other by @id), and so are microdata and
    RDFa; then the profiles' rules run. Lines and columns point into the file checked. Remote
    contexts are never fetched.

    Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 could not run.

    \b
    Examples:
      publisher check public/
      publisher check page.html other.jsonld --profile google
      curl -s https://example.org/ | publisher check -
      publisher check _site --config publisher.toml --format sarif --output check.sarif
      publisher check _site --format github --strict
    """
    from publisher.validate.check import MAX_BYTES, STDIN_NAME, CheckInputError, Recipe, check_paths, collect
    from publisher.validate.profiles import (
        DEFAULT_CHECK_PROFILES,
        ProfileError,
        load_ruleset,
        page_limit,
        used_codes,
        validate_settings,
    )

    severity: dict[str, str] = {}
    base: Path | None = Path.cwd()
    chosen = profiles
    if config is not None:
        try:
            configured, severity = validate_settings(config)
            if max_bytes is None:
                max_bytes = page_limit(config)
        except ProfileError as exc:
            click.echo(f"publisher: error: --config: {exc.message}", err=True)
            sys.exit(EXIT_CANNOT_RUN)
        if not profiles:
            chosen, base = configured, config.resolve().parent
    if not chosen:
        chosen = DEFAULT_CHECK_PROFILES
    recipe = Recipe(tuple(chosen), str(base) if base else None, tuple(sorted(severity.items())),
                    max_bytes or MAX_BYTES)
    try:
        ruleset = load_ruleset(recipe.profiles, base, severity)
    except ProfileError as exc:
        click.echo(f"publisher: error: profile: {exc.message}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    try:
        files = collect(paths)
        result = check_paths(paths, recipe, jobs=jobs, files=files)
    except CheckInputError as exc:
        fail(str(exc))
    checked = [STDIN_NAME if f == "-" else f for f in files]
    emit(result.diagnostics, fmt, output, "check", checked=checked, strict=strict,
         rules=used_codes(ruleset), codes=ruleset.codes)
    if fmt == "text" and output is None and not result.files:
        click.echo("No HTML or JSON-LD files found.", err=True)
    sys.exit(exit_status(result.diagnostics, strict))
