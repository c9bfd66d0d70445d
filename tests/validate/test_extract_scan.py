"""The byte-level test for microdata/RDFa (:func:`publisher.validate.extract.has_markup`) says
the same as the ``str.lower()`` + Unicode ``\\s`` tests it replaced, for every code point."""

from __future__ import annotations

import re
import sys

import pytest

from publisher.validate.extract import _RDFA, decode_page, has_markup


def _old(text: str) -> bool:
    lowered = text.lower()
    return "itemscope" in lowered or any(regex.search(lowered) for regex in _RDFA)


def _chars() -> list[str]:
    return [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]


def test_lowering_assumptions_hold_for_every_code_point() -> None:
    """Only ASCII lowers to ASCII letters (İ and the Kelvin sign aside), and lowering neither
    makes nor unmakes whitespace: so lowering ASCII bytes only is enough."""
    space = re.compile(r"\s")
    for char in _chars():
        lowered = char.lower()
        if lowered == char:
            continue
        assert bool(space.fullmatch(char)) == any(space.fullmatch(c) for c in lowered), hex(ord(char))
        if ord(char) > 127 and any(ord(c) < 128 for c in lowered):
            assert char in ("\u0130", "\u212a"), hex(ord(char))


def test_whitespace_bytes_are_exactly_unicode_whitespace() -> None:
    space = re.compile(r"\s")
    spaces = [c for c in _chars() if space.fullmatch(c)]
    for char in [*spaces, *map(chr, range(0x3100))]:  # every space, and their neighbours
        page = f'<p typeof{char}="Person">'
        assert has_markup(page) == _old(page), hex(ord(char))
        if space.fullmatch(char):
            assert has_markup(page), hex(ord(char))


@pytest.mark.parametrize("page", [
    "<p>nothing here</p>",
    '<div ITEMSCOPE itemtype="https://schema.org/Person">',
    '<div ItemScope>',
    '<div TypeOf = "Person">',
    '<html VOCAB\u00a0="https://schema.org/">',
    '<span PROPERTY = \' SCHEMA:name\'>',
    '<span property="og:title">',
    '<span property="schema">',
    '<meta property="\u2003schema:name">',
    "\u0130temscope typeof",
    "\u212atypeof=",
    "caf\u00e9 <b>typeof\u3000\u3000=</b>",
    "vocab",
    "<p>\ud800 typeof =</p>",
])
def test_same_verdict_as_lowered_text(page: str) -> None:
    assert has_markup(page) == _old(page)


def test_decode_page_hands_back_the_utf8_bytes() -> None:
    text, raw = decode_page("\ufeffcaf\u00e9".encode())
    assert text == "caf\u00e9" and raw == "caf\u00e9".encode()
    text, raw = decode_page(b'<meta charset="latin-1">caf\xe9')
    assert text.endswith("caf\u00e9") and raw is None
    assert has_markup("caf\u00e9 <div itemscope>", "caf\u00e9 <div itemscope>".encode())
