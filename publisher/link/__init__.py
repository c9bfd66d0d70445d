"""Link stage: references between records become ``@id`` links; problems become diagnostics."""

from publisher.link.ids import Identifiers
from publisher.link.resolve import Link, link_records

__all__ = ["Identifiers", "Link", "link_records"]
