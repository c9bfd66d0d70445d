"""publisher's Markdown: cmarkgfm's exact text, without cmarkgfm's memory leak."""

from __future__ import annotations

import sys
from pathlib import Path

import cmarkgfm
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.render.html import _MARKDOWN_OPTIONS, markdown_to_html
from publisher.render.markdown import gfm_to_html

EXAMPLES = [
    "", "plain", "# Heading\n\nA *b* **c** `d` [e](https://x.example/) <https://y.example/>",
    "| a | b |\n|---|---|\n| 1 | 2 |\n", "~~gone~~ and www.example.com", "- [ ] todo\n- [x] done",
    "<script>alert(1)</script> <b>raw</b> <title>t</title>", "```python\nx = 1\n```",
    "Footnote[^1].\n\n[^1]: The note.", "\"Smart\" quotes -- dashes --- and ellipses...",
    "> quote\n>\n> - list in quote", "1. one\n2. two\n\n   indented", "a  \nhard break", "é 𝕏 \u2028 \u0000",
]


def cmarkgfm_text(text: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(text, options=_MARKDOWN_OPTIONS)


@pytest.mark.parametrize("text", EXAMPLES)
def test_same_text_as_cmarkgfm(text: str) -> None:
    assert gfm_to_html(text, _MARKDOWN_OPTIONS) == cmarkgfm_text(text)


def test_same_text_on_the_example_site() -> None:
    bodies = sorted(Path(__file__).parent.parent.joinpath("examples").rglob("*.md"))
    assert bodies
    for path in bodies:
        text = path.read_text(encoding="utf-8")
        assert gfm_to_html(text, _MARKDOWN_OPTIONS) == cmarkgfm_text(text), path


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.one_of(st.sampled_from(["*", "_", "`", "|", "-", "[", "]", "(", ")", "<", ">", "#",
                                            "\n", "\n\n", "  ", "~~", "[^1]", "http://a.b", "- [ ] "]),
                          st.text(max_size=8)), max_size=30).map("".join))
def test_same_text_on_any_input(text: str) -> None:
    assert gfm_to_html(text, _MARKDOWN_OPTIONS) == cmarkgfm_text(text)


def _anonymous_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1])
    raise AssertionError("no RssAnon")  # pragma: no cover


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_no_memory_kept_per_call() -> None:
    """cmarkgfm's own function keeps about 23 KB per article body (the tree and the HTML, never
    freed): 2,000 bodies would keep about 45 MiB. Ours frees both."""
    body = "\n\n".join(f"## Part {i}\n\nSome *text* with a [link](https://x.example/{i}) and "
                       "a list:\n\n- one\n- two\n" * 3 for i in range(8))
    for _ in range(50):  # allocator warm-up
        markdown_to_html(body)
    before = _anonymous_kib()
    for _ in range(2000):
        markdown_to_html(body)
    assert _anonymous_kib() - before < 8 * 1024
