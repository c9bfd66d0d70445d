"""Scaffolding: a new site (``publisher init``) and new records (``publisher new``).

The files come from ``templates/scaffold/`` (shipped in the wheel): ``site/`` is the tree that
``init`` writes (``*.j2`` files are Jinja templates, the rest is copied as is; ``gitignore.j2``
becomes ``.gitignore``), and ``new/<kind>.<ext>.j2`` is the commented record that ``new`` writes.
Nothing is fetched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from publisher.content.config import CONFIG_NAME, SiteConfig
from publisher.content.reader import CONTENT, check_slug
from publisher.model.registry import FOLDER_KINDS, KIND_TYPES
from publisher.resources import templates_dir

# the word a user types -> the content folder
KINDS: dict[str, str] = {
    "article": "articles",
    "person": "people",
    "organization": "organizations",
    "study": "studies",
    "condition": "conditions",
}

DEFAULT_TYPES: dict[str, str] = {
    "articles": "NewsArticle",
    "people": "Person",
    "organizations": "Organization",
    "studies": "MedicalStudy",
    "conditions": "MedicalCondition",
}

# Folders that do not make a folder "not empty" for ``init``.
_IGNORED_IN_EMPTY = {".git"}


class ScaffoldError(Exception):
    """The scaffold cannot be written (the command exits with status 2)."""


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2}))?$")


def yaml_scalar(value: Any) -> str:
    """``value`` as a YAML scalar that reads back as the same string (quoted only when needed).

    ISO 8601 dates are written plain, as people write them: publisher's reader keeps YAML
    timestamps as the strings they are.
    """
    if isinstance(value, str) and _ISO_DATE.match(value):
        return value
    for unicode in (True, False):  # NEL ("\x85") does not survive allow_unicode: see importer
        text = yaml.safe_dump(value, allow_unicode=unicode, width=1_000_000, default_flow_style=True)
        if yaml.safe_load(text) == value:
            break
    text = text.removesuffix("\n").removesuffix("\n...")
    return text


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir() / "scaffold")),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["yaml"] = yaml_scalar
    env.filters["toml"] = toml_string
    return env


def now_text() -> str:
    """The current local time as an ISO 8601 date-time with its timezone, to the second."""
    return datetime.now().astimezone().replace(microsecond=0).isoformat()


def title_from_slug(slug: str, *, every_word: bool = False) -> str:
    """A readable placeholder from a slug: ``jane-doe`` -> ``Jane Doe`` (names) or ``Jane doe``."""
    words = slug.split("-")
    if every_word:
        return " ".join(word.capitalize() for word in words)
    return " ".join(words).capitalize()


# --- init -----------------------------------------------------------------------------------------


def _site_files() -> Iterator[tuple[str, Path]]:
    base = templates_dir() / "scaffold" / "site"
    for path in sorted(base.rglob("*")):
        if path.is_file():
            yield path.relative_to(base).as_posix(), path


def _target_name(relative: str) -> str:
    name = relative.removesuffix(".j2")
    return ".gitignore" if name == "gitignore" else name


def is_empty_folder(folder: Path) -> bool:
    return not any(entry.name not in _IGNORED_IN_EMPTY for entry in folder.iterdir())


def theme_files() -> list[str]:
    """The default theme's template names (what a site's templates/ can override)."""
    root = templates_dir()
    return sorted(
        p.relative_to(root).as_posix() for p in root.rglob("*.html")
        if not p.relative_to(root).as_posix().startswith("scaffold/")
    )


def render_site(title: str, base_url: str, language: str, now: str | None = None) -> dict[str, bytes]:
    """The files of a new site: relative path -> content."""
    env = _environment()
    context = {
        "title": title,
        "base_url": base_url,
        "language": language,
        "now": now or now_text(),
        "theme_files": theme_files(),
    }
    files: dict[str, bytes] = {}
    for relative, path in _site_files():
        if relative.endswith(".j2"):
            text = env.get_template(f"site/{relative}").render(context)
            files[_target_name(relative)] = text.encode("utf-8")
        else:
            files[relative] = path.read_bytes()
    return files


def init_site(
    folder: Path, *, title: str, base_url: str, language: str, force: bool = False
) -> list[str]:
    """Write a new site into ``folder``; return the files written (relative paths)."""
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder} exists and is not a folder")
    if folder.is_dir() and not is_empty_folder(folder) and not force:
        raise ScaffoldError(
            f"{folder} is not empty; refusing to write a site into it (use --force to write "
            "the site's files anyway, replacing files of the same names)"
        )
    files = render_site(title, base_url, language)
    try:
        for relative, content in files.items():
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    except OSError as exc:
        raise ScaffoldError(f"cannot write into {folder}: {exc.strerror or exc}") from None
    return list(files)


# --- new ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewRecord:
    kind: str
    slug: str
    type: str
    path: Path


def _refs(root: Path, kind: str) -> list[str]:
    folder = root / CONTENT / kind
    if not folder.is_dir():
        return []
    suffixes = (".md",) if kind == "articles" else (".yaml", ".yml")
    return sorted(
        f"{kind}/{p.stem}" for p in folder.iterdir()
        if p.suffix in suffixes and not p.name.startswith(".") and check_slug(p.stem) is None
    )


def render_record(
    kind: str, slug: str, type_name: str, config: SiteConfig, now: str | None = None
) -> str:
    """The commented skeleton of a new record of ``kind`` (a content folder name)."""
    root = config.root
    context = {
        "slug": slug,
        "type": type_name,
        "name": title_from_slug(slug, every_word=kind in ("people", "organizations")),
        "now": now or now_text(),
        "language": config.language,
        "base_url": config.base_url,
        "publisher": config.publisher,
        **{name: _refs(root, name) for name in FOLDER_KINDS},
    }
    singular = next(word for word, folder in KINDS.items() if folder == kind)
    ext = FOLDER_KINDS[kind]
    return _environment().get_template(f"new/{singular}{ext}.j2").render(context)


def new_record(config: SiteConfig, word: str, slug: str, type_name: str | None = None) -> NewRecord:
    """Write ``content/<kind>/<slug>.<ext>`` in the site of ``config``; raise ScaffoldError."""
    kind = KINDS[word]
    problem = check_slug(slug)
    if problem:
        raise ScaffoldError(problem)
    allowed = KIND_TYPES[kind]
    chosen = type_name or DEFAULT_TYPES[kind]
    if chosen not in allowed:
        raise ScaffoldError(
            f"type {chosen!r} is not allowed for a {word}: use one of {', '.join(allowed)}"
        )
    folder = config.root / CONTENT / kind
    ext = FOLDER_KINDS[kind]
    candidates = [folder / f"{slug}{ext}"] + ([folder / f"{slug}.yml"] if ext == ".yaml" else [])
    for existing in candidates:
        if existing.exists():
            raise ScaffoldError(f"{existing} already exists; refusing to overwrite it")
    text = render_record(kind, slug, chosen, config)
    path = candidates[0]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; refusing to overwrite it") from None
    except OSError as exc:
        raise ScaffoldError(f"cannot write {path}: {exc.strerror or exc}") from None
    return NewRecord(kind, slug, chosen, path)


__all__ = [
    "CONFIG_NAME",
    "KINDS",
    "NewRecord",
    "ScaffoldError",
    "init_site",
    "new_record",
    "render_record",
    "render_site",
    "yaml_scalar",
]
