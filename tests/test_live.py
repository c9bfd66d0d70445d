"""Live rebuilds (``serve`` after an edit of records): the output is byte for byte a full build.

Each test builds a generated site, keeps the build in memory (:class:`LiveBuild`), edits records,
reads the site again through the same :class:`ReadCache` as ``serve`` does, updates the output in
place and compares every file with a full build of the edited site, and the build state with the
one a fresh incremental build of it writes (the same digests: none carried over stale).
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from publisher import load_site
from publisher.diagnostics import Diagnostic, Severity
from publisher.publish.build import PendingDiagnostics, build_site
from publisher.publish.incremental import STATE
from publisher.publish.inputs import PageInputs
from publisher.publish.live import LiveBuild
from publisher.site import ReadCache
from tests.conftest import generated_corpus
from tests.test_incremental import _chain, files_of, first, set_field


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_corpus(tmp_path_factory, "live", 60, 11)


class Session:
    """A build kept as ``serve`` keeps it, and the checks after each update."""

    def __init__(self, site: Path, tmp_path: Path, seeded: bool = True) -> None:
        """``seeded``: started from the first build's own digests (as ``serve`` does), else from
        digests worked out again by :meth:`LiveBuild.start`."""
        self.site, self.tmp = site, tmp_path
        self.out = tmp_path / "out"
        self.cache = ReadCache()
        loaded = load_site(site, cache=self.cache)
        pending = PendingDiagnostics(loaded, background=False, keyed=True)  # as serve's first build
        pending.result()
        tracked: list[PageInputs] = []
        build_site(loaded, self.out, incremental=True, finish=pending.save,
                   track=tracked.append if seeded else None)
        assert len(tracked) == seeded
        kept = pending.reusable()
        live = LiveBuild.start(loaded, self.out, False, kept[1] if kept else None, *tracked)
        assert live is not None
        self.live = live

    def update(self) -> int:
        """Update the output; the pages drawn again (of all)."""
        outcome = self.live.update(load_site(self.site, cache=self.cache), check=False)
        assert outcome is not None
        result = outcome[1]
        assert result is not None
        return result.pages - result.reused

    def assert_like_full_build(self) -> None:
        assert_like_full_build(self.site, self.out, self.tmp)


def assert_like_full_build(site: Path, out: Path, tmp: Path) -> None:
    """``out`` and its build state are what a full build of ``site`` writes; no file left half-made."""
    fresh = tmp / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    build_site(load_site(site), fresh, incremental=True)
    assert files_of(out) == files_of(fresh)
    assert (out / STATE).read_bytes() == (fresh / STATE).read_bytes()
    assert not list(out.rglob("*.publisher-new"))


@pytest.fixture
def session(site: Path, tmp_path: Path) -> Session:
    return Session(site, tmp_path)


def test_nothing_changed_draws_only_the_home_page(session: Session) -> None:
    assert session.update() == 1
    session.assert_like_full_build()


def test_edited_article_body_draws_a_few_pages(session: Session) -> None:
    article = first(session.site, "articles")
    before = (session.out / "articles" / article.stem / "index.html").stat().st_ino
    article.write_text(article.read_text() + "\nA new closing paragraph.\n")
    drawn = session.update()
    assert 1 < drawn < 30
    page = session.out / "articles" / article.stem / "index.html"
    assert "A new closing paragraph." in page.read_text()
    assert page.stat().st_ino != before  # a new file renamed over the old one, not written in place
    session.assert_like_full_build()


def test_edited_title_shown_on_listings(session: Session) -> None:
    set_field(first(session.site, "articles"), "headline", "A quite different headline")
    session.update()
    session.assert_like_full_build()


def test_new_and_deleted_articles(session: Session) -> None:
    source = first(session.site, "articles")
    new = source.parent / "a-brand-new-story.md"
    shutil.copyfile(source, new)
    set_field(new, "headline", "A brand new story")
    set_field(new, "datePublished", "2031-01-01T00:00:00Z")
    session.update()
    assert (session.out / "articles" / "a-brand-new-story" / "index.html").is_file()
    session.assert_like_full_build()
    new.unlink()
    session.update()
    assert not (session.out / "articles" / "a-brand-new-story" / "index.html").exists()
    session.assert_like_full_build()


@pytest.mark.parametrize("kind", ["people", "organizations", "studies", "conditions"])
def test_edited_shared_record(session: Session, kind: str) -> None:
    set_field(first(session.site, kind), "name", f"A renamed {kind} record")
    session.update()
    session.assert_like_full_build()


def test_deleted_and_restored_shared_record(session: Session) -> None:
    person = first(session.site, "people")
    text = person.read_text()
    person.unlink()  # a dangling author: an error, built anyway here
    session.update()
    session.assert_like_full_build()
    person.write_text(text)
    session.update()
    session.assert_like_full_build()


def test_deleted_and_restored_publisher(site: Path, tmp_path: Path) -> None:
    """The site's publisher record going or coming changes every record page's document."""
    publisher = first(site, "organizations")
    config = site / "publisher.toml"
    config.write_text(config.read_text().replace("[site]\n", f'[site]\npublisher = "organizations/{publisher.stem}"\n'))
    session = Session(site, tmp_path)
    text = publisher.read_text()
    publisher.unlink()
    session.update()
    session.assert_like_full_build()
    publisher.write_text(text)
    session.update()
    session.assert_like_full_build()


def test_a_record_two_and_three_steps_away(session: Session) -> None:
    article, org = _chain(session.site)
    set_field(org, "name", "A renamed far organization")
    session.update()
    assert "A renamed far organization" in (session.out / "articles" / article.stem / "index.html").read_text()
    session.assert_like_full_build()
    org.write_text(org.read_text() + "parentOrganization: organizations/a-parent-body\n")
    session.update()
    session.assert_like_full_build()
    parent = org.with_name("a-parent-body.yaml")
    parent.write_text("type: Organization\nname: A parent body\n")
    session.update()
    assert "a-parent-body/#" in (session.out / "articles" / article.stem / "index.html").read_text()
    session.assert_like_full_build()
    parent.unlink()
    session.update()
    session.assert_like_full_build()


@pytest.mark.parametrize("seeded", [True, False])
def test_random_edits_match_full_builds(site: Path, tmp_path: Path, seeded: bool) -> None:
    """Seeded random edits of any kind (names, titles, dates, keywords, references, bodies,
    several at once): after each update, the output and its state are a full build's, whether the
    build kept in memory started from the first build's digests or worked them out again."""
    session = Session(site, tmp_path, seeded)
    rng = random.Random(20261122 + seeded)
    site = session.site
    records = sorted(p for p in (site / "content").rglob("*") if p.is_file())
    people = [f"people/{p.stem}" for p in records if p.parent.name == "people"]
    studies = [f"studies/{p.stem}" for p in records if p.parent.name == "studies"]
    edits = [
        ("articles", "headline", lambda: json.dumps(f"Headline {rng.randrange(10**6)}")),
        ("articles", "datePublished", lambda: json.dumps(f"20{rng.randrange(10, 40)}-0{rng.randrange(1, 10)}-11")),
        ("articles", "keywords", lambda: f"[topic {rng.randrange(5)}, clinical trials]"),
        ("articles", "author", lambda: f"[{rng.choice(people)}]"),
        ("articles", "about", lambda: f"[{rng.choice(studies)}]"),
        ("people", "name", lambda: json.dumps(f"Person {rng.randrange(10**6)}")),
        ("organizations", "name", lambda: json.dumps(f"Organization {rng.randrange(10**6)}")),
        ("studies", "name", lambda: json.dumps(f"Study {rng.randrange(10**6)}")),
        ("conditions", "name", lambda: json.dumps(f"Condition {rng.randrange(10**6)}")),
    ]
    for _ in range(10):
        for _ in range(rng.choice((1, 1, 2, 3))):
            kind, key, value = rng.choice(edits)
            path = rng.choice([p for p in records if p.parent.name == kind])
            lines = path.read_text().splitlines(keepends=True)
            for number, line in enumerate(lines):
                if line.startswith(f"{key}: "):
                    lines[number] = f"{key}: {value()}\n"
                    break
            if kind == "articles" and rng.random() < 0.3:
                lines.append(f"\nA body edit {rng.randrange(10**6)}.\n")
            path.write_text("".join(lines))
        session.update()
        session.assert_like_full_build()


