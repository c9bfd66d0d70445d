"""``check``'s memo of repeated nodes (publisher.validate.reuse) says what the full check says.

A built site's pages are checked one after the other in one process, so the memo fills and is
used; every page, and every variant of a page (edited the ways that change what a node's
closure is: merged nodes, missing nodes, other flags, other indentation, ...), must get exactly
the diagnostics of the full path (``check_text`` with a trace takes it: the memo never traces).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from publisher.validate.check import check_text
from publisher.validate.extract import decode_page
from publisher.validate.profiles import load_ruleset
from publisher.validate.reuse import PageMemo
from tests.conftest import generated_corpus

NOW = datetime(2026, 1, 1, tzinfo=UTC)
BLOCK = re.compile(r'(<script type="application/ld\+json">)(.*?)(</script>)', re.S)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str]]:
    from publisher.publish.build import build_site
    from publisher.site import load_site

    root = generated_corpus(tmp_path_factory, "reuse", 30, 3)
    out = tmp_path_factory.mktemp("reuse-out") / "out"
    build_site(load_site(root), out, jobs=1)
    found = sorted(out.rglob("*.html"))
    return [(str(path), path.read_text(encoding="utf-8")) for path in found]


def _edit(text: str, change: Callable[[dict[str, Any]], None], indent: int | None = 2) -> str:
    match = BLOCK.search(text)
    assert match is not None
    data = json.loads(match.group(2))
    change(data)
    body = json.dumps(data, indent=indent, ensure_ascii=False)
    return text[:match.start(2)] + body + text[match.end(2):]


def _drop_logo_owners(data: dict[str, Any]) -> None:
    data["@graph"] = [node for node in data["@graph"] if "logo" not in node]


def _duplicate_last(data: dict[str, Any]) -> None:
    data["@graph"].append(dict(data["@graph"][-1]))


def _twice_without_id(data: dict[str, Any]) -> None:
    data["@graph"].extend([{"@type": "Thing", "name": "twice", "url": "ftp://x"}] * 2)


def _untyped_and_unknown(data: dict[str, Any]) -> None:
    data["@graph"].append({"name": "untyped"})
    for node in data["@graph"]:
        if node.get("@type") == "Person":
            node["favoriteColor"] = "blue"
            node["@type"] = "Persn"


def _small_logo_elsewhere(data: dict[str, Any]) -> None:
    for node in data["@graph"]:
        for logo in node.get("logo", []):
            logo["width"], logo["height"] = 1200, "abc"


def _publisher_elsewhere(data: dict[str, Any]) -> None:
    for node in data["@graph"]:
        if "publisher" in node:
            node["publisher"] = [{"@id": "https://elsewhere.example/#org"}]


def _top_stub_first(data: dict[str, Any]) -> None:
    data["@graph"].insert(0, {"@id": data["@graph"][-1].get("@id", "z")})


def _no_logos(data: dict[str, Any]) -> None:  # GGL130 (scope "main") on the pages an org is main on
    for node in data["@graph"]:
        node.pop("logo", None)


def _reversed_keys(data: dict[str, Any]) -> None:
    for node in data["@graph"]:
        items = list(node.items())[::-1]
        node.clear()
        node.update(items)


VARIANTS: list[Callable[[str], str]] = [
    lambda text: text,
    lambda text: _edit(text, lambda data: None, indent=None),  # other layout: located by parsing
    lambda text: _edit(text, _drop_logo_owners),
    lambda text: _edit(text, _duplicate_last),
    lambda text: _edit(text, _twice_without_id),
    lambda text: _edit(text, _untyped_and_unknown),
    lambda text: _edit(text, _small_logo_elsewhere),
    lambda text: _edit(text, _publisher_elsewhere),
    lambda text: _edit(text, _top_stub_first),
    lambda text: _edit(text, _reversed_keys),
]


def test_memo_says_what_the_full_check_says(pages: list[tuple[str, str]]) -> None:
    ruleset = load_ruleset(("schemaorg", "google", "publisher"))
    fast = 0
    said = 0
    for round_ in range(3):  # then every node is kept; the third round: flags differ, nodes same
        for number, (path, original) in enumerate(pages):
            chosen = ([VARIANTS[0], VARIANTS[1 + number % (len(VARIANTS) - 1)]] if round_ == 0
                      else [VARIANTS[0]] if round_ == 1 else [lambda text: _edit(text, _no_logos)])
            for variant in chosen:
                text = variant(original)
                data = text.encode("utf-8")
                page, utf8 = decode_page(data)
                memo, found = check_text(page, path, ruleset, NOW, utf8=utf8)
                full, full_found = check_text(page, path, ruleset, NOW, trace=[], utf8=utf8)
                assert sorted(set(memo), key=lambda d: d.sort_key()) == \
                    sorted(set(full), key=lambda d: d.sort_key()), path
                assert found == full_found
                said += len(full)
    for path, original in pages:
        page, utf8 = decode_page(original.encode("utf-8"))
        memo_ = PageMemo(ruleset, NOW, frozenset({"WebPage", "WebSite"}))
        fast += memo_.check(page, path, utf8) is not None
    assert fast > len(pages) // 2  # the plain pages take the memo's path
    assert said > 0  # and some of them have something to say


def test_a_page_the_memo_leaves_gets_none(tmp_path: Path) -> None:
    ruleset = load_ruleset(("schemaorg",))
    memo = PageMemo(ruleset, NOW, frozenset({"WebPage", "WebSite"}))
    two_blocks = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": []}</script>'
                  '<script type="application/ld+json">{}</script>')
    assert memo.check(two_blocks, "a.html", None) is None
    markup = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
              '[{"@type": "Thing"}]}</script><div itemscope></div>')
    assert memo.check(markup, "b.html", None) is None
    plain = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
             '[{"@type": "Thing", "name": "x"}]}</script>')
    assert memo.check(plain, "c.html", None) == ([], 1)


def _page(*nodes: dict[str, Any]) -> str:
    block = json.dumps({"@context": "https://schema.org", "@graph": list(nodes)}, indent=2)
    return f'<html><head><script type="application/ld+json">\n{block}\n</script></head></html>'


ORG = {"@type": "Organization", "@id": "https://x.example/#org", "name": "X"}  # no logo: GGL130 if main


def test_the_same_node_main_on_one_page_and_not_on_another() -> None:
    ruleset = load_ruleset(("schemaorg", "google"))
    about = _page({"@type": "AboutPage", "@id": "https://x.example/about", "mainEntity": {"@id": ORG["@id"]}},
                  ORG)
    article = _page({"@type": "NewsArticle", "headline": "H", "publisher": {"@id": ORG["@id"]}}, ORG)
    untyped = _page({"name": "no type"}, ORG)
    said = set()
    for text in (about, article, untyped, about, article, untyped):
        memo, _ = check_text(text, "p.html", ruleset, NOW)
        full, _ = check_text(text, "p.html", ruleset, NOW, trace=[])
        assert set(memo) == set(full)
        said |= {d.code for d in full}
    assert {"GGL130", "CHK012"} <= said
