"""The CI recipes users copy: the example GitHub Actions workflow and GitLab CI job (docs/ci/), and
the pre-commit hooks (.pre-commit-hooks.yaml). Every publisher command in them runs against the
example site, and the hooks run under pre-commit itself on a sample repository."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import EXAMPLE, ROOT

GITHUB = ROOT / "docs" / "ci" / "github-actions.yml"
GITLAB = ROOT / "docs" / "ci" / "gitlab-ci.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
PUBLISHER = Path(sys.executable).with_name("publisher")


def publisher_lines(commands: list[str]) -> list[list[str]]:
    """The publisher invocations among shell commands (one per line)."""
    out = []
    for block in commands:
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] == "publisher":
                out.append(words)
    return out


def github_commands() -> tuple[dict[str, Any], list[list[str]]]:
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    return workflow, publisher_lines([step["run"] for step in steps if "run" in step])


def gitlab_commands() -> tuple[dict[str, Any], list[list[str]]]:
    config = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    return config, publisher_lines(config["structured-data"]["script"])


def run_in_site(commands: list[list[str]], site: Path) -> None:
    for words in commands:
        result = subprocess.run([sys.executable, "-m", "publisher", *words[1:]], cwd=site,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"{shlex.join(words)}: exit {result.returncode}\n{result.stdout}{result.stderr}"


def output_of(words: list[str]) -> str | None:
    return words[words.index("--output") + 1] if "--output" in words else None


def test_github_actions_workflow(tmp_path: Path) -> None:
    workflow, commands = github_commands()
    assert not str(GITHUB.relative_to(ROOT)).startswith(".github"), "an example must not run in our own CI"
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers == ["push", "pull_request"]
    assert workflow["permissions"]["security-events"] == "write"
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    assert any("pip install publisher" in step.get("run", "") for step in steps)
    uploads = [step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    sarif_files = {step["with"]["sarif_file"] for step in uploads}
    assert all(step.get("if") == "always()" for step in uploads), "reports are uploaded when checks fail"
    assert ["publisher", "validate", ".", "--format", "sarif", "--output", "publisher.sarif"] in commands
    assert sarif_files == {output_of(c) for c in commands if "sarif" in c}

    site = shutil.copytree(EXAMPLE, tmp_path / "site")
    run_in_site(commands, site)
    for name in sarif_files:
        report = json.loads((site / name).read_text(encoding="utf-8"))
        assert report["version"] == "2.1.0" and report["runs"], name
        assert report["runs"][0]["tool"]["driver"]["name"] == "publisher"


def test_gitlab_ci_job(tmp_path: Path) -> None:
    config, commands = gitlab_commands()
    job = config["structured-data"]
    assert "pip install publisher" in job["script"]
    assert job["artifacts"]["when"] == "always"
    reports = job["artifacts"]["reports"]["junit"]
    assert ["publisher", "validate", ".", "--format", "junit", "--output", "validate.xml"] in commands
    assert set(reports) == {output_of(c) for c in commands if "junit" in c}

    site = shutil.copytree(EXAMPLE, tmp_path / "site")
    run_in_site(commands, site)
    for name in reports:
        root = ET.parse(site / name).getroot()
        assert root.tag in ("testsuites", "testsuite"), name
        assert any(True for _ in root.iter("testcase")), name


def test_docs_reference_the_recipes() -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    for path in (GITHUB, GITLAB, HOOKS):
        name = str(path.relative_to(ROOT))
        assert name in text, f"docs/ci.md does not mention {name}"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("docs/ci/github-actions.yml", "docs/ci/gitlab-ci.yml", ".pre-commit-hooks.yaml",
                 "docs/shacl.md", "schemas/shacl/"):
        assert name in readme, f"README does not link {name}"


# --- pre-commit ---------------------------------------------------------------------------------


def hooks() -> dict[str, dict[str, Any]]:
    return {hook["id"]: hook for hook in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}


def test_hooks_manifest() -> None:
    found = hooks()
    assert set(found) == {"publisher-validate", "publisher-check"}
    validate, check = found["publisher-validate"], found["publisher-check"]
    assert validate["entry"] == "publisher validate" and validate["pass_filenames"] is False
    assert check["entry"] == "publisher check" and check.get("pass_filenames", True) is True
    assert all(hook["language"] == "python" for hook in found.values())


GOOD_PAGE = """<!doctype html>
<html><head><title>About</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "Organization", "name": "Spinal Cord Research Desk",
 "url": "https://ips-spinal-cord.example/", "logo": "https://ips-spinal-cord.example/logo.png"}
