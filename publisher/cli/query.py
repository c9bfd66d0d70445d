"""``publisher query``: SPARQL over the site's graph, a local store, or an endpoint."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher.cli.common import fail
from publisher.cli.linked import load_clean_site
from publisher.render.rdf import site_store
from publisher.store import StoreError
from publisher.store.gsp import HttpClient, Retry, query_endpoint_for
from publisher.store.local import open_store
from publisher.store.query import FORMATS, QueryError, Results, render, run_local, run_remote


@click.command()
@click.argument("site_or_query", metavar="[SITE] QUERY", nargs=-1)
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Query a local store folder (made by push --store).")
@click.option("--endpoint", metavar="URL",
              help="Query a SPARQL endpoint (a Graph Store URL such as .../store is mapped to its "
                   "query endpoint).")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table, json (SPARQL JSON results), csv, tsv; for CONSTRUCT turtle or nt "
                   "(table gives Turtle, json JSON-LD).")
@click.option("--file", "query_file", type=click.File("r", encoding="utf-8"),
              help="Read the query from a file ('-' for standard input).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds to wait for an endpoint.")
def query(site_or_query: tuple[str, ...], store_dir: Path | None, endpoint: str | None, fmt: str,
          query_file: object, timeout: float) -> None:
    """Run a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE query.

    Without --store or --endpoint the query runs over SITE's own graph in memory
    (SITE defaults to the current folder). Locally the default graph is the union of
    the named graphs, so no GRAPH clause is needed; prefixes are not predefined.

    Exit status: 0 answered, 1 the site has errors, 2 could not run (invalid SPARQL:
    the parser's message is printed; an unreachable or refusing endpoint).

    \b
    Examples:
      publisher query examples/ips-spinal-cord \\
        'PREFIX s: <http://schema.org/> SELECT ?name WHERE { ?p a s:Person ; s:name ?name }'
      publisher query --store build/store 'ASK { ?s ?p ?o }'
      publisher query --endpoint http://localhost:7878/store --format csv --file q.rq
    """
    args = list(site_or_query)
    if query_file is not None:
        text: str = query_file.read()  # type: ignore[attr-defined]
        sites = args
    elif args:
        text, sites = args[-1], args[:-1]
    else:
        fail("give a QUERY (quoted) or --file FILE")
    if len(sites) > 1:
        fail("give [SITE] QUERY, with the query in quotes")
    if store_dir is not None and endpoint is not None:
        fail("give at most one of --store and --endpoint")
    if sites and (store_dir is not None or endpoint is not None):
        fail("SITE is not used with --store or --endpoint")
    site_arg = sites[0] if sites else "."
    if not text.strip():
        fail("the query is empty")
    results: Results
    try:
        if endpoint is not None:
            with HttpClient(timeout=timeout, retry=Retry(retries=2)) as client:
                results = run_remote(query_endpoint_for(endpoint), text, client)
                rendered = render(results, fmt)
        else:
            if store_dir is not None:
                store = open_store(store_dir, create=False)
            else:
                site = load_clean_site(Path(site_arg), "query", warnings=False)
                store = site_store(site)
            results = run_local(store, text)
            rendered = render(results, fmt)
    except QueryError as exc:
        fail(str(exc).replace("\n", " "))
    except StoreError as exc:
        fail(str(exc))
    except ValueError as exc:
        fail(str(exc))
    except OSError as exc:  # e.g. a SERVICE call or a store read failing while results stream
        fail(f"the query failed: {exc}")
    sys.stdout.buffer.write(rendered.text)
