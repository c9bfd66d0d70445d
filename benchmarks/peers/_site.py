"""Read a generated corpus (publisher's content format) into plain dicts for the peer converters.

Only what the peers need: site settings, articles (front matter + Markdown body) and the shared
records by kind and slug. Timestamps stay the strings the files hold.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from benchmarks.corpus import split_front_matter

KINDS: tuple[str, ...] = ("people", "organizations", "studies", "conditions")

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that keeps timestamps as the strings written in the file."""


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(node),
)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass


@dataclass
class Article:
    slug: str
    front: dict[str, Any]
    body: str


@dataclass
class Site:
    title: str
    base_url: str
    language: str
    articles: list[Article] = field(default_factory=list)
    records: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def record(self, reference: str) -> dict[str, Any]:
        """The record a reference like ``people/wei-wang`` names."""
        kind, slug = reference.split("/", 1)
        return self.records[kind][slug]


def slug_of(reference: str) -> str:
    return reference.split("/", 1)[1]


def load(corpus_dir: Path) -> Site:
    corpus_dir = Path(corpus_dir)
    with (corpus_dir / "publisher.toml").open("rb") as fh:
        config = tomllib.load(fh)["site"]
    site = Site(
        title=config["title"],
        base_url=config["base_url"],
        language=config.get("language", "en"),
    )
    content = corpus_dir / "content"
    for kind in KINDS:
        site.records[kind] = {
            path.stem: load_yaml(path.read_text(encoding="utf-8"))
            for path in sorted((content / kind).glob("*.yaml"))
        }
    for path in sorted((content / "articles").glob("*.md")):
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
        site.articles.append(Article(slug=path.stem, front=load_yaml(front), body=body))
    return site


def as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def ref_slugs(value: object) -> list[str]:
    return [slug_of(ref) for ref in as_list(value)]


def projected(site: Site) -> dict[str, dict[str, dict[str, Any]]]:
    """The shared records as the peer templates read them: flat, lower-case keys, slugs for links.

    Both peers get exactly this data (Hugo as ``data/*.json``, Pelican as ``data.json``), so their
    pages carry the same facts.
    """
    people = {
        slug: {
            "name": rec["name"],
            "jobtitle": rec.get("jobTitle", ""),
            "url": rec.get("url", ""),
            "sameas": as_list(rec.get("sameAs")),
            "affiliation": slug_of(rec["affiliation"]) if rec.get("affiliation") else "",
        }
        for slug, rec in site.records["people"].items()
    }
    organizations = {
        slug: {
            "type": rec["type"],
            "name": rec["name"],
            "url": rec.get("url", ""),
            "logo": (rec.get("logo") or {}).get("url", ""),
            "locality": (rec.get("address") or {}).get("addressLocality", ""),
            "country": (rec.get("address") or {}).get("addressCountry", ""),
        }
        for slug, rec in site.records["organizations"].items()
    }
    studies = {
        slug: {
            "type": rec["type"],
            "name": rec["name"],
            "description": rec.get("description", ""),
            "status": rec.get("status", ""),
            "sponsor": slug_of(rec["sponsor"]),
            "condition": slug_of(rec["healthCondition"]),
            "location": (rec.get("studyLocation") or {}).get("name", ""),
            "phase": rec.get("phase", ""),
            "design": rec.get("trialDesign", ""),
        }
        for slug, rec in site.records["studies"].items()
    }
    conditions = {
        slug: {
            "name": rec["name"],
            "code": rec["code"]["codeValue"],
            "system": rec["code"]["codingSystem"],
        }
        for slug, rec in site.records["conditions"].items()
    }
    return {
        "people": people,
        "organizations": organizations,
        "studies": studies,
        "conditions": conditions,
    }
