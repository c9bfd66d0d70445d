"""Stable identifiers, derived from ``base_url`` and slugs only (never from order or time).

    {base_url}articles/{slug}/            the article's page (its WebPage @id)
    {base_url}articles/{slug}/#article    the article
    {base_url}people/{slug}/#person       ... #organization, #study, #condition
    {base_url}#website                    the site
    {page}#breadcrumb, {page}#primaryimage, {page}#logo, {page}#<property>[-n]   nested things
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.model.registry import KIND_FRAGMENT


@dataclass(frozen=True, slots=True)
class Identifiers:
    base_url: str

    @property
    def website(self) -> str:
        return f"{self.base_url}#website"

    @property
    def home(self) -> str:
        return self.base_url

    def section(self, kind: str) -> str:
        return f"{self.base_url}{kind}/"

    def page(self, ref: str) -> str:
        return f"{self.base_url}{ref}/"

    def entity(self, ref: str) -> str:
        kind = ref.split("/", 1)[0]
        return f"{self.base_url}{ref}/#{KIND_FRAGMENT[kind]}"

    def breadcrumb(self, page_url: str) -> str:
        return f"{page_url}#breadcrumb"

    @staticmethod
    def nested(page_url: str, pointer: str) -> str:
        """The @id of an inline object at ``pointer`` inside a record on ``page_url``.

        ``/image/0`` is the page's primary image; ``/logo`` or ``/logo/0`` is ``#logo``; other
        objects are named by their property path, with ``-n`` for the n-th (n > 1) of a list.
        """
        parts = pointer.strip("/").split("/")
        if parts in (["image", "0"], ["image"]):
            return f"{page_url}#primaryimage"
        if parts in (["logo", "0"], ["logo"]):
            return f"{page_url}#logo"
        names: list[str] = []
        for part in parts:
            if part.isdigit():
                if part != "0":
                    names[-1] = f"{names[-1]}-{int(part) + 1}"
            else:
                names.append(part.replace("~1", "-").replace("~0", "-").lower())
        return f"{page_url}#{'-'.join(names)}"
