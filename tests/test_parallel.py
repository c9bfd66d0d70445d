"""Reading and validating over several processes gives what one process gives, in the same order."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from publisher import parallel
from publisher.site import load_site
from publisher.validate.site import site_ruleset, validate_site

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import corpus  # noqa: E402


def test_split_keeps_order_and_covers_everything() -> None:
    items = list(range(10))
    for parts in (1, 2, 3, 4, 10, 20):
        shares = parallel.split(items, parts)
        assert [x for share in shares for x in share] == items
        assert max(map(len, shares)) - min(map(len, shares)) <= 1


def test_reading_gives_one_share_per_process_this_one_the_largest() -> None:
    from publisher.site import _shares

    files = list(range(1000))
    for jobs in (2, 3, 4):
        shares = _shares(files, jobs)
        # one share per process (each extra share would be one more process on the same cores)
        assert len(shares) == jobs
        assert [x for share in shares for x in share] == files
        assert len(shares[0]) > len(files) // jobs >= max(map(len, shares[1:])) - 1
    assert _shares(files, 1) == [files]
    assert _shares(files[:1], 2) == [files[:1]]


def test_fork_map_returns_results_in_order() -> None:
    offset = 100  # seen by the children through fork, never pickled
    got = parallel.fork_map(lambda share: [x + offset for x in share], parallel.split(list(range(7)), 3), 3)
    assert got == [[100, 101, 102], [103, 104], [105, 106]]
    assert parallel.fork_map(len, ["ab", "c"], 1) == [2, 1]


def test_a_process_beside_others_works_alone() -> None:
    """A build's check, forked beside its render workers, splits no further (unless told to)."""
    def in_child(part: int) -> tuple[int, int, int]:
        if part == 0:  # fork_map runs the first part in this process: leave it as it is
            return 0, 0, 0
        before = parallel.auto_jobs(10**6)
        parallel.beside_others()
        return before, parallel.auto_jobs(10**6), parallel.auto_jobs(10**6, 3)

    # the second share runs in a forked child, so this process keeps its own setting
    _, (before, alone, told) = parallel.fork_map(in_child, [0, 1], 2)
    assert (before, alone, told) == (parallel.cores(), 1, 3)
    assert parallel.auto_jobs(10**6) == parallel.cores()


def test_an_error_in_a_child_is_raised_here() -> None:
    def fail(share: list[int]) -> int:
        if share == [2]:
            raise ValueError("part two")
        return 0

    with pytest.raises(ValueError, match="part two"):
        parallel.fork_map(fail, [[1], [2]], 2)


def test_a_child_error_carries_its_traceback() -> None:
    def fail(share: list[int]) -> int:
        if share == [2]:
            raise KeyError("part two")
        return 0

    with pytest.raises(KeyError) as raised:
        parallel.fork_map(fail, [[1], [2]], 2)
    assert any("in a worker process" in note and "KeyError" in note for note in raised.value.__notes__)


def test_a_child_that_dies_or_cannot_send_is_a_worker_failure() -> None:
    def die(part: int) -> int:
        if part == 1:
            os._exit(3)  # killed, say: nothing is sent
        return part

    with pytest.raises(parallel.WorkerFailed, match="ended before its work was done"):
        parallel.fork_map(die, [0, 1], 2)

    def unpicklable(part: int) -> object:
        return (lambda: part) if part == 1 else part

    with pytest.raises(parallel.WorkerFailed, match="failed"):
        parallel.fork_map(unpicklable, [0, 1], 2)


def test_children_are_reaped_and_the_next_call_works() -> None:
    children = []
    for _ in range(3):
        got = parallel.fork_map(lambda part: (part * 2, os.getpid()), [1, 2, 3], 3)
        assert [double for double, _pid in got] == [2, 4, 6]
        children += [pid for _double, pid in got[1:]]
    parallel._reap_all()  # what the end of the process does
    for pid in children:  # none is left, not even as a zombie
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_a_call_inside_a_part_runs_in_order() -> None:
    inner = parallel.fork_map(lambda part: parallel.fork_map(lambda x: (x, os.getpid()), [1, 2], 2), [0, 1], 2)
    for pids in inner:
        assert pids[0][1] == pids[1][1]  # the inner parts ran in one process


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parallel") / "site"
    corpus.generate(60, root)
    # one record that is wrong, so that diagnostics come from every stage
    (root / "content" / "people" / "bad.yaml").write_text("type: Person\nname: [\n", encoding="utf-8")
    (root / "content" / "people" / "no-type.yaml").write_text("name: No Type\n", encoding="utf-8")
    # and a profile rule reached only through a reference from one share into another: the
    # first article's sole author, a person read in the last share, with a title in the name
    (root / "content" / "people" / "zz-only-once.yaml").write_text(
        "type: Person\nname: Dr. Only Once\nurl: https://example.org/only-once\n", encoding="utf-8")
    first = sorted((root / "content" / "articles").iterdir())[0]
    text, count = re.subn(r"^author: .*$", "author: [people/zz-only-once]",
                          first.read_text(encoding="utf-8"), flags=re.M)
    assert count == 1
    first.write_text(text, encoding="utf-8")
    return root


