"""A news article's HTML page as a draft record.

The article text and its fallback metadata come from trafilatura (main-content extraction,
Markdown output). The page's own statements come first where it makes them: its JSON-LD
(``<script type="application/ld+json">``), then OpenGraph and ``<meta>`` tags; every JSON-LD block
is also kept, as found, in the record's comments.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urljoin, urlsplit

from publisher.importer.dates import ImportedDate, parse_date
from publisher.importer.draft import Agent, Draft, Image
from publisher.importer.source import ImportProblem, Source, check_not_binary
from publisher.model.registry import KIND_TYPES

ARTICLE_TYPES = set(KIND_TYPES["articles"])
# schema.org types of articles that are not news articles: imported as NewsArticle, noted.
_OTHER_ARTICLE_TYPES = {
    "BlogPosting", "Report", "ScholarlyArticle", "TechArticle", "SatiricalArticle",
    "LiveBlogPosting", "MedicalScholarlyArticle", "SocialMediaPosting", "DiscussionForumPosting",
}
_ORGANIZATION_TYPES = {
    "Organization", "NewsMediaOrganization", "CollegeOrUniversity", "ResearchOrganization",
    "GovernmentOrganization", "Corporation", "NGO", "EducationalOrganization",
    "MedicalOrganization", "Hospital",
}
_MIN_WORDS = 25
_BCP47 = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


@contextmanager
def _quiet() -> Iterator[None]:
    """trafilatura and htmldate log their doubts; the import reports its own, once."""
    loggers = [logging.getLogger(name) for name in ("trafilatura", "htmldate", "courlan", "justext")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _types(node: dict[str, Any]) -> list[str]:
    value = node.get("@type", [])
    values = value if isinstance(value, list) else [value]
    return [v.rsplit("/", 1)[-1] for v in values if isinstance(v, str)]


def _nodes(block: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 64:  # arrays in arrays: no page's real markup nests so deep
        return
    if isinstance(block, list):
        for item in block:
            yield from _nodes(item, depth + 1)
    elif isinstance(block, dict):
        yield block
        graph = block.get("@graph")
        if graph is not None:
            yield from _nodes(graph, depth + 1)


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("@value", value.get("name"))
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if isinstance(value, str):
        cleaned = re.sub(r"\s+", " ", value).strip()
        return cleaned or None
    return None


class _Page:
    """What the page says about itself: JSON-LD, OpenGraph and meta tags."""

    def __init__(self, html: str) -> None:
        import lxml.html
        from lxml import etree

        try:
            self.tree = lxml.html.document_fromstring(html)
        except (etree.ParserError, ValueError):
            raise ImportProblem("IMP003", "the page has no HTML content") from None
        self.meta: dict[str, list[str]] = {}
        for element in self.tree.iter("meta"):
            key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
            content = element.get("content")
            if key and content and content.strip():
                self.meta.setdefault(key.strip(), []).append(content.strip())
        self.blocks: list[Any] = []
        self.errors: list[str] = []
        for script in self.tree.iter("script"):
            if (script.get("type") or "").strip().lower() != "application/ld+json":
                continue
            raw = (script.text or "").strip()
            if not raw:
                continue
            try:
                self.blocks.append(json.loads(raw))
            except json.JSONDecodeError as exc:
                self.errors.append(f"{exc.msg} (line {exc.lineno} of the block): {raw[:200]}")
            except (ValueError, RecursionError) as exc:  # a 5,000-digit number; 100,000 brackets
                self.errors.append(f"unreadable JSON ({type(exc).__name__}: {str(exc)[:80]}): {raw[:200]}")
        self.by_id = {
            node["@id"]: node for block in self.blocks for node in _nodes(block)
            if isinstance(node.get("@id"), str)
        }
        self.article = next(
            (node for block in self.blocks for node in _nodes(block)
             if set(_types(node)) & (ARTICLE_TYPES | _OTHER_ARTICLE_TYPES)),
            {},
        )

    def first(self, *keys: str) -> str | None:
        for key in keys:
            for value in self.meta.get(key, []):
                return value
        return None

    def all(self, key: str) -> list[str]:
        return self.meta.get(key, [])

    def resolve(self, value: Any) -> Any:
        """Follow ``{"@id": ...}`` to the node of the page's graph that it names."""
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in self.by_id:
            return self.by_id[value["@id"]]
        return value

    def canonical(self) -> str | None:
        for link in self.tree.iter("link"):
            if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
                return link.get("href").strip()
        return None

    def language(self) -> str | None:
        value = self.tree.get("lang") or self.tree.get("{http://www.w3.org/XML/1998/namespace}lang")
        return value.strip() if value else None


