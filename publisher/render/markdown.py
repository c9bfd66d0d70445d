"""Markdown to HTML with cmark-gfm (the ``cmarkgfm`` package), without its memory leak.

``cmarkgfm.github_flavored_markdown_to_html`` never frees the document tree that
``cmark_parser_finish`` hands to its caller, nor the HTML string ``cmark_render_html`` returns:
about 23 KB per article body (70 MiB over 3,000 articles), for the whole life of the process. A
10,000-article build carried it in every render worker, and ``publisher serve`` grew with every
rebuild. :func:`gfm_to_html` makes the same calls, in the same order, with the same extensions
and options (so the same bytes), then frees both through cmark's own allocator
(``cmark_node_free`` and the allocator's ``free``), found in the extension module's exported
symbols. Where those symbols are not exported (another build of the package), it falls back to
the package's function, which gives the same text and only leaks.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable
from typing import Any

import cmarkgfm
from cmarkgfm import _cmark
from cmarkgfm import cmark as _api

EXTENSIONS = ("table", "autolink", "tagfilter", "strikethrough", "tasklist")  # GitHub's, as cmarkgfm


class _Mem(ctypes.Structure):
    """cmark's ``cmark_mem``: the allocator a node tree and its rendering were made with."""

    _fields_ = [
        ("calloc", ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t)),
        ("realloc", ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)),
        ("free", ctypes.CFUNCTYPE(None, ctypes.c_void_p)),
    ]


def _releasers() -> tuple[Callable[[int], None], Callable[[int], None]] | None:
    """(free a node tree, free a string of cmark's allocator), or None where not available."""
    try:
        library = ctypes.CDLL(_cmark.__file__)
        node_free = library.cmark_node_free
        allocator = library.cmark_get_default_mem_allocator
    except (OSError, AttributeError):  # pragma: no cover - depends on how the package was built
        return None
    node_free.argtypes, node_free.restype = [ctypes.c_void_p], None
    allocator.argtypes, allocator.restype = [], ctypes.POINTER(_Mem)
    free = allocator().contents.free
    return node_free, free


_RELEASE = _releasers()


def _address(pointer: Any) -> int:
    return int(_cmark.ffi.cast("uintptr_t", pointer))


@functools.cache
def _syntax_extensions() -> list[Any]:
    """The GFM extensions, registered and looked up once (cmark keeps them for the process)."""
    _api.core_extensions_ensure_registered()
    return [_api.find_syntax_extension(name) for name in EXTENSIONS]


def gfm_to_html(text: str, options: int) -> str:
    """GitHub-flavoured Markdown to HTML: ``cmarkgfm.github_flavored_markdown_to_html``'s text.

    The calls of ``cmarkgfm.cmark``'s one-line wrappers are made on its C library directly.
    """
    if _RELEASE is None:  # pragma: no cover - the package's own function: same text, leaks
        return cmarkgfm.github_flavored_markdown_to_html(text, options=options)
    node_free, free = _RELEASE
    lib = _cmark.lib
    options |= _api.Options.CMARK_OPT_GITHUB_PRE_LANG
    extensions = _syntax_extensions()
    parser = lib.cmark_parser_new(options)
    try:
        for extension in extensions:
            lib.cmark_parser_attach_syntax_extension(parser, extension)
        encoded = text.encode("utf-8")
        lib.cmark_parser_feed(parser, encoded, len(encoded))
        root = lib.cmark_parser_finish(parser)
        try:
            if lib.cmark_node_get_type(root) == lib.CMARK_NODE_NONE:  # pragma: no cover - as cmarkgfm
                raise ValueError("Error parsing markdown!")
            raw = lib.cmark_render_html(root, options, lib.cmark_parser_get_syntax_extensions(parser))
            try:
                return _cmark.ffi.string(raw).decode("utf-8")
            finally:
                free(_address(raw))
        finally:
            node_free(_address(root))
    finally:
        lib.cmark_parser_free(parser)
