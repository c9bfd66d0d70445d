"""Run a command in a fresh child process and measure its wall time and peak memory.

How peak memory is measured: the child is started with ``subprocess.Popen`` and reaped with
``os.wait4(pid)``, which returns the kernel's resource usage of *that* child (and of any
descendants it reaped itself). ``ru_maxrss`` there is the child's high-water resident set size
(KiB on Linux, bytes on macOS), kept by the kernel, so nothing is sampled and short peaks are not
missed. Unlike ``getrusage(RUSAGE_CHILDREN)``, which is the maximum over every child this
process ever waited for, ``wait4`` gives one number per run, so several runs and several tools
can be measured from the same Python process. For a tool that forks workers the number is the
largest single process, not the sum (Hugo and Pelican both build in one process; Hugo uses
goroutines, not processes).

The same ``wait4`` call gives the child's user + system CPU time (all threads). On a machine
shared with other work, wall time suffers from contention first; CPU time much less, so both are
reported: wall time is what a user waits, CPU time shows how much work the tool did.

Wall time is ``time.perf_counter`` from just before the fork to just after the reap, so it
includes process start-up (the Python interpreter for Pelican, nothing for the Go binary).
``measure`` repeats a run ``k`` times, calling ``before_each`` first (e.g. to empty the output
folder, which is not timed) and reports the median time and the largest peak RSS.

Outputs go to RAM: ``scratch_root()`` is ``/dev/shm/publisher-bench`` when ``/dev/shm`` exists
and is writable, else a folder under ``tempfile.gettempdir()``.
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SHM = Path("/dev/shm")


@dataclass(frozen=True)
class RunResult:
    """One run of a command."""

    seconds: float
    cpu_seconds: float  # user + system CPU time of the child (all its threads)
    max_rss_bytes: int
    returncode: int
    stdout: str
    stderr: str

    def check(self, what: str = "command") -> RunResult:
        if self.returncode != 0:
            tail = (self.stderr or self.stdout)[-2000:]
            raise RuntimeError(f"{what} failed with exit status {self.returncode}:\n{tail}")
        return self


@dataclass(frozen=True)
class Measurement:
    """``k`` runs of the same command."""

    runs: tuple[RunResult, ...]

    @property
    def median_seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def median_cpu_seconds(self) -> float:
        return statistics.median(r.cpu_seconds for r in self.runs)

    @property
    def min_seconds(self) -> float:
        return min(r.seconds for r in self.runs)

    @property
    def peak_rss_bytes(self) -> int:
        return max(r.max_rss_bytes for r in self.runs)

    @property
    def peak_rss_mib(self) -> float:
        return self.peak_rss_bytes / (1024 * 1024)


def _maxrss_bytes(ru_maxrss: int) -> int:
    # Linux (and the BSDs) report KiB; macOS reports bytes.
    return ru_maxrss if sys.platform == "darwin" else ru_maxrss * 1024


_REAPER = """
import os, sys
report, args = sys.argv[1], sys.argv[2:]
pid = os.fork()
if pid == 0:
    try:
        os.execvp(args[0], args)
    except OSError:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as handle:
    handle.write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
code = os.waitstatus_to_exitcode(status)
os._exit(code if code >= 0 else 128 - code)
"""


def run_once(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> RunResult:
    """Run ``cmd`` once; return its wall time, peak RSS, exit status and captured output.

    Output goes to temporary files rather than pipes, so a chatty child can never block on a
    full pipe while we wait for it, and reading it costs nothing during the timed part.
    """
    args = [os.fspath(c) for c in cmd]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".rusage") as usage:
        started = time.perf_counter()
        # The command runs under a tiny reaper that forks and execs it: on Linux a child's
        # ru_maxrss starts from the memory of the process it was forked from, so forking the
        # command straight from a large parent (pytest, the runner) would report the parent's
        # peak instead of the command's own.
        proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _REAPER, usage.name, *args],
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        seconds = time.perf_counter() - started
        fields = usage.read().split()
        max_rss_kib, cpu = (int(fields[0]), float(fields[1])) if len(fields) == 2 else (0, 0.0)
        out.seek(0)
        err.seek(0)
        return RunResult(
            seconds=seconds,
            cpu_seconds=cpu,
            max_rss_bytes=_maxrss_bytes(max_rss_kib),
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def measure(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    k: int = 3,
    before_each: Callable[[], object] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    what: str = "command",
) -> Measurement:
    """Run ``cmd`` ``k`` times (``before_each`` untimed before each run); fail on a non-zero exit."""
    if k < 1:
        raise ValueError("k must be at least 1")
    runs: list[RunResult] = []
    for _ in range(k):
        if before_each is not None:
            before_each()
        runs.append(run_once(cmd, cwd=cwd, env=env).check(what))
    return Measurement(runs=tuple(runs))


def scratch_root(name: str = "publisher-bench") -> Path:
    """A folder in RAM for benchmark inputs and outputs (``/dev/shm`` or the temp dir)."""
    in_ram = SHM.is_dir() and os.access(SHM, os.W_OK)
    root = (SHM if in_ram else Path(tempfile.gettempdir())) / name
    root.mkdir(parents=True, exist_ok=True)
    return root


def fresh_dir(path: Path) -> Path:
    """Remove ``path`` if it exists and create it empty."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def count_files(root: Path, suffix: str = ".html") -> int:
    """How many files under ``root`` end with ``suffix``."""
    return sum(1 for p in root.rglob(f"*{suffix}") if p.is_file())


def cpu_count() -> int:
    """CPUs this process may run on (what the benchmarks report as the machine's cores)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1
