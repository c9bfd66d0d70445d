"""``python -m benchmarks --quick`` runs end to end, so the runner cannot rot.

No test here asserts a time: the figures are reported by ``make bench``, not tested.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_run_writes_the_table(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--sizes", "8", "--work", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| measure | articles | publisher |" in done.stdout
    report = json.loads((tmp_path / "run" / "report.json").read_text(encoding="utf-8"))
    measured = {figure["what"] for figure in report["figures"]}
    assert {"cold build", "build peak memory", "rebuild after one edit", "validate",
            "check (all rules)", "rebuild under serve (edit to new output)"} <= measured
    for figure in report["figures"]:
        if figure["what"] in ("cold build", "validate", "rebuild after one edit",
                              "rebuild under serve (edit to new output)"):
            assert figure["ours"] and figure["ours"] > 0
    assert (tmp_path / "run" / "report.md").read_text(encoding="utf-8").startswith("Run of ")
