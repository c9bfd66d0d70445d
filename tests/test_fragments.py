"""The theme's pieces drawn in Python (publisher.render.fragments) and the plain-call context.

The pages they draw are compared byte for byte with the templates' own output by the build
tests and tests/test_render_speed.py; these tests pin what each piece promises on its own.
"""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import pass_context, pass_environment
from markupsafe import escape

from publisher.render.context import FastContext
from publisher.render.fragments import _e
from publisher.render.html import Renderer, human_date, make_environment
from publisher.site import load_site

from .conftest import EXAMPLE


@pytest.mark.parametrize("value", ["plain", "a & b", "<b>", "\"q\" 'q'", "", 3, None, 1.5, True,
                                   escape("<i>already</i>")])
def test_text_is_escaped_as_a_template_escapes_it(value: Any) -> None:
    assert _e(value) == str(escape(value))


class _Helper:
    def plain(self, value: str) -> str:
        return f"plain {value}"

    @pass_context
    def with_context(self, context: Any, value: str) -> str:
        return f"{context['name']} {value}"


@pass_environment
def _with_environment(environment: Any, value: str) -> str:
    return f"{type(environment).__name__} {value}"


def test_the_fast_context_still_passes_context_and_environment() -> None:
    env = make_environment()
    assert env.context_class is FastContext
    template = env.from_string(
        "{% for x in ['a'] %}{{ h.plain(x) }}|{{ h.with_context(x) }}|{{ f(x) }}|{{ d.get(x) }}"
        "|{{ d.get('missing', 'none') }}{% endfor %}"
    )
    text = template.render(h=_Helper(), f=_with_environment, d={"a": 1}, name="ctx")
    assert text == "plain a|ctx a|Environment a|1|none"


def test_human_date_of_text_and_of_other_values() -> None:
    assert human_date("2025-03-21T00:00:00+09:00") == "21 March 2025"
    assert human_date("2025-03-21T00:00:00+09:00") == "21 March 2025"  # kept, same answer
    assert human_date("not a date") == "not a date"
    assert human_date(None) == ""


def test_cards_are_drawn_once_per_article_and_arguments() -> None:
    site = load_site(EXAMPLE)
    renderer = Renderer(site)
    article = renderer.visible("articles")[0]
    first = renderer.card(article, 2)
    assert renderer.card(article, 2) == first
    assert ('<h2 class="card-title">' in first) and ('<h3 class="card-title">' in renderer.card(article))
    assert 'class="card card-lead' in renderer.card(article, 2, lead=True)
    assert "card-media" not in renderer.card(article, 2, show_image=False)
    listing = str(renderer.article_list([article, article], 2))
    assert listing.startswith('<ul class="card-list">\n  <li>') and listing.count(first) == 2


def test_without_keeps_order_and_drops_by_reference() -> None:
    site = load_site(EXAMPLE)
    renderer = Renderer(site)
    articles = renderer.visible("articles")
    assert len(articles) >= 2
    assert renderer.without(articles, articles[:1]) == articles[1:]
    assert renderer.without(articles, []) == articles
