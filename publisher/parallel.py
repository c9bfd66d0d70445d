"""Work split over forked processes that share this process's memory as it was when they forked.

A forked child sees every object of its parent (the loaded site, the rule set) without pickling
it; only each part's result comes back, pickled. This process works on the first part itself
while the children do the rest. Where ``fork`` is not available, or one job is asked for,
everything runs here, in order: results are the same either way, and in the same order.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import mmap
import multiprocessing
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar, Generic, NoReturn, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.context import BaseContext

T = TypeVar("T")
R = TypeVar("R")

SETTING = "PUBLISHER_MIN_PARALLEL"
_DEFAULT_MIN_PARALLEL = 1000


def min_parallel_problem(text: str) -> str | None:
    """What is wrong with ``text`` as :data:`SETTING` (the command line stops on it), or ``None``."""
    if text and (not text.strip().isdecimal() or int(text) < 1):
        return f"{SETTING} must be a whole number of 1 or more, not {text!r}"
    return None


def _min_parallel(text: str) -> int:
    # a bad value: the default here (the command line has said so already, see cli.main)
    return int(text) if text and min_parallel_problem(text) is None else _DEFAULT_MIN_PARALLEL


# Below this many units of work (files, records, items) a process costs more than it saves: on
# two cores, a site of 1,000 articles is read, checked and exported about a tenth faster in two
# processes, one of 500 about as fast, with a quarter more CPU time (forking is cheap: see
# fork_map). ``PUBLISHER_MIN_PARALLEL`` in the environment changes it (e.g. 1 to try the
# parallel paths).
MIN_PARALLEL = _min_parallel(os.environ.get(SETTING, ""))


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


def fork_map(function: Callable[[T], R], parts: Sequence[T], jobs: int) -> list[R]:
    """``[function(part) for part in parts]``, the parts after the first in forked children
    (:class:`Forked`), this process working on the first meanwhile.

    No process pool: a pool's start (its threads, its task queue) and its end cost tens of
    milliseconds a call, for processes that each run one task. A part that raises in a child
    raises here. A call made inside a part runs its parts in order.
    """
    global _IN_PART
    if jobs <= 1 or len(parts) <= 1 or _IN_PART or not can_fork():
        return [function(part) for part in parts]
    children: list[Forked[R]] = []
    _IN_PART = True
    try:
        for part in parts[1:]:
            children.append(Forked(function, part))
        first = function(parts[0])
        return [first, *(child.result() for child in children)]
    finally:
        _IN_PART = False
        for child in children:  # what is left after an error: stop it
            child.cancel()


_IN_PART = False


class Forked(Generic[R]):
    """``function(argument)`` computed in a forked child while this process goes on.

    The child is a bare ``fork``: it sends its outcome back pickled and leaves (``os._exit``: no
    exit handler, no flush of the buffers it inherited). :meth:`result` waits for the outcome and
    returns the result, or raises the child's exception with its traceback added as a note
    (:class:`WorkerFailed` when the child died or its outcome cannot be pickled). The caller has
    checked that forking is possible (:func:`can_fork`).

    The outcome goes into an anonymous in-memory file made before the fork (``memfd_create``),
    and a pipe only says that it is there: a pipe holds 64 KiB, so a child sending megabytes
    through one waits for this process to read each piece, which it does only once its own part
    is done (21 MB of a large site's records: 30 to 45 ms of waiting). Without ``memfd_create``
    (or where it fails) the outcome goes through the pipe.
    """

    _OPEN: ClassVar[set[int]] = set()  # this process's ends of the children running: a new child closes them

    def __init__(self, function: Callable[[T], R], argument: T) -> None:
        read, write = os.pipe()
        spill = _memory_file()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child (coverage does not follow a fork)
            _child(function, argument, read, write, spill, list(Forked._OPEN))
        os.close(write)
        Forked._OPEN.update((read, spill) if spill >= 0 else (read,))
        self._pid, self._read, self._spill = pid, read, spill

    def result(self) -> R:
        """The child's result (or its exception, raised), once it has sent it; once only."""
        if not self._pid:
            raise RuntimeError("the result was taken, or the child stopped")
        pid, self._pid = self._pid, 0
        with os.fdopen(self._read, "rb") as pipe:
            data = pipe.read()
        _reap(pid)
        try:
            if data == _IN_SPILL:
                size = os.fstat(self._spill).st_size
                with mmap.mmap(self._spill, size, prot=mmap.PROT_READ) as view:
                    return _outcome(view)
            return _outcome(data)
        finally:
            self._close()

    def cancel(self) -> None:
        """Stop the child if its result was not taken (nothing happens otherwise)."""
        if self._pid:
            pid, self._pid = self._pid, 0
            os.close(self._read)
            self._close()
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)

    def _close(self) -> None:
        Forked._OPEN.discard(self._read)
        if self._spill >= 0:
            Forked._OPEN.discard(self._spill)
            os.close(self._spill)
            self._spill = -1


