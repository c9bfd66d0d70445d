"""Work split over forked processes that share this process's memory as it was when they forked.

A forked child sees every object of its parent (the loaded site, the rule set) without pickling
it; only each part's result comes back, pickled. This process works on the first part itself
while the children do the rest. Where ``fork`` is not available, or one job is asked for,
everything runs here, in order: results are the same either way, and in the same order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

SETTING = "PUBLISHER_MIN_PARALLEL"
_DEFAULT_MIN_PARALLEL = 2000


def min_parallel_problem(text: str) -> str | None:
    """What is wrong with ``text`` as :data:`SETTING` (the command line stops on it), or ``None``."""
    if text and (not text.strip().isdecimal() or int(text) < 1):
        return f"{SETTING} must be a whole number of 1 or more, not {text!r}"
    return None


def _min_parallel(text: str) -> int:
    # a bad value: the default here (the command line has said so already, see cli.main)
    return int(text) if text and min_parallel_problem(text) is None else _DEFAULT_MIN_PARALLEL


# Below this many units of work (files, records, items) a process costs more than it saves;
# ``PUBLISHER_MIN_PARALLEL`` in the environment changes it (e.g. 1 to try the parallel paths).
MIN_PARALLEL = _min_parallel(os.environ.get(SETTING, ""))

_TASK: dict[str, Any] = {}


def cores() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Forking is available, and safe: no other thread is running in this process."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


_BESIDE_OTHERS = False


def beside_others() -> None:
    """This process runs beside others that keep every core busy (a build's check, forked beside
    its render workers): from now on :func:`auto_jobs` gives 1 unless told otherwise, since more
    processes here would only add their own cost (forks, work shared by the shares). For a forked
    child; never undone."""
    global _BESIDE_OTHERS
    _BESIDE_OTHERS = True


def auto_jobs(units: int, jobs: int | None = None) -> int:
    """``jobs`` if given, else one per core for work of at least :data:`MIN_PARALLEL` units
    (one after :func:`beside_others`)."""
    if jobs is not None:
        return max(1, jobs)
    if _BESIDE_OTHERS:
        return 1
    return cores() if units >= MIN_PARALLEL else 1


def split(items: Sequence[T], parts: int) -> list[Sequence[T]]:
    """``items`` in ``parts`` contiguous slices of nearly equal length (order kept)."""
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    out = []
    start = 0
    for index in range(parts):
        stop = start + size + (1 if index < extra else 0)
        out.append(items[start:stop])
        start = stop
    return out


def _run(index: int) -> Any:
    function, parts = _TASK["task"]
    return function(parts[index])


def fork_map(function: Callable[[T], R], parts: Sequence[T], jobs: int) -> list[R]:
    """``[function(part) for part in parts]``, the parts after the first in forked children."""
    if jobs <= 1 or len(parts) <= 1 or not can_fork() or "task" in _TASK:
        return [function(part) for part in parts]
    _TASK["task"] = (function, parts)
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(jobs, len(parts)) - 1 or 1) as pool:
            pending = pool.map_async(_run, range(1, len(parts)), chunksize=1)
            first = function(parts[0])
            rest = pending.get()
    finally:
        _TASK.clear()
    return [first, *rest]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bounded, allocation-heavy run.

    Loading or validating a large site allocates millions of small, long-lived objects; each full
    collection walks all of them, so collections make the run superlinear. Reference counting
    still frees what is not cyclic; the collector runs again afterwards.

    What the run allocated is then all in the youngest generation, which the first collection
    would walk (a quarter of a second at 10k records). It is moved to the oldest one instead
    (``gc.freeze`` then ``gc.unfreeze`` move lists, they walk nothing), where the next full
    collection sees it, unless objects are frozen already (this would set them free).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()
