"""Each macro of ``_macros.html`` draws the same thing for the same arguments: draw it once.

The theme's macros are imported without the page's context, so what they draw depends only on
their arguments and the site-wide globals (``site``, ``theme``, ``url``, ...), which stay the same
for a whole build. A card for an article, a byline, a list of authors appear on many pages (the
related articles of every article page, listings, profile pages): :func:`memoize_macros` wraps
each macro of the imported module so that a call with arguments seen before returns the text
drawn the first time.

Arguments are compared by value: text, numbers, ``None``, records (by reference) and lists,
tuples and mappings of them. A call with anything else (a page, a callable, an undefined value)
or with a ``caller`` block is drawn every time. The memo belongs to one
:class:`~publisher.render.html.Renderer` and is dropped with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment
from jinja2.runtime import Macro
from jinja2.utils import missing

from publisher.render.fragments import DRAWN_IN_PYTHON
from publisher.resources import templates_dir
from publisher.site import Record

MACROS_TEMPLATE = "_macros.html"
# The default theme's macros drawn with arguments seen once a build (a record's facts, a record
# page's list of articles, a listing's pagination): not worth comparing or keeping.
DRAWN_ONCE = frozenset({"facts", "articles_section", "pagination"})
MAX_ATOMS = 256  # larger arguments are not worth comparing
MAX_ENTRIES = 200_000  # per renderer: beyond this, calls are drawn and not kept

_NOT_KEYABLE = object()
_ATOMS = (int, float, bool, type(None))


class _Budget(Exception):
    pass


def _key(value: Any, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise _Budget
    kind = type(value)
    if kind is str:
        return value
    if kind is Record:
        return (Record, value.raw.kind, value.raw.slug)
    if kind in _ATOMS:
        return (kind, value)
    if value is missing:
        return missing
    if kind is list or kind is tuple:
        return (kind, *(_key(item, budget) for item in value))
    if kind is dict:
        return (dict, *((_key(k, budget), _key(v, budget)) for k, v in value.items()))
    raise _Budget


def _arguments_key(arguments: tuple[Any, ...]) -> Any:
    try:
        return tuple(_key(argument, [MAX_ATOMS]) for argument in arguments)
    except _Budget:
        return _NOT_KEYABLE


def memoize_macros(env: Environment, memo: dict[Any, str]) -> None:
    """Wrap the macros of the cached ``_macros.html`` module of ``env`` to use ``memo``.

    Internal calls (``card`` drawing a ``byline``) go through the same wrappers, since the macros
    of a module call each other through the module's own :class:`~jinja2.runtime.Macro` objects.
    """
    try:
        template = env.get_template(MACROS_TEMPLATE)
    except Exception:  # no such template, or one that cannot load: nothing to memoize here
        return
    module = template._get_default_module()
    # The default theme's macros that only call a piece of publisher.render.fragments keep
    # their own drawings there: comparing their arguments here would cost more than drawing.
    # Those of DRAWN_ONCE are called with arguments that do not come again in a build.
    default = template.filename is not None and Path(template.filename) == templates_dir() / MACROS_TEMPLATE
    for name, macro in list(vars(module).items()):
        if not isinstance(macro, Macro) or macro.caller or macro.catch_kwargs or macro.catch_varargs:
            continue
        if default and (name in DRAWN_IN_PYTHON or name in DRAWN_ONCE):
            continue
        draw = getattr(macro._func, "__wrapped__", macro._func)
        macro._func = _memoized(name, draw, memo)


def _memoized(name: str, draw: Any, memo: dict[Any, str]) -> Any:
    def memoized(*arguments: Any) -> str:
        key = _arguments_key(arguments)
        if key is _NOT_KEYABLE:
            return draw(*arguments)
        key = (name, key)
        text = memo.get(key)
        if text is None:
            text = draw(*arguments)
            if len(memo) < MAX_ENTRIES:
                memo[key] = text
        return text

    memoized.__wrapped__ = draw  # type: ignore[attr-defined]
    return memoized
