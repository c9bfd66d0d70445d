"""The example site loads cleanly and its graph states every fact of the seeds."""

from __future__ import annotations

import re
from typing import Any

import pytest

from publisher import load_site
from publisher.render.pages import iter_pages

from .conftest import EXAMPLE

BASE = "https://ips-spinal-cord.example/"


@pytest.fixture(scope="module")
def site():
    return load_site(EXAMPLE)


@pytest.fixture(scope="module")
def graph(site) -> dict[str, dict[str, Any]]:
    nodes: dict[str, dict[str, Any]] = {}
    for page in iter_pages(site):
        for node in page.document["@graph"]:
            nodes[node["@id"]] = node
    return nodes


def text_of(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(text_of(v) for k, v in value.items() if not k.startswith("@"))
    if isinstance(value, list):
        return " ".join(text_of(v) for v in value)
    return str(value)


def ids(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [item["@id"] for item in items if isinstance(item, dict)]


def test_loads_with_zero_errors(site) -> None:
    assert [d for d in site.diagnostics if d.severity.value == "error"] == []
    kinds = {r.kind for r in site.records.values()}
    assert kinds == {"articles", "people", "organizations", "studies", "conditions"}


def test_records_required_by_the_issue(site) -> None:
    names = {r.title for r in site.records.values()}
    for name in ["Hideyuki Okano", "Anya Sharma", "Keio University", "Archyde", "NHK World-Japan",
                 "National Spinal Cord Injury Statistical Center",
                 "Christopher & Dana Reeve Foundation", "Spinal cord injury"]:
        assert name in names


def test_study_facts(graph) -> None:
    study = graph[BASE + "studies/keio-ipsc-sci/#study"]
    assert study["@type"] in ("MedicalStudy", "MedicalTrial")
    text = text_of(study)
    facts = {
        "4 participants": r"\bfour patients\b",
        "2 million cells": r"\b2 million\b",
        "14-28 days": r"14 to 28 days",
        "approval 2019": r"approval in 2019",
        "first operation 2022": r"first operation was performed in 2022",
        "one-year outcome": r"one year after transplantation",
        "2 of 4 improved": r"two of the four",
        "A to D": r"grade A to grade D",
        "A to C": r"from A to C",
        "no serious adverse events": r"serious adverse event",
        "lead": r"Hideyuki Okano",
        "next step": r"clinical trial",
    }
    for fact, pattern in facts.items():
        assert re.search(pattern, text, re.I), fact
    assert ids(study["sponsor"]) == [BASE + "organizations/keio-university/#organization"]
    assert study["studyLocation"][0]["name"] == "Tokyo"
    assert study["status"] in ("ResultsAvailable", "Completed", "ActiveNotRecruiting")
    condition = graph[ids(study["healthCondition"])[0]]
    assert condition["name"] == "Spinal cord injury"
    assert condition["code"][0]["codeValue"] == "T09.3"
    assert condition["code"][0]["codingSystem"] == "ICD-10"
    context = text_of(condition)
    assert "5,000" in context and "18,000" in context and "10%" in context


def test_people(graph) -> None:
    okano = graph[BASE + "people/hideyuki-okano/#person"]
    assert okano["name"] == "Hideyuki Okano"
    assert "Okano Hideyuki" in okano["alternateName"]
    assert ids(okano["affiliation"]) == [BASE + "organizations/keio-university/#organization"]
    sharma = graph[BASE + "people/anya-sharma/#person"]
    assert sharma["name"] == "Anya Sharma"
    assert "neurolog" in text_of(sharma).lower()


def test_articles(site, graph) -> None:
    study_id = BASE + "studies/keio-ipsc-sci/#study"
    articles = [n for n in graph.values() if n["@type"].endswith("Article")]
    assert len(articles) == 3
    for article in articles:
        linked = ids(article.get("about", [])) + ids(article.get("mentions", []))
        assert study_id in linked, article["@id"]
    nhk = graph[BASE + "articles/nhk-ips-cells-spinal-cord-recovery/#article"]
    assert nhk["url"] == "https://www3.nhk.or.jp/nhkworld/en/news/20250321_21/"
    assert nhk["datePublished"].startswith("2025-03-21")
    assert ids(nhk["publisher"]) == [BASE + "organizations/nhk-world-japan/#organization"]
    archyde = [a for a in articles if "archyde" in a["@id"]]
    assert len(archyde) == 2
    for article in archyde:
        assert article["datePublished"].startswith("2025-03-24")
        assert ids(article["publisher"]) == [BASE + "organizations/archyde/#organization"]
    interview = graph[BASE + "articles/archyde-interview-anya-sharma/#article"]
    linked = ids(interview.get("about", [])) + ids(interview.get("mentions", []))
    assert BASE + "people/anya-sharma/#person" in linked


def test_bodies_are_not_copied_from_the_seeds(site, seeds) -> None:
    """No sentence of ten words or more from a seed appears in an article body."""
    seed_text = " ".join(p.read_text() for p in seeds.glob("*.txt"))
    seed_words = re.findall(r"[a-z0-9']+", seed_text.lower())
    shingles = {" ".join(seed_words[i : i + 10]) for i in range(len(seed_words) - 9)}
    for record in site.of_kind("articles"):
        words = re.findall(r"[a-z0-9']+", (record.body or "").lower())
        copied = [" ".join(words[i : i + 10]) for i in range(len(words) - 9)
                  if " ".join(words[i : i + 10]) in shingles]
        # one short attributed quote is allowed
        assert len(copied) <= 3, (record.ref, copied[:3])
