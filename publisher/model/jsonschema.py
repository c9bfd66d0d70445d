"""JSON Schemas of the record files, generated from the pydantic models.

One schema per kind of record (``article.schema.json`` covers the front matter of every article
type, with ``type`` choosing the branch), written to ``schemas/jsonschema/`` and checked in, so
that editors can complete and check records while they are written. The schemas use the names
the files use (schema.org property names), accept one value or a list wherever the model does,
ask for the reference pattern (``people/<slug>``) where a record is expected, narrowed to the
kinds of record the property may name, and allow properties the models do not name.

They are draft-07 schemas: the draft editors support best (VS Code's YAML extension, AJV).

    python -m publisher.model.jsonschema            # rewrite schemas/jsonschema/
    python -m publisher.model.jsonschema --check    # exit 1 when the checked-in files are stale
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue, models_json_schema
from pydantic_core import core_schema

from publisher import generated
from publisher.model import values
from publisher.model.base import Node
from publisher.model.registry import FOLDER_KINDS, KIND_TYPES, REFERENCE_KINDS
from publisher.model.values import REFERENCE_RE, SLUG_RE

DRAFT = "http://json-schema.org/draft-07/schema#"
REF_TEMPLATE = "#/definitions/{model}"

# kind (content folder) -> the schema's file name stem
KIND_FILES: dict[str, str] = {
    "articles": "article",
    "people": "person",
    "organizations": "organization",
    "studies": "study",
    "conditions": "condition",
}

_KIND_TITLES: dict[str, tuple[str, str]] = {
    "articles": (
        "publisher article (front matter)",
        "The YAML front matter of content/articles/<slug>.md. `type` picks the article type; "
        "the Markdown body follows the closing `---`.",
    ),
    "people": ("publisher person record", "content/people/<slug>.yaml: a schema.org Person."),
    "organizations": (
        "publisher organization record",
        "content/organizations/<slug>.yaml: a schema.org Organization or one of its types.",
    ),
    "studies": (
        "publisher study record",
        "content/studies/<slug>.yaml: a schema.org MedicalStudy, MedicalTrial or "
        "MedicalObservationalStudy.",
    ),
    "conditions": (
        "publisher condition record",
        "content/conditions/<slug>.yaml: a schema.org MedicalCondition.",
    ),
}

_DATE_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_URL_PATTERN = values._URL_RE.pattern

# What editors show when completing a property: short, in the words of schema.org.
DESCRIPTIONS: dict[str, str] = {
    "type": "The schema.org type of this thing.",
    "name": "The name of the item.",
    "alternateName": "Another name: an abbreviation, a former name, a name in another script or order.",
    "description": "A short description of the item (one or two sentences).",
    "disambiguatingDescription": "A short description that tells this item apart from similar ones.",
    "url": "The item's own web address (absolute http(s) URL).",
    "sameAs": "Web addresses that identify the same thing elsewhere (Wikidata, ORCID, an official page).",
    "additionalType": "A more specific type from another vocabulary, as a URL.",
    "identifier": "An identifier: text, or a PropertyValue with propertyID and value.",
    "image": "An image: a URL, or an ImageObject with url, width, height and caption.",
    "headline": "The article's headline (Google: at most 110 characters).",
    "alternativeHeadline": "A secondary headline or subtitle.",
    "datePublished": "When it was first published: 2025-03-21 or 2025-03-21T10:00:00+09:00.",
    "dateModified": "When it was last changed: 2025-03-22 or 2025-03-22T07:00:00+09:00.",
    "dateCreated": "When it was created: an ISO 8601 date or date-time.",
    "author": "Who wrote it: people/<slug> or organizations/<slug>, or an inline Person/Organization.",
    "publisher": "Who published it: organizations/<slug> (or people/<slug>), or an inline Organization.",
    "editor": "Who edited it: people/<slug>, or an inline Person.",
    "contributor": "Who else contributed: people/<slug> or organizations/<slug>.",
    "copyrightHolder": "Who holds the copyright: people/<slug> or organizations/<slug>.",
    "copyrightYear": "The year the copyright was first asserted.",
    "about": "What it is mainly about: references such as studies/<slug> or conditions/<slug>.",
    "mentions": "Things it mentions: references such as people/<slug> or organizations/<slug>.",
    "keywords": "Keywords or tags: a list of words or phrases.",
    "articleSection": "The section of the publication it belongs to, e.g. Health.",
    "genre": "The genre, e.g. interview.",
    "inLanguage": "The language it is written in, as a BCP 47 tag (en, ja, pt-BR).",
    "isBasedOn": "What it is based on: the addresses of the source reports, or references.",
    "citation": "Works it cites: addresses, references or inline CreativeWorks.",
    "isAccessibleForFree": "Whether it can be read without paying.",
    "wordCount": "The number of words in the text.",
    "license": "The address of the license it is published under.",
    "thumbnailUrl": "The address of a thumbnail image.",
    "dateline": "Where (and when) the story was filed, e.g. Tokyo, March 24.",
    "printEdition": "The edition of the print product.",
    "printPage": "The page of the print product.",
    "printSection": "The section of the print product.",
    "printColumn": "The column of the print product.",
    "givenName": "The given (first) name.",
    "familyName": "The family (last) name.",
    "additionalName": "A middle name or another additional name.",
    "honorificPrefix": "An honorific before the name, e.g. Dr. or Prof.",
    "honorificSuffix": "An honorific after the name, e.g. PhD or MD.",
    "jobTitle": "The person's job title, e.g. Professor.",
    "affiliation": "Organizations the person is affiliated with: organizations/<slug>.",
    "worksFor": "Organizations the person works for: organizations/<slug>.",
    "memberOf": "Organizations it is a member of: organizations/<slug>.",
    "alumniOf": "Organizations the person studied at: organizations/<slug>.",
    "knowsAbout": "Topics the person or organization knows about: text or references.",
    "email": "An email address.",
    "telephone": "A telephone number.",
    "nationality": "The person's nationality: a Country, or its name.",
    "legalName": "The registered name of the organization.",
    "logo": "The organization's logo: a URL or an ImageObject.",
    "address": "The postal address: a PostalAddress or text.",
    "location": "Where the organization is: a Place, or text.",
    "parentOrganization": "The larger organization this one is part of: organizations/<slug>.",
    "subOrganization": "Organizations that are part of this one: organizations/<slug>.",
    "foundingDate": "When the organization was founded: an ISO 8601 date.",
    "areaServed": "The area it serves: a Place, or its name.",
    "publishingPrinciples": "The address of the editorial principles or policies.",
    "masthead": "The address of the masthead page (who runs the publication).",
    "ethicsPolicy": "The address of the ethics policy.",
    "correctionsPolicy": "The address of the corrections policy.",
    "diversityPolicy": "The address of the diversity policy.",
    "verificationFactCheckingPolicy": "The address of the fact-checking policy.",
    "actionableFeedbackPolicy": "The address of the feedback policy.",
    "unnamedSourcesPolicy": "The address of the policy on unnamed sources.",
    "ownershipFundingInfo": "The address (or text) describing ownership and funding.",
    "healthCondition": "The condition studied: conditions/<slug>, or an inline MedicalCondition.",
    "sponsor": "Who sponsors the study: organizations/<slug> or people/<slug>, or inline.",
    "funding": "How the study is funded: a Grant, or a reference.",
    "status": "The study's status, a MedicalStudyStatus member such as Recruiting or ResultsAvailable.",
    "studyLocation": "Where the study takes place: an AdministrativeArea or Place.",
    "studySubject": "What is studied: a therapy or procedure (inline), or conditions/<slug>.",
    "trialDesign": "The trial's design, a MedicalTrialDesign member such as RandomizedTrial.",
    "studyDesign": "The observational study's design, e.g. CohortStudy.",
    "code": "A code for the thing in a medical coding system: a MedicalCode.",
    "codeValue": "The code, e.g. T09.3.",
    "codingSystem": "The coding system, e.g. ICD-10.",
    "epidemiology": "How common the condition is and whom it affects.",
    "naturalProgression": "How the condition develops without treatment.",
    "expectedPrognosis": "The likely outcome.",
    "pathophysiology": "What goes wrong in the body.",
    "associatedAnatomy": "The anatomy concerned.",
    "possibleTreatment": "Possible treatments: text, references or inline therapies.",
    "riskFactor": "Risk factors: text, references or inline MedicalRiskFactors.",
    "signOrSymptom": "Signs or symptoms: text, references or inline things.",
    "caption": "The caption shown with the image.",
    "width": "Width in pixels.",
    "height": "Height in pixels.",
    "contentUrl": "The address of the image file itself.",
    "creditText": "Who to credit for the image.",
    "copyrightNotice": "The copyright notice of the image.",
    "acquireLicensePage": "Where to find how to license the image.",
    "creator": "Who made it: people/<slug> or organizations/<slug>.",
    "encodingFormat": "The media type, e.g. image/jpeg.",
    "propertyID": "What kind of identifier this is, e.g. ORCID or a registry's name.",
    "value": "The identifier's value.",
    "termCode": "The code of the term in its set.",
    "inDefinedTermSet": "The set (vocabulary) the term belongs to.",
    "streetAddress": "Street and number.",
    "addressLocality": "The city or town.",
    "addressRegion": "The region or state.",
    "postalCode": "The postal code.",
    "addressCountry": "The country: a two-letter ISO 3166-1 code such as JP.",
    "containedInPlace": "The place this one is in.",
}

_TYPE_DESCRIPTIONS: dict[str, str] = {
    "Thing": "Any schema.org thing, written inline with its own `type`.",
    "PropertyValue": "An identifier or measured value: propertyID names the scheme, value holds it.",
    "ImageObject": "An image: url (required in practice), width, height, caption.",
    "DefinedTerm": "A term from a controlled vocabulary.",
    "PostalAddress": "A postal address.",
    "Place": "A place, written inline.",
    "AdministrativeArea": "A city, state, country or other administrative area.",
    "City": "A city.",
    "Country": "A country.",
    "MedicalCode": "A code in a medical coding system (ICD-10, MeSH, ...).",
    "Organization": "An organization.",
    "NewsMediaOrganization": "A news organization; its policies are addresses of pages.",
    "CollegeOrUniversity": "A college or university.",
    "ResearchOrganization": "A research organization.",
    "GovernmentOrganization": "A government organization.",
    "Person": "A person.",
    "MedicalCondition": "A disease, injury or other medical condition.",
    "MedicalStudy": "A medical study.",
    "MedicalTrial": "A medical trial (an interventional study).",
    "MedicalObservationalStudy": "An observational medical study.",
    "Article": "An article.",
    "NewsArticle": "A news article.",
    "ReportageNewsArticle": "A news report based on the reporter's own observation or research.",
    "AnalysisNewsArticle": "News analysis: interpretation of the news.",
    "BackgroundNewsArticle": "Background: context for the news.",
    "OpinionNewsArticle": "An opinion piece.",
    "ReviewNewsArticle": "A review.",
    "AskPublicNewsArticle": "An article asking the public for information.",
}

_STATUS_EXAMPLES = [
    "ActiveNotRecruiting", "Completed", "EnrollingByInvitation", "NotYetRecruiting", "Recruiting",
    "ResultsAvailable", "ResultsNotAvailable", "Suspended", "Terminated", "Withdrawn",
]


class _Generator(GenerateJsonSchema):
    """pydantic's generator, taught our value types: one-or-many, URLs, dates."""

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> JsonSchemaValue:
        if _function(schema) is values._as_list:
            many = self.generate_inner(schema["schema"])
            item = many.get("items", {})
            branches = item["anyOf"] if set(item) == {"anyOf"} else [item]
            return {"anyOf": [*branches, {"type": "array", "items": item}]}
        return super().function_before_schema(schema)

    def function_after_schema(self, schema: core_schema.AfterValidatorFunctionSchema) -> JsonSchemaValue:
        function = _function(schema)
        if function is values._check_url:
            return {"type": "string", "format": "uri", "pattern": _URL_PATTERN}
        if function is values._check_date:
            return {"type": "string", "pattern": _DATE_PATTERN}
        return super().function_after_schema(schema)


