"""Incremental builds: after any edit, the output is byte for byte a full build of the edited site.

Each test builds a generated site, edits it, builds again into the same output (reusing what it
can) and compares every file with a full build of the edited site into a fresh folder.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher import load_site
from publisher.cli import cli as main
from publisher.publish.build import BuildResult, build_site
from publisher.publish.incremental import FORMAT, STATE
from tests.conftest import generated_corpus

STATE_DIR = STATE.split("/")[0]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_corpus(tmp_path_factory, "incremental", 60, 11)


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] != STATE_DIR}


def build(site: Path, out: Path, **options: bool) -> BuildResult:
    return build_site(load_site(site), out, incremental=True, **options)


def assert_like_full_build(site: Path, out: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    build_site(load_site(site), fresh)
    assert files_of(out) == files_of(fresh)


def first(site: Path, kind: str) -> Path:
    return sorted((site / "content" / kind).iterdir())[0]


def set_field(path: Path, key: str, value: str) -> None:
    """Replace the top-level ``key: ...`` line of a record with ``key: "value"``."""
    lines = path.read_text().splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.startswith(f"{key}: "):
            lines[number] = f"{key}: {json.dumps(value)}\n"
            path.write_text("".join(lines))
            return
    pytest.fail(f"no {key} in {path}")  # pragma: no cover - every generated record has one


def test_nothing_changed_reuses_every_page_but_the_home_page(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cold = build(site, out)
    assert cold.reused == 0 and (out / STATE).is_file()
    again = build(site, out)
    assert again.reused == again.pages - 1  # the home page is always drawn
    assert_like_full_build(site, out, tmp_path)


def test_the_state_is_the_same_bytes_for_the_same_site(site: Path, tmp_path: Path) -> None:
    """No time, inode or folder of the machine in the state: the whole output is reproducible."""
    build(site, tmp_path / "a")
    moved = tmp_path / "elsewhere"
    shutil.copytree(site, moved)
    build(moved, tmp_path / "b")
    build(moved, tmp_path / "b")  # a rebuild writes the same state as a full build
    assert (tmp_path / "a" / STATE).read_bytes() == (tmp_path / "b" / STATE).read_bytes()


def test_edited_article_body(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(site, out)
    article = first(site, "articles")
    article.write_text(article.read_text() + "\nA new closing paragraph.\n")
    result = build(site, out)
    assert 0 < result.reused < result.pages
    assert_like_full_build(site, out, tmp_path)
    assert "A new closing paragraph." in (out / "articles" / article.stem / "index.html").read_text()


def test_edited_title_shown_on_listings(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(site, out)
    article = first(site, "articles")
    set_field(article, "headline", "A changed headline")
    result = build(site, out)
    assert result.reused > 0
    assert_like_full_build(site, out, tmp_path)
    assert "A changed headline" in (out / "articles" / "index.html").read_text() + "".join(
        p.read_text() for p in (out / "articles" / "page").rglob("index.html"))


def test_new_and_deleted_articles(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(site, out)
    source = first(site, "articles")
    new = source.parent / "a-brand-new-story.md"
    shutil.copyfile(source, new)
    set_field(new, "headline", "A brand new story")
    set_field(new, "datePublished", "2031-01-01T00:00:00Z")
    build(site, out)
    assert (out / "articles" / "a-brand-new-story" / "index.html").is_file()
    assert_like_full_build(site, out, tmp_path)
    sorted((site / "content" / "articles").iterdir())[-1].unlink()
    build(site, out)
    assert_like_full_build(site, out, tmp_path)


@pytest.mark.parametrize("kind", ["people", "organizations", "studies", "conditions"])
def test_edited_shared_record(site: Path, tmp_path: Path, kind: str) -> None:
    out = tmp_path / "out"
    build(site, out)
    set_field(first(site, kind), "name", f"A renamed {kind} record")
    result = build(site, out)
    assert result.reused > 0
    assert_like_full_build(site, out, tmp_path)


def test_deleted_shared_record(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(site, out)
    first(site, "people").unlink()  # a dangling author: an error, built anyway here
    build(site, out)
    assert_like_full_build(site, out, tmp_path)


def test_edited_configuration_is_a_full_build(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(site, out)
    config = site / "publisher.toml"
    config.write_text(config.read_text().replace('title = "', 'title = "Renamed ', 1))
    result = build(site, out)
    assert result.reused == 0
    assert_like_full_build(site, out, tmp_path)


def test_a_site_with_its_own_templates_draws_every_page(site: Path, tmp_path: Path) -> None:
    (site / "templates").mkdir()
    (site / "templates" / "404.html").write_text("{% extends 'default:404.html' %}\n")
    out = tmp_path / "out"
    build(site, out)
    assert build(site, out).reused == 0
    (site / "templates" / "404.html").write_text("gone\n")
    assert build(site, out).reused == 0
    assert (out / "404.html").read_text() == "gone\n"


@pytest.mark.parametrize("state", ["", "not json", json.dumps({"format": FORMAT, "key": "x", "pages": {}}),
                                   json.dumps({"format": FORMAT, "pages": []}), "[]"])
def test_a_bad_or_foreign_state_means_a_full_build(site: Path, tmp_path: Path, state: str) -> None:
    out = tmp_path / "out"
    build(site, out)
    (out / STATE).write_text(state)
    assert build(site, out).reused == 0
    assert_like_full_build(site, out, tmp_path)


@pytest.mark.parametrize("same_size", [False, True])
def test_a_page_edited_in_the_output_is_drawn_again(site: Path, tmp_path: Path, same_size: bool) -> None:
    out = tmp_path / "out"
    build(site, out)
    page = out / "articles" / first(site, "articles").stem / "index.html"
    text = page.read_bytes()
    page.write_bytes(text.replace(b"<", b"{", 1) if same_size else b"defaced")
    result = build(site, out)
    assert result.reused == result.pages - 2
    assert_like_full_build(site, out, tmp_path)


def test_changed_pages_are_new_files_not_written_in_place(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(site, out)
    article = first(site, "articles")
    page = out / "articles" / article.stem / "index.html"
    kept = out / "articles" / sorted((site / "content" / "articles").iterdir())[-1].stem / "index.html"
    before, kept_inode = page.stat().st_ino, kept.stat().st_ino
    old_bytes = page.read_bytes()
    held = page.open("rb")  # a reader of the previous output keeps its bytes
    article.write_text(article.read_text() + "\nMore.\n")
    build(site, out)
    assert page.stat().st_ino != before
    assert kept.stat().st_ino == kept_inode  # unchanged pages are the same file, linked
    assert held.read() == old_bytes
    held.close()


def test_no_reuse_draws_every_page(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(site, out)
    assert build(site, out, reuse=False).reused == 0
    assert build(site, out).reused > 0  # the state was written all the same


def test_cli_reuses_pages_and_no_cache_does_not(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    first_run = runner.invoke(main, ["build", str(site), "--out", str(out), "--quiet", "--force"])
    assert first_run.exit_code == 0, first_run.output
    assert "unchanged" not in first_run.output
    again = runner.invoke(main, ["build", str(site), "--out", str(out), "--quiet", "--force"])
    assert again.exit_code == 0 and " unchanged)" in again.output
    cold = runner.invoke(main, ["build", str(site), "--out", str(out), "--quiet", "--force", "--no-cache"])
    assert cold.exit_code == 0 and "unchanged" not in cold.output


def test_errors_still_stop_an_incremental_build(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(site), "--out", str(out), "--quiet", "--force"]).exit_code == 0
    before = files_of(out)
    article = first(site, "articles")
    set_field(article, "author", "people/nobody-at-all")
    stopped = runner.invoke(main, ["build", str(site), "--out", str(out), "--quiet"])
    assert stopped.exit_code == 1
    assert "people/nobody-at-all" in stopped.output
    assert files_of(out) == before


def test_kill_9_during_an_incremental_build_keeps_the_previous_site(site: Path, tmp_path: Path) -> None:
    """Killed at random moments while it links and draws after an edit, a rebuild leaves the
    previous site byte for byte (or, killed after its swap, the whole new one: never a mix); the
    next one finishes it like a full build."""
    import os
    import random
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "out"
    command = [sys.executable, "-m", "publisher", "build", str(site), "--out", str(out), "--quiet", "--force"]
    subprocess.run(command, check=True, capture_output=True)
    before = files_of(out)
    article = first(site, "articles")
    article.write_text(article.read_text() + "\nAn edit.\n")
    start = time.perf_counter()
    subprocess.run([*command, "--out", str(tmp_path / "timing")], check=True, capture_output=True)
    duration = time.perf_counter() - start
    after = files_of(tmp_path / "timing")
    assert after != before
    rng = random.Random(5)
    for attempt in range(4):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        try:
            process.wait(timeout=rng.uniform(0.05, duration))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            now = files_of(out)
            assert now in (before, after), f"kill {attempt}: the site is half old, half new"
    subprocess.run(command, check=True, capture_output=True)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")) == []
    assert_like_full_build(site, out, tmp_path)


def test_random_edits_match_full_builds(site: Path, tmp_path: Path) -> None:
    """Seeded random edits of any kind of record (names, titles, dates, keywords, references):
    after each, the rebuild equals a full build. Guards the digests against a template that
    starts to show something they do not cover."""
    import random

    rng = random.Random(20261122)
    out = tmp_path / "out"
    build(site, out)
    records = sorted(p for p in (site / "content").rglob("*") if p.is_file())
    people = [f"people/{p.stem}" for p in records if p.parent.name == "people"]
    edits = [
        ("articles", "headline", lambda: f"Headline {rng.randrange(10**6)}"),
        ("articles", "datePublished", lambda: f"20{rng.randrange(10, 40)}-0{rng.randrange(1, 10)}-11T08:00:00Z"),
        ("articles", "keywords", lambda: f"[topic {rng.randrange(5)}, clinical trials]"),
        ("articles", "author", lambda: f"[{rng.choice(people)}]"),
        ("people", "name", lambda: f"Person {rng.randrange(10**6)}"),
        ("organizations", "name", lambda: f"Organization {rng.randrange(10**6)}"),
        ("studies", "name", lambda: f"Study {rng.randrange(10**6)}"),
        ("conditions", "name", lambda: f"Condition {rng.randrange(10**6)}"),
    ]
    for _ in range(6):
        kind, key, value = rng.choice(edits)
        path = rng.choice([p for p in records if p.parent.name == kind])
        lines = path.read_text().splitlines(keepends=True)
        for number, line in enumerate(lines):
            if line.startswith(f"{key}: "):
                text = value()
                lines[number] = f"{key}: {text if text.startswith('[') else json.dumps(text)}\n"
                break
        path.write_text("".join(lines))
        build(site, out)
        assert_like_full_build(site, out, tmp_path)


def test_digests_of_values_orjson_refuses() -> None:
    from publisher.publish.inputs import _serialize

    assert _serialize({"n": 2**70}, repr) == b'{"n": 1180591620717411303424}'
    assert _serialize({"n": float("nan")}, repr) != _serialize({"n": None}, repr)
    assert _serialize({"s": "\ud800"}, repr) != _serialize({"s": ""}, repr)


@pytest.mark.parametrize("value", [".nan", ".inf", '"\\ud800 lone"', "null"])
def test_values_json_cannot_carry_are_digested_too(site: Path, tmp_path: Path, value: str) -> None:
    """Errors a forced build goes past (a huge integer, NaN, a lone surrogate) still give digests,
    and a change between NaN and null is seen."""
    out = tmp_path / "out"
    person = first(site, "people")
    person.write_text(person.read_text() + f"x-value: {value}\n")
    build(site, out)
    assert_like_full_build(site, out, tmp_path)
    person.write_text(person.read_text().replace(f"x-value: {value}\n", "x-value: .nan\n"))
    build(site, out)
    assert_like_full_build(site, out, tmp_path)


def _chain(site: Path) -> tuple[Path, Path]:
    """An article and an organization two links away from it that it does not name itself (the
    sponsor of the study it is about, say): in the article page's JSON-LD."""
    import re

    content = site / "content"
    names = re.compile(r"\b((?:people|organizations|studies|conditions)/[a-z0-9-]+)")
    for article in sorted((content / "articles").iterdir()):
        text = article.read_text()
        for near in names.findall(text.split("\n---", 1)[0]):
            for far in names.findall((content / f"{near}.yaml").read_text()):
                if far.startswith("organizations/") and far not in text:
                    return article, content / f"{far}.yaml"
    pytest.fail("no article with an organization two steps away")  # pragma: no cover


