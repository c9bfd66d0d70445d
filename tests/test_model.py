"""The record model: every type takes valid values and rejects invalid ones."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from publisher import model as m

VALID: list[tuple[type[m.Node], dict[str, Any]]] = [
    (m.NewsArticle, {"type": "NewsArticle", "headline": "H", "datePublished": "2025-03-21",
                     "author": ["people/a", {"type": "Person", "name": "Inline"}],
                     "publisher": "organizations/o", "image": "https://x.example/i.jpg"}),
    (m.ReportageNewsArticle, {"type": "ReportageNewsArticle", "headline": "H",
                              "datePublished": "2025-03-21T10:00:00+09:00"}),
    (m.AnalysisNewsArticle, {"type": "AnalysisNewsArticle", "headline": "H"}),
    (m.BackgroundNewsArticle, {"type": "BackgroundNewsArticle", "headline": "H"}),
    (m.OpinionNewsArticle, {"type": "OpinionNewsArticle", "headline": "H"}),
    (m.ReviewNewsArticle, {"type": "ReviewNewsArticle", "headline": "H"}),
    (m.AskPublicNewsArticle, {"type": "AskPublicNewsArticle", "headline": "H"}),
    (m.MedicalStudy, {"type": "MedicalStudy", "name": "S", "status": "Recruiting",
                      "sponsor": "organizations/o", "healthCondition": "conditions/c",
                      "studyLocation": {"type": "AdministrativeArea", "name": "Tokyo"}}),
    (m.MedicalTrial, {"type": "MedicalTrial", "name": "T", "trialDesign": "RandomizedTrial"}),
    (m.MedicalObservationalStudy, {"type": "MedicalObservationalStudy", "name": "O",
                                   "studyDesign": "Cohort"}),
    (m.Person, {"type": "Person", "name": "P", "jobTitle": "Professor",
                "affiliation": "organizations/o", "sameAs": "https://www.wikidata.org/wiki/Q1"}),
    (m.Organization, {"type": "Organization", "name": "O", "logo": {"type": "ImageObject",
                                                                     "url": "https://x/l.png"}}),
    (m.NewsMediaOrganization, {"type": "NewsMediaOrganization", "name": "N",
                               "ethicsPolicy": "https://n.example/ethics"}),
    (m.CollegeOrUniversity, {"type": "CollegeOrUniversity", "name": "U"}),
    (m.ResearchOrganization, {"type": "ResearchOrganization", "name": "R"}),
    (m.GovernmentOrganization, {"type": "GovernmentOrganization", "name": "G"}),
    (m.MedicalCondition, {"type": "MedicalCondition", "name": "C",
                          "code": {"type": "MedicalCode", "codeValue": "T09.3",
                                   "codingSystem": "ICD-10"}}),
    (m.ImageObject, {"type": "ImageObject", "url": "https://x/i.jpg", "width": 1200,
                     "height": 675, "caption": "c"}),
    (m.Place, {"type": "Place", "name": "P"}),
    (m.AdministrativeArea, {"type": "AdministrativeArea", "name": "Tokyo"}),
    (m.PropertyValue, {"type": "PropertyValue", "propertyID": "jRCT", "value": "x1"}),
    (m.DefinedTerm, {"type": "DefinedTerm", "name": "d", "termCode": "X"}),
    (m.PostalAddress, {"type": "PostalAddress", "addressCountry": "NO"}),
    (m.MedicalCode, {"type": "MedicalCode", "codeValue": "T09.3", "codingSystem": "ICD-10"}),
]

INVALID: list[tuple[type[m.Node], dict[str, Any], str]] = [
    (m.NewsArticle, {"type": "NewsArticle", "datePublished": "21 March"}, "datePublished"),
    (m.NewsArticle, {"type": "NewsArticle", "headline": ["a", "b"]}, "headline"),
    (m.NewsArticle, {"type": "NewsArticle", "author": [{"type": "MedicalStudy"}]}, "author"),
    (m.NewsArticle, {"type": "Person"}, "type"),
    (m.ReportageNewsArticle, {"type": "NewsArticle"}, "type"),
    (m.AnalysisNewsArticle, {"type": "AnalysisNewsArticle", "wordCount": "many"}, "wordCount"),
    (m.BackgroundNewsArticle, {"type": "BackgroundNewsArticle", "image": 5}, "image"),
    (m.OpinionNewsArticle, {"type": "OpinionNewsArticle", "dateModified": "2025-13-45"},
     "dateModified"),
    (m.ReviewNewsArticle, {"type": "ReviewNewsArticle", "isAccessibleForFree": "sometimes"},
     "isAccessibleForFree"),
    (m.AskPublicNewsArticle, {"type": "AskPublicNewsArticle", "keywords": [1.5]}, "keywords"),
    (m.MedicalStudy, {"type": "MedicalStudy", "studyLocation": [{"name": "no type"}]},
     "studyLocation"),
    (m.MedicalTrial, {"type": "MedicalTrial", "trialDesign": ["a", "b"]}, "trialDesign"),
    (m.MedicalObservationalStudy, {"type": "MedicalObservationalStudy", "studyDesign": 3},
     "studyDesign"),
    (m.Person, {"type": "Person", "sameAs": ["not a url"]}, "sameAs"),
    (m.Organization, {"type": "Organization", "foundingDate": "yesterday"}, "foundingDate"),
    (m.NewsMediaOrganization, {"type": "NewsMediaOrganization", "masthead": "masthead"},
     "masthead"),
    (m.CollegeOrUniversity, {"type": "CollegeOrUniversity", "name": {"en": "x"}}, "name"),
    (m.ResearchOrganization, {"type": "ResearchOrganization", "url": "www.x.org"}, "url"),
    (m.GovernmentOrganization, {"type": "GovernmentOrganization", "logo": 7}, "logo"),
    (m.MedicalCondition, {"type": "MedicalCondition", "code": "T09.3"}, "code"),
    (m.ImageObject, {"type": "ImageObject", "width": "wide"}, "width"),
    (m.Place, {"type": "Person"}, "type"),
    (m.AdministrativeArea, {"type": "AdministrativeArea", "address": 3}, "address"),
    (m.PropertyValue, {"type": "PropertyValue", "value": [1]}, "value"),
    (m.DefinedTerm, {"type": "DefinedTerm", "termCode": 3}, "termCode"),
    (m.PostalAddress, {"type": "PostalAddress", "postalCode": 1000}, "postalCode"),
    (m.MedicalCode, {"type": "MedicalCode", "codeValue": None, "codingSystem": 10}, "codingSystem"),
]


@pytest.mark.parametrize(("model", "data"), VALID, ids=lambda v: getattr(v, "__name__", ""))
def test_valid(model: type[m.Node], data: dict[str, Any]) -> None:
    instance = model.model_validate(data)
    assert instance.type == data["type"]
    dumped = instance.jsonld_data()
    for key in data:
        assert key in dumped  # schema.org names on the way out


@pytest.mark.parametrize(("model", "data", "field"), INVALID,
                         ids=lambda v: getattr(v, "__name__", "") if isinstance(v, type) else "")
def test_invalid(model: type[m.Node], data: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    assert field in {str(e["loc"][0]) for e in info.value.errors()}


def test_every_listed_type_has_a_valid_case() -> None:
    tested = {model for model, _ in VALID}
    assert set(m.TYPE_MODELS.values()) - {m.Article, m.City, m.Country} <= tested


def test_snake_case_in_python_schema_names_in_files() -> None:
    person = m.Person.model_validate({"type": "Person", "jobTitle": "Professor",
                                      "sameAs": "https://a.example/"})
    assert person.job_title == ["Professor"]
    assert person.same_as == ["https://a.example/"]
    by_name = m.Person(type="Person", job_title=["Editor"])
    assert by_name.jsonld_data() == {"type": "Person", "jobTitle": ["Editor"]}


def test_unknown_properties_pass_through_in_order() -> None:
    study = m.MedicalStudy.model_validate(
        {"type": "MedicalStudy", "name": "S", "funding": "organizations/x", "customThing": 1}
    )
    assert study.extras == {"customThing": 1}
    assert list(study.jsonld_data()) == ["type", "name", "funding", "customThing"]


def test_dates_accept_python_values() -> None:
    from datetime import date, datetime, timedelta, timezone

    article = m.NewsArticle(
        type="NewsArticle",
        date_published=datetime(2025, 3, 21, 10, tzinfo=timezone(timedelta(hours=9))),
        date_modified=date(2025, 3, 22),
    )
    assert article.date_published == "2025-03-21T10:00:00+09:00"
    assert article.date_modified == "2025-03-22"