</script></head><body><h1>About</h1></body></html>
"""
BAD_PAGE = """<!doctype html>
<html><head><title>Profile</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "ProfilePage", "name": "A profile without its person"}
</script></head><body><h1>Profile</h1></body></html>
"""
BAD_RECORD = "---\ntype: NewsArticle\nheadline: No author, no date, no image\n---\nText.\n"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=repo,
                   check=True, capture_output=True, timeout=60)


def sample_repository(root: Path) -> Path:
    """A site's repository: the example site, a hand-written page, committed."""
    repo = shutil.copytree(EXAMPLE, root / "desk")
    (repo / "pages").mkdir()
    (repo / "pages" / "about.html").write_text(GOOD_PAGE, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "site")
    return repo


def pre_commit(repo: Path, *args: str, home: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("PRE_COMMIT", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_hooks_run_under_pre_commit(tmp_path: Path) -> None:
    """The hooks as .pre-commit-hooks.yaml defines them (entry, files, pass_filenames), run by
    pre-commit from a local config with this environment's publisher: pass on the example site and
    a good page, fail on a bad record and on a bad page."""
    repo = sample_repository(tmp_path)
    local = []
    for hook in hooks().values():
        entry = hook["entry"].replace("publisher", shlex.quote(str(PUBLISHER)), 1)
        local.append({**hook, "entry": entry, "language": "system"})
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": local}]}, sort_keys=False), encoding="utf-8")
    git(repo, "add", "-A")
    home = tmp_path / "pre-commit-home"

    passed = pre_commit(repo, "run", "--all-files", home=home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "publisher validate" in passed.stdout and "publisher check" in passed.stdout

    (repo / "content" / "articles" / "bare.md").write_text(BAD_RECORD, encoding="utf-8")
    git(repo, "add", "-A")
    failed = pre_commit(repo, "run", "publisher-validate", "--all-files", home=home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "PUB101" in failed.stdout and "content/articles/bare.md" in failed.stdout

    (repo / "content" / "articles" / "bare.md").unlink()
    (repo / "pages" / "profile.html").write_text(BAD_PAGE, encoding="utf-8")
    git(repo, "add", "-A")
    failed = pre_commit(repo, "run", "publisher-check", "--files", "pages/profile.html", "pages/about.html",
                        home=home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "GGL120" in failed.stdout and "pages/profile.html" in failed.stdout
    assert pre_commit(repo, "run", "publisher-check", "--files", "pages/about.html", home=home).returncode == 0


def checkout_snapshot(target: Path) -> Path:
    """A clean git repository with this checkout's working tree (tracked and new files), so that
    pre-commit installs exactly what is here, once (its revision does not change between runs)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, check=True, capture_output=True, timeout=60).stdout
    target.mkdir()
    for name in filter(None, listed.decode("utf-8").split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-qm", "snapshot")
    return target


@pytest.mark.slow
def test_try_repo_installs_and_runs_the_hook(tmp_path: Path) -> None:
    """``pre-commit try-repo`` on this checkout: pre-commit builds the hook's own virtualenv (pip
    installs publisher and its dependencies), then the hook passes on a good site and fails on a
    bad record. About a minute, most of it pip."""
    if shutil.which("git") is None:  # pragma: no cover
        pytest.skip("git is not installed")
    snapshot = checkout_snapshot(tmp_path / "publisher")
    repo = sample_repository(tmp_path)
    home = tmp_path / "pre-commit-home"
    passed = pre_commit(repo, "try-repo", str(snapshot), "publisher-validate", "--all-files", home=home,
                        timeout=900)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "publisher validate" in passed.stdout and "Passed" in passed.stdout

    (repo / "content" / "articles" / "bare.md").write_text(BAD_RECORD, encoding="utf-8")
    git(repo, "add", "-A")
    failed = pre_commit(repo, "try-repo", str(snapshot), "publisher-validate", "--all-files", home=home,
                        timeout=900)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "PUB101" in failed.stdout and "Failed" in failed.stdout