def test_errors_leave_the_output_as_it_was(session: Session) -> None:
    before = files_of(session.out)
    article = first(session.site, "articles")
    article.write_text(article.read_text().replace("headline:", "headline: [", 1))  # bad YAML
    outcome = session.live.update(load_site(session.site, cache=session.cache))
    assert outcome is not None
    diagnostics, result = outcome
    assert result is None
    assert any(d.severity is Severity.ERROR for d in diagnostics)
    assert files_of(session.out) == before


def test_a_body_edit_reuses_the_profile_diagnostics(session: Session) -> None:
    found = session.live.found
    assert found is not None
    article = first(session.site, "articles")
    article.write_text(article.read_text() + "\nOne more line.\n")
    session.update()
    assert session.live.found is found  # the rules did not run again
    set_field(article, "headline", "A headline the rules read")
    session.update()
    assert session.live.found is not found and session.live.found == found
    session.assert_like_full_build()


def test_another_environment_is_not_updated_live(session: Session) -> None:
    config = session.site / "publisher.toml"
    config.write_text(config.read_text().replace("title = ", 'title = "Another" #', 1))
    assert session.live.update(load_site(session.site, cache=session.cache)) is None


def test_a_site_with_its_own_templates_is_not_updated_live(session: Session) -> None:
    (session.site / "templates").mkdir()
    assert session.live.update(load_site(session.site, cache=session.cache)) is None


