"""``--format github``: GitHub Actions workflow commands, one annotation per diagnostic.

``::error file=…,line=…,col=…,title=CODE::message`` (``::warning``, ``::notice`` for info), escaped
as the runner expects; then a summary line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from publisher.diagnostics import Diagnostic, Severity
from publisher.report.text import summary

if TYPE_CHECKING:
    from publisher.report import ReportContext

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic) -> str:
    message = d.message + (f"\nhint: {d.hint}" if d.hint else "")
    properties = ",".join(
        f"{name}={_property(str(value))}"
        for name, value in (("file", d.path), ("line", d.line), ("col", d.column),
                            ("title", f"{d.code} {d.severity.value}"))
    )
    return f"::{COMMANDS[d.severity]} {properties}::{_data(message)}"


def render_github(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    lines = [annotation(d) for d in diagnostics]
    lines.append(summary(diagnostics))
    return "\n".join(lines) + "\n"
