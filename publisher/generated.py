"""Folders of generated files kept in the repository (``schemas/jsonschema``, ``schemas/shacl``).

A generator renders ``{file name: text}``; :func:`stale_files` says which files of the folder
differ from it (or are missing, or are left over), :func:`write_all` brings the folder in line,
and :func:`generator_main` is the ``--check``/write part of each generator's command line.
"""

from __future__ import annotations

import sys
from pathlib import Path


def stale_files(folder: Path, expected: dict[str, str], suffix: str) -> list[str]:
    """Files of ``folder`` that differ from ``expected`` (or are missing, or extra ``*suffix``)."""
    stale = [name for name, text in expected.items()
             if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]
    if folder.is_dir():
        stale += sorted(p.name for p in folder.iterdir() if p.suffix == suffix and p.name not in expected)
    return stale


def write_all(folder: Path, expected: dict[str, str], suffix: str) -> list[str]:
    """Write the files of ``expected`` that differ, remove extra ``*suffix`` files; their names."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in expected.items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(name)
    for path in sorted(folder.iterdir()):
        if path.suffix == suffix and path.name not in expected:
            path.unlink()
            written.append(path.name)
    return written


def generator_main(folder: Path, expected: dict[str, str], suffix: str, check: bool, make_target: str) -> int:
    """``--check``: name each stale file and exit 1; otherwise write the folder and say what changed."""
    if check:
        stale = stale_files(folder, expected, suffix)
        for name in stale:
            print(f"{folder / name}: stale; run `make {make_target}`", file=sys.stderr)
        return 1 if stale else 0
    written = write_all(folder, expected, suffix)
    print(f"{len(written)} file(s) written to {folder}" if written else f"{folder} is up to date")
    return 0