def test_a_later_build_reuses_what_the_updates_wrote(session: Session) -> None:
    """The state an update writes is one a later ``publisher build`` (a fresh process) trusts."""
    article = first(session.site, "articles")
    article.write_text(article.read_text() + "\nA paragraph for the next build.\n")
    session.update()
    result = build_site(load_site(session.site), session.out, incremental=True)
    assert result.reused == result.pages - 1  # all but the home page
    session.assert_like_full_build()


def test_an_article_made_a_draft_and_published_again(session: Session) -> None:
    article = first(session.site, "articles")
    text = article.read_text()
    article.write_text(text.replace("\nheadline:", "\ndraft: true\nheadline:", 1))
    session.update()
    assert not (session.out / "articles" / article.stem / "index.html").exists()
    session.assert_like_full_build()
    article.write_text(text)
    session.update()
    session.assert_like_full_build()


def test_moved_lines_move_the_diagnostics(session: Session) -> None:
    """Front matter whose values stay but whose lines move (a comment added) draws no page again,
    but its diagnostics point at the new lines: the rules run again."""
    organization = next(p for p in sorted((session.site / "content" / "organizations").iterdir())
                        if "height: 60" in p.read_text())
    organization.write_text("# a comment\n" + organization.read_text())
    outcome = session.live.update(load_site(session.site, cache=session.cache), check=False)
    assert outcome is not None and outcome[1] is not None
    assert outcome[1].pages - outcome[1].reused == 1  # the home page only
    mine = [d for d in outcome[0] if d.path.endswith(organization.name)]
    assert mine and all(d.line > 1 for d in mine)
    fresh = [d for d in load_and_check(session.site) if d.path.endswith(organization.name)]
    assert [d.to_dict() for d in mine] == [d.to_dict() for d in fresh]


def load_and_check(site: Path) -> list[Diagnostic]:
    from publisher.publish.build import collect_diagnostics

    return collect_diagnostics(load_site(site))


def test_serve_updates_live_after_record_edits_and_rebuilds_after_others(
        site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``serve``'s rebuilds: an edit under content/ updates the output in place (the files of the
    folder stays); a static file rebuilds a new folder swapped in whole, kept in memory again."""
    from publisher.cli.build import run_build
    from publisher.cli.serve import Rebuilder

    out = tmp_path / "out"
    cache = ReadCache()
    loaded = load_site(site, cache=cache)
    again = Rebuilder(site, out, None, False, False, 1, cache)
    run_build(loaded, out, drafts=False, force=False, jobs=1, incremental=True,
              on_checked=lambda pending: again.keep(loaded, pending))
    assert again.live is not None
    folder = out.stat().st_ino
    article = first(site, "articles")
    article.write_text(article.read_text() + "\nServed at once.\n")
    assert again([(2, str(article))])
    assert "Served at once." in (out / "articles" / article.stem / "index.html").read_text()
    assert out.stat().st_ino == folder  # in place: the same folder
    assert "Rebuilt" in capsys.readouterr().out
    assert_like_full_build(site, out, tmp_path)
    (site / "static").mkdir(exist_ok=True)
    (site / "static" / "extra.css").write_text("body { color: black }\n")
    assert again([(1, str(site / "static" / "extra.css"))])
    assert (out / "static" / "extra.css").is_file()
    assert out.stat().st_ino != folder  # a whole new folder swapped in
    assert again.live is not None  # kept in memory again
