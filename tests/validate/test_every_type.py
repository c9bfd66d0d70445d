"""Valid markup of every type publisher models gives zero errors: in the records (`validate`),
and in the pages built from them (`check`, with every profile)."""

from __future__ import annotations

from pathlib import Path

from publisher.cli import main
from publisher.diagnostics import Severity
from publisher.model.registry import INLINE_TYPES, KIND_TYPES
from publisher.site import load_site
from publisher.validate.check import Recipe, check_paths
from publisher.validate.site import validate_site

from ..conftest import write_site
from .corpus_tool import NOW

CONFIG = """\
[site]
title = "Every Type Desk"
base_url = "https://every.example/"
language = "en"
publisher = "organizations/desk"

[validate]
profiles = ["publisher"]
"""

ARTICLE = """\
---
type: {type}
headline: A {type} about a study
datePublished: 2025-03-21T10:00:00+09:00
dateModified: 2025-03-22T10:00:00+09:00
author: [people/reporter]
publisher: organizations/desk
about: [studies/medicalstudy, conditions/medicalcondition]
inLanguage: en
contentLocation:
  type: Place
  name: Keio University Hospital
keywords:
  - spinal cord injury
  - type: DefinedTerm
    name: iPS cell
    termCode: ips
image:
  - type: ImageObject
    url: https://every.example/static/{slug}.jpg
    width: 1200
    height: 675
identifier:
  type: PropertyValue
  propertyID: internal
  value: {slug}
---
Text.
"""

ORGANIZATION = """\
type: {type}
name: A {type}
url: https://every.example/{slug}/
logo:
  type: ImageObject
  url: https://every.example/static/{slug}-logo.png
  width: 512
  height: 512
address:
  type: PostalAddress
  addressLocality: Tokyo
  addressCountry: JP
location:
  type: City
  name: Tokyo
areaServed:
  type: Country
  name: Japan
"""

STUDY = """\
type: {type}
name: A {type}
status: Recruiting
sponsor: organizations/desk
healthCondition: conditions/medicalcondition
studyLocation:
  type: AdministrativeArea
  name: Tokyo
  containedInPlace:
    type: Country
    name: Japan
studySubject:
  type: TherapeuticProcedure
  name: A procedure
"""

FILES = {
    "content/people/reporter.yaml": """\
type: Person
name: Ana Reporter
url: https://every.example/staff/ana/
jobTitle:
  type: DefinedTerm
  name: Health reporter
nationality:
  type: Country
  name: Portugal
""",
    "content/conditions/medicalcondition.yaml": """\
type: MedicalCondition
name: Spinal cord injury
code:
  type: MedicalCode
  codeValue: T09.3
  codingSystem: ICD-10
""",
    "content/organizations/desk.yaml": ORGANIZATION.format(type="NewsMediaOrganization", slug="desk"),
}


def make_site(root: Path) -> Path:
    files = dict(FILES)
    for kind, types in KIND_TYPES.items():
        for name in types:
            slug = name.lower()
            if kind == "articles":
                files[f"content/articles/{slug}.md"] = ARTICLE.format(type=name, slug=slug)
            elif kind == "organizations" and slug != "newsmediaorganization":
                files[f"content/organizations/{slug}.yaml"] = ORGANIZATION.format(type=name, slug=slug)
            elif kind == "studies":
                files[f"content/studies/{slug}.yaml"] = STUDY.format(type=name)
    return write_site(root, files, CONFIG)


def test_every_modelled_type_is_covered() -> None:
    text = "\n".join([*FILES.values(), ARTICLE, ORGANIZATION, STUDY])
    for name in INLINE_TYPES:
        assert f"type: {name}" in text, name


def test_valid_records_of_every_type_give_no_diagnostic(tmp_path: Path) -> None:
    site = load_site(make_site(tmp_path / "site"))
    assert len(site.records) == sum(len(t) for t in KIND_TYPES.values())
    found = validate_site(site, now=NOW)
    assert not [d for d in found if d.severity is not Severity.INFO], found


def test_their_pages_check_without_errors(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    out = tmp_path / "out"
    assert main(["build", str(root), "--out", str(out)]) == 0
    for profiles in (("schemaorg", "google"), ("publisher",)):
        result = check_paths([str(out)], Recipe(profiles, None, ()), jobs=1, now=NOW)
        assert not [d for d in result.diagnostics if d.severity is Severity.ERROR], result.diagnostics
        assert result.found == result.files
