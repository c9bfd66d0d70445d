"""``publisher export``: the site's graph as RDF (or JSON-LD), exactly what its pages say."""

from __future__ import annotations

import time
from pathlib import Path

import click

from publisher.cli.common import fail, site_argument
from publisher.cli.linked import atomic_output, load_clean_site
from publisher.render.rdf import FORMATS, QUAD_FORMATS, format_for_path, write_export


@click.command()
@site_argument
@click.option("--format", "-f", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="Output format (default: from the --out file's extension, else nq).")
@click.option("--out", "-o", "out", default="-", show_default=True, metavar="FILE|-",
              help="Write to FILE (replaced atomically) or '-' for standard output.")
@click.option("--base-url", help="Override site.base_url.")
@click.option("--drafts", is_flag=True, help="Include articles marked draft: true.")
@click.option("--force", is_flag=True, help="Export even when validation finds errors.")
def export(site: Path, fmt: str | None, out: str, base_url: str | None, drafts: bool,
           force: bool) -> None:
    """Export the graph of SITE: the union of what its built pages say, as RDF.

    \b
    Formats: nq and trig keep one named graph per page (named by the page's
    URL: a record's page, its breadcrumb, the record and its nested things);
    nt, turtle, rdfxml and jsonld carry the union. Terms use http://schema.org/,
    as schema.org's own context does. The same site always gives the same bytes.

    Exit status: 0 written, 1 the site has errors (nothing written), 2 could not run.

    \b
    Examples:
      publisher export examples/ips-spinal-cord --format turtle
      publisher export examples/ips-spinal-cord --out build/graph.nq
      publisher export . -f jsonld -o - | jq '.["@graph"] | length'
    """
    if fmt is None:
        fmt = (format_for_path(out) if out != "-" else None) or "nq"
    loaded = load_clean_site(site, "export", base_url=base_url, force=force)
    start = time.perf_counter()
    try:
        with atomic_output(out) as stream:
            count = write_export(loaded, fmt, stream, drafts=drafts)
    except BrokenPipeError:  # e.g. `publisher export | head`
        return
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")
    if out != "-":
        what = "quads" if fmt in QUAD_FORMATS else "triples"
        click.echo(f"Exported {count} {what} ({fmt}) to {out} in {time.perf_counter() - start:.2f}s.",
                   err=True)
