"""The fast reader of simple YAML gives exactly what the full path gives, or steps aside.

``load_yaml(positions=False)`` reads most record files with :mod:`publisher.content.fastyaml`;
whatever it accepts must load to the same values (same types: ``1`` is not ``1.0`` nor ``True``)
as libyaml's path, and whatever the full path refuses, the fast reader must refuse too (so that
the diagnostic, with its position, comes from the full path).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from publisher.content.fastyaml import NOT_SIMPLE, load_simple
from publisher.content.files import FileProblem, split_front_matter
from publisher.content.limits import DEFAULT_LIMITS, Limits
from publisher.content.yamlpos import LazySourceMap, YamlError, load_yaml

ROOT = Path(__file__).resolve().parent.parent


def _strict(value: Any) -> Any:
    """``value`` with every scalar's type spelled out (``1 == 1.0 == True`` in Python)."""
    if isinstance(value, dict):
        return ("map", [(key, _strict(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("seq", [_strict(item) for item in value])
    return (type(value).__name__, repr(value))


def _outcome(text: str, *, positions: bool, limits: Limits = DEFAULT_LIMITS) -> Any:
    try:
        data, _ = load_yaml(text, "f", positions=positions, limits=limits)
    except YamlError as exc:
        return ("error", exc.code, exc.line, exc.column, exc.pointer, exc.message)
    return ("ok", _strict(data))


def _yaml_of(path: str, text: str) -> str | None:
    if path.endswith(".md"):
        try:
            return split_front_matter(text)[0]
        except FileProblem:
            return None
    return text if path.endswith((".yaml", ".yml")) else None


def _documents() -> list[str]:
    """Every record file of the example site and of the bad-input corpus."""
    out = []
    for file in sorted((ROOT / "examples").rglob("*")):
        if file.is_file():
            text = _yaml_of(file.name, file.read_text(encoding="utf-8", errors="replace"))
            if text is not None:
                out.append(text)
    cases = yaml.safe_load((ROOT / "tests" / "badinput" / "cases.yaml").read_text(encoding="utf-8"))
    for case in cases:
        for path, text in (case.get("files") or {}).items():
            text = _yaml_of(path, text)
            if text is not None:
                out.append(text)
    return out


DOCUMENTS = _documents()

SIMPLE = [
    "type: Person\nname: Ada\n",
    "a: 1\nb: -2\nc: 1.5\nd: 1e3\ne: 0x1F\nf: 017\ng: 1_000\nh: -.5\ni: 12:30\nj: 0o17\n",
    "a: true\nb: False\nc: NO\nd: yes\ne: ~\nf: null\ng:\nh: ''\ni: 'it''s'\nj: \"q 'x'\"\n",
    "d: 2025-03-21\nt: 2025-03-21T10:00:00+09:00\nu: https://x.example/a?b=c#d\nw: C#\n",
    "k: [a, b c, 1, 2.5, true, NO, https://orcid.org/0000-0001, Alzheimer's]\ne: []\nf: [ ]\n",
    "list:\n- a\n- b\nnext: 1\n",
    "list:\n  - a\n  -   b\n",
    "image:\n  - type: ImageObject\n    url: https://x.example/i.jpg\n    width: 1200\n  - c\n",
    "a:\n  b:\n    c: d\n  e: f\ng: h\n",
    "a:\n- b: 1\n  c:\n  - 2\n  d: 3\n",
    "# comment\na: 1\n\n   # indented comment\nb: x  \n",
    "a: value with spaces   and   more\nb: key:value\nc: a - b\nd: '#not a comment'\n",
    "a: 9007199254740991\nb: -9007199254740991\n",
    "name: Åsa Ñúñez 日本 \U0001f600\n",
]

NOT_SIMPLE_TEXTS = [
    "",
    "# only a comment\n",
    "- a\n- b\n",
    "just text\n",
    "  a: 1\n",
    "a: 1\na: 2\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: |\n  text\n",
    "a: >\n  text\n",
    "a: multi\n  line\n",
    "a: x # comment\n",
    "a: \"esc\\n\"\n",
    "a: {b: 1}\n",
    "a: [a, [b]]\n",
    "a: [1,\n  2]\n",
    "a:\tb\n",
    "a: b\r\nc: d\n",
    "a: 9007199254740993\n",
    "a: .nan\n",
    "<<: {a: 1}\n",
    "a: =\n",
    "a: b: c\n",
    "a: b:\n",
    "? a\n: b\n",
    "---\na: 1\n",
    "%YAML 1.1\n---\na: 1\n",
    "a:\n  - b\n c: d\n",
    "a:\n    - b\n  - c\n",
    "a:\n  b: 1\n    c: 2\n",
    "a: - b\n",
    "a:\n  -\n    b: 1\n",
    "a:\n  - - b\n",
    "a: \x85b\n",
    "a: b\u2028c\n",
    "a: .inf\n",
    "a: -\n",
    "a: ? b\n",
    "a: [- b]\n",
    "a: [?b]\n",
    "type: Person\nid: https://x.example/\n",  # a JSON-LD keyword: the reader reports it
    "a: ?b\n",
    'a: !!int ""\nb: !!int 0b_\n',  # once an IndexError out of PyYAML's int constructor
    "\ufeffa: 1\n",
]


@pytest.mark.parametrize("text", SIMPLE)
def test_simple_documents_load_as_the_full_path_loads_them(text: str) -> None:
    fast = load_simple(text, DEFAULT_LIMITS)
    assert fast is not NOT_SIMPLE
    assert ("ok", _strict(fast)) == _outcome(text, positions=True)


@pytest.mark.parametrize("text", NOT_SIMPLE_TEXTS)
def test_anything_else_is_left_to_the_full_path(text: str) -> None:
    assert load_simple(text, DEFAULT_LIMITS) is NOT_SIMPLE
    assert _outcome(text, positions=False) == _outcome(text, positions=True)


def test_limits_are_left_to_the_full_path() -> None:
    deep = "a:\n  b:\n    c:\n      d: 1\n"
    tight = Limits(max_depth=3)
    assert load_simple(deep, tight) is NOT_SIMPLE
    assert _outcome(deep, positions=False, limits=tight)[:2] == ("error", "SRC008")
    many = "k: [" + ", ".join(["x"] * 40) + "]\n"
    assert load_simple(many, Limits(max_nodes=30)) is NOT_SIMPLE
    assert load_simple(many, DEFAULT_LIMITS) is not NOT_SIMPLE


def test_every_example_and_bad_input_record_loads_the_same_both_ways() -> None:
    assert len(DOCUMENTS) > 100
    simple = 0
    for text in DOCUMENTS:
        simple += load_simple(text, DEFAULT_LIMITS) is not NOT_SIMPLE
        assert _outcome(text, positions=False) == _outcome(text, positions=True), text
    assert simple > len(DOCUMENTS) // 2  # the fast reader is the common path


ATOMS = [
    " ", "  ", "-", "- ", ":", ": ", "#", " #", "'", '"', "[", "]", "{", "}", ",", "&a ", "*a",
    "!x ", "|", ">", "\n", "\n  ", "\n- ", "\n  - ", "?", "~", "null", "yes", "NO", "1", "0x1F",
    "017", "1_000", "1e3", ".inf", "2025-03-21", "12:30", "<<", "=", "\t", "\\", "%", "@", "`",
    "é", "\u2028", "\x85", "\x0b", "x: y", "[a, b]", "'it''s'", "...", "---",
    "9007199254740993", "0b101", "a\n b", "\\v",
]


def test_mutated_documents_load_the_same_both_ways() -> None:
    """Random edits of real records: fast or full, the outcome (values or error) is the same."""
    rng = random.Random(20261121)
    seeds = [text for text in DOCUMENTS if load_simple(text, DEFAULT_LIMITS) is not NOT_SIMPLE]
    simple = 0
    for _ in range(3000):
        text = rng.choice(seeds)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text) + 1)
            if rng.random() < 0.3:
                text = text[:at] + text[at + rng.randint(1, 4):]
            else:
                text = text[:at] + rng.choice(ATOMS) + text[at:]
        simple += load_simple(text, DEFAULT_LIMITS) is not NOT_SIMPLE
        assert _outcome(text, positions=False) == _outcome(text, positions=True), repr(text)
    assert simple > 300


def test_fast_path_positions_come_from_the_full_path_when_asked() -> None:
    data, source = load_yaml("type: Person\nname: Ada\n", "f", line_offset=1, positions=False)
    assert data == {"type": "Person", "name": "Ada"}
    assert isinstance(source, LazySourceMap)
    assert source.value("/name") == (3, 7)
