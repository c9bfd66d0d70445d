"""Value types shared by the models: text, URLs, dates, references, one-or-many."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

T = TypeVar("T")

KINDS = ("articles", "people", "organizations", "studies", "conditions")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REFERENCE_RE = re.compile(r"^(articles|people|organizations|studies|conditions)/([a-z0-9]+(?:-[a-z0-9]+)*)$")
_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)


def new_list() -> list[Any]:
    """The default of a one-or-many property: a new empty list.

    Not ``list`` itself: pydantic reads the signature of every default factory, and a builtin's
    is parsed from text (a third of a millisecond, 300 times over when the models are built).
    """
    return []


def is_reference(value: object) -> bool:
    return isinstance(value, str) and REFERENCE_RE.match(value) is not None


def _as_list(value: Any) -> Any:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _check_url(value: str) -> str:
    if not _URL_RE.match(value):
        raise ValueError("must be an absolute URL (scheme:...)")
    return value


def parse_date_or_datetime(value: str) -> date | datetime:
    """Parse an ISO 8601 Date or DateTime as schema.org writes them; raise ValueError."""
    if _DATE_RE.match(value):
        return date.fromisoformat(value)
    if _DATETIME_RE.match(value):
        return datetime.fromisoformat(value.replace(" ", "T", 1))
    raise ValueError("must be an ISO 8601 date (2025-03-21) or date-time (2025-03-21T10:00:00+09:00)")


def _check_date(value: str) -> str:
    parse_date_or_datetime(value)
    return value


def _date_to_text(value: Any) -> Any:
    # Python callers may pass date/datetime objects; files give strings (the reader keeps them).
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


Many = Annotated[list[T], BeforeValidator(_as_list)]
"""A property that takes one value or several; always a list in Python."""

URL = Annotated[str, AfterValidator(_check_url)]
"""An absolute URL. Which schemes are acceptable is the profiles' business."""

DateText = Annotated[str, BeforeValidator(_date_to_text), AfterValidator(_check_date)]
"""An ISO 8601 Date or DateTime, kept exactly as written."""

REFERENCE_JSON_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": REFERENCE_RE.pattern,
    "title": "Reference",
    "description": "A record of the site: its path under content/ without the extension, "
    "e.g. people/hideyuki-okano.",
}

Reference = Annotated[str, WithJsonSchema(REFERENCE_JSON_SCHEMA)]
"""A reference to another record (``people/hideyuki-okano``), or plain text where schema.org
allows text in place of a thing. The link stage tells them apart with :data:`REFERENCE_RE`.
Validation takes any string; the generated JSON Schemas (``publisher.model.jsonschema``) ask for
the reference pattern, narrowed per property to the kinds of record it may name."""
