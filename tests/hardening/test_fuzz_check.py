"""Fuzzing ``check``: random mutations of real pages (the validation corpus's pages, and built
pages of the example site) never crash it, never hang it, and stay within bounded memory."""

from __future__ import annotations

import resource
import time
import tracemalloc
from functools import cache
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from publisher.validate.check import Recipe, check_text
from publisher.validate.extract import decode_page

from ..conftest import ROOT
from .fuzzing import budget

PAGES = sorted((ROOT / "tests/validate/corpus/pages").iterdir())
TOKENS = [
    "<script", "<script type=\"application/ld+json\">", "</script>", "<!--", "-->", "{", "}", "[", "]",
    '"', "'", ",", ":", "\\", "\\u", "\\ud800", "@context", "@graph", "@list", "@set", "@reverse",
    "@id", "@type", "@value", "@nest", "@included", "\"https://schema.org\"", "null", "1e999",
    "9" * 400, "itemscope", "itemprop=\"name\"", "itemref=\"a b\"", "id=\"a\"", "typeof=\"Thing\"",
    "vocab=\"https://schema.org/\"", "property=\"schema:name\"", "<div>", "</div>", "<![CDATA[",
    "\x00", "\ufeff", "\u2028", "&amp;", "&#0;", "<meta charset=\"utf-16\">", "\r\n",
]


@cache
def ruleset():  # type: ignore[no-untyped-def]
    return Recipe(("schemaorg", "google", "publisher"), None, ()).ruleset()


@cache
def page_text(index: int) -> str:
    return decode_page(PAGES[index].read_bytes())[0]


mutation = st.tuples(
    st.sampled_from(["insert", "delete", "duplicate", "replace", "repeat"]),
    st.floats(0, 1), st.integers(0, 400), st.sampled_from(TOKENS), st.integers(1, 2000),
)


def mutate(text: str, steps: list[tuple[str, float, int, str, int]]) -> str:
    for op, where, length, token, times in steps:
        at = int(where * len(text))
        if op == "insert":
            text = text[:at] + token + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + length:]
        elif op == "duplicate":
            text = text[:at + length] + text[at:at + length] + text[at + length:]
        elif op == "replace":
            text = text[:at] + token + text[at + len(token):]
        else:  # repeat a token many times: deep nesting, long runs
            text = text[:at] + token * times + text[at:]
    return text


@given(index=st.integers(0, len(PAGES) - 1), steps=st.lists(mutation, min_size=1, max_size=8),
       as_json=st.sampled_from([None, True, False]))
@example(index=0, steps=[("repeat", 0.5, 0, '{"@list": ', 2000)], as_json=None)
@example(index=0, steps=[("repeat", 0.5, 0, "9" * 400, 20)], as_json=True)
@example(index=0, steps=[("repeat", 0.3, 0, "itemref=\"a b\"", 2000)], as_json=False)
@budget(150)
def test_mutated_pages_never_crash_hang_or_balloon(index: int, steps: list, as_json: bool | None) -> None:
    text = mutate(page_text(index), steps)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        diagnostics, _found = check_text(text, PAGES[index].name, ruleset(), as_json=as_json)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - start
    assert elapsed < 10, f"{elapsed:.1f}s for {len(text)} characters"
    assert peak < 200 * len(text) + 50_000_000, f"{peak} bytes for {len(text)} characters"
    for diagnostic in diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
        assert diagnostic.code[:3] in ("CHK", "SDO", "GGL", "PUB")


def test_the_whole_process_stays_small() -> None:
    """The fuzzing above ran in this process (or its sibling): its peak RSS stays modest."""
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert peak_mib < 2048


def test_every_corpus_page_is_fuzzed() -> None:
    assert len(PAGES) >= 40
    assert all(p.suffix in (".html", ".jsonld") for p in PAGES)
    assert Path(PAGES[0]).is_file()
