"""One line per diagnostic, like a compiler: ``path:line:col: CODE severity: message``."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from publisher.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from publisher.report import ReportContext

_COLORS = {Severity.ERROR: "\x1b[31;1m", Severity.WARNING: "\x1b[33;1m", Severity.INFO: "\x1b[36m"}
_RESET = "\x1b[0m"


@lru_cache(maxsize=64)  # diagnostics come sorted by file: a small cache, not every file of a big check
def _lines(path: str) -> tuple[str, ...]:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return tuple(handle.read(2_000_000).splitlines())
    except OSError:
        return ()


def _excerpt(diagnostic: Diagnostic) -> list[str]:
    lines = _lines(diagnostic.path)
    if not 1 <= diagnostic.line <= len(lines):
        return []
    source = lines[diagnostic.line - 1]
    if len(source) > 160:
        return []
    gutter = f"{diagnostic.line:>4} | "
    caret = " " * (len(gutter) - 2) + "| " + " " * max(diagnostic.column - 1, 0) + "^"
    return [gutter + source, caret]


def format_line(diagnostic: Diagnostic, color: bool = False) -> str:
    severity = diagnostic.severity.value
    if color:
        severity = f"{_COLORS[diagnostic.severity]}{severity}{_RESET}"
    return (
        f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: "
        f"{diagnostic.code} {severity}: {diagnostic.message}"
    )


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in diagnostics)
    infos = len(diagnostics) - errors - warnings
    if not diagnostics:
        return "No problems found."
    parts = [f"{errors} error{'s' * (errors != 1)}", f"{warnings} warning{'s' * (warnings != 1)}"]
    if infos:
        parts.append(f"{infos} info")
    return "Found " + ", ".join(parts) + "."


def render_text(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    out: list[str] = []
    for diagnostic in diagnostics:
        out.append(format_line(diagnostic, context.color))
        if context.excerpts:
            out.extend(_excerpt(diagnostic))
        if diagnostic.hint:
            out.append(f"  = hint: {diagnostic.hint}")
    out.append(summary(diagnostics))
    return "\n".join(out) + "\n"
