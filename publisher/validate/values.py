"""Lexical forms of schema.org's data types, as real-world markup writes them.

Dates and times follow ISO 8601 as schema.org uses it (the XML Schema subset plus the reduced
precisions publishers write: ``2025``, ``2025-03``); numbers may be JSON numbers or numeric text;
booleans may be JSON booleans, ``"true"``/``"False"`` or the schema.org members ``True``/``False``.
Every function here is a cheap predicate or parser, never raising on odd input, and pure: most
keep their recent answers (``lru_cache``), since the same text is tested by several rules (a
``datePublished`` by the vocabulary's range, the timezone format, not-future and order rules: the
date and date-time ones share one reading of the text, :func:`_moment`).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache, lru_cache
from typing import NamedTuple

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"([Zz]|[+-]\d{2}(?::?\d{2})?)?$"
)
_TIME = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DURATION = re.compile(
    r"^-?P(?=\d|T\d)(?:\d+(?:[.,]\d+)?Y)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?W)?(?:\d+(?:[.,]\d+)?D)?"
    r"(?:T(?=\d)(?:\d+(?:[.,]\d+)?H)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?S)?)?$"
)
_ABSOLUTE_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# Characters no URL or IRI may hold unescaped (RFC 3987): a JSON-LD processor drops such a value, so
# the page's RDF would lose it. They must be percent-encoded (%3C for <).
_NOT_IN_IRI = r'\s<>"{}|\\^`'
_HTTP_URL = re.compile(rf"^https?://[^/?#@{_NOT_IN_IRI}]+(?:[/?#][^{_NOT_IN_IRI}]*)?$", re.IGNORECASE)
_WHITE = re.compile(r"\s")
_TIMEZONE = re.compile(r"(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$")
BOOLEAN_TEXT = frozenset(
    {"true", "false", "True", "False", "TRUE", "FALSE"}
    | {f"{p}{v}" for p in ("schema:", "http://schema.org/", "https://schema.org/") for v in ("True", "False")}
)

# BCP 47 (RFC 5646): language-extlang-script-region-variant-extension-privateuse, or private use,
# or one of the grandfathered tags. Case-insensitive. Checks the syntax, not the registry.
_BCP47 = re.compile(
    r"^(?:"
    r"[a-z]{2,3}(?:-[a-z]{3}){0,3}"  # (4- and 5-8-letter language subtags: none is registered)
    r"(?:-[a-z]{4})?"
    r"(?:-(?:[a-z]{2}|\d{3}))?"
    r"(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*"
    r"(?:-[\da-wy-z](?:-[a-z\d]{2,8})+)*"
    r"(?:-x(?:-[a-z\d]{1,8})+)?"
    r"|x(?:-[a-z\d]{1,8})+"
    r"|en-gb-oed|i-(?:ami|bnn|default|enochian|hak|klingon|lux|mingo|navajo|pwn|tao|tay|tsu)"
    r"|sgn-(?:be-fr|be-nl|ch-de)|art-lojban|cel-gaulish|no-bok|no-nyn|zh-(?:guoyu|hakka|min|min-nan|xiang)"
    r")$",
    re.IGNORECASE,
)


_MEMO = lru_cache(maxsize=8192)


def _valid_date(y: str, m: str | None, d: str | None) -> bool:
    if m is None:
        return True
    month = int(m)
    if not 1 <= month <= 12:
        return False
    if d is None:
        return True
    try:
        date(int(y), month, int(d))
    except ValueError:
        return False
    return True


class _Moment(NamedTuple):
    """What a text is as a date or date-time, worked out once (see :func:`_moment`)."""

    date: bool  # a valid Date (or reduced precision)
    datetime: bool  # a valid DateTime
    zoned: bool  # for :func:`has_timezone`
    instant: tuple[datetime, bool] | None  # for :func:`parse_instant` (of the text as given)


_NOTHING = _Moment(False, False, False, None)


@_MEMO
def _moment(text: str) -> _Moment:
    """Every date and date-time fact of ``text``: a date string is asked about by several rules
    (the vocabulary's range, the timezone format, not-future, order), once each; it is read once."""
    match = _DATE.match(text)
    if match is not None:
        y, m, d = match.groups()
        if not _valid_date(y, m, d):
            return _Moment(False, False, True, None)
        return _Moment(True, False, True, (datetime(int(y), int(m or 1), int(d or 1), tzinfo=UTC), True))
    match = _DATETIME.match(text)
    if match is None:
        return _NOTHING
    y, mo, d, h, mi, s, tz = match.groups()
    if not (_valid_date(y, mo, d) and int(h) <= 24 and int(mi) <= 59 and (s is None or int(s) <= 60)):
        return _NOTHING
    zoned = _TIMEZONE.search(text) is not None
    return _Moment(False, True, zoned, _instant(y, mo, d, h, mi, s, tz))


def _instant(y: str, mo: str, d: str, h: str, mi: str, s: str | None,
             tz: str | None) -> tuple[datetime, bool] | None:
    hour = int(h)
    extra = timedelta(0)
    if hour == 24:
        hour, extra = 0, timedelta(days=1)
    zone: timezone | None = UTC
    if tz and tz not in ("Z", "z"):
        zone = _zone(tz)
        if zone is None:
            return None
    try:
        value = datetime(int(y), int(mo), int(d), hour, int(mi), min(int(s or 0), 59), tzinfo=zone)
    except ValueError:
        return None
    return value + extra, False


@cache  # offsets as written, read once each (a site writes a handful)
def _zone(tz: str) -> timezone | None:
    """The timezone of an offset (``+09:00``, ``-0500``, ``+01``); None when out of range."""
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def is_date(text: str) -> bool:
    """``2025-03-21``, or the reduced precisions ``2025-03`` and ``2025``."""
    return _moment(text).date


def is_datetime(text: str) -> bool:
    """``2025-03-21T10:00``, with optional seconds, fraction and timezone (``Z``, ``+09:00``)."""
    return _moment(text).datetime


@_MEMO
def is_time(text: str) -> bool:
    match = _TIME.match(text)
    if match is None:
        return False
    h, mi, s, _ = match.groups()
    return int(h) <= 24 and int(mi) <= 59 and (s is None or int(s) <= 60)


def is_date_or_datetime(text: str) -> bool:
    moment = _moment(text)
    return moment.date or moment.datetime


def has_timezone(text: str) -> bool:
    """Whether a DateTime says its timezone; a plain Date (no time of day) needs none."""
    return _moment(text).zoned


@_MEMO
def is_number(text: str) -> bool:
    return _NUMBER.match(text.strip()) is not None


@_MEMO
def is_integer(text: str) -> bool:
    return _INTEGER.match(text.strip()) is not None


@_MEMO
def is_duration(text: str) -> bool:
    return _DURATION.match(text) is not None


def is_boolean_text(text: str) -> bool:
    return text.strip() in BOOLEAN_TEXT


def is_url_like(text: str) -> bool:
    """A URL or a relative reference: not empty and without white space."""
    stripped = text.strip()
    return bool(stripped) and _WHITE.search(stripped) is None


@_MEMO
def url_scheme(text: str) -> str | None:
    """The scheme of an absolute URL (lower case), or None for a relative reference."""
    match = _ABSOLUTE_URL.match(text.strip())
    if match is None:
        return None
    scheme = match.group(1).lower()
    # "localhost:8080/x" or a Windows drive "C:\x" is not a scheme anyone means
    return scheme if len(scheme) > 1 else None


@_MEMO
def is_http_url(text: str) -> bool:
    """An absolute ``http``/``https`` URL with a host, and no character an IRI cannot hold
    (space, ``<>"{}|\\^```: percent-encode them)."""
    return _HTTP_URL.match(text.strip()) is not None


@_MEMO
def is_bcp47(text: str) -> bool:
    return _BCP47.match(text.strip()) is not None


def parse_instant(text: str) -> tuple[datetime, bool] | None:
    """A Date or DateTime as an aware datetime, and whether it was only a date.

    A DateTime without a timezone is read as UTC; a date (or a reduced-precision date) as the
    start of that day in UTC. Returns None when the text is neither.
    """
    return _moment(text.strip()).instant
