"""Limits on what the reader accepts; a site can raise them in ``[limits]`` of publisher.toml."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 1_048_576  # 1 MiB per record file
    max_depth: int = 32  # nesting of mappings and sequences
    max_nodes: int = 50_000  # YAML nodes after alias expansion, per file
    max_records: int = 200_000  # records per site
    max_page_bytes: int = 33_554_432  # 32 MiB per page or JSON-LD file that `check` reads

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


DEFAULT_LIMITS = Limits()
