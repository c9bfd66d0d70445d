"""Plain-text exports of news articles (reader apps, copy and paste) as draft records.

Two shapes are recognised, with everything else read as headline + body:

* a **reader app's export**: the text (often repeated), then a trailer of the app's own
  metadata: ``Similar Readings (N items)`` and their titles, ``Summary``, ``Statistics``
  (word and read counts), and ``Key: value`` lines (``ID``, ``Category ID``, ``URL``,
  ``Date``, ``Created``, ``Updated``, ``Last Read``). ``URL`` and ``Date`` are the article's;
  the rest is the app's, kept as comments;
* a **news site's page saved as text**: title lines, a ``Published: <date>`` line, the body,
  a ``© <year> <publisher>`` line that closes each article (a page can hold several: a report
  then an interview), and site chrome after the last one (comment prompts, a chatbot).

Paragraphs repeated word for word (an export that holds the body twice) are kept once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from publisher.importer.dates import parse_date
from publisher.importer.draft import Agent, Draft
from publisher.importer.source import ImportProblem

_MIN_WORDS = 25
_MAX_HEADLINE = 110
_META_KEYS = ("ID", "Category ID", "URL", "Date", "Created", "Updated", "Last Read", "Source", "Author")
_META_LINE = re.compile(rf"^({'|'.join(re.escape(k) for k in _META_KEYS)}):\s*(.*)$")
_SIMILAR = re.compile(r"^Similar Readings \((\d+) items?\)$", re.IGNORECASE)
_PUBLISHED = re.compile(r"^(?:Published|Posted|Published on|Posted on|Date published)\s*:?\s+(.+)$",
                        re.IGNORECASE)
_UPDATED = re.compile(r"^(?:Updated|Last updated|Modified)\s*:?\s+(.+)$", re.IGNORECASE)
_BYLINE = re.compile(r"^By\s+([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}"
                     r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})*)$")
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|Copyright(?:\s+©)?)\s*(\d{4})\s+(.+?)\.?(?:\s+All rights reserved\.?)?$", re.IGNORECASE
)
_CHROME = [
    re.compile(p, re.IGNORECASE) for p in (
        r"^Leave a (?:Reply|Replay|comment)\b", r"^Hi!? Would you like to know more about\b",
        r"chatbot$", r"^[×✕✖x]$", r"^Share (?:this|on)\b", r"^(?:Subscribe|Sign up) (?:to|for)\b",
        r"^Related(?: articles| posts| stories)?:?$", r"^Advertisement$", r"^Read more:?$",
        r"^Cancel reply$", r"^You must be logged in\b",
    )
]
_DATELINE = re.compile(
    r"^((?:[A-Z][A-Z.'’-]+)(?:[ ,][ ]?[A-Z][A-Za-z.'’-]+){0,3}),\s+"
    r"((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})"
    r"(?:\s*\([^)]{1,40}\))?\s*[—–-]{1,2}\s+"
)
_SENTENCE_END = (".", "!", "?", ":", ";", '"', "”", "’", "'", ")", "…")


@dataclass(slots=True)
class _Trailer:
    start: int
    meta: dict[str, str] = field(default_factory=dict)
    similar: list[str] = field(default_factory=list)
    summary: str | None = None
    statistics: list[str] = field(default_factory=list)


def _is_meta(line: str) -> bool:
    return bool(_META_LINE.match(line))


def _find_trailer(lines: list[str]) -> _Trailer | None:
    """The reader app's trailer at the end of the text, if there is one."""
    starts = [i for i, line in enumerate(lines) if _SIMILAR.match(line)]
    summaries = [i for i, line in enumerate(lines) if line == "Summary"
                 and any(l2 == "Statistics" or _is_meta(l2) for l2 in lines[i + 1:])]
    tail = len(lines)
    while tail > 0 and (not lines[tail - 1] or _is_meta(lines[tail - 1])):
        tail -= 1
    meta_run = sum(1 for line in lines[tail:] if _is_meta(line))
    candidates = [*starts[-1:], *summaries[-1:]]
    if not candidates and meta_run < 2:
        return None
    start = min(candidates) if candidates else tail
    trailer = _Trailer(start)
    i = start
    section = ""
    summary: list[str] = []
    while i < len(lines):
        line = lines[i]
        similar = _SIMILAR.match(line)
        meta = _META_LINE.match(line)
        if similar:
            count = int(similar.group(1))
            trailer.similar = [t for t in lines[i + 1 : i + 1 + count] if t]
            i += 1 + count
            section = ""
            continue
        if meta:
            trailer.meta.setdefault(meta.group(1), meta.group(2).strip())
            section = ""
        elif line == "Summary":
            section = "summary"
        elif line == "Statistics":
            section = "statistics"
        elif section == "summary" and line:
            summary.append(line)
        elif section == "statistics" and line:
            trailer.statistics.append(line)
        i += 1
    trailer.summary = " ".join(summary) or None
    return trailer


