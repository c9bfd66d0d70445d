"""Publishing the site's graph into triple stores, and querying it.

* :mod:`publisher.store.gsp`: a SPARQL 1.1 Graph Store HTTP Protocol client (httpx) with retries,
  credentials from environment variables, and one-line errors; also the SPARQL protocol for queries.
* :mod:`publisher.store.local`: the same operations on a local pyoxigraph store folder.
* :mod:`publisher.store.push`: what to replace, skip or drop, from a manifest kept in the store.
* :mod:`publisher.store.query`: SELECT, ASK and CONSTRUCT over the site, a local store or an endpoint.
"""

from __future__ import annotations


class StoreError(Exception):
    """The store could not be used: unreachable, refused the request, or not openable.

    The message is one line, fit to print after ``publisher: error:``.
    """
