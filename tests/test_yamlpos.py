from __future__ import annotations

from pathlib import Path

import pytest

from publisher.content.limits import Limits
from publisher.content.yamlpos import YamlError, load_yaml


def test_positions_of_keys_and_values() -> None:
    data, smap = load_yaml("name: A\nauthor:\n  - people/x\n  - {type: Person, name: B}\n", "f")
    assert data == {"name": "A", "author": ["people/x", {"type": "Person", "name": "B"}]}
    assert smap.keys["/name"] == (1, 1)
    assert smap.values["/name"] == (1, 7)
    assert smap.values["/author/0"] == (3, 5)
    assert smap.keys["/author/1/name"] == (4, 20)
    assert smap.value("/author/1/missing") == smap.values["/author/1"]


def test_line_offset_is_added() -> None:
    _, smap = load_yaml("a: 1\n", "f", line_offset=1)
    assert smap.values["/a"] == (2, 4)


def test_timestamps_stay_text_and_norway_stays_no() -> None:
    data, _ = load_yaml("d: 2025-03-21T10:00:00+09:00\nc: NO\nb: yes\nt: true\nn: 3\nf: 1.5\nz: ~\n", "f")
    assert data == {
        "d": "2025-03-21T10:00:00+09:00", "c": "NO", "b": "yes", "t": True, "n": 3, "f": 1.5,
        "z": None,
    }


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: !!python/object/apply:os.system ['true']\n", "SRC005", 1),
        ("a: 1\nb: !custom x\n", "SRC005", 2),
        ("a: 1\na: 2\n", "SRC004", 2),
        ("a: [1, 2\n", "SRC001", 2),
        ("a: b: c\n", "SRC001", 1),
        ("\ta: 1\n", "SRC001", 1),
    ],
)
def test_errors_have_codes_and_lines(text: str, code: str, line: int) -> None:
    with pytest.raises(YamlError) as info:
        load_yaml(text, "f")
    assert info.value.code == code
    assert info.value.line == line


def test_alias_bomb_is_stopped() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join(f"*{prev}" for _ in range(9)) + "]")
    with pytest.raises(YamlError) as info:
        load_yaml("\n".join(lines) + "\n", "f")
    assert info.value.code == "SRC008"


def test_depth_limit() -> None:
    text = "a: " + "[" * 40 + "]" * 40 + "\n"
    with pytest.raises(YamlError) as info:
        load_yaml(text, "f", limits=Limits(max_depth=32))
    assert info.value.code == "SRC008"
    load_yaml(text, "f", limits=Limits(max_depth=64))


def test_small_aliases_are_fine() -> None:
    data, _ = load_yaml("a: &x {name: N}\nb: *x\n", "f")
    assert data["a"] == data["b"] == {"name": "N"}


def test_extreme_nesting_is_a_diagnostic_not_a_crash() -> None:
    # libyaml's composer recurses in C: 200,000 levels used to kill the interpreter.
    for text in ("a: " + "[" * 200_000 + "]" * 200_000 + "\n",
                 "a: " + "{b: " * 50_000 + "1" + "}" * 50_000 + "\n"):
        with pytest.raises(YamlError) as info:
            load_yaml(text, "f")
        assert info.value.code == "SRC008"


def _corpus_yaml_texts() -> list[tuple[str, str]]:
    """Every YAML text of the bad-input corpus's site cases (records' front matter or files)."""
    import yaml

    from publisher.content.files import FileProblem, split_front_matter

    cases = yaml.safe_load((Path(__file__).parent / "badinput" / "cases.yaml").read_text())
    texts = []
    for case in cases:
        for path, text in (case.get("files") or {}).items():
            if path.endswith(".md"):
                try:
                    text = split_front_matter(text)[0]
                except FileProblem:  # not front matter: not this test's business
                    continue
            elif not path.endswith((".yaml", ".yml")):
                continue
            texts.append((f"{case['name']}:{path}", text))
    return texts


@pytest.mark.parametrize(("name", "text"), _corpus_yaml_texts(), ids=lambda v: v if ":" in v else "")
def test_plain_and_positional_paths_agree(name: str, text: str) -> None:
    """``positions=False`` (the fast path) gives the same values, or the same positioned error, as
    the positional path, on every YAML text of the bad-input corpus."""
    def run(positions: bool) -> object:
        try:
            return load_yaml(text, name, positions=positions)[0]
        except YamlError as exc:
            return (exc.code, exc.line, exc.column, exc.pointer, exc.message)

    assert run(False) == run(True)


def test_a_lazy_map_pickles_as_its_text_whatever_was_asked_of_it() -> None:
    import pickle

    from publisher.content.yamlpos import LazySourceMap

    text = "name: A\nauthor:\n  - people/x\n"
    fresh = LazySourceMap("f", text, 2, Limits())
    used = LazySourceMap("f", text, 2, Limits())
    assert used.values["/author/0"] == (5, 5)  # worked out: the text's positions, offset
    # pickled the same: comparing the pickles of two maps compares what they are made from
    assert pickle.dumps(used) == pickle.dumps(fresh)
    again = pickle.loads(pickle.dumps(used))
    assert isinstance(again, LazySourceMap) and again.keys == used.keys and again.values == used.values
