"""Reports: diagnostics as text for people and as machine formats for CI.

Each format is a function ``(diagnostics, context) -> str`` registered in :data:`FORMATS`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from publisher.diagnostics import Diagnostic
from publisher.report.jsonfmt import render_json
from publisher.report.text import render_text


@dataclass(frozen=True, slots=True)
class ReportContext:
    command: str = "validate"
    color: bool = False
    excerpts: bool = True
    checked: Sequence[str] = field(default_factory=tuple)


Formatter = Callable[[Sequence[Diagnostic], ReportContext], str]

FORMATS: dict[str, Formatter] = {
    "text": render_text,
    "json": render_json,
}


def render(diagnostics: Sequence[Diagnostic], fmt: str, context: ReportContext) -> str:
    return FORMATS[fmt](diagnostics, context)


__all__ = ["FORMATS", "ReportContext", "render"]
