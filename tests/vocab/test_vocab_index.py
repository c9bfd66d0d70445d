"""Facts of the checked-in schema.org 30.1 index (schemas/vocab.json)."""

from __future__ import annotations

import pytest

from publisher.vocab import Vocabulary, load_vocabulary, normalize_term


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def test_version_and_cache(vocab: Vocabulary) -> None:
    assert vocab.schema_version == "30.1"
    assert load_vocabulary() is vocab


def test_inheritance(vocab: Vocabulary) -> None:
    assert vocab.parents("NewsArticle") == ("Article",)
    assert vocab.ancestors("NewsArticle") == ("NewsArticle", "Article", "CreativeWork", "Thing")
    assert vocab.is_subtype("NewsArticle", "Article")
    assert vocab.is_subtype("NewsArticle", "CreativeWork")
    assert vocab.is_subtype("NewsArticle", "NewsArticle")
    assert not vocab.is_subtype("Article", "NewsArticle")
    assert vocab.is_subtype("MedicalTrial", "MedicalStudy")
    assert vocab.ancestors("NoSuchType") == ()
    assert not vocab.is_subtype("NoSuchType", "Thing")


def test_multiple_parents(vocab: Vocabulary) -> None:
    assert set(vocab.parents("ReviewNewsArticle")) == {"CriticReview", "NewsArticle"}
    assert vocab.is_subtype("ReviewNewsArticle", "Review")
    assert vocab.is_subtype("ReviewNewsArticle", "Article")


def test_properties_expected_with_inheritance(vocab: Vocabulary) -> None:
    assert vocab.expects("author", ["NewsArticle"])
    assert vocab.expects("author", "NewsArticle")  # a single type name is accepted too
    assert vocab.expects("name", ["MedicalTrial"])  # Thing's property
    assert vocab.expects("healthCondition", ["MedicalStudy"])
    assert vocab.expects("healthCondition", ["MedicalTrial"])
    assert vocab.expects("studyLocation", ["MedicalObservationalStudy"])
    assert not vocab.expects("healthCondition", ["NewsArticle"])
    assert vocab.expects("healthCondition", ["NewsArticle", "MedicalTrial"])
    assert not vocab.expects("noSuchProperty", ["Thing"])
    assert not vocab.expects("author", [])
    props = vocab.properties_for("NewsArticle")
    assert {"author", "headline", "dateline", "datePublished", "name", "sameAs"} <= props
    assert "healthCondition" not in props
    assert {"healthCondition", "status", "sponsor", "studyLocation"} <= vocab.properties_for("MedicalTrial")
    assert vocab.properties_for("NoSuchType") == frozenset()


def test_health_lifesci_terms(vocab: Vocabulary) -> None:
    for name in ("MedicalStudy", "MedicalTrial", "MedicalObservationalStudy", "MedicalCondition"):
        assert vocab.is_type(name)
    for name in ("healthCondition", "studyLocation", "studySubject", "trialDesign"):
        assert vocab.is_property(name)
    assert vocab.ranges("healthCondition") == ("MedicalCondition",)
    assert "MedicalStudyStatus" in vocab.ranges("status")
    assert vocab.in_range("status", "MedicalStudyStatus")
    assert vocab.in_range("healthCondition", ["MedicalCondition"])
    assert vocab.in_range("healthCondition", ["InfectiousDisease"])  # a MedicalCondition subtype
    assert not vocab.in_range("healthCondition", ["Person"])


def test_pending_terms_of_30_1(vocab: Vocabulary) -> None:
    for name in ("Researcher", "ConferenceEvent", "StatisticalVariable", "SpecialAnnouncement"):
        assert vocab.is_type(name), name
    assert vocab.is_property("hasGS1DigitalLink")


def test_enumerations(vocab: Vocabulary) -> None:
    assert vocab.is_enumeration("MedicalStudyStatus")
    assert vocab.is_enumeration("Enumeration")
    assert not vocab.is_enumeration("MedicalStudy")
    members = vocab.members("MedicalStudyStatus")
    assert {"ResultsAvailable", "Recruiting", "ActiveNotRecruiting", "Completed"} <= members
    assert vocab.is_member("ResultsAvailable")
    assert vocab.enumeration_of("ResultsAvailable") == ("MedicalStudyStatus",)
    assert vocab.enumeration_of("MedicalStudy") == ()
    assert members <= vocab.members("MedicalEnumeration")  # members of subtypes count
    assert set(vocab.enumeration_of("Radiography")) == {
        "MedicalImagingTechnique",
        "MedicalSpecialty",
    }
    assert vocab.members("Boolean") == {"True", "False"}
    assert vocab.members("NoSuchEnumeration") == frozenset()


def test_superseded_terms(vocab: Vocabulary) -> None:
    assert vocab.superseded_by("actors") == "actor"
    assert vocab.is_property("actor") and vocab.superseded_by("actor") is None
    assert vocab.superseded_by("Code") == "SoftwareSourceCode"
    assert vocab.superseded_by("ProductReturnNotPermitted") == "MerchantReturnNotPermitted"
    assert vocab.superseded_by("NewsArticle") is None
    assert vocab.superseded_terms()["episodes"] == "episode"


def test_inverse_properties(vocab: Vocabulary) -> None:
    assert vocab.inverse_of("about") == "subjectOf"
    assert vocab.inverse_of("subjectOf") == "about"
    assert vocab.inverse_of("name") is None


def test_datatypes(vocab: Vocabulary) -> None:
    for name in (
        "Text",
        "URL",
        "Date",
        "DateTime",
        "Time",
        "Number",
        "Integer",
        "Float",
        "Boolean",
    ):
        assert vocab.is_datatype(name), name
        assert vocab.is_type(name)
    assert vocab.is_subtype("URL", "Text")
    assert vocab.is_subtype("Integer", "Number")
    assert vocab.is_subtype("Float", "Number")
    assert not vocab.is_datatype("Thing")
    assert not vocab.is_datatype("NewsArticle")
    assert vocab.ranges("url") == ("URL",)
    assert vocab.ranges("datePublished") == ("Date", "DateTime")


@pytest.mark.parametrize(
    "value",
    [
        "Recruiting",
        "schema:Recruiting",
        "http://schema.org/Recruiting",
        "https://schema.org/Recruiting",
    ],
)
def test_normalize_term(vocab: Vocabulary, value: str) -> None:
    assert normalize_term(value) == "Recruiting"
    assert vocab.normalize_term(value) == "Recruiting"


@pytest.mark.parametrize(
    "value", ["https://example.org/Recruiting", "Active, not recruiting", "", "schema:", None, 3]
)
def test_normalize_term_rejects(value: object) -> None:
    assert normalize_term(value) is None


def test_counts(vocab: Vocabulary) -> None:
    assert len(vocab.type_names()) > 900
    assert len(vocab.property_names()) > 1500
    assert len(vocab.member_names()) > 500
    assert vocab.is_term("Recruiting") and vocab.is_term("author") and vocab.is_term("Thing")
    assert not vocab.is_term("Recruting")
