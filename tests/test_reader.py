"""The content reader: every kind of malformed file gives a diagnostic with file and line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from publisher import load_site
from publisher.content.config import ConfigError

PERSON = "type: Person\nname: Ann Example\nurl: https://ann.example/\n"
ARTICLE = """\
---
type: NewsArticle
headline: A headline
datePublished: 2025-03-21T10:00:00+09:00
author: people/ann
---
Body **text**.
"""


def codes(site) -> list[tuple[str, str, int]]:
    return [(d.code, Path(d.path).name, d.line) for d in site.diagnostics]


def test_reads_records_with_positions(make_site) -> None:
    root = make_site({"content/people/ann.yaml": PERSON, "content/articles/a.md": ARTICLE})
    site = load_site(root)
    assert codes(site) == []
    article = site.record("articles/a")
    assert article.model.headline == "A headline"
    assert article.model.date_published == "2025-03-21T10:00:00+09:00"
    assert article.body == "Body **text**.\n"
    assert article.raw.body_line == 7
    assert article.raw.source.values["/headline"] == (3, 11)
    assert site.record("people/ann").model.url == "https://ann.example/"


@pytest.mark.parametrize(
    ("name", "content", "code", "line"),
    [
        ("content/people/bad.yaml", "name: [unclosed\n", "SRC001", 2),
        ("content/people/bad.yaml", "- a\n- b\n", "SRC003", 1),
        ("content/people/bad.yaml", "", "SRC009", 1),
        ("content/people/bad.yaml", "# only a comment\n", "SRC009", 1),
        ("content/people/bad.yaml", "type: Person\nname: A\nname: B\n", "SRC004", 3),
        ("content/people/bad.yaml", "type: Person\nx: !!python/name:os.system\n", "SRC005", 2),
        ("content/articles/bad.md", "no front matter\n", "SRC002", 1),
        ("content/articles/bad.md", "---\ntype: NewsArticle\nheadline: x\n", "SRC002", 1),
        ("content/articles/bad.md", "---\ntype: NewsArticle\nheadline: [x\n---\nbody\n", "SRC001", 4),
        ("content/people/Bad_Name.yaml", "type: Person\nname: A\n", "SRC010", 1),
        ("content/people/con.yaml", "type: Person\nname: A\n", "SRC010", 1),
        ("content/people/ok.yaml", "type: Person\nslug: ../escape\nname: A\n", "SRC010", 2),
        ("content/people/ok.yaml", "name: A\n", "MOD001", 1),
        ("content/people/ok.yaml", "type: Organization\nname: A\n", "MOD002", 1),
        ("content/people/ok.yaml", "type: Person\nname: [A, B]\n", "MOD003", 2),
        ("content/people/ok.yaml", "type: Person\nname: A\nurl: not a url\n", "MOD003", 3),
        ("content/people/ok.yaml", "type: Person\nname: A\naffiliation:\n  - name: X\n", "MOD004", 4),
        ("content/people/ok.yaml", "type: Person\nname: A\naffiliation: {type: Person, name: X}\n",
         "MOD003", 3),
        ("content/articles/a.md", "---\ntype: NewsArticle\ndatePublished: last tuesday\n---\n",
         "MOD003", 3),
        ("content/articles/a.md", "---\ntype: NewsArticle\ndraft: maybe\n---\n", "MOD003", 3),
        ("content/people/ok.yaml", "type: Person\nname: A\naffiliation: organizations/nope\n",
         "REF001", 3),
        ("content/widgets/x.yaml", "type: Person\n", "SRC011", 1),
        ("content/people/notes.txt", "hello\n", "SRC011", 1),
    ],
)
def test_malformed_files(make_site, name: str, content: str, code: str, line: int) -> None:
    site = load_site(make_site({name: content}))
    found = [(d.code, d.line) for d in site.diagnostics]
    assert (code, line) in found, found
    assert all(d.path.endswith(Path(name).name) or d.code == "SRC011" for d in site.diagnostics)


def test_invalid_utf8_binary_bom_and_crlf(make_site, tmp_path: Path) -> None:
    root = make_site({})
    people = root / "content" / "people"
    people.mkdir(parents=True)
    (people / "latin1.yaml").write_bytes(b"type: Person\nname: Jos\xe9\n")
    (people / "binary.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (people / "bom.yaml").write_bytes(b"\xef\xbb\xbftype: Person\r\nname: Bom\r\n")
    site = load_site(root)
    found = {(Path(d.path).name, d.code, d.line) for d in site.diagnostics}
    assert ("latin1.yaml", "SRC006", 2) in found
    assert ("binary.yaml", "SRC006", 3) in found
    assert site.record("people/bom").model.name == "Bom"


def test_size_limit_can_be_raised(make_site) -> None:
    big = "type: Person\nname: A\ndescription: " + "x" * 3000 + "\n"
    config = '[site]\ntitle = "T"\nbase_url = "https://t.example/"\n[limits]\nmax_file_bytes = 1000\n'
    site = load_site(make_site({"content/people/a.yaml": big}, config=config))
    assert [d.code for d in site.diagnostics] == ["SRC007"]
    config = config.replace("1000", "100000")
    site = load_site(make_site({"content/people/a.yaml": big}, config=config, name="s2"))
    assert site.diagnostics == []


def test_duplicate_slug(make_site) -> None:
    root = make_site({
        "content/people/ann.yaml": PERSON,
        "content/people/ann-2.yaml": "type: Person\nslug: ann\nname: Other\n",
    })
    site = load_site(root)
    # ann-2.yaml sorts first, so ann.yaml is the duplicate
    assert [(d.code, Path(d.path).name, d.line) for d in site.diagnostics] == [
        ("REF002", "ann.yaml", 1)
    ]
    assert site.record("people/ann").model.name in ("Ann Example", "Other")


def test_wrong_kind_and_cycle(make_site) -> None:
    root = make_site({
        "content/people/ann.yaml": PERSON,
        "content/studies/s.yaml": "type: MedicalStudy\nname: S\n",
        "content/articles/a.md": "---\ntype: NewsArticle\nheadline: H\nauthor: studies/s\n---\n",
        "content/organizations/a.yaml": "type: Organization\nname: A\nparentOrganization: organizations/b\n",
        "content/organizations/b.yaml": "type: Organization\nname: B\nparentOrganization: organizations/a\n",
    })
    site = load_site(root)
    found = [(d.code, Path(d.path).name, d.line) for d in site.diagnostics]
    assert ("REF003", "a.md", 4) in found
    assert ("REF004", "a.yaml", 3) in found
    assert len([f for f in found if f[0] == "REF004"]) == 1


def test_symlink_out_of_site(make_site, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("type: Person\nname: Secret\n")
    root = make_site({})
    (root / "content" / "people").mkdir(parents=True)
    os.symlink(outside, root / "content" / "people" / "secret.yaml")
    site = load_site(root)
    assert [d.code for d in site.diagnostics] == ["SRC013"]
    assert site.records == {}


@pytest.mark.parametrize(
    ("config", "line"),
    [
        ("[site\ntitle = 'x'\n", 1),
        ('[site]\ntitle = "T"\nbase_url = "ftp://x/"\n', 3),
        ('[site]\ntitle = "T"\n', 1),
        ('[site]\ntitle = "T"\nbase_url = "https://t.example/"\nlanguage = "english!"\n', 4),
    ],
)
def test_bad_config_raises_config_error(make_site, config: str, line: int) -> None:
    with pytest.raises(ConfigError) as info:
        load_site(make_site({}, config=config))
    assert info.value.diagnostics[0].code in ("CFG001", "CFG002")
    assert info.value.diagnostics[0].line == line


def test_missing_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_site(tmp_path)
    assert info.value.diagnostics[0].code == "CFG003"


def test_a_file_is_read_whole_up_to_the_limit_and_refused_past_it(tmp_path: Path) -> None:
    from publisher.content.files import FileProblem, read_text
    from publisher.content.limits import Limits

    limits = Limits(max_file_bytes=10)
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"a: 1\r\nb: 2")  # 10 bytes: read whole, line endings made LF
    assert read_text(exact, limits) == "a: 1\nb: 2"
    over = tmp_path / "over.yaml"
    over.write_bytes(b"a: 1\nb: 22\n")
    with pytest.raises(FileProblem) as caught:
        read_text(over, limits)
    assert caught.value.code == "SRC007" and "11 bytes" in caught.value.message
    empty = tmp_path / "empty.yaml"
    empty.write_bytes(b"")
    assert read_text(empty, limits) == ""


def test_import_publisher_does_not_build_the_models() -> None:
    """``publisher --version`` starts in a tenth of the time when pydantic is not imported."""
    import subprocess
    import sys

    code = "import sys, publisher; print('pydantic' in sys.modules, publisher.load_site.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "load_site"]
