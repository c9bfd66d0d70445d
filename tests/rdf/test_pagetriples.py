"""A record page's WebPage and breadcrumb written from a template (``publisher.render.pagetriples``)
are the blocks the general writer gives for the page's nodes, on every page; a template that does
not prove itself is not used, and a page it cannot write is written the general way."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from publisher import load_site
from publisher.render import jsonld, pagetriples
from publisher.render.jsonld import page_own_nodes
from publisher.render.ntriples import Block, writer
from publisher.render.pages import published
from publisher.render.pagetriples import RecordPages
from publisher.render.sitetriples import site_triples
from publisher.site import Record, Site
from tests.conftest import generated_corpus, site_copy


def general(site: Site, record: Record) -> list[Block]:
    blocks: list[Block] = []
    direct = writer()
    for node in page_own_nodes(site, record):
        direct.write(node, blocks)
    return sorted(blocks)


def templated(site: Site, record: Record, pages: RecordPages) -> tuple[list[Block], list[Block]]:
    """The template's blocks, and all of the page's blocks (the template's and the rest's)."""
    mine: list[Block] = []
    rest = pages.nodes(record, mine)
    blocks = list(mine)
    direct = writer()
    for node in rest:
        direct.write(node, blocks)
    return mine, sorted(blocks)


def assert_every_page_the_same(site: Site) -> int:
    pages = RecordPages(site, writer())
    used = 0
    for record in published(site):
        mine, blocks = templated(site, record, pages)
        assert blocks == general(site, record), record.ref
        used += bool(mine)
    return used


def test_every_page_of_the_example_site(example_site: Site) -> None:
    assert assert_every_page_the_same(example_site) == len(published(example_site))


def test_every_page_of_a_generated_corpus(tmp_path_factory: pytest.TempPathFactory) -> None:
    site = load_site(generated_corpus(tmp_path_factory, "pagetriples", 60, 3))
    assert assert_every_page_the_same(site) == len(published(site))


def test_titles_and_names_that_need_escaping(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    """Quotes, a backslash, a tab, braces (the template's own syntax) and text beyond ASCII, in a
    record's title and in the site's title."""
    root = site_copy(generated_corpus(tmp_path_factory, "pagetriples-escapes", 12, 4), tmp_path)
    config = root / "publisher.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'title = "', 'title = "The {Daily} \\"Ledger\\" ', 1), encoding="utf-8")
    for number, path in enumerate(sorted((root / "content" / "people").glob("*.yaml"))[:3]):
        text = path.read_text(encoding="utf-8")
        name = ['"Zoë \\"Z\\" {0} Ångström"', '"back\\\\slash\\ttab"', '"{p} {t} {u}"'][number]
        path.write_text(text.replace("name: ", f"name: {name}  # ", 1), encoding="utf-8")
    site = load_site(root)
    assert not site.errors
    assert "{Daily}" in site.config.title
    assert assert_every_page_the_same(site) == len(published(site))
    lines = b"".join(site_triples(site, named=False).union).decode("utf-8")
    assert '"{p} {t} {u}"' in lines and "Zo\u00eb" in lines and "back\\\\slash\\ttab" in lines


def test_a_template_that_does_not_prove_itself_is_not_used(
        example_site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were the page's node to change shape (a property more), the templates no longer match it:
    every page is written the general way, and still the same."""
    page_node = jsonld.page_node

    def with_more(site: Site, record: Record) -> dict[str, object]:
        node = page_node(site, record)
        node["copyrightYear"] = 2025
        return node

    monkeypatch.setattr(jsonld, "page_node", with_more)
    assert assert_every_page_the_same(example_site) == 0
    pages = RecordPages(example_site, writer())
    for record in published(example_site):
        pages.nodes(record, [])
    assert pages._templates and not any(pages._templates.values())


def test_a_page_url_with_a_fragment_is_written_the_general_way(example_site: Site) -> None:
    record = next(iter(example_site.records.values()))
    odd = dataclasses.replace(record, page_url=record.page_url + "#odd")
    pages = RecordPages(example_site, writer())
    mine: list[Block] = []
    assert pages.nodes(odd, mine) == page_own_nodes(example_site, odd) and mine == []


def test_the_module_proves_against_page_own_nodes() -> None:
    # the proof compares with page_own_nodes as the module sees it, not a copy of its own
    assert pagetriples.page_own_nodes is jsonld.page_own_nodes


def test_the_compiled_filler_gives_what_format_map_gives() -> None:
    """A template's constant text goes into the compiled function as a Python literal, whatever it
    holds (quotes, backslashes, escaped braces, a line break, non-ASCII); a field that is not one
    of the page's four is refused, never compiled."""
    templates = [
        ("{p}", '{p} <name> "it\'s \\"{{so}}\\"\\n" .\n{u}#x> "ü\u2028" .\n'),
        ("{u}#b>", "{u}#b> <t> {t} .\n{u}#b> <r> {r} .\n"),
        ("{p}", ""),
    ]
    values = {"p": "<https://e.org/a/>", "u": "<https://e.org/a/", "t": '"T\\"{x}"', "r": "<https://e.org/r#1>"}
    fill = pagetriples._filler(templates)
    assert fill(*values.values()) == [(subject.format_map(values), text.format_map(values))
                                      for subject, text in templates]
    for bad in ("{q}", "{p!r}", "{p:>9}", "{__import__}"):
        with pytest.raises(ValueError, match="not a page template's field"):
            pagetriples._filler([("{p}", bad)])
