"""The validation corpus: every case's diagnostics, exactly (code and line).

Each case in ``corpus/expected.toml`` is a page (``pages/...``, checked like ``publisher check``)
or a site (``sites/...``, validated like ``publisher validate``), with the exact list of
diagnostics expected: ``CODE@line`` for pages, ``CODE@file:line`` for sites. Cases named
``good-*`` (and the site ``complete``) are valid markup: they expect no error at all.
"""

from __future__ import annotations

import pytest

from .corpus_tool import CORPUS, manifest, notation, run_case

CASES = manifest()


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 60
    on_disk = {f"pages/{p.name}" for p in (CORPUS / "pages").iterdir()}
    on_disk |= {f"sites/{p.name}" for p in (CORPUS / "sites").iterdir() if p.is_dir()}
    assert on_disk == set(CASES), "every fixture has an entry in expected.toml, and the reverse"


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(name: str) -> None:
    spec = CASES[name]
    got = notation(name, run_case(name, spec))
    assert got == sorted(spec["expect"])
    if "/good-" in name or name == "sites/complete":
        assert not any(entry.split("@")[0] in ERROR_CODES for entry in got), "valid markup, no errors"


def _error_codes() -> set[str]:
    from publisher.diagnostics import Severity
    from publisher.validate.profiles import catalogue

    return {code for code, info in catalogue().items() if info.severity is Severity.ERROR}


ERROR_CODES = _error_codes()
