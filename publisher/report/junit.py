"""``--format junit``: JUnit XML, as GitLab, Jenkins and other CI dashboards read it.

One test suite per command, one test case per file checked (files with no problem pass). A case
fails when its file has errors (or warnings, with ``--strict``); its ``<failure>`` lists every
diagnostic of the file, one compiler-style line each. Other diagnostics go to ``<system-out>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from publisher.diagnostics import Diagnostic, Severity
from publisher.report.text import format_line

if TYPE_CHECKING:
    from publisher.report import ReportContext

_INVALID_XML = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)], "\ufffd")


def _clean(text: str) -> str:
    return text.translate(_INVALID_XML)


def _line(d: Diagnostic) -> str:
    return format_line(d) + (f"\n  = hint: {d.hint}" if d.hint else "")


def render_junit(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    # here, not at the top: xml.sax.saxutils imports urllib.request (http, email, ssl), which
    # every command would load for nothing
    from xml.sax.saxutils import escape, quoteattr

    by_file: dict[str, list[Diagnostic]] = {path: [] for path in context.checked}
    for d in diagnostics:
        by_file.setdefault(d.path, []).append(d)
    suite = f"publisher {context.command}"
    cases: list[str] = []
    failures = 0
    for path in sorted(by_file):
        found = by_file[path]
        failing = [d for d in found if d.severity is Severity.ERROR or (
            context.strict and d.severity is Severity.WARNING)]
        attributes = (f"classname={quoteattr('publisher.' + context.command)} "
                      f"name={quoteattr(_clean(path))} file={quoteattr(_clean(path))}")
        if not found:
            cases.append(f"    <testcase {attributes}/>")
            continue
        body: list[str] = []
        if failing:
            failures += 1
            codes = ", ".join(sorted({d.code for d in failing}))
            message = f"{len(failing)} problem(s): {codes}"
            text = "\n".join(_line(d) for d in found)
            body.append(f"      <failure type={quoteattr(codes)} message={quoteattr(_clean(message))}>"
                        f"{escape(_clean(text))}</failure>")
        else:
            body.append(f"      <system-out>{escape(_clean(chr(10).join(_line(d) for d in found)))}"
                        "</system-out>")
        cases.append(f"    <testcase {attributes}>\n" + "\n".join(body) + "\n    </testcase>")
    tests = len(by_file)
    header = f'tests="{tests}" failures="{failures}" errors="0" skipped="0" time="0"'
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<testsuites name={quoteattr(suite)} {header}>",
        f"  <testsuite name={quoteattr(suite)} {header}>",
        *cases,
        "  </testsuite>",
        "</testsuites>",
    ]) + "\n"
