"""Run the corpus and print what each case reports, in the manifest's notation.

    .venv/bin/python -m tests.validate.corpus_tool            # every case
    .venv/bin/python -m tests.validate.corpus_tool pages/bad-formats.jsonld

Used to review a new case's diagnostics before writing them into ``corpus/expected.toml``;
the test compares the two exactly.
"""

from __future__ import annotations

import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

from publisher.diagnostics import Diagnostic

CORPUS = Path(__file__).resolve().parent / "corpus"
MANIFEST = CORPUS / "expected.toml"
NOW = datetime(2026, 6, 1, tzinfo=UTC)  # "today" for the not-in-the-future rules
DEFAULT_PAGE_PROFILES = ("schemaorg", "google")


def manifest() -> dict[str, dict[str, object]]:
    return tomllib.loads(MANIFEST.read_text(encoding="utf-8"))


def run_case(name: str, spec: dict[str, object]) -> list[Diagnostic]:
    from publisher.validate.check import check_file
    from publisher.validate.profiles import load_ruleset

    path = CORPUS / name
    profiles = tuple(spec.get("profiles", DEFAULT_PAGE_PROFILES))  # type: ignore[arg-type]
    if name.startswith("sites/"):
        from publisher.site import load_site
        from publisher.validate.site import validate_site

        site = load_site(path)
        return validate_site(site, now=NOW)
    ruleset = load_ruleset(profiles)
    diagnostics, _ = check_file(str(path), ruleset, NOW)
    return sorted(diagnostics, key=Diagnostic.sort_key)


def notation(name: str, diagnostics: list[Diagnostic]) -> list[str]:
    """``CODE@line`` for a page; ``CODE@file:line`` (file relative to the site) for a site."""
    root = CORPUS / name
    out = []
    for d in diagnostics:
        if name.startswith("sites/"):
            relative = Path(d.path).resolve().relative_to(root.resolve()).as_posix()
            out.append(f"{d.code}@{relative}:{d.line}")
        else:
            out.append(f"{d.code}@{d.line}")
    return sorted(out)


def main(argv: list[str]) -> None:
    cases = manifest()
    names = argv or sorted(cases)
    for name in names:
        spec = cases.get(name, {})
        got = notation(name, run_case(name, spec))
        print(f'["{name}"]')
        if "profiles" in spec:
            print(f"profiles = {list(spec['profiles'])!r}".replace("'", '"'))  # type: ignore[call-overload]
        print("expect = [" + ", ".join(f'"{g}"' for g in got) + "]")
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
