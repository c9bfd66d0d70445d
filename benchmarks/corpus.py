"""Deterministic generator of benchmark sites in publisher's content format.

``generate(n, out_dir, seed)`` writes a complete site (``publisher.toml`` and ``content/``) with
``n`` articles of about 575 words each and the shared records a newsroom would keep beside them,
scaled with ``n``:

=============  ===========================  ==================================================
folder         how many                     what
=============  ===========================  ==================================================
articles       n                            NewsArticle (75 %), ReportageNewsArticle (15 %),
                                            AnalysisNewsArticle (10 %)
people         max(5, round(n / 20))        reporters (40 %, at least 3) and researchers
organizations  max(5, round(n / 100))       2 to 5 NewsMediaOrganization, the rest
                                            CollegeOrUniversity / ResearchOrganization
studies        max(3, round(n / 50))        MedicalTrial (65 %) and MedicalStudy
conditions     max(3, round(n / 200))       MedicalCondition with an ICD-10 MedicalCode
=============  ===========================  ==================================================

Every reference resolves; every condition, study and reporter is used at least once when there
are enough articles for that. The same ``n`` and ``seed`` give a byte-identical tree: all
randomness comes from one ``random.Random(seed)``, nothing depends on time, hash order or the
file system, and YAML is written by a small emitter here (not PyYAML's, whose output could change
between versions). Python's ``random`` is only guaranteed stable for the same Python version.

CLI: ``python -m benchmarks.corpus N OUT_DIR [--seed S] [--force]`` prints the stats as JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from benchmarks import _words as W

BASE_URL = "https://bench.example/"
SITE_TITLE = "Bench Health Desk"
LANGUAGE = "en"

# Articles are published between these instants (UTC); dateModified stays before the end.
_FIRST_PUBLISHED = datetime(2015, 1, 1, tzinfo=UTC)
_LAST_PUBLISHED = datetime(2025, 12, 20, tzinfo=UTC)
_CORPUS_END = datetime(2026, 1, 1, tzinfo=UTC)

ARTICLE_TYPES: tuple[str, ...] = ("NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle")
_ARTICLE_TYPE_WEIGHTS = (75, 15, 10)
NEWS_ORG = "NewsMediaOrganization"
ORG_TYPES: tuple[str, ...] = (NEWS_ORG, "CollegeOrUniversity", "ResearchOrganization")
STUDY_TYPES: tuple[str, ...] = ("MedicalTrial", "MedicalStudy")
REFERENCE_RE = re.compile(r"^(articles|people|organizations|studies|conditions)/([a-z0-9-]+)$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --------------------------------------------------------------------------------------------
# Public results


@dataclass(frozen=True)
class CorpusStats:
    """What ``generate`` wrote."""

    articles: int
    people: int
    organizations: int
    studies: int
    conditions: int
    words: int  # body words over all articles (Markdown syntax not counted)
    files: int
    bytes: int

    @property
    def mean_words(self) -> float:
        return self.words / self.articles if self.articles else 0.0

    def as_dict(self) -> dict[str, int | float]:
        data: dict[str, int | float] = dict(asdict(self))
        data["mean_words"] = round(self.mean_words, 1)
        return data


def expected_counts(n_articles: int) -> dict[str, int]:
    """How many records of each kind a corpus of ``n_articles`` has (the scaling rules)."""
    return {
        "articles": n_articles,
        "people": max(5, round(n_articles / 20)),
        "organizations": max(5, round(n_articles / 100)),
        "studies": max(3, round(n_articles / 50)),
        "conditions": max(3, round(n_articles / 200)),
    }


# --------------------------------------------------------------------------------------------
# A tiny YAML emitter: block mappings, block or flow lists, plain scalars when safe


class Raw(str):
    """A string written to YAML as is (used for timestamps, which must stay unquoted)."""

    __slots__ = ()


_PLAIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9 .,;'()/&+:_?=%-]*")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null", "nan", "inf"})


def _plain_ok(text: str) -> bool:
    return (
        _PLAIN_RE.fullmatch(text) is not None
        and not text.endswith((" ", ":"))
        and ": " not in text
        and text.lower() not in _YAML_WORDS
    )


def _scalar(value: object) -> str:
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value if _plain_ok(value) else json.dumps(value, ensure_ascii=False)
    raise TypeError(f"cannot write {type(value).__name__} as a YAML scalar")


def _flow_ok(items: Sequence[object]) -> bool:
    return all(
        isinstance(item, str) and (isinstance(item, Raw) or _plain_ok(item)) and "," not in item
        for item in items
    )


def _emit(mapping: Mapping[str, Any], indent: str, out: list[str]) -> None:
    for key, value in mapping.items():
        if isinstance(value, Mapping):
            out.append(f"{indent}{key}:\n")
            _emit(value, indent + "  ", out)
        elif isinstance(value, list | tuple):
            if not value:
                out.append(f"{indent}{key}: []\n")
            elif _flow_ok(value):
                out.append(f"{indent}{key}: [{', '.join(str(v) for v in value)}]\n")
            else:
                out.append(f"{indent}{key}:\n")
                for item in value:
                    if isinstance(item, Mapping):
                        lines: list[str] = []
                        _emit(item, indent + "    ", lines)
                        first = lines[0].removeprefix(indent + "    ")
                        out.append(f"{indent}  - {first}")
                        out.extend(lines[1:])
                    else:
                        out.append(f"{indent}  - {_scalar(item)}\n")
        else:
            out.append(f"{indent}{key}: {_scalar(value)}\n")


def dump_yaml(mapping: Mapping[str, Any]) -> str:
    """Write a mapping of str/int/bool/``Raw``/list/mapping values as block-style YAML."""
    out: list[str] = []
    _emit(mapping, "", out)
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Names and slugs


def slugify(text: str, max_words: int = 0) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.lower().replace("'", "")
    words = re.findall(r"[a-z0-9]+", ascii_text)
    if max_words:
        words = words[:max_words]
    return "-".join(words)


def _unique(slug: str, used: set[str]) -> str:
    candidate, i = slug, 2
    while candidate in used:
        candidate = f"{slug}-{i}"
        i += 1
    used.add(candidate)
    return candidate


_STOP_WORDS = frozenset(
    {"a", "an", "the", "in", "of", "for", "with", "to", "and", "on", "at", "by", "after", "than"}
)


def _trim_slug(slug: str) -> str:
    """Drop stop words that a cut left at the end of a slug."""
    words = slug.split("-")
    while len(words) > 1 and words[-1] in _STOP_WORDS:
        words.pop()
    return "-".join(words)


def _cap(text: str) -> str:
    """Capitalise the first letter, unless the first word is already mixed case (iPS, mRNA)."""
    first = text.split(" ", 1)[0]
    if any(c.isupper() for c in first[1:]):
        return text
    return text[:1].upper() + text[1:]


_PROPER_FIRST_WORDS = frozenset({"Hodgkin", "Lyme", "HIV"})


def _mid_sentence(name: str) -> str:
    """A condition name as it reads inside a sentence."""
    first = name.split(" ", 1)[0]
    if "'" in first or first in _PROPER_FIRST_WORDS:
        return name
    return name[:1].lower() + name[1:]


def _orcid(rng: random.Random) -> str:
    digits = "".join(str(rng.randrange(10)) for _ in range(15))
    total = 0
    for d in digits:
        total = (total + int(d)) * 2
    check = (12 - total % 11) % 11
    full = digits + ("X" if check == 10 else str(check))
    return f"https://orcid.org/{full[0:4]}-{full[4:8]}-{full[8:12]}-{full[12:16]}"


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


# --------------------------------------------------------------------------------------------
# Records in memory


@dataclass
class _Org:
    slug: str
    type: str
    name: str
    city: str
    country: str

    @property
    def url(self) -> str:
        return f"https://www.{self.slug}.example/"


@dataclass
class _Person:
    slug: str
    name: str
    job_title: str
    org: _Org
    reporter: bool


@dataclass
class _Condition:
    slug: str
    name: str
    code: str


@dataclass
class _Study:
    slug: str
    type: str
    name: str
    sponsor: _Org
    condition: _Condition
    intervention: str
    design: str
    population: str
    city: str
    phase: str
    status: str


@dataclass
class _Article:
    slug: str
    type: str
    headline: str
    study: _Study
    authors: list[_Person]
    publisher: _Org
    published: datetime
    modified: datetime


def _org_records(rng: random.Random, count: int) -> list[_Org]:
    n_news = min(5, max(2, count // 4))
    used_names: set[str] = set()
    used_slugs: set[str] = set()
    orgs: list[_Org] = []
    for i in range(count):
        kind = NEWS_ORG if i < n_news else ORG_TYPES[1 if rng.random() < 0.5 else 2]
        for attempt in range(50):
            city, country = rng.choice(W.CITIES)
            surname = rng.choice(W.LAST_NAMES)
            if kind == NEWS_ORG:
                if rng.random() < 0.7:
                    name = f"The {city} {rng.choice(W.NEWSPAPER_WORDS)}"
                else:
                    name = f"{city} {rng.choice(W.NEWS_DESKS)}"
            elif kind == "CollegeOrUniversity":
                name = rng.choice(W.UNIVERSITY_PATTERNS).format(city=city, surname=surname)
            else:
                name = rng.choice(W.RESEARCH_ORG_PATTERNS).format(
                    city=city, surname=surname, field=rng.choice(W.FIELDS)
                )
            if attempt == 49:
                name = f"{name} ({i})"
            if name not in used_names:
                break
        used_names.add(name)
        slug = _unique(slugify(name.removeprefix("The "), max_words=7), used_slugs)
        orgs.append(_Org(slug=slug, type=kind, name=name, city=city, country=country))
    return orgs


def _people_records(rng: random.Random, count: int, orgs: list[_Org]) -> list[_Person]:
    news = [o for o in orgs if o.type == NEWS_ORG]
    science = [o for o in orgs if o.type != NEWS_ORG]
    n_reporters = max(3, round(count * 0.4))
    used_names: set[str] = set()
    used_slugs: set[str] = set()
    people: list[_Person] = []
    for i in range(count):
        reporter = i < n_reporters
        for attempt in range(20):
            name = f"{rng.choice(W.FIRST_NAMES)} {rng.choice(W.LAST_NAMES)}"
            if attempt >= 10:
                first, last = name.split(" ", 1)
                name = f"{first} {chr(65 + rng.randrange(26))}. {last}"
            if name not in used_names:
                break
        else:
            name = f"{name} {i}"
        used_names.add(name)
        if reporter:
            org = news[i % len(news)]
        else:
            j = i - n_reporters
            org = science[j] if j < len(science) else rng.choice(science)
        title = rng.choice(W.REPORTER_TITLES if reporter else W.RESEARCHER_TITLES)
        people.append(
            _Person(
                slug=_unique(slugify(name), used_slugs),
                name=name,
                job_title=title,
                org=org,
                reporter=reporter,
            )
        )
    return people


def _condition_records(rng: random.Random, count: int) -> list[_Condition]:
    bases = list(W.CONDITIONS)
    rng.shuffle(bases)
    used_slugs: set[str] = set()
    conditions: list[_Condition] = []
    for i in range(count):
        base_name, base_code = bases[i % len(bases)]
        k = i // len(bases)
        if k == 0:
            name, code = base_name, base_code
        elif k <= len(W.CONDITION_QUALIFIERS):
            name = f"{base_name}, {W.CONDITION_QUALIFIERS[k - 1]}"
            code = f"{base_code}.{k - 1}"
        elif k <= len(W.CONDITION_QUALIFIERS) + 100:
            name = f"{base_name}, subtype {k}"
            code = f"{base_code}.{k - len(W.CONDITION_QUALIFIERS) - 1:02d}"
        else:
            name = f"{base_name}, subtype {k}"
            code = f"{base_code}.{k:04d}"
        conditions.append(_Condition(slug=_unique(slugify(name), used_slugs), name=name, code=code))
    return conditions


def _study_records(
    rng: random.Random, count: int, orgs: list[_Org], conditions: list[_Condition]
) -> list[_Study]:
    sponsors = [o for o in orgs if o.type != NEWS_ORG]
    used_names: set[str] = set()
    used_slugs: set[str] = set()
    studies: list[_Study] = []
    for i in range(count):
        condition = conditions[i] if i < len(conditions) else rng.choice(conditions)
        sponsor = sponsors[i] if i < len(sponsors) else rng.choice(sponsors)
        intervention, key = rng.choice(W.INTERVENTIONS)
        population = rng.choice(W.POPULATIONS)
        kind = STUDY_TYPES[0] if rng.random() < 0.65 else STUDY_TYPES[1]
        design = rng.choice(W.TRIAL_DESIGNS)
        lead = W.DESIGN_WORDS[design] if kind == "MedicalTrial" else rng.choice(W.STUDY_WORDS)
        name = f"{lead} of {intervention} in {population} with {_mid_sentence(condition.name)}"
        if name in used_names:
            name = f"{name} ({sponsor.city})"
        if name in used_names:
            name = f"{name[:-1]}, {i})"
        used_names.add(name)
        slug = _unique(slugify(f"{sponsor.city} {key} {condition.slug}", max_words=6), used_slugs)
        status = rng.choices(W.STUDY_STATUSES, weights=W.STUDY_STATUS_WEIGHTS)[0]
        studies.append(
            _Study(
                slug=slug,
                type=kind,
                name=name,
                sponsor=sponsor,
                condition=condition,
                intervention=intervention,
                design=design,
                population=population,
                city=sponsor.city,
                phase=rng.choice(W.PHASES),
                status=status,
            )
        )
    return studies


# --------------------------------------------------------------------------------------------
# Text


class _Slots(dict[str, str]):
    """Slot values for the templates: fixed ones per article, random ones drawn on each use."""

    def __init__(self, rng: random.Random, fixed: dict[str, str], extra: _Extra) -> None:
        super().__init__(fixed)
        self.rng = rng
        self.extra = extra
        self._deck: list[str] = []

    def template(self) -> str:
        """The next sentence template: each is used once before any repeats (a shuffled deck)."""
        if not self._deck:
            self._deck = list(W.SENTENCES)
            self.rng.shuffle(self._deck)
        return self._deck.pop()

    def __missing__(self, key: str) -> str:
        rng = self.rng
        choices = W.CHOICES.get(key)
        if choices is not None:
            value = rng.choice(choices)
            if key == "radj" and rng.random() < 0.05:
                return f"*{value}*"
            return value
        if key == "m":
            return str(rng.randint(12, 400))
        if key == "n_of_m":
            m = rng.randint(4, 400)
            return f"{rng.randint(2, m)} of {m}"
        if key == "pct":
            pct = str(rng.randint(5, 85))
            return f"**{pct}**" if rng.random() < 0.05 else pct
        if key == "months":
            return str(rng.choice((3, 6, 9, 12, 18, 24, 36)))
        if key == "weeks":
            return str(rng.randint(2, 16))
        if key == "big":
            return str(rng.randint(2, 100) * 50)
        if key == "sites":
            return str(rng.randint(2, 40))
        if key == "age":
            return str(rng.randint(8, 78))
        if key == "year":
            return str(rng.randint(2005, self.extra.year - 1))
        if key == "city2":
            return rng.choice(W.CITIES)[0]
        if key == "org2":
            return rng.choice(self.extra.orgs).name
        if key == "Person":
            return self.extra.expert
        if key == "phase":
            return rng.choice(W.PHASES)
        if key[:1].isupper():
            return _cap(self[key[:1].lower() + key[1:]])
        raise KeyError(key)


@dataclass
class _Extra:
    year: int
    orgs: list[_Org]
    expert: str


def _sentence(template: str, slots: _Slots) -> str:
    return _cap(template.format_map(slots))


def _count(text: str) -> int:
    return len(text.split())


def _body(rng: random.Random, slots: _Slots, quotes: list[tuple[str, str]]) -> tuple[str, int]:
    """Markdown body of about 575 words; returns (text, words)."""
    target = rng.randint(450, 650)
    blocks: list[str] = []
    words = 0
    links = rng.sample(W.LINK_SENTENCES, rng.randint(1, 3))

    def paragraph(n: int, first: Sequence[str] = ()) -> str:
        nonlocal words
        parts = [_sentence(t, slots) for t in first]
        parts += [_sentence(slots.template(), slots) for _ in range(n - len(parts))]
        if links and rng.random() < 0.3:
            parts.insert(rng.randrange(1, len(parts) + 1), _sentence(links.pop(), slots))
        text = " ".join(parts)
        words += _count(text)
        return text

    blocks.append(paragraph(rng.randint(2, 3), first=W.SENTENCES[:1]))
    n_sections = rng.randint(2, 4)
    headings = rng.sample(W.HEADINGS, n_sections)
    list_section = rng.randrange(n_sections) if rng.random() < 0.45 else -1
    numbered = rng.random() < 0.3
    quote_sections = set(rng.sample(range(n_sections), min(len(quotes), n_sections)))
    quote_iter = iter(quotes)
    quote_texts = iter(rng.sample(W.QUOTES, len(quotes)))
    for i, heading in enumerate(headings):
        text = heading.format_map(slots)
        blocks.append(f"## {text}")
        words += _count(text)
        goal = target * (i + 1) / n_sections
        blocks.append(paragraph(rng.randint(3, 5)))
        if i in quote_sections:
            speaker, role = next(quote_iter)
            quote = next(quote_texts).format_map(slots)
            text = f"\u201c{quote},\u201d said {speaker}, {role}."
            blocks.append(text)
            words += _count(text)
        if i == list_section:
            intro = rng.choice(W.LIST_INTROS)
            items = rng.sample(W.LIST_ITEMS, rng.randint(3, 5))
            lines = [intro, ""]
            for j, item in enumerate(items, 1):
                marker = f"{j}." if numbered else "-"
                lines.append(f"{marker} {_sentence(item, slots)}")
            text = "\n".join(lines)
            blocks.append(text)
            words += _count(text) - len(items)
        while words < goal:
            blocks.append(paragraph(rng.randint(3, 5)))
    if links:
        remaining = list(links)
        links.clear()
        blocks.append(paragraph(len(remaining), first=remaining))
    return "\n\n".join(blocks) + "\n", words


# --------------------------------------------------------------------------------------------
# Writing


def _org_doc(org: _Org) -> dict[str, Any]:
    return {
        "type": org.type,
        "name": org.name,
        "url": org.url,
        "address": {
            "type": "PostalAddress",
            "addressLocality": org.city,
            "addressCountry": org.country,
        },
        "logo": {
            "type": "ImageObject",
            "url": f"{BASE_URL}static/images/logos/{org.slug}.png",
            "width": 600,
            "height": 60,
        },
    }


def _person_doc(rng: random.Random, person: _Person) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "type": "Person",
        "name": person.name,
        "jobTitle": person.job_title,
        "affiliation": f"organizations/{person.org.slug}",
    }
    has_url = rng.random() < 0.6
    has_same_as = not has_url or rng.random() < 0.5
    if has_url:
        folder = "authors" if person.reporter else "people"
        doc["url"] = f"{person.org.url}{folder}/{person.slug}/"
    if has_same_as:
        same_as = [_orcid(rng)] if not person.reporter else []
        if person.reporter or rng.random() < 0.3:
            same_as.append(f"https://www.wikidata.org/wiki/Q{rng.randint(10**6, 10**8)}")
        doc["sameAs"] = same_as
    return doc


def _condition_doc(condition: _Condition) -> dict[str, Any]:
    return {
        "type": "MedicalCondition",
        "name": condition.name,
        "code": {"type": "MedicalCode", "codeValue": condition.code, "codingSystem": "ICD-10"},
    }


def _study_doc(rng: random.Random, study: _Study) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "type": study.type,
        "name": study.name,
        "description": (
            f"{_cap(study.population)} with {_mid_sentence(study.condition.name)} in "
            f"{study.city} receive {study.intervention}."
        ),
        "sponsor": f"organizations/{study.sponsor.slug}",
        "status": study.status,
        "healthCondition": f"conditions/{study.condition.slug}",
        "studyLocation": {"type": "AdministrativeArea", "name": study.city},
    }
    if study.type == "MedicalTrial":
        doc["trialDesign"] = study.design
    return doc


def _local(moment: datetime, offset: str) -> datetime:
    sign = -1 if offset[0] == "-" else 1
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    return moment.astimezone(timezone(timedelta(hours=hours, minutes=minutes) * sign))


def _article_records(
    rng: random.Random, count: int, people: list[_Person], studies: list[_Study]
) -> list[_Article]:
    reporters = [p for p in people if p.reporter]
    span = int((_LAST_PUBLISHED - _FIRST_PUBLISHED).total_seconds() // 60)
    used_slugs: set[str] = set()
    articles: list[_Article] = []
    for i in range(count):
        study = studies[i] if i < len(studies) else rng.choice(studies)
        kind = rng.choices(ARTICLE_TYPES, weights=_ARTICLE_TYPE_WEIGHTS)[0]
        n_authors = rng.choices((1, 2, 3), weights=(60, 30, 10))[0]
        lead = reporters[i] if i < len(reporters) else rng.choice(reporters)
        authors = [lead]
        while len(authors) < n_authors:
            candidate = rng.choice(reporters)
            if candidate not in authors:
                authors.append(candidate)
        slots = {
            "cond": _mid_sentence(study.condition.name),
            "Cond": _cap(study.condition.name),
            "interv": study.intervention,
            "Interv": _cap(study.intervention),
            "org": study.sponsor.name,
            "Org": _cap(study.sponsor.name),
            "city": study.city,
            "City": study.city,
            "population": study.population,
            "phase": study.phase,
            "radj": rng.choice(W.CHOICES["radj"]),
        }
        headline = _cap(rng.choice(W.HEADLINES).format_map(slots))
        if kind == "AnalysisNewsArticle" and rng.random() < 0.5:
            headline = rng.choice(W.ANALYSIS_PREFIXES) + headline
        slug = _unique(_trim_slug(slugify(headline, max_words=8)), used_slugs)
        offset = rng.choice(W.TIMEZONES)
        published = _FIRST_PUBLISHED + timedelta(minutes=rng.randrange(span))
        modified = published + timedelta(minutes=rng.randrange(0, 3 * 24 * 60))
        modified = min(modified, _CORPUS_END - timedelta(minutes=1))
        articles.append(
            _Article(
                slug=slug,
                type=kind,
                headline=headline,
                study=study,
                authors=authors,
                publisher=lead.org,
                published=_local(published, offset),
                modified=_local(modified, offset),
            )
        )
    return articles


_CAPTIONS: tuple[str, ...] = (
    "A laboratory at {org} in {city}.",
    "Researchers at work in {city}.",
    "A patient during a follow-up visit.",
    "Samples from the {city} study.",
    "A clinic waiting room in {city}.",
)
_KEYWORD_EXTRAS: tuple[str, ...] = (
    "clinical trials",
    "medical research",
    "health policy",
    "public health",
    "patient care",
)


def _article_doc(
    rng: random.Random,
    article: _Article,
    science: list[_Org],
    researchers: list[_Person],
    staff: Mapping[str, list[_Person]],
    previous: str | None,
) -> tuple[str, int]:
    study = article.study
    fixed = {
        "cond": _mid_sentence(study.condition.name),
        "Cond": _cap(study.condition.name),
        "interv": study.intervention,
        "Interv": _cap(study.intervention),
        "org": study.sponsor.name,
        "Org": _cap(study.sponsor.name),
        "city": study.city,
        "study_url": f"{BASE_URL}studies/{study.slug}/",
        "org_url": study.sponsor.url,
        "prev_url": f"{BASE_URL}articles/{previous or article.slug}/",
    }
    insiders = staff.get(study.sponsor.slug, ())
    inside = insiders[0] if insiders else rng.choice(researchers)
    outside = rng.choice(researchers)
    extra = _Extra(year=article.published.year, orgs=science, expert=outside.name)
    slots = _Slots(rng, fixed, extra)
    quotes = [
        (inside.name, f"{inside.job_title.lower()} at {inside.org.name}"),
        (outside.name, f"{outside.job_title.lower()} at {outside.org.name}"),
    ][: rng.randint(1, 2)]
    description = _sentence(rng.choice(W.DESCRIPTIONS), slots)
    treatment = study.intervention.removeprefix("a ").removeprefix("an ")
    keywords = [_mid_sentence(study.condition.name), treatment]
    keywords += rng.sample(_KEYWORD_EXTRAS, rng.randint(0, 2))
    if rng.random() < 0.5:
        keywords.append(study.city)
    front: dict[str, Any] = {
        "type": article.type,
        "headline": article.headline,
        "description": description,
        "datePublished": Raw(_iso(article.published)),
        "dateModified": Raw(_iso(article.modified)),
        "author": [f"people/{p.slug}" for p in article.authors],
        "publisher": f"organizations/{article.publisher.slug}",
        "about": f"studies/{study.slug}",
        "keywords": keywords,
        "inLanguage": LANGUAGE,
        "image": [
            {
                "type": "ImageObject",
                "url": f"{BASE_URL}static/images/articles/{article.slug}.jpg",
                "width": 1200,
                "height": 675,
                "caption": rng.choice(_CAPTIONS).format_map(fixed),
            }
        ],
    }
    body, words = _body(rng, slots, quotes)
    return f"---\n{dump_yaml(front)}---\n{body}", words


def _site_toml(n_articles: int) -> str:
    return (
        "[site]\n"
        f'title = "{SITE_TITLE}"\n'
        f'base_url = "{BASE_URL}"\n'
        f'language = "{LANGUAGE}"\n'
        f'description = "A generated corpus of {n_articles} health-news articles for benchmarks."\n'
    )


def _prepare(out_dir: Path, overwrite: bool) -> None:
    if out_dir.exists() and any(out_dir.iterdir()):
        if not overwrite:
            raise FileExistsError(f"{out_dir} is not empty (pass overwrite=True / --force)")
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)


def generate(n_articles: int, out_dir: Path, seed: int = 0, *, overwrite: bool = False) -> CorpusStats:
    """Write a site with ``n_articles`` articles and its shared records into ``out_dir``.

    ``out_dir`` must be missing or empty unless ``overwrite`` is true (then it is replaced).
    """
    if n_articles < 1:
        raise ValueError("n_articles must be at least 1")
    out_dir = Path(out_dir)
    _prepare(out_dir, overwrite)
    counts = expected_counts(n_articles)
    rng = random.Random(seed)
    orgs = _org_records(rng, counts["organizations"])
    people = _people_records(rng, counts["people"], orgs)
    conditions = _condition_records(rng, counts["conditions"])
    studies = _study_records(rng, counts["studies"], orgs, conditions)
    articles = _article_records(rng, n_articles, people, studies)
    researchers = [p for p in people if not p.reporter] or people
    science = [o for o in orgs if o.type != NEWS_ORG]
    staff: dict[str, list[_Person]] = {}
    for person in researchers:
        staff.setdefault(person.org.slug, []).append(person)

    files = 0
    size = 0

    def write(rel: str, text: str) -> None:
        nonlocal files, size
        path = out_dir / rel
        data = text.encode("utf-8")
        path.write_bytes(data)
        files += 1
        size += len(data)

    content = out_dir / "content"
    for folder in ("articles", "people", "organizations", "studies", "conditions"):
        (content / folder).mkdir(parents=True)
    write("publisher.toml", _site_toml(n_articles))
    for org in orgs:
        write(f"content/organizations/{org.slug}.yaml", dump_yaml(_org_doc(org)))
    for person in people:
        write(f"content/people/{person.slug}.yaml", dump_yaml(_person_doc(rng, person)))
    for condition in conditions:
        write(f"content/conditions/{condition.slug}.yaml", dump_yaml(_condition_doc(condition)))
    for study in studies:
        write(f"content/studies/{study.slug}.yaml", dump_yaml(_study_doc(rng, study)))
    words = 0
    previous: str | None = None
    for article in articles:
        text, n_words = _article_doc(rng, article, science, researchers, staff, previous)
        write(f"content/articles/{article.slug}.md", text)
        words += n_words
        previous = article.slug
    return CorpusStats(
        articles=len(articles),
        people=len(people),
        organizations=len(orgs),
        studies=len(studies),
        conditions=len(conditions),
        words=words,
        files=files,
        bytes=size,
    )


# --------------------------------------------------------------------------------------------
# Reading back (used by the peers and the tests)


def split_front_matter(text: str) -> tuple[str, str]:
    """Split an article file into (YAML front matter, Markdown body)."""
    if not text.startswith("---\n"):
        raise ValueError("article does not start with '---'")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise ValueError("front matter is not closed with '---'")
    return text[4 : end + 1], text[end + 5 :]


def iter_references(value: object) -> Iterable[str]:
    """Every string in ``value`` (recursively) that has the form of a record reference."""
    if isinstance(value, str):
        if REFERENCE_RE.match(value):
            yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from iter_references(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from iter_references(item)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__)
    parser.add_argument("n_articles", type=int)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--force", action="store_true", help="replace a non-empty OUT_DIR")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        stats = generate(args.n_articles, args.out_dir, args.seed, overwrite=args.force)
    except (FileExistsError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    print(json.dumps(stats.as_dict(), indent=2))
    print(f"generated in {elapsed:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
