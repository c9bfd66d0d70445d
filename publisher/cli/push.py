"""``publisher push``: the site's named graphs into a triple store, replacing only what changed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher.cli.common import EXIT_CANNOT_RUN, fail, site_argument
from publisher.cli.linked import load_clean_site
from publisher.store import StoreError
from publisher.store.gsp import GraphStore, HttpClient, Retry
from publisher.store.local import LocalGraphStore
from publisher.store.push import BATCH, Backend, Plan, push


def _print_plan(plan: Plan, dry_run: bool, prune: bool) -> None:
    for content, reason in plan.put:
        click.echo(f"{'would put' if dry_run else 'put'}     {content.name}  ({reason}, "
                   f"{content.triples} triples)")
    for graph in plan.delete:
        click.echo(f"{'would delete' if dry_run else 'delete'}  {graph}  (no longer in the site)")
    for graph in plan.stale:
        click.echo(f"keep    {graph}  (no longer in the site; --prune drops it)")
    if dry_run:
        click.echo(
            f"Dry run: {len(plan.put)} graph(s) to put, {len(plan.delete)} to delete, "
            f"{len(plan.unchanged)} unchanged, {len(plan.stale)} kept"
            f"{'' if prune or not plan.stale else ' (use --prune to drop them)'}; nothing was written."
        )


@click.command()
@site_argument
@click.option("--endpoint", metavar="URL",
              help="Graph Store Protocol URL (Oxigraph .../store, Fuseki .../DATASET/data, "
                   "GraphDB .../repositories/REPO/rdf-graphs/service).")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="A local pyoxigraph store folder instead (created if missing).")
@click.option("--prune", is_flag=True, help="Drop the graphs of records that no longer exist.")
@click.option("--dry-run", is_flag=True, help="List what would change; write nothing.")
@click.option("--all", "replace_all", is_flag=True,
              help="Replace every graph, whatever the manifest says.")
@click.option("--drafts", is_flag=True, help="Include articles marked draft: true.")
@click.option("--base-url", help="Override site.base_url.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds to wait for each request.")
@click.option("--retries", type=click.IntRange(min=0), default=4, show_default=True,
              help="Retries on timeouts, connection errors and 5xx (backoff 0.5 s, doubling).")
@click.option("--jobs", "-j", type=click.IntRange(min=1, max=32), default=4, show_default=True,
              help="Graphs written at a time (an endpoint only).")
@click.option("--batch", type=click.IntRange(min=1, max=4096), default=BATCH, show_default=True,
              help="Graphs replaced per request (one SPARQL update, one transaction); 1 = one "
                   "Graph Store PUT per graph.")
@click.option("--verbose", "-v", is_flag=True, help="Print each graph as it is written.")
def push_command(site: Path, endpoint: str | None, store_dir: Path | None, prune: bool, dry_run: bool,
                 replace_all: bool, drafts: bool, base_url: str | None, timeout: float, retries: int,
                 jobs: int, batch: int, verbose: bool) -> None:
    """Push the graph of SITE into a triple store: one named graph per page.

    Each graph is named by its page's URL and replaced as a whole: --batch graphs per
    SPARQL update (one transaction), or one Graph Store Protocol PUT each with
    --batch 1. Pushing twice changes nothing and an edited record replaces only its
    own graph. A manifest graph in the store,
    <BASE_URL#publisher-manifest>, holds a SHA-256 per graph so unchanged graphs are
    skipped. A push stopped half-way leaves each graph old or new; run it again.

    \b
    Credentials come from the environment, never from the command line:
      PUBLISHER_STORE_TOKEN                            Bearer token, or
      PUBLISHER_STORE_USER, PUBLISHER_STORE_PASSWORD   Basic authentication.

    Exit status: 0 pushed (or nothing to do), 1 the site has errors (nothing
    pushed), 2 could not run or could not finish (bad arguments, the store refused
    a request (4xx), or was unreachable after the retries); re-run after fixing.

    \b
    Examples:
      publisher push examples/ips-spinal-cord --endpoint http://localhost:7878/store
      publisher push . --endpoint http://localhost:3030/news/data --prune
      publisher push . --endpoint http://localhost:7200/repositories/news/rdf-graphs/service --dry-run
      publisher push examples/ips-spinal-cord --store build/store
    """
    if (endpoint is None) == (store_dir is None):
        fail("give exactly one of --endpoint URL and --store DIR")
    loaded = load_clean_site(site, "push", base_url=base_url)
    client: HttpClient | None = None
    try:
        backend: Backend
        if endpoint is not None:
            client = HttpClient(timeout=timeout, retry=Retry(retries=retries))
            backend = GraphStore(endpoint, client)
        else:
            assert store_dir is not None
            backend = LocalGraphStore(store_dir)

        def progress(action: str, graph: str) -> None:
            if verbose:
                click.echo(f"{action:<7} {graph}")

        result = push(loaded, backend, prune=prune, force=replace_all, dry_run=dry_run, drafts=drafts,
                      progress=progress, jobs=jobs if endpoint is not None else 1, batch=batch)
        if isinstance(backend, LocalGraphStore):
            backend.flush()
    except StoreError as exc:
        click.echo(f"publisher: error: {exc}", err=True)
        click.echo("Nothing is half-written: each graph is old or new. Run the push again to finish.",
                   err=True)
        sys.exit(EXIT_CANNOT_RUN)
    finally:
        if client is not None:
            client.close()
    plan = result.plan
    if dry_run:
        _print_plan(plan, dry_run, prune)
    elif verbose:
        for graph in plan.stale:
            click.echo(f"keep    {graph}  (no longer in the site; --prune drops it)")
    if not dry_run:
        click.echo(
            f"Pushed {result.graphs_put} graph(s) ({result.triples_put} triples), deleted "
            f"{result.graphs_deleted}, {len(plan.unchanged)} unchanged"
            + (f", {len(plan.stale)} kept (no longer in the site; --prune drops them)" if plan.stale else "")
            + f", into {backend.describe()} in {result.seconds:.2f}s."
        )
