"""Where the data the package ships lives: ``templates/`` and ``schemas/``.

In a wheel they are inside the package (``publisher/templates``, ``publisher/schemas``); in a
checkout they sit next to the package at the repository root.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _find(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"publisher's {name}/ folder is missing from the installation")


def templates_dir() -> Path:
    return _find("templates")


def schemas_dir() -> Path:
    return _find("schemas")
