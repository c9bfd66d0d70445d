"""The pieces: value formats, positions, term expansion, profiles and their errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.validate import values as V
from publisher.validate.graph import Graph
from publisher.validate.jsonld import JsonLdReader
from publisher.validate.positions import JsonSource, TextIndex, locate, pointer_offsets
from publisher.validate.profiles import ProfileError, catalogue, load_ruleset, validate_settings
from publisher.vocab import load_vocabulary


@pytest.mark.parametrize("text", ["2025-03-21", "2025-03", "2025", "2024-02-29"])
def test_dates(text: str) -> None:
    assert V.is_date(text) and V.is_date_or_datetime(text)


@pytest.mark.parametrize("text", ["2025-02-30", "2025-13", "21/03/2025", "March 2025", "2025-3-1", ""])
def test_not_dates(text: str) -> None:
    assert not V.is_date_or_datetime(text)


@pytest.mark.parametrize("text", ["2025-03-21T10:00", "2025-03-21T10:00:00Z", "2025-03-21T10:00:00.123+09:00",
                                  "2025-03-21 10:00:00+0900", "2025-03-21t10:00:00z", "2025-03-21T24:00:00Z"])
def test_datetimes(text: str) -> None:
    assert V.is_datetime(text)


def test_timezones_and_instants() -> None:
    assert V.has_timezone("2025-03-21") and V.has_timezone("2025-03-21T10:00:00-05:00")
    assert not V.has_timezone("2025-03-21T10:00:00")
    a, a_date = V.parse_instant("2025-03-21T10:00:00+09:00")  # type: ignore[misc]
    b, b_date = V.parse_instant("2025-03-21T01:00:00Z")  # type: ignore[misc]
    assert a == b and not a_date and not b_date
    assert V.parse_instant("2025-03-21")[1] is True  # type: ignore[index]
    assert V.parse_instant("2025-03-21T10:00:00+25:00") is None
    assert V.parse_instant("nonsense") is None


def test_numbers_booleans_durations_urls_languages() -> None:
    assert V.is_number("1.5e3") and V.is_number("-2") and not V.is_number("1,5")
    assert V.is_integer("12") and not V.is_integer("12.5")
    assert V.is_boolean_text("False") and V.is_boolean_text("https://schema.org/True")
    assert not V.is_boolean_text("yes")
    assert V.is_duration("PT1H30M") and V.is_duration("P1D") and not V.is_duration("PT") and not V.is_duration("90m")
    assert V.is_http_url("https://example.org/a?b#c") and not V.is_http_url("https:///a")
    # characters an IRI cannot hold: a JSON-LD processor drops the value, the page's RDF loses it
    for bad in ('https://x.example/?a=<script>&b="', "https://x.example/{x}", "https://x.example/a|b",
                "https://x.example/a^b", "https://x.example/a`b", "https://x.example/a\\b", "https://x<y.example/"):
        assert not V.is_http_url(bad), bad
    for good in ("https://x.example/%3Cscript%3E", "https://x.example/caf%C3%A9", "https://x.example/café",
                 "https://x.example/it's", "http://x.example:8080/a;b=c?d=e&f=g#h"):
        assert V.is_http_url(good), good
    assert V.url_scheme("mailto:a@b") == "mailto" and V.url_scheme("/a/b") is None
    assert V.url_scheme("C:\\x") is None
    for tag in ("en", "en-GB", "zh-Hant-TW", "sr-Latn-RS", "es-419", "de-CH-1901", "x-private", "i-klingon"):
        assert V.is_bcp47(tag), tag
    for tag in ("en_US", "English", "e", "en-", "123"):
        assert not V.is_bcp47(tag), tag


def test_pointer_positions() -> None:
    text = 'x = 1;\n{"a": [1, {"b/c": "x\\"y"}], "d": {"e": null}}\n'
    start = text.index("{")
    offsets = pointer_offsets(text, start)
    index = TextIndex(text)
    assert index.position(offsets["/a/1/b~1c"][0]) == (2, 19)
    assert index.position(offsets["/a/1/b~1c"][1]) == (2, 12)
    assert index.position(offsets["/d/e"][1]) == (2, 35)
    for pointer, expected in offsets.items():
        assert locate(text, start, pointer) == expected
    assert locate(text, start, "/a/7") is None and locate(text, start, "/zz") is None
    source = JsonSource("f", index, start)
    assert source.position("/a/1/b~1c/nope") == (2, 19)  # falls back to the nearest ancestor


def test_locate_with_known_pointers_finds_the_same_offsets() -> None:
    """Lookups that start at known ancestors (and known array elements) find what a walk from the
    root finds, in any order."""
    import json
    import random

    document = {"@graph": [{"n": i, "logo": [{"w": i}, {"x/y": [i, {"z": "q\\\"r"}]}]} for i in range(9)],
                "a~b": {"c": [[], {}, [1, [2]]]}}
    text = "  " + json.dumps(document, indent=1) + " tail"
    offsets = pointer_offsets(text, 2)
    pointers = sorted(offsets)
    for seed in range(5):
        random.Random(seed).shuffle(pointers)
        known: dict[str, tuple[int, int]] = {}
        for pointer in pointers:
            assert locate(text, 2, pointer, known) == offsets[pointer], pointer
            assert all(offsets[p] == found for p, found in known.items())
        assert locate(text, 2, "/@graph/12", known) is None and locate(text, 2, "/@graph/3/zz", known) is None
    source = JsonSource("f", TextIndex(text), 2)
    for pointer in ("/@graph/5/logo/0", "/@graph/7/logo/0", "/@graph/6/logo/1/x~1y/1/z", "/a~0b/c/2/1/0"):
        assert source.offsets(pointer) == offsets[pointer]


def test_text_index_many_lookups() -> None:
    text = "\n".join(f"line {n}" for n in range(100))
    index = TextIndex(text)
    for n in range(0, 100, 3):
        assert index.position(text.index(f"line {n}\n" if n < 99 else "line 99")) == (n + 1, 1)


def _read(document: object) -> list[tuple[list[str], list[str]]]:
    graph = Graph()
    problems: list[str] = []
    reader = JsonLdReader(JsonSource("t", TextIndex("{}")), graph, load_vocabulary(),
                          lambda code, *a, **k: problems.append(code))
    reader.document(document)
    return [(item.types, sorted(item.props)) for item in graph.items]


def test_term_expansion() -> None:
    items = _read({
        "@context": ["https://schema.org", {"dc": "http://purl.org/dc/terms/", "sdo": "https://schema.org/",
                                            "title": "dc:title", "by": {"@id": "sdo:author"}}],
        "@type": ["NewsArticle", "dc:Text", "sdo:Report"],
        "headline": "h", "dc:subject": "s", "title": "t", "by": "x", "sdo:about": "a",
        "http://schema.org/mentions": "m", "og:title": "o", "type": "MedicalWebPage",
    })
    types, props = items[0]
    assert types == ["NewsArticle", "Report", "MedicalWebPage"]  # "type" is schema.org's alias of @type
    assert props == ["about", "author", "headline", "mentions"]


def test_vocab_other_and_remote_contexts() -> None:
    assert _read({"@context": {"@vocab": "http://xmlns.com/foaf/0.1/"}, "@type": "Person", "name": "x"}) == [
        ([], [])]
    types, props = _read({"@context": ["https://schema.org", "https://example.org/ctx"],
                          "@type": "Person", "name": "x", "proof": "p", "colour": "c"})[0]
    assert types == ["Person"] and props == ["name"]  # unknown terms may be the remote context's


def test_reverse_becomes_forward() -> None:
    graph = Graph()
    reader = JsonLdReader(JsonSource("t", TextIndex("{}")), graph, load_vocabulary(), lambda *a, **k: None)
    reader.document({"@context": "https://schema.org", "@type": "Person", "@id": "#p",
                     "@reverse": {"author": {"@type": "Article", "headline": "h"}}})
    article = next(i for i in graph.items if i.types == ["Article"])
    (value, prop, _), = article.values("author")
    assert value.id == "#p" and prop.reverse


def test_catalogue_and_profiles() -> None:
    codes = catalogue()
    assert {"SDO101", "GGL101", "PUB101", "CHK001", "SRC001", "REF001", "CFG001"} <= set(codes)
    for info in codes.values():
        assert info.title and info.summary and info.why and info.fix, info.code
    ruleset = load_ruleset(("publisher",))
    assert ruleset.profiles == ["schemaorg", "google", "publisher"]
    assert ruleset.severity("GGL130").value == "info"  # the publisher profile lowers it
    assert load_ruleset(("google",)).severity("GGL130").value == "warning"
    assert load_ruleset(("publisher",), severity={"PUB107": "off"}).severity("PUB107") is None


@pytest.mark.parametrize("body, message", [
    ('[[rules]]\nkind = "nope"\ncode = "X1"', "unknown rule kind"),
    ('[[rules]]\nkind = "present"\ncode = "GGL101"\ntypes = ["Artcle"]\nproperties = ["name"]',
     "unknown schema.org type 'Artcle'"),
    ('[[rules]]\nkind = "present"\ncode = "GGL101"\nproperties = ["nmae"]', "unknown schema.org property 'nmae'"),
    ('[[rules]]\nkind = "present"\ncode = "ZZZ101"\nproperties = ["name"]', "code ZZZ101 is not defined"),
    ('[[rules]]\nkind = "pattern"\ncode = "GGL101"\nproperties = ["name"]\nmatch = "("', "invalid regular"),
    ('[codes.GGL101]\ntitle = "mine"', "built-in code"),
    ('[severity]\nGGL101 = "loud"', "severity of GGL101"),
    ('include = ["me.toml"]', "includes itself"),
    ('bogus = 1', "unknown setting"),
    ('[[rules]]\nkind = "member"\ncode = "GGL101"\nproperty = "status"\nenumeration = "Thing"', "not a schema.org enumeration"),
])
def test_profile_errors(tmp_path: Path, body: str, message: str) -> None:
    (tmp_path / "me.toml").write_text(f'name = "me"\n{body}\n')
    with pytest.raises(ProfileError, match=message):
        load_ruleset(("me.toml",), tmp_path)


def test_yaml_profile_and_validate_settings(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "name: y\ncodes:\n  YML101:\n    severity: warning\n    title: t\n"
        "rules:\n  - code: YML101\n    kind: present\n    types: [Person]\n    properties: [email]\n")
    ruleset = load_ruleset(("p.yaml",), tmp_path)
    assert any(rule.code == "YML101" for rule in ruleset.rules)
    (tmp_path / "publisher.toml").write_text('[validate]\nprofiles = "google"\nseverity = { GGL101 = "off" }\n')
    assert validate_settings(tmp_path / "publisher.toml") == (("google",), {"GGL101": "off"})
    with pytest.raises(ProfileError):
        load_ruleset(("missing.toml",), tmp_path)


def _codes_of(document: str, profiles: tuple[str, ...] = ("schemaorg",)) -> list[str]:
    from publisher.validate.check import check_text

    found, _ = check_text(document, "t.jsonld", load_ruleset(profiles), as_json=True)
    return sorted(d.code for d in found)


@pytest.mark.parametrize("value, codes", [
    ('"09:00"', []), ('"09:00:00+01:00"', []), ('"9am"', ["SDO105"]), ("9", ["SDO105"]),
])
def test_time_values(value: str, codes: list[str]) -> None:
    doc = ('{"@context": "https://schema.org", "@type": "OpeningHoursSpecification", '
           f'"dayOfWeek": "https://schema.org/Monday", "opens": {value}, "closes": "17:00"}}')
    assert _codes_of(doc) == codes


@pytest.mark.parametrize("prop, value, codes", [
    ("numberOfEmployees", '{"@type": "QuantitativeValue", "value": 12}', []),
    ("numberOfEmployees", "12", []),                       # a number where a QuantitativeValue goes
    ("foundingDate", '"1858"', []),                        # a reduced-precision ISO date
    ("foundingDate", "1858", ["SDO105"]),                  # a number is not a date
    ("foundingDate", '"1858-01-01T00:00:00Z"', []),        # a DateTime where a Date goes: accepted
    ("email", '"news@example.org"', []),
    ("url", '"/about"', []),                               # a relative URL is a URL
    ("url", '"not a url"', ["SDO105"]),
    ("logo", '"https://example.org/l.png"', []),           # a URL where an ImageObject goes
    ("founder", '"Jane Doe"', []),                         # text where a Person goes
    ("founder", "true", ["SDO104"]),
    ("address", '{"name": "an untyped thing"}', []),
    ("legalName", '{"name": "an object where text goes"}', ["SDO104"]),
    ("legalName", '{"@id": "https://example.org/x"}', ["SDO104"]),
])
def test_ranges_are_lenient_where_schema_org_is(prop: str, value: str, codes: list[str]) -> None:
    doc = f'{{"@context": "https://schema.org", "@type": "Organization", "name": "O", "{prop}": {value}}}'
    assert _codes_of(doc) == codes


def test_read_limited_reads_what_read_limit_reads(tmp_path: Path) -> None:
    """check reads a file by its size, a pipe in chunks; either way the bytes of ``read(limit)``."""
    import io
    import os

    from publisher.validate import check

    for size in (0, 1, 5, 6, 7, 3 * 2**20 + 3):
        path = tmp_path / f"f{size}"
        path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
        for limit in (1, 6, 2**20, 2**20 + 1, 2**22):
            with open(path, "rb") as handle:
                expected = handle.read(limit)
            with open(path, "rb") as handle:
                assert check.read_limited(handle, limit) == expected, (size, limit)
            assert check.read_limited(io.BytesIO(path.read_bytes()), limit) == expected
    read, write = os.pipe()
    with os.fdopen(write, "wb") as sink:
        sink.write(b"y" * 60000)  # less than a pipe holds: no reader needed
    with os.fdopen(read, "rb") as source:
        assert check.read_limited(source, 50001) == b"y" * 50001
