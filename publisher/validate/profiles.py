"""Profiles: rule sets as data, their codes, and the severities a site chooses.

A profile is a TOML (or YAML) file::

    name = "google"
    title = "Google Search structured data guidance"
    include = ["schemaorg"]             # other profiles, by name or path (relative to this file)

    [severity]                          # change the default severity of any code; "off" disables it
    GGL130 = "info"

    [codes.ACME101]                     # codes a site's own profile defines (built-in codes are
    severity = "warning"                #   documented in schemas/codes.toml)
    title = "Article without a section"

    [[rules]]                           # see publisher.validate.rules for every kind
    code = "GGL101"
    kind = "present"
    types = ["Article"]
    properties = ["author", "datePublished", "dateModified", "headline", "image"]
    message = "{item} has no {property}, which Google recommends for articles"

The built-in profiles live in ``schemas/profiles/``: ``schemaorg``, ``google`` and ``publisher``
(which includes both). Severity is decided per code, in this order: the code's default, each
profile's ``[severity]`` table (in include order), then the site's ``[validate] severity``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from publisher.codes import CODES
from publisher.diagnostics import Severity
from publisher.resources import schemas_dir
from publisher.validate.rules import KINDS, ProfileError, Rule, build_rule
from publisher.validate.vocabcheck import VocabularyCheck, VocabularyCodes
from publisher.vocab import Vocabulary, load_vocabulary

BUILTIN_PROFILES = ("schemaorg", "google", "publisher")
DEFAULT_CHECK_PROFILES = ("schemaorg", "google")
CODE_RE = re.compile(r"^[A-Z]{2,6}\d{3}$")
SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO, "off": None}
_DOC_FIELDS = ("title", "severity", "group", "summary", "why", "example", "fix", "source", "example_format")
VOCABULARY_KEYS = {
    "unknown-type": "unknown_type",
    "unknown-property": "unknown_property",
    "unexpected-property": "unexpected_property",
    "range": "range",
    "format": "format",
    "member": "member",
    "superseded": "superseded",
    "enum-text": "enum_text",
}


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """A diagnostic code and its documentation (``docs/rules/<CODE>.md`` is made from it)."""

    code: str
    severity: Severity
    title: str
    group: str  # a profile name, "check", or a pipeline stage ("config", "source", ...)
    summary: str = ""
    why: str = ""
    example: str = ""
    example_format: str = ""
    fix: str = ""
    source: str = ""

    @property
    def help_uri(self) -> str:
        return f"{DOCS_BASE}{self.code}.md"


DOCS_BASE = "https://github.com/publisher-dev/publisher/blob/main/docs/rules/"


def _code_info(code: str, data: dict[str, Any], where: str) -> CodeInfo:
    if not CODE_RE.match(code):
        raise ProfileError(f"{where}: {code!r} is not a code (two to six capital letters and three digits)")
    unknown = set(data) - set(_DOC_FIELDS)
    if unknown:
        raise ProfileError(f"{where}: unknown field(s) {', '.join(sorted(unknown))} in code {code}")
    severity = SEVERITIES.get(str(data.get("severity", "error")))
    if severity is None:
        raise ProfileError(f"{where}: code {code} needs severity error, warning or info")
    return CodeInfo(
        code=code,
        severity=severity,
        title=str(data.get("title", code)),
        group=str(data.get("group", "")),
        summary=str(data.get("summary", "")).strip(),
        why=str(data.get("why", "")).strip(),
        example=str(data.get("example", "")).strip("\n"),
        example_format=str(data.get("example_format", "")),
        fix=str(data.get("fix", "")).strip(),
        source=str(data.get("source", "")),
    )


@cache
def catalogue() -> dict[str, CodeInfo]:
    """Every built-in code: the read/model/link stages' (``publisher.codes``), ``CHK``, ``SDO``,
    ``GGL`` and ``PUB``, with their documentation from ``schemas/codes.toml``."""
    path = schemas_dir() / "codes.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out: dict[str, CodeInfo] = {}
    for code, fields in data.items():
        info = _code_info(code, fields, str(path))
        stage = CODES.get(code)
        if stage is not None:  # the title and severity are the stage's own
            info = CodeInfo(**{**_as_dict(info), "title": stage.title, "severity": stage.severity})
        out[code] = info
    for code, stage in CODES.items():
        out.setdefault(code, CodeInfo(code, stage.severity, stage.title, "stage"))
    return dict(sorted(out.items()))


def _as_dict(info: CodeInfo) -> dict[str, Any]:
    return {name: getattr(info, name) for name in CodeInfo.__slots__}


# --- profile files ---------------------------------------------------------------------------------


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"cannot read profile {path}: {exc}", str(path)) from None
    if path.suffix in (".yaml", ".yml"):
        from publisher.content.yamlpos import YamlError, load_yaml

        try:
            data, _ = load_yaml(text, str(path))
        except YamlError as exc:
            raise ProfileError(f"{path}:{exc.line}: {exc.message}", str(path), exc.line) from None
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ProfileError(f"{path}: invalid TOML: {exc}", str(path)) from None
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: a profile is a table of settings", str(path))
    return data


def find_profile(spec: str, base: Path | None) -> Path:
    """A built-in profile's file, or the path of a profile file (relative to ``base``)."""
    if spec in BUILTIN_PROFILES:
        return schemas_dir() / "profiles" / f"{spec}.toml"
    path = Path(spec)
    if not path.is_absolute() and base is not None:
        path = base / path
    if not path.is_file():
        raise ProfileError(
            f"profile {spec!r} not found: use {', '.join(BUILTIN_PROFILES)} or the path of a "
            ".toml/.yaml profile file", spec)
    return path