def test_parallel_reading_and_validating_give_the_same_result(
    site_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 10**9)
    one = load_site(site_dir)
    alone = validate_site(one, ruleset=site_ruleset(one))
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    two = load_site(site_dir)
    shared = validate_site(two, ruleset=site_ruleset(two))
    # loaded by two processes: the same records, models (made again here on first use), links
    # and diagnostics, in the same order
    assert one.diagnostics == two.diagnostics and one.diagnostics and one.links == two.links
    assert list(one.records) == list(two.records)
    for ref, record in one.records.items():
        other = two.records[ref]
        assert (record.raw, record.jsonld, record.id) == (other.raw, other.jsonld, other.id)
        assert record.model == other.model
    assert any(record.model is None for record in two.records.values())
    assert alone == shared and alone
    assert "GGL105" in {d.code for d in shared}


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1e3"])
def test_a_bad_min_parallel_setting_is_an_error_not_a_crash(value: str, tmp_path: Path) -> None:
    import os
    import subprocess

    env = {**os.environ, "PUBLISHER_MIN_PARALLEL": value}
    done = subprocess.run([sys.executable, "-m", "publisher", "validate", str(ROOT / "examples" / "ips-spinal-cord")],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == f"Error: PUBLISHER_MIN_PARALLEL must be a whole number of 1 or more, not {value!r}"
    assert done.stdout == ""


def test_a_good_min_parallel_setting_is_read() -> None:
    assert parallel._min_parallel("") == 1000
    assert parallel._min_parallel("7") == 7


def test_spare_keeps_objects_in_a_child_only() -> None:
    """In a forked child, spared objects stay referenced until it leaves; elsewhere nothing is kept."""
    import sys as system

    marker = object()
    before = system.getrefcount(marker)
    parallel.spare(marker)
    assert system.getrefcount(marker) == before  # not in a child: nothing kept

    def in_child(_: int) -> int:
        thing = object()
        count = system.getrefcount(thing)
        parallel.spare(thing)
        return system.getrefcount(thing) - count

    assert parallel.fork_map(in_child, [0, 1], 2) == [0, 1]  # this process's part; the child's


def test_a_large_outcome_comes_back_whole_and_leaves_no_file_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """A child's outcome goes into an in-memory file (a pipe would make it wait for this process
    to read each 64 KiB); without ``memfd_create`` it goes through the pipe. Either way it comes
    back whole, and no descriptor is left open."""
    def big(part: int) -> list[str]:
        return [f"{part}-{index}-" + "x" * 90 for index in range(50_000)]  # about 5 MB pickled

    expected = [big(0), big(1), big(2)]
    descriptors = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    assert parallel.fork_map(big, [0, 1, 2], 3) == expected
    monkeypatch.delattr(os, "memfd_create", raising=False)  # as where there is none
    assert parallel.fork_map(big, [0, 1, 2], 3) == expected
    if descriptors is not None:
        assert len(os.listdir("/proc/self/fd")) == descriptors
    assert not parallel.Forked._OPEN


def test_spill_hands_a_childs_bytes_to_this_process() -> None:
    """A part's text written a chunk at a time, by a forked child (mapped here) or by this process
    (kept in memory), reads back as the chunks joined; an empty part as no bytes."""
    from publisher.render.spill import Spill

    chunks = [b"abc" * 50_000, memoryview(b"-" * 70_000), b"", b"end\n"]
    whole = b"".join(bytes(chunk) for chunk in chunks)
    with Spill(3) as spill:
        sizes = parallel.fork_map(lambda index: spill.write(index, chunks if index < 2 else []), [0, 1, 2], 3)
        assert sizes == [len(whole), len(whole), 0]
        got = [spill.get(index, size) for index, size in enumerate(sizes)]
    assert [bytes(data) for data in got] == [whole, whole, b""]
    assert isinstance(got[0], bytes)  # this process's own part never went through the file
