"""Article pages drawn in Python (publisher.render.article_page) are the templates' own text.

If a test here fails after an edit of templates/base.html, article.html or _macros.html: bring
publisher/render/article_page.py (and fragments.py) in line with the template, then update
``DIGESTS`` there; until then the build draws article pages through Jinja, as it should.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from publisher.render import article_page
from publisher.render.html import Renderer
from publisher.render.pages import iter_pages
from publisher.resources import templates_dir
from publisher.site import load_site

from .conftest import EXAMPLE


def test_the_default_templates_are_the_ones_the_python_page_follows() -> None:
    for name, digest in article_page.DIGESTS.items():
        assert hashlib.sha256((templates_dir() / name).read_bytes()).hexdigest() == digest, (
            f"templates/{name} changed: bring publisher/render/article_page.py in line, then its DIGESTS"
        )
    assert article_page.default_templates_match()


def _both_ways(root: Path, **load: Any) -> list[tuple[str, str, str]]:
    site = load_site(root, **load)
    fast, jinja = Renderer(site), Renderer(site)
    jinja._articles._usable = False
    pages = [p for p in iter_pages(site) if p.template == article_page.TEMPLATE]
    assert pages and fast._articles.usable
    return [(page.output, fast.render(page), jinja.render(page)) for page in pages]


def test_every_article_of_the_example_is_drawn_as_the_templates_draw_it() -> None:
    for output, fast, jinja in _both_ways(EXAMPLE):
        assert fast == jinja, output


def test_the_same_under_another_base_url() -> None:
    for output, fast, jinja in _both_ways(EXAMPLE, base_url="https://elsewhere.example/news/"):
        assert fast == jinja, output


def test_articles_with_odd_values_are_drawn_as_the_templates_draw_them(make_site: Any) -> None:
    root = make_site({
        "content/articles/odd.md": "---\ntype: AnalysisNewsArticle\nheadline: \"Fish & <chips> 'n' \\\"more\\\"\"\n"
        "description: 'A < B & C'\ndatePublished: 2025-01-02\ndateModified: 2025-01-03T10:00:00Z\n"
        "articleSection: [Health & Care]\nkeywords: [a & b, c]\nurl: https://example.org/x?a=1&b=2\n"
        "isBasedOn: [https://doi.org/10.1000/1, 'a plain source']\n---\nBody *text* & <b>raw</b>.\n",
        "content/articles/bare.md": "---\ntype: NewsArticle\nheadline: Bare\n---\n",
    })
    for output, fast, jinja in _both_ways(root):
        assert fast == jinja, output


def test_a_site_template_of_the_same_name_is_used_instead(make_site: Any) -> None:
    root = make_site({
        "content/articles/a.md": "---\ntype: NewsArticle\nheadline: Hello\ndatePublished: 2025-01-02\n"
        "---\nBody text.\n",
        "templates/_macros.html": '{% macro site_nav(current, page_kind) %}<nav>ours</nav>{% endmacro %}\n'
        '{% macro site_footer() %}<footer>ours</footer>{% endmacro %}\n',
    })
    site = load_site(root)
    renderer = Renderer(site)
    page = next(p for p in iter_pages(site) if p.template == article_page.TEMPLATE)
    text = renderer.render(page)
    assert not renderer._articles.usable
    assert "<nav>ours</nav>" in text and "<footer>ours</footer>" in text


def test_a_changed_default_template_turns_the_python_page_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(article_page.DIGESTS, "article.html", "0" * 64)
    site = load_site(EXAMPLE)
    assert not article_page.default_templates_match()
    assert not Renderer(site)._articles.usable
