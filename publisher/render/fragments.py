"""The default theme's hot pieces of markup, drawn in Python instead of Jinja macros and blocks.

Every article page draws the same dozen small pieces (social meta tags, breadcrumb, the story
header with its byline, lead image, sources, topics, cards of related articles). As Jinja
blocks and nested macros they cost most of a page's rendering time: every ``{{ }}``, filter,
``data.get`` and macro call goes through Jinja's runtime. Here each piece is one Python method
returning :class:`~markupsafe.Markup`, with the same escaping as the templates (markupsafe's
``escape``) and exactly the text the templates drew before, byte for byte.

Theme authors: the templates call these as ``theme.NAME(...)`` inside the same blocks as
before, so a site's ``templates/article.html`` or ``base.html`` can still replace any block
with its own markup; ``_macros.html``'s ``link``, ``links``, ``time``, ``byline`` and ``card``
delegate here, so a site that wants other markup for them overrides the macro (or the block
that uses it) in its own templates.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from jinja2.filters import do_truncate
from markupsafe import Markup, escape

try:  # markupsafe's own escaping of text (its C speedups where built), without the Markup around it
    from markupsafe import _escape_inner as _escape_text
except ImportError:  # pragma: no cover - another markupsafe: the public function, same text
    def _escape_text(text: str, /) -> str:
        return str(escape(text))

from publisher.model.values import is_reference
from publisher.render.pages import as_list

if TYPE_CHECKING:
    from jinja2 import Environment

    from publisher.render.pages import Page
    from publisher.site import Record, Site


# The default theme's macros (templates/_macros.html) whose body is one call of a method here.
DRAWN_IN_PYTHON = frozenset(
    {"link", "links", "time", "place", "byline", "card", "article_list", "study_box"}
)


def _e(value: Any) -> str:
    """``{{ value }}`` of an autoescaping template, as text (plain text without ``&<>"'`` as is)."""
    kind = type(value)
    if kind is str:
        return _escape_text(value)
    if kind is int:  # digits only
        return str(value)
    return str(escape(value))


def _unique(items: list[Record]) -> list[Record]:
    """Jinja's ``unique(attribute="ref")``: the first of each reference, ignoring case."""
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.ref.lower()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


class Fragments:
    """Mixed into :class:`~publisher.render.html.Renderer`: ``theme.NAME(...)`` in templates."""

    env: Environment
    site: Site

    # The helpers these rely on, defined by the renderer.
    def url(self, target: str) -> str:
        raise NotImplementedError

    def ref_url(self, ref: Any) -> str | None:
        raise NotImplementedError

    def ref_title(self, ref: Any) -> str:
        raise NotImplementedError

    def image(self, record: Record | None) -> dict[str, Any] | None:
        raise NotImplementedError

    def topic_url(self, name: Any) -> str:
        raise NotImplementedError

    def refs_of(self, value: Any, kind: str | None = None) -> list[Record]:
        raise NotImplementedError

    def related(self, article: Record, limit: int = 3) -> list[Record]:
        raise NotImplementedError

    def study_design(self, study: Record) -> str:
        raise NotImplementedError

    def participants(self, study: Record) -> str:
        raise NotImplementedError

    def participant_count(self, study: Record) -> str:
        raise NotImplementedError

    @cached_property
    def _drawn(self) -> dict[tuple[Any, ...], str]:
        """Study boxes drawn so far in this build, by study and number."""
        return {}

    # --- small pieces (the macros link, links, time) ------------------------------------------

    def truncate(self, text: Any, length: int) -> str:
        """Jinja's ``truncate`` filter with the environment's leeway."""
        return do_truncate(self.env, text, length)  # type: ignore[no-any-return]

    @cached_property
    def _links(self) -> dict[tuple[str, str | None], str]:
        """Links drawn so far, by value and ``rel``: the same author or organization is drawn on
        many pages (cards, headers, asides)."""
        return {}

    @cached_property
    def _times(self) -> dict[str, str]:
        """``<time>`` elements drawn so far, by value: an article's date is on its page and cards."""
        return {}

    def link_text(self, value: Any, rel: Any = None) -> str:
        """A reference, an inline object or a plain value, as a link where there is a page."""
        if type(value) is str and (rel is None or type(rel) is str):
            key = (value, rel)
            text = self._links.get(key)
            if text is None:
                text = self._links[key] = self._draw_link(value, rel)
            return text
        return self._draw_link(value, rel)

    def _draw_link(self, value: Any, rel: Any) -> str:
        if is_reference(value):
            target = self.ref_url(value)
            if target:
                rel_attr = f' rel="{_e(rel)}"' if rel else ""
                return f'<a href="{_e(target)}"{rel_attr}>{_e(self.ref_title(value))}</a>'
            return _e(self.ref_title(value))
        if type(value) is dict or isinstance(value, Mapping):
            return _e(value.get("name") or value.get("headline") or value.get("codeValue")
                      or value.get("url") or "")
        if isinstance(value, str) and value.startswith(("https://", "http://")):
            from publisher.render.html import host

            return f'<a href="{_e(value)}" rel="external">{_e(host(value))}</a>'
        return _e(value)

    def links_text(self, value: Any, rel: Any = None) -> str:
        """``A``, ``A and B``, ``A, B and C``: each item as :meth:`link_text`."""
        items = as_list(value)
        count = len(items)
        parts = []
        for index, item in enumerate(items):
            parts.append(self.link_text(item, rel))
            if index < count - 1:
                parts.append(" and " if index == count - 2 else ", ")
        return "".join(parts)

    def time_text(self, value: Any) -> str:
        """``<time datetime="...">21 March 2025</time>``."""
        if type(value) is str:
            text = self._times.get(value)
            if text is None:
                text = self._times[value] = self._draw_time(value)
            return text
        return self._draw_time(value)

    @staticmethod
    def _draw_time(value: Any) -> str:
        from publisher.render.html import human_date

        return f'<time datetime="{_e(value)}">{_e(human_date(value))}</time>'

    def link(self, value: Any, rel: Any = None) -> Markup:
        return Markup(self.link_text(value, rel))

    def links(self, value: Any, rel: Any = None) -> Markup:
        return Markup(self.links_text(value, rel))

    def time(self, value: Any) -> Markup:
        return Markup(self.time_text(value))

    # --- base.html ----------------------------------------------------------------------------

    def social_meta_text(self, page: Page, description: str, lead_image: dict[str, Any] | None) -> str:
        """The Open Graph and Twitter tags after ``og:type`` (base.html, block ``meta``)."""
        title = _e(page.title)
        out = [
            f'<meta property="og:title" content="{title}">\n'
            f'<meta property="og:description" content="{_e(self.truncate(description, 300))}">\n'
            f'<meta property="og:url" content="{_e(page.url)}">\n'
        ]
        if lead_image:
            absolute = _e(lead_image["absolute"])
            out.append(f'<meta property="og:image" content="{absolute}">\n')
            if lead_image["alt"]:
                out.append(f'<meta property="og:image:alt" content="{_e(lead_image["alt"])}">')
            if lead_image["width"]:
                out.append(f'<meta property="og:image:width" content="{_e(lead_image["width"])}">')
            if lead_image["height"]:
                out.append(f'<meta property="og:image:height" content="{_e(lead_image["height"])}">')
            out.append('<meta name="twitter:card" content="summary_large_image">\n'
                       f'<meta name="twitter:image" content="{absolute}">\n')
            if lead_image["alt"]:
                out.append(f'<meta name="twitter:image:alt" content="{_e(lead_image["alt"])}">')
        else:
            out.append('<meta name="twitter:card" content="summary">\n')
        out.append(f'<meta name="twitter:title" content="{title}">\n'
                   f'<meta name="twitter:description" content="{_e(self.truncate(description, 200))}">\n')
        return "".join(out)

    @cached_property
    def _site_links(self) -> str:
        home = _e(self.url(self.site.ids.home))
        title = _e(self.site.config.title)
        return (f'<link rel="icon" href="{home}static/favicon.svg" type="image/svg+xml">\n'
                f'<link rel="stylesheet" href="{home}static/publisher.css">\n'
                f'<link rel="alternate" type="application/rss+xml" title="{title} (RSS)"'
                f' href="{home}feed.xml">\n'
                f'<link rel="alternate" type="application/atom+xml" title="{title} (Atom)"'
                f' href="{home}atom.xml">\n')

    def head_links_text(self, page: Page) -> str:
        """Robots tag of the 404 page, icon, style sheet, feeds, and a listing's prev/next links."""
        out = ['<meta name="robots" content="noindex">' if page.kind == "notfound" else "", self._site_links]
        if page.prev_url:
            out.append(f'<link rel="prev" href="{_e(page.prev_url)}">')
        if page.next_url:
            out.append(f'<link rel="next" href="{_e(page.next_url)}">')
        return "".join(out)

    def breadcrumb_text(self, page: Page) -> str:
        """The trail of links to the page (base.html, block ``breadcrumb``); nothing at the top."""
        trail = page.trail
        if len(trail) <= 1:
            return ""
        out = ['<nav class="breadcrumb" aria-label="Breadcrumb">\n  <ol>\n']
        last = len(trail) - 1
        for index, (name, target) in enumerate(trail):
            if index == last:
                out.append(f'    <li><span aria-current="page">{_e(self.truncate(name, 70))}</span></li>\n')
            else:
                out.append(f'    <li><a href="{_e(self.url(target))}">{_e(name)}</a></li>\n')
        out.append("  </ol>\n</nav>\n")
        return "".join(out)

    # --- article.html -------------------------------------------------------------------------

    def article_meta_text(self, data: Mapping[str, Any]) -> str:
        """``article:*`` meta tags (article.html, block ``extra_meta``)."""
        out = []
        if data.get("datePublished"):
            out.append(f'<meta property="article:published_time" content="{_e(data["datePublished"])}">')
        if data.get("dateModified"):
            out.append(f'<meta property="article:modified_time" content="{_e(data["dateModified"])}">')
        for section in as_list(data.get("articleSection")):
            out.append(f'<meta property="article:section" content="{_e(section)}">')
        for keyword in as_list(data.get("keywords")):
            name = keyword.get("name") if type(keyword) is dict or isinstance(keyword, Mapping) else keyword
            out.append(f'<meta property="article:tag" content="{_e(name)}">')
        return "".join(out)

    def article_header_text(self, page: Page, data: Mapping[str, Any]) -> str:
        """Kicker, headline, standfirst, byline and dates (article.html, block ``header``)."""
        from publisher.render.html import humanize

        out = ['  <header class="story-header">\n']
        if data.get("articleSection"):
            out.append(f'<p class="kicker">{_e(as_list(data["articleSection"])[0])}')
            if data.get("type") not in ("NewsArticle", "Article"):
                kind = humanize(str(data["type"]).replace("NewsArticle", ""))
                out.append(f' <span class="kicker-type">{_e(kind)}</span>')
            out.append("</p>")
        out.append(f'    <h1 class="headline">{_e(data.get("headline") or page.title)}</h1>\n')
        if data.get("description"):
            out.append(f'<p class="standfirst">{_e(data["description"])}</p>')
        out.append('    <div class="byline">\n')
        if data.get("author"):
            out.append(f'<p class="byline-authors">By {self.links_text(data["author"], "author")}</p>')
        out.append('      <p class="byline-dates">\n')
        if data.get("dateline"):
            out.append(f'<span class="dateline">{_e(data["dateline"])}</span>')
        if data.get("datePublished"):
            out.append(f'<span>Published {self.time_text(data["datePublished"])}')
            if data.get("publisher") and data.get("publisher") not in as_list(data.get("author")):
                out.append(f' by <span class="byline-publisher">{self.links_text(data["publisher"])}</span>')
            out.append("</span>")
        if data.get("dateModified") and data.get("dateModified") != data.get("datePublished"):
            out.append(f'<span>Updated {self.time_text(data["dateModified"])}</span>')
        out.append("      </p>\n    </div>\n  </header>\n")
        return "".join(out)

    def lead_figure_text(self, image: Mapping[str, Any] | None) -> str:
        """The lead image with its caption and credit (article.html, block ``lead_image``)."""
        if not image:
            return ""
        size = (f' width="{_e(image["width"])}"' if image["width"] else "") + (
            f' height="{_e(image["height"])}"' if image["height"] else "")
        out = ['  <figure class="lead-figure">\n'
               f'    <img src="{_e(image["src"])}" alt="{_e(image["alt"])}"{size}>\n']
        if image["caption"] or image["credit"]:
            credit = f' <span class="credit">{_e(image["credit"])}</span>' if image["credit"] else ""
            out.append(f'<figcaption>{_e(image["caption"])}{credit}</figcaption>')
        out.append("  </figure>\n")
        return "".join(out)

    def sources_text(self, data: Mapping[str, Any]) -> str:
        """The report and the studies an article is based on (article.html, block ``sources``)."""
        from publisher.render.html import host, urlpath

        sources = as_list(data.get("isBasedOn")) + as_list(data.get("citation"))
        if not (sources or data.get("url")):
            return ""
        out = ['      <section class="sources" aria-labelledby="sources-title">\n'
               '        <h2 id="sources-title">Sources</h2>\n        <ul>\n']
        if data.get("url") and data.get("url") not in sources:
            out.append(f"<li>Original report: {self.link_text(data['url'])}</li>")
        for source in sources:
            if isinstance(source, str) and source.startswith(("http://", "https://")):
                out.append(f'<li>Based on <a href="{_e(source)}" rel="external">'
                           f"{_e(host(source))}{_e(urlpath(source))}</a></li>")
            else:
                out.append(f"<li>Based on {self.link_text(source)}</li>")
        out.append("        </ul>\n      </section>\n")
        return "".join(out)

    def topics_text(self, data: Mapping[str, Any]) -> str:
        """Links to the pages of an article's keywords (article.html, block ``topics``)."""
        if not data.get("keywords"):
            return ""
        out = ['      <section class="topics" aria-labelledby="topics-title">\n'
               '        <h2 id="topics-title">Topics</h2>\n        <ul class="tags">\n']
        items = self._topic_items
        for keyword in as_list(data["keywords"]):
            if type(keyword) is str:  # most keywords: their item drawn once
                item = items.get(keyword)
                if item is None:
                    href = _e(self.topic_url(keyword))
                    item = items[keyword] = f'<li><a href="{href}">{_e(keyword)}</a></li>'
                out.append(item)
                continue
            name = keyword.get("name") if type(keyword) is dict or isinstance(keyword, Mapping) else keyword
            out.append(f'<li><a href="{_e(self.topic_url(keyword))}">{_e(name)}</a></li>')
        out.append("        </ul>\n      </section>\n")
        return "".join(out)

    def place_text(self, value: Any) -> str:
        """A place, postal address or plain text as one line (the macro ``place``)."""
        from publisher.render.html import country

        out = []
        items = as_list(value)
        for index, item in enumerate(items):
            if is_reference(item):
                out.append(self.link_text(item))
            elif isinstance(item, Mapping):
                address = item.get("address") if isinstance(item.get("address"), Mapping) else item
                parts = [item.get("name"), address.get("streetAddress"), address.get("addressLocality"),
                         address.get("addressRegion"), country(address.get("addressCountry"))]
                seen: set[Any] = set()
                kept = []
                for part in parts:
                    key = part.lower() if isinstance(part, str) else part
                    if part and key not in seen:
                        seen.add(key)
                        kept.append(str(part))
                out.append(_e(", ".join(kept)))
            else:
                out.append(_e(item))
            if index < len(items) - 1:
                out.append("; ")
        return "".join(out)

    def study_box_text(self, study: Record, index: int) -> str:
        """The key facts of a study in an article's aside (the macro ``study_box``)."""
        key = ("study_box", study.ref, index)
        text = self._drawn.get(key)
        if text is not None:
            return text
        from publisher.render.html import humanize

        s = study.data
        href = _e(self.url(study.page_url))
        title = _e(study.title)
        out = [f'      <section class="study-box" aria-labelledby="study-box-{index}">\n'
               f'        <h2 id="study-box-{index}" class="box-title">About the study</h2>\n'
               f'        <p class="study-box-name"><a href="{href}">{title}</a></p>\n'
               '        <dl class="facts compact">\n']
        if s.get("status"):
            out.append('<div class="fact"><dt>Status</dt><dd><span class="badge">'
                       f"{_e(humanize(s['status']))}</span></dd></div>")
        if s.get("healthCondition"):
            conditions = self.links_text(s["healthCondition"])
            out.append(f'<div class="fact"><dt>Condition</dt><dd>{conditions}</dd></div>')
        if s.get("sponsor"):
            sponsors = self.links_text(s["sponsor"])
            out.append(f'<div class="fact"><dt>Sponsor</dt><dd>{sponsors}</dd></div>')
        if s.get("studyLocation"):
            places = self.place_text(s["studyLocation"])
            out.append(f'<div class="fact"><dt>Location</dt><dd>{places}</dd></div>')
        design = _e(self.study_design(study))
        out.append(f'          <div class="fact"><dt>Design</dt><dd>{design}</dd></div>\n')
        count = self.participant_count(study)
        if count or self.participants(study):
            shown = count or self.truncate(self.participants(study), 120)
            out.append(f'<div class="fact"><dt>Participants</dt><dd>{_e(shown)}</dd></div>')
        out.append('        </dl>\n'
                   f'        <p class="more"><a href="{href}">Key facts and results'
                   f'<span class="visually-hidden"> of {title}</span> &rarr;</a></p>\n'
                   "      </section>")
        text = self._drawn[key] = "".join(out)
        return text

    def study_box(self, study: Record, index: int) -> Markup:
        return Markup(self.study_box_text(study, index))

    def study_boxes_text(self, data: Mapping[str, Any]) -> str:
        """A study box for each study an article is about or mentions (block ``study_box``)."""
        studies = _unique(self.refs_of(data.get("about"), "studies")
                          + self.refs_of(data.get("mentions"), "studies"))
        return "".join(self.study_box_text(study, index) + "\n" for index, study in enumerate(studies, 1))

    def in_story_text(self, data: Mapping[str, Any]) -> str:
        """The people, organizations and conditions of an article (article.html, block ``aside``)."""
        from publisher.render.html import humanize

        about, mentions = self.refs_of(data.get("about")), self.refs_of(data.get("mentions"))
        people = ([r for r in about if r.kind == "people"] + [r for r in mentions if r.kind == "people"]
                  + [r for r in about if r.kind == "organizations"]
                  + [r for r in mentions if r.kind == "organizations"]
                  + [r for r in about if r.kind == "conditions"])
        if not people:
            return ""
        out = ['      <section class="in-story" aria-labelledby="in-story-title">\n'
               '        <h2 id="in-story-title" class="box-title">In this story</h2>\n        <ul>\n']
        items = self._story_items
        for other in _unique(people):
            item = items.get(other.ref)
            if item is None:
                meta = ""
                if other.data.get("jobTitle"):
                    meta = f'<span class="in-story-meta">{self.links_text(other.data["jobTitle"])}</span>'
                elif other.kind == "conditions":
                    meta = '<span class="in-story-meta">Condition</span>'
                elif other.data.get("type"):
                    meta = f'<span class="in-story-meta">{_e(humanize(other.data["type"]))}</span>'
                item = items[other.ref] = (f'          <li><a href="{_e(self.url(other.page_url))}">'
                                           f"{_e(other.title)}</a>{meta}</li>\n")
            out.append(item)
        out.append("        </ul>\n      </section>\n")
        return "".join(out)

    def related_section_text(self, record: Record) -> str:
        """Cards of other articles on the same story (article.html, block ``related``)."""
        related = self.related(record)
        if not related:
            return ""
        return ('  <section class="related" aria-labelledby="related-title">\n'
                '    <h2 id="related-title" class="section-title">More on this story</h2>\n'
                f"    {self.article_list_text(related, 3)}\n  </section>\n")

    # --- cards (the macros byline, card, article_list) ---------------------------------------

    @cached_property
    def _topic_items(self) -> dict[str, str]:
        """An article's topic links drawn so far, by keyword."""
        return {}

    @cached_property
    def _story_items(self) -> dict[str, str]:
        """The items of "In this story" drawn so far, by record."""
        return {}

    @cached_property
    def _bylines(self) -> dict[tuple[str, bool], str]:
        return {}

    def byline_text(self, article: Record, with_publisher: bool = False) -> str:
        """An article's authors and date (the macro ``byline``), drawn once per article."""
        key = (article.ref, bool(with_publisher))
        text = self._bylines.get(key)
        if text is None:
            text = self._bylines[key] = self._draw_byline(article, with_publisher)
        return text

    def _draw_byline(self, article: Record, with_publisher: bool) -> str:
        d = article.data
        out = []
        if d.get("author"):
            out.append(f'<span class="byline-authors">By {self.links_text(d["author"])}</span>')
        if (with_publisher and d.get("publisher") and d.get("publisher") != d.get("author")
                and [d.get("publisher")] != d.get("author")):
            out.append(f'<span class="byline-publisher">{self.links_text(d["publisher"])}</span>')
        if d.get("datePublished"):
            out.append(f'<span class="byline-date">{self.time_text(d["datePublished"])}</span>')
        return "".join(out)

    def byline(self, article: Record, with_publisher: bool = False) -> Markup:
        return Markup(self.byline_text(article, with_publisher))

    @cached_property
    def _cards(self) -> dict[tuple[str, Any, bool, bool], str]:
        """Cards drawn so far in this build, by article and arguments."""
        return {}

    @cached_property
    def _card_parts(self) -> dict[str, tuple[str, str, str, str, str]]:
        """What an article's cards share whatever their arguments, by article (see :meth:`card_text`)."""
        return {}

    def card_text(self, article: Record, level: Any = 3, lead: Any = False, show_image: Any = True) -> str:
        """An article as a card in a listing, drawn once per build for the same arguments."""
        key = (article.ref, level, bool(lead), bool(show_image))
        text = self._cards.get(key)
        if text is None:
            text = self._cards[key] = self._draw_card(article, level, bool(lead), bool(show_image))
        return text

    def _draw_card(self, article: Record, level: Any, lead: bool, show_image: bool) -> str:
        parts = self._card_parts.get(article.ref)
        if parts is None:
            parts = self._card_parts[article.ref] = self._draw_card_parts(article)
        media, href, kicker, title, tail = parts
        with_image = bool(media) and show_image
        level_text = _e(level)
        return (f'<article class="card{" card-lead" if lead else ""}{" has-image" if with_image else ""}">\n'
                f'{media if with_image else ""}  <div class="card-text">\n{kicker}'
                f'    <h{level_text} class="card-title"><a href="{href}">{title}</a></h{level_text}>\n'
                f"{tail}")

    def _draw_card_parts(self, article: Record) -> tuple[str, str, str, str, str]:
        """(image link or "", escaped URL, kicker, escaped title, summary and byline to the end)."""
        d = article.data
        image = self.image(article)
        href = _e(self.url(article.page_url))
        media = ""
        if image:
            size = (f' width="{_e(image["width"])}"' if image["width"] else "") + (
                f' height="{_e(image["height"])}"' if image["height"] else "")
            media = (f'  <a class="card-media" href="{href}" tabindex="-1" aria-hidden="true">\n'
                     f'    <img src="{_e(image["src"])}" alt="" loading="lazy"{size}>\n  </a>\n')
        section = d.get("articleSection")
        kicker = f'<p class="kicker">{_e(as_list(section)[0])}</p>' if section else ""
        summary = f'<p class="card-summary">{_e(d["description"])}</p>' if d.get("description") else ""
        tail = f'{summary}    <p class="meta">{self.byline_text(article)}</p>\n  </div>\n</article>'
        return media, href, kicker, _e(article.title), tail

    def card(self, article: Record, level: Any = 3, lead: Any = False, show_image: Any = True) -> Markup:
        return Markup(self.card_text(article, level, lead, show_image))

    def article_list_text(self, articles: Any, level: Any = 3) -> str:
        parts = ['<ul class="card-list">\n']
        for article in articles:
            parts.append(f"  <li>{self.card_text(article, level)}</li>\n")
        parts.append("</ul>")
        return "".join(parts)

    def article_list(self, articles: Any, level: Any = 3) -> Markup:
        """Cards of ``articles`` as a list (the macro ``article_list``)."""
        return Markup(self.article_list_text(articles, level))

    def archive_items_text(self, articles: Any) -> str:
        """A month's articles in a year of the archive, one ``<li>`` line each: date and title."""
        out = []
        for article in articles:
            out.append(f'    <li>{self.time_text(article.data.get("datePublished", ""))} '
                       f'<a href="{_e(self.url(article.page_url))}">{_e(article.title)}</a></li>\n')
        return "".join(out)

    def archive_items(self, articles: Any) -> Markup:
        return Markup(self.archive_items_text(articles))

    def place(self, value: Any) -> Markup:
        return Markup(self.place_text(value))

    # --- the pieces above as Markup, for templates (``theme.NAME(...)``) ---------------------

    def social_meta(self, page: Page, description: str, lead_image: dict[str, Any] | None) -> Markup:
        return Markup(self.social_meta_text(page, description, lead_image))

    def head_links(self, page: Page) -> Markup:
        return Markup(self.head_links_text(page))

    def breadcrumb(self, page: Page) -> Markup:
        return Markup(self.breadcrumb_text(page))

    def article_meta(self, data: Mapping[str, Any]) -> Markup:
        return Markup(self.article_meta_text(data))

    def article_header(self, page: Page, data: Mapping[str, Any]) -> Markup:
        return Markup(self.article_header_text(page, data))

    def lead_figure(self, image: Mapping[str, Any] | None) -> Markup:
        return Markup(self.lead_figure_text(image))

    def sources(self, data: Mapping[str, Any]) -> Markup:
        return Markup(self.sources_text(data))

    def topics(self, data: Mapping[str, Any]) -> Markup:
        return Markup(self.topics_text(data))

    def study_boxes(self, data: Mapping[str, Any]) -> Markup:
        return Markup(self.study_boxes_text(data))

    def in_story(self, data: Mapping[str, Any]) -> Markup:
        return Markup(self.in_story_text(data))

    def related_section(self, record: Record) -> Markup:
        return Markup(self.related_section_text(record))
