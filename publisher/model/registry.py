"""Which types live in which content folder, and which model reads each type."""

from __future__ import annotations

from publisher.model.base import Node
from publisher.model.types import (
    AdministrativeArea,
    AnalysisNewsArticle,
    Article,
    AskPublicNewsArticle,
    BackgroundNewsArticle,
    City,
    CollegeOrUniversity,
    Country,
    DefinedTerm,
    GovernmentOrganization,
    ImageObject,
    MedicalCode,
    MedicalCondition,
    MedicalObservationalStudy,
    MedicalStudy,
    MedicalTrial,
    NewsArticle,
    NewsMediaOrganization,
    OpinionNewsArticle,
    Organization,
    Person,
    Place,
    PostalAddress,
    PropertyValue,
    ReportageNewsArticle,
    ResearchOrganization,
    ReviewNewsArticle,
)

# kind (content folder) -> {type name: model}
KIND_TYPES: dict[str, dict[str, type[Node]]] = {
    "articles": {
        "NewsArticle": NewsArticle,
        "ReportageNewsArticle": ReportageNewsArticle,
        "AnalysisNewsArticle": AnalysisNewsArticle,
        "BackgroundNewsArticle": BackgroundNewsArticle,
        "OpinionNewsArticle": OpinionNewsArticle,
        "ReviewNewsArticle": ReviewNewsArticle,
        "AskPublicNewsArticle": AskPublicNewsArticle,
        "Article": Article,
    },
    "people": {"Person": Person},
    "organizations": {
        "Organization": Organization,
        "NewsMediaOrganization": NewsMediaOrganization,
        "CollegeOrUniversity": CollegeOrUniversity,
        "ResearchOrganization": ResearchOrganization,
        "GovernmentOrganization": GovernmentOrganization,
    },
    "studies": {
        "MedicalStudy": MedicalStudy,
        "MedicalTrial": MedicalTrial,
        "MedicalObservationalStudy": MedicalObservationalStudy,
    },
    "conditions": {"MedicalCondition": MedicalCondition},
}

# kind -> file extension of its records
FOLDER_KINDS: dict[str, str] = {
    "articles": ".md",
    "people": ".yaml",
    "organizations": ".yaml",
    "studies": ".yaml",
    "conditions": ".yaml",
}

# kind -> the fragment of the record's @id ("{base}people/{slug}/#person")
KIND_FRAGMENT: dict[str, str] = {
    "articles": "article",
    "people": "person",
    "organizations": "organization",
    "studies": "study",
    "conditions": "condition",
}

# inline things with a model of their own
INLINE_TYPES: dict[str, type[Node]] = {
    "ImageObject": ImageObject,
    "PropertyValue": PropertyValue,
    "DefinedTerm": DefinedTerm,
    "PostalAddress": PostalAddress,
    "Place": Place,
    "AdministrativeArea": AdministrativeArea,
    "City": City,
    "Country": Country,
    "MedicalCode": MedicalCode,
    "MedicalCondition": MedicalCondition,
}

TYPE_MODELS: dict[str, type[Node]] = {
    **INLINE_TYPES,
    **{name: model for types in KIND_TYPES.values() for name, model in types.items()},
}

# Which kinds of record a reference in a property may name. Properties not listed accept any
# kind; the schemaorg profile checks ranges of everything else against the vocabulary.
REFERENCE_KINDS: dict[str, tuple[str, ...]] = {
    "author": ("people", "organizations"),
    "publisher": ("organizations", "people"),
    "editor": ("people",),
    "contributor": ("people", "organizations"),
    "copyrightHolder": ("people", "organizations"),
    "creator": ("people", "organizations"),
    "sponsor": ("organizations", "people"),
    "funder": ("organizations", "people"),
    "affiliation": ("organizations",),
    "worksFor": ("organizations",),
    "memberOf": ("organizations",),
    "alumniOf": ("organizations",),
    "parentOrganization": ("organizations",),
    "subOrganization": ("organizations",),
    "healthCondition": ("conditions",),
    "studySubject": ("conditions", "studies"),
}

# Properties along which a chain of references must not come back to where it started.
ACYCLIC_PROPERTIES: tuple[str, ...] = ("parentOrganization", "subOrganization", "isPartOf")


def model_for(kind: str, type_name: str) -> type[Node] | None:
    return KIND_TYPES.get(kind, {}).get(type_name)
