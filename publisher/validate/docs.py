"""Write ``docs/rules/``: one page per diagnostic code, and the index, from ``schemas/codes.toml``.

    python -m publisher.validate.docs            # (re)write docs/rules/ in the checkout
    python -m publisher.validate.docs --check    # exit 1 if a page is missing or out of date

The pages are generated so that the code catalogue stays the single source: SARIF's rule help and
these pages say the same thing. A test keeps them in step.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from publisher.validate.profiles import CodeInfo, catalogue

GROUPS = {
    "config": ("Settings: `publisher.toml`", "read stage, always on"),
    "source": ("Source files", "read stage, always on"),
    "model": ("Records and their model", "model stage, always on"),
    "link": ("Links between records", "link stage, always on"),
    "import": ("`publisher import`", "import, always on"),
    "build": ("`publisher build`", "build, always on"),
    "check": ("`publisher check`: extracting structured data", "check, configurable"),
    "schemaorg": ("Profile `schemaorg`: the schema.org vocabulary", "profile"),
    "google": ("Profile `google`: Google Search's guidance", "profile"),
    "publisher": ("Profile `publisher`: the newsroom policy", "profile"),
}
ORDER = list(GROUPS)
STAGE_GROUPS = {"config", "source", "model", "link", "import", "build"}


def _fence(info: CodeInfo) -> str:
    return info.example_format or ""


def page(info: CodeInfo) -> str:
    group_title, _ = GROUPS.get(info.group, (info.group, ""))
    lines = [
        f"# {info.code}: {info.title}",
        "",
        "| | |",
        "| --- | --- |",
        f"| Default severity | {info.severity.value} |",
        f"| Group | {group_title} |",
    ]
    if info.source:
        lines.append(f"| Source | <{info.source}> |")
    lines += ["", "## What", "", info.summary, "", "## Why", "", info.why, ""]
    if info.example:
        lines += ["## Example", "", f"```{_fence(info)}", info.example, "```", ""]
    lines += ["## How to fix", "", info.fix, ""]
    if info.group in STAGE_GROUPS:
        lines += [
            "## Configuration",
            "",
            "This code comes from reading the input, before any profile runs; it cannot be switched",
            "off. Errors of the read, model and link stages stop `publisher build` (unless `--force`).",
            "",
        ]
    else:
        lines += [
            "## Configuration",
            "",
            "Change its severity, or switch it off, in `publisher.toml` (or a profile's `[severity]`",
            "table); `publisher check --config publisher.toml` reads the same setting:",
            "",
            "```toml",
            "[validate]",
            f'severity = {{ {info.code} = "warning" }}   # "error", "warning", "info" or "off"',
            "```",
            "",
        ]
    lines += ["[All codes](index.md)", ""]
    return "\n".join(lines)


def index(codes: dict[str, CodeInfo]) -> str:
    lines = [
        "# Diagnostic codes",
        "",
        "Every problem publisher reports has a stable code, documented on a page of its own. Codes",
        "are grouped by where they come from; the profile codes can be switched off or given",
        'another severity (`[validate] severity = { CODE = "off" }`).',
        "",
    ]
    for group in ORDER:
        members = [info for info in codes.values() if info.group == group]
        if not members:
            continue
        title, _ = GROUPS[group]
        lines += [f"## {title}", "", "| code | severity | what |", "| --- | --- | --- |"]
        for info in members:
            lines.append(f"| [{info.code}]({info.code}.md) | {info.severity.value} | {info.title} |")
        lines.append("")
    return "\n".join(lines)


def pages() -> dict[str, str]:
    codes = catalogue()
    out = {f"{code}.md": page(info) for code, info in codes.items()}
    out["index.md"] = index(codes)
    return out


def docs_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "docs" / "rules"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the pages are current")
    parser.add_argument("--out", type=Path, default=docs_dir())
    args = parser.parse_args(argv)
    wanted = pages()
    stale = [
        name for name, text in wanted.items()
        if not (args.out / name).is_file() or (args.out / name).read_text(encoding="utf-8") != text
    ]
    extra = sorted(p.name for p in args.out.glob("*.md") if p.name not in wanted) if args.out.is_dir() else []
    if args.check:
        for name in stale:
            print(f"{args.out / name}: missing or out of date", file=sys.stderr)
        for name in extra:
            print(f"{args.out / name}: no such code", file=sys.stderr)
        return 1 if stale or extra else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (args.out / name).write_text(wanted[name], encoding="utf-8")
    for name in extra:
        (args.out / name).unlink()
    print(f"{len(stale)} page(s) written, {len(extra)} removed, in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