_SPARED: list[object] | None = None  # in a forked child: what it need not free (see spare)


def spare(*objects: object) -> None:
    """In a forked child (:class:`Forked`), keep ``objects`` until the child leaves: it leaves with
    ``os._exit``, which frees nothing, so dropping the last reference to a large structure there
    costs its freeing for nothing (a part of an export: tens of thousands of strings, 10 ms).
    Anywhere else, nothing happens."""
    if _SPARED is not None:
        _SPARED.extend(objects)


def _memory_file() -> int:
    """A new anonymous in-memory file, or -1 where none can be made (not Linux, or refused)."""
    try:
        return os.memfd_create("publisher-outcome", os.MFD_CLOEXEC)
    except (AttributeError, OSError):
        return -1


def write_at(fd: int, data: bytes | memoryview, offset: int) -> int:
    """Write all of ``data`` into file ``fd`` at ``offset`` (``pwrite`` may write less at a time);
    the offset after it."""
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        offset, view = offset + written, view[written:]
    return offset


# What the pipe says when the outcome is in the child's in-memory file (a pickle never is this).
_IN_SPILL = b"spill"


def _child(function: Callable[[T], R], argument: T, read: int, write: int, spill: int,
           others: list[int]) -> NoReturn:  # pragma: no cover - runs in the child
    global _SPARED
    _SPARED = []
    status = 1
    try:
        os.close(read)
        for fd in others:
            os.close(fd)
        try:
            outcome: tuple[Any, ...] = ("done", function(argument))
        except BaseException as exc:  # handed to the parent, which raises it
            outcome = ("error", exc, traceback.format_exc())
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception (or a result) pickle cannot write: say what happened
            data = pickle.dumps(("failed", traceback.format_exc() if outcome[0] == "done" else outcome[2]))
        if spill >= 0:
            with contextlib.suppress(OSError):  # out of memory for it, say: the pipe, then
                write_at(spill, data, 0)
                data = _IN_SPILL
        with os.fdopen(write, "wb") as out:
            out.write(data)
        status = 0
    finally:
        os._exit(status)


def _outcome(data: bytes | mmap.mmap) -> Any:
    """What a child sent (:func:`_child`): its result, or its exception raised here."""
    if not data:
        raise WorkerLost("a worker process ended before its work was done")
    try:
        outcome = pickle.loads(data)
    except Exception as exc:  # e.g. an exception class whose arguments do not make it again
        raise WorkerFailed(f"a worker process's outcome could not be read: {exc}") from None
    if outcome[0] == "done":
        return outcome[1]
    if outcome[0] == "error":
        error: BaseException = outcome[1]
        error.add_note(f"in a worker process:\n{outcome[2]}")
        raise error
    raise WorkerFailed(f"a worker process failed:\n{outcome[1]}")


_EXITING: list[int] = []  # children that sent their outcome and are still leaving


def _reap(pid: int) -> None:
    """Reap ``pid`` if it has ended, else later: a child that has sent its outcome may still be
    giving its memory back (a copy of a large site's takes ~20 ms), which need not be waited for.
    The others left from earlier calls are reaped now, and all of them when this process ends."""
    _EXITING.append(pid)
    for child in list(_EXITING):
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(child, os.WNOHANG)[0] == 0:
                continue
        _EXITING.remove(child)


@atexit.register
def _reap_all() -> None:
    while _EXITING:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_EXITING.pop(), 0)


class WorkerFailed(RuntimeError):
    """A forked part ended before its work was done, or its outcome could not be sent back."""


class WorkerLost(WorkerFailed):
    """A worker process ended without a word: stopped from outside (by the system, for want of
    memory, most often), not by an error of its own."""

    cause: ClassVar[str] = "it was stopped from outside (out of memory?)"  # what to tell the user


@contextmanager
def worker_pool(jobs: int, doing: str, context: BaseContext | None = None,
                **options: Any) -> Iterator[ProcessPoolExecutor]:
    """A process pool of ``jobs`` workers (forked, unless ``context`` says otherwise; ``options``
    go to :class:`~concurrent.futures.ProcessPoolExecutor`). When the caller's work with it fails,
    what is queued is dropped, not run. A worker killed from outside fails the pool:
    :class:`WorkerLost` ("a process ``doing`` ended before its work was done"), where a
    ``multiprocessing.Pool`` would start another worker and wait for ever for the lost task."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(jobs, mp_context=context or multiprocessing.get_context("fork"),
                                 **options) as pool:
            try:
                yield pool
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    except BrokenProcessPool:
        raise WorkerLost(f"a process {doing} ended before its work was done") from None


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
