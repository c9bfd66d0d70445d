"""``publisher import``: HTML pages and text exports become draft article records that load."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import publisher
from publisher.cli import main
from publisher.cli.importer import check_loads
from publisher.content.files import split_front_matter
from publisher.content.yamlpos import load_yaml
from publisher.importer import Agent, ImportProblem, SiteIndex, Source, import_source, render
from publisher.importer.dates import parse_date
from publisher.importer.draft import comment_safe

from .conftest import EXAMPLE

FIXTURES = Path(__file__).parent / "fixtures" / "import"
TRIBUNE = FIXTURES / "tribune-news-page.html"
CLINIC = FIXTURES / "clinic-blog-page.html"
NHK_SEED = "003_2085b01e02218488.txt"
ARCHYDE_SEED = "000_ba5bd5e1cb731694.txt"


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "publisher", "import", *args], input=stdin,
                          capture_output=True, cwd=cwd, timeout=120)


def front_matter(text: str) -> tuple[dict[str, Any], str, str]:
    """(values, the front matter's text with comments, body)."""
    yaml_text, _, body, _ = split_front_matter(text)
    data, _ = load_yaml(yaml_text, "draft.md")
    return data, yaml_text, body


def import_to_text(tmp_path: Path, *args: str) -> str:
    out = tmp_path / f"draft-{len(list(tmp_path.glob('draft-*.md')))}.md"
    assert main(["import", *args, "--out", str(out)]) == 0
    return out.read_text(encoding="utf-8")


# --- HTML -----------------------------------------------------------------------------------------


def test_html_news_page_becomes_a_draft(tmp_path: Path) -> None:
    text = import_to_text(tmp_path, str(TRIBUNE))
    data, yaml_text, body = front_matter(text)
    assert data["type"] == "NewsArticle"
    assert data["headline"] == "Hospital trial finds ward robots cut night-time falls"
    assert data["datePublished"] == "2025-03-21T10:00:00+09:00"
    assert data["dateModified"] == "2025-03-22T07:15:00+09:00"
    assert data["author"] == [
        {"type": "Person", "name": "Maria Lopez", "url": "https://tribune.example.com/staff/maria-lopez/"},
        {"type": "Person", "name": "Ken Sato"},
    ]
    assert data["publisher"] == {"type": "NewsMediaOrganization", "name": "Harbor City Tribune",
                                 "url": "https://tribune.example.com/"}
    assert data["url"] == "https://tribune.example.com/health/2025/03/21/ward-robots-falls-trial/"
    assert data["isBasedOn"] == [data["url"]]
    assert data["description"].startswith("A six-month trial")
    assert data["inLanguage"] == "en-US" and data["articleSection"] == "Health"
    assert data["keywords"] == ["hospitals", "patient safety", "robotics"]
    assert data["image"] == [{"type": "ImageObject", "width": 1600, "height": 900,
                              "url": "https://tribune.example.com/media/2025/03/ward-robot.jpg"}]
    assert data["draft"] is True
    # the page's JSON-LD is kept, as comments, both blocks
    assert '#   "@type": "BreadcrumbList",' in yaml_text
    assert '#       "name": "Maria Lopez",' in yaml_text
    # the body: the article's text as Markdown, no chrome, no repeated headline
    assert "## How the robots worked" in body and "- 72 percent said" in body
    assert body.startswith("Patients on four wards")
    for chrome in ("cookies", "Related stories", "All rights reserved", "Subscribe", "Night-shift"):
        assert chrome not in body
    assert "\n\n\n" not in body
    assert check_loads(text, "draft.md") == []


def test_html_page_without_article_jsonld(tmp_path: Path) -> None:
    text = import_to_text(tmp_path, str(CLINIC))
    data, yaml_text, body = front_matter(text)
    assert data["headline"] == "Flu clinics open early this autumn"
    # no timezone: a date, flagged
    assert data["datePublished"] == "2025-04-02"
    assert "# datePublished: the source gives '2025-04-02T08:30:00' without a timezone" in yaml_text
    assert data["author"] == [{"type": "Person", "name": "Sam Reed"}]
    assert "'Sam Reed': the source does not say whether this is a person" in yaml_text
    assert data["publisher"]["name"] == "Northside Health Notes"
    assert data["image"][0]["url"] == "https://notes.northside.example/images/clinic-queue.jpg"
    assert "not valid JSON" in yaml_text  # the broken JSON-LD block is reported and kept
    assert "Café vouchers" in body
    assert "Great news" not in body  # reader comments are not the article
    assert check_loads(text, "draft.md") == []


def test_authors_and_publisher_matching_site_records_become_references(make_site) -> None:
    root = make_site({
        "content/people/maria-lopez.yaml": "type: Person\nname: Maria López\nalternateName: Maria Lopez\n",
        "content/organizations/tribune.yaml":
            "type: NewsMediaOrganization\nname: The Tribune\nurl: https://tribune.example.com/\n",
    })
    assert main(["import", str(TRIBUNE), "--site", str(root)]) == 0
    path = root / "content" / "articles" / "hospital-trial-finds-ward-robots-cut-night-time-falls.md"
    data, _, _ = front_matter(path.read_text())
    assert data["author"] == ["people/maria-lopez", {"type": "Person", "name": "Ken Sato"}]
    assert data["publisher"] == "organizations/tribune"  # by address: the names differ
    site = publisher.load_site(root)
    assert site.errors == []
    record = site.record("articles/hospital-trial-finds-ward-robots-cut-night-time-falls")
    assert record.draft and record.model is not None
    assert {link.target for link in site.links_from(record.ref)} == {"people/maria-lopez", "organizations/tribune"}


def test_import_into_the_current_folder_and_with_a_slug(
    make_site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site({})
    monkeypatch.chdir(root)
    assert main(["import", str(TRIBUNE), "--slug", "ward-robots"]) == 0
    assert (root / "content" / "articles" / "ward-robots.md").is_file()
    capsys.readouterr()
    assert main(["import", str(TRIBUNE), "--slug", "ward-robots"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_standard_input_to_standard_output(tmp_path: Path) -> None:
    result = run("-", stdin=TRIBUNE.read_bytes(), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data, _, _ = front_matter(result.stdout.decode())
    assert data["headline"].startswith("Hospital trial")
    assert list(tmp_path.iterdir()) == []


def test_out_with_slug_sets_the_slug(tmp_path: Path) -> None:
    text = import_to_text(tmp_path, str(CLINIC), "--slug", "flu-clinics")
    assert front_matter(text)[0]["slug"] == "flu-clinics"


def test_legacy_encodings_are_read(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    html = CLINIC.read_text().replace("Caf&eacute;", "Café")
    page.write_bytes(html.encode("cp1252"))
    assert "Café vouchers" in import_to_text(tmp_path, str(page))
    text = tmp_path / "story.txt"
    story = "Clinics open early\n\n" + "Résumé of the café plan, said the office in a statement today. " * 6
    text.write_bytes(story.encode("cp1252"))
    body = front_matter(import_to_text(tmp_path, str(text)))[2]
    assert "Résumé of the café plan" in body


# --- bad input: one line, a code, a non-zero exit, never a traceback ------------------------------


def bad_inputs(tmp_path: Path) -> list[tuple[list[str], int, str]]:
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n \n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "login.html").write_text(
        "<html><head><title>Sign in</title></head><body><form><h1>Sign in</h1><input name=u>"
        "<button>Log in</button></form><footer>© 2025</footer></body></html>")
    (tmp_path / "short.txt").write_text("Just a title\n\nAnd one short line.\n")
    (tmp_path / "folder").mkdir()
    return [
        ([str(tmp_path / "missing.html")], 2, "IMP001"),
        ([str(tmp_path / "folder")], 2, "IMP001"),
        ([str(tmp_path / "empty.html")], 1, "IMP003"),
        ([str(tmp_path / "blank.txt")], 1, "IMP003"),
        ([str(tmp_path / "image.png")], 1, "IMP002"),
        ([str(tmp_path / "image.png"), "--kind", "text"], 1, "IMP002"),
        ([str(tmp_path / "login.html")], 1, "IMP003"),
        ([str(tmp_path / "short.txt")], 1, "IMP003"),
    ]


def test_bad_input_gives_one_line_and_a_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for args, status, code in bad_inputs(tmp_path):
        assert main(["import", *args]) == status, args  # an exception would fail the test
        captured = capsys.readouterr()
        lines = captured.err.strip().splitlines()
        assert len(lines) == 1, (args, captured.err)
        assert re.match(rf"^.+:\d+:\d+: {code} error: ", lines[0]), lines[0]
        assert captured.out == ""


def test_binary_input_end_to_end(tmp_path: Path) -> None:
    (tmp_path / "x.bin").write_bytes(b"line one\nline two \x00 more")
    result = run(str(tmp_path / "x.bin"))
    assert result.returncode == 1
    assert result.stderr.decode().strip().endswith(
        "x.bin:2:10: IMP002 error: the input is binary (NUL bytes), not text or HTML")
    assert b"Traceback" not in result.stderr


def test_bad_arguments_exit_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(TRIBUNE), "--slug", "Not OK"]) == 2
    assert main(["import", str(TRIBUNE), "--kind", "pdf"]) == 2
    capsys.readouterr()
    assert main(["import", str(TRIBUNE), "--site", str(tmp_path / "nowhere")]) == 2
    assert "CFG003" in capsys.readouterr().err
    existing = tmp_path / "taken.md"
    existing.write_text("mine")
    assert main(["import", str(TRIBUNE), "--out", str(existing)]) == 2
    assert existing.read_text() == "mine"


# --- plain-text exports: the seeds ----------------------------------------------------------------


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(EXAMPLE, root)
    return root


def _new_articles(root: Path) -> list[Path]:
    known = {p.name for p in (EXAMPLE / "content" / "articles").iterdir()}
    return sorted(p for p in (root / "content" / "articles").iterdir() if p.name not in known)


def test_reader_app_export(seeds: Path, example_copy: Path) -> None:
    seed_lines = (seeds / NHK_SEED).read_text(encoding="utf-8").splitlines()
    assert main(["import", str(seeds / NHK_SEED), "--kind", "text", "--site", str(example_copy)]) == 0
    [path] = _new_articles(example_copy)
    data, yaml_text, body = front_matter(path.read_text())
    # the trailer's URL and date are the article's; the date has no timezone: a date, flagged
    url = next(line.split(": ", 1)[1] for line in seed_lines if line.startswith("URL: "))
    assert data["url"] == url and data["isBasedOn"] == [url]
    assert data["datePublished"] == "2025-03-21"
    assert "# datePublished: the source gives" in yaml_text
    # the publisher is the site's record whose address the article's address starts with
    assert data["publisher"] == "organizations/nhk-world-japan"
    assert data["draft"] is True
    # no headline in the export: a flagged placeholder from the first paragraph
    assert "# headline: not in the source" in yaml_text
    assert len(data["headline"]) <= 110
    # the body is there once: every distinct paragraph of the text, no duplicates, no trailer
    trailer_at = next(i for i, line in enumerate(seed_lines) if line.startswith("Similar Readings"))
    distinct = list(dict.fromkeys(line for line in seed_lines[:trailer_at] if line.strip()))
    paragraphs = [p for p in body.strip().split("\n\n")]
    assert paragraphs == distinct
    assert "kept once" in yaml_text
    for trailer_word in ("Similar Readings", "Statistics", "Last Read", "Category ID"):
        assert trailer_word not in body
    # the reader app's own metadata is kept as comments, not as properties
    assert "#   reader app: ID: " in yaml_text and "#   reader app: Last Read: " in yaml_text
    assert "dateModified" not in data and "wordCount" not in data
    site = publisher.load_site(example_copy)
    assert site.errors == []
    assert site.record(f"articles/{path.stem}").draft


def test_news_site_text_with_two_articles_and_chrome(seeds: Path, example_copy: Path) -> None:
    seed_lines = (seeds / ARCHYDE_SEED).read_text(encoding="utf-8").splitlines()
    assert main(["import", str(seeds / ARCHYDE_SEED), "--site", str(example_copy)]) == 0
    paths = _new_articles(example_copy)
    assert len(paths) == 2
    records = {}
    for path in paths:
        data, yaml_text, body = front_matter(path.read_text())
        records[data["headline"]] = (data, yaml_text, body)
    published = [i for i, line in enumerate(seed_lines) if line.startswith("Published: ")]
    assert len(published) == 2
    title_lines = [line for line in seed_lines[: published[0]] if line.strip()]
    report = records[title_lines[0]]  # the title, repeated in the export, is the headline
    assert report[0]["alternativeHeadline"] == title_lines[-1]
    interview_headline = next(line for line in reversed(seed_lines[: published[1]]) if line.strip())
    interview = records[interview_headline]
    question = next(line for line in reversed(seed_lines[: published[1]]) if line.endswith("?"))
    assert "a line above the headline was not imported" in interview[1]
    assert question not in interview[0]["headline"]
    for data, yaml_text, body in (report, interview):
        assert data["datePublished"] == "2025-03-24"
        assert "a date, with no time or timezone" in yaml_text
        assert data["publisher"] == "organizations/archyde"  # "© 2025 <name>" matches its alternateName
        assert "©" not in body and "Published:" not in body
        assert seed_lines[-1] not in body  # the chatbot prompt
        assert data["draft"] is True
    assert re.fullmatch(r"[A-Z]+, March 24", report[0]["dateline"])
    assert "site chrome" in interview[1]
    assert "article 1 of 2" in report[1] and "article 2 of 2" in interview[1]
    assert publisher.load_site(example_copy).errors == []


def test_several_articles_to_standard_output_writes_the_first_and_warns(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(seeds / ARCHYDE_SEED), "--out", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("---\n") and captured.out.count("\n---\n") == 1
    assert re.search(r"IMP005 warning: the input holds 2 articles", captured.err)


# --- the pieces ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "flagged"),
    [
        ("2025-03-21T10:00:00+09:00", "2025-03-21T10:00:00+09:00", False),
        ("2025-03-21T01:00:00Z", "2025-03-21T01:00:00+00:00", False),
        ("Fri, 21 Mar 2025 10:00:00 +0900", "2025-03-21T10:00:00+09:00", False),
        ("2025-03-21T10:00:00", "2025-03-21", True),
        ("2025/03/22 07:00", "2025-03-22", True),
        ("March 21, 2025", "2025-03-21", True),
        ("21 March 2025", "2025-03-21", True),
        ("2025-03-21", "2025-03-21", True),
    ],
)
def test_dates(text: str, value: str, flagged: bool) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.value == value
    assert (parsed.note is not None) is flagged


def test_unreadable_dates_are_none() -> None:
    assert parse_date("yesterday") is None and parse_date("") is None


def test_site_index_matches_names_honorifics_and_addresses() -> None:
    site = publisher.load_site(EXAMPLE)
    index = SiteIndex.of(site)
    assert index.find_agent(Agent("Dr. Anya Sharma", "Person"), ("people", "organizations")) == "people/anya-sharma"
    assert index.find_agent(Agent("OKANO HIDEYUKI", None), ("people",)) == "people/hideyuki-okano"
    assert index.find_agent(Agent("Archyde News", "Organization"), ("organizations",)) == "organizations/archyde"
    assert index.find_agent(Agent("Anya Sharma", "Organization"), ("people", "organizations")) is None
    assert index.find_agent(Agent("Someone Else", None), ("people", "organizations")) is None
    assert index.find_by_url("https://www3.nhk.or.jp/nhkworld/en/news/x/", ("organizations",)) == \
        "organizations/nhk-world-japan"
    assert SiteIndex.of(None).find_agent(Agent("Anya Sharma", "Person"), ("people",)) is None


def test_comments_cannot_break_out_of_the_front_matter() -> None:
    for text in ("a\nb", "a\u2028b", "a\x85b", "x\x00y", "\ufeffz", "tab\there"):
        line = "# " + comment_safe(text)
        data, _ = load_yaml(line + "\nkey: value\n", "t.yaml")
        assert data == {"key": "value"}, text


# --- any input: a diagnostic or a draft that loads ----------------------------------------------

_LINES = st.one_of(
    st.sampled_from([
        "", "Published: March 3, 2025", "© 2024 Foo News", "---", "# not a heading", "- item", "key: value",
        "Similar Readings (1 items)", "Summary", "Statistics", "URL: https://x.example/a", "Date: 2025-01-01",
        "By Jane Doe and John Roe", "TOKYO, March 3 — It rained.", "<script>x</script>", "'q' \"dq\" `b` \\",
    ]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120),
    st.text(alphabet="abc def.\n", min_size=30, max_size=400),
)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINES, max_size=30), st.sampled_from(["text", "html"]))
# found by this test: a control character in a scraped headline made a draft that did not load
@example(["_:0:0:0:0:0:0:0\x1f0:0\n", "0:0:0:0:0", "0:0:0:0:0:0:0:0:0:0"], "text")
def test_any_input_gives_a_problem_or_drafts_that_load(lines: list[str], kind: str) -> None:
    source = Source("any.txt", "\n".join(lines).encode("utf-8"), ".txt")
    try:
        drafts = import_source(source, kind)
    except ImportProblem:
        return
    for draft in drafts:
        assert check_loads(render(draft, SiteIndex()), "any.md") == []


YOAST_PAGE = """<!doctype html><html lang="en-GB"><head><title>x</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "BlogPosting", "@id": "https://blog.example/p/#article", "headline": "Night buses return to the valley",
  "author": {"@id": "https://blog.example/#/person/1"}, "publisher": {"@id": "https://blog.example/#org"},
  "image": {"@id": "https://blog.example/p/#primaryimage"}, "datePublished": "2025-05-01T06:00:00+01:00",
  "keywords": "transport, night buses", "mainEntityOfPage": {"@id": "https://blog.example/p/"}},
 {"@type": "Person", "@id": "https://blog.example/#/person/1", "name": "Priya Nair",
  "sameAs": ["https://www.wikidata.org/wiki/Q1"]},
 {"@type": ["Organization", "Brand"], "@id": "https://blog.example/#org", "name": "Valley Blog", "url": "https://blog.example/"},
 {"@type": "ImageObject", "@id": "https://blog.example/p/#primaryimage", "url": "https://blog.example/bus.jpg",
  "width": 1200, "height": 800, "caption": "A night bus"}
]}</script></head><body><article><h1>Night buses return to the valley</h1>
<p>Night buses will run again between the valley towns from June, the transport authority said on Thursday, after a two-year gap.</p>
<p>The service had been cut when passenger numbers fell. Campaigners had argued that shift workers at the hospital had no way home.</p>
</article></body></html>"""


def test_jsonld_graph_links_are_followed(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(YOAST_PAGE)
    data, yaml_text, body = front_matter(import_to_text(tmp_path, str(page)))
    assert data["type"] == "NewsArticle"
    assert "# type: the source's type is BlogPosting" in yaml_text
    assert data["headline"] == "Night buses return to the valley"
    assert data["author"] == [{"type": "Person", "name": "Priya Nair", "sameAs": "https://www.wikidata.org/wiki/Q1"}]
    assert data["publisher"] == {"type": "Organization", "name": "Valley Blog", "url": "https://blog.example/"}
    assert data["image"] == [{"type": "ImageObject", "url": "https://blog.example/bus.jpg", "width": 1200,
                              "height": 800, "caption": "A night bus"}]
    assert data["url"] == "https://blog.example/p/"
    assert data["keywords"] == ["transport", "night buses"]
    assert data["inLanguage"] == "en-GB"
    assert body.startswith("Night buses will run again")


def test_plain_text_with_byline_and_published_line(tmp_path: Path, make_site) -> None:
    root = make_site({"content/people/jane-doe.yaml": "type: Person\nname: Jane Doe\n"})
    story = tmp_path / "story.txt"
    story.write_text(
        "City council backs new cycle lanes\n"
        "By Jane Doe and John Roe\n"
        "Published: 2025-06-01T09:00:00+02:00\n\n"
        "The city council voted on Tuesday to build four new protected cycle lanes by 2027, after a year "
        "of consultation with residents and shop owners.\n\n"
        "Opponents said the lanes would take away parking; supporters pointed to a fall in accidents where "
        "similar lanes were built.\n\n"
        "1. The first lane opens in spring.\n"
    )
    assert main(["import", str(story), "--site", str(root)]) == 0
    path = root / "content" / "articles" / "city-council-backs-new-cycle-lanes.md"
    data, _, body = front_matter(path.read_text())
    assert data["headline"] == "City council backs new cycle lanes"
    assert "alternativeHeadline" not in data
    assert data["author"] == ["people/jane-doe", {"type": "Person", "name": "John Roe"}]
    assert data["datePublished"] == "2025-06-01T09:00:00+02:00"
    assert "1\\. The first lane" in body  # plain text stays plain text in Markdown
    assert publisher.load_site(root).errors == []


def test_a_draft_over_the_size_limit_is_refused(make_site, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site({}, config="[site]\ntitle = 'T'\nbase_url = 'https://t.example/'\n[limits]\nmax_file_bytes = 2000\n")
    assert main(["import", str(TRIBUNE), "--site", str(root)]) == 1
    assert "IMP006" in capsys.readouterr().err and not (root / "content").exists()
