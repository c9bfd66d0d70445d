"""The linked-data benchmark's measurements run, and report the median of their runs with every
run beside it (``benchmarks/rdf_bench.py``). No time is asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import rdf_bench
from tests.conftest import generated_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_corpus(tmp_path_factory, "rdf-bench", 8, 0)


def test_an_export_is_measured_as_the_median_of_its_runs(corpus: Path, tmp_path: Path) -> None:
    result = rdf_bench.one("nt", corpus, tmp_path / "export.nt", runs=3)
    assert len(result["runs_seconds"]) == 3
    assert sorted(result["runs_seconds"])[1] == pytest.approx(result["seconds"], abs=0.001)
    assert result["triples"] > 0 and result["bytes"] > 0
    assert result["triples"] == (tmp_path / "export.nt").read_bytes().count(b"\n")


def test_push_and_the_bulk_load_are_medians_of_runs_into_new_stores(corpus: Path, tmp_path: Path) -> None:
    if rdf_bench.oxigraph_binary() is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    result = rdf_bench.push_bench(corpus, tmp_path, runs=2)
    pushed, bulk = result["first_push_jobs4"], result["bulk_post"]
    assert len(pushed["runs_seconds"]) == 2 and len(bulk["runs_seconds"]) == 2
    assert len(result["first_push_jobs1"]["runs_seconds"]) == 1
    # every run went into a new store: each put every triple, and a second push put nothing
    assert pushed["triples"] == bulk["quads"] > 0
    assert result["second_push_jobs4"]["graphs_put"] == 0
    assert result["push_vs_bulk"] > 0