def _absolute(url: str | None, base: str | None) -> str | None:
    if not url:
        return None
    url = url.strip()
    if base and not urlsplit(url).scheme:
        url = urljoin(base, url)
    return url if urlsplit(url).scheme in ("http", "https") and " " not in url else None


def _agents(value: Any, page: _Page, default_type: str | None) -> list[Agent]:
    out: list[Agent] = []
    for item in value if isinstance(value, list) else [value]:
        item = page.resolve(item)
        if isinstance(item, str):
            name = _text(item)
            if name and not urlsplit(name).scheme:
                out.append(Agent(name, default_type))
        elif isinstance(item, dict):
            name = _text(item.get("name"))
            if not name:
                continue
            types = _types(item)
            kind = "Person" if "Person" in types else next(
                (t for t in types if t in _ORGANIZATION_TYPES), "Organization" if types else default_type
            )
            same_as = item.get("sameAs", [])
            same = [s for s in (same_as if isinstance(same_as, list) else [same_as])
                    if isinstance(s, str) and _absolute(s, None)]
            out.append(Agent(name, kind, _absolute(_text(item.get("url")), None), same))
    return out


def _split_names(value: str) -> list[str]:
    parts = re.split(r"\s*(?:;|,| and | & |\|)\s*", value)
    return [p.strip() for p in parts if p.strip() and not urlsplit(p.strip()).scheme]


def _images(page: _Page, base: str | None, fallback: str | None) -> list[Image]:
    images: list[Image] = []
    value = page.article.get("image")
    for item in value if isinstance(value, list) else [value]:
        item = page.resolve(item)
        if isinstance(item, str):
            url = _absolute(item, base)
            if url:
                images.append(Image(url))
        elif isinstance(item, dict):
            url = _absolute(_text(item.get("url") or item.get("contentUrl")), base)
            if url:
                images.append(Image(url, _int(item.get("width")), _int(item.get("height")),
                                    _text(item.get("caption"))))
    if not images:
        url = _absolute(page.first("og:image", "og:image:url", "og:image:secure_url", "twitter:image"), base)
        url = url or _absolute(fallback, base)
        if url:
            images.append(Image(url, _int(page.first("og:image:width")), _int(page.first("og:image:height")),
                                page.first("og:image:alt")))
    seen: set[str] = set()
    return [i for i in images if not (i.url in seen or seen.add(i.url))]  # type: ignore[func-returns-value]


def _int(value: Any) -> int | None:
    if isinstance(value, dict):
        value = value.get("value")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,6}(?:px)?\s*", value):
        return int(value.strip().removesuffix("px")) or None
    return None


def _keywords(page: _Page, fallback: list[str]) -> list[str]:
    value = page.article.get("keywords")
    words: list[str] = []
    if isinstance(value, str):
        words = [w.strip() for w in value.split(",")]
    elif isinstance(value, list):
        words = [w.strip() for w in value if isinstance(w, str)]
    if not words:
        meta = page.first("news_keywords", "keywords")
        words = [w.strip() for w in meta.split(",")] if meta else []
    if not words:
        words = page.all("article:tag") or fallback
    seen: set[str] = set()
    out = []
    for word in words:
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            out.append(word)
    return out


def _date(*candidates: str | None) -> ImportedDate | None:
    for candidate in candidates:
        if candidate:
            parsed = parse_date(candidate)
            if parsed is not None:
                return parsed
    return None


def _page_url(article: dict[str, Any], page: _Page, fallback: str | None) -> str | None:
    main = article.get("mainEntityOfPage")
    if isinstance(main, dict):
        main = main.get("@id") or main.get("url")
    for candidate in (_text(article.get("url")), main, page.canonical(), page.first("og:url"), fallback):
        url = _absolute(candidate if isinstance(candidate, str) else None, None)
        if url:
            return url
    return None


