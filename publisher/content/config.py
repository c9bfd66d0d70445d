"""``publisher.toml``: the site's settings, read with positions for diagnostics."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.codes import make
from publisher.content.limits import Limits
from publisher.content.yamlscalar import CONTROL
from publisher.diagnostics import Diagnostic
from publisher.model.values import REFERENCE_RE

CONFIG_NAME = "publisher.toml"
_BCP47 = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_KNOWN = {
    "site": {"title", "base_url", "language", "description", "publisher", "logo"},
    "validate": {"profiles", "severity", "rules"},
    "limits": set(Limits.names()),
    "build": {"output", "jobs"},
}


@dataclass(frozen=True, slots=True)
class SiteConfig:
    root: Path
    title: str
    base_url: str
    language: str = "en"
    description: str = ""
    publisher: str | None = None
    logo: str | None = None
    profiles: tuple[str, ...] = ("publisher",)
    severity: dict[str, str] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)
    output: str = "_site"
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.root / CONFIG_NAME


class ConfigError(Exception):
    """publisher.toml could not be used; the command cannot run (exit status 2)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


def _key_line(text: str, section: str, key: str | None) -> int:
    """Best-effort line of ``[section]`` / ``key =`` (tomllib keeps no positions)."""
    lines = text.splitlines()
    in_section = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_section = stripped.strip("[] ").split(".")[0] == section
            if in_section and key is None:
                return number
            continue
        if in_section and key and re.match(rf"^{re.escape(key)}\s*=", stripped):
            return number
    return 1


def load_config(
    root: Path, display: str, base_url_override: str | None = None
) -> tuple[SiteConfig, list[Diagnostic]]:
    """Read ``root/publisher.toml``: the settings and any warnings; raise :class:`ConfigError`."""
    path = root / CONFIG_NAME
    if not root.is_dir():
        raise ConfigError([make("CFG003", f"site folder {display!r} does not exist", display)])
    if not path.is_file():
        raise ConfigError(
            [
                make(
                    "CFG003",
                    f"no {CONFIG_NAME} in {display!r}",
                    display,
                    hint="run `publisher init` to create a site, or pass the site folder",
                )
            ]
        )
    shown = str(Path(display) / CONFIG_NAME)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([make("CFG001", f"cannot read {CONFIG_NAME}: {exc}", shown)]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError([make("CFG001", f"invalid TOML: {message}", shown, line, col)]) from None

    problems: list[Diagnostic] = []
    warnings: list[Diagnostic] = []

    def bad(section: str, key: str | None, message: str, hint: str | None = None) -> None:
        problems.append(make("CFG002", message, shown, _key_line(text, section, key), 1, hint=hint))

    for section, value in data.items():
        if section not in _KNOWN:
            warnings.append(
                make("CFG004", f"unknown section [{section}]", shown, _key_line(text, section, None))
            )
            continue
        if not isinstance(value, dict):
            bad(section, None, f"[{section}] must be a table")
            continue
        for key in value:
            if key not in _KNOWN[section]:
                warnings.append(
                    make("CFG004", f"unknown setting {section}.{key}", shown,
                         _key_line(text, section, key))
                )

    site = data.get("site") if isinstance(data.get("site"), dict) else {}
    validate = data.get("validate") if isinstance(data.get("validate"), dict) else {}
    limits_in = data.get("limits") if isinstance(data.get("limits"), dict) else {}
    build = data.get("build") if isinstance(data.get("build"), dict) else {}

    def text_setting(section: dict[str, Any], name: str, key: str, default: str | None) -> Any:
        value = section.get(key, default)
        if value is not None and not isinstance(value, str):
            bad(name, key, f"{name}.{key} must be a string")
            return default
        if value is not None and CONTROL.search(value):
            bad(name, key, f"{name}.{key} has a control character: pages and feeds cannot carry it")
            return default
        return value

    title = text_setting(site, "site", "title", None)
    if not title:
        bad("site", None, "site.title is required")
    base_url = base_url_override or text_setting(site, "site", "base_url", None)
    if not base_url:
        bad("site", None, "site.base_url is required", hint='e.g. base_url = "https://example.org/"')
    elif not re.match(r"^https?://[^/\s]+(/[^\s]*)?$", base_url):
        bad("site", "base_url", f"site.base_url {base_url!r} must be an absolute http(s) URL")
    elif not base_url.endswith("/"):
        base_url = base_url + "/"
    language = text_setting(site, "site", "language", "en") or "en"
    if not _BCP47.match(language):
        bad("site", "language", f"site.language {language!r} is not a BCP 47 language tag")
    publisher = text_setting(site, "site", "publisher", None)
    if publisher is not None and not REFERENCE_RE.match(publisher):
        bad("site", "publisher", f"site.publisher {publisher!r} must be a reference such as "
            "organizations/my-newsroom")

    profiles = validate.get("profiles", ["publisher"])
    if isinstance(profiles, str):
        profiles = [profiles]
    if not isinstance(profiles, list) or not all(isinstance(p, str) for p in profiles):
        bad("validate", "profiles", "validate.profiles must be a list of profile names or files")
        profiles = ["publisher"]
    severity = validate.get("severity", {})
    if not isinstance(severity, dict) or not all(
        isinstance(v, str) and v in ("error", "warning", "info", "off") for v in severity.values()
    ):
        bad("validate", "severity", 'validate.severity maps codes to "error", "warning", "info" '
            'or "off"')
        severity = {}

    limit_values: dict[str, int] = {}
    for key, value in limits_in.items():
        if key in Limits.names():
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                bad("limits", key, f"limits.{key} must be a positive integer")
            else:
                limit_values[key] = value
    output = text_setting(build, "build", "output", "_site") or "_site"

    if problems:
        raise ConfigError(problems + warnings)
    return SiteConfig(
        root=root,
        title=title,
        base_url=base_url,
        language=language,
        description=text_setting(site, "site", "description", "") or "",
        publisher=publisher,
        logo=text_setting(site, "site", "logo", None),
        profiles=tuple(profiles),
        severity=dict(severity),
        limits=Limits(**limit_values),
        output=output,
        raw=data,
    ), warnings
