"""Work split over forked processes that meet between rounds.

:func:`publisher.parallel.fork_map` runs one function per part and sends back each result. Some
work needs to meet half-way: ``validate`` reads and models each part's records in its own process,
then every part needs to know which records the whole site has (to link them) before it checks
its own. With :func:`fork_rounds` each part calls ``swap(value)`` where it needs the others; this
process (which works on the first part) gathers every part's value, works out each part's reply
and sends it back, and the parts go on where they stopped. A part's records stay in its process:
only the values, the replies and the results are pickled.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from publisher.parallel import WorkerFailed, WorkerLost

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["Meet", "Swap", "WorkerFailed", "WorkerLost", "fork_rounds"]

Swap = Callable[[Any], Any]
"""``swap(value)``: hand ``value`` to the meeting of this round; returns this part's reply."""
Meet = Callable[[int, list[Any]], Sequence[Any]]
"""``meet(round, values)``: every part's value of the round (in part order) -> each part's reply."""


def fork_rounds(work: Callable[[T, Swap], R], parts: Sequence[T], meet: Meet) -> list[R]:
    """``[work(part, swap) for part in parts]``, all parts at once: the first in this process, each
    other in a forked child (the caller has checked that forking is possible: see
    :func:`publisher.parallel.can_fork`).

    Every part must call ``swap`` the same number of times. At the n-th call, ``swap`` waits until
    all parts have made theirs; ``meet(n, values)``, run here, gives the replies. With one part
    nothing is forked.
    """
    if len(parts) == 1:
        rounds = _Rounds(meet, [])
        return [work(parts[0], rounds.swap)]
    context = multiprocessing.get_context("fork")
    links: list[Connection] = []
    children = []
    try:
        for part in parts[1:]:
            mine, theirs = context.Pipe()
            child = context.Process(target=_child, args=(work, part, theirs, list(links)), daemon=True)
            child.start()
            theirs.close()
            links.append(mine)
            children.append(child)
        rounds = _Rounds(meet, links)
        first = work(parts[0], rounds.swap)
        results = [first, *(_receive(link, "done") for link in links)]
    except BaseException:
        for child in children:
            if child.is_alive():
                child.terminate()
        raise
    finally:
        for link in links:
            link.close()
        for child in children:
            child.join()
    return results


class _Rounds:
    """This process's ``swap``: gathers the values of a round and sends out the replies."""

    def __init__(self, meet: Meet, links: list[Connection]) -> None:
        self.meet = meet
        self.links = links
        self.count = 0

    def swap(self, value: Any) -> Any:
        values = [value, *(_receive(link, "value") for link in self.links)]
        replies = self.meet(self.count, values)
        self.count += 1
        for link, reply in zip(self.links, replies[1:], strict=True):
            link.send(reply)
        return replies[0]


def _child(work: Callable[[T, Swap], Any], part: T, link: Connection, inherited: list[Connection]) -> None:
    for other in inherited:  # the other children's pipes, opened before this one was forked
        other.close()

    def swap(value: Any) -> Any:
        link.send(("value", value))
        return link.recv()

    try:
        result = work(part, swap)
    except BaseException:  # handed to the first process, which raises it
        link.send(("error", traceback.format_exc()))
        return
    link.send(("done", result))


def _receive(link: Connection, expected: str) -> Any:
    try:
        kind, payload = link.recv()
    except EOFError:
        raise WorkerLost("a worker process ended before its work was done") from None
    if kind == "error":
        raise WorkerFailed(f"a worker process failed:\n{payload}")
    if kind != expected:
        raise WorkerFailed(f"a worker process sent {kind!r} where {expected!r} was due")
    return payload
