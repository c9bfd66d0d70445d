"""Shared fixtures: a tiny site writer and paths to the example site and the seeds."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.netguard import no_network  # noqa: F401  (a fixture for every test)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ips-spinal-cord"
# ``../shared/seeds`` beside the checkout; a git worktree one level deeper (wt/NAME) finds it
# beside its parent folder.
SEEDS = next(
    (p / "shared" / "seeds" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared" / "seeds").is_dir()),
    ROOT.parent / "shared" / "seeds",
)

# The sites these tests write test reading, modelling, linking and building; `profiles = []` runs
# no profile rules on them (a test site's bare article has no author or image). The profiles
# are tested by tests/validate, whose sites say which profiles they use.
BASIC_CONFIG = """\
[site]
title = "Test Desk"
base_url = "https://test.example/"
language = "en"

[validate]
profiles = []
"""


def write_site(root: Path, files: dict[str, str], config: str = BASIC_CONFIG) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "publisher.toml").write_text(config)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return root


def generated_corpus(factory: pytest.TempPathFactory, name: str, articles: int, seed: int) -> Path:
    """A benchmark corpus of ``articles`` articles (for a module-scoped fixture: made once)."""
    from benchmarks.corpus import generate

    site = factory.mktemp(name) / "site"
    generate(articles, site, seed=seed)
    return site


def site_copy(corpus: Path, tmp_path: Path) -> Path:
    """A copy of ``corpus`` that a test may edit."""
    copy = tmp_path / "site"
    shutil.copytree(corpus, copy)
    return copy


@pytest.fixture
def site(corpus: Path, tmp_path: Path) -> Path:
    """A copy of the module's ``corpus`` fixture (a :func:`generated_corpus`) that a test may edit."""
    return site_copy(corpus, tmp_path)


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    def make(files: dict[str, str], config: str = BASIC_CONFIG, name: str = "site") -> Path:
        return write_site(tmp_path / name, files, config)

    return make


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not available")
    return SEEDS