def _statistics_text(lines: list[str]) -> str:
    """``314 / Words1 / Read CountDetails`` (the app's flattened table) as ``314 words, 1 read``."""
    joined = " ".join(lines)
    words = re.search(r"(\d[\d,]*)\s*Words", joined)
    reads = re.search(r"Words\s*(\d[\d,]*)\s*Read Count", joined)
    parts = []
    if words:
        parts.append(f"{words.group(1)} words")
    if reads:
        parts.append(f"read {reads.group(1)} time(s)")
    return ", ".join(parts) or joined


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _is_heading(line: str) -> bool:
    """A short line without a full stop, starting with a capital: a title or subheading."""
    words = line.split()
    return (
        0 < len(words) <= 14 and len(line) <= 90 and not line.endswith(_SENTENCE_END)
        and (line[0].isupper() or line[0].isdigit()) and not line.startswith(("“", '"', "‘", "'"))
    )


def _escape(paragraph: str) -> str:
    """Plain text that Markdown shows as written."""
    paragraph = paragraph.replace("\\", "\\\\").replace("<", "\\<")
    paragraph = re.sub(r"([*`])", r"\\\1", paragraph)
    if re.match(r"^(?:#|>|[-+=]\s|\||~~~)", paragraph):
        paragraph = "\\" + paragraph
    return re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", paragraph)  # not an ordered list


def _paragraphs(lines: list[str]) -> list[str]:
    """Markdown paragraphs from text lines: blank-line blocks, or one paragraph per line."""
    out: list[str] = []
    for block in _blocks(lines):
        if len(block) == 1:
            out.append(block[0])
            continue
        wrapped = all(len(line) >= 50 and not line.endswith(_SENTENCE_END) for line in block[:-1])
        if wrapped:
            out.append(" ".join(block))
        elif all(len(line) >= 100 or line.endswith(_SENTENCE_END) for line in block):
            out.extend(block)
        else:
            out.append("\n".join(block))  # a table-like block: keep its lines
    return out


def _dedupe(paragraphs: list[str]) -> tuple[list[str], int]:
    seen: set[str] = set()
    kept: list[str] = []
    removed = 0
    for paragraph in paragraphs:
        key = re.sub(r"\s+", " ", paragraph).strip().casefold()
        if len(key) >= 40 and key in seen:
            removed += 1
            continue
        seen.add(key)
        kept.append(paragraph)
    return kept, removed


def _markdown(paragraphs: list[str]) -> str:
    out = []
    for index, paragraph in enumerate(paragraphs):
        if "\n" in paragraph:
            out.append("\\\n".join(_escape(line) for line in paragraph.split("\n")))
        elif _is_heading(paragraph) and index + 1 < len(paragraphs):
            out.append("## " + _escape(paragraph).lstrip("\\"))
        else:
            out.append(_escape(paragraph))
    return "\n\n".join(out) + "\n"


