"""Reports: diagnostics as text for people and as machine formats for CI.

Each format is a function ``(diagnostics, context) -> str`` registered in :data:`FORMATS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from publisher.diagnostics import Diagnostic
from publisher.report.github import render_github
from publisher.report.jsonfmt import render_json
from publisher.report.junit import render_junit
from publisher.report.sarif import render_sarif
from publisher.report.text import render_text


@dataclass(frozen=True, slots=True)
class ReportContext:
    command: str = "validate"
    color: bool = False
    excerpts: bool = True
    checked: Sequence[str] = field(default_factory=tuple)  # files looked at (JUnit test cases)
    strict: bool = False  # warnings fail (JUnit)
    rules: Sequence[str] = field(default_factory=tuple)  # codes the run could report (SARIF rules)
    codes: Mapping[str, Any] = field(default_factory=dict)  # code -> CodeInfo, for site-defined codes


Formatter = Callable[[Sequence[Diagnostic], ReportContext], str]

FORMATS: dict[str, Formatter] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "junit": render_junit,
    "github": render_github,
}


def render(diagnostics: Sequence[Diagnostic], fmt: str, context: ReportContext) -> str:
    return FORMATS[fmt](diagnostics, context)


__all__ = ["FORMATS", "ReportContext", "render"]
