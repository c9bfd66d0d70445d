"""A small deterministic corpus for the linked-data tests: every record kind, every link kind,
and values that are hard to carry through JSON-LD, HTML and RDF (quotes, backslashes, new lines,
``</script>``, U+2028, non-Latin text, dates with and without a time, numbers, booleans)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_site

CONFIG = """\
[site]
title = "Corpus Desk"
base_url = "https://corpus.example/"
language = "en"
description = "Generated records for the linked-data tests."
"""

TRICKY = [
    'Quote \\"double\\" and \\\\backslash\\\\',
    "</script><script>alert(1)</script> & <b>",
    "Line\\u2028separator and para\\u2029graph",
    "日本語の見出し – iPS細胞",
    "Tab\\tand new\\nline",
]


def _q(text: str) -> str:
    return '"' + text + '"'


def corpus_files(n_articles: int) -> dict[str, str]:
    n_people = max(3, n_articles // 4)
    n_orgs = max(2, n_articles // 10)
    n_studies = max(2, n_articles // 8)
    n_conditions = max(2, n_articles // 20)
    files: dict[str, str] = {}
    for i in range(n_orgs):
        kind = ("NewsMediaOrganization", "CollegeOrUniversity", "ResearchOrganization")[i % 3]
        files[f"content/organizations/org-{i}.yaml"] = (
            f"type: {kind}\nname: Organization {i}\nurl: https://org{i}.example/\n"
            f"address:\n  type: PostalAddress\n  addressLocality: City {i}\n  addressCountry: JP\n"
            f"logo:\n  type: ImageObject\n  url: https://org{i}.example/logo.png\n"
        )
    for i in range(n_people):
        files[f"content/people/person-{i}.yaml"] = (
            f"type: Person\nname: {_q(TRICKY[i % len(TRICKY)] + f' {i}')}\njobTitle: Researcher\n"
            f"affiliation: organizations/org-{i % n_orgs}\n"
            f"sameAs: [https://www.wikidata.org/wiki/Q{1000 + i}]\n"
        )
    for i in range(n_conditions):
        files[f"content/conditions/condition-{i}.yaml"] = (
            f"type: MedicalCondition\nname: Condition {i}\n"
            f"code:\n  type: MedicalCode\n  codeValue: X{i}.0\n  codingSystem: ICD-10\n"
        )
    for i in range(n_studies):
        kind = ("MedicalStudy", "MedicalTrial", "MedicalObservationalStudy")[i % 3]
        files[f"content/studies/study-{i}.yaml"] = (
            f"type: {kind}\nname: Study {i}\nsponsor: organizations/org-{i % n_orgs}\n"
            f"status: ResultsAvailable\nhealthCondition: conditions/condition-{i % n_conditions}\n"
            f"studyLocation:\n  type: AdministrativeArea\n  name: Place {i}\n"
        )
    for i in range(n_articles):
        kind = ("NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle")[i % 3]
        date = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"
        published = date if i % 2 else f"{date}T10:{i % 60:02d}:00+09:00"
        files[f"content/articles/article-{i}.md"] = (
            f"---\ntype: {kind}\nheadline: {_q(TRICKY[(i + 1) % len(TRICKY)] + f' {i}')}\n"
            f"datePublished: {published}\n"
            f"author: [people/person-{i % n_people}]\npublisher: organizations/org-{i % n_orgs}\n"
            f"about: [studies/study-{i % n_studies}, conditions/condition-{i % n_conditions}]\n"
            f"mentions: [people/person-{(i + 1) % n_people}]\n"
            f"isAccessibleForFree: {'true' if i % 2 else 'false'}\nwordCount: {500 + i}\n"
            f"keywords: [alpha, beta {i}]\n"
            f"image:\n  - type: ImageObject\n    url: https://corpus.example/static/{i}.jpg\n"
            f"    width: 1200\n    height: 675\n"
            f"---\nBody of article {i}.\n"
        )
    return files


def write_corpus(root: Path, n_articles: int) -> Path:
    return write_site(root, corpus_files(n_articles), CONFIG)
