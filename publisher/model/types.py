"""The schema.org types publisher models.

Each class narrows ``type`` to the schema.org type names it stands for, so that inline objects
are told apart by their ``type`` and a wrong ``type`` is a clear error. Records (articles, people,
organizations, studies, conditions) and inline things (images, places, identifiers, codes) share
these classes.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool

from publisher.model.base import Thing
from publisher.model.values import URL, DateText, Many, Reference, new_list

# --- small inline things ----------------------------------------------------------------------


class PropertyValue(Thing):
    type: Literal["PropertyValue"]
    property_id: str | None = Field(default=None, alias="propertyID")
    value: str | int | float | StrictBool | None = None
    unit_text: str | None = None
    unit_code: str | None = None


Identifier = PropertyValue | str


class ImageObject(Thing):
    type: Literal["ImageObject"]
    identifier: Many[Identifier] = Field(default_factory=new_list)
    content_url: URL | None = None
    width: int | dict[str, Any] | None = None
    height: int | dict[str, Any] | None = None
    caption: str | None = None
    credit_text: str | None = None
    copyright_notice: str | None = None
    license: URL | None = None
    acquire_license_page: URL | None = None
    creator: Many[Reference | dict[str, Any]] = Field(default_factory=new_list)
    encoding_format: str | None = None


Image = ImageObject | URL


class DefinedTerm(Thing):
    type: Literal["DefinedTerm"]
    term_code: str | None = None
    in_defined_term_set: URL | str | None = None


class PostalAddress(Thing):
    type: Literal["PostalAddress"]
    street_address: str | None = None
    address_locality: str | None = None
    address_region: str | None = None
    postal_code: str | None = None
    address_country: str | None = None


class Place(Thing):
    type: Literal["Place", "AdministrativeArea", "City", "State", "Country"]
    identifier: Many[Identifier] = Field(default_factory=new_list)
    address: PostalAddress | str | None = None
    contained_in_place: Reference | Place | None = None
    image: Many[Image] = Field(default_factory=new_list)


class AdministrativeArea(Place):
    type: Literal["AdministrativeArea", "City", "State", "Country"]


class City(AdministrativeArea):
    type: Literal["City"]


class Country(AdministrativeArea):
    type: Literal["Country"]


class MedicalCode(Thing):
    type: Literal["MedicalCode"]
    code_value: str | None = None
    coding_system: str | None = None


# --- people and organizations -----------------------------------------------------------------

ORGANIZATION_TYPES = (
    "Organization",
    "NewsMediaOrganization",
    "CollegeOrUniversity",
    "ResearchOrganization",
    "GovernmentOrganization",
    "EducationalOrganization",
    "MedicalOrganization",
    "Hospital",
    "NGO",
    "Corporation",
    "Project",
    "ResearchProject",
)


class Organization(Thing):
    type: Literal[
        "Organization",
        "NewsMediaOrganization",
        "CollegeOrUniversity",
        "ResearchOrganization",
        "GovernmentOrganization",
        "EducationalOrganization",
        "MedicalOrganization",
        "Hospital",
        "NGO",
        "Corporation",
        "Project",
        "ResearchProject",
    ]
    identifier: Many[Identifier] = Field(default_factory=new_list)
    image: Many[Image] = Field(default_factory=new_list)
    legal_name: str | None = None
    logo: Many[Image] = Field(default_factory=new_list)
    address: Many[PostalAddress | str] = Field(default_factory=new_list)
    location: Many[Reference | Place | str] = Field(default_factory=new_list)
    parent_organization: Many[Reference | Organization] = Field(default_factory=new_list)
    sub_organization: Many[Reference | Organization] = Field(default_factory=new_list)
    member_of: Many[Reference | Organization] = Field(default_factory=new_list)
    founding_date: DateText | None = None
    area_served: Many[Reference | Place | str] = Field(default_factory=new_list)
    email: str | None = None
    telephone: str | None = None
    publishing_principles: URL | None = None


class NewsMediaOrganization(Organization):
    type: Literal["NewsMediaOrganization"]
    masthead: URL | None = None
    ethics_policy: URL | None = None
    corrections_policy: URL | None = None
    diversity_policy: URL | None = None
    verification_fact_checking_policy: URL | None = None
    actionable_feedback_policy: URL | None = None
    unnamed_sources_policy: URL | None = None
    ownership_funding_info: URL | str | None = None


class CollegeOrUniversity(Organization):
    type: Literal["CollegeOrUniversity"]


class ResearchOrganization(Organization):
    type: Literal["ResearchOrganization"]


class GovernmentOrganization(Organization):
    type: Literal["GovernmentOrganization"]


class Person(Thing):
    type: Literal["Person"]
    identifier: Many[Identifier] = Field(default_factory=new_list)
    image: Many[Image] = Field(default_factory=new_list)
    given_name: str | None = None
    family_name: str | None = None
    additional_name: str | None = None
    honorific_prefix: str | None = None
    honorific_suffix: str | None = None
    job_title: Many[str | DefinedTerm] = Field(default_factory=new_list)
    affiliation: Many[Reference | Organization] = Field(default_factory=new_list)
    works_for: Many[Reference | Organization] = Field(default_factory=new_list)
    member_of: Many[Reference | Organization] = Field(default_factory=new_list)
    alumni_of: Many[Reference | Organization] = Field(default_factory=new_list)
    knows_about: Many[str | DefinedTerm | dict[str, Any]] = Field(default_factory=new_list)
    email: str | None = None
    nationality: Many[Reference | Place | str] = Field(default_factory=new_list)


Agent = Annotated[Person | Organization, Field(discriminator="type")]
"""An inline person or organization, told apart by ``type``."""


# --- conditions and studies -------------------------------------------------------------------


class MedicalCondition(Thing):
    type: Literal["MedicalCondition", "InfectiousDisease", "MedicalSignOrSymptom"]
    identifier: Many[Identifier] = Field(default_factory=new_list)
    image: Many[Image] = Field(default_factory=new_list)
    code: Many[MedicalCode] = Field(default_factory=new_list)
    epidemiology: str | None = None
    natural_progression: str | None = None
    expected_prognosis: str | None = None
    pathophysiology: str | None = None
    associated_anatomy: Many[str | dict[str, Any]] = Field(default_factory=new_list)
    possible_treatment: Many[Reference | dict[str, Any] | str] = Field(default_factory=new_list)
    risk_factor: Many[Reference | dict[str, Any] | str] = Field(default_factory=new_list)
    sign_or_symptom: Many[Reference | dict[str, Any] | str] = Field(default_factory=new_list)


class MedicalStudy(Thing):
    type: Literal["MedicalStudy", "MedicalTrial", "MedicalObservationalStudy"]
    identifier: Many[Identifier] = Field(default_factory=new_list)
    image: Many[Image] = Field(default_factory=new_list)
    code: Many[MedicalCode] = Field(default_factory=new_list)
    health_condition: Many[Reference | MedicalCondition] = Field(default_factory=new_list)
    sponsor: Many[Reference | Agent] = Field(default_factory=new_list)
    funding: Many[Reference | dict[str, Any]] = Field(default_factory=new_list)
    status: str | None = None
    study_location: Many[Reference | Place] = Field(default_factory=new_list)
    study_subject: Many[Reference | dict[str, Any]] = Field(default_factory=new_list)


class MedicalTrial(MedicalStudy):
    type: Literal["MedicalTrial"]
    trial_design: str | None = None


class MedicalObservationalStudy(MedicalStudy):
    type: Literal["MedicalObservationalStudy"]
    study_design: str | None = None


# --- articles ---------------------------------------------------------------------------------


class Article(Thing):
    type: Literal[
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
    ]
    identifier: Many[Identifier] = Field(default_factory=new_list)
    headline: str | None = None
    alternative_headline: str | None = None
    image: Many[Image] = Field(default_factory=new_list)
    thumbnail_url: URL | None = None
    date_published: DateText | None = None
    date_modified: DateText | None = None
    date_created: DateText | None = None
    author: Many[Reference | Agent] = Field(default_factory=new_list)
    publisher: Many[Reference | Agent] = Field(default_factory=new_list)
    editor: Many[Reference | Person] = Field(default_factory=new_list)
    contributor: Many[Reference | Agent] = Field(default_factory=new_list)
    copyright_holder: Many[Reference | Agent] = Field(default_factory=new_list)
    copyright_year: int | None = None
    about: Many[Reference | Thing] = Field(default_factory=new_list)
    mentions: Many[Reference | Thing] = Field(default_factory=new_list)
    keywords: Many[str | DefinedTerm] = Field(default_factory=new_list)
    article_section: Many[str] = Field(default_factory=new_list)
    genre: Many[str] = Field(default_factory=new_list)
    in_language: str | None = None
    is_based_on: Many[Reference | URL] = Field(default_factory=new_list)
    citation: Many[Reference | URL | dict[str, Any]] = Field(default_factory=new_list)
    is_accessible_for_free: StrictBool | None = None
    word_count: int | None = None
    license: URL | None = None


class NewsArticle(Article):
    type: Literal[
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
    ]
    dateline: str | None = None
    print_edition: str | None = None
    print_page: str | None = None
    print_section: str | None = None
    print_column: str | None = None


class ReportageNewsArticle(NewsArticle):
    type: Literal["ReportageNewsArticle"]


class AnalysisNewsArticle(NewsArticle):
    type: Literal["AnalysisNewsArticle"]


class BackgroundNewsArticle(NewsArticle):
    type: Literal["BackgroundNewsArticle"]


class OpinionNewsArticle(NewsArticle):
    type: Literal["OpinionNewsArticle"]


class ReviewNewsArticle(NewsArticle):
    type: Literal["ReviewNewsArticle"]


class AskPublicNewsArticle(NewsArticle):
    type: Literal["AskPublicNewsArticle"]