def _strip_headline(body: str, headline: str | None) -> str:
    """Drop a first Markdown heading that repeats the headline (the page shows it already)."""
    lines = body.lstrip("\n").split("\n")
    if lines and lines[0].startswith("#") and headline:
        heading = lines[0].lstrip("#").strip()
        if re.sub(r"\W+", "", heading).casefold() == re.sub(r"\W+", "", headline).casefold():
            return "\n".join(lines[1:]).lstrip("\n")
    return body


def extract_html(source: Source) -> Draft:
    """The draft article of an HTML page; raise ImportProblem when there is none."""
    import trafilatura
    from trafilatura.utils import decode_file

    data = source.data
    check_not_binary(data)
    html = decode_file(data) if isinstance(data, bytes) else data
    if not html.strip():
        raise ImportProblem("IMP003", "the input is empty")
    page = _Page(html)
    with _quiet():
        body = trafilatura.extract(
            html, output_format="markdown", include_formatting=True, include_links=True,
            include_tables=True, include_images=False, include_comments=False, with_metadata=False,
        )
        meta = trafilatura.extract_metadata(html)
    words = len(re.findall(r"\w+", body or ""))
    if body is None or words < _MIN_WORDS:
        found = "no text" if not words else f"only {words} words of text"
        raise ImportProblem(
            "IMP003", f"no article found: the page has {found} outside its navigation and chrome"
            + (" (is this a plain-text export? use --kind text)" if "<" not in html[:200] else "")
        )

    article = page.article
    url = _page_url(article, page, getattr(meta, "url", None))
    headline = (
        _text(article.get("headline")) or page.first("og:title", "twitter:title")
        or _text(getattr(meta, "title", None))
    )
    draft = Draft(source=source.name, body="")

    types = _types(article)
    article_type = next((t for t in types if t in ARTICLE_TYPES), None)
    if article_type:
        draft.type = article_type
    elif types:
        draft.type_note = f"the source's type is {', '.join(types)}; publisher's articles are news articles"

    draft.headline = headline
    draft.alternative_headline = _text(article.get("alternativeHeadline"))
    draft.description = (
        _text(article.get("description"))
        or page.first("og:description", "description", "twitter:description")
        or _text(getattr(meta, "description", None))
    )
    draft.date_published = _date(
        _text(article.get("datePublished")), page.first("article:published_time"),
        page.first("datepublished", "date", "pubdate", "dc.date", "dcterms.created"),
        getattr(meta, "date", None),
    )
    draft.date_modified = _date(_text(article.get("dateModified")), page.first("article:modified_time"))
    published, modified = draft.date_published, draft.date_modified
    if modified and published and modified.value == published.value:
        draft.date_modified = None

    draft.authors = _agents(article.get("author"), page, "Person")
    if not draft.authors:
        names = getattr(meta, "author", None) or page.first("author")
        draft.authors = [Agent(name, None) for name in _split_names(names)] if names else []
    publishers = _agents(article.get("publisher"), page, "Organization")
    if publishers:
        draft.publisher = publishers[0]
    else:
        site_name = page.first("og:site_name", "application-name") or getattr(meta, "sitename", None)
        if site_name:
            home = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}/" if url else None
            draft.publisher = Agent(site_name, "Organization", home)

    draft.url = url
    language = _text(article.get("inLanguage")) or page.language()
    if not language and page.first("og:locale"):
        language = page.first("og:locale").replace("_", "-")
    draft.in_language = language if language and _BCP47.match(language) else None
    categories = list(getattr(meta, "categories", None) or [])
    draft.section = (
        _text(article.get("articleSection")) or page.first("article:section")
        or (categories[0] if categories else None)
    )
    draft.keywords = _keywords(page, list(getattr(meta, "tags", None) or []))
    draft.dateline = _text(article.get("dateline"))
    draft.images = _images(page, url, getattr(meta, "image", None))
    draft.body = re.sub(r"\n{3,}", "\n\n", _strip_headline(body, headline))
    draft.jsonld = page.blocks
    draft.jsonld_errors = page.errors
    return draft
