"""What makes rendering fast must not change what it draws (no test here measures a time)."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.publish.build import build_site, safe_join
from publisher.render.fragments import DRAWN_IN_PYTHON
from publisher.render.html import Renderer, make_environment
from publisher.render.memo import DRAWN_ONCE, memoize_macros
from publisher.render.pages import iter_pages
from publisher.site import load_site

from .conftest import EXAMPLE


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_memoized_macros_draw_the_same_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_site(load_site(EXAMPLE), tmp_path / "memo", jobs=1)
    monkeypatch.setattr("publisher.render.html.memoize_macros", lambda env, memo: None)
    build_site(load_site(EXAMPLE), tmp_path / "plain", jobs=1)
    assert tree(tmp_path / "memo") == tree(tmp_path / "plain")


_MACROS = """\
{% macro links(value) -%}
{%- for item in value | as_list %}{{ item }}{% if not loop.last %} and {% endif %}{% endfor -%}
{%- endmacro %}
{% macro link(value) -%}{{ value.get("name") if value is mapping else value }}{%- endmacro %}
"""


def test_a_macro_is_drawn_once_per_argument_values(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "_macros.html").write_text(_MACROS, encoding="utf-8")
    env = make_environment(tmp_path)  # a site's own _macros.html: every macro is memoized
    module = env.get_template("_macros.html")._get_default_module()
    memo: dict[object, str] = {}
    memoize_macros(env, memo)
    assert str(module.links(["a", "b"])) == "a and b"
    assert str(module.links(["a", "b"])) == "a and b"
    assert str(module.links(("a", "b"))) != "a and b"  # a tuple is one value, not a list of two
    assert str(module.link({"name": "Keio"})) == "Keio"
    assert str(module.link({"name": "Osaka"})) == "Osaka"  # mappings compare by value
    assert str(module.link(1)) == "1" and str(module.link(True)) == "True"  # 1 == True, not the same
    keys = [key for key in memo if key[0] == "links"]
    assert len(keys) == 2


def test_the_default_macros_drawn_in_python_are_not_memoized_twice() -> None:
    env = make_environment()
    memoize_macros(env, {})
    module = env.get_template("_macros.html")._get_default_module()
    for name in DRAWN_IN_PYTHON | DRAWN_ONCE:
        assert not hasattr(getattr(module, name)._func, "__wrapped__"), name
    assert hasattr(module.site_nav._func, "__wrapped__")


def test_a_new_renderer_does_not_see_the_last_ones_memo(tmp_path: Path) -> None:
    site = load_site(EXAMPLE)
    env = make_environment(site.root)
    page = next(p for p in iter_pages(site) if p.template == "article.html")
    first = Renderer(site, env=env).render(page)
    other = load_site(EXAMPLE, base_url="https://elsewhere.example/news/")
    page = next(p for p in iter_pages(other) if p.template == "article.html")
    second = Renderer(other, env=env).render(page)
    assert 'href="/news/people/' in second and 'href="/news/people/' not in first


def test_output_paths_are_checked_without_resolving(tmp_path: Path) -> None:
    assert safe_join(tmp_path, "a/b/../c/index.html") == tmp_path / "a" / "c" / "index.html"
    for bad in ("..", ".", "a/../..", "../x", "/x", "a/../../x"):
        with pytest.raises(ValueError):
            safe_join(tmp_path, bad)
