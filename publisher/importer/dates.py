"""Dates as sources write them, turned into what a record takes.

A date-time with a timezone is kept as an ISO 8601 date-time. Anything less (a date-time
without a timezone, a bare date, "March 21, 2025") becomes a date, ``2025-03-21``, with a note
that the import flags in a YAML comment: the time of day without a timezone says nothing
certain about the instant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime

_FORMATS_DATE = (
    "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%Y/%m/%d",
    "%Y.%m.%d", "%A, %B %d, %Y", "%a, %B %d, %Y", "%A %d %B %Y",
)
_FORMATS_DATETIME = ("%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%B %d, %Y %H:%M", "%B %d, %Y %I:%M %p")


@dataclass(frozen=True, slots=True)
class ImportedDate:
    value: str  # what the record gets: 2025-03-21 or 2025-03-21T10:00:00+09:00
    source: str  # as the source wrote it
    note: str | None = None  # why it was changed, for a YAML comment


def parse_date(text: str) -> ImportedDate | None:
    """Read a date as a page or an export writes it; None when it is not one."""
    raw = text.strip()
    if not raw:
        return None
    cleaned = re.sub(r"\s+", " ", raw)
    iso = cleaned.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", cleaned) else cleaned
    if iso.endswith("Z"):
        iso = iso[:-1] + "+00:00"
    parsed: date | datetime | None = None
    try:
        parsed = datetime.fromisoformat(iso) if "T" in iso else date.fromisoformat(iso)
    except ValueError:
        parsed = None
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(cleaned)  # RFC 2822: Fri, 21 Mar 2025 10:00:00 +0900
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        for fmt in _FORMATS_DATETIME:
            try:
                parsed = datetime.strptime(cleaned, fmt)
                break
            except ValueError:
                continue
    if parsed is None:
        for fmt in _FORMATS_DATE:
            try:
                parsed = datetime.strptime(cleaned, fmt).date()
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    if isinstance(parsed, datetime):
        if parsed.tzinfo is not None and parsed.utcoffset() is not None:
            value = parsed.isoformat(timespec="seconds")
            return ImportedDate(value, raw)
        return ImportedDate(
            parsed.date().isoformat(), raw,
            f"the source gives {raw!r} without a timezone: imported as a date",
        )
    return ImportedDate(
        parsed.isoformat(), raw, f"the source gives {raw!r}: a date, with no time or timezone"
    )