@dataclass
class _Profile:
    name: str
    path: Path
    data: dict[str, Any]


def _collect(
    spec: str, base: Path | None, out: list[_Profile], seen: set[Path], stack: tuple[Path, ...]
) -> None:
    path = find_profile(spec, base).resolve()
    if path in stack:
        raise ProfileError(f"profile {spec!r} includes itself", str(path))
    if path in seen:
        return
    data = _read(path)
    known = {"name", "title", "description", "include", "severity", "codes", "rules"}
    unknown = set(data) - known
    if unknown:
        raise ProfileError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}", str(path))
    includes = data.get("include", [])
    if isinstance(includes, str):
        includes = [includes]
    if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
        raise ProfileError(f"{path}: include must be a list of profile names or files", str(path))
    for include in includes:
        _collect(include, path.parent, out, seen, (*stack, path))
    seen.add(path)
    out.append(_Profile(str(data.get("name", path.stem)), path, data))


class RuleSet:
    """Profiles compiled once: the rules per type, the vocabulary checks, every code's severity."""

    def __init__(
        self,
        profiles: list[str],
        rules: list[Rule],
        vocabulary: VocabularyCheck | None,
        severities: dict[str, Severity | None],
        codes: dict[str, CodeInfo],
        vocab: Vocabulary,
    ) -> None:
        self.profiles = profiles
        self.rules = rules
        self.vocabulary = vocabulary
        self.severities = severities
        self.codes = codes
        self.vocab = vocab
        self._table: dict[tuple[tuple[str, ...], bool, bool], list[Rule]] = {}

    def severity(self, code: str) -> Severity | None:
        if code in self.severities:
            return self.severities[code]
        info = self.codes.get(code)
        return info.severity if info is not None else Severity.ERROR

    def rules_for(self, types: tuple[str, ...], top: bool, main: bool) -> list[Rule]:
        key = (types, top, main)
        found = self._table.get(key)
        if found is None:
            vocab = self.vocab
            found = [
                rule for rule in self.rules
                if (rule.scope == "all" or (rule.scope == "top" and top) or (rule.scope == "main" and main))
                and (rule.types is None or any(vocab.is_subtype(t, r) for t in types for r in rule.types))
                and not any(vocab.is_subtype(t, r) for t in types for r in rule.not_types)
            ]
            self._table[key] = found
        return found


def load_ruleset(
    specs: tuple[str, ...] | list[str] = ("publisher",),
    base: Path | None = None,
    severity: dict[str, str] | None = None,
    vocab: Vocabulary | None = None,
) -> RuleSet:
    """Compile the profiles named (or given as files, relative to ``base``) into a :class:`RuleSet`.

    Raises :class:`ProfileError` when a profile cannot be used.
    """
    key_severity = tuple(sorted((severity or {}).items()))
    if vocab is None and all(spec in BUILTIN_PROFILES for spec in specs):
        return _builtin_ruleset(tuple(specs), key_severity)
    return _compile(tuple(specs), base, dict(key_severity), vocab or load_vocabulary())


@cache
def _builtin_ruleset(specs: tuple[str, ...], severity: tuple[tuple[str, str], ...]) -> RuleSet:
    return _compile(specs, None, dict(severity), load_vocabulary())


