"""Work in forked parts that meet between rounds (publisher.rounds), and ``validate`` built on it:
the same diagnostics as loading the whole site and validating it, however the site is split."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from publisher import parallel
from publisher import site as site_module
from publisher.rounds import Swap, WorkerFailed, fork_rounds
from publisher.site import load_site
from publisher.validate.site import config_ruleset, validate_folder, validate_site

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import corpus  # noqa: E402


def _sum_then_scale(part: list[int], swap: Swap) -> tuple[int, list[int]]:
    total = swap(sum(part))  # every part learns the sum of all parts
    scaled = [x * total for x in part]
    return total, swap(scaled)  # and then every part's scaled values, in part order


def _meet(count: int, values: list[Any]) -> list[Any]:
    if count == 0:
        return [sum(values)] * len(values)
    return [[x for value in values for x in value]] * len(values)


@pytest.mark.parametrize("parts", [[[1, 2, 3]], [[1], [2, 3]], [[1], [2], [3]]])
def test_parts_meet_and_results_come_back_in_order(parts: list[list[int]]) -> None:
    got = fork_rounds(_sum_then_scale, parts, _meet)
    assert got == [(6, [6, 12, 18])] * len(parts)


def test_each_part_gets_its_own_reply() -> None:
    def work(part: str, swap: Swap) -> str:
        return swap(part)

    assert fork_rounds(work, ["a", "b", "c"], lambda _, values: [v.upper() for v in values]) == ["A", "B", "C"]


def test_an_error_in_a_forked_part_is_raised_here() -> None:
    def work(part: int, swap: Swap) -> int:
        swap(part)
        if part == 2:
            raise ValueError("part two")
        return part

    with pytest.raises(WorkerFailed, match="ValueError: part two"):
        fork_rounds(work, [1, 2], lambda _, values: values)


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated site with a problem for every stage, and references across every split."""
    root = tmp_path_factory.mktemp("rounds") / "site"
    corpus.generate(60, root)
    content = root / "content"
    (content / "people" / "bad.yaml").write_text("type: Person\nname: [\n", encoding="utf-8")
    (content / "people" / "no-type.yaml").write_text("name: No Type\n", encoding="utf-8")
    # a duplicate (its slug names another person), a cycle, a missing and a wrong-kind reference
    person = sorted((content / "people").iterdir())[3].stem
    (content / "people" / "zz-double.yaml").write_text(
        f"type: Person\nname: Double\nslug: {person}\n", encoding="utf-8")
    (content / "organizations" / "zz-a.yaml").write_text(
        "type: Organization\nname: A\nparentOrganization: organizations/zz-b\n", encoding="utf-8")
    (content / "organizations" / "zz-b.yaml").write_text(
        "type: Organization\nname: B\nparentOrganization: organizations/zz-a\n", encoding="utf-8")
    articles = sorted((content / "articles").iterdir())
    for article, author in ((articles[0], "people/zz-only-once"), (articles[1], "people/nobody-here"),
                            (articles[2], "studies/" + sorted((content / "studies").iterdir())[0].stem)):
        text, count = re.subn(r"^author: .*$", f"author: [{author}]", article.read_text(encoding="utf-8"),
                              flags=re.M)
        assert count == 1
        article.write_text(text, encoding="utf-8")
    # reached only through a reference from the first part into the last one
    (content / "people" / "zz-only-once.yaml").write_text(
        "type: Person\nname: Dr. Only Once\nurl: https://example.org/only-once\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_validate_folder_is_validate_site_of_the_loaded_site(
    site_dir: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 10**9)
    whole = load_site(site_dir)
    expected = validate_site(whole, ruleset=config_ruleset(whole.config))
    assert {"REF001", "REF002", "REF003", "REF004", "SRC001", "MOD001", "GGL105"} <= {d.code for d in expected}

    def auto_jobs(units: int, jobs_given: int | None = None) -> int:
        return jobs

    monkeypatch.setattr(site_module, "auto_jobs", auto_jobs)
    seen: list[Sequence[Any]] = []
    original = site_module.fork_rounds

    def counting(work: Any, parts: Sequence[Any], meet: Any) -> Any:
        seen.append(parts)
        return original(work, parts, meet)

    monkeypatch.setattr(site_module, "fork_rounds", counting)
    report = validate_folder(site_dir)
    assert len(seen[0]) == jobs
    assert report.diagnostics == expected
    assert report.paths == [record.path for record in whole.records.values()]
