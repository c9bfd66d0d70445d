"""Any valid record round-trips: what a record file says is what its page's JSON-LD says, and
what the RDF export says (the same values, with their datatypes)."""

from __future__ import annotations

import io
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from hypothesis import example, given
from hypothesis import strategies as st

from publisher import load_site, record_jsonld
from publisher.render.rdf import write_export

from .fuzzing import budget, texts, write_records

SCHEMA = "http://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
MAX_SAFE = 2**53 - 1

text_or_list = st.one_of(texts, st.lists(texts, min_size=1, max_size=3))
article = st.fixed_dictionaries(
    {"headline": texts},
    optional={
        "alternativeHeadline": texts,
        "description": texts,
        "keywords": st.lists(texts, min_size=1, max_size=4),
        "wordCount": st.integers(0, MAX_SAFE),
        "isAccessibleForFree": st.booleans(),
        "datePublished": st.builds(
            lambda d, minutes: d.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=minutes))).isoformat(),
            st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2024, 12, 31)),
            st.integers(-14 * 60, 14 * 60)),
        "articleSection": text_or_list,
    },
)
person = st.fixed_dictionaries(
    {"name": texts},
    optional={"jobTitle": text_or_list, "alternateName": texts, "knowsAbout": text_or_list,
              "honorificPrefix": texts},
)


def write(root: Path, story: dict[str, Any], ann: dict[str, Any]) -> None:
    files = {
        "content/articles/story.md": {"type": "NewsArticle", **story, "author": "people/ann"},
        "content/people/ann.yaml": {"type": "Person", **ann},
    }
    write_records(root, files)


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def lexical(value: Any) -> tuple[str, str]:
    if isinstance(value, bool):
        return ("true" if value else "false", XSD + "boolean")
    if isinstance(value, int):
        return (str(value), XSD + "integer")
    return (value, "")


@given(story=article, ann=person)
@example(story={"headline": "</script>", "wordCount": MAX_SAFE, "isAccessibleForFree": False},
         ann={"name": "a\u2028b", "jobTitle": ["<!--", "-->"]})
@budget(25)
def test_records_round_trip_through_jsonld_and_rdf(story: dict[str, Any], ann: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        write(root, story, ann)
        site = load_site(root)
        assert [d for d in site.diagnostics if d.severity.value == "error"] == []
        buffer = io.BytesIO()
        write_export(site, "nq", buffer)
        quads = list(ox.parse(buffer.getvalue(), format=ox.RdfFormat.N_QUADS))
        for ref, data, suffix in (("articles/story", story, "#article"), ("people/ann", ann, "#person")):
            record = site.record(ref)
            node = next(n for n in record_jsonld(site, ref)["@graph"] if n["@id"] == record.id)
            assert node["@id"].endswith(suffix)
            for key, value in data.items():
                assert as_list(node[key]) == as_list(value), key
                found = {
                    (q.object.value, "" if q.object.datatype.value.endswith(("#string", "#langString"))
                     else q.object.datatype.value)
                    for q in quads
                    if q.subject == ox.NamedNode(record.id) and q.predicate == ox.NamedNode(SCHEMA + key)
                    and isinstance(q.object, ox.Literal)
                }
                expected = {lexical(v) for v in as_list(value)}
                if key == "datePublished":  # schema.org's context types it schema:Date
                    expected = {(v, SCHEMA + "Date") for v, _ in expected}
                assert found == expected, key