def test_a_record_two_steps_away_is_in_the_page(site: Path, tmp_path: Path) -> None:
    """A record page's JSON-LD carries the records two links away: its digest must see them
    (it digests the document's inputs, not the document)."""
    out = tmp_path / "out"
    build(site, out)
    article, org = _chain(site)
    set_field(org, "name", "A renamed far organization")
    result = build(site, out)
    assert result.reused > 0
    assert "A renamed far organization" in (out / "articles" / article.stem / "index.html").read_text()
    assert_like_full_build(site, out, tmp_path)


def test_a_record_three_steps_away_appearing_and_going(site: Path, tmp_path: Path) -> None:
    """Whether a record two links away names an existing record changes its node (an ``@id`` or
    a plain string): adding or deleting that third record redraws the page."""
    out = tmp_path / "out"
    article, org = _chain(site)
    parent = org.with_name("a-parent-body.yaml")
    org.write_text(org.read_text() + "parentOrganization: organizations/a-parent-body\n")
    build(site, out)  # dangling: a plain string in the page
    parent.write_text("type: Organization\nname: A parent body\n")
    build(site, out)
    assert_like_full_build(site, out, tmp_path)
    assert "a-parent-body/#" in (out / "articles" / article.stem / "index.html").read_text()
    parent.unlink()
    build(site, out)
    assert_like_full_build(site, out, tmp_path)


def test_digests_and_links_shared_over_processes(site: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """With two jobs a first build works its digests out here while two workers draw, and a
    rebuild works them out, and links unchanged pages, in two processes: the same state, the same
    pages kept and the same output as one process."""
    from publisher import parallel

    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    one, two = tmp_path / "one", tmp_path / "two"
    build_site(load_site(site), one, incremental=True, jobs=1)
    build_site(load_site(site), two, incremental=True, jobs=2)
    assert (one / STATE).read_bytes() == (two / STATE).read_bytes()
    article = first(site, "articles")
    set_field(article, "headline", "Shared out")
    kept_one = build_site(load_site(site), one, incremental=True, jobs=1).reused
    kept_two = build_site(load_site(site), two, incremental=True, jobs=2).reused
    assert kept_one == kept_two > 0
    assert (one / STATE).read_bytes() == (two / STATE).read_bytes()
    assert files_of(one) == files_of(two)
    assert_like_full_build(site, two, tmp_path)