def _compile(
    specs: tuple[str, ...], base: Path | None, severity: dict[str, str], vocab: Vocabulary
) -> RuleSet:
    profiles: list[_Profile] = []  # no profile at all: only the read/model/link (or extraction) checks
    seen: set[Path] = set()
    for spec in specs:
        _collect(spec, base, profiles, seen, ())
    codes = dict(catalogue())
    severities: dict[str, Severity | None] = {}
    rules: list[Rule] = []
    vocabulary_codes: dict[str, str] | None = None
    for profile in profiles:
        where = str(profile.path)
        own_codes = profile.data.get("codes", {})
        if not isinstance(own_codes, dict):
            raise ProfileError(f"{where}: [codes] must be a table of codes")
        for code, fields in own_codes.items():
            if not isinstance(fields, dict):
                raise ProfileError(f"{where}: [codes.{code}] must be a table")
            if code in catalogue():
                raise ProfileError(f"{where}: {code} is a built-in code; define codes of your own")
            codes[code] = _code_info(code, {"group": profile.name, **fields}, where)
        table = profile.data.get("severity", {})
        if not isinstance(table, dict):
            raise ProfileError(f"{where}: [severity] must map codes to error, warning, info or off")
        for code, level in table.items():
            if level not in SEVERITIES:
                raise ProfileError(f"{where}: severity of {code} must be error, warning, info or off")
            severities[code] = SEVERITIES[level]
        entries = profile.data.get("rules", [])
        if not isinstance(entries, list):
            raise ProfileError(f"{where}: rules must be an array of tables ([[rules]])")
        for index, spec in enumerate(entries, start=1):
            at = f"{where}: rule {index}"
            if not isinstance(spec, dict):
                raise ProfileError(f"{at}: must be a table")
            if spec.get("kind") == "vocabulary":
                vocabulary_codes = _vocabulary_codes(spec, at, codes)
                continue
            rule = build_rule(spec, vocab, at)
            for code in rule.codes():
                if code not in codes:
                    raise ProfileError(f"{at}: code {code} is not defined (add a [codes.{code}] table)")
            rules.append(rule)
    for code, level in severity.items():
        if level not in SEVERITIES:
            raise ProfileError(f"validate.severity: {code} must be error, warning, info or off")
        severities[code] = SEVERITIES[level]
    rules = [r for r in rules if any(_on(c, severities) for c in r.codes())]
    vocabulary = None
    if vocabulary_codes is not None:
        chosen = {
            VOCABULARY_KEYS[k]: (c if _on(c, severities) else None) for k, c in vocabulary_codes.items()
        }
        vocabulary = VocabularyCheck(vocab, VocabularyCodes(**chosen))
    return RuleSet([p.name for p in profiles], rules, vocabulary, severities, codes, vocab)


def _on(code: str, severities: dict[str, Severity | None]) -> bool:
    return code not in severities or severities[code] is not None


def _vocabulary_codes(spec: dict[str, Any], where: str, codes: dict[str, CodeInfo]) -> dict[str, str]:
    table = spec.get("codes")
    if not isinstance(table, dict) or set(table) - set(VOCABULARY_KEYS):
        raise ProfileError(f"{where}: a vocabulary rule maps {', '.join(VOCABULARY_KEYS)} to codes")
    for code in table.values():
        if code not in codes:
            raise ProfileError(f"{where}: code {code} is not defined")
    chosen = dict.fromkeys(VOCABULARY_KEYS, "")
    chosen.update(table)
    return {k: v for k, v in chosen.items() if v}


def used_codes(ruleset: RuleSet) -> list[str]:
    """Codes the rule set can report (for SARIF's rule list)."""
    out: set[str] = set()
    for rule in ruleset.rules:
        out.update(rule.codes())
    if ruleset.vocabulary is not None:
        chosen = ruleset.vocabulary.codes
        out.update(c for c in (getattr(chosen, f) for f in VOCABULARY_KEYS.values()) if c)
    return sorted(out)


__all__ = [
    "BUILTIN_PROFILES",
    "DEFAULT_CHECK_PROFILES",
    "KINDS",
    "CodeInfo",
    "ProfileError",
    "RuleSet",
    "catalogue",
    "find_profile",
    "load_ruleset",
]


def validate_settings(path: Path) -> tuple[tuple[str, ...], dict[str, str]]:
    """``[validate] profiles`` and ``severity`` of a ``publisher.toml`` (for ``check --config``).

    Only the ``[validate]`` table is read, so the file need not describe a site.
    """
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise ProfileError(f"cannot read {path}: {exc.strerror or exc}", str(path)) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"{path}: invalid TOML: {exc}", str(path)) from None
    section = data.get("validate", {})
    if not isinstance(section, dict):
        raise ProfileError(f"{path}: [validate] must be a table", str(path))
    profiles = section.get("profiles", ["publisher"])
    if isinstance(profiles, str):
        profiles = [profiles]
    if not isinstance(profiles, list) or not all(isinstance(p, str) for p in profiles):
        raise ProfileError(f"{path}: validate.profiles must be a list of profile names or files", str(path))
    severity = section.get("severity", {})
    if not isinstance(severity, dict) or not all(v in SEVERITIES for v in severity.values()):
        raise ProfileError(f'{path}: validate.severity maps codes to "error", "warning", "info" or "off"',
                           str(path))
    return tuple(profiles), {str(k): str(v) for k, v in severity.items()}


def page_limit(path: Path) -> int | None:
    """``[limits] max_page_bytes`` of a ``publisher.toml`` (for ``check --config``), if set."""
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None  # validate_settings reported it
    limits = data.get("limits")
    value = limits.get("max_page_bytes") if isinstance(limits, dict) else None
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ProfileError(f"{path}: limits.max_page_bytes must be a positive integer", str(path))
    return value
