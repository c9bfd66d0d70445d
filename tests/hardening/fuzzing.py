"""Shared settings of the hardening fuzzers.

In CI every property test runs a fixed, derandomized budget (the same examples each run, so CI is
never flaky). For a bigger hunt, locally:

    PUBLISHER_FUZZ=50 PUBLISHER_FUZZ_RANDOM=1 .venv/bin/python -m pytest tests/hardening -k fuzz

``PUBLISHER_FUZZ`` multiplies every test's number of examples; ``PUBLISHER_FUZZ_RANDOM=1`` draws
new examples each run (and keeps the ones that fail in .hypothesis/, as hypothesis does). A
failure found this way becomes an ``@example`` beside its property.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FACTOR = max(1, int(os.environ.get("PUBLISHER_FUZZ", "1")))
RANDOM = os.environ.get("PUBLISHER_FUZZ_RANDOM", "") not in ("", "0")


def budget(examples: int) -> settings:
    return settings(
        max_examples=examples * FACTOR,
        deadline=None,
        derandomize=not RANDOM,
        database=None if not RANDOM else settings.default.database,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                               HealthCheck.data_too_large, HealthCheck.large_base_example],
        print_blob=True,
    )


# Text that can be a value of a record: any Unicode but the characters publisher rejects (C0
# controls but tab and line feed, U+FFFE/U+FFFF, surrogates) and CR (which HTML turns into LF).
_FORBIDDEN = "".join(chr(c) for c in range(0x20) if c not in (0x09, 0x0A)) + "\r\ufffe\uffff"
HOSTILE = ["</script", "</script>", "</SCRIPT >", "<script>", "<!--", "-->", "<!-- <script>", "\u2028",
           "\u2029", "]]>", "&amp;", "&lt;", "&", "<", ">", "'", '"', "\\", "\\u003c", "{{ x }}", "{% raw %}",
           "<img src=x onerror=alert(1)>", "javascript:alert(1)", "\u0085", "\u200b", "\ufeff", "𝕏", "é"]
characters = st.characters(blacklist_categories=("Cs",), blacklist_characters=_FORBIDDEN)
texts = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(characters, max_size=12)), min_size=1,
                 max_size=6).map("".join).map(str.strip).filter(bool)


def write_records(root: Path, records: dict[str, dict[str, Any]], body: str = "") -> Path:
    """A site at ``root``: ``publisher.toml`` (the tests' basic config) and each record as YAML
    (front matter plus ``body`` for Markdown files), escaped to ASCII so any text survives (not
    ``tests.conftest.write_site``, which dedents: that would change text made of spaces)."""
    from tests.conftest import BASIC_CONFIG

    root.mkdir(parents=True)
    (root / "publisher.toml").write_text(BASIC_CONFIG)
    for name, data in records.items():
        text = yaml.safe_dump(data, allow_unicode=False, sort_keys=False, width=10_000)
        if name.endswith(".md"):
            text = f"---\n{text}---\n{body}"
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root
