"""``publisher init`` and ``publisher new``: what they write loads, validates and builds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

import publisher
from publisher.cli import main
from publisher.content.files import split_front_matter
from publisher.content.yamlpos import load_yaml
from publisher.model.jsonschema import KIND_FILES
from publisher.model.registry import KIND_TYPES
from publisher.scaffold import KINDS, yaml_scalar

from .conftest import ROOT


def schema_errors(path: Path, kind: str) -> list[str]:
    schema = json.loads((ROOT / "schemas" / "jsonschema" / f"{KIND_FILES[kind]}.schema.json").read_text())
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = split_front_matter(text)[0]
    data, _ = load_yaml(text, str(path))
    return [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(data)]


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("init") / "site"
    assert main(["init", str(root), "--title", 'The "Desk"', "--base-url", "https://desk.example/news"]) == 0
    return root


def test_init_writes_one_record_of_each_kind_that_load_without_problems(new_site: Path) -> None:
    site = publisher.load_site(new_site)
    assert site.diagnostics == []
    assert sorted(r.kind for r in site.records.values()) == sorted(KIND_TYPES)
    assert site.config.title == 'The "Desk"'
    assert site.config.base_url == "https://desk.example/news/"
    for record in site.records.values():
        assert record.model is not None
        assert schema_errors(record.raw.file, record.kind) == []
    article = next(r for r in site.records.values() if r.kind == "articles")
    assert article.data["author"] == ["people/jane-doe"]
    assert article.data["image"][0]["url"] == "https://desk.example/news/static/images/lead.svg"
    assert not article.draft


def test_init_site_builds(new_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", str(new_site), "--out", str(out)]) == 0
    assert (out / "articles" / "welcome-to-publisher" / "index.html").is_file()
    assert (out / "static" / "images" / "lead.svg").is_file()
    assert (out / "studies" / "example-walking-trial" / "index.html").is_file()


def test_init_writes_templates_readme_static_and_gitignore(new_site: Path) -> None:
    readme = (new_site / "templates" / "README.md").read_text()
    assert "person.html" in readme and "base.html" in readme and "same name" in readme
    assert "scaffold" not in readme
    assert (new_site / "static" / "images" / "logo.svg").is_file()
    assert "/_site/" in (new_site / ".gitignore").read_text()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["init", str(tmp_path)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert not (tmp_path / "publisher.toml").exists()
    assert main(["init", str(tmp_path), "--force"]) == 0
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert publisher.load_site(tmp_path).diagnostics == []


def test_init_accepts_a_folder_with_only_git(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert main(["init", str(tmp_path)]) == 0
    assert main(["init", str(tmp_path / "publisher.toml")]) == 2  # a file, not a folder


@pytest.mark.parametrize("args", [["--base-url", "example.org"], ["--language", "english!"]])
def test_init_rejects_bad_settings(tmp_path: Path, args: list[str]) -> None:
    assert main(["init", str(tmp_path / "s"), *args]) == 2
    assert not (tmp_path / "s").exists()


CASES = [(word, type_name) for word, kind in KINDS.items() for type_name in KIND_TYPES[kind]]


@pytest.mark.parametrize(("word", "type_name"), CASES)
def test_new_writes_a_record_that_loads_without_problems(make_site, word: str, type_name: str) -> None:
    root = make_site({})
    slug = f"new-{type_name.lower()}"
    assert main(["new", word, slug, "--site", str(root), "--type", type_name]) == 0
    site = publisher.load_site(root)
    assert site.diagnostics == []
    record = site.record(f"{KINDS[word]}/{slug}")
    assert record.type == type_name and record.model is not None
    assert schema_errors(record.raw.file, KINDS[word]) == []


@pytest.mark.parametrize("word", list(KINDS))
def test_new_in_the_init_site_loads_and_comments_every_recommended_property(
    tmp_path: Path, word: str
) -> None:
    root = tmp_path / "site"
    assert main(["init", str(root)]) == 0
    assert main(["new", word, "fresh-one", "--site", str(root)]) == 0
    site = publisher.load_site(root)
    assert site.diagnostics == []
    record = site.record(f"{KINDS[word]}/fresh-one")
    text = record.raw.file.read_text()
    recommended = {
        "article": ["headline", "description", "datePublished", "dateModified", "author", "publisher",
                    "image", "about", "inLanguage", "keywords"],
        "person": ["name", "description", "jobTitle", "affiliation", "url", "sameAs", "image"],
        "organization": ["name", "description", "url", "sameAs", "logo", "address"],
        "study": ["name", "description", "sponsor", "status", "healthCondition", "studyLocation",
                  "studySubject", "identifier"],
        "condition": ["name", "description", "code", "sameAs", "epidemiology"],
    }[word]
    lines = text.splitlines()
    setting = re.compile(r"^(# )?[A-Za-z]+:|^#   ")  # a property, set or commented out
    for prop in recommended:
        at = next(i for i, line in enumerate(lines) if re.match(rf"^(# )?{prop}:", line))
        above = at - 1
        while setting.match(lines[above]) and not lines[above].startswith("#   in this site"):
            above -= 1
        assert lines[above].startswith("# "), f"{prop} has no comment explaining it"
    if word == "article":
        assert record.draft
        assert record.data["publisher"] == "organizations/example-newsroom"
        assert "#   in this site: people/jane-doe" in text


def test_new_refuses_existing_files_bad_slugs_and_types(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site({"content/people/a.yml": "type: Person\nname: A\n"})
    assert main(["new", "person", "a", "--site", str(root)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["new", "person", "Not_OK", "--site", str(root)]) == 2
    assert "not allowed" in capsys.readouterr().err
    assert main(["new", "person", "con", "--site", str(root)]) == 2
    assert main(["new", "study", "s", "--site", str(root), "--type", "Person"]) == 2
    assert "MedicalTrial" in capsys.readouterr().err
    assert main(["new", "thing", "s", "--site", str(root)]) == 2
    assert sorted(p.name for p in (root / "content").rglob("*.*")) == ["a.yml"]


def test_new_needs_a_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "person", "a", "--site", str(tmp_path)]) == 2
    assert "CFG003" in capsys.readouterr().err


@pytest.mark.parametrize(
    "value",
    ["NO", "yes", "a: b", "#hash", "- dash", "'q'", '"dq"', "null", "123", "1.5", "Ünïcode ✓", "x\ny",
     "2025-03-21", "2025-03-21T10:00:00+09:00", "  padded ", "", "@at", "%pct", "`tick", "{x}"],
)
def test_yaml_scalar_reads_back_as_the_same_string(value: str) -> None:
    data, _ = load_yaml(f"key: {yaml_scalar(value)}\n", "t.yaml")
    assert data == {"key": value}
