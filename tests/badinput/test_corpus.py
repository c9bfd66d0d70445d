"""Run the bad-input corpus (cases.yaml) against every command that reads a site or a page.

A *site case* is a small site; it runs against ``validate``, ``build``, ``export`` and ``push``
(``--store DIR``, the embedded store), and its built pages (``build --force``) against ``check``.
A *page case* is an HTML or JSON-LD file of its own, run against ``check``.

Each case must give its diagnostics (code, file, line) and exit status, never a traceback, and
never leave partial output: a failed build leaves the previous site exactly as it was, a failed
export leaves no file (and no temporary file), a failed push leaves the store exactly as it was.
Whatever a site says, the pages a forced build writes are well-formed: a browser's parser finds
only the JSON-LD scripts publisher wrote, each valid JSON, and no link to a script URL; ``check``
finds nothing wrong with their structure.
"""

from __future__ import annotations

import json
import os
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from publisher.cli import cli
from publisher.codes import CODES

from ..conftest import BASIC_CONFIG

CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text())
SITE_CASES = [c for c in CASES if "pages" not in c]
PAGE_CASES = [c for c in CASES if "pages" in c]
ALL_SITE_COMMANDS = ("validate", "build", "export", "push", "check")

# A complete site for the profile cases: each record carries what the `publisher` profile asks
# for, so a case's own file is the only thing wrong. (Warnings remain: GGL101 dateModified, ...)
COMPLETE = {
    "content/organizations/desk.yaml": (
        "type: NewsMediaOrganization\nname: Test Desk\nurl: https://test.example/\n"
        "logo:\n  type: ImageObject\n  url: https://test.example/static/logo.png\n  width: 512\n"
        "  height: 512\n"
    ),
    "content/organizations/lab.yaml": "type: ResearchOrganization\nname: The Lab\nurl: https://lab.example/\n",
    "content/people/reporter.yaml": (
        "type: Person\nname: Rita Porter\njobTitle: Health correspondent\nworksFor: organizations/desk\n"
        "url: https://test.example/people/reporter/\n"
    ),
    "content/conditions/sci.yaml": "type: MedicalCondition\nname: Spinal cord injury\n",
    "content/studies/trial.yaml": (
        "type: MedicalTrial\nname: A trial\nsponsor: organizations/lab\nstatus: ResultsAvailable\n"
        "healthCondition: conditions/sci\n"
    ),
    "content/articles/story.md": (
        "---\ntype: NewsArticle\nheadline: A story\ndatePublished: 2025-03-21T10:00:00+09:00\n"
        "dateModified: 2025-03-22T10:00:00+09:00\nauthor: people/reporter\npublisher: organizations/desk\n"
        "about: studies/trial\nimage:\n  type: ImageObject\n  url: https://test.example/static/lead.jpg\n"
        "  width: 1200\n  height: 675\n---\nThe body.\n"
    ),
}


def has_command(name: str) -> bool:
    return name in cli.commands


def commands(case: dict[str, Any]) -> tuple[str, ...]:
    return tuple(case.get("commands", ALL_SITE_COMMANDS))


def config_of(case: dict[str, Any]) -> str:
    config = case.get("config", BASIC_CONFIG)
    profiles = case.get("profiles", ["publisher"] if case.get("base") == "complete" else None)
    if profiles is not None and not config.startswith("@"):
        config = config.replace("profiles = []", f"profiles = {json.dumps(profiles)}")
    return config


def write_files(case: dict[str, Any], root: Path, base: Path) -> None:
    for name, text in case.get("files", {}).items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for name, data in case.get("bytes", {}).items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes.fromhex(data))
    for name, (prefix, chunk, count, *suffix) in case.get("repeat", {}).items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(prefix + chunk * count + (suffix[0] if suffix else "\n"))
    for name, target in case.get("symlinks", {}).items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if target == "@outside":
            outside = root / "outside.yaml"
            outside.write_text("type: Organization\nname: Secret\n")
            target = str(outside)
        os.symlink(target, path)


def materialize(case: dict[str, Any], root: Path) -> Path:
    site = root / "site"
    site.mkdir()
    config = config_of(case)
    if config.startswith("@bytes:"):
        (site / "publisher.toml").write_bytes(bytes.fromhex(config[7:]))
    elif config != "@none":
        (site / "publisher.toml").write_text(config)
    if case.get("base") == "complete":
        for name, text in COMPLETE.items():
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_text(text)
    write_files(case, root, site)
    return site


