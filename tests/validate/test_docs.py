"""Every code has its documentation page, and the pages say what the catalogue says."""

from __future__ import annotations

from pathlib import Path

from publisher.codes import CODES
from publisher.validate.docs import main, pages
from publisher.validate.profiles import catalogue, load_ruleset, used_codes

ROOT = Path(__file__).resolve().parents[2]


def test_every_code_has_a_current_page() -> None:
    assert main(["--check"]) == 0, "run: python -m publisher.validate.docs"


def test_every_code_in_use_is_documented() -> None:
    documented = set(catalogue())
    assert set(CODES) <= documented
    for profiles in (("publisher",), ("schemaorg",), ("google",)):
        assert set(used_codes(load_ruleset(profiles))) <= documented
    used_in_code = set()
    for path in (ROOT / "publisher").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used_in_code.update(code for code in documented if f'"{code}"' in text)
    assert {c for c in documented if c.startswith("CHK")} <= used_in_code


def test_pages_link_their_sources() -> None:
    generated = pages()
    for code, info in catalogue().items():
        text = generated[f"{code}.md"]
        assert text.startswith(f"# {code}: {info.title}")
        if code.startswith("GGL"):
            assert "developers.google.com/search/docs/appearance/structured-data/" in text
    assert "(SDO101.md)" in generated["index.md"]


def test_cli_and_ci_docs_exist() -> None:
    for name in ("cli/validate.md", "cli/check.md", "ci.md"):
        assert (ROOT / "docs" / name).is_file(), name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Validation" in readme and "docs/rules/index.md" in readme
