"""The generated JSON Schemas: current, valid, and they agree with the records publisher reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from publisher.content.files import split_front_matter
from publisher.content.yamlpos import load_yaml
from publisher.model.jsonschema import KIND_FILES, main, render_all, stale_files

from .conftest import EXAMPLE, ROOT

FOLDER = ROOT / "schemas" / "jsonschema"


def validator(kind: str) -> jsonschema.Draft7Validator:
    schema = json.loads((FOLDER / f"{KIND_FILES[kind]}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = split_front_matter(text)[0]
    data, _ = load_yaml(text, str(path))
    return data


def test_checked_in_schemas_are_current() -> None:
    stale = stale_files(FOLDER)
    assert not stale, f"stale JSON Schemas {stale}: run `make schemas` and commit the result"


def test_check_mode_reports_stale_files(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path), "--check"]) == 1
    assert main(["--out", str(tmp_path)]) == 0
    assert main(["--out", str(tmp_path), "--check"]) == 0
    (tmp_path / "person.schema.json").write_text("{}\n")
    assert main(["--out", str(tmp_path), "--check"]) == 1


def test_every_file_is_a_draft7_schema() -> None:
    files = render_all()
    assert set(files) == {*(f"{stem}.schema.json" for stem in KIND_FILES.values()), "index.json"}
    for name, text in files.items():
        if name != "index.json":
            jsonschema.Draft7Validator.check_schema(json.loads(text))
    index = json.loads(files["index.json"])
    assert {"kind": "people", "file": "person.schema.json"}.items() <= index["schemas"][1].items()
    assert "content/people/*.yaml" in index["schemas"][1]["fileMatch"]


@pytest.mark.parametrize("kind", list(KIND_FILES))
def test_example_site_records_validate(kind: str) -> None:
    files = sorted((EXAMPLE / "content" / kind).iterdir())
    assert files
    check = validator(kind)
    for path in files:
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in check.iter_errors(load(path))]
        assert not errors, f"{path.name}: {errors}"


def test_properties_use_schema_org_names_with_descriptions() -> None:
    schema = json.loads((FOLDER / "article.schema.json").read_text())
    news = schema["definitions"]["NewsArticle"]["properties"]
    assert {"datePublished", "inLanguage", "isBasedOn", "dateline"} <= set(news)
    assert "date_published" not in news
    assert news["headline"]["description"]
    assert schema["definitions"]["NewsArticle"]["additionalProperties"] is True
    assert set(schema["properties"]["type"]["enum"]) >= {"NewsArticle", "ReportageNewsArticle"}


GOOD = [
    ("people", {"type": "Person", "name": "A", "affiliation": ["organizations/a", {"type": "Organization", "name": "B"}]}),
    ("people", {"type": "Person", "name": "A", "worksFor": "organizations/a-b", "jobTitle": "Editor"}),
    ("articles", {"type": "OpinionNewsArticle", "headline": "H", "datePublished": "2025-03-21",
                  "author": {"type": "Person", "name": "Jane Doe", "url": "https://example.org/jane"},
                  "publisher": "organizations/desk", "draft": True,
                  "image": "https://example.org/a.jpg", "speakable": {"type": "SpeakableSpecification"}}),
    ("articles", {"type": "NewsArticle", "headline": "H", "datePublished": "2025-03-21T10:00:00+09:00",
                  "author": ["people/a", "organizations/b"], "about": ["studies/s", {"type": "Thing", "name": "x"}]}),
    ("studies", {"type": "MedicalTrial", "name": "T", "phase": "Phase 2", "healthCondition": "conditions/c",
                 "sponsor": {"type": "CollegeOrUniversity", "name": "U"}, "status": "Recruiting"}),
    ("organizations", {"type": "NewsMediaOrganization", "name": "N", "masthead": "https://example.org/m",
                       "logo": {"type": "ImageObject", "url": "https://example.org/l.png"}}),
    ("conditions", {"type": "MedicalCondition", "name": "C", "code": {"type": "MedicalCode", "codeValue": "T09.3"}}),
]

BAD = [
    ("people", {"name": "no type"}),
    ("people", {"type": "Organization", "name": "wrong type for the folder"}),
    ("people", {"type": "Person", "name": 42}),
    ("people", {"type": "Person", "affiliation": "people/someone"}),  # wrong kind of record
    ("people", {"type": "Person", "affiliation": "organizations/Bad Slug"}),
    ("people", {"type": "Person", "sameAs": "not a url"}),
    ("people", {"type": "Person", "slug": "Not_A_Slug"}),
    ("articles", {"type": "NewsArticle", "datePublished": "March 21, 2025"}),
    ("articles", {"type": "NewsArticle", "draft": "yes"}),
    ("articles", {"type": "NewsArticle", "image": {"url": "https://example.org/a.jpg"}}),  # inline without type
    ("articles", {"type": "NewsArticle", "author": "studies/keio"}),
    ("articles", {"type": "NewsArticle", "author": {"type": "MedicalStudy", "name": "x"}}),
    ("studies", {"type": "MedicalStudy", "healthCondition": "people/x"}),
    ("organizations", {"type": "Hospital", "name": "not allowed as a record in organizations/"}),
    ("conditions", {"type": "MedicalCondition", "code": {"type": "MedicalCode", "codeValue": ["T09.3", 4]}}),
]


@pytest.mark.parametrize(("kind", "data"), GOOD)
def test_good_records_validate(kind: str, data: dict[str, Any]) -> None:
    errors = [e.message for e in validator(kind).iter_errors(data)]
    assert not errors


@pytest.mark.parametrize(("kind", "data"), BAD)
def test_bad_records_fail(kind: str, data: dict[str, Any]) -> None:
    assert list(validator(kind).iter_errors(data))
