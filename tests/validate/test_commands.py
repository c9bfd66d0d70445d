"""`publisher validate`, `publisher check` and `publisher build` end to end: exit statuses 0/1/2,
formats, --output, --strict, stdin, --jobs, the example site and our own built pages."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.diagnostics import Severity
from publisher.site import load_site
from publisher.validate.check import Recipe, check_paths
from publisher.validate.site import validate_site

from ..conftest import EXAMPLE
from .corpus_tool import CORPUS, NOW

PAGES = CORPUS / "pages"
SITES = CORPUS / "sites"


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publisher", *args], capture_output=True, text=True,
                          input=stdin, cwd=cwd, timeout=300)


def codes(diagnostics: list) -> list[tuple[str, str, int]]:  # type: ignore[type-arg]
    return sorted((d.code, Path(d.path).name, d.line) for d in diagnostics)


# --- the example site ------------------------------------------------------------------------------

def test_example_site_validates_without_errors() -> None:
    """Only true, explained warnings: Google recommends dateModified (the seeds give none), and
    the seeds give no url/sameAs for Anya Sharma or Hideyuki Okano; organizations' logos are
    information (the desk has no licence to use them)."""
    found = validate_site(load_site(EXAMPLE), now=NOW)
    assert not [d for d in found if d.severity is Severity.ERROR]
    assert codes(found) == [
        ("GGL101", "archyde-interview-anya-sharma.md", 2),
        ("GGL101", "archyde-stem-cell-breakthrough-spinal-cord.md", 2),
        ("GGL101", "nhk-ips-cells-spinal-cord-recovery.md", 2),
        ("GGL130", "archyde.yaml", 3),
        ("GGL130", "christopher-and-dana-reeve-foundation.yaml", 4),
        ("GGL130", "keio-university.yaml", 4),
        ("GGL130", "national-spinal-cord-injury-statistical-center.yaml", 4),
        ("GGL130", "nhk-world-japan.yaml", 3),
        ("PUB107", "anya-sharma.yaml", 4),
        ("PUB107", "hideyuki-okano.yaml", 4),
    ]
    assert {d.severity for d in found if d.code == "GGL130"} == {Severity.INFO}


@pytest.fixture(scope="module")
def built_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example") / "site"
    assert main(["build", str(EXAMPLE), "--out", str(out)]) == 0
    return out


def test_our_built_pages_check_without_errors(built_example: Path) -> None:
    for profiles in (("schemaorg", "google"), ("publisher",)):
        result = check_paths([str(built_example)], Recipe(profiles, None, ()), jobs=1, now=NOW)
        pages = len(list(built_example.rglob("*.html")))
        assert result.files == pages >= 18 and result.found == pages  # every page carries JSON-LD
        assert not [d for d in result.diagnostics if d.severity is Severity.ERROR], result.diagnostics
    result = check_paths([str(built_example)], Recipe(("schemaorg", "google"), None, ()), jobs=1, now=NOW)
    assert sorted({d.code for d in result.diagnostics}) == ["GGL101", "GGL130"]


def test_complete_site_builds_and_checks_clean(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", str(SITES / "complete"), "--out", str(out)]) == 0
    result = check_paths([str(out)], Recipe(("publisher",), None, ()), jobs=1, now=NOW)
    assert result.diagnostics == []


# --- validate ----------------------------------------------------------------------------------------

def test_validate_exit_statuses(tmp_path: Path) -> None:
    assert main(["validate", str(EXAMPLE)]) == 0
    assert main(["validate", str(EXAMPLE), "--strict"]) == 1  # it has warnings
    assert main(["validate", str(SITES / "study-status")]) == 1
    assert main(["validate", str(tmp_path / "nowhere")]) == 2


def test_validate_reports_the_site_profile_file_problem(tmp_path: Path) -> None:
    site = tmp_path / "s"
    (site / "content").mkdir(parents=True)
    (site / "publisher.toml").write_text(
        '[site]\ntitle = "T"\nbase_url = "https://t.example/"\n\n[validate]\nprofiles = ["nope.toml"]\n')
    result = run("validate", str(site))
    assert result.returncode == 2
    assert "CFG002" in result.stderr and "profile 'nope.toml' not found" in result.stderr
    assert "Traceback" not in result.stderr
    (site / "bad.toml").write_text('name = "x"\n[[rules]]\nkind = "present"\ncode = "X"\n')
    (site / "publisher.toml").write_text(
        '[site]\ntitle = "T"\nbase_url = "https://t.example/"\n\n[validate]\nprofiles = ["bad.toml"]\n')
    result = run("validate", str(site))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert run("build", str(site), "--out", str(tmp_path / "o")).returncode == 2


def test_validate_profile_option_and_formats(tmp_path: Path) -> None:
    site = str(SITES / "missing-required")
    result = run("validate", site, "--profile", "schemaorg")
    assert result.returncode == 0 and "No problems found." in result.stdout
    report = tmp_path / "r.sarif"
    result = run("validate", site, "--format", "sarif", "--output", str(report))
    assert result.returncode == 1 and result.stdout == ""
    sarif = json.loads(report.read_text())
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == {"GGL101", "PUB101"}
    junit = run("validate", site, "--format", "junit")
    assert junit.returncode == 1 and junit.stdout.startswith('<?xml version="1.0"')
    assert 'name="' in junit.stdout and "PUB101" in junit.stdout
    github = run("validate", site, "--format", "github")
    assert "::error file=" in github.stdout and ",title=PUB101 error::" in github.stdout


def test_build_stops_on_profile_errors(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build", str(SITES / "study-status"), "--out", str(out))
    assert result.returncode == 1
    assert "PUB106" in result.stderr and "Build stopped" in result.stderr
    assert not out.exists()
    assert run("build", str(SITES / "study-status"), "--out", str(out), "--force").returncode == 0


# --- check --------------------------------------------------------------------------------------------

def test_check_exit_statuses_and_text(tmp_path: Path) -> None:
    assert main(["check", str(PAGES / "good-yoast-news.html")]) == 0
    assert main(["check", str(PAGES / "bad-formats.jsonld")]) == 1
    assert main(["check", str(PAGES / "bad-empty-blocks.html")]) == 0  # warnings only
    assert main(["check", str(PAGES / "bad-empty-blocks.html"), "--strict"]) == 1
    assert main(["check", str(tmp_path / "missing.html")]) == 2
    assert main(["check", str(PAGES / "good-yoast-news.html"), "--profile", "nope"]) == 2
    assert main(["check"]) == 2
    result = run("check", str(PAGES / "bad-invalid-file.jsonld"))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].endswith(
        "bad-invalid-file.jsonld:5:3: CHK001 error: invalid JSON: expecting ',' delimiter")
    assert "Traceback" not in result.stdout + result.stderr


def test_check_stdin_html_and_json() -> None:
    html = (PAGES / "bad-breadcrumbs.html").read_text()
    result = run("check", "-", stdin=html)
    assert result.returncode == 1
    assert "<stdin>:5:36: GGL110 error" in result.stdout
    result = run("check", "-", stdin='{"@context": "https://schema.org", "@type": "Persn", "name": "x"}')
    assert result.returncode == 1 and "<stdin>:1:45: SDO101 error" in result.stdout


def test_check_config_and_profiles(tmp_path: Path) -> None:
    page = str(PAGES / "bad-publisher-policy.html")
    assert main(["check", page]) == 0  # schemaorg + google: warnings only
    assert main(["check", page, "--profile", "publisher"]) == 1
    config = tmp_path / "publisher.toml"
    config.write_text('[validate]\nprofiles = ["publisher"]\nseverity = { PUB101 = "off", PUB102 = "off", '
                      'PUB103 = "off", PUB104 = "off", PUB105 = "off", PUB106 = "off", PUB108 = "off" }\n')
    assert main(["check", page, "--config", str(config)]) == 0
    (tmp_path / "broken.toml").write_text("[validate\n")
    assert main(["check", page, "--config", str(tmp_path / "broken.toml")]) == 2
    result = run("check", page, "--config", str(tmp_path / "broken.toml"))
    assert "Traceback" not in result.stderr and "--config" in result.stderr


def test_check_folder_parallel_equals_serial(built_example: Path) -> None:
    serial = check_paths([str(PAGES), str(built_example)], Recipe(("publisher",), None, ()), jobs=1, now=NOW)
    parallel = check_paths([str(PAGES), str(built_example)], Recipe(("publisher",), None, ()), jobs=2, now=NOW)
    assert serial.files == parallel.files > 60
    assert serial.diagnostics == parallel.diagnostics
    assert serial.found == parallel.found


def test_check_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    result = check_paths([str(PAGES)], Recipe(("publisher",), None, ()), jobs=1, now=NOW)
    assert any(d.code == "CHK003" for d in result.diagnostics)  # remote contexts: reported, not fetched


def test_check_hostile_nesting_is_a_diagnostic_not_a_crash(tmp_path: Path) -> None:
    head = '<script type="application/ld+json">'
    pages = {
        "arrays.html": head + "[" * 50000 + "]" * 50000 + "</script>",
        "nodes.html": head + '{"@context": "https://schema.org", "@type": "Thing", "subjectOf": '
        + '{"@type": "CreativeWork", "about": ' * 400 + "1" + "}" * 400 + "}</script>",
        "values.html": head + '{"@context": "https://schema.org", "@type": "Thing", "name": '
        + "[" * 900 + "1" + "]" * 900 + "}</script>",
        "microdata.html": '<div itemscope itemtype="https://schema.org/Thing">'
        + '<div itemprop="subjectOf" itemscope>' * 300 + "</div>" * 301,
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text)
    result = run("check", str(tmp_path))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    assert "arrays.html:1:36: CHK001 error: invalid JSON: nested too deeply to read" in result.stdout
    assert "nodes.html:1:" in result.stdout and "CHK006" in result.stdout


def test_check_help_has_examples() -> None:
    for command in ("check", "validate"):
        result = run(command, "--help")
        assert result.returncode == 0 and "Examples:" in result.stdout
