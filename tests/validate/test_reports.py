"""Machine reports: SARIF 2.1.0 (validated against the schema), JUnit XML, GitHub annotations."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from publisher.diagnostics import Diagnostic, Severity
from publisher.report import FORMATS, ReportContext, render
from publisher.report.github import annotation
from publisher.report.sarif import artifact_location
from publisher.validate.profiles import load_ruleset, used_codes

from .corpus_tool import CORPUS

SCHEMA = Path(__file__).resolve().parent.parent / "fixtures" / "sarif-schema-2.1.0.json"

DIAGNOSTICS = [
    Diagnostic("SDO102", Severity.ERROR, "unknown property 'datepublished'", "site/content/a.md", 4, 1,
               "/datepublished", "did you mean datePublished?"),
    Diagnostic("GGL101", Severity.WARNING, "NewsArticle has no image, which Google recommends",
               "site/content/a.md", 2, 1),
    Diagnostic("GGL130", Severity.INFO, "Organization 'A, B & C' has no logo: 100% <sure>",
               "dir with space/ü.yaml", 3, 7),
    Diagnostic("ACME101", Severity.ERROR, "a site's own code", "/tmp/elsewhere/x.html", 10, 2),
]


def context(**extra: object) -> ReportContext:
    ruleset = load_ruleset(("publisher",))
    return ReportContext(command="check", rules=used_codes(ruleset), codes=ruleset.codes, **extra)


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, object]:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def test_formats_registered() -> None:
    assert {"text", "json", "sarif", "junit", "github"} <= set(FORMATS)


def test_sarif_validates_against_the_schema(sarif_schema: dict[str, object]) -> None:
    document = json.loads(render(DIAGNOSTICS, "sarif", context()))
    jsonschema.validate(document, sarif_schema)
    run = document["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert {"SDO102", "GGL101", "PUB101", "ACME101"} <= set(rules)
    assert rules["SDO102"]["helpUri"].endswith("/docs/rules/SDO102.md")
    assert rules["SDO102"]["defaultConfiguration"]["level"] == "error"
    assert rules["GGL101"]["defaultConfiguration"]["level"] == "warning"
    levels = [r["level"] for r in run["results"]]
    assert levels == ["error", "warning", "note", "error"]
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    location = run["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "site/content/a.md", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 4, "startColumn": 1}
    assert run["results"][2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "dir%20with%20space/%C3%BC.yaml")


def test_sarif_of_a_real_check_validates(sarif_schema: dict[str, object]) -> None:
    from publisher.validate.check import Recipe, check_paths

    result = check_paths([str(CORPUS / "pages")], Recipe(("schemaorg", "google"), None, ()), jobs=1)
    assert result.diagnostics
    document = json.loads(render(result.diagnostics, "sarif", context()))
    jsonschema.validate(document, sarif_schema)
    assert len(document["runs"][0]["results"]) == len(result.diagnostics)


def test_sarif_empty_run_validates(sarif_schema: dict[str, object]) -> None:
    document = json.loads(render([], "sarif", context()))
    jsonschema.validate(document, sarif_schema)
    assert document["runs"][0]["results"] == []


def test_artifact_locations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert artifact_location(str(tmp_path / "a" / "b.html")) == {"uri": "a/b.html", "uriBaseId": "%SRCROOT%"}
    assert artifact_location("./a/b.html")["uri"] == "a/b.html"
    outside = artifact_location("/elsewhere/x.html")
    assert outside == {"uri": "file:///elsewhere/x.html"}
    assert artifact_location("<stdin>") == {"uri": "stdin"}


def test_junit_parses_and_counts() -> None:
    text = render(DIAGNOSTICS, "junit", ReportContext(command="validate",
                                                       checked=("site/content/a.md", "site/content/b.md")))
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert set(cases) == {"site/content/a.md", "site/content/b.md", "dir with space/ü.yaml",
                          "/tmp/elsewhere/x.html"}
    assert suite.get("tests") == "4" and suite.get("failures") == "2"
    failure = cases["site/content/a.md"].find("failure")
    assert failure is not None and "SDO102" in failure.get("type", "")
    assert "site/content/a.md:4:1: SDO102 error" in (failure.text or "")
    assert "GGL101 warning" in (failure.text or "")  # the case lists every diagnostic of its file
    assert cases["site/content/b.md"].find("failure") is None  # a clean file passes
    info_only = cases["dir with space/ü.yaml"]
    assert info_only.find("failure") is None and info_only.find("system-out") is not None


def test_junit_strict_fails_on_warnings() -> None:
    warning = [DIAGNOSTICS[1]]
    relaxed = ET.fromstring(render(warning, "junit", ReportContext()))
    strict = ET.fromstring(render(warning, "junit", ReportContext(strict=True)))
    assert relaxed.get("failures") == "0" and strict.get("failures") == "1"


def test_github_annotations_are_escaped() -> None:
    line = annotation(DIAGNOSTICS[2])
    assert line.startswith("::notice file=dir with space/ü.yaml,line=3,col=7,title=GGL130 info::")
    assert "100%25 <sure>" in line
    multi = annotation(DIAGNOSTICS[0])
    assert multi.startswith("::error ") and "%0Ahint: did you mean datePublished?" in multi
    weird = Diagnostic("X", Severity.WARNING, "m", "a,b:c.html", 1, 1)
    assert "file=a%2Cb%3Ac.html" in annotation(weird)
    text = render(DIAGNOSTICS, "github", ReportContext())
    assert text.splitlines()[-1].startswith("Found 2 errors, 1 warning")


def test_json_report_has_every_field() -> None:
    data = json.loads(render(DIAGNOSTICS[:1], "json", ReportContext(command="check")))
    assert data["command"] == "check"
    assert data["diagnostics"][0] == {
        "code": "SDO102", "severity": "error", "message": "unknown property 'datepublished'",
        "path": "site/content/a.md", "line": 4, "column": 1, "pointer": "/datepublished",
        "hint": "did you mean datePublished?",
    }
