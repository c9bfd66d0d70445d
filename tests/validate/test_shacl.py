"""The SHACL shapes (schemas/shacl/): current, valid SHACL, and pySHACL finds what publisher finds.

Each site below is read by publisher (``validate``'s rules over its records, ``check``'s over its
pages' JSON-LD for the nodes only pages have: WebSite, WebPage, ProfilePage, BreadcrumbList) and
its pages' RDF is validated by pySHACL with the shapes generated from the site's own profiles. The
two must report the same problems as sets of (focus node IRI, property, code, severity), except
for the codes no shape can say, which are listed here (``EXCLUDED``) and in docs/shacl.md.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyshacl
import pytest
import rdflib
import yaml

from publisher.render.jsonld import dumps, record_node
from publisher.render.pages import iter_pages
from publisher.site import load_site
from publisher.validate.check import check_text
from publisher.validate.engine import Finding
from publisher.validate.shacl import (
    NOT_TRANSLATED,
    PROFILES,
    main,
    not_translated,
    render_all,
    results,
    ruleset_turtle,
    stale_files,
)
from publisher.validate.site import profile_diagnostics, site_ruleset
from publisher.validate.siterdf import site_rdflib_graph

from ..conftest import EXAMPLE, ROOT, write_site

FOLDER = ROOT / "schemas" / "shacl"
CORPUS = Path(__file__).parent / "corpus" / "sites"
CASES_YAML = ROOT / "tests" / "badinput" / "cases.yaml"
NOW = datetime(2026, 6, 1, tzinfo=UTC)

# Codes no shape reports, and why (the keys of NOT_TRANSLATED). Nothing else may be missing.
EXCLUDED: dict[str, str] = {
    **{f"SDO10{n}": "vocabulary" for n in range(1, 9)},  # the schema.org vocabulary checks
    "PUB103": "not-future",                               # needs the clock
    "GGL113": "breadcrumb.item",                          # compares sibling positions
}
PUBLISHER_CONFIG = """\
[site]
title = "Test Desk"
base_url = "https://test.example/"
language = "en"

