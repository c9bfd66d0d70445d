"""``--format json``: one object with the diagnostics and counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import orjson

from publisher.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from publisher.report import ReportContext


def render_json(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    document = {
        "tool": "publisher",
        "command": context.command,
        "summary": {
            "errors": sum(d.severity is Severity.ERROR for d in diagnostics),
            "warnings": sum(d.severity is Severity.WARNING for d in diagnostics),
            "info": sum(d.severity is Severity.INFO for d in diagnostics),
        },
        "diagnostics": [d.to_dict() for d in diagnostics],
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"
