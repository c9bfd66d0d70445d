"""Import: a news article's HTML page, or a plain-text export of one, as a draft record.

``import_source`` reads the input and returns the drafts found in it (one for an HTML page;
a text export may hold several articles); ``draft.render`` writes one as Markdown with front
matter. Bad input raises :class:`ImportProblem` with a stable code (``IMP001``...).
"""

from __future__ import annotations

from publisher.importer.draft import Agent, Draft, Image, render
from publisher.importer.match import SiteIndex
from publisher.importer.source import ImportProblem, Source, decode_text, looks_like_html, read_source

KINDS = ("html", "text")


def import_source(source: Source, kind: str | None = None) -> list[Draft]:
    """The draft articles in ``source`` (``kind``: html, text, or None to tell by the content)."""
    if kind is None:
        kind = "html" if looks_like_html(source) else "text"
    if kind == "html":
        from publisher.importer.html import extract_html

        return [extract_html(source)]
    from publisher.importer.text import extract_text

    return extract_text(decode_text(source.data), source.name)


__all__ = [
    "KINDS",
    "Agent",
    "Draft",
    "Image",
    "ImportProblem",
    "SiteIndex",
    "Source",
    "import_source",
    "read_source",
    "render",
]
