"""Escaping everywhere: any string, in any text field, comes out of ``build`` as the same string in
the page's JSON-LD (read as a browser reads the page: html5lib, the WHATWG parser) and as text,
not markup, in the visible HTML, with no way to close or comment out the script element; and out
of ``export`` as the same literal."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import pyoxigraph as ox
from html5lib import parse
from hypothesis import example, given
from hypothesis import strategies as st

from publisher import load_site
from publisher.publish.build import build_site
from publisher.render.rdf import write_export

from .fuzzing import budget, texts, write_records

# field -> (record file, its node's @id on its page, shown as text by the default theme)
FIELDS = {
    "headline": ("content/articles/story.md", "articles/story/#article", True),
    "description": ("content/articles/story.md", "articles/story/#article", True),
    "alternativeHeadline": ("content/articles/story.md", "articles/story/#article", False),
    "articleSection": ("content/articles/story.md", "articles/story/#article", True),
    "name": ("content/people/ann.yaml", "people/ann/#person", True),
    "jobTitle": ("content/people/ann.yaml", "people/ann/#person", True),
    "alternateName": ("content/people/ann.yaml", "people/ann/#person", True),
    "disambiguatingDescription": ("content/organizations/desk.yaml", "organizations/desk/#organization",
                                  False),
}


def write(root: Path, values: dict[str, str], keyword: str) -> Path:
    article = {"type": "NewsArticle", "headline": "H", "datePublished": "2025-03-21T10:00:00+09:00",
               "author": "people/ann", "publisher": "organizations/desk", "keywords": [keyword]}
    person = {"type": "Person", "name": "Ann", "worksFor": "organizations/desk"}
    desk = {"type": "Organization", "name": "Desk"}
    records = {"content/articles/story.md": article, "content/people/ann.yaml": person,
               "content/organizations/desk.yaml": desk}
    for field, value in values.items():
        records[FIELDS[field][0]][field] = value
    write_records(root, records, body="The body.\n")
    return root


def page_parts(path: Path) -> tuple[list[dict], str]:
    """The JSON-LD documents and the visible text of a page, as a browser's parser sees them."""
    tree = parse(path.read_bytes(), namespaceHTMLElements=False)
    scripts = [e for e in tree.iter() if e.tag == "script"]
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    assert not [e for e in tree.iter() if e.tag in ("iframe", "img", "svg", "style", "object")
                and e.get("src", "").startswith("x")]
    for element in tree.iter():
        assert not any(name.lower().startswith("on") for name in element.attrib)
    body = tree.find("body")
    text = "".join(body.itertext()) if body is not None else ""
    return [json.loads(s.text) for s in scripts], text


def node(documents: list[dict], suffix: str) -> dict:
    return next(n for n in documents[0]["@graph"] if n["@id"].endswith(suffix))


@given(field=st.sampled_from(sorted(FIELDS)), value=texts, keyword=texts)
@example(field="headline", value="</script><script>alert(1)</script>", keyword="<!--")
@example(field="name", value="\u2028</SCRIPT >\u2029", keyword="</script")
@example(field="description", value="<!-- <script>", keyword="-->")
@budget(25)
def test_any_string_comes_out_as_the_same_string(field: str, value: str, keyword: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write(Path(folder) / "site", {field: value}, keyword)
        site = load_site(root)
        assert [d for d in site.diagnostics if d.severity.value == "error"] == []
        out = Path(folder) / "out"
        build_site(site, out)
        _, node_id, visible = FIELDS[field]
        page = out / (node_id.split("#")[0]) / "index.html"
        documents, text = page_parts(page)
        assert node(documents, node_id)[field] in (value, [value])  # the model keeps lists as lists
        if visible:
            assert value in text, (value, text[:2000])
        documents, _ = page_parts(out / "articles/story/index.html")
        assert node(documents, "articles/story/#article")["keywords"] == [keyword]
        buffer = io.BytesIO()
        write_export(site, "nq", buffer)
        literals = {q.object.value for q in ox.parse(buffer.getvalue(), format=ox.RdfFormat.N_QUADS)
                    if isinstance(q.object, ox.Literal)}
        assert value in literals and keyword in literals


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**53) + 1, 2**53 - 1), texts,
              st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(st.characters(blacklist_categories=("Cs",)), max_size=8),
                                               children, max_size=4)),
    max_leaves=20,
)


@given(document=json_values)
@example(document={"name": "</script><!--<script>\u2028\u2029&"})
@budget(200)
def test_script_json_cannot_leave_its_element(document: object) -> None:
    """Whatever the document, the text inside <script> has no <, > or & (so no </script, <!-- or
    <script), no U+2028/U+2029, and parses back to the same document."""
    from publisher.render.jsonld import script_json

    text = script_json(document)
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == document
    html = f'<script type="application/ld+json">{text}</script><p>after</p>'
    tree = parse(html, namespaceHTMLElements=False)
    scripts = [e for e in tree.iter() if e.tag == "script"]
    assert len(scripts) == 1 and json.loads(scripts[0].text or "null") == document
