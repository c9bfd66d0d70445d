"""A load with a :class:`ReadCache` (``publisher serve``) gives exactly what a fresh load gives,
reading again only the files that changed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from publisher import parallel
from publisher.site import ReadCache, Site, load_site
from tests.conftest import generated_corpus, site_copy


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_corpus(tmp_path_factory, "readcache", 30, 11)


@pytest.fixture
def site(corpus: Path, tmp_path: Path) -> Path:
    root = site_copy(corpus, tmp_path)
    settle(root)
    return root


def settle(root: Path) -> None:
    """Date every file a minute back: changed long enough ago to be kept by the cache."""
    past = time.time() - 60
    for path in root.rglob("*"):
        os.utime(path, (past, past))


def assert_same(cached: Site, fresh: Site) -> None:
    assert list(cached.records) == list(fresh.records)
    for ref, record in fresh.records.items():
        other = cached.records[ref]
        assert (other.raw, other.jsonld, other.id, other.page_url) == (record.raw, record.jsonld, record.id,
                                                                       record.page_url), ref
    assert cached.links == fresh.links
    assert cached.diagnostics == fresh.diagnostics


def articles(root: Path) -> list[Path]:
    return sorted((root / "content" / "articles").iterdir())


@pytest.mark.parametrize("min_parallel", [10**9, 1])
def test_unchanged_files_are_not_read_again(site: Path, min_parallel: int,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL", min_parallel)  # read here, or by two processes
    cache = ReadCache()
    first = load_site(site, cache=cache)
    assert_same(first, load_site(site))
    assert len(cache) == len(first.records) > 30
    edited = articles(site)[3]
    edited.write_text(edited.read_text() + "\nOne more paragraph.\n")
    second = load_site(site, cache=cache)
    assert_same(second, load_site(site))
    for ref, record in second.records.items():
        # a record taken from the cache holds the very values read the first time
        reused = record.raw.data is first.records[ref].raw.data
        assert reused == (record.raw.file != edited), ref
    # changed a moment ago: read, but not kept (an edit within the same tick would not show)
    assert len(cache) == len(first.records) - 1


@pytest.mark.parametrize("edit", [
    "body", "headline", "broken yaml", "new record", "deleted record", "renamed record", "bad reference",
])
def test_every_kind_of_edit_gives_what_a_fresh_load_gives(site: Path, edit: str) -> None:
    cache = ReadCache()
    load_site(site, cache=cache)
    target = articles(site)[5]
    text = target.read_text()
    if edit == "body":
        target.write_text(text + "\nAnother line.\n")
    elif edit == "headline":
        target.write_text(text.replace("headline: ", "headline: Changed ", 1))
    elif edit == "broken yaml":
        target.write_text("---\ntype: NewsArticle\nheadline: [unclosed\n---\nBody.\n")
    elif edit == "new record":
        target.with_name("a-new-one.md").write_text(text)
    elif edit == "deleted record":
        target.unlink()
    elif edit == "renamed record":
        target.rename(target.with_name("renamed.md"))
    elif edit == "bad reference":
        target.write_text(text.replace("people/", "people/nobody-", 1))
    edited = load_site(site, cache=cache)
    fresh = load_site(site)
    assert_same(edited, fresh)
    if edit in ("broken yaml", "bad reference"):
        assert edited.errors
    settle(site)
    assert_same(load_site(site, cache=cache), fresh)  # and again, from the cache


def test_another_configuration_empties_the_cache(site: Path) -> None:
    cache = ReadCache()
    first = load_site(site, cache=cache)
    other = load_site(site, base_url="https://elsewhere.example/", cache=cache)
    assert_same(other, load_site(site, base_url="https://elsewhere.example/"))
    ref = next(iter(first.records))
    assert other.records[ref].raw.data is not first.records[ref].raw.data
    assert other.records[ref].id != first.records[ref].id
