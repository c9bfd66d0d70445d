"""The stable diagnostic codes of the read, model and link stages.

Each code has a page in ``docs/rules/<CODE>.md``. Profile rules (``SDO``, ``GGL``, ``PUB``) are
declared by the profiles in ``schemas/profiles/``; the codes here are the ones that come before
validation: a file that cannot be read, a record that does not fit its model, a reference that
does not resolve.
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.diagnostics import Diagnostic, Severity


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    severity: Severity
    title: str


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

CODES: dict[str, Code] = {
    c.code: c
    for c in (
        # configuration
        Code("CFG001", _E, "publisher.toml is not valid TOML"),
        Code("CFG002", _E, "invalid setting in publisher.toml"),
        Code("CFG003", _E, "site folder or publisher.toml missing"),
        Code("CFG004", _W, "unknown setting in publisher.toml"),
        # source files
        Code("SRC001", _E, "YAML syntax error"),
        Code("SRC002", _E, "article front matter missing or not closed"),
        Code("SRC003", _E, "record is not a YAML mapping"),
        Code("SRC004", _E, "duplicate key in a mapping"),
        Code("SRC005", _E, "YAML tag not allowed"),
        Code("SRC006", _E, "file is not UTF-8 text"),
        Code("SRC007", _E, "file larger than the size limit"),
        Code("SRC008", _E, "nesting depth or alias expansion over the limit"),
        Code("SRC009", _E, "empty record file"),
        Code("SRC010", _E, "file name or slug not allowed"),
        Code("SRC011", _W, "file ignored: not a record of a known kind"),
        Code("SRC012", _E, "too many records"),
        Code("SRC013", _E, "path leaves the site folder"),
        # records and their model
        Code("MOD001", _E, "record has no type"),
        Code("MOD002", _E, "type not allowed for this kind of record"),
        Code("MOD003", _E, "value of the wrong type"),
        Code("MOD004", _E, "inline object has no type"),
        Code("MOD005", _E, "key not allowed: a JSON-LD keyword"),
        # links between records
        Code("REF001", _E, "reference to a record that does not exist"),
        Code("REF002", _E, "two records with the same identifier"),
        Code("REF003", _E, "reference to a record of the wrong kind"),
        Code("REF004", _E, "reference cycle"),
        # publisher import
        Code("IMP001", _E, "input cannot be read"),
        Code("IMP002", _E, "input is not text (binary, or in no known encoding)"),
        Code("IMP003", _E, "no article found in the input"),
        Code("IMP004", _E, "input larger than the import limit"),
        Code("IMP005", _W, "input holds more articles than were written"),
        Code("IMP006", _E, "the imported draft would not load"),
        # building the site
        Code("TPL001", _E, "template cannot be loaded or rendered"),
    )
}


def make(
    code: str,
    message: str,
    path: str,
    line: int = 1,
    column: int = 1,
    pointer: str = "",
    hint: str | None = None,
    severity: Severity | None = None,
) -> Diagnostic:
    """Build a diagnostic for a known code with its default severity."""
    return Diagnostic(
        code=code,
        severity=severity or CODES[code].severity,
        message=message,
        path=path,
        line=line,
        column=column,
        pointer=pointer,
        hint=hint,
    )
