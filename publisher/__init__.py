"""publisher: turn a newsroom's records into correct, connected schema.org structured data.

The public Python API::

    import publisher
    site = publisher.load_site("examples/ips-spinal-cord")
    site.diagnostics            # everything reading and linking found, never an exception
    site.records                # {"people/hideyuki-okano": Record, ...}
    site.record("studies/keio-ipsc-sci").model      # the pydantic model
    publisher.record_jsonld(site, "studies/keio-ipsc-sci")  # the page's JSON-LD document
"""

from publisher.diagnostics import Diagnostic, Severity
from publisher.site import Record, Site, load_site

__version__ = "0.1.0"


def record_jsonld(site: Site, ref: str) -> dict[str, object]:
    """The JSON-LD document (``@context`` + ``@graph``) of one record's page."""
    from publisher.render.jsonld import page_document

    return page_document(site, site.record(ref))


__all__ = [
    "Diagnostic",
    "Record",
    "Severity",
    "Site",
    "__version__",
    "load_site",
    "record_jsonld",
]
