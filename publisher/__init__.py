"""publisher: turn a newsroom's records into correct, connected schema.org structured data.

The public Python API::

    import publisher
    site = publisher.load_site("examples/ips-spinal-cord")
    site.diagnostics            # everything reading and linking found, never an exception
    site.records                # {"people/hideyuki-okano": Record, ...}
    site.record("studies/keio-ipsc-sci").model      # the pydantic model
    publisher.record_jsonld(site, "studies/keio-ipsc-sci")  # the page's JSON-LD document

The names are imported on first use (PEP 562): ``publisher --version`` and ``--help`` need not
build the pydantic models, which is most of the interpreter's start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from publisher.diagnostics import Diagnostic, Severity
    from publisher.site import Record, Site, load_site

__version__ = "0.1.0"

_LAZY = {
    "Diagnostic": "publisher.diagnostics",
    "Severity": "publisher.diagnostics",
    "Record": "publisher.site",
    "Site": "publisher.site",
    "load_site": "publisher.site",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'publisher' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


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
