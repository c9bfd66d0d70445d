"""HTML pages from Jinja2 templates (autoescaped), each embedding its page's JSON-LD.

The theme is ``templates/`` of the package; a site's own ``templates/`` folder comes first, so a
site overrides any template by file name, or extends one (``{% extends "default:article.html" %}``
reaches the default theme's file of the same name) and replaces only the blocks it needs.
"""

from __future__ import annotations

import functools
import re
import traceback
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cmarkgfm.cmark import Options
from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.runtime import Context
from markupsafe import Markup

from publisher.codes import make
from publisher.diagnostics import Diagnostic
from publisher.model.values import is_reference
from publisher.render.article_page import TEMPLATE as ARTICLE_TEMPLATE
from publisher.render.article_page import ArticlePages
from publisher.render.context import FastContext
from publisher.render.fragments import Fragments
from publisher.render.jsonld import SECTION_TITLES, script_json
from publisher.render.markdown import gfm_to_html
from publisher.render.memo import memoize_macros
from publisher.render.pages import NOT_FOUND, Page, as_list, latest_first, topic_slug
from publisher.resources import templates_dir
from publisher.site import Record, Site

_MARKDOWN_OPTIONS = Options.CMARK_OPT_SMART | Options.CMARK_OPT_FOOTNOTES
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
# Which properties make an article "by" a person or organization, and which "about" it.
BY_PROPERTIES = ("author", "creator", "contributor", "editor")
ABOUT_PROPERTIES = ("about", "mentions")


def markdown_to_html(text: str) -> Markup:
    """CommonMark + GitHub extensions; raw HTML in the source is not passed through."""
    return Markup(gfm_to_html(text, _MARKDOWN_OPTIONS))  # cmarkgfm's text, without its leak


def markdown_text(text: str) -> str:
    """:func:`markdown_to_html` as plain text, for pages drawn in Python."""
    return gfm_to_html(text, _MARKDOWN_OPTIONS)


def is_web_url(value: Any) -> bool:
    """An absolute http(s) URL: the only kind of URL from content that a page links to or loads.

    Content may hold any URI (schema.org allows it, and the profiles report what they must), but
    ``javascript:``, ``data:``, ``vbscript:`` and the like never become an ``href`` or a ``src``,
    whatever validation said and even with ``--force``.
    """
    return isinstance(value, str) and value[:8].lower().startswith(("http://", "https://"))