def found(report: dict[str, Any]) -> set[tuple[str, str, int]]:
    return {
        (d["code"], Path(d["path"]).name if d["path"] != "." else ".", d["line"])
        for d in report["diagnostics"]
    }


def parse_text_diagnostics(output: str) -> set[tuple[str, str, int]]:
    out = set()
    for line in output.splitlines():
        parts = line.split(": ", 2)
        if len(parts) >= 2 and parts[0].count(":") >= 2:
            location, rest = parts[0], parts[1]
            path, line_no, _ = location.rsplit(":", 2)
            if not line_no.isdigit():
                continue
            code = rest.split()[0]
            out.add((code, Path(path).name if path != "." else ".", int(line_no)))
    return out


def invoke(*args: str) -> Result:
    """Run a command in process; it must end with an exit status, never an exception."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{args[0]} raised {result.exception!r}"
    )
    assert "Traceback" not in result.output
    return result


def assert_reported(case: dict[str, Any], output: str) -> None:
    diagnostics = parse_text_diagnostics(output)
    for code, name, line in case["expect"]:
        assert (code, name, line) in diagnostics, (code, name, line, output)


def needs(case: dict[str, Any], command: str) -> None:
    if command not in commands(case):
        pytest.skip(f"the case is not run against {command}")
    if not has_command(command):
        pytest.skip(f"publisher.cli has no `{command}` command yet")


# --- validate ------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", SITE_CASES, ids=[c["name"] for c in SITE_CASES])
def test_validate(case: dict[str, Any], tmp_path: Path) -> None:
    needs(case, "validate")
    site = materialize(case, tmp_path)
    result = invoke("validate", str(site), "--format", "json")
    assert result.exit_code == case["exit"], result.output
    if case["exit"] == 2:
        diagnostics = parse_text_diagnostics(result.output)
    else:
        diagnostics = found(json.loads(result.stdout))
    for code, name, line in case["expect"]:
        assert (code, name, line) in diagnostics, diagnostics
    if not case["expect"]:  # nothing from reading, modelling or linking (nor a profile's error)
        assert not [d for d in diagnostics if d[0] != "SRC011" and d[0] in CODES], diagnostics
    if case["exit"] == 0 and case.get("base") == "complete":
        report = json.loads(result.stdout)
        assert not [d for d in report["diagnostics"] if d["severity"] == "error"]


# --- build ---------------------------------------------------------------------------------------

def previous_output(root: Path) -> Path:
    out = root / "out"
    out.mkdir()
    (out / ".publisher-output").write_text("previous build\n")
    (out / "index.html").write_text("previous site")
    return out


@pytest.mark.parametrize("case", SITE_CASES, ids=[c["name"] for c in SITE_CASES])
def test_build(case: dict[str, Any], tmp_path: Path) -> None:
    needs(case, "build")
    site = materialize(case, tmp_path)
    out = previous_output(tmp_path)
    result = invoke("build", str(site), "--out", str(out))
    assert result.exit_code == case["exit"], result.output
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    assert leftovers == []
    if case["exit"] != 0:
        assert sorted(p.name for p in out.iterdir()) == [".publisher-output", "index.html"]
        assert (out / "index.html").read_text() == "previous site"
        assert_reported(case, result.output)
    else:
        assert (out / "index.html").read_text() != "previous site"  # well-formed: test_check_built_pages


def assert_well_formed(out: Path) -> None:
    """Every page parses, as a browser parses it, into what publisher meant to write: its JSON-LD
    scripts (valid JSON, a @graph) and no other script, no event handler, no script URL."""
    from html5lib import parse

    pages = sorted(out.rglob("*.html"))
    assert pages
    for page in pages:
        tree = parse(page.read_bytes(), namespaceHTMLElements=False)
        scripts = [e for e in tree.iter() if e.tag == "script"]
        assert len(scripts) == 1, page
        assert scripts[0].get("type") == "application/ld+json"
        document = json.loads(scripts[0].text)
        assert isinstance(document["@graph"], list)
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            assert element.tag not in ("iframe", "object", "embed", "style", "base", "form"), page
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), (page, name)
                if name in ("href", "src"):
                    assert value == "" or value.startswith(("/", "#", "http://", "https://")), (page, value)


# --- export --------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", SITE_CASES, ids=[c["name"] for c in SITE_CASES])
def test_export(case: dict[str, Any], tmp_path: Path) -> None:
    needs(case, "export")
    import pyoxigraph as ox

    site = materialize(case, tmp_path)
    target = tmp_path / "graph" / "site.nq"
    result = invoke("export", str(site), "--out", str(target))
    assert result.exit_code == case["exit"], result.output
    if case["exit"] != 0:
        assert not target.parent.exists() or list(target.parent.iterdir()) == []
        assert_reported(case, result.output)
    else:
        assert [p.name for p in target.parent.iterdir()] == ["site.nq"]
        quads = list(ox.parse(target.read_bytes(), format=ox.RdfFormat.N_QUADS))
        assert quads


# --- push ----------------------------------------------------------------------------------------

BASELINE = {"content/organizations/before.yaml": "type: Organization\nname: Before\n"}


@cache
def baseline_store(root: str) -> tuple[Path, dict[str, bytes], bytes]:
    """A store that already holds a site (pushed once per worker): its files and its quads."""
    base = Path(root)
    site = base / "baseline-site"
    shutil.rmtree(base, ignore_errors=True)
    site.mkdir(parents=True)
    (site / "publisher.toml").write_text(BASIC_CONFIG)
    for name, text in BASELINE.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text)
    store = base / "store"
    result = invoke("push", str(site), "--store", str(store))
    assert result.exit_code == 0, result.output
    return store, files_of(store), dump(store)


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def dump(store: Path) -> bytes:
    import pyoxigraph as ox

    opened = ox.Store.read_only(str(store))
    return b"".join(sorted(str(q).encode() + b"\n" for q in opened))


@pytest.mark.parametrize("case", SITE_CASES, ids=[c["name"] for c in SITE_CASES])
def test_push(case: dict[str, Any], tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    needs(case, "push")
    base, files, quads = baseline_store(str(tmp_path_factory.getbasetemp() / "push-baseline"))
    store = tmp_path / "store"
    shutil.copytree(base, store)
    site = materialize(case, tmp_path)
    result = invoke("push", str(site), "--store", str(store))
    assert result.exit_code == case["exit"], result.output
    if case["exit"] != 0:
        assert files_of(store) == files  # not opened, not a byte changed
        assert_reported(case, result.output)
    else:
        assert dump(store) != quads


# --- check, on the pages a forced build writes ---------------------------------------------------

STRUCTURAL = {"CHK001", "CHK002", "CHK004", "CHK005", "CHK006", "CHK007", "CHK010", "CHK012"}


@pytest.mark.parametrize("case", SITE_CASES, ids=[c["name"] for c in SITE_CASES])
def test_check_built_pages(case: dict[str, Any], tmp_path: Path) -> None:
    needs(case, "check")
    site = materialize(case, tmp_path)
    out = tmp_path / "out"
    built = invoke("build", str(site), "--out", str(out), "--force")
    if built.exit_code != 0:
        assert case["exit"] == 2 or "TPL001" in built.output, built.output
        return
    assert_well_formed(out)
    result = invoke("check", str(out), "--config", str(site / "publisher.toml"), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    codes = {d["code"] for d in report["diagnostics"]}
    assert not codes & STRUCTURAL, report["diagnostics"]
    for code in case.get("check_codes", []):
        assert code in codes, report["diagnostics"]


# --- check, on pages of its own ------------------------------------------------------------------

@pytest.mark.parametrize("case", PAGE_CASES, ids=[c["name"] for c in PAGE_CASES])
def test_check_pages(case: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    pages = {**case.get("pages", {})}
    write_files({"files": {k: v for k, v in pages.items() if isinstance(v, str)},
                 "bytes": case.get("bytes", {}), "repeat": case.get("repeat", {})}, tmp_path, folder)
    args = ["check", *(str(folder / name) for name in sorted({*pages, *case.get("bytes", {}),
                                                              *case.get("repeat", {})}))]
    args += case.get("args", [])
    result = invoke(*args, "--format", "json")
    assert result.exit_code == case["exit"], result.output
    if case["exit"] == 2:
        return
    diagnostics = found(json.loads(result.stdout))
    for code, name, line in case["expect"]:
        assert (code, name, line) in diagnostics, diagnostics
    for code in case.get("absent", []):
        assert code not in {d[0] for d in diagnostics}, diagnostics


def test_corpus_size() -> None:
    assert len(CASES) >= 100
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names))
    assert len(SITE_CASES) >= 100 and len(PAGE_CASES) >= 20
