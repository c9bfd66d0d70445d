"""The "did you mean" hint of a missing reference: the same answer as difflib's get_close_matches."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.link.resolve import _Closest

_slug = st.text(alphabet="abcde-", min_size=1, max_size=12)
_ref = st.builds(lambda kind, slug: f"{kind}/{slug}", st.sampled_from(["articles", "people", "studies"]), _slug)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_ref, max_size=40, unique=True), st.lists(_ref, min_size=1, max_size=5))
def test_closest_is_get_close_matches(refs: list[str], targets: list[str]) -> None:
    closest = _Closest(refs)
    for target in targets:
        expected = difflib.get_close_matches(target, refs, n=1)
        assert closest(target) == (expected[0] if expected else None)
        assert closest(target) == (expected[0] if expected else None)  # asked again: remembered


def test_ties_go_to_the_greatest_reference() -> None:
    refs = ["people/ab", "people/ba", "people/aa"]
    expected = difflib.get_close_matches("people/a", refs, n=1)
    assert _Closest(refs)("people/a") == expected[0] == "people/ba"
