"""``publisher init``: create a new site that validates and builds as it is."""

from __future__ import annotations

import re
from pathlib import Path

import click

from publisher.cli.common import fail
from publisher.scaffold import ScaffoldError, init_site


@click.command()
@click.argument("directory", metavar="[DIR]", required=False, default=".",
                type=click.Path(path_type=Path))
@click.option("--title", default="Example Health Desk", show_default=True, help="The site's title.")
@click.option("--base-url", default="https://example.org/", show_default=True,
              help="The address the site will be published at; every @id derives from it.")
@click.option("--language", default="en", show_default=True, help="The site's language (BCP 47).")
@click.option("--force", is_flag=True,
              help="Write into a folder that is not empty, replacing files of the same names.")
def init(directory: Path, title: str, base_url: str, language: str, force: bool) -> None:
    """Create a new site in DIR (default: the current folder).

    The site has a publisher.toml, one record of each kind (an article, a person, an
    organization, a study and a condition) that together validate and build, a templates/
    folder for overriding the default theme by file name, a static/ folder and a .gitignore
    for the build output. DIR must be empty (a .git folder is fine) unless --force is given.

    \b
    Examples:
      publisher init my-site
      publisher init . --title "Health Desk" --base-url https://news.example.org/
      publisher init my-site --force
    """
    if not re.match(r"^https?://[^/\s]+(/\S*)?$", base_url):
        fail(f"--base-url {base_url!r} must be an absolute http(s) URL")
    if not base_url.endswith("/"):
        base_url += "/"
    if not re.match(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$", language):
        fail(f"--language {language!r} is not a BCP 47 language tag (en, ja, pt-BR)")
    try:
        written = init_site(directory, title=title, base_url=base_url, language=language, force=force)
    except ScaffoldError as exc:
        fail(str(exc))
    records = sum(1 for name in written if name.startswith("content/"))
    shown = str(directory)
    click.echo(f"Created a site in {shown}: publisher.toml, {records} records, templates/, static/.")
    click.echo("Next:")
    click.echo(f"  publisher validate {shown}")
    click.echo(f"  publisher build {shown}")
    click.echo(f"  publisher new article my-first-story --site {shown}")
