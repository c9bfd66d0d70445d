"""HTML pages from Jinja2 templates (autoescaped), each embedding its page's JSON-LD."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cmarkgfm
from cmarkgfm.cmark import Options
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from publisher.render.jsonld import SECTION_TITLES, script_json
from publisher.render.pages import Page
from publisher.resources import templates_dir
from publisher.site import Site

_MARKDOWN_OPTIONS = Options.CMARK_OPT_SMART | Options.CMARK_OPT_FOOTNOTES


def markdown_to_html(text: str) -> Markup:
    """CommonMark + GitHub extensions; raw HTML in the source is not passed through."""
    return Markup(cmarkgfm.github_flavored_markdown_to_html(text, options=_MARKDOWN_OPTIONS))


def make_environment(site_root: Path | None = None) -> Environment:
    """Templates from the site's own ``templates/`` first, then the default theme."""
    search = []
    if site_root is not None and (site_root / "templates").is_dir():
        search.append(str(site_root / "templates"))
    search.append(str(templates_dir()))
    env = Environment(
        loader=FileSystemLoader(search),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = markdown_to_html
    env.filters["jsonld"] = lambda doc: Markup(script_json(doc))
    return env


def relative_url(site: Site, url: str) -> str:
    """A site URL as a root-relative path, so the built site also works on another host."""
    base = site.config.base_url
    if url.startswith(base):
        return "/" + url[len(base) :]
    return url


def render_page(env: Environment, site: Site, page: Page) -> str:
    context: dict[str, Any] = {
        "site": site,
        "config": site.config,
        "page": page,
        "record": page.record,
        "data": page.record.data if page.record else {},
        "sections": SECTION_TITLES,
        "url": lambda target: relative_url(site, target),
        "ref_url": lambda ref: relative_url(site, site.records[ref].page_url)
        if ref in site.records
        else None,
        "ref_title": lambda ref: site.records[ref].title if ref in site.records else ref,
    }
    return env.get_template(page.template).render(context)
