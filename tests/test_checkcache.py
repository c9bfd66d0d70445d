"""The validation a rebuild reuses: only when nothing the profiles' rules read has changed.

Each test builds a generated site with the command line, edits it, and checks that the
validation key changed exactly when the rules could see the edit, and that what a rebuild prints
and decides is what a full validation prints and decides.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher import load_site
from publisher.cli import cli as main
from publisher.publish import checkcache
from publisher.publish.build import collect_diagnostics
from tests.conftest import generated_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_corpus(tmp_path_factory, "checkcache", 40, 5)


def build(site: Path, out: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(site), "--out", str(out), "--quiet", *options])
    return result.exit_code, result.output


def diagnostics_printed(output: str) -> list[str]:
    """The diagnostics of a build's output, without its last line (counts and timings)."""
    return output.splitlines()[:-1]


def first_article(site: Path) -> Path:
    return sorted((site / "content" / "articles").iterdir())[0]


def key(site: Path) -> str | None:
    return checkcache.validation_key(load_site(site))


def test_a_body_edit_keeps_the_key_and_reuses_the_same_diagnostics(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = build(site, out)
    assert code == 0
    stored = checkcache.load(out, key(site))
    assert stored is not None and stored, "the generated site has warnings (GGL132) to keep"
    before = key(site)
    article = first_article(site)
    article.write_text(article.read_text() + "\nA new closing paragraph.\n")
    assert key(site) == before
    assert checkcache.load(out, key(site)) == stored
    again_code, again = build(site, out)
    full_code, full = build(site, tmp_path / "full", "--no-cache")
    assert (again_code, diagnostics_printed(again)) == (full_code, diagnostics_printed(full))
    assert diagnostics_printed(again) == diagnostics_printed(output)


@pytest.mark.parametrize("edit", [
    lambda text: text.replace("headline: ", "headline: Changed ", 1),  # a value
    lambda text: text.replace("\nheadline: ", "\n# a comment\nheadline: ", 1),  # positions only
    lambda text: text.replace("\nheadline: ", "\ndraft: true\nheadline: ", 1),  # the draft flag
])
def test_a_front_matter_edit_changes_the_key(site: Path, edit: object) -> None:
    before = key(site)
    article = first_article(site)
    article.write_text(edit(article.read_text()))  # type: ignore[operator]
    assert key(site) != before


def test_a_new_or_deleted_record_changes_the_key(site: Path) -> None:
    before = key(site)
    article = first_article(site)
    copy = article.with_name("a-copy-of-the-first.md")
    copy.write_text(article.read_text())
    added = key(site)
    copy.unlink()
    article.unlink()
    assert len({before, added, key(site)}) == 3


def test_another_working_folder_changes_the_key(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(site.parent)
    here = checkcache.validation_key(load_site(site.absolute()))
    monkeypatch.chdir(site)
    assert checkcache.validation_key(load_site(site.absolute())) != here


def test_a_site_profile_is_never_reused(site: Path) -> None:
    (site / "mine.toml").write_text('name = "mine"\ninclude = ["publisher"]\n')
    config = site / "publisher.toml"
    config.write_text(config.read_text() + '\n[validate]\nprofiles = ["mine.toml"]\n')
    assert key(site) is None


def test_a_future_date_is_never_stored(site: Path, tmp_path: Path) -> None:
    """A date in the future today is not tomorrow: what the not-future rule found is not kept."""
    article = first_article(site)
    lines = article.read_text().splitlines(keepends=True)
    lines = [("datePublished: 2999-01-01T08:00:00Z\n" if line.startswith("datePublished: ") else line)
             for line in lines]
    article.write_text("".join(lines))
    out = tmp_path / "out"
    code, output = build(site, out, "--force")
    assert code == 0 and "2999" in output
    assert not (out / checkcache.VALIDATION).exists()


def test_a_new_error_stops_the_rebuild_as_a_full_validation_does(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(site, out)[0] == 0
    article = first_article(site)
    article.write_text(article.read_text().replace("\nheadline: ", "\nheadline: \n  - 1\n  - 2\nx: ", 1))
    code, output = build(site, out)
    full = collect_diagnostics(load_site(site))
    assert code == 1 and any(d.severity.value == "error" for d in full)
    for diagnostic in full:
        assert diagnostic.message in output


def test_an_unreadable_or_foreign_file_is_not_used(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(site, out)[0] == 0
    current = key(site)
    assert checkcache.load(out, current) is not None
    (out / checkcache.VALIDATION).write_text("{not json")
    assert checkcache.load(out, current) is None
    (out / checkcache.VALIDATION).write_text('{"format": 1, "key": "other", "found": []}')
    assert checkcache.load(out, current) is None


def test_the_key_is_the_same_whether_read_by_one_process_or_two(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records read in forked processes come back as copies that share fewer objects: the key
    depends on values only."""
    from publisher import parallel

    monkeypatch.setattr(parallel, "MIN_PARALLEL", 10**9)
    alone = key(site)
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    assert key(site) == alone is not None


def test_serve_rebuilds_reuse_the_stored_validation(site: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """``serve`` rebuilds after a body edit with the diagnostics its output keeps, and keeps them
    again in the new output (it used to validate in full each time and keep nothing)."""
    import json

    from publisher.cli.serve import rebuild

    out = tmp_path / "out"
    assert build(site, out)[0] == 0
    stored = json.loads((out / checkcache.VALIDATION).read_text())
    # A mark only a reused file can print: the rules never say this.
    stored["found"][0]["message"] = "kept from the previous build"
    (out / checkcache.VALIDATION).write_text(json.dumps(stored))
    article = first_article(site)
    article.write_text(article.read_text() + "\nA new closing paragraph.\n")
    capsys.readouterr()
    assert rebuild(site, out, None, drafts=False, force=False, jobs=1)
    printed = capsys.readouterr()
    assert "kept from the previous build" in printed.err and "Rebuilt" in printed.out
    assert "A new closing paragraph." in (out / "articles" / article.stem / "index.html").read_text()
    assert json.loads((out / checkcache.VALIDATION).read_text()) == stored
    # A front matter edit changes the key: validated in full, the mark is gone.
    article.write_text(article.read_text().replace("headline: ", "headline: Changed ", 1))
    assert rebuild(site, out, None, drafts=False, force=False, jobs=1)
    assert "kept from the previous build" not in capsys.readouterr().err
    assert json.loads((out / checkcache.VALIDATION).read_text())["key"] == key(site)