[validate]
profiles = ["publisher"]
"""


# --- the files ---------------------------------------------------------------------------------


def test_checked_in_shapes_are_current() -> None:
    stale = stale_files(FOLDER)
    assert not stale, f"stale SHACL shapes {stale}: run `make shacl` and commit the result"


def test_check_mode_reports_stale_files(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path), "--check"]) == 1
    assert main(["--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{p}.ttl" for p in PROFILES]
    assert main(["--out", str(tmp_path), "--check"]) == 0
    (tmp_path / "google.ttl").write_text("# edited\n")
    (tmp_path / "old.ttl").write_text("")
    assert main(["--out", str(tmp_path), "--check"]) == 1
    assert main(["--out", str(tmp_path)]) == 0
    assert not (tmp_path / "old.ttl").exists()


@pytest.mark.parametrize("name", sorted(render_all()))
def test_shapes_are_well_formed(name: str) -> None:
    """Every file parses as Turtle, pySHACL loads every shape, and every shape that reports says
    its code (``pub:code``, and first in ``sh:message``). (pySHACL's meta-SHACL check of the
    shapes graph passes too, but takes a minute: run it by hand with ``pyshacl -m``.)"""
    shapes = rdflib.Graph().parse(FOLDER / name, format="turtle")
    conforms, _, text = pyshacl.validate(rdflib.Graph(), shacl_graph=shapes)
    assert conforms, text
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    code = rdflib.URIRef("https://github.com/publisher-dev/publisher/blob/main/docs/shacl.md#code")
    shaped = list(shapes.subjects(sh.severity, None))
    assert shaped and all(shapes.value(s, code) is not None for s in shaped), "every shape names its code"
    assert all(str(shapes.value(s, sh.message)).startswith(str(shapes.value(s, code))) for s in shaped)


@pytest.mark.parametrize("profile", PROFILES)
def test_exclusions_are_listed(profile: str) -> None:
    """Every code of the profile is reported by a shape or listed in EXCLUDED (never silently skipped)."""
    from publisher.validate.profiles import load_ruleset, used_codes

    skipped = not_translated(profile)
    assert skipped == {c: k for c, k in EXCLUDED.items() if c in skipped}
    assert set(skipped.values()) <= set(NOT_TRANSLATED)
    text = render_all()[f"{profile}.ttl"]
    for code in used_codes(load_ruleset((profile,))):
        assert (f'pub:code "{code}"' in text) != (code in skipped), code
    docs = (ROOT / "docs" / "shacl.md").read_text(encoding="utf-8")
    for code in skipped:
        assert code in docs or code[:4] in docs, f"docs/shacl.md does not list {code}"


# --- publisher and pySHACL find the same problems ---------------------------------------------


def record_ids(site: Any) -> set[str]:
    """Every @id of the records' nodes (and the things nested in them): what validate sees."""
    out: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("@id"), str) and len(value) > 1:
                out.add(value["@id"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for record in site.records.values():
        walk(record_node(site, record))
    return out


def publisher_findings(site: Any) -> set[Finding]:
    """validate's findings on the records, and check's on the nodes only the pages have."""
    ruleset = site_ruleset(site)
    found: list[Finding] = []
    profile_diagnostics(site, ruleset, NOW, found)
    records = record_ids(site)
    pages: list[Finding] = []
    for page in iter_pages(site, drafts=True):
        check_text(dumps(page.document), f"{page.url}.jsonld", ruleset, NOW, as_json=True, trace=pages)
    found += [f for f in pages if f.node not in records]
    return {f for f in found if f.code not in EXCLUDED}


def shacl_results(sites: list[Any]) -> set[Finding]:
    """pySHACL over the union of the sites' RDF (their IRIs differ), with the shapes of their
    profiles (which must be the same): one run, which costs about as much as one site's."""
    turtles = {ruleset_turtle(site_ruleset(site)) for site in sites}
    assert len(turtles) == 1, "sites validated together use the same profiles"
    shapes = rdflib.Graph().parse(data=turtles.pop(), format="turtle")
    data = rdflib.Graph()
    for site in sites:
        data += site_rdflib_graph(site, drafts=True)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, allow_warnings=True, allow_infos=True)
    return {Finding(*r) for r in results(report, shapes)}


def compare_many(roots: dict[str, Path]) -> dict[str, tuple[set[Finding], set[Finding]]]:
    """Each site's (publisher's findings, pySHACL's), the sites grouped by their profiles."""
    sites = {name: load_site(root) for name, root in roots.items()}
    groups: dict[str, list[str]] = {}
    for name, site in sites.items():
        groups.setdefault(ruleset_turtle(site_ruleset(site)), []).append(name)
    out: dict[str, tuple[set[Finding], set[Finding]]] = {}
    for names in groups.values():
        found = shacl_results([sites[n] for n in names])
        for name in names:
            base = sites[name].config.base_url
            out[name] = (publisher_findings(sites[name]), {f for f in found if (f.node or "").startswith(base)})
    return out


def compare(root: Path) -> tuple[set[Finding], set[Finding]]:
    return compare_many({"site": root})["site"]


def show(findings: set[Finding]) -> str:
    return "\n".join(sorted(f"  {f.code} {f.severity} {f.node} {f.path}" for f in findings)) or "  (none)"


def assert_same(publisher: set[Finding], shacl: set[Finding]) -> None:
    assert shacl == publisher, (
        f"only publisher:\n{show(publisher - shacl)}\nonly SHACL:\n{show(shacl - publisher)}"
    )


def test_example_site() -> None:
    """No error-severity result on the example site; its warnings and information are publisher's."""
    publisher, shacl = compare(EXAMPLE)
    assert not [f for f in shacl if f.severity == "error"]
    assert_same(publisher, shacl)
    assert {f.code for f in shacl} == {"GGL101", "GGL130", "PUB107"}


def with_base(source: Path, target: Path, base: str) -> Path:
    """A copy of a site whose base_url is ``base`` (so that several sites' IRIs do not meet)."""
    shutil.copytree(source, target)
    config = target / "publisher.toml"
    text = re.sub(r'(?m)^base_url = ".*"$', f'base_url = "{base}"', config.read_text(encoding="utf-8"))
    config.write_text(text, encoding="utf-8")
    return target


# The validation corpus's sites.
CORPUS_SITES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def assert_all_same(found: dict[str, tuple[set[Finding], set[Finding]]],
                    excused: dict[tuple[str, str], str] | None = None) -> None:
    """Every site's findings agree, but for the ``excused`` (site, code) pairs (each with why)."""
    excused = excused or {}
    wrong = []
    for name, (publisher, shacl) in sorted(found.items()):
        publisher = {f for f in publisher if (name, f.code) not in excused}
        shacl = {f for f in shacl if (name, f.code) not in excused}
        if publisher != shacl:
            wrong.append(f"{name}:\n only publisher:\n{show(publisher - shacl)}\n only SHACL:\n{show(shacl - publisher)}")
    assert not wrong, "\n".join(wrong)
    for (name, code), _why in excused.items():
        publisher, shacl = found[name]
        assert any(f.code == code for f in publisher ^ shacl), f"{name} no longer needs its excuse for {code}"


def test_corpus_sites(tmp_path: Path) -> None:
    """Every site of the validation corpus (one pySHACL run over all of them)."""
    found = compare_many({
        name: with_base(CORPUS / name, tmp_path / name, f"https://{name}.corpus.test/") for name in CORPUS_SITES
    })
    assert_all_same(found)
    codes = {f.code for _, shacl in found.values() for f in shacl}  # the comparison is not vacuous
    assert codes >= {"GGL101", "GGL102", "GGL104", "GGL105", "GGL106", "GGL107", "GGL122",
                     "PUB101", "PUB102", "PUB104", "PUB105", "PUB106", "PUB107", "PUB108"}


# Small sites for what the corpus does not reach.
EXTRA_SITES: dict[str, dict[str, str]] = {
    "logos-and-images": {
        "content/organizations/desk.yaml": """
            type: NewsMediaOrganization
            name: Desk
            url: https://test.example/
            logo: {type: ImageObject, url: https://test.example/logo.png, width: 64, height: 64}
        """,
        "content/organizations/lab.yaml": """
            type: ResearchOrganization
            name: Lab
            url: https://lab.example/
            logo: {type: ImageObject, url: "ftp://lab.example/logo.png", width: 400, height: 400}
        """,
        "content/articles/a.md": """
            ---
            type: NewsArticle
            headline: Images
            datePublished: 2025-03-21T10:00:00+09:00
            dateModified: 2025-03-21T02:00:00Z
            author: organizations/desk
            publisher: organizations/desk
            image: {type: ImageObject, url: "ftp://test.example/a.jpg", width: 1200, height: 675}
            ---
            Same instant, other offset: not out of order.
        """,
    },
    "dates-and-blanks": {
        "content/people/p.yaml": """
            type: Person
            name: "  "
            sameAs: [https://orcid.org/0000-0000-0000-0000]
        """,
        "content/articles/a.md": """
            ---
            type: BlogPosting
            headline: ""
            datePublished: 2025-03-21
            dateModified: 2025-03-20T23:00:00-05:00
            author: people/p
            publisher: people/p
            image: https://test.example/a.jpg
            ---
            A date and a date-time: compared as dates.
        """,
        "content/articles/b.md": """
            ---
            type: NewsArticle
            headline: B
            datePublished: 2025-03-21T10:00:00+09:00
            dateModified: 2025-03-21T00:59:00Z
            author: people/p
            publisher: people/p
            image: https://test.example/b.jpg
            inLanguage: english
            ---
            One minute before publication.
        """,
    },
}


def write(root: Path, files: dict[str, str], config: str = PUBLISHER_CONFIG) -> Path:
    return write_site(root, files, config)


def test_extra_sites(tmp_path: Path) -> None:
    found = compare_many({
        name: write(tmp_path / name, files, PUBLISHER_CONFIG.replace("test.example", f"{name}.test"))
        for name, files in EXTRA_SITES.items()
    })
    assert_all_same(found)
    codes = {f.code for _, shacl in found.values() for f in shacl}
    assert codes >= {"GGL103", "GGL108", "GGL131", "GGL132", "PUB101", "PUB102", "PUB105"}


def loadable_bad_input() -> Iterator[dict[str, Any]]:
    """The bad-input corpus's cases that give a site (records, perhaps with model or link errors),
    now with the publisher profile: profile-level problems on top of theirs."""
    for case in yaml.safe_load(CASES_YAML.read_text(encoding="utf-8")):
        if "config" in case or set(case) - {"name", "files", "expect", "exit"} or not case.get("files"):
            continue
        yield case


BAD_INPUT = {case["name"]: case for case in loadable_bad_input()}

# A relative URL is a problem publisher reports (PUB104) that RDF cannot show: a JSON-LD processor
# resolves it against the page's URL, or drops it, so the triple has an absolute IRI or is absent.
RELATIVE_URLS = "relative URL: no RDF has one (a JSON-LD processor resolves or drops it)"
# A URL with a character no IRI may hold (here a raw <script> in a query) is dropped by JSON-LD
# processors: publisher reports it (PUB104); in RDF the person simply has no url (PUB107, GGL104).
NOT_AN_IRI = "a URL with characters no IRI may hold: a JSON-LD processor drops it from the RDF"
BAD_INPUT_EXCUSED = {
    ("same-as-relative", "PUB104"): RELATIVE_URLS,
    ("several-problems-in-one-file", "PUB104"): RELATIVE_URLS,
    ("url-not-a-url", "PUB104"): RELATIVE_URLS,
    ("html-in-every-text-field", "PUB104"): NOT_AN_IRI,
    ("html-in-every-text-field", "PUB107"): NOT_AN_IRI,
    ("html-in-every-text-field", "GGL104"): NOT_AN_IRI,
}


@pytest.mark.parametrize("part", [0, 1])
def test_bad_input_sites(part: int, tmp_path: Path) -> None:
    """The bad-input corpus's sites that load, with the publisher profile (one pySHACL run for each
    half, so that two workers share them)."""
    assert len(BAD_INPUT) >= 100
    roots = {}
    for number, (name, case) in enumerate(sorted(BAD_INPUT.items())):
        if number % 2 != part:
            continue
        config = PUBLISHER_CONFIG.replace("https://test.example/", f"https://case{number}.bad.test/")
        site = write(tmp_path / name, {}, config)
        for file, text in case["files"].items():
            path = site / file
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        roots[name] = site
    excused = {key: why for key, why in BAD_INPUT_EXCUSED.items() if key[0] in roots}
    assert_all_same(compare_many(roots), excused)


def test_trace_names_node_and_property(tmp_path: Path) -> None:
    """The engine's trace: the item a rule ran on (the owner, for a via rule) and the property."""
    site = load_site(write(tmp_path / "s", {
        "content/people/p.yaml": "type: Person\nname: Dr. Ana Lima\n",
        "content/articles/a.md": "---\ntype: NewsArticle\nheadline: H\nauthor: people/p\n---\nText.\n",
    }))
    found: list[Finding] = []
    diagnostics = profile_diagnostics(site, site_ruleset(site), NOW, found)
    assert len(found) == len(diagnostics)
    article, person = "https://test.example/articles/a/#article", "https://test.example/people/p/#person"
    assert Finding(article, "image", "PUB101", "error") in found
    assert Finding(article, "author", "GGL105", "warning") in found  # via author: the article's author
    assert Finding(person, None, "PUB107", "warning") in found      # one-of: no single property


def test_shapes_of_a_site_with_its_own_profile(capsys: pytest.CaptureFixture[str]) -> None:
    """`--site` prints the shapes of a site's profiles: its own codes, its severities."""
    assert main(["--site", str(CORPUS / "overrides")]) == 0
    text = capsys.readouterr().out
    shapes = rdflib.Graph().parse(data=text, format="turtle")
    assert len(shapes) > 100
    assert 'pub:code "DESK101"' in text                               # the site's own profile
    assert 'pub:code "PUB107"' not in text                            # severity "off"
    assert re.search(r'pub:code "GGL101" ;\s+sh:severity sh:Violation', text)  # raised to error
    assert main(["--site", str(CORPUS / "no-such-site")]) == 2
