"""A draft article as an importer found it, and how it is written as a record.

The record is Markdown with YAML front matter, ``draft: true``. Values the import had to guess
or change carry a YAML comment saying so; what the source said that the record does not take
(a reader app's metadata, the source page's own JSON-LD) is kept as a comment block at the end
of the front matter, where publisher never reads it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from publisher.importer.dates import ImportedDate
from publisher.importer.match import SiteIndex

# Characters YAML does not allow in a stream, or reads as line breaks (NEL, LS, PS).
_UNSAFE_IN_COMMENT = re.compile(
    "[^\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_CONTROL_IN_BODY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass(slots=True)
class Agent:
    """An author or publisher as the source names it."""

    name: str
    type: str | None = None  # "Person", "Organization" (or a subtype), None when unknown
    url: str | None = None
    same_as: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Image:
    url: str
    width: int | None = None
    height: int | None = None
    caption: str | None = None


@dataclass(slots=True)
class Draft:
    """Everything an importer found about one article."""

    source: str  # the input's name, for the header comment
    body: str
    type: str = "NewsArticle"
    type_note: str | None = None
    headline: str | None = None
    headline_note: str | None = None
    alternative_headline: str | None = None
    description: str | None = None
    description_note: str | None = None
    date_published: ImportedDate | None = None
    date_modified: ImportedDate | None = None
    authors: list[Agent] = field(default_factory=list)
    publisher: Agent | None = None
    url: str | None = None
    in_language: str | None = None
    keywords: list[str] = field(default_factory=list)
    section: str | None = None
    dateline: str | None = None
    images: list[Image] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the import did, for the header
    source_metadata: list[tuple[str, str]] = field(default_factory=list)  # kept as comments
    jsonld: list[Any] = field(default_factory=list)  # the source page's JSON-LD, kept as comments
    jsonld_errors: list[str] = field(default_factory=list)


def comment_safe(text: str) -> str:
    """Text that can stand in a one-line YAML comment."""
    text = re.sub(r"[\r\n\x85\u2028\u2029]+", " ", text)
    return _UNSAFE_IN_COMMENT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def body_safe(text: str) -> str:
    """A Markdown body that publisher's reader accepts (no NUL or control characters)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_IN_BODY.sub("", text)


def _without_controls(value: Any) -> Any:
    """``value`` with the control characters publisher's reader refuses (SRC006) taken out of
    every string: scraped text carries them (a stray U+001F in a headline), a draft must load."""
    if isinstance(value, str):
        return _CONTROL_IN_BODY.sub("", value)
    if isinstance(value, list):
        return [_without_controls(item) for item in value]
    if isinstance(value, dict):
        return {_without_controls(k): _without_controls(v) for k, v in value.items()}
    return value


def _dump(key: str, value: Any) -> list[str]:
    value = _without_controls(value)
    # "\x85" (NEL) is a line break to YAML 1.1: PyYAML writes it raw and reads it back as a space,
    # so text that holds one is written with escapes (as is any text that would not read back).
    for unicode in (True, False):
        text = yaml.safe_dump(
            {key: value}, allow_unicode=unicode, sort_keys=False, default_flow_style=False, width=100
        )
        if yaml.safe_load(text) == {key: value}:
            break
    return text.rstrip("\n").split("\n")


def _agent_value(agent: Agent, index: SiteIndex, kinds: tuple[str, ...]) -> tuple[Any, str | None]:
    ref = index.find_agent(agent, kinds)
    if ref is not None:
        return ref, None
    default = "Organization" if kinds[0] == "organizations" else "Person"
    node: dict[str, Any] = {"type": agent.type or default, "name": agent.name}
    if agent.url:
        node["url"] = agent.url
    if agent.same_as:
        node["sameAs"] = agent.same_as if len(agent.same_as) > 1 else agent.same_as[0]
    note = None if agent.type else f"{agent.name!r}: the source does not say whether this is a person"
    return node, note


