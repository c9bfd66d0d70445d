"""The default theme's article page drawn directly in Python: the same text as ``article.html``.

Nine pages in ten of a news site are articles. With every piece of an article page already in
:mod:`publisher.render.fragments`, what Jinja still did was the page frame: a context per page,
a generator per block, a lookup and an escape per ``{{ }}``. :func:`draw_article` writes that
frame in Python, calling the same fragments, and :class:`ArticlePages` uses it only when the
page would come out of the default theme's own ``base.html``, ``article.html`` and
``_macros.html``, as they were when this was written (their SHA-256 below):

* a site with its own ``templates/base.html``, ``article.html`` or ``_macros.html`` gets its
  templates, through Jinja, as always;
* an edit of any of the three default templates turns this path off (the digests no longer
  match) until this module is brought in line, which ``tests/test_article_page.py`` asks for:
  it draws every article of the example site both ways and compares the bytes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.render.fragments import _e
from publisher.render.jsonld import script_json
from publisher.resources import templates_dir

if TYPE_CHECKING:
    from publisher.render.html import Renderer
    from publisher.render.pages import Page

TEMPLATE = "article.html"
# The default templates this module draws the same text as (see the module's docstring).
DIGESTS = {
    "base.html": "c8134f25ccd36bb637444747d8187fe352cfeb8ff302131ebc07d0d19677f570",
    "article.html": "4e3fea92397dd347998a7beb6b5691ee3cfa1cc5ad75bab2f62dfb852c9bef7d",
    "_macros.html": "36c77ff1a0bfa8d146bbfc9d409330edb81c4037153b5dd973d4e93ad8578339",
}


def default_templates_match() -> bool:
    """The default theme's three templates are the ones :func:`draw_article` follows."""
    folder = templates_dir()
    for name, digest in DIGESTS.items():
        try:
            data = (folder / name).read_bytes()
        except OSError:
            return False
        if hashlib.sha256(data).hexdigest() != digest:
            return False
    return True


class ArticlePages:
    """Decides once per renderer whether its article pages can be drawn by :func:`draw_article`."""

    def __init__(self, renderer: Renderer) -> None:
        self._renderer = renderer
        self._usable: bool | None = None
        self._macros: Any = None
        self._frame: dict[tuple[str, str], tuple[str, str]] = {}

    @property
    def usable(self) -> bool:
        if self._usable is None:
            self._usable = self._check()
        return self._usable

    def _check(self) -> bool:
        env = self._renderer.env
        folder = templates_dir()
        try:
            for name in DIGESTS:
                filename = env.get_template(name).filename
                if filename is None or Path(filename) != folder / name:
                    return False  # the site has its own template of that name
        except Exception:  # cannot load: let Jinja report it on the page, as before
            return False
        if not default_templates_match():
            return False
        self._macros = env.get_template("_macros.html")._get_default_module()
        return True

    def draw(self, page: Page) -> str:
        record = page.record
        assert record is not None
        key = (record.kind, page.kind)
        frame = self._frame.get(key)
        if frame is None:  # what the macros draw depends on their arguments only (render.memo)
            frame = self._frame[key] = (str(self._macros.site_nav(*key)), str(self._macros.site_footer()))
        return draw_article(self._renderer, frame, page)


def draw_article(theme: Renderer, frame: tuple[str, str], page: Page) -> str:
    """The text of ``templates/article.html`` (extending ``base.html``) for ``page``; ``frame`` is
    what the macros ``site_nav`` (for the page's kinds) and ``site_footer`` draw."""
    from publisher.render.html import markdown_text

    record = page.record
    assert record is not None
    data = record.data
    config = theme.site.config
    site_title = _e(config.title)
    description = theme.description(page)
    lead_image = theme.image(record)
    home = _e(theme.url(theme.site.ids.home))
    title_suffix = f" | {site_title}" if page.kind != "home" else ""
    tagline = f'<p class="tagline">{_e(config.description)}</p>' if config.description else ""
    current = "aria-current=\"page\"" if page.kind == "home" else ""
    brand = f'<a class="brand" href="{home}"{" " + current if current else ""}>{site_title}</a>'
    parts = [
        f'<!doctype html>\n<html lang="{_e(config.language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(page.title)}{title_suffix}</title>\n"
        f'<meta name="description" content="{_e(theme.truncate(description, 300))}">\n'
        f'<link rel="canonical" href="{_e(page.url)}">\n'
        f'<meta property="og:site_name" content="{site_title}">\n'
        '<meta property="og:type" content="article">\n',
        theme.social_meta_text(page, description, lead_image),
        theme.article_meta_text(data),
        theme.head_links_text(page),
        f'<script type="application/ld+json">\n{script_json(page.document)}\n</script>\n</head>\n'
        f'<body class="page-{_e(page.kind)} kind-{_e(record.kind)} ">\n'
        '<a class="skip-link" href="#main">Skip to content</a>\n'
        f'<header class="masthead">\n  <div class="masthead-inner">\n    {brand}\n{tagline}  </div>\n'
        f"{frame[0]}\n</header>\n",
        theme.breadcrumb_text(page),
        '<main id="main" tabindex="-1">\n<article class="story">\n',
        theme.article_header_text(page, data),
        theme.lead_figure_text(theme.image(record)),
        '  <div class="story-layout">\n    <div class="story-main">\n'
        f'      <div class="prose">{markdown_text(record.body or "")}</div>\n',
        theme.sources_text(data),
        theme.topics_text(data),
        '    </div>\n    <aside class="story-aside" aria-label="Context">\n',
        theme.study_boxes_text(data),
        theme.in_story_text(data),
        "    </aside>\n  </div>\n",
        theme.related_section_text(record),
        f"</article>\n</main>\n{frame[1]}\n</body>\n</html>\n",
    ]
    return "".join(parts)