def _function(schema: Any) -> Any:
    return schema.get("function", {}).get("function")


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _reference_schema(kinds: tuple[str, ...]) -> dict[str, Any]:
    pattern = REFERENCE_RE.pattern.replace(
        "(articles|people|organizations|studies|conditions)", f"({'|'.join(kinds)})"
    )
    examples = " or ".join(f"{kind}/<slug>" for kind in kinds)
    return {
        "type": "string",
        "pattern": pattern,
        "title": "Reference",
        "description": f"A record of the site: {examples}.",
    }


def _is_reference(node: dict[str, Any]) -> bool:
    return node.get("title") == "Reference" and node.get("pattern") == REFERENCE_RE.pattern


def _tidy_property(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    schema = dict(schema)
    schema.pop("title", None)
    schema.pop("default", None)
    kinds = REFERENCE_KINDS.get(name)
    if kinds:
        for node in _walk(schema):
            if _is_reference(node):
                node.update(_reference_schema(kinds))
    if name in DESCRIPTIONS:
        schema = {"description": DESCRIPTIONS[name], **schema}
    if name == "status":
        schema["examples"] = _STATUS_EXAMPLES
    return schema


def _tidy_definitions(definitions: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in sorted(definitions):
        definition = copy.deepcopy(definitions[name])
        for node in _walk(definition):
            node.pop("discriminator", None)
        properties = definition.get("properties", {})
        definition["properties"] = {key: _tidy_property(key, value) for key, value in properties.items()}
        if name in _TYPE_DESCRIPTIONS:
            definition["description"] = _TYPE_DESCRIPTIONS[name]
        out[name] = definition
    return out


def _representative(model: type[Node], kind_models: set[type[Node]]) -> type[Node]:
    """The most general model of the kind that reads ``model``'s records alike.

    ``ReportageNewsArticle`` names no property ``NewsArticle`` does not, and ``NewsArticle``'s
    ``type`` takes it too, so one definition serves both.
    """
    for parent in model.__mro__[1:]:
        if parent not in kind_models or set(parent.model_fields) != set(model.model_fields):
            break
        model = parent
    return model


def kind_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of record (``articles``, ``people``, ...)."""
    types = KIND_TYPES[kind]
    kind_models = set(types.values())
    chosen = {name: _representative(model, kind_models) for name, model in types.items()}
    _, top = models_json_schema(
        [(model, "validation") for model in dict.fromkeys(chosen.values())],
        by_alias=True,
        ref_template=REF_TEMPLATE,
        schema_generator=_Generator,
    )
    definitions = _tidy_definitions(top.get("$defs", {}))
    title, description = _KIND_TITLES[kind]
    properties: dict[str, Any] = {
        "type": {"description": "The schema.org type of the record.", "enum": list(types)},
        "slug": {
            "description": "The record's slug, when it is not the file name: lower-case letters, "
            "digits and single hyphens.",
            "type": "string",
            "pattern": SLUG_RE.pattern,
        },
    }
    if kind == "articles":
        properties["draft"] = {
            "description": "true keeps the article out of `publisher build` unless --drafts is given.",
            "type": "boolean",
        }
    if len(types) == 1:
        branches: list[dict[str, Any]] = [{"$ref": REF_TEMPLATE.format(model=next(iter(types)))}]
    else:
        branches = [
            {
                "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
                "then": {"$ref": REF_TEMPLATE.format(model=model.__name__)},
            }
            for name, model in chosen.items()
        ]
    return {
        "$schema": DRAFT,
        "title": title,
        "description": description,
        "type": "object",
        "required": ["type"],
        "properties": properties,
        "additionalProperties": True,
        "allOf": branches,
        "definitions": definitions,
    }


def file_globs(kind: str) -> list[str]:
    if FOLDER_KINDS[kind] == ".md":
        return [f"content/{kind}/*.md"]
    return [f"content/{kind}/*.yaml", f"content/{kind}/*.yml"]


def index_document() -> dict[str, Any]:
    return {
        "description": "The JSON Schemas of publisher's record files, generated from the models by "
        "`python -m publisher.model.jsonschema` (make schemas). Articles are Markdown: their "
        "schema describes the YAML front matter.",
        "schemas": [
            {
                "kind": kind,
                "file": f"{stem}.schema.json",
                "fileMatch": file_globs(kind),
                "types": list(KIND_TYPES[kind]),
            }
            for kind, stem in KIND_FILES.items()
        ],
    }


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_all() -> dict[str, str]:
    """Every file of ``schemas/jsonschema/``: name -> text."""
    return dict(_render_all())


@cache
def _render_all() -> dict[str, str]:
    files = {f"{stem}.schema.json": _dump(kind_schema(kind)) for kind, stem in KIND_FILES.items()}
    files["index.json"] = _dump(index_document())
    return files


def default_folder() -> Path:
    """``schemas/jsonschema`` of the checkout (or of the installed package)."""
    from publisher.resources import schemas_dir

    return schemas_dir() / "jsonschema"


def stale_files(folder: Path) -> list[str]:
    """Files of ``folder`` that differ from what the models generate (or are missing/extra)."""
    return generated.stale_files(folder, render_all(), ".json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m publisher.model.jsonschema",
        description="Generate the JSON Schemas of the record files from the models.",
    )
    parser.add_argument("--out", type=Path, help="folder to write (default: schemas/jsonschema)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when the files are stale")
    args = parser.parse_args(argv)
    folder = args.out or default_folder()
    return generated.generator_main(folder, render_all(), ".json", args.check, "schemas")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