def _comment_lines(text: str, width: int = 96) -> list[str]:
    words = comment_safe(text).split(" ")
    lines: list[str] = []
    line = "#"
    for word in words:
        if len(line) + 1 + len(word) > width and line != "#":
            lines.append(line)
            line = "#  "
        line += " " + word
    lines.append(line)
    return lines


def render(draft: Draft, index: SiteIndex, slug: str | None = None) -> str:
    """The record's text: front matter (with comments) and the Markdown body."""
    out: list[str] = ["---"]
    out += _comment_lines(
        f"Imported by `publisher import` from {draft.source}. This is a draft: check every value "
        "against the source, then remove `draft: true`."
    )
    for note in draft.notes:
        out += _comment_lines(f"import: {note}")

    def put(key: str, value: Any, note: str | None = None) -> None:
        if note:
            out.extend(_comment_lines(f"{key}: {note}"))
        out.extend(_dump(key, value))

    def put_date(key: str, value: ImportedDate | None) -> None:
        if value is None:
            return
        if value.note:
            out.extend(_comment_lines(f"{key}: {value.note}"))
        out.append(f"{key}: {value.value}")

    if slug is not None:
        put("slug", slug)
    put("type", draft.type, draft.type_note)
    if draft.headline:
        put("headline", draft.headline, draft.headline_note)
    else:
        out.append("# headline: not found in the source")
    if draft.alternative_headline:
        put("alternativeHeadline", draft.alternative_headline)
    if draft.description:
        put("description", draft.description, draft.description_note)
    put_date("datePublished", draft.date_published)
    if draft.date_published is None:
        out.append("# datePublished: not found in the source")
    put_date("dateModified", draft.date_modified)
    if draft.dateline:
        put("dateline", draft.dateline)

    if draft.authors:
        values, notes = [], []
        for agent in draft.authors:
            value, note = _agent_value(agent, index, ("people", "organizations"))
            values.append(value)
            if note:
                notes.append(note)
        put("author", values, "; ".join(notes) or None)
    else:
        out.append("# author: not found in the source")
    if draft.publisher is not None:
        value, _ = _agent_value(draft.publisher, index, ("organizations", "people"))
        put("publisher", value)
    else:
        ref = index.find_by_url(draft.url, ("organizations",)) if draft.url else None
        if ref is not None:
            put("publisher", ref, "the record whose address the source's address starts with")
        else:
            out.append("# publisher: not found in the source")

    if draft.url:
        put("url", draft.url)
        put("isBasedOn", [draft.url])
    if draft.in_language:
        put("inLanguage", draft.in_language)
    if draft.section:
        put("articleSection", draft.section)
    if draft.keywords:
        put("keywords", draft.keywords)
    if draft.images:
        images = []
        for image in draft.images:
            node: dict[str, Any] = {"type": "ImageObject", "url": image.url}
            if image.width:
                node["width"] = image.width
            if image.height:
                node["height"] = image.height
            if image.caption:
                node["caption"] = image.caption
            images.append(node)
        put("image", images)
    out.append("draft: true")

    if draft.source_metadata:
        out.append("#")
        out.append("# What the source says that the record does not take (not read by publisher):")
        for key, value in draft.source_metadata:
            out.extend(_comment_lines(f"  {key}: {value}"))
    if draft.jsonld or draft.jsonld_errors:
        out.append("#")
        out.append("# The source page's own structured data (JSON-LD), kept as found; publisher does")
        out.append("# not read comments: copy what you need into the properties above.")
        for error in draft.jsonld_errors:
            out.extend(_comment_lines(f"  not valid JSON: {error}"))
        for block in draft.jsonld:
            text = json.dumps(block, indent=2, ensure_ascii=False)
            out.extend("# " + comment_safe(line) for line in text.split("\n"))
    out.append("---")
    body = body_safe(draft.body).strip("\n")
    return "\n".join(out) + "\n" + body + "\n"