def _first_sentence(paragraphs: list[str], limit: int) -> str | None:
    for paragraph in paragraphs:
        if "\n" in paragraph or _is_heading(paragraph):
            continue
        text = _DATELINE.sub("", paragraph)
        match = re.match(r"^(.+?[.!?])(?:\s|$)", text)
        sentence = match.group(1) if match else text
        if len(sentence) > limit:
            cut = sentence[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
            sentence = cut + "…"
        return sentence
    return None


@dataclass(slots=True)
class _Segment:
    head: list[str]
    published: str | None
    updated: str | None
    body: list[str]
    copyright: tuple[str, str] | None


def _segments(lines: list[str]) -> tuple[list[_Segment], int]:
    """Split at ``© year publisher`` lines; return the articles and the lines of chrome dropped."""
    pieces: list[tuple[list[str], tuple[str, str] | None]] = []
    current: list[str] = []
    for line in lines:
        match = _COPYRIGHT.match(line)
        if match:
            pieces.append((current, (match.group(1), match.group(2).strip())))
            current = []
        else:
            current.append(line)
    pieces.append((current, None))
    segments: list[_Segment] = []
    dropped = 0
    for number, (piece, copyright_) in enumerate(pieces):
        published_at = next((i for i, line in enumerate(piece[:40]) if _PUBLISHED.match(line)), None)
        text_lines = [line for line in piece if line]
        chrome = [line for line in text_lines if any(p.search(line) for p in _CHROME)]
        if number > 0 and published_at is None and (
            copyright_ is None or len(text_lines) - len(chrome) < 3
        ):
            dropped += len(text_lines)
            continue
        head: list[str] = []
        body = piece
        published = updated = None
        if published_at is not None:
            head = [line for line in piece[:published_at] if line]
            published = _PUBLISHED.match(piece[published_at]).group(1)  # type: ignore[union-attr]
            body = piece[published_at + 1 :]
            if body and (updated_match := _UPDATED.match(next((b for b in body if b), ""))):
                updated = updated_match.group(1)
                body = body[body.index(next(b for b in body if b)) + 1 :]
        body = [line for line in body if not any(p.search(line) for p in _CHROME)]
        segments.append(_Segment(head, published, updated, body, copyright_))
    return segments, dropped


def _byline_authors(line: str) -> list[Agent]:
    match = _BYLINE.match(line)
    names = re.split(r"\s*(?:,|\band\b|&)\s*", match.group(1)) if match else []
    return [Agent(name.strip(), "Person") for name in names if name.strip()]


def _headlines(head: list[str], notes: list[str]) -> tuple[str | None, str | None]:
    """The headline and subtitle from the lines above ``Published:``."""
    unique: list[str] = []
    for line in head:
        if line not in unique:
            unique.append(line)
    candidates = [line for line in unique if not line.endswith("?") or len(unique) == 1]
    for line in unique:
        if line not in candidates:
            notes.append(f"a line above the headline was not imported: {line!r}")
    headline = candidates[0] if candidates else None
    subtitle = candidates[1] if len(candidates) > 1 else None
    for line in candidates[2:]:
        notes.append(f"a line above the headline was not imported: {line!r}")
    return headline, subtitle


def extract_text(text: str, source: str) -> list[Draft]:
    """The draft articles of a plain-text export (usually one); raise ImportProblem for none."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [re.sub(r"[\u00a0\u2007\u202f]", " ", line).strip() for line in lines]
    if not any(lines):
        raise ImportProblem("IMP003", "the input is empty")

    trailer = _find_trailer(lines)
    if trailer is not None:
        lines = lines[: trailer.start]
    segments, dropped = _segments(lines)
    drafts: list[Draft] = []
    for segment in segments:
        draft = _draft(segment, source, trailer)
        if draft is not None:
            drafts.append(draft)
    if not drafts:
        words = len(re.findall(r"\w+", "\n".join(lines)))
        raise ImportProblem("IMP003", f"no article found: only {words} words of text")
    if dropped:
        drafts[-1].notes.append(f"{dropped} line(s) of site chrome after the article were dropped")
    if len(drafts) > 1:
        for number, draft in enumerate(drafts, start=1):
            draft.notes.insert(0, f"article {number} of {len(drafts)} in the source")
    return drafts


def _draft(segment: _Segment, source: str, trailer: _Trailer | None) -> Draft | None:
    notes: list[str] = []
    head, body_lines = segment.head, segment.body
    authors: list[Agent] = []
    headline: str | None
    subtitle: str | None = None
    headline_note = None
    if segment.published is not None:
        bylines = [line for line in head if _BYLINE.match(line)]
        authors = [author for line in bylines for author in _byline_authors(line)]
        headline, subtitle = _headlines([line for line in head if line not in bylines], notes)
    else:
        # No "Published:" line: a short first line without a full stop is the headline.
        first = next((i for i, line in enumerate(body_lines) if line), None)
        headline = None
        if first is not None and _is_heading(body_lines[first]):
            headline = body_lines[first]
            body_lines = body_lines[first + 1 :]
            while body_lines and (not body_lines[0] or body_lines[0] == headline):
                body_lines = body_lines[1:]
    # a byline right under the head
    first = next((i for i, line in enumerate(body_lines) if line), None)
    if first is not None and _BYLINE.match(body_lines[first]):
        authors = authors or _byline_authors(body_lines[first])
        body_lines = body_lines[first + 1 :]

    paragraphs, removed = _dedupe(_paragraphs(body_lines))
    words = len(re.findall(r"\w+", " ".join(paragraphs)))
    if words < _MIN_WORDS:
        return None
    if removed:
        notes.append(f"{removed} paragraph(s) repeated word for word in the source were kept once")
    if headline is None:
        headline = _first_sentence(paragraphs, _MAX_HEADLINE)
        headline_note = "not in the source: this is the start of the first paragraph; write a headline"

    draft = Draft(source=source, body=_markdown(paragraphs), headline=headline,
                  headline_note=headline_note, alternative_headline=subtitle, authors=authors)
    draft.notes.extend(notes)
    dateline = next((m for p in paragraphs[:3] if (m := _DATELINE.match(p))), None)
    if dateline:
        draft.dateline = f"{dateline.group(1)}, {dateline.group(2)}"

    date_text = segment.published
    if date_text is None and trailer is not None:
        date_text = trailer.meta.get("Date")
    if date_text:
        draft.date_published = parse_date(date_text)
        if draft.date_published is None:
            draft.source_metadata.append(("date (not understood)", date_text))
    if segment.updated:
        draft.date_modified = parse_date(segment.updated)
    if segment.copyright is not None:
        draft.publisher = Agent(segment.copyright[1], "Organization")

    if trailer is not None:
        url = trailer.meta.get("URL")
        if url and re.match(r"^https?://\S+$", url):
            draft.url = url
        if trailer.summary:
            draft.description = trailer.summary
            draft.description_note = "the reader app's summary, not the publisher's: check it"
        if trailer.meta.get("Author"):
            draft.authors = draft.authors or [Agent(trailer.meta["Author"], None)]
        for key, value in trailer.meta.items():
            if key not in ("URL", "Date", "Author"):
                draft.source_metadata.append((f"reader app: {key}", value))
        if trailer.statistics:
            draft.source_metadata.append(("reader app: statistics", _statistics_text(trailer.statistics)))
        if trailer.similar:
            draft.source_metadata.append(
                ("reader app: similar readings", "; ".join(trailer.similar))
            )
    if draft.description is None:
        draft.description = _first_sentence(paragraphs, 300)
        if draft.description:
            draft.description_note = "the first sentence of the text: check it"
    return draft