def parse_when(value: Any) -> date | datetime | None:
    if isinstance(value, datetime | date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def human_date(value: Any) -> str:
    """``2025-03-21T00:00:00+09:00`` -> ``21 March 2025`` (the date where it was written)."""
    if type(value) is str:
        return _human_date_text(value)
    return _human_date(value)


@functools.lru_cache(maxsize=65536)
def _human_date_text(value: str) -> str:
    """:func:`human_date` of text, kept: an article's date is drawn on its page, its cards and
    the archive."""
    return _human_date(value)


def _human_date(value: Any) -> str:
    when = parse_when(value)
    if when is None:
        return str(value or "")
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def month_name(value: str) -> str:
    """``2025-03`` -> ``March 2025``."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return value
    return f"{MONTHS[int(match.group(2)) - 1]} {match.group(1)}"


def humanize(value: Any) -> str:
    """A schema.org enumeration member as words: ``ResultsAvailable`` -> ``Results available``."""
    return _humanize(str(value))


@functools.lru_cache(maxsize=4096)
def _humanize(text: str) -> str:
    """:func:`humanize` of text, kept: a few dozen types and statuses recur on every page."""
    for prefix in ("https://schema.org/", "http://schema.org/", "schema:"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    if re.fullmatch(r"[A-Z][A-Za-z]+", text):
        words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text).split(" ")
        return " ".join([words[0], *(w.lower() for w in words[1:])])
    return text


COUNTRIES = {
    "JP": "Japan", "US": "United States", "GB": "United Kingdom", "UK": "United Kingdom",
    "DE": "Germany", "FR": "France", "CN": "China", "KR": "South Korea", "IN": "India",
    "CA": "Canada", "AU": "Australia", "IT": "Italy", "ES": "Spain", "NL": "Netherlands",
    "CH": "Switzerland", "SE": "Sweden", "BR": "Brazil",
}


def country(value: Any) -> Any:
    """``JP`` -> ``Japan`` for the commonest ISO 3166 codes; anything else unchanged."""
    if isinstance(value, dict):
        value = value.get("name")
    return COUNTRIES.get(value, value) if isinstance(value, str) else value


def host(value: Any) -> str:
    """``https://www.keio.ac.jp/en/`` -> ``keio.ac.jp``."""
    netloc = urlsplit(str(value)).netloc
    return netloc[4:] if netloc.startswith("www.") else netloc or str(value)


def urlpath(value: Any) -> str:
    path = urlsplit(str(value)).path
    return path if path not in ("", "/") else ""


def base_path(site: Site) -> str:
    return urlsplit(site.config.base_url).path or "/"


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept for the life of the process (``serve`` rebuilds, tests), keyed by
    template name and file; Jinja drops an entry whose source checksum no longer matches."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Any) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Any) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _MemoryBytecodeCache()


class _Template(Template):
    """A template whose import by another template is the cached module (as Jinja's own), found
    with a subset test of two sets instead of a difference with a chain of mappings per import."""

    def _get_default_module(self, ctx: Context | None = None) -> Any:
        if ctx is not None and self._module is not None:
            known = self.__dict__.get("_global_names")
            if known is None or not ctx.globals_keys <= known:
                known = self._global_names = set(self.globals)
            if ctx.globals_keys <= known:
                return self._module
        return super()._get_default_module(ctx)


def make_environment(site_root: Path | None = None) -> Environment:
    """Templates from the site's own ``templates/`` first, then the default theme.

    ``default:NAME`` always names the default theme's file, so an override can extend it.
    """
    search = []
    if site_root is not None and (site_root / "templates").is_dir():
        search.append(str(site_root / "templates"))
    search.append(str(templates_dir()))
    loader = ChoiceLoader([
        PrefixLoader({"default": FileSystemLoader(str(templates_dir()))}, delimiter=":"),
        FileSystemLoader(search),
    ])
    env = Environment(
        loader=loader,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_BYTECODE,
    )
    env.template_class = _Template
    env.context_class = FastContext
    env.filters["markdown"] = markdown_to_html
    env.filters["jsonld"] = lambda doc: Markup(script_json(doc))
    env.filters["human_date"] = human_date
    env.filters["month_name"] = month_name
    env.filters["humanize"] = humanize
    env.filters["as_list"] = as_list
    env.filters["host"] = host
    env.filters["urlpath"] = urlpath
    env.filters["country"] = country
    env.tests["web_url"] = is_web_url
    return env


class TemplateFailure(Exception):
    """A template could not be loaded or rendered; ``diagnostic`` says where (code TPL001)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _template_path(name: str | None, filename: str | None, site_root: Path | None) -> str:
    if filename:
        path = Path(filename)
        for root in ([site_root] if site_root else []) + [templates_dir().parent]:
            try:
                return str(path.resolve().relative_to(Path(root).resolve()))
            except ValueError:
                continue
        return filename
    return name or "<template>"


def template_diagnostic(exc: BaseException, page: Page | None, site_root: Path | None) -> Diagnostic:
    """A one-line TPL001 diagnostic for a template error, pointing at the template's line."""
    where = f" (rendering {page.output})" if page is not None else ""
    if isinstance(exc, TemplateSyntaxError):
        path = _template_path(exc.name, exc.filename, site_root)
        return make("TPL001", f"template syntax error: {exc.message}{where}", path, exc.lineno or 1)
    if isinstance(exc, TemplateNotFound):
        return make("TPL001", f"template not found: {exc.name}{where}",
                    page.template if page else "<template>",
                    hint="a site's templates/ may override a template by name, not remove it")
    path, line = (page.template if page else "<template>"), 1
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename and frame.filename.endswith((".html", ".xml", ".txt")):
            path, line = _template_path(None, frame.filename, site_root), frame.lineno or 1
            break
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return make("TPL001", f"template error: {message}{where}", path, line)


class Renderer(Fragments):
    """Draws pages: the Jinja2 environment plus the site's indexes the templates need."""

    def __init__(self, site: Site, drafts: bool = False, env: Environment | None = None) -> None:
        self.site = site
        self.drafts = drafts
        self.env = env or make_environment(site.root)
        self.base_path = base_path(site)
        self._base_url = site.config.base_url
        self._linking: dict[tuple[str, tuple[str, ...] | None, str], list[Record]] = {}
        self._images: dict[str, dict[str, Any] | None] = {}
        self._topic_urls: dict[str, str] = {}
        self._related: dict[tuple[str, int], list[Record]] = {}
        # Site-wide helpers are globals, so "_macros.html" imports without context and is cached,
        # and its macros draw the same text for the same arguments (publisher.render.memo).
        self.env.globals.update(self.site_globals())
        self._memo: dict[Any, str] | None = None
        # Article pages of the default theme drawn without Jinja (publisher.render.article_page).
        self._articles = ArticlePages(self)

    def site_globals(self) -> dict[str, Any]:
        site = self.site
        return {
            "site": site,
            "config": site.config,
            "sections": SECTION_TITLES,
            "theme": self,
            "url": self.url,
            "home": self.url(site.ids.home),
            "ref_url": self.ref_url,
            "ref_title": self.ref_title,
            "is_ref": is_reference,
            "not_found_url": self.url(site.ids.home + NOT_FOUND),
        }

    @cached_property
    def _visible(self) -> set[str]:
        return {ref for ref, r in self.site.records.items() if self.drafts or not r.draft}

    def url(self, target: str) -> str:
        """A site URL as a root-relative path (keeping base_url's path), so the site works on any
        host; other URLs as they are."""
        base = self._base_url
        if target.startswith(base):
            return self.base_path + target[len(base):]
        return target

    def record(self, ref: Any) -> Record | None:
        if isinstance(ref, str) and ref in self._visible:
            return self.site.records[ref]
        return None

    def ref_url(self, ref: Any) -> str | None:
        record = self.record(ref)
        return self.url(record.page_url) if record is not None else None

    def ref_title(self, ref: Any) -> str:
        record = self.record(ref)
        return record.title if record is not None else str(ref)

    def linking(
        self, ref: str, properties: tuple[str, ...] | None = None, kind: str = "articles"
    ) -> list[Record]:
        """Visible records of ``kind`` that link to ``ref`` (through ``properties``), latest first."""
        key = (ref, properties, kind)
        if key not in self._linking:
            self._linking[key] = self._find_linking(ref, properties, kind)
        return self._linking[key]

    def _find_linking(self, ref: str, properties: tuple[str, ...] | None, kind: str) -> list[Record]:
        found: dict[str, Record] = {}
        for link in self.site.links_to(ref):
            if properties is not None and link.property not in properties:
                continue
            source = self.record(link.source)
            if source is not None and source.kind == kind and source.ref != ref:
                found[source.ref] = source
        return self._latest_first(found)

    @cached_property
    def _order(self) -> dict[str, int]:
        """Each visible record's place among all of them, latest first (:func:`latest_first`)."""
        records = self.site.records
        return {record.ref: place for place, record in
                enumerate(latest_first([records[ref] for ref in self._visible]))}

    def _latest_first(self, records: dict[str, Record]) -> list[Record]:
        """:func:`latest_first` of visible ``records`` (by reference): the same order, from each
        one's place among all records instead of its date read again for every list."""
        return [records[ref] for ref in sorted(records, key=self._order.__getitem__)]

    def articles_by(self, ref: str) -> list[Record]:
        return self.linking(ref, BY_PROPERTIES)

    def articles_about(self, ref: str) -> list[Record]:
        by = {r.ref for r in self.articles_by(ref)}
        return [r for r in self.linking(ref) if r.ref not in by]

    @staticmethod
    def without(records: list[Record], others: list[Record]) -> list[Record]:
        """``records`` but those also in ``others`` (by reference), in their order: a set lookup
        each, where the template's ``rejectattr("ref", "in", list)`` compared with every other."""
        refs = {other.ref for other in others}
        return [record for record in records if record.ref not in refs]

    def refs_of(self, value: Any, kind: str | None = None) -> list[Record]:
        """The visible records named by ``value`` (a reference or a list of them)."""
        out = []
        for item in as_list(value):
            record = self.record(item)
            if record is not None and (kind is None or record.kind == kind):
                out.append(record)
        return out

    def image(self, record: Record | None) -> dict[str, Any] | None:
        """The lead image of ``record``: url (site-relative where it can be), alt, caption, size."""
        if record is None:
            return None
        if record.ref not in self._images:
            self._images[record.ref] = self._find_image(record)
        return self._images[record.ref]

    def _find_image(self, record: Record) -> dict[str, Any] | None:
        images = as_list(record.data.get("image"))
        if not images:
            return None
        first = images[0]
        if isinstance(first, str):
            first = {"url": first}
        if not isinstance(first, dict) or not isinstance(first.get("url") or first.get("contentUrl"), str):
            return None
        src = first.get("url") or first.get("contentUrl")
        if not is_web_url(src):
            return None
        caption = first.get("caption") if isinstance(first.get("caption"), str) else ""
        alt = next(
            (first[k] for k in ("name", "description", "caption") if isinstance(first.get(k), str)), ""
        )
        return {
            "src": self.url(src),
            "absolute": src,
            "alt": alt,
            "caption": caption,
            "credit": first.get("creditText") if isinstance(first.get("creditText"), str) else "",
            "width": first.get("width") if isinstance(first.get("width"), int) else None,
            "height": first.get("height") if isinstance(first.get("height"), int) else None,
        }

    def visible(self, kind: str) -> list[Record]:
        """The visible records of ``kind``: articles latest first, the rest by name."""
        records = [self.site.records[ref] for ref in sorted(self._visible) if ref.startswith(kind + "/")]
        if kind == "articles":
            return latest_first(records)
        return sorted(records, key=lambda r: (r.title.lower(), r.ref))

    def related(self, article: Record, limit: int = 3) -> list[Record]:
        """Other articles about the same studies, conditions or people, latest first.

        Kept per article: the build's page digests ask for it before the page is drawn
        (:mod:`publisher.publish.inputs`), and processes forked after that see it worked out.
        """
        key = (article.ref, limit)
        known = self._related.get(key)
        if known is None:
            known = self._related[key] = self._find_related(article, limit)
        return list(known)

    def related_targets(self, article: Record) -> set[str]:
        """What :meth:`related` looks through: the records the article is about or mentions
        (but organizations), each with the articles linking to it."""
        return {link.target for link in self.site.links_from(article.ref)
                if link.property in ABOUT_PROPERTIES and not link.target.startswith("organizations/")}

    def _find_related(self, article: Record, limit: int) -> list[Record]:
        found: dict[str, Record] = {}
        for target in sorted(self.related_targets(article)):
            # Each list is latest first, so only its first ``limit`` others can be among the
            # latest ``limit`` of all of them: the rest need not be looked at.
            taken = 0
            for other in self.linking(target, ABOUT_PROPERTIES):
                if other.ref != article.ref:
                    found[other.ref] = other
                    taken += 1
                    if taken == limit:
                        break
        return self._latest_first(found)[:limit]

    @staticmethod
    def initials(name: str) -> str:
        words = [w for w in re.split(r"[\s-]+", name) if w[:1].isalnum()]
        letters = [w[0] for w in words if w[0].isupper()] or [w[0] for w in words]
        return "".join(letters[:1] + letters[-1:]) if len(letters) > 1 else "".join(letters[:1]).upper()

    @staticmethod
    def _labelled(text: Any, label: str) -> str:
        """The part of ``text`` after ``Label:`` up to the next labelled sentence."""
        if not isinstance(text, str):
            return ""
        pattern = rf"\b{label}\b([^.:]*):\s*(.+?)(?=\s+(?:Participants|Results)\b[^.:]*:|$)"
        match = re.search(pattern, text, re.S)
        if not match:
            return ""
        qualifier, body = match.group(1).strip(), " ".join(match.group(2).split())
        out = f"{qualifier}: {body}" if qualifier else body
        return out[:1].upper() + out[1:]

    def participants(self, study: Record) -> str:
        """``population``, or the "Participants: ..." part of ``disambiguatingDescription``."""
        value = study.data.get("population")
        if isinstance(value, str) and value.strip():
            return value
        return self._labelled(study.data.get("disambiguatingDescription"), "Participants")

    def participant_count(self, study: Record) -> str:
        value = study.data.get("numberOfParticipants") or study.data.get("enrollment")
        if isinstance(value, int | str) and str(value).strip():
            return str(value)
        text = self.participants(study)
        match = re.search(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+"
                          r"(patients|participants|people|volunteers|adults|children|subjects)\b", text, re.I)
        return f"{match.group(1)} {match.group(2)}" if match else ""

    def results(self, study: Record) -> str:
        """``outcome``, or the "Results ...: ..." part of ``disambiguatingDescription``."""
        outcome = study.data.get("outcome")
        parts = [o if isinstance(o, str) else o.get("name", "") for o in as_list(outcome)
                 if isinstance(o, str | dict)]
        if any(parts):
            return " ".join(p for p in parts if p)
        return self._labelled(study.data.get("disambiguatingDescription"), "Results")

    def study_design(self, study: Record) -> str:
        data = study.data
        kind = humanize(data.get("type") or "MedicalStudy")
        details = [humanize(v) for name in ("studyDesign", "trialDesign", "phase")
                   for v in as_list(data.get(name)) if isinstance(v, str)]
        subjects = [s.get("type") for s in as_list(data.get("studySubject")) if isinstance(s, dict)]
        if not details and subjects and isinstance(subjects[0], str):
            details.append(f"of a {humanize(subjects[0]).lower()}")
            return f"{kind} {details[0]}"
        return ", ".join([kind, *details])

    def topic_url(self, name: Any) -> str:
        label = str(name.get("name") if isinstance(name, dict) else name)
        url = self._topic_urls.get(label)
        if url is None:
            url = self.url(f"{self.site.ids.home}topics/{topic_slug(label.strip())}/")
            self._topic_urls[label] = url
        return url

    def description(self, page: Page) -> str:
        if page.record is not None:
            for key in ("description", "disambiguatingDescription", "alternativeHeadline"):
                value = page.record.data.get(key)
                if isinstance(value, str) and value.strip():
                    return " ".join(value.split())
            return f"{page.record.title} on {self.site.config.title}"
        return self.site.config.description or self.site.config.title

    def context(self, page: Page) -> dict[str, Any]:
        """What a template sees besides the globals of :meth:`site_globals`."""
        return {
            "page": page,
            "record": page.record,
            "data": page.record.data if page.record else {},
            "description": self.description(page),
        }

    def render(self, page: Page) -> str:
        try:
            if self._memo is None:
                self._memo = {}
                memoize_macros(self.env, self._memo)
            if page.template == ARTICLE_TEMPLATE and page.record is not None and self._articles.usable:
                return self._articles.draw(page)
            return self.env.get_template(page.template).render(self.context(page))
        except TemplateFailure:
            raise
        except (TemplateError, LookupError, TypeError, ValueError, AttributeError) as exc:
            raise TemplateFailure(template_diagnostic(exc, page, self.site.root)) from None


def render_page(env: Environment, site: Site, page: Page) -> str:
    """Render one page with ``env`` (kept for callers of the first API)."""
    return Renderer(site, env=env).render(page)


def site_templates(site_root: Path) -> list[Path]:
    """The site's own template files (for ``serve`` to watch)."""
    folder = site_root / "templates"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


__all__ = [
    "Renderer",
    "TemplateFailure",
    "human_date",
    "is_web_url",
    "make_environment",
    "markdown_to_html",
    "render_page",
    "template_diagnostic",
]
