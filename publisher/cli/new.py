"""``publisher new``: write a new record with every recommended property, commented."""

from __future__ import annotations

from pathlib import Path

import click

from publisher.cli.common import fail, open_site_config
from publisher.model.registry import KIND_TYPES
from publisher.scaffold import KINDS, ScaffoldError, new_record

_TYPES_HELP = "; ".join(f"{word}: {', '.join(KIND_TYPES[kind])}" for word, kind in KINDS.items())


@click.command()
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.argument("slug")
@click.option("--site", "-s", "site", default=".", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The site folder.")
@click.option("--type", "-t", "type_name", metavar="TYPE",
              help=f"The schema.org type of the record ({_TYPES_HELP}).")
def new(kind: str, slug: str, site: Path, type_name: str | None) -> None:
    """Write a new KIND record named SLUG into the site.

    KIND is article, person, organization, study or condition; the file is
    content/<kind folder>/SLUG.md (articles) or .yaml. Every recommended property is there,
    with a comment that explains it: set ones have valid placeholder values, the others are
    commented out. A new article is a draft (draft: true) until you remove that line. An
    existing file is never overwritten.

    \b
    Examples:
      publisher new article keio-ips-results
      publisher new person jane-doe --site my-site
      publisher new organization city-tribune --type NewsMediaOrganization
      publisher new study walking-trial --type MedicalTrial
    """
    config = open_site_config(site)
    try:
        record = new_record(config, kind, slug, type_name)
    except ScaffoldError as exc:
        fail(str(exc))
    click.echo(f"Created {record.path} ({record.type}).")
