"""A Jinja :class:`~jinja2.runtime.Context` whose calls of plain functions skip Jinja's checks.

Every ``{{ f(x) }}`` and ``{{ data.get("name") }}`` in a template goes through
:meth:`Context.call`, which looks on the callable (and on its ``__call__``) for a
``pass_context``/``pass_environment`` mark before calling it: four ``hasattr`` per call, about
fifty calls on every page. The answer never changes for a given function, so
:class:`FastContext` works it out once per function (a built-in method such as ``dict.get``
cannot carry the mark at all) and calls it directly; anything else, macros included, takes
Jinja's own path. What a template sees is the same.
"""

from __future__ import annotations

from types import BuiltinMethodType, MethodType
from typing import Any

from jinja2.runtime import Context

_PLAIN: dict[Any, bool] = {}  # function -> has no pass_* mark (and no __call__ that has one)


def _is_plain(function: Any) -> bool:
    plain = _PLAIN.get(function)
    if plain is None:
        plain = _PLAIN[function] = not hasattr(function, "jinja_pass_arg")
    return plain


class FastContext(Context):
    """:class:`~jinja2.runtime.Context` with a direct path for built-in and bound methods."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        kind = type(__obj)
        if kind is BuiltinMethodType or (kind is MethodType and _is_plain(__obj.__func__)):
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        return super().call(__obj, *args, **kwargs)
