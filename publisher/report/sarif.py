"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning reads it.

One run; the driver lists the rules the report uses (or every rule of the profiles in force), each
with its title, its documentation as help text, and ``helpUri`` pointing at ``docs/rules/<CODE>.md``
in publisher's repository. Locations are relative to the working folder (``%SRCROOT%``) when the
file is below it, so code scanning places them in the repository it checked out.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import orjson

from publisher.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from publisher.report import ReportContext

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/publisher-dev/publisher"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_location(path: str) -> dict[str, str]:
    """A relative URI under %SRCROOT% when the path is below the working folder, else file://."""
    if path.startswith("<") or not path:
        return {"uri": quote(path.strip("<>") or "stdin")}
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            relative = os.path.relpath(candidate)
        except ValueError:  # pragma: no cover - another drive on Windows
            relative = ""
        if not relative or relative.startswith(".."):
            return {"uri": candidate.as_uri()}
        path = relative
    posix = Path(path).as_posix()
    while posix.startswith("./"):
        posix = posix[2:]
    return {"uri": quote(posix), "uriBaseId": "%SRCROOT%"}


def _rule(code: str, context: ReportContext) -> dict[str, Any]:
    from publisher.validate.profiles import catalogue

    info = context.codes.get(code) if context.codes else None
    if info is None:
        info = catalogue().get(code)
    if info is None:
        return {"id": code, "shortDescription": {"text": code},
                "defaultConfiguration": {"level": "error"}}
    text = info.summary or info.title
    markdown = [f"**{code}: {info.title}**", ""]
    for label, value in (("What", info.summary), ("Why", info.why), ("How to fix", info.fix)):
        if value:
            markdown += [f"*{label}.* {value}", ""]
    markdown.append(f"[Documentation]({info.help_uri})")
    rule: dict[str, Any] = {
        "id": code,
        "name": "".join(w.capitalize() for w in re.findall(r"[A-Za-z0-9]+", info.title)) or code,
        "shortDescription": {"text": info.title},
        "fullDescription": {"text": text},
        "helpUri": info.help_uri,
        "help": {"text": f"{text} {info.fix}".strip(), "markdown": "\n".join(markdown)},
        "defaultConfiguration": {"level": LEVELS[info.severity]},
        "properties": {"tags": ["structured-data", info.group or "publisher"]},
    }
    return rule


def render_sarif(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    from publisher import __version__

    codes = sorted({d.code for d in diagnostics} | set(context.rules))
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for d in diagnostics:
        region: dict[str, int] = {"startLine": max(d.line, 1), "startColumn": max(d.column, 1)}
        result: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": LEVELS[d.severity],
            "message": {"text": d.message + (f" (hint: {d.hint})" if d.hint else "")},
            "locations": [{"physicalLocation": {
                "artifactLocation": artifact_location(d.path),
                "region": region,
            }}],
        }
        if d.pointer:
            result["properties"] = {"pointer": d.pointer}
        results.append(result)
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "publisher",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [_rule(code, context) for code in codes],
        }},
        "automationDetails": {"id": f"publisher/{context.command}/"},
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
        "invocations": [{"executionSuccessful": True}],
        "results": results,
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"
